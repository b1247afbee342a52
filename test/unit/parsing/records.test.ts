import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords, type ReadRecordsOptions } from '../../../shared/parsing/read-records.ts';
import { HeaderParser } from '../../../shared/parsing/header.ts';
import { parseCloudWatchExportLine, parseJsonLine } from '../../../shared/parsing/json-lines.ts';
import { createRecordParser, detectLayout, RecordAssembler, type FileLayout, type RecordOptions } from '../../../shared/parsing/records.ts';
import type { LogRecord, ParsedLine } from '../../../shared/parsing/types.ts';

/** Detects the layout of `lines`, then parses and joins them the way readRecords does. */
function assemble(lines: readonly string[], options: RecordOptions = {}): LogRecord[] {
  const parse = createRecordParser(detectLayout(lines, options), options);
  const assembler = new RecordAssembler(options);
  const records: LogRecord[] = [];
  lines.forEach((text, i) => {
    const done = assembler.push(i + 1, text, parse(text));
    if (done) records.push(done);
  });
  const last = assembler.flush();
  if (last) records.push(last);
  return records;
}

/** The record fields these tests look at, without the header fields. */
function shape(record: LogRecord): Pick<LogRecord, 'line' | 'lineCount' | 'message' | 'continuation'> {
  return { line: record.line, lineCount: record.lineCount, message: record.message, continuation: record.continuation };
}

const JAVA = [
  '2024-03-02 10:15:00,101 INFO [main] com.example.shop.Application: Starting Application v2.4.1 on ip-10-0-3-17 with PID 4120',
  '2024-03-02 10:15:00,388 INFO [main] com.example.shop.Application: No active profile set, falling back to default profiles: default',
  '2024-03-02 10:15:02,944 INFO [main] org.springframework.boot.web.embedded.tomcat.TomcatWebServer: Tomcat initialized with port(s): 8080 (http)',
  '2024-03-02 10:15:04,120 INFO [main] com.zaxxer.hikari.HikariDataSource: HikariPool-1 - Starting...',
  '2024-03-02 10:15:04,612 INFO [main] com.zaxxer.hikari.HikariDataSource: HikariPool-1 - Start completed.',
  '2024-03-02 10:15:06,003 INFO [main] com.example.shop.Application: Started Application in 6.2 seconds (JVM running for 7.0)',
  '2024-03-02 10:16:41,517 WARN [http-nio-8080-exec-2] com.example.shop.OrderService: order 8811 took 2410 ms to validate',
  '2024-03-02 10:16:45,202 ERROR [http-nio-8080-exec-3] com.example.shop.OrderService: failed to place order 8812',
  'java.lang.IllegalStateException: inventory for sku 55-1021 is locked',
  '\tat com.example.shop.Inventory.reserve(Inventory.java:88)',
  '\tat com.example.shop.OrderService.place(OrderService.java:41)',
  '\tat com.example.shop.OrderController.create(OrderController.java:27)',
  'Caused by: java.sql.SQLTransientException: Lock wait timeout exceeded; try restarting transaction',
  '\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:123)',
  '\tat com.mysql.cj.jdbc.ClientPreparedStatement.execute(ClientPreparedStatement.java:371)',
  '\t... 12 more',
  '2024-03-02 10:16:45,230 INFO [http-nio-8080-exec-3] com.example.shop.OrderService: order 8812 rolled back',
  '2024-03-02 10:16:50,004 INFO [http-nio-8080-exec-5] com.example.shop.OrderService: order 8813 placed for customer 4471',
  '2024-03-02 10:17:00,000 INFO [scheduling-1] com.example.shop.ReportJob: nightly report queued',
  '2024-03-02 10:17:03,871 INFO [http-nio-8080-exec-1] com.example.shop.OrderService: order 8814 placed for customer 902',
];

const PLAIN = [
  'starting backup of /data',
  'copied 1532 files',
  'skipped 3 locked files:',
  '  /data/locked/app.lock',
  '  /data/locked/db.lock',
  '  /data/locked/queue.lock',
  'disk usage is at 91 percent',
  'uploading archive part 1 of 2',
  'uploading archive part 2 of 2',
  'upload finished in 212 seconds',
  'backup complete',
];

