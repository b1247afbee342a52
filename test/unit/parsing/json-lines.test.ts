import { describe, expect, it } from 'vitest';
import { detectLineFormat, parseCloudWatchExportLine, parseJsonLine } from '../../../shared/parsing/json-lines.ts';
import type { Level } from '../../../shared/parsing/types.ts';

interface GoldenLine {
  source: string;
  line: string;
  message: string;
  level: Level | undefined;
  timestampMs: number | undefined;
  component: string | undefined;
}

/** One real-looking line per source, with what must come out of it. */
const GOLDEN: readonly GoldenLine[] = [
  {
    source: 'CloudWatch JSON (Powertools logger in Lambda)',
    line: '{"cold_start":true,"function_arn":"arn:aws:lambda:eu-west-1:123456789012:function:orders-api","function_memory_size":"256","function_name":"orders-api","function_request_id":"c6af9ac6-7b61-11e6-9a41-93e812345678","level":"INFO","message":"Order 1042 accepted","sampling_rate":0,"service":"orders","timestamp":"2024-03-01T12:00:00.123Z","xray_trace_id":"1-65e1c3c0-5e6f2a1b3c4d5e6f7a8b9c0d"}',
    message: 'Order 1042 accepted',
    level: 'INFO',
    timestampMs: 1709294400123,
    component: 'orders',
  },
  {
    source: 'CloudWatch JSON (Lambda JSON log format)',
    line: '{"timestamp":"2024-03-01T12:00:01.789Z","level":"ERROR","requestId":"8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b","message":"Payment provider timed out after 3000 ms"}',
    message: 'Payment provider timed out after 3000 ms',
    level: 'ERROR',
    timestampMs: 1709294401789,
    component: undefined,
  },
  {
    source: 'Fluent Bit with Kubernetes metadata',
    line: '{"date":1709294400.002,"time":"2024-03-01T11:59:59.998412345Z","stream":"stdout","_p":"F","log":"GET /api/orders/1042 200 12ms\\n","kubernetes":{"pod_name":"orders-api-7d9f8b6c5-x2x9q","namespace_name":"shop","pod_id":"0f3c1a52-8d5e-4e0b-9a55-3b1f0e6d2c11","labels":{"app":"orders-api","pod-template-hash":"7d9f8b6c5"},"host":"ip-10-0-1-23.eu-west-1.compute.internal","container_name":"orders-api","docker_id":"4a8c3e5f9b2d","container_image":"ghcr.io/acme/orders-api:1.4.2"}}',
    message: 'GET /api/orders/1042 200 12ms',
    level: undefined,
    timestampMs: 1709294399998,
    component: 'orders-api',
  },
  {
    source: 'Docker json-file',
    line: '{"log":"2024/03/01 12:00:02 [notice] 1#1: start worker processes\\n","stream":"stderr","time":"2024-03-01T12:00:02.500182736Z"}',
    message: '2024/03/01 12:00:02 [notice] 1#1: start worker processes',
    level: undefined,
    timestampMs: 1709294402500,
    component: undefined,
  },
  {
    source: 'Bunyan',
    line: '{"name":"myservice","hostname":"banana.local","pid":40161,"level":30,"msg":"start request","req_id":"7d1c4a5b","time":"2013-01-04T18:46:23.851Z","v":0}',
    message: 'start request',
    level: 'INFO',
    timestampMs: 1357325183851,
    component: 'myservice',
  },
  {
    source: 'Pino',
    line: '{"level":50,"time":1531171074631,"pid":657,"hostname":"Davids-MBP-3.fritz.box","name":"payments","err":{"type":"Error","message":"connect ECONNREFUSED 10.0.3.7:5432","stack":"Error: connect ECONNREFUSED 10.0.3.7:5432\\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)"},"msg":"database unreachable"}',
    message: 'database unreachable',
    level: 'ERROR',
    timestampMs: 1531171074631,
    component: 'payments',
  },
  {
    source: 'ECS with dotted keys (log.level)',
    line: '{"@timestamp":"2024-03-01T12:00:03.004Z","log.level":"warn","message":"Disk usage at 91% on /var/lib/data","ecs.version":"1.6.0","service.name":"storage-agent","event.dataset":"storage-agent.log","process.thread.name":"scheduler-1","log.logger":"com.acme.storage.DiskMonitor"}',
    message: 'Disk usage at 91% on /var/lib/data',
    level: 'WARN',
    timestampMs: 1709294403004,
    component: 'com.acme.storage.DiskMonitor',
  },
  {
    source: 'ECS with nested objects (log: {level})',
    line: '{"@timestamp":"2024-03-01T12:00:03.004Z","log":{"level":"ERROR","logger":"checkout"},"message":"Payment declined for order 1042","service":{"name":"shop"}}',
    message: 'Payment declined for order 1042',
    level: 'ERROR',
    timestampMs: 1709294403004,
    component: 'checkout',
  },
  {
    source: 'journald JSON export (journalctl -o json)',
    line: '{"__CURSOR":"s=6f1b2c3d;i=1a2b;b=9e8d7c6b;m=1496f4c0;t=6129a3c1e2f40;x=5c4b3a29","__REALTIME_TIMESTAMP":"1709294405250123","__MONOTONIC_TIMESTAMP":"86400123456","_BOOT_ID":"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b","PRIORITY":"3","SYSLOG_FACILITY":"4","SYSLOG_IDENTIFIER":"sshd","_PID":"48213","_COMM":"sshd-session","_SYSTEMD_UNIT":"ssh.service","_HOSTNAME":"web-1","_TRANSPORT":"syslog","MESSAGE":"error: kex_exchange_identification: Connection closed by remote host"}',
    message: 'error: kex_exchange_identification: Connection closed by remote host',
    level: 'ERROR',
    timestampMs: 1709294405250,
    component: 'sshd',
  },
  {
    source: 'logfmt inside a Docker log (Prometheus)',
    line: '{"log":"ts=2024-03-01T12:00:00.456Z caller=main.go:1012 level=info component=web msg=\\"Start listening for connections\\" address=0.0.0.0:9090\\n","stream":"stderr","time":"2024-03-01T12:00:00.789012345Z"}',
    message: 'Start listening for connections',
    level: 'INFO',
    timestampMs: 1709294400456,
    component: 'web',
  },
  {
    source: 'JSON inside a Docker log (zap, controller-runtime)',
    line: '{"log":"{\\"level\\":\\"error\\",\\"ts\\":1709294402.5,\\"logger\\":\\"controller\\",\\"msg\\":\\"Reconciler error\\",\\"error\\":\\"etcdserver: request timed out\\"}\\n","stream":"stderr","time":"2024-03-01T12:00:02.512345678Z"}',
    message: 'Reconciler error',
    level: 'ERROR',
    timestampMs: 1709294402500,
    component: 'controller',
  },
  {
    source: 'structlog (message in event)',
    line: '{"event":"user logged in","user_id":42,"level":"info","logger":"auth.views","timestamp":"2024-03-01T12:00:01.789012Z"}',
    message: 'user logged in',
    level: 'INFO',
    timestampMs: 1709294401789,
    component: 'auth.views',
  },
  {
    source: 'nginx JSON access log (no message field)',
    line: '{"time":"2024-03-01T13:00:00+01:00","remote_addr":"10.0.0.1","request":"GET /health HTTP/1.1","status":200,"body_bytes_sent":2,"http_user_agent":"kube-probe/1.29"}',
    message:
      '{"body_bytes_sent":2,"http_user_agent":"kube-probe/1.29","remote_addr":"10.0.0.1","request":"GET /health HTTP/1.1","status":200}',
    level: undefined,
    timestampMs: 1709294400000,
    component: undefined,
  },
  {
    source: 'Lambda platform event (no message field, nested object)',
    line: '{"time":"2024-03-01T12:00:00.123Z","type":"platform.start","record":{"version":"$LATEST","requestId":"c6af9ac6-7b61-11e6-9a41-93e812345678"}}',
    message: '{"record":{"requestId":"c6af9ac6-7b61-11e6-9a41-93e812345678","version":"$LATEST"},"type":"platform.start"}',
    level: undefined,
    timestampMs: 1709294400123,
    component: undefined,
  },
];

