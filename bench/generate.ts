/**
 * Deterministic generator of realistic application logs for the benchmarks.
 *
 * One file format per file: an ISO 8601 timestamp, a level, a `[thread]` and a `logger:` prefix, then the
 * message. About fifty message templates from a Java order service, a Go API gateway and a syslog-ish host
 * daemon are drawn with Zipf-like frequencies, so a few templates dominate and many are rare, as in real logs.
 * A few ERROR templates are followed by a multi-line Java stack trace.
 *
 * Usage as a script: `node bench/generate.ts <out-file> (--lines N | --bytes N) [--seed N]`.
 */
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng as BaseRng, zipfCumulative } from './rng.ts';

/**
 * Version of the generated content. Bump it whenever the output changes, so cached files under `.bench/`
 * are regenerated instead of silently reused.
 */
export const GENERATOR_VERSION = 1;

/** How much to generate and from which seed. */
export interface GenerateOptions {
  /** Stop after the record that reaches this many physical lines; takes precedence over `bytes`. */
  lines?: number;
  /** Stop after the record that reaches this many bytes. */
  bytes?: number;
  /**
   * Seed of the PRNG: the same seed and size always give the same file.
   * @default 1
   */
  seed?: number;
}

/** What was written. */
export interface GenerateResult {
  /** Physical lines written, stack-trace lines included. */
  lines: number;
  /** Bytes written. */
  bytes: number;
}