describe('Function: detectLayout', () => {
  // form, sample, description, assumed zone
  const golden: ReadonlyArray<readonly [string, readonly string[], string, 'UTC' | undefined]> = [
    ['a Java log with a stack trace', JAVA, 'plain: iso8601 level bracket component', 'UTC'],
    [
      'Spark',
      [
        '17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi',
        '17/06/09 20:10:41 INFO storage.MemoryStore: MemoryStore started with capacity 17.7 GB',
        '17/06/09 20:10:42 INFO executor.Executor: Starting executor ID 5 on host mesos-slave-07',
        '17/06/09 20:10:44 WARN executor.Executor: Told to kill task 101 while it was already finishing',
      ],
      'plain: yy/MM/dd HH:mm:ss level component',
      'UTC',
    ],
    [
      'ISO 8601 times with an offset',
      [
        '2024-05-01T12:00:00.123+02:00 WARN worker: queue depth 1532 above soft limit 1000',
        '2024-05-01T12:00:01.002+02:00 INFO api: GET /v1/orders/8812 200 14ms',
        '2024-05-01T12:00:02.101+02:00 ERROR db: connection reset by peer',
        '2024-05-01T12:00:02.350+02:00 INFO db: reconnected to 10.0.3.7:5432',
      ],
      'plain: iso8601 level component',
      undefined,
    ],
    [
      'Common Log Format',
      [
        '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
        '10.0.0.7 - - [10/Oct/2000:13:55:40 -0700] "GET /index.html HTTP/1.0" 200 5120',
        '10.0.0.9 - alice [10/Oct/2000:13:56:02 -0700] "POST /login HTTP/1.1" 302 0',
        '192.168.1.20 - - [10/Oct/2000:13:56:15 -0700] "GET /favicon.ico HTTP/1.1" 404 209',
      ],
      'plain: column column column clf',
      undefined,
    ],
    [
      'epoch seconds after leading columns',
      [
        '2561 node-91 action start 1077804743 1 clusterAddMember  (command 1902)',
        '460 node-130 boot_cmd new 1077804750 1 Targeting domains:node-D1 and nodes:node-[40-63] child of command 2147',
        '2563 node-93 action error 1077804761 1 boot command Exited with error',
        '99001 gige7 gige.link link.up 1077804780 1 Link up on port 3',
      ],
      'plain: column column column column epoch number',
      undefined,
    ],
    [
      'a syslog time repeated after an epoch',
      [
        '1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root',
        '1131566462 2005.11.09 bn251 Nov 9 12:01:02 bn251/bn251 kernel: e1000: eth0: NIC Link is Up 1000 Mbps Full Duplex',
        '1131566480 2005.11.09 dn73 Nov 9 12:01:20 dn73/dn73 ntpd[7452]: synchronized to 10.100.18.250, stratum 3',
        '1131566510 2005.11.09 cn14 Nov 9 12:01:50 cn14/cn14 crond[2433]: (root) CMD (run-parts /etc/cron.hourly)',
      ],
      'plain: column column column syslog host component',
      undefined,
    ],
    ['lines without a header', PLAIN, 'plain', undefined],
    [
      'JSON lines',
      [
        '{"time":"2024-05-01T12:00:00Z","level":"info","msg":"started","pid":12}',
        '{"time":"2024-05-01T12:00:01Z","level":"error","msg":"failed to bind port 8080"}',
      ],
      'json-lines',
      undefined,
    ],
    ['an empty sample', [], 'plain', undefined],
  ];

  it.each(golden)('describes %s', (_form, sample, description, assumedZone) => {
    // Prepare
    const lines = [...sample];

    // Act
    const layout = detectLayout(lines, { referenceYear: 2023 });

    // Assess
    expect(layout.description).toBe(description);
    expect(layout.assumedZone).toBe(assumedZone);
  });

  it('finds the header when stack-trace lines make up most of the sample', () => {
    // Prepare: a service that fails at start-up logs a few lines, then long traces
    const frames = Array.from({ length: 12 }, (_, i) => `\tat org.springframework.beans.factory.support.Bean${i}.create(Bean${i}.java:${100 + i})`);
    const sample = [
      '2024-03-02 10:15:00,101 INFO [main] com.example.shop.Application: Starting Application v2.4.1 with PID 4120',
      '2024-03-02 10:15:03,388 ERROR [main] org.springframework.boot.SpringApplication: Application run failed',
      'org.springframework.beans.factory.BeanCreationException: Error creating bean with name dataSource',
      ...frames,
      'Caused by: java.net.ConnectException: Connection refused',
      ...frames.slice(0, 5),
      '\t... 31 more',
      '2024-03-02 10:15:03,402 INFO [main] com.zaxxer.hikari.HikariDataSource: HikariPool-1 - Shutdown initiated...',
      '2024-03-02 10:15:03,410 INFO [main] com.zaxxer.hikari.HikariDataSource: HikariPool-1 - Shutdown completed.',
    ];

    // Act
    const layout = detectLayout(sample);
    const records = assemble(sample);

    // Assess
    expect(layout.description).toBe('plain: iso8601 level bracket component');
    expect(records.map(shape)).toEqual([
      { line: 1, lineCount: 1, message: 'Starting Application v2.4.1 with PID 4120', continuation: '' },
      { line: 2, lineCount: 21, message: 'Application run failed', continuation: sample.slice(2, 22).join('\n') },
      { line: 23, lineCount: 1, message: 'HikariPool-1 - Shutdown initiated...', continuation: '' },
      { line: 24, lineCount: 1, message: 'HikariPool-1 - Shutdown completed.', continuation: '' },
    ]);
  });
});