describe('Function: parseJsonLine', () => {
  it.each(GOLDEN)('reads a $source line', ({ line, message, level, timestampMs, component }) => {
    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed).toBeDefined();
    expect(parsed?.message).toBe(message);
    expect(parsed?.level).toBe(level);
    expect(parsed?.timestampMs).toBe(timestampMs);
    expect(parsed?.component).toBe(component);
  });

  it('puts untaken scalars and listed nested values into fields as strings', () => {
    // Prepare
    const line = GOLDEN.find(({ source }) => source === 'Pino')?.line ?? '';

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.fields).toEqual({
      pid: '657',
      hostname: 'Davids-MBP-3.fritz.box',
      'err.type': 'Error',
      'err.message': 'connect ECONNREFUSED 10.0.3.7:5432',
      'err.stack': 'Error: connect ECONNREFUSED 10.0.3.7:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
    });
  });

  it('keeps Kubernetes metadata and the unused time field in fields', () => {
    // Prepare
    const line = GOLDEN.find(({ source }) => source.startsWith('Fluent Bit'))?.line ?? '';

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.fields).toEqual({
      date: '1709294400.002',
      stream: 'stdout',
      _p: 'F',
      'kubernetes.namespace_name': 'shop',
      'kubernetes.pod_name': 'orders-api-7d9f8b6c5-x2x9q',
      'kubernetes.container_image': 'ghcr.io/acme/orders-api:1.4.2',
      'kubernetes.host': 'ip-10-0-1-23.eu-west-1.compute.internal',
    });
  });

  it('moves the other logfmt pairs of a logfmt message into fields', () => {
    // Prepare
    const line = GOLDEN.find(({ source }) => source.startsWith('logfmt'))?.line ?? '';

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.fields).toEqual({ stream: 'stderr', caller: 'main.go:1012', address: '0.0.0.0:9090' });
  });

  it('leaves a message with prose after a pair as written', () => {
    // Prepare
    const line = '{"log":"user=bob logged in from 10.0.0.7\\n","stream":"stdout"}';

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.message).toBe('user=bob logged in from 10.0.0.7');
    expect(parsed?.level).toBeUndefined();
  });

  it('reads a logfmt message without msg as its level plus the remaining pairs', () => {
    // Prepare
    const line = '{"log":"level=warn method=GET path=/api/orders status=503 duration=2.5s"}';

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.level).toBe('WARN');
    expect(parsed?.message).toBe('method=GET path=/api/orders status=503 duration=2.5s');
  });

  it.each([
    { value: '1709294400', expected: 1709294400000 },
    { value: '1709294400.123', expected: 1709294400123 },
    { value: '1709294400123', expected: 1709294400123 },
    { value: '1709294400123456', expected: 1709294400123 },
    { value: '1709294400123456789', expected: 1709294400123 },
    { value: '"1709294400"', expected: 1709294400000 },
    { value: '"1709294400.123"', expected: 1709294400123 },
    { value: '"1709294400123"', expected: 1709294400123 },
    { value: '"1709294400123456"', expected: 1709294400123 },
    { value: '"1709294400123999999"', expected: 1709294400123 },
  ])('reads the epoch time $value by its magnitude', ({ value, expected }) => {
    // Prepare
    const line = `{"ts":${value},"msg":"tick"}`;

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.timestampMs).toBe(expected);
  });

  it.each([
    { value: '2024-03-01T12:00:00.123', expected: 1709294400123 },
    { value: '2024-03-01 12:00:00,123', expected: 1709294400123 },
    { value: '2024-03-01T13:00:00.123+01:00', expected: 1709294400123 },
    { value: '2024-03-01T07:00:00.123-0500', expected: 1709294400123 },
    { value: '2024-03-01T17:30:00.123+05:30', expected: 1709294400123 },
    { value: '2024-03-01T12:00:00.123999999Z', expected: 1709294400123 },
    { value: '2024-03-01T12:00Z', expected: 1709294400000 },
    { value: '2024-03-01', expected: 1709251200000 },
  ])('reads the ISO 8601 time $value, as UTC when it has no zone', ({ value, expected }) => {
    // Prepare
    const line = `{"time":"${value}","msg":"tick"}`;

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.timestampMs).toBe(expected);
  });

  it('reads MongoDB extended JSON dates', () => {
    // Prepare
    const line = '{"t":{"$date":"2024-03-01T12:00:00.123+00:00"},"s":"I","c":"NETWORK","msg":"Connection accepted"}';

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.timestampMs).toBe(1709294400123);
  });

  it('skips a time field that does not read as a time and keeps its value in fields', () => {
    // Prepare
    const line = '{"time":0.25,"date":"yesterday","ts":1709294400123,"msg":"GET /health"}';

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.timestampMs).toBe(1709294400123);
    expect(parsed?.fields).toEqual({ time: '0.25', date: 'yesterday' });
  });

  it('skips a date that does not exist, as the header parser does, and keeps it in fields', () => {
    // Act
    const parsed = parseJsonLine('{"timestamp":"2024-02-31T12:00:00Z","ts":1709294400123,"msg":"x"}');
    // Assess
    expect(parsed?.timestampMs).toBe(1709294400123);
    expect(parsed?.fields).toEqual({ timestamp: '2024-02-31T12:00:00Z' });
  });

  it('reads priority as a level only in journald records', () => {
    // Prepare
    const ticket = '{"priority":3,"msg":"ticket escalated"}';
    const journald = '{"_TRANSPORT":"stdout","priority":"4","MESSAGE":"low disk space"}';

    // Act
    const ticketLine = parseJsonLine(ticket);
    const journaldLine = parseJsonLine(journald);

    // Assess
    expect(ticketLine?.level).toBeUndefined();
    expect(ticketLine?.fields).toEqual({ priority: '3' });
    expect(journaldLine?.level).toBe('WARN');
  });

  it('does not take a stream name in source for the component', () => {
    // Prepare
    const line = '{"container_name":"/web","source":"stdout","log":"ready","service":"web"}';

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.component).toBe('web');
    expect(parsed?.fields?.source).toBe('stdout');
  });

  it('skips a level field that is no known spelling and takes the next', () => {
    // Prepare
    const line = '{"level":"DEFAULT","severity":"WARNING","message":"quota at 80%"}';

    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed?.level).toBe('WARN');
    expect(parsed?.fields).toEqual({ level: 'DEFAULT' });
  });

  it('accepts surrounding whitespace and a byte-order mark', () => {
    // Prepare
    const lines = ['  {"msg":"a"}  ', '\uFEFF{"msg":"b"}', '{"msg":"c"}\r'];

    // Act
    const messages = lines.map((line) => parseJsonLine(line)?.message);

    // Assess
    expect(messages).toEqual(['a', 'b', 'c']);
  });

  it.each(['[1,2]', '"x"', '42', 'null', 'true', '[{"msg":"x"}]'])('returns undefined for the non-object JSON %s', (line) => {
    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed).toBeUndefined();
  });

  it.each([
    '{"level":"info","msg":"truncated',
    '{"msg":"trailing comma",}',
    '{not json}',
    "{'msg':'single quotes'}",
    '{"a":1} {"b":2}',
    '081109 203615 148 INFO dfs.DataNode$PacketResponder: Received block blk_38865049064139660',
    '',
  ])('returns undefined for the malformed or plain line %j', (line) => {
    // Act
    const parsed = parseJsonLine(line);

    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('Function: parseCloudWatchExportLine', () => {
  it.each([
    {
      line: '2024-03-01T12:00:00.123Z START RequestId: 8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b Version: $LATEST',
      timestampMs: 1709294400123,
      event: 'START RequestId: 8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b Version: $LATEST',
    },
    {
      line: '2024-03-01T12:00:00.456Z 2024-03-01T12:00:00.455Z\t8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b\tINFO\tOrder 1042 accepted',
      timestampMs: 1709294400456,
      event: '2024-03-01T12:00:00.455Z\t8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b\tINFO\tOrder 1042 accepted',
    },
    {
      line: '2024-03-01T12:00:01.789Z {"level":"INFO","message":"Order 1042 accepted","service":"orders"}',
      timestampMs: 1709294401789,
      event: '{"level":"INFO","message":"Order 1042 accepted","service":"orders"}',
    },
    {
      line: '2024-03-01T12:00:00Z REPORT RequestId: 8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b\tDuration: 12.34 ms',
      timestampMs: 1709294400000,
      event: 'REPORT RequestId: 8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b\tDuration: 12.34 ms',
    },
    {
      line: '2024-03-01T12:00:00.123Z   indented continuation ',
      timestampMs: 1709294400123,
      event: '  indented continuation ',
    },
  ])('splits $line into timestamp and event as logged', ({ line, timestampMs, event }) => {
    // Act
    const exported = parseCloudWatchExportLine(line);

    // Assess
    expect(exported).toEqual({ timestampMs, event });
  });

  it.each([
    '2024-03-01T12:00:00.123+00:00 START RequestId: 8f5d2a1e',
    '2024-03-01 12:00:00.123Z START RequestId: 8f5d2a1e',
    '2024-03-01T12:00:00.123ZSTART',
    '2024-13-01T12:00:00.123Z START RequestId: 8f5d2a1e',
    'START RequestId: 8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b Version: $LATEST',
    '{"level":"INFO","message":"Order 1042 accepted"}',
  ])('returns undefined for %j', (line) => {
    // Act
    const exported = parseCloudWatchExportLine(line);

    // Assess
    expect(exported).toBeUndefined();
  });
});

const JSON_LINE = '{"level":"info","ts":1709294400.123,"msg":"request served","status":200}';
const PLAIN_LINE = '2024-03-01 12:00:00,123 INFO  [main] c.a.OrderService - request served';

function mixed(jsonCount: number, plainCount: number): string[] {
  return [...Array<string>(jsonCount).fill(JSON_LINE), ...Array<string>(plainCount).fill(PLAIN_LINE)];
}

describe('Function: detectLineFormat', () => {
  it.each([
    { json: 81, plain: 19, expected: 'json-lines' },
    { json: 80, plain: 20, expected: 'json-lines' },
    { json: 79, plain: 21, expected: 'plain' },
  ])('detects $expected for $json% JSON lines', ({ json, plain, expected }) => {
    // Prepare
    const sample = mixed(json, plain);

    // Act
    const format = detectLineFormat(sample);

    // Assess
    expect(format).toBe(expected);
  });

  it('ignores blank lines when counting', () => {
    // Prepare
    const sample = [...mixed(4, 1), '', '   ', '', '\t', ''];

    // Act
    const format = detectLineFormat(sample);

    // Assess
    expect(format).toBe('json-lines');
  });

  it('detects a CloudWatch export whose events are plain text and JSON', () => {
    // Prepare
    const sample = [
      '2024-03-01T12:00:00.100Z START RequestId: 8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b Version: $LATEST',
      '2024-03-01T12:00:00.123Z {"level":"INFO","message":"Order 1042 accepted","service":"orders"}',
      '2024-03-01T12:00:00.456Z 2024-03-01T12:00:00.455Z\t8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b\tWARN\tRetrying payment',
      '2024-03-01T12:00:00.470Z END RequestId: 8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b',
      '2024-03-01T12:00:00.471Z REPORT RequestId: 8f5d2a1e-3c4b-4e6f-9a7b-1c2d3e4f5a6b\tDuration: 370.12 ms',
    ];

    // Act
    const format = detectLineFormat(sample);

    // Assess
    expect(format).toBe('cloudwatch-export');
  });

  it('detects plain text for free-text logs', () => {
    // Prepare
    const sample = [
      '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
      '081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating',
      'Mar  1 12:00:00 web-1 sshd[48213]: Accepted publickey for deploy from 10.0.0.7 port 50122 ssh2',
      '{"level":"info","msg":"one stray JSON line"}',
    ];

    // Act
    const format = detectLineFormat(sample);

    // Assess
    expect(format).toBe('plain');
  });

  it('detects plain text for an empty or blank sample', () => {
    // Act
    const formats = [detectLineFormat([]), detectLineFormat(['', '  '])];

    // Assess
    expect(formats).toEqual(['plain', 'plain']);
  });
});