/** The seedable PRNG, with the draws of this generator. */
class Rng extends BaseRng {
  /** A size such as `512KB` or `3.2MB`. */
  size(): string {
    const r = this.next();
    if (r < 0.4) return `${this.int(1, 1023)}KB`;
    if (r < 0.9) return `${this.dec(1, 900, 1)}MB`;
    return `${this.dec(1, 8, 1)}GB`;
  }
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'walter', 'deploy', 'jenkins', 'backup', 'root'];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'];
const CARRIERS = ['DHL', 'UPS', 'FedEx', 'PostNL', 'GLS'];
const WAREHOUSES = ['AMS-1', 'FRA-2', 'DUB-1', 'MAD-3'];
const TOPICS = ['orders-events', 'payments-events', 'inventory-updates', 'audit-log'];
const JOBS = ['nightly-invoice-export', 'stale-cart-cleanup', 'search-reindex', 'currency-rates-sync', 'gdpr-erasure'];
const FLAGS = ['new-checkout', 'express-shipping', 'loyalty-points', 'dark-mode', 'one-click-reorder'];
const DECLINE_REASONS = ['insufficient funds', 'card expired', 'do not honor', 'suspected fraud', '3DS authentication failed'];
const CANCEL_REASONS = ['changed my mind', 'found cheaper elsewhere', 'delivery too slow', 'ordered by mistake'];
const EMAIL_TEMPLATES = ['order-confirmation', 'shipping-notice', 'password-reset', 'weekly-digest'];
const PATHS = ['/var/data/uploads/invoices', '/var/data/uploads/avatars', '/srv/acme/exports', '/tmp/acme/import'];
const EXTENSIONS = ['pdf', 'png', 'csv', 'json', 'xlsx'];
const API_PATHS = ['/api/v1/orders', '/api/v1/customers', '/api/v1/products', '/api/v1/carts', '/api/v2/search'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const UPSTREAMS = ['orders-api', 'catalog-api', 'payments-api', 'search-api'];
const NAMESPACES = ['prod', 'prod-eu', 'staging'];
const CONFIG_FILES = ['/etc/gateway/routes.yaml', '/etc/gateway/limits.yaml', '/etc/gateway/tls.yaml'];
const OK_STATUSES = [200, 200, 200, 200, 201, 204, 304];
const ERR_STATUSES = [500, 502, 503, 504, 429];

/** One message template: its header fields and how to render its variable message. */
interface Template {
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  logger: string;
  thread: (r: Rng) => string;
  message: (r: Rng) => string;
  /** The exception this record is followed by, as a stack trace; most records have none. */
  stack?: StackSpec;
}

interface StackSpec {
  /** Share of the template's records logged with the exception; the rest are the ERROR line alone. */
  probability: number;
  exception: string;
  message: (r: Rng) => string;
  frames: readonly string[];
  cause?: { exception: string; message: (r: Rng) => string; frames: readonly string[] };
}

const httpThread = (r: Rng): string => `nio-exec-${r.int(1, 200)}`;
const workerThread = (r: Rng): string => `worker-${r.int(0, 15)}`;
const kafkaThread = (r: Rng): string => `kafka-consumer-${r.int(0, 3)}`;
const schedulerThread = (r: Rng): string => `scheduler-${r.int(1, 4)}`;
const goroutine = (r: Rng): string => `gw-${r.int(1, 8)}`;
const pid = (r: Rng): string => `${r.int(300, 32000)}`;
const main = (): string => 'main';

const ORDER_FRAMES = [
  'com.acme.orders.OrderService.process(OrderService.java:214)',
  'com.acme.orders.OrderService.lambda$submit$3(OrderService.java:162)',
  'com.acme.orders.OrderValidator.validateAddress(OrderValidator.java:88)',
  'org.springframework.transaction.support.TransactionTemplate.execute(TransactionTemplate.java:140)',
  'com.acme.orders.OrderController.create(OrderController.java:57)',
  'jdk.internal.reflect.GeneratedMethodAccessor112.invoke(Unknown Source)',
  'org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:883)',
  'org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)',
  'org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1791)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];
const DB_FRAMES = [
  'com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
  'com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)',
  'com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:128)',
  'com.acme.db.OrderRepository.save(OrderRepository.java:73)',
];
const HTTP_FRAMES = [
  'java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)',
  'java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)',
  'org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)',
  'com.acme.payments.StripeClient.authorize(StripeClient.java:121)',
  'com.acme.payments.PaymentGateway.charge(PaymentGateway.java:96)',
  'com.acme.orders.OrderService.process(OrderService.java:231)',
  'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

/**
 * The templates, most frequent first: template `k` (0-based) is drawn with weight 1 / (k + 1)^ZIPF_EXPONENT.
 * Stack-trace templates sit near the end, so multi-line records stay occasional.
 */
const TEMPLATES: readonly Template[] = [
  { level: 'INFO', logger: 'c.a.w.RequestLogger', thread: httpThread, message: (r) => `${r.ip()} "${r.pick(METHODS)} ${r.pick(API_PATHS)}/${r.int(1000, 99999)} HTTP/1.1" ${r.pick(OK_STATUSES)} ${r.int(120, 48000)} ${r.int(1, 400)}ms` },
  { level: 'INFO', logger: 'gateway.proxy', thread: goroutine, message: (r) => `${r.pick(METHODS)} ${r.pick(API_PATHS)} -> ${r.pick(UPSTREAMS)} ${r.ip()}:${r.int(8000, 8099)} status=${r.pick(OK_STATUSES)} took=${r.duration()}` },
  { level: 'INFO', logger: 'c.a.o.OrderService', thread: httpThread, message: (r) => `Order ${r.int(10000, 999999)} placed by customer c-${r.int(1000, 99999)} total ${r.dec(3, 900)} ${r.pick(CURRENCIES)} in ${r.int(3, 300)}ms` },
  { level: 'DEBUG', logger: 'c.a.c.RedisCache', thread: workerThread, message: (r) => `Cache miss for key order:${r.int(10000, 999999)}, loading from database` },
  { level: 'INFO', logger: 'c.a.m.KafkaConsumer', thread: kafkaThread, message: (r) => `Consumed ${r.int(1, 500)} records from ${r.pick(TOPICS)}-${r.int(0, 11)} at offset ${r.int(100000, 99999999)}` },
  { level: 'INFO', logger: 'c.a.a.SessionManager', thread: httpThread, message: (r) => `Session ${r.uuid()} created for ${r.pick(USERS)}` },
  { level: 'INFO', logger: 'c.a.p.PaymentGateway', thread: workerThread, message: (r) => `Payment ${r.hex(12)} authorized for order ${r.int(10000, 999999)} amount=${r.dec(3, 900)} ${r.pick(CURRENCIES)}` },
  { level: 'DEBUG', logger: 'gateway.grpc', thread: goroutine, message: (r) => `/orders.v1.Orders/Get code=OK took=${r.duration()} peer=${r.ip()}:${r.int(30000, 60999)}` },
  { level: 'INFO', logger: 'c.a.i.StockService', thread: workerThread, message: (r) => `Reserved ${r.int(1, 20)} units of SKU-${r.int(10000, 99999)} in warehouse ${r.pick(WAREHOUSES)}` },
  { level: 'INFO', logger: 'c.a.a.SessionManager', thread: schedulerThread, message: (r) => `Session ${r.uuid()} expired after ${r.int(5, 120)} minutes` },
  { level: 'DEBUG', logger: 'c.z.h.p.HikariPool', thread: schedulerThread, message: (r) => `HikariPool-1 - stats (total=20, active=${r.int(0, 20)}, idle=${r.int(0, 20)}, waiting=${r.int(0, 5)})` },
  { level: 'INFO', logger: 'c.a.o.OrderService', thread: workerThread, message: (r) => `Order ${r.int(10000, 999999)} shipped via ${r.pick(CARRIERS)} tracking ${r.hex(12).toUpperCase()}` },
  { level: 'DEBUG', logger: 'c.a.h.RetryingClient', thread: workerThread, message: (r) => `GET https://rates-${r.int(1, 9)}.example.com/v2?base=${r.pick(CURRENCIES)} ${r.pick(OK_STATUSES)} in ${r.int(5, 900)}ms` },
  { level: 'INFO', logger: 'c.a.a.LoginController', thread: httpThread, message: (r) => `User ${r.pick(USERS)} logged in from ${r.publicIp()} using ${r.pick(['password', 'sso', 'webauthn'])}` },
  { level: 'DEBUG', logger: 'c.a.c.FeatureFlags', thread: httpThread, message: (r) => `Feature flag "${r.pick(FLAGS)}" evaluated to ${r.next() < 0.5} for customer c-${r.int(1000, 99999)}` },
  { level: 'INFO', logger: 'sshd', thread: pid, message: (r) => `Accepted publickey for ${r.pick(USERS)} from ${r.publicIp()} port ${r.int(1024, 65535)} ssh2: RSA SHA256:${r.hex(20)}` },
  { level: 'INFO', logger: 'c.a.f.UploadService', thread: httpThread, message: (r) => `Stored file ${r.pick(PATHS)}/${r.hex(8)}.${r.pick(EXTENSIONS)} (${r.size()}) for user ${r.pick(USERS)}` },
  { level: 'DEBUG', logger: 'c.a.m.KafkaConsumer', thread: kafkaThread, message: (r) => `Committed offset ${r.int(100000, 99999999)} for partition ${r.int(0, 11)} of topic ${r.pick(TOPICS)}` },
  { level: 'INFO', logger: 'c.a.e.Mailer', thread: workerThread, message: (r) => `Sent ${r.pick(EMAIL_TEMPLATES)} to ${r.pick(USERS)}@example.com id=<${r.hex(12)}@acme.com>` },
  { level: 'WARN', logger: 'c.a.h.RetryingClient', thread: workerThread, message: (r) => `GET https://rates-${r.int(1, 9)}.example.com/v2 failed with ${r.pick(ERR_STATUSES)}, retry ${r.int(1, 3)}/3 in ${r.duration()}` },
  { level: 'INFO', logger: 'c.a.h.HealthCheck', thread: schedulerThread, message: (r) => `Health check passed: db=UP cache=UP queue=UP latency=${r.int(1, 60)}ms` },
  { level: 'INFO', logger: 'systemd', thread: () => '1', message: (r) => `Started Session ${r.int(1, 99999)} of user ${r.pick(USERS)}.` },
  { level: 'INFO', logger: 'c.a.c.RedisCache', thread: schedulerThread, message: (r) => `Cache hit ratio ${r.dec(60, 99.9, 1)}% over last ${r.int(1000, 50000)} requests` },
  { level: 'WARN', logger: 'c.a.a.LoginController', thread: httpThread, message: (r) => `Failed login attempt for user ${r.pick(USERS)} from ${r.publicIp()} (attempt ${r.int(1, 5)})` },
  { level: 'INFO', logger: 'sshd', thread: pid, message: (r) => `Connection closed by ${r.publicIp()} port ${r.int(1024, 65535)} [preauth]` },
  { level: 'INFO', logger: 'c.a.m.JvmMetrics', thread: schedulerThread, message: (r) => `Heap used ${r.int(200, 1900)}MB of 2048MB, GC pauses ${r.int(0, 40)} totaling ${r.int(0, 900)}ms` },
  { level: 'WARN', logger: 'c.a.d.OrderRepository', thread: httpThread, message: (r) => `Slow query took ${r.int(500, 9000)}ms: SELECT * FROM orders WHERE customer_id = ${r.int(1000, 99999)} AND status = 'OPEN'` },
  { level: 'INFO', logger: 'gateway.k8s', thread: goroutine, message: (r) => `pod orders-api-${r.hex(9)}-${r.hex(5)} in namespace ${r.pick(NAMESPACES)} phase=Running restarts=${r.int(0, 3)}` },
  { level: 'WARN', logger: 'c.a.p.PaymentGateway', thread: workerThread, message: (r) => `Payment ${r.hex(16)} declined for order ${r.int(10000, 999999)}: reason="${r.pick(DECLINE_REASONS)}"` },
  { level: 'INFO', logger: 'CRON', thread: pid, message: (r) => `(${r.pick(USERS)}) CMD (/usr/local/bin/backup.sh --target ${r.pick(PATHS)} --keep ${r.int(3, 14)})` },
  { level: 'WARN', logger: 'gateway.ratelimit', thread: goroutine, message: (r) => `client ${r.publicIp()} exceeded ${r.int(50, 500)} req/s on ${r.pick(API_PATHS)}, throttling for ${r.duration()}` },
  { level: 'INFO', logger: 'c.a.s.JobRunner', thread: schedulerThread, message: (r) => `Job ${r.pick(JOBS)} started with id ${r.uuid()}` },
  { level: 'INFO', logger: 'c.a.s.JobRunner', thread: schedulerThread, message: (r) => `Job ${r.pick(JOBS)} finished in ${r.duration()} processed=${r.int(0, 500000)} failed=${r.int(0, 12)}` },
  { level: 'WARN', logger: 'c.a.i.StockService', thread: workerThread, message: (r) => `Low stock for SKU-${r.int(10000, 99999)}: ${r.int(0, 9)} units left (threshold ${r.pick([10, 25, 50])})` },
  { level: 'INFO', logger: 'c.a.o.OrderService', thread: httpThread, message: (r) => `Order ${r.int(10000, 999999)} cancelled by customer c-${r.int(1000, 99999)} reason="${r.pick(CANCEL_REASONS)}"` },
  { level: 'WARN', logger: 'sshd', thread: pid, message: (r) => `Failed password for invalid user ${r.pick(USERS)} from ${r.publicIp()} port ${r.int(1024, 65535)} ssh2` },
  { level: 'WARN', logger: 'gateway.tls', thread: goroutine, message: (r) => `handshake error from ${r.publicIp()}:${r.int(1024, 65535)}: EOF` },
  { level: 'INFO', logger: 'dhclient', thread: pid, message: (r) => `DHCPACK of ${r.ip()} from ${r.ip()} (xid=0x${r.hex(8)})` },
  { level: 'INFO', logger: 'ntpd', thread: pid, message: (r) => `adjusting local clock by ${r.dec(-0.9, 0.9, 6)}s` },
  { level: 'WARN', logger: 'c.a.f.UploadService', thread: httpThread, message: (r) => `Upload rejected for user ${r.pick(USERS)}: file size ${r.size()} exceeds limit 25MB` },
  { level: 'ERROR', logger: 'gateway.proxy', thread: goroutine, message: (r) => `${r.pick(METHODS)} ${r.pick(API_PATHS)} -> ${r.pick(UPSTREAMS)} ${r.ip()}:${r.int(8000, 8099)} status=${r.pick(ERR_STATUSES)} took=${r.duration()}` },
  { level: 'INFO', logger: 'gateway.config', thread: main, message: (r) => `reloaded ${r.pick(CONFIG_FILES)} (checksum=${r.hex(12)}) in ${r.int(1, 40)}ms` },
  { level: 'WARN', logger: 'disk-monitor', thread: pid, message: (r) => `Filesystem /var/lib/docker at ${r.int(80, 99)}% usage (${r.size()} free)` },
  {
    level: 'ERROR', logger: 'c.a.o.OrderService', thread: httpThread,
    message: (r) => `Failed to process order ${r.int(10000, 999999)} for customer c-${r.int(1000, 99999)}`,
    stack: {
      probability: 0.3,
      exception: 'org.springframework.transaction.CannotCreateTransactionException', message: () => 'Could not open JDBC Connection for transaction', frames: ORDER_FRAMES,
      cause: { exception: 'java.sql.SQLTransientConnectionException', message: (r) => `HikariPool-1 - Connection is not available, request timed out after ${r.int(30000, 30010)}ms`, frames: DB_FRAMES },
    },
  },
  { level: 'WARN', logger: 'kernel', thread: () => '0', message: (r) => `[${r.dec(1000, 999999, 6)}] TCP: request_sock_TCP: Possible SYN flooding on port ${r.pick([80, 443, 8080])}. Sending cookies.` },
  {
    level: 'ERROR', logger: 'c.a.p.PaymentGateway', thread: workerThread,
    message: (r) => `Timeout calling payment provider https://api.stripe.com/v1/charges after ${r.int(5000, 30000)}ms`,
    stack: {
      probability: 0.3,
      exception: 'com.acme.payments.PaymentProviderException', message: (r) => `charge ${r.hex(16)} failed`, frames: HTTP_FRAMES.slice(3),
      cause: { exception: 'java.net.SocketTimeoutException', message: () => 'Read timed out', frames: HTTP_FRAMES },
    },
  },
  { level: 'INFO', logger: 'o.s.w.s.DispatcherServlet', thread: main, message: (r) => `Completed initialization in ${r.int(1, 30)} ms` },
  {
    level: 'ERROR', logger: 'c.a.o.OrderValidator', thread: httpThread,
    message: (r) => `Unexpected null shipping address for order ${r.int(10000, 999999)}, rejecting`,
    stack: { probability: 0.3, exception: 'java.lang.NullPointerException', message: () => 'Cannot invoke "com.acme.orders.Address.country()" because "address" is null', frames: ORDER_FRAMES.slice(2) },
  },
  { level: 'ERROR', logger: 'kernel', thread: () => '0', message: (r) => `[${r.dec(1000, 999999, 6)}] Out of memory: Killed process ${r.int(300, 32000)} (java) total-vm:${r.int(4000000, 9000000)}kB, anon-rss:${r.int(2000000, 4000000)}kB` },
];

/** Exponent of the Zipf-like law over template ranks; ~1 is what real logs show. */
const ZIPF_EXPONENT = 1.1;

/** Cumulative weights of TEMPLATES, for sampling by binary search. */
const CUMULATIVE: readonly number[] = zipfCumulative(TEMPLATES.length, ZIPF_EXPONENT);


/** Appends a stack trace's lines to `out`; returns how many lines it added. */
function renderStack(r: Rng, spec: StackSpec, out: string[]): number {
  const start = out.length;
  out.push(`${spec.exception}: ${spec.message(r)}`);
  const depth = r.int(3, spec.frames.length);
  for (let i = 0; i < depth; i++) out.push(`\tat ${spec.frames[i] as string}`);
  if (depth < spec.frames.length) out.push(`\t... ${spec.frames.length - depth} more`);
  if (spec.cause !== undefined) {
    out.push(`Caused by: ${spec.cause.exception}: ${spec.cause.message(r)}`);
    for (const frame of spec.cause.frames) out.push(`\tat ${frame}`);
    out.push(`\t... ${r.int(5, 40)} common frames omitted`);
  }
  return out.length - start;
}

/** How much text to build in memory before each write; this bounds the generator's memory. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes a generated log to `file` (replacing it), streaming in chunks of about 1 MB so memory stays bounded
 * whatever the size. The output is ASCII, so characters and bytes are counted alike.
 */
export async function generateLog(file: string, options: GenerateOptions): Promise<GenerateResult> {
  const maxLines = options.lines ?? Infinity;
  const maxBytes = options.lines === undefined ? (options.bytes ?? Infinity) : Infinity;
  if (maxLines === Infinity && maxBytes === Infinity) throw new Error('generateLog: give options.lines or options.bytes');
  const r = new Rng(options.seed ?? 1);
  const handle = await open(file, 'w');
  let lines = 0;
  let bytes = 0;
  // Timestamps advance by 0-4 ms a line; the `YYYY-MM-DDTHH:MM:SS.` prefix is formatted once per second, since
  // Date#toISOString on every line would dominate the generator's time.
  let timeMs = Date.UTC(2024, 4, 1, 0, 0, 0);
  let secondPrefix = '';
  let prefixSecond = -1;
  const pending: string[] = [];
  try {
    while (lines < maxLines && bytes < maxBytes) {
      let chunk = '';
      while (chunk.length < CHUNK_CHARS && lines < maxLines && bytes + chunk.length < maxBytes) {
        timeMs += r.int(0, 4);
        const second = Math.floor(timeMs / 1000);
        if (second !== prefixSecond) {
          prefixSecond = second;
          secondPrefix = new Date(second * 1000).toISOString().slice(0, 20);
        }
        const t = r.pickRanked(TEMPLATES, CUMULATIVE);
        const ms = String(timeMs % 1000).padStart(3, '0');
        chunk += `${secondPrefix}${ms}Z ${t.level} [${t.thread(r)}] ${t.logger}: ${t.message(r)}\n`;
        lines++;
        if (t.stack !== undefined && r.next() < t.stack.probability) {
          lines += renderStack(r, t.stack, pending);
          chunk += pending.join('\n') + '\n';
          pending.length = 0;
        }
      }
      await handle.write(chunk);
      bytes += chunk.length;
    }
  } finally {
    await handle.close();
  }
  return { lines, bytes };
}

/** The `.bench/` folder at the repo root, where generated files are cached. */
export const CACHE_DIR = fileURLToPath(new URL('../.bench/', import.meta.url));

/**
 * Returns the path of a cached generated file of the given size, generating it first when absent.
 * The name carries the generator version, seed and size, so a stale or differently sized file is never reused;
 * the file is written under a temporary name and renamed, so an interrupted run leaves no truncated cache entry.
 */
export async function ensureLogFile(options: GenerateOptions): Promise<string> {
  const size = options.lines !== undefined ? `${options.lines}-lines` : `${options.bytes}-bytes`;
  const file = join(CACHE_DIR, `gen-v${GENERATOR_VERSION}-seed${options.seed ?? 1}-${size}.log`);
  const exists = await stat(file).then(() => true, () => false);
  if (exists) return file;
  await mkdir(dirname(file), { recursive: true });
  const started = performance.now();
  process.stderr.write(`bench: generating ${file}\n`);
  const result = await generateLog(`${file}.tmp`, options);
  await rename(`${file}.tmp`, file);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`bench: generated ${result.lines} lines, ${result.bytes} bytes in ${seconds.toFixed(1)}s\n`);
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { lines: { type: 'string' }, bytes: { type: 'string' }, seed: { type: 'string' } },
  });
  const out = positionals[0];
  if (out === undefined || (values.lines === undefined && values.bytes === undefined)) {
    process.stderr.write('usage: node bench/generate.ts <out-file> (--lines N | --bytes N) [--seed N]\n');
    process.exit(2);
  }
  const result = await generateLog(out, {
    ...(values.lines !== undefined && { lines: Number(values.lines) }),
    ...(values.bytes !== undefined && { bytes: Number(values.bytes) }),
    seed: values.seed !== undefined ? Number(values.seed) : 1,
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