describe('Function: createRecordParser', () => {
  const continuations: ReadonlyArray<readonly [string, string]> = [
    ['a tab-indented frame', '\tat com.example.shop.Inventory.reserve(Inventory.java:88)'],
    ['a space-indented frame', '    at com.example.shop.Inventory.reserve(Inventory.java:88)'],
    ['a cause', 'Caused by: java.sql.SQLTransientException: Lock wait timeout exceeded'],
    ['an elision', '... 12 more'],
    ['an indented elision', '\t... 12 more'],
    ['an omission', '... 3 common frames omitted'],
    ['an exception line without a header', 'java.lang.IllegalStateException: inventory for sku 55-1021 is locked'],
    ['a blank line', ''],
  ];

  it.each(continuations)('treats %s in a file with headers as a continuation', (_kind, line) => {
    // Prepare
    const parse = createRecordParser(detectLayout(JAVA));

    // Act
    const parsed = parse(line);

    // Assess
    expect(parsed).toBeUndefined();
  });

  it('parses a header line of a file with headers', () => {
    // Prepare
    const parse = createRecordParser(detectLayout(JAVA));

    // Act
    const parsed = parse(JAVA[7]!);

    // Assess
    expect(parsed).toEqual({
      timestampMs: Date.UTC(2024, 2, 2, 10, 16, 45, 202),
      level: 'ERROR',
      component: 'com.example.shop.OrderService',
      fields: { thread: 'http-nio-8080-exec-3' },
      message: 'failed to place order 8812',
      line: 0,
      lineCount: 1,
      continuation: '',
    });
  });

  it('keeps every ordinary line of a file without headers whole, and indented lines as continuations', () => {
    // Prepare
    const parse = createRecordParser(detectLayout(PLAIN));

    // Act
    const parsed = PLAIN.map((line) => parse(line));

    // Assess
    expect(parsed.map((record) => record && { ...record, line: undefined, lineCount: undefined, continuation: undefined })).toEqual([
      { message: 'starting backup of /data' },
      { message: 'copied 1532 files' },
      { message: 'skipped 3 locked files:' },
      undefined,
      undefined,
      undefined,
      { message: 'disk usage is at 91 percent' },
      { message: 'uploading archive part 1 of 2' },
      { message: 'uploading archive part 2 of 2' },
      { message: 'upload finished in 212 seconds' },
      { message: 'backup complete' },
    ]);
  });
});

describe('Class: RecordAssembler', () => {
  it('joins a Java stack trace to its ERROR line as one record', () => {
    // Prepare
    const lines = JAVA;

    // Act
    const records = assemble(lines);

    // Assess
    expect(records).toHaveLength(12);
    expect(records[7]).toEqual({
      timestampMs: Date.UTC(2024, 2, 2, 10, 16, 45, 202),
      level: 'ERROR',
      component: 'com.example.shop.OrderService',
      fields: { thread: 'http-nio-8080-exec-3' },
      message: 'failed to place order 8812',
      line: 8,
      lineCount: 9,
      continuation: [
        'java.lang.IllegalStateException: inventory for sku 55-1021 is locked',
        '\tat com.example.shop.Inventory.reserve(Inventory.java:88)',
        '\tat com.example.shop.OrderService.place(OrderService.java:41)',
        '\tat com.example.shop.OrderController.create(OrderController.java:27)',
        'Caused by: java.sql.SQLTransientException: Lock wait timeout exceeded; try restarting transaction',
        '\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:123)',
        '\tat com.mysql.cj.jdbc.ClientPreparedStatement.execute(ClientPreparedStatement.java:371)',
        '\t... 12 more',
      ].join('\n'),
    });
    expect(records[8]).toMatchObject({ line: 17, lineCount: 1, continuation: '', message: 'order 8812 rolled back' });
  });

  it('accounts for every physical line exactly once', () => {
    // Prepare
    const files = [JAVA, PLAIN];

    // Act
    const counts = files.map((lines) => assemble(lines).reduce((sum, r) => sum + r.lineCount, 0));
    const firstLines = files.map((lines) => assemble(lines).map((r) => r.line));

    // Assess
    expect(counts).toEqual([JAVA.length, PLAIN.length]);
    expect(firstLines[0]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 17, 18, 19, 20]);
    expect(firstLines[1]).toEqual([1, 2, 3, 7, 8, 9, 10, 11]);
  });

  it('joins indented lines to the line above in a file without headers', () => {
    // Prepare
    const lines = PLAIN;

    // Act
    const records = assemble(lines);

    // Assess
    expect(records.map(shape).slice(1, 4)).toEqual([
      { line: 2, lineCount: 1, message: 'copied 1532 files', continuation: '' },
      { line: 3, lineCount: 4, message: 'skipped 3 locked files:', continuation: '  /data/locked/app.lock\n  /data/locked/db.lock\n  /data/locked/queue.lock' },
      { line: 7, lineCount: 1, message: 'disk usage is at 91 percent', continuation: '' },
    ]);
  });

  it('joins a header-less line to the record above in a file with headers', () => {
    // Prepare
    const lines = [
      ...JAVA.slice(0, 6),
      '2024-03-02 10:16:41,517 INFO [main] com.example.shop.Config: effective settings:',
      'shop.currency=EUR',
      'shop.max-items=50',
      JAVA[17]!,
    ];

    // Act
    const records = assemble(lines);

    // Assess
    expect(records.map(shape).slice(6)).toEqual([
      { line: 7, lineCount: 3, message: 'effective settings:', continuation: 'shop.currency=EUR\nshop.max-items=50' },
      { line: 10, lineCount: 1, message: 'order 8813 placed for customer 4471', continuation: '' },
    ]);
  });

  it('keeps the ordinary lines of a file without headers as separate records', () => {
    // Prepare
    const lines = ['connection to remote established', 'uploading archive part 1 of 2', 'uploading archive part 2 of 2', 'backup complete'];

    // Act
    const records = assemble(lines);

    // Assess
    expect(records.map(shape)).toEqual([
      { line: 1, lineCount: 1, message: 'connection to remote established', continuation: '' },
      { line: 2, lineCount: 1, message: 'uploading archive part 1 of 2', continuation: '' },
      { line: 3, lineCount: 1, message: 'uploading archive part 2 of 2', continuation: '' },
      { line: 4, lineCount: 1, message: 'backup complete', continuation: '' },
    ]);
  });

  it('starts a new record once maxContinuationLines lines have joined one', () => {
    // Prepare
    const lines = [...JAVA.slice(7, 16), JAVA[16]!];

    // Act
    const records = assemble(lines, { maxContinuationLines: 3 });

    // Assess
    expect(records.map(shape)).toEqual([
      { line: 1, lineCount: 4, message: 'failed to place order 8812', continuation: lines.slice(1, 4).join('\n') },
      { line: 5, lineCount: 4, message: lines[4], continuation: lines.slice(5, 8).join('\n') },
      { line: 9, lineCount: 1, message: lines[8], continuation: '' },
      { line: 10, lineCount: 1, message: 'order 8812 rolled back', continuation: '' },
    ]);
  });

  it('stops keeping continuation text past maxContinuationChars but still counts the lines', () => {
    // Prepare
    const lines = JAVA.slice(7, 17);

    // Act
    const [record] = assemble(lines, { maxContinuationChars: 40 });

    // Assess
    expect(record).toMatchObject({ line: 1, lineCount: 9 });
    expect(record!.continuation).toBe(lines.slice(1, 9).join('\n').slice(0, 40));
  });

  it('yields a record for a first line that looks like a continuation', () => {
    // Prepare
    const lines = ['\tat com.example.shop.Inventory.reserve(Inventory.java:88)', ...JAVA.slice(16, 20)];

    // Act
    const records = assemble(lines);

    // Assess
    expect(records.map(shape)).toEqual([
      { line: 1, lineCount: 1, message: '\tat com.example.shop.Inventory.reserve(Inventory.java:88)', continuation: '' },
      { line: 2, lineCount: 1, message: 'order 8812 rolled back', continuation: '' },
      { line: 3, lineCount: 1, message: 'order 8813 placed for customer 4471', continuation: '' },
      { line: 4, lineCount: 1, message: 'nightly report queued', continuation: '' },
      { line: 5, lineCount: 1, message: 'order 8814 placed for customer 902', continuation: '' },
    ]);
  });

  it('joins blank lines to the record above in a file with headers, keeping them in the continuation', () => {
    // Prepare
    const lines = [JAVA[6]!, JAVA[7]!, '', JAVA[8]!, JAVA[9]!, '', '', JAVA[16]!];

    // Act
    const records = assemble(lines);

    // Assess
    expect(records.map(shape)).toEqual([
      { line: 1, lineCount: 1, message: 'order 8811 took 2410 ms to validate', continuation: '' },
      { line: 2, lineCount: 6, message: 'failed to place order 8812', continuation: `\n${JAVA[8]}\n${JAVA[9]}\n\n` },
      { line: 8, lineCount: 1, message: 'order 8812 rolled back', continuation: '' },
    ]);
  });

  it('returns nothing from flush before any line or after the last record', () => {
    // Prepare
    const assembler = new RecordAssembler();

    // Act
    const empty = assembler.flush();
    const pushed = assembler.push(1, 'backup complete', { message: 'backup complete' });
    const last = assembler.flush();
    const again = assembler.flush();

    // Assess
    expect(empty).toBeUndefined();
    expect(pushed).toBeUndefined();
    expect(last).toEqual({ message: 'backup complete', line: 1, lineCount: 1, continuation: '' });
    expect(again).toBeUndefined();
  });
});

describe('Function: readRecords', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loganomaly-read-records-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes `lines` to a fresh file in the temp dir, one per line, and returns its path. */
  async function fixture(name: string, lines: readonly string[]): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    return file;
  }

  /** Reads a whole file, keeping the batches and whether the layout was known before the first one. */
  async function readAll(file: string, options: ReadRecordsOptions = {}): Promise<{ batches: LogRecord[][]; layoutBefore: unknown; stream: ReturnType<typeof readRecords> }> {
    const stream = readRecords(file, options);
    const layoutBefore = stream.layout();
    const batches: LogRecord[][] = [];
    for await (const batch of stream.batches) batches.push(batch);
    return { batches, layoutBefore, stream };
  }

  it('reads a file as the records that assembling its lines gives, and reports its layout', async () => {
    // Prepare
    const file = await fixture('shop.log', JAVA);

    // Act
    const { batches, layoutBefore, stream } = await readAll(file);

    // Assess
    expect(layoutBefore).toBeUndefined();
    expect(batches.flat()).toEqual(assemble(JAVA));
    expect(batches.flat()[7]).toMatchObject({ line: 8, lineCount: 9, level: 'ERROR' });
    expect(stream.layout()).toMatchObject({ format: 'plain', description: 'plain: iso8601 level bracket component', assumedZone: 'UTC' });
  });

  it('detects the layout on the first sampleLines lines and parses the rest the same way', async () => {
    // Prepare
    const lines = Array.from({ length: 30 }, (_, i) => JAVA[i % JAVA.length]!);
    const file = await fixture('long.log', lines);

    // Act
    const { batches, stream } = await readAll(file, { sampleLines: 5 });
    const records = batches.flat();

    // Assess
    expect(stream.layout()?.description).toBe('plain: iso8601 level bracket component');
    expect(records.reduce((sum, r) => sum + r.lineCount, 0)).toBe(30);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28]);
    expect(records[7]).toMatchObject({ lineCount: 9, message: 'failed to place order 8812' });
    expect(records[19]).toMatchObject({ lineCount: 3, message: 'failed to place order 8812', continuation: JAVA.slice(8, 10).join('\n') });
  });

  it('reads a file without headers one record per line, continuations aside', async () => {
    // Prepare
    const file = await fixture('backup.log', PLAIN);

    // Act
    const { batches, stream } = await readAll(file);

    // Assess
    expect(batches.flat().map(shape)).toEqual(assemble(PLAIN).map(shape));
    expect(batches.flat()).toHaveLength(8);
    expect(stream.layout()).toMatchObject({ format: 'plain', description: 'plain', assumedZone: undefined });
  });

  it('reads the same records with messagesOnly, their times and lines, with no level, component or fields', async () => {
    // Prepare
    const file = await fixture('shop-messages.log', JAVA);

    // Act
    const full = (await readAll(file)).batches.flat();
    const messages = (await readAll(file, { messagesOnly: true })).batches.flat();

    // Assess
    const kept = (r: LogRecord) => ({ ...shape(r), timestampMs: r.timestampMs });
    expect(messages.map(kept)).toEqual(full.map(kept));
    expect(full.some((r) => r.level !== undefined && r.component !== undefined && r.fields !== undefined)).toBe(true);
    expect(messages.every((r) => r.level === undefined && r.component === undefined && r.fields === undefined)).toBe(true);
  });

  it('yields no records and no layout for an empty file', async () => {
    // Prepare
    const file = await fixture('empty.log', []);

    // Act
    const { batches, stream } = await readAll(file);

    // Assess
    expect(batches).toEqual([]);
    expect(stream.layout()).toBeUndefined();
  });
});

describe('Function: createRecordParser, on CloudWatch Logs exports', () => {
  it("takes the export's UTC time over a zone-less time inside the event", () => {
    // Prepare: the application wrote local time (UTC+2) without a zone; CloudWatch recorded 10:00Z.
    const sample = [
      '2024-03-01T10:00:00.000Z 2024-03-01 12:00:00 INFO api: request served in 12ms',
      '2024-03-01T10:00:01.000Z 2024-03-01 12:00:01 INFO api: request served in 15ms',
      '2024-03-01T10:00:02.000Z 2024-03-01 12:00:02 WARN api: slow request took 900ms',
    ];
    const parse = createRecordParser(detectLayout(sample));
    // Act
    const parsed = parse(sample[2]!);
    // Assess
    expect(parsed).toMatchObject({ timestampMs: Date.UTC(2024, 2, 1, 10, 0, 2), level: 'WARN', component: 'api', message: 'slow request took 900ms' });
  });
});

describe('Function: createRecordParser, its export fast path', () => {
  /** A record without its undefined fields, which createRecordParser's one shape holds and a ParsedLine leaves out. */
  function defined(record: object | undefined): object | undefined {
    return record && Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
  }

  /** The definition of an export line's record: parseCloudWatchExportLine, then the event's own reader. */
  function exportDefinition(layout: FileLayout, line: string): ParsedLine | undefined {
    const exported = parseCloudWatchExportLine(line);
    if (!exported) return undefined;
    const event = exported.event.startsWith('{') ? parseJsonLine(exported.event) : new HeaderParser(layout.header).parse(exported.event);
    return { ...(event ?? { message: exported.event }), timestampMs: exported.timestampMs };
  }

  it('gives the records parseCloudWatchExportLine and the events\' readers give, for exports plain, JSON and odd-shaped', () => {
    // Prepare
    const lines = [
      '2024-03-01T10:00:00.000Z INFO [main] api: request served in 12ms',
      '2024-03-01T10:00:00.500Z INFO [main] api: request served in 14ms',
      '2024-03-01T10:00:00.750Z INFO [main] api: request served in 9ms',
      '2024-03-01T10:00:00.900Z INFO [main] api: request served in 11ms',
      '2024-03-01T10:00:01.250Z WARN [worker-1] api: slow request took 900ms',
      '2024-03-01T10:00:02Z INFO [main] api: a time without milliseconds',
      '2024-03-01T10:00:03.123456Z INFO [main] api: a time with microseconds',
      '2024-03-01T10:00:04.000Z {"level":"error","msg":"payment declined","logger":"billing"}',
      '2024-03-01T10:00:05.000Z {not json',
      '2024-13-01T10:00:05.000Z INFO [main] api: month 13 is no export time',
      '\tat com.example.Api.serve(Api.java:12)',
      '2024-03-01T10:00:06.000Z ',
    ];
    const layout = detectLayout(lines);
    expect(layout.format).toBe('cloudwatch-export');
    const parse = createRecordParser(layout);
    // Act
    const actual = lines.map((line) => {
      const record = defined(parse(line)) as Record<string, unknown> | undefined;
      // RecordAssembler numbers the record; a JSON event's record may not carry these yet.
      if (record) {
        delete record.line;
        delete record.lineCount;
        delete record.continuation;
      }
      return record;
    });
    // Assess
    expect(actual).toEqual(lines.map((line) => defined(exportDefinition(layout, line))));
  });

  it('reads the export time as parseCloudWatchExportLine does, whatever the digits', () => {
    // Prepare: export lines with one character of the stamp replaced
    const base = '2024-02-29T23:59:59.999Z INFO [main] api: done';
    // A JSON event makes the sample an export (without one, these lines are a plain log that starts with the time).
    const layout = detectLayout([base, base, '2024-02-29T23:59:59.999Z {"msg":"done"}']);
    expect(layout.format).toBe('cloudwatch-export');
    const parse = createRecordParser(layout);
    const lines: string[] = [];
    for (let at = 0; at < 25; at++) for (const c of '0159:-.TZ x') lines.push(base.slice(0, at) + c + base.slice(at + 1));
    // Act
    const times = lines.map((line) => parse(line)?.timestampMs);
    // Assess
    expect(times).toEqual(lines.map((line) => parseCloudWatchExportLine(line)?.timestampMs));
  });

  it('takes a day that does not exist for no export time, as parseCloudWatchExportLine does: the line continues the record above', () => {
    // Prepare
    const layout = detectLayout(['2024-03-01T10:00:00.000Z INFO [main] api: up', '2024-03-01T10:00:01.000Z {"msg":"x"}']);
    const line = '2024-02-30T10:00:05.000Z INFO [main] api: 30 February';
    // Act & Assess
    expect(layout.format).toBe('cloudwatch-export');
    expect(parseCloudWatchExportLine(line)).toBeUndefined();
    expect(createRecordParser(layout)(line)).toBeUndefined();
  });
});

describe('Function: detectLayout, exports and plain logs that start with a time', () => {
  it.each([
    ['an application log whose header starts with an ISO time', ['2024-05-01T12:00:00.000Z INFO [main] api: started', '2024-05-01T12:00:01.000Z WARN [main] api: slow'], 'plain'],
    ['a CloudWatch export of a Lambda, whose events carry their own time', ['2024-03-01T12:00:00.100Z START RequestId: 8f5d Version: $LATEST', '2024-03-01T12:00:00.456Z 2024-03-01T12:00:00.455Z\t8f5d\tWARN\tRetrying'], 'cloudwatch-export'],
    ['a CloudWatch export of JSON events', ['2024-03-01T12:00:00.123Z {"level":"INFO","message":"accepted"}', '2024-03-01T12:00:01.123Z {"level":"INFO","message":"done"}'], 'cloudwatch-export'],
  ])('labels %s as %s', (_name, sample, format) => {
    expect(detectLayout(sample).format).toBe(format);
  });

  it('parses a plain log that starts with an ISO time with its header: time, level, thread and component', () => {
    const layout = detectLayout(['2024-05-01T12:00:00.000Z INFO [main] api.Orders: started', '2024-05-01T12:00:01.000Z WARN [w-1] api.Orders: slow']);
    expect(layout.description).toBe('plain: iso8601 level bracket component');
    const record = createRecordParser(layout)('2024-05-01T12:00:02.500Z ERROR [w-2] api.Orders: failed');
    expect(record).toMatchObject({ timestampMs: Date.UTC(2024, 4, 1, 12, 0, 2, 500), level: 'ERROR', component: 'api.Orders', message: 'failed' });
  });
});
