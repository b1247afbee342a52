/**
 * Ground truth for the detection benchmark: deterministic, realistic multi-service logs with injected, labelled
 * anomalies.
 *
 * Each scenario is one log file of one service (or a multi-service aggregate) spanning a few hours. Normal behaviour
 * is built the way production logs look: 30-45 message templates per service (about 70 in an aggregate) drawn with Zipf-like frequencies, a request rate
 * that follows a smooth diurnal-ish curve with slow noise, heartbeats and periodic jobs at fixed intervals, batch
 * jobs that write a few dozen lines at once every half hour, a handful of normal templates that occur only a few
 * times (config reloads, certificate warnings, leader changes), a low steady rate of normal WARN and ERROR lines
 * (payment declines, client 4xx, retried timeouts) and Java stack traces under some normal errors. On top of that,
 * anomalies of the kinds in {@link ANOMALY_KINDS} are injected at known times, and every physical line they concern
 * is labelled.
 *
 * ## Label definitions
 *
 * Lines are numbered from 1, physical lines, stack-trace continuation lines included. A line can carry several
 * labels (in a mixed file, a `new_error` line can fall inside a `silence` interval). For a multi-line record
 * (a Java stack trace, a Go panic), every physical line of the record carries the record's label.
 *
 * - `flood`: every line of the flooding template whose record's timestamp lies inside the flood span (from the first
 *   to the last injected flood record). Inside that span the template makes up at least 90% of the lines, over
 *   several thousand lines. The template may also occur a few times in normal traffic; those lines, outside the
 *   span, are not labelled.
 * - `burst`: every line of the bursting template whose timestamp lies inside the burst period (a few minutes during
 *   which that normal template's rate is multiplied by 8-20; it stays well under 75% of the lines).
 * - `new_error`: every line of the new error template, which never occurs before the injection point; tens of
 *   records spread over the rest of the file.
 * - `rare_fatal`: every line of the 1-3 fatal events (FATAL records, Go panics, kernel OOM-killer reports), whose
 *   templates occur nowhere else in the file.
 * - `silence`: every line, of any template, whose record's timestamp falls inside the silent interval
 *   `[from, to)`, during which a steady template (a heartbeat, a 1-second poll) is absent. A detector reports the
 *   silent window as a span, so the whole window is the target.
 * - `drift`: the lines of the drifting template whose value (a latency, a queue depth) exceeds the maximum value
 *   that template had before the drift began. The value grows linearly from its normal level to about 14 times it
 *   at the end of the file; the template's text never changes.
 *
 * The bundled sample log (`samples/service.log`, {@link writeSampleLog}) tells one incident story with a `flood`
 * and a few security findings ({@link SECURITY_FINDINGS}).
 *
 * Usage as a script: `node bench/anomaly-scenarios.ts [dir]` generates (or reuses) every scenario and prints a
 * summary; `node bench/anomaly-scenarios.ts --sample samples/service.log` regenerates the sample log and its labels.
 *
 * @example
 * const scenarios = await generateScenarios();
 * for (const s of scenarios) console.log(s.name, s.kind, s.lineCount, s.file);
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CACHE_DIR } from './generate.ts';
import { Rng as BaseRng, zipfCumulative } from './rng.ts';

/**
 * Version of the generated scenarios. Bump it whenever the output changes, so cached files under `.bench/` are
 * regenerated instead of silently reused.
 */
export const SCENARIOS_VERSION = 1;

/** The kinds of injected anomaly. */
export const ANOMALY_KINDS = {
  /** One template makes up at least 90% of the lines over several thousand lines. */
  flood: 'flood',
  /** A normal template's rate jumps 8-20x for a few minutes. */
  burst: 'burst',
  /** An error template never seen before appears from some point on. */
  newError: 'new_error',
  /** One to three fatal events of templates that occur nowhere else. */
  rareFatal: 'rare_fatal',
  /** A steady template stops for 10-30 minutes, then resumes. */
  silence: 'silence',
  /** A numeric parameter of one template drifts upward by at least 10x. */
  drift: 'drift',
} as const;
/** One kind of injected anomaly. */
export type AnomalyKind = (typeof ANOMALY_KINDS)[keyof typeof ANOMALY_KINDS];
/** Every anomaly kind, in a fixed order. */
export const ANOMALY_KIND_LIST: readonly AnomalyKind[] = Object.values(ANOMALY_KINDS);

/** The kind of a scenario that has every anomaly kind injected. */
export const MIXED = 'mixed';
/** What a scenario file has injected: one anomaly kind, or all of them. */
export type ScenarioKind = AnomalyKind | typeof MIXED;

/** Security findings labelled in the sample log, beside its flood. */
export const SECURITY_FINDINGS = {
  /** A run of sshd failed passwords for invalid users from one address. */
  bruteForce: 'brute_force',
  /** A WAF-style warning quoting an SQL injection payload. */
  sqlInjection: 'sql_injection',
  /** A connection URL with `user:password@` in it. */
  credentialInUrl: 'credential_in_url',
  /** An AWS access key id (`AKIA…`, synthetic). */
  awsAccessKey: 'aws_access_key',
} as const;
/** One kind of security finding. */
export type SecurityFinding = (typeof SECURITY_FINDINGS)[keyof typeof SECURITY_FINDINGS];

/** A run of lines, 1-based, both ends included. */
export type LineRange = readonly [first: number, last: number];

/** One injected anomaly, described for people and for tests. */
export interface InjectedAnomaly {
  readonly kind: AnomalyKind;
  /** What was injected, in words. */
  readonly description: string;
  /**
   * Source of a regular expression matching the first physical line of every record of the injected template
   * (for `silence`, the silenced template; for `rare_fatal`, any of its records' templates). For `drift`, group 1
   * captures the drifting value.
   */
  readonly signature: string;
  /** Start of the injection, ISO 8601. */
  readonly from: string;
  /** End of the injection (for `silence`, the first instant after the silent interval), ISO 8601. */
  readonly to: string;
}

/** One generated scenario file and its ground truth. */
export interface Scenario {
  /** Unique name, `<kind>-<service>`. */
  readonly name: string;
  readonly kind: ScenarioKind;
  /** Absolute path of the log file. */
  readonly file: string;
  /** Physical lines in the file. */
  readonly lineCount: number;
  /** Seed of the PRNG the file was generated from. */
  readonly seed: number;
  /** Labelled lines per anomaly kind, as sorted, disjoint runs; a kind absent from the map has no labelled line. */
  readonly labels: ReadonlyMap<AnomalyKind, readonly LineRange[]>;
  /** The injections, in the order they were specified. */
  readonly injected: readonly InjectedAnomaly[];
}

/** The content of a `<file>.labels.json`. */
export interface LabelsFile {
  readonly version: number;
  readonly name: string;
  readonly kind: ScenarioKind | 'sample';
  readonly seed: number;
  readonly lineCount: number;
  /** Labelled runs `[first, last]` per label key. */
  readonly labels: Readonly<Record<string, readonly LineRange[]>>;
  readonly injected: readonly { readonly kind: string; readonly description: string; readonly signature: string; readonly from: string; readonly to: string }[];
}

/**
 * Flags of the labelled lines: element `line - 1` is 1 when the line carries any of the labels (or the given kind).
 * @param labels - labelled runs per kind, as in {@link Scenario.labels}
 * @param lineCount - physical lines of the file
 * @param kind - count only this kind's labels
 */
export function labelFlags(labels: ReadonlyMap<string, readonly LineRange[]>, lineCount: number, kind?: string): Uint8Array {
  const flags = new Uint8Array(lineCount);
  for (const [k, ranges] of labels) {
    if (kind !== undefined && k !== kind) continue;
    for (const [first, last] of ranges) flags.fill(1, first - 1, Math.min(last, lineCount));
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------------------------
// PRNG and vocabulary

/** The seedable PRNG of bench/rng.ts, with the draws of this generator. */
class Rng extends BaseRng {
  /** Waiting time of a Poisson process of `ratePerMs` events per millisecond. */
  expo(ratePerMs: number): number {
    return -Math.log(1 - this.next()) / ratePerMs;
  }

  port(): number {
    return this.int(1024, 65535);
  }

  /** A size such as `512KB` or `3.2MB`. */
  size(): string {
    const u = this.next();
    if (u < 0.4) return `${this.int(1, 1023)}KB`;
    if (u < 0.95) return `${this.dec(1, 90, 1)}MB`;
    return `${this.dec(1, 4, 1)}GB`;
  }

  /** A latency in ms with a long tail: mostly tens, sometimes seconds. */
  latencyMs(): number {
    return Math.round(Math.exp(3 + 0.9 * this.gauss()));
  }
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'walter'];
const OPS_USERS = ['deploy', 'jenkins', 'backup', 'ansible', 'alice', 'oscar'];
const SCAN_USERS = ['admin', 'test', 'oracle', 'ubuntu', 'postgres', 'git', 'user', 'support', 'ftpuser', 'pi', 'guest', 'hadoop'];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'];
const CARRIERS = ['DHL', 'UPS', 'FedEx', 'PostNL', 'GLS'];
const WAREHOUSES = ['AMS-1', 'FRA-2', 'DUB-1', 'MAD-3'];
const DECLINE_REASONS = ['insufficient funds', 'card expired', 'do not honor', 'suspected fraud', '3DS authentication failed'];
const CANCEL_REASONS = ['changed my mind', 'found cheaper elsewhere', 'delivery too slow', 'ordered by mistake'];
const API_PATHS = ['/api/v1/orders', '/api/v1/customers', '/api/v1/products', '/api/v1/carts', '/api/v2/search', '/api/v1/checkout'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE'];
const UPSTREAMS = ['orders-api', 'catalog-api', 'payments-api', 'search-api', 'accounts-api'];
const OK_STATUSES = [200, 200, 200, 200, 200, 201, 204, 304];
const CLIENT_ERRORS = [400, 401, 403, 404, 404, 404, 409, 422];
const SERVER_ERRORS = [500, 502, 503, 503, 504];
const USER_AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)', 'okhttp/4.12.0', 'acme-ios/5.3.1', 'acme-android/5.3.0', 'curl/8.5.0'];
const CLIENT_IDS = ['web-checkout', 'mobile-ios', 'mobile-android', 'partner-feed', 'backoffice'];
const SCOPES = ['orders:read', 'orders:write', 'catalog:read', 'profile'];
const CONFIG_FILES = ['/etc/gateway/routes.yaml', '/etc/gateway/limits.yaml', '/etc/gateway/tls.yaml'];
const TENANTS = ['acme-de', 'acme-fr', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'tyrell'];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net'];
const FONTS = ['Inter-Regular', 'Inter-Bold', 'NotoSans-Regular', 'DejaVuSans'];
const FLAGS = ['new-checkout', 'express-shipping', 'loyalty-points', 'one-click-reorder'];
const SERVICES = ['nginx', 'docker', 'node-exporter', 'postgresql@16-main', 'telegraf'];
const AUDIT_ACTIONS = ['READ', 'UPDATE', 'CANCEL', 'REFUND'];
const EMAIL_TEMPLATES = ['order-confirmation', 'shipping-notice', 'password-reset', 'invoice'];

const JAVA_ORDER_FRAMES = [
  'com.acme.orders.OrderService.process(OrderService.java:214)',
  'com.acme.orders.OrderService.lambda$submit$3(OrderService.java:162)',
  'org.springframework.transaction.support.TransactionTemplate.execute(TransactionTemplate.java:140)',
  'com.acme.orders.OrderController.create(OrderController.java:57)',
  'jdk.internal.reflect.GeneratedMethodAccessor112.invoke(Unknown Source)',
  'org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:883)',
  'org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)',
  'org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1791)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];
const JAVA_DB_FRAMES = [
  'com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
  'com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)',
  'com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:128)',
  'com.acme.db.OrderRepository.save(OrderRepository.java:73)',
];
const JAVA_HTTP_FRAMES = [
  'java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)',
  'java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)',
  'org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)',
  'com.acme.payments.StripeClient.authorize(StripeClient.java:121)',
  'com.acme.payments.PaymentClient.charge(PaymentClient.java:96)',
  'com.acme.orders.OrderService.process(OrderService.java:231)',
  'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];
const JAVA_KAFKA_FRAMES = [
  'com.fasterxml.jackson.databind.exc.InvalidFormatException.from(InvalidFormatException.java:67)',
  'com.fasterxml.jackson.databind.DeserializationContext.weirdStringException(DeserializationContext.java:1958)',
  'com.fasterxml.jackson.databind.deser.std.NumberDeserializers$BigDecimalDeserializer.deserialize(NumberDeserializers.java:1031)',
  'com.fasterxml.jackson.databind.deser.BeanDeserializer.deserializeFromObject(BeanDeserializer.java:392)',
  'com.acme.events.OrderEventDeserializer.deserialize(OrderEventDeserializer.java:44)',
  'org.apache.kafka.clients.consumer.internals.CompletedFetch.parseRecord(CompletedFetch.java:321)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run(KafkaMessageListenerContainer.java:1306)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];
const JAVA_OOM_FRAMES = [
  'java.base/java.util.Arrays.copyOf(Arrays.java:3537)',
  'java.base/java.util.ArrayList.grow(ArrayList.java:237)',
  'com.acme.orders.report.OrderReportBuilder.collect(OrderReportBuilder.java:88)',
  'com.acme.orders.report.OrderReportJob.run(OrderReportJob.java:41)',
  'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

// ---------------------------------------------------------------------------------------------------------------
// Templates

/** A severity as the logs write it; syslog lines print none. */
type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** One message template: its header fields and how to render its variable message. */
interface Template {
  readonly level: Level;
  /** Logger, component or syslog program. */
  readonly logger: string;
  /** Thread name or process id. */
  readonly thread: (r: Rng) => string;
  /** Renders the message. */
  readonly message: (r: Rng, ctx: RenderContext) => string;
  /** Continuation lines of a multi-line record (a stack trace), logged with some of the template's records. */
  readonly continuation?: Continuation;
  /** Matches the message of this template's records and nothing else; required on injected templates. */
  readonly signature?: RegExp;
}

/** What a message may depend on besides the PRNG. */
interface RenderContext {
  /** The record's time, epoch milliseconds. */
  readonly timeMs: number;
  /** Multiplies the drifting value of a drift template; 1 otherwise. */
  readonly scale: number;
}

/** Boot time of the syslog host, so that kernel uptime stamps advance with the clock. */
const HOST_BOOT_MS = Date.UTC(2024, 3, 30, 6, 17, 42);

/** A kernel ring-buffer stamp, `[uptime.micros]`. */
const uptime = (r: Rng, ctx: RenderContext): string => `[${((ctx.timeMs - HOST_BOOT_MS) / 1000).toFixed(3)}${String(r.int(0, 999)).padStart(3, '0')}]`;

/** A Go/logrus-style embedded time with nanoseconds. */
const goTime = (r: Rng, ctx: RenderContext): string => `${iso(ctx.timeMs).slice(0, 23)}${String(r.int(0, 999999)).padStart(6, '0')}Z`;

interface Continuation {
  /** Share of the template's records that carry the continuation lines. */
  readonly probability: number;
  readonly lines: (r: Rng) => string[];
}

interface JavaException {
  readonly exception: string;
  readonly message: (r: Rng) => string;
  readonly frames: readonly string[];
  readonly cause?: JavaException;
}

/** A Java stack trace as logback prints it: exception, some frames, `... n more`, then the causes. */
function javaStack(probability: number, spec: JavaException): Continuation {
  return {
    probability,
    lines: (r) => {
      const out = [`${spec.exception}: ${spec.message(r)}`];
      const depth = r.int(Math.min(3, spec.frames.length), spec.frames.length);
      for (let i = 0; i < depth; i++) out.push(`\tat ${spec.frames[i] as string}`);
      if (depth < spec.frames.length) out.push(`\t... ${spec.frames.length - depth} more`);
      for (let cause = spec.cause; cause !== undefined; cause = cause.cause) {
        out.push(`Caused by: ${cause.exception}: ${cause.message(r)}`);
        for (const frame of cause.frames) out.push(`\tat ${frame}`);
        out.push(`\t... ${r.int(5, 40)} common frames omitted`);
      }
      return out;
    },
  };
}

const gw = (r: Rng): string => `gw-${r.int(1, 16)}`;
const httpExec = (r: Rng): string => `http-nio-8080-exec-${r.int(1, 200)}`;
const orderExec = (r: Rng): string => `order-exec-${r.int(1, 12)}`;
const kafkaThread = (r: Rng): string => `org.springframework.kafka.KafkaListenerEndpointContainer#0-${r.int(0, 2)}-C-1`;
const goroutine = (r: Rng): string => `${r.int(20, 4000)}`;
const pid = (r: Rng): string => `${r.int(1200, 65000)}`;
/** A thread or pid that never changes (a scheduler thread, a daemon's pid). */
const fixed = (name: string) => (): string => name;

/** Shorthand for a template literal in the vocabulary tables below, which stay readable one template a line. */
const t = (level: Level, logger: string, thread: (r: Rng) => string, message: (r: Rng, ctx: RenderContext) => string, extra: Partial<Template> = {}): Template =>
  ({ level, logger, thread, message, ...extra });

// -- API gateway (Go), ISO 8601 headers

const GW_RATE_LIMIT = t('WARN', 'gateway.ratelimit', gw, (r) => `client ${r.publicIp()} exceeded ${r.pick([50, 100, 200])} req/s on ${r.pick(API_PATHS)}, throttling for ${r.int(1, 30)}s`,
  { signature: /client \S+ exceeded \d+ req\/s on \S+, throttling for \d+s/ });
const GW_HEALTH = t('INFO', 'gateway.health', fixed('health'), (r) => `health check upstream ${r.pick(UPSTREAMS)} ${r.ip()}:8080 ok in ${r.int(1, 9)}ms`,
  { signature: /health check upstream \S+ \S+ ok in \d+ms/ });

const GATEWAY_TRAFFIC: readonly Template[] = [
  t('INFO', 'gateway.access', gw, (r) => `${r.ip()} - ${r.next() < 0.6 ? r.pick(USERS) : '-'} "${r.pick(METHODS)} ${r.pick(API_PATHS)}/${r.int(1000, 99999)} HTTP/1.1" ${r.pick(OK_STATUSES)} ${r.int(120, 48000)} ${r.latencyMs()}ms "${r.pick(USER_AGENTS)}"`),
  t('INFO', 'gateway.proxy', gw, (r) => `${r.pick(METHODS)} ${r.pick(API_PATHS)} -> ${r.pick(UPSTREAMS)} ${r.ip()}:${r.int(8000, 8099)} status=${r.pick(OK_STATUSES)} took=${r.latencyMs()}ms`),
  t('DEBUG', 'gateway.auth', gw, (r) => `token validated for sub=${r.pick(USERS)} scope=${r.pick(SCOPES)} exp=${r.int(10, 3600)}s`),
  t('DEBUG', 'gateway.cache', gw, (r) => `route cache hit key=${r.pick(METHODS)}:${r.pick(API_PATHS)} age=${r.int(0, 300)}s`),
  t('INFO', 'gateway.grpc', gw, (r) => `/orders.v1.Orders/${r.pick(['Get', 'List', 'Create', 'Cancel'])} code=OK took=${r.latencyMs()}ms peer=${r.ip()}:${r.int(30000, 60999)}`),
  t('DEBUG', 'gateway.pool', gw, (r) => `upstream ${r.pick(UPSTREAMS)} conns active=${r.int(0, 64)} idle=${r.int(0, 32)}`),
  t('WARN', 'gateway.access', gw, (r) => `client error ${r.pick(CLIENT_ERRORS)} for ${r.pick(METHODS)} ${r.pick(API_PATHS)}/${r.int(1000, 99999)} from ${r.ip()}`),
  t('INFO', 'gateway.auth', gw, (r) => `issued access token for client ${r.pick(CLIENT_IDS)} grant=client_credentials ttl=3600s`),
  t('INFO', 'gateway.ws', gw, (r) => `websocket upgraded for session ${r.uuid()} from ${r.ip()}`),
  t('INFO', 'gateway.ws', gw, (r) => `websocket closed for session ${r.uuid()} after ${r.int(1, 3600)}s code=1000`),
  GW_RATE_LIMIT,
  t('DEBUG', 'gateway.dns', gw, (r) => `resolved ${r.pick(UPSTREAMS)}.prod.svc.cluster.local to ${r.ip()} ttl=${r.int(5, 30)}s`),
  t('WARN', 'gateway.proxy', gw, (r) => `upstream ${r.pick(UPSTREAMS)} slow: ${r.pick(METHODS)} ${r.pick(API_PATHS)} took ${r.int(800, 6000)}ms (budget 800ms)`),
  t('INFO', 'gateway.tls', gw, (r) => `TLS handshake ok sni=${r.pick(['api.acme.com', 'www.acme.com', 'partners.acme.com'])} proto=h2 took=${r.int(1, 40)}ms`),
  t('ERROR', 'gateway.proxy', gw, (r) => `${r.pick(METHODS)} ${r.pick(API_PATHS)} -> ${r.pick(UPSTREAMS)} ${r.ip()}:${r.int(8000, 8099)} status=${r.pick(SERVER_ERRORS)} took=${r.duration()}`),
  t('WARN', 'gateway.tls', gw, (r) => `handshake error from ${r.publicIp()}:${r.port()}: EOF`),
  t('INFO', 'gateway.cors', gw, (r) => `preflight from https://${r.pick(['www', 'shop', 'm'])}.acme.com for ${r.pick(API_PATHS)} allowed`),
  t('WARN', 'gateway.auth', gw, (r) => `rejected token for client ${r.pick(CLIENT_IDS)}: token expired ${r.int(1, 900)}s ago`),
  t('ERROR', 'gateway.proxy', gw, (r) => `retrying ${r.pick(METHODS)} ${r.pick(API_PATHS)} on ${r.pick(UPSTREAMS)} after error: context deadline exceeded (attempt ${r.int(1, 2)}/3)`),
  t('DEBUG', 'gateway.metrics', gw, (r) => `flushed ${r.int(200, 900)} series to statsd in ${r.int(1, 30)}ms`),
  t('WARN', 'gateway.body', gw, (r) => `request body too large from ${r.ip()}: ${r.dec(10, 80, 1)}MB > 10MB on ${r.pick(API_PATHS)}`),
  t('INFO', 'gateway.ws', gw, (r) => `broadcast ${r.int(1, 40)} messages to ${r.int(1, 900)} subscribers on channel orders.${r.int(1, 64)}`),
  t('WARN', 'gateway.proxy', gw, (r) => `client closed request ${r.pick(METHODS)} ${r.pick(API_PATHS)} after ${r.int(100, 30000)}ms (499)`),
  t('INFO', 'gateway.jwks', gw, (r) => `fetched JWKS from https://auth.acme.com/.well-known/jwks.json keys=${r.int(2, 4)} in ${r.int(5, 90)}ms`),
];

const GATEWAY_PERIODIC: readonly Periodic[] = [
  { template: GW_HEALTH, everyMs: 5_000, jitterMs: 40 },
  { template: t('DEBUG', 'gateway.runtime', fixed('main'), (r) => `goroutines=${r.int(300, 900)} heap_alloc=${r.int(60, 240)}MB gc_pause_p99=${r.int(80, 900)}us`), everyMs: 30_000, jitterMs: 200 },
  { template: t('INFO', 'gateway.config', fixed('watcher'), (r) => `config watcher: no changes in /etc/gateway (revision ${r.int(1200, 1210)})`), everyMs: 60_000, jitterMs: 5 },
];

const GATEWAY_RARE: readonly Template[] = [
  t('INFO', 'gateway.config', fixed('watcher'), (r) => `reloaded ${r.pick(CONFIG_FILES)} (checksum=${r.hex(12)}) in ${r.int(1, 40)}ms`),
  t('WARN', 'gateway.tls', fixed('main'), (r) => `certificate for api.acme.com expires in ${r.int(20, 29)} days`),
  t('INFO', 'gateway.main', fixed('main'), () => 'SIGHUP received, reopening log files'),
  t('WARN', 'gateway.dns', gw, () => 'resolver 10.0.0.2:53 timed out, falling back to 10.0.0.3:53'),
  t('WARN', 'gateway.circuit', gw, (r) => `circuit ${r.pick(UPSTREAMS)} opened after ${r.int(5, 9)} consecutive failures`),
  t('INFO', 'gateway.circuit', gw, (r) => `circuit ${r.pick(UPSTREAMS)} closed after ${r.int(3, 5)} successful probes`),
];

// -- Order service (Java), `[2024-05-01 10:00:00,123] INFO  [thread] logger - message` headers

const ORDERS_DB_REFUSED = t('WARN', 'c.a.d.ResilientDataSource', httpExec, (r) => `Connection to db-primary.internal:5432 refused, retrying in ${r.pick([250, 500, 1000, 2000])}ms (attempt ${r.int(1, 5)}/5)`,
  { signature: /Connection to db-primary\.internal:5432 refused, retrying in \d+ms \(attempt \d\/5\)/ });
const ORDERS_EXECUTOR_STATS = t('INFO', 'c.a.e.ExecutorMetrics', fixed('scheduling-2'), (r, { scale }) => `ThreadPool order-exec stats: active=${r.int(0, 12)} queued=${Math.round((r.next() < 0.97 ? r.int(0, 25) : r.int(25, 60)) * scale)} completed=${r.int(1_000_000, 9_000_000)}`,
  { signature: /ThreadPool order-exec stats: active=\d+ queued=(\d+) completed=\d+/ });
const ORDERS_OUTBOX = t('INFO', 'c.a.s.OutboxRelay', fixed('scheduling-1'), (r) => `Relayed ${r.int(0, 40)} outbox events in ${r.int(1, 60)}ms`,
  { signature: /Relayed \d+ outbox events in \d+ms/ });
const ORDERS_NEW_DESERIALIZE = t('ERROR', 'c.a.e.OrderEventsListener', kafkaThread,
  (r) => `Failed to deserialize record from orders-events-${r.int(0, 11)}@${r.int(10_000_000, 99_999_999)}, skipping`,
  {
    signature: /Failed to deserialize record from orders-events-\d+@\d+, skipping/,
    continuation: javaStack(0.6, {
      exception: 'org.apache.kafka.common.errors.RecordDeserializationException',
      message: (r) => `Error deserializing key/value for partition orders-events-${r.int(0, 11)} at offset ${r.int(10_000_000, 99_999_999)}`,
      frames: JAVA_KAFKA_FRAMES.slice(5),
      cause: {
        exception: 'com.fasterxml.jackson.databind.exc.InvalidFormatException',
        message: (r) => `Cannot deserialize value of type \`java.math.BigDecimal\` from String "${r.dec(3, 900)} ${r.pick(CURRENCIES)}": not a valid representation`,
        frames: JAVA_KAFKA_FRAMES.slice(0, 5),
      },
    }),
  });
const ORDERS_FATAL_OOM = t('FATAL', 'c.a.o.report.OrderReportJob', orderExec, () => 'Uncaught error in report worker, terminating executor', {
  signature: /Uncaught error in report worker, terminating executor/,
  continuation: javaStack(1, { exception: 'java.lang.OutOfMemoryError', message: () => 'Java heap space', frames: JAVA_OOM_FRAMES }),
});

const ORDERS_TRAFFIC: readonly Template[] = [
  t('INFO', 'c.a.w.RequestLoggingFilter', httpExec, (r) => `${r.pick(METHODS)} ${r.pick(API_PATHS)}/${r.int(1000, 99999)} -> ${r.pick(OK_STATUSES)} in ${r.latencyMs()}ms`),
  t('DEBUG', 'org.hibernate.SQL', httpExec, () => 'select o1_0.id,o1_0.customer_id,o1_0.status,o1_0.total from orders o1_0 where o1_0.id=?'),
  t('INFO', 'c.a.o.OrderService', httpExec, (r) => `Order ${r.int(10000, 999999)} placed by customer c-${r.int(1000, 99999)} total ${r.dec(3, 900)} ${r.pick(CURRENCIES)} items=${r.int(1, 12)}`),
  t('DEBUG', 'c.a.c.CacheManager', orderExec, (r) => `Cache miss for key order:${r.int(10000, 999999)}, loading from database`),
  t('INFO', 'c.a.p.PaymentClient', orderExec, (r) => `Payment ${r.hex(12)} authorized for order ${r.int(10000, 999999)} amount=${r.dec(3, 900)} ${r.pick(CURRENCIES)}`),
  t('INFO', 'c.a.i.InventoryClient', orderExec, (r) => `Reserved ${r.int(1, 20)} units of SKU-${r.int(10000, 99999)} in warehouse ${r.pick(WAREHOUSES)}`),
  t('INFO', 'c.a.m.OrderEventsPublisher', orderExec, (r) => `Published ${r.pick(['OrderPlaced', 'OrderPaid', 'OrderShipped'])} for order ${r.int(10000, 999999)} to orders-events-${r.int(0, 11)} offset ${r.int(10_000_000, 99_999_999)}`),
  t('INFO', 'c.a.o.OrderService', orderExec, (r) => `Order ${r.int(10000, 999999)} shipped via ${r.pick(CARRIERS)} tracking ${r.hex(12).toUpperCase()}`),
  t('WARN', 'c.a.p.PaymentClient', orderExec, (r) => `Payment ${r.hex(12)} declined for order ${r.int(10000, 999999)}: reason="${r.pick(DECLINE_REASONS)}"`),
  t('INFO', 'c.a.a.AuditLogger', httpExec, (r) => `user=${r.pick(USERS)} action=${r.pick(AUDIT_ACTIONS)} resource=order/${r.int(10000, 999999)} result=ALLOWED`),
  t('WARN', 'c.a.w.GlobalExceptionHandler', httpExec, (r) => `Validation failed for ${r.pick(['POST', 'PUT'])} ${r.pick(API_PATHS)}: ${r.pick(['shippingAddress.zip', 'email', 'items[0].sku', 'phone'])} must not be blank`),
  t('INFO', 'c.a.o.OrderService', httpExec, (r) => `Order ${r.int(10000, 999999)} cancelled by customer c-${r.int(1000, 99999)} reason="${r.pick(CANCEL_REASONS)}"`),
  t('INFO', 'c.a.n.NotificationClient', orderExec, (r) => `Queued ${r.pick(EMAIL_TEMPLATES)} email for customer c-${r.int(1000, 99999)}`),
  t('WARN', 'c.a.d.OrderRepository', httpExec, (r) => `Slow query took ${r.int(500, 9000)}ms: SELECT * FROM orders WHERE customer_id = ${r.int(1000, 99999)} AND status = 'OPEN'`),
  t('INFO', 'c.a.o.CartService', httpExec, (r) => `Cart ${r.uuid()} merged into order ${r.int(10000, 999999)} (${r.int(1, 12)} items)`),
  t('ERROR', 'c.a.p.PaymentClient', orderExec, (r) => `Timeout calling payment provider https://api.stripe.com/v1/charges after ${r.int(5000, 30000)}ms`, {
    continuation: javaStack(0.4, {
      exception: 'com.acme.payments.PaymentProviderException', message: (r) => `charge ${r.hex(16)} failed`, frames: JAVA_HTTP_FRAMES.slice(3),
      cause: { exception: 'java.net.SocketTimeoutException', message: () => 'Read timed out', frames: JAVA_HTTP_FRAMES },
    }),
  }),
  t('WARN', 'c.a.i.InventoryClient', orderExec, (r) => `Low stock for SKU-${r.int(10000, 99999)}: ${r.int(0, 9)} units left (threshold ${r.pick([10, 25, 50])})`),
  t('WARN', 'c.a.h.RetryTemplate', orderExec, (r) => `Retrying call to inventory-service (attempt ${r.int(1, 2)}/3) after ${r.int(100, 800)}ms: Read timed out`),
  t('DEBUG', 'o.s.t.s.TransactionTemplate', httpExec, () => 'Initiating transaction rollback on application exception'),
  t('INFO', 'c.a.o.ReturnService', httpExec, (r) => `Return R-${r.int(10000, 99999)} approved for order ${r.int(10000, 999999)}, refund ${r.dec(3, 900)} ${r.pick(CURRENCIES)}`),
  t('ERROR', 'c.a.o.OrderService', httpExec, (r) => `Failed to process order ${r.int(10000, 999999)} for customer c-${r.int(1000, 99999)}`, {
    continuation: javaStack(0.5, {
      exception: 'org.springframework.transaction.CannotCreateTransactionException', message: () => 'Could not open JDBC Connection for transaction', frames: JAVA_ORDER_FRAMES,
      cause: { exception: 'java.sql.SQLTransientConnectionException', message: (r) => `HikariPool-1 - Connection is not available, request timed out after ${r.int(30000, 30010)}ms`, frames: JAVA_DB_FRAMES },
    }),
  }),
  t('WARN', 'o.h.e.j.s.SqlExceptionHelper', httpExec, () => 'SQL Error: 0, SQLState: 40001'),
  t('ERROR', 'o.h.e.j.s.SqlExceptionHelper', httpExec, () => 'ERROR: could not serialize access due to concurrent update'),
  t('INFO', 'c.a.p.PaymentClient', orderExec, (r) => `Refund ${r.hex(12)} issued for order ${r.int(10000, 999999)} amount=${r.dec(3, 300)} ${r.pick(CURRENCIES)}`),
  t('ERROR', 'c.a.o.OrderValidator', httpExec, (r) => `Unexpected null shipping address for order ${r.int(10000, 999999)}, rejecting`, {
    continuation: javaStack(0.5, { exception: 'java.lang.NullPointerException', message: () => 'Cannot invoke "com.acme.orders.Address.country()" because "address" is null', frames: JAVA_ORDER_FRAMES.slice(1) }),
  }),
  t('INFO', 'c.a.o.GiftCardService', httpExec, (r) => `Gift card ${r.hex(16).toUpperCase()} redeemed for ${r.dec(5, 100)} ${r.pick(CURRENCIES)} on order ${r.int(10000, 999999)}`),
];

const ORDERS_PERIODIC: readonly Periodic[] = [
  { template: ORDERS_OUTBOX, everyMs: 5_000, jitterMs: 30 },
  { template: ORDERS_EXECUTOR_STATS, everyMs: 10_000, jitterMs: 20 },
  { template: t('DEBUG', 'c.z.h.p.HikariPool', fixed('HikariPool-1 housekeeper'), (r) => { const a = r.int(0, 12); return `HikariPool-1 - Pool stats (total=20, active=${a}, idle=${20 - a}, waiting=0)`; }), everyMs: 30_000, jitterMs: 10 },
  { template: t('INFO', 'c.a.h.HealthIndicator', fixed('scheduling-3'), () => 'Health UP: db=UP redis=UP kafka=UP diskSpace=UP'), everyMs: 60_000, jitterMs: 100 },
];

const ORDERS_RARE: readonly Template[] = [
  // A transient connection refusal happens a few times a day; a flood of the same message is the incident.
  ORDERS_DB_REFUSED,
  t('INFO', 'c.a.c.FeatureFlags', httpExec, (r) => `Feature flag ${r.pick(FLAGS)} set to ${r.pick(['true', 'false'])} by ${r.pick(USERS)}`),
  t('WARN', 'c.a.s.JwtKeyProvider', fixed('scheduling-4'), (r) => `Signing key k-${r.hex(6)} expires in ${r.int(5, 14)} days, rotation scheduled`),
  t('INFO', 'o.a.k.c.c.i.ConsumerCoordinator', kafkaThread, (r) => `[Consumer clientId=orders-${r.int(0, 2)}, groupId=orders] Revoke previously assigned partitions orders-events-${r.int(0, 11)}`),
  t('WARN', 'c.z.h.p.PoolBase', orderExec, (r) => `HikariPool-1 - Failed to validate connection org.postgresql.jdbc.PgConnection@${r.hex(8)} (This connection has been closed.). Possibly consider using a shorter maxLifetime value.`),
  t('INFO', 'c.a.o.PriceListLoader', fixed('scheduling-4'), (r) => `Loaded price list ${r.pick(['eu-2024q2', 'uk-2024q2', 'ch-2024q2'])} with ${r.int(9000, 12000)} entries`),
];

const ORDERS_BATCHES: readonly Batch[] = [{
  everyMs: 30 * 60_000,
  start: t('INFO', 'c.a.j.InvoiceExportJob', fixed('scheduling-3'), (r) => `Job invoice-export started id=${r.uuid()}`),
  item: t('INFO', 'c.a.j.InvoiceExportJob', fixed('scheduling-3'), (r) => `Exported invoice INV-${r.int(100000, 999999)} for customer c-${r.int(1000, 99999)} to s3://acme-invoices/2024/05/01/`),
  end: t('INFO', 'c.a.j.InvoiceExportJob', fixed('scheduling-3'), (r) => `Job invoice-export finished in ${r.dec(1, 9, 1)}s exported=${r.int(20, 80)} failed=0`),
  items: [20, 80],
}];

// -- Invoice worker (Go), JSON lines

const WORKER_POLL = t('INFO', 'consumer', fixed('poller'), (r) => `poll queue=invoices fetched=${r.int(0, 10)} lag=${r.int(0, 400)} wait=${r.int(1, 900)}ms`,
  { signature: /poll queue=invoices fetched=\d+ lag=\d+ wait=\d+ms/ });
const WORKER_BATCH_FLUSH = t('INFO', 'batch', fixed('flusher'), (r, { scale }) => `batch flushed n=${r.int(20, 500)} latency_ms=${Math.round((r.next() < 0.97 ? r.int(40, 120) : r.int(120, 260)) * scale)}`,
  { signature: /batch flushed n=\d+ latency_ms=(\d+)/ });
const WORKER_REDIS_REFUSED = t('ERROR', 'redis', fixed('pool'), (r) => `dial tcp 10.0.4.12:6379: connect: connection refused (retry ${r.int(1, 10)} in ${r.pick([100, 200, 400, 800])}ms)`,
  { signature: /dial tcp 10\.0\.4\.12:6379: connect: connection refused \(retry \d+ in \d+ms\)/ });
const WORKER_NEW_FONT = t('ERROR', 'renderer', goroutine, (r) => `failed to embed font ${r.pick(FONTS)} for tenant ${r.pick(TENANTS)}: open /usr/share/fonts/truetype/acme/${r.pick(FONTS)}.ttf: no such file or directory`,
  { signature: /failed to embed font \S+ for tenant \S+: open \S+: no such file or directory/ });

const WORKER_TRAFFIC: readonly Template[] = [
  t('INFO', 'consumer', goroutine, (r) => `processed message ${r.uuid()} from queue invoices in ${r.latencyMs()}ms`),
  t('DEBUG', 'consumer', goroutine, (r) => `ack message ${r.uuid()} delivery_tag=${r.int(1, 9_999_999)}`),
  t('INFO', 'renderer', goroutine, (r) => `rendered invoice INV-${r.int(100000, 999999)} (${r.int(1, 9)} pages, ${r.int(40, 900)}KB) for tenant ${r.pick(TENANTS)}`),
  t('DEBUG', 's3', goroutine, (r) => `PUT s3://acme-invoices/${r.pick(TENANTS)}/2024-05-01/INV-${r.int(100000, 999999)}.pdf ${r.int(40, 900)}KB in ${r.latencyMs()}ms`),
  t('INFO', 'mailer', goroutine, (r) => `sent invoice email to ${r.pick(USERS)}@${r.pick(DOMAINS)} message_id=<${r.hex(16)}@mail.acme.com>`),
  t('DEBUG', 'redis', goroutine, (r) => `GET tenant:${r.pick(TENANTS)}:settings hit ttl=${r.int(1, 600)}s`),
  t('DEBUG', 'pdf', goroutine, (r) => `font cache hit for ${r.pick(FONTS)}`),
  t('INFO', 'tax', goroutine, (r) => `computed VAT for INV-${r.int(100000, 999999)}: rate=${r.pick(['19', '20', '21', '7.7', '0'])}% country=${r.pick(['DE', 'FR', 'NL', 'CH', 'US'])}`),
  t('WARN', 'mailer', goroutine, (r) => `smtp 421 from mx.${r.pick(DOMAINS)}, deferring message ${r.hex(16)} for ${r.int(60, 900)}s`),
  t('WARN', 'consumer', goroutine, (r) => `message ${r.uuid()} redelivered (attempt ${r.int(2, 4)}/5)`),
  t('DEBUG', 'http', goroutine, (r) => `GET http://tenants.internal/v1/tenants/${r.pick(TENANTS)} 200 ${r.latencyMs()}ms`),
  t('ERROR', 'renderer', goroutine, (r) => `template invoice-${r.pick(['v3', 'v4'])} missing field ${r.pick(['vat_id', 'po_number', 'billing_contact'])} for tenant ${r.pick(TENANTS)}, using default`),
  t('INFO', 'currency', goroutine, (r) => `converted ${r.dec(3, 9000)} ${r.pick(CURRENCIES)} to ${r.pick(CURRENCIES)} at ${r.dec(0.7, 1.4, 4)}`),
  t('WARN', 's3', goroutine, (r) => `PUT s3://acme-invoices/${r.pick(TENANTS)}/ retry ${r.int(1, 2)}/3 after SlowDown: Please reduce your request rate`),
  t('ERROR', 'mailer', goroutine, (r) => `failed to send to ${r.pick(USERS)}@${r.pick(DOMAINS)}: 550 5.1.1 mailbox unavailable`),
  t('WARN', 'http', goroutine, (r) => `GET http://tenants.internal/v1/tenants/${r.pick(TENANTS)} timeout after 2s, retrying`),
  t('DEBUG', 'pool', goroutine, (r) => `worker pool busy=${r.int(0, 32)}/32 queued=${r.int(0, 50)}`),
  t('INFO', 'signer', goroutine, (r) => `signed INV-${r.int(100000, 999999)} with key k-${r.hex(6)}`),
  t('WARN', 'renderer', goroutine, (r) => `image https://cdn.acme.com/logos/${r.pick(TENANTS)}.png not found, rendering without logo`),
  t('INFO', 'archive', goroutine, (r) => `compressed ${r.int(10, 400)} invoices into archive ${r.hex(12)}.zip (${r.size()})`),
  t('ERROR', 'consumer', goroutine, (r) => `moved message ${r.uuid()} to dead-letter queue invoices.dlq after 5 attempts`),
  t('INFO', 'webhook', goroutine, (r) => `delivered invoice.created webhook to https://hooks.${r.pick(TENANTS)}.example.com/acme status=${r.pick([200, 200, 202, 204])} in ${r.latencyMs()}ms`),
  t('WARN', 'webhook', goroutine, (r) => `webhook https://hooks.${r.pick(TENANTS)}.example.com/acme returned ${r.pick([404, 410, 500, 502])}, will retry in ${r.int(1, 30)}m`),
];

const WORKER_PERIODIC: readonly Periodic[] = [
  { template: WORKER_POLL, everyMs: 1_000, jitterMs: 15 },
  { template: WORKER_BATCH_FLUSH, everyMs: 5_000, jitterMs: 50 },
  { template: t('DEBUG', 'runtime', fixed('main'), (r) => `goroutines=${r.int(40, 120)} heap=${r.int(30, 180)}MB gc_cycles=${r.int(1000, 99999)}`), everyMs: 15_000, jitterMs: 100 },
  { template: t('INFO', 'lease', fixed('main'), (r) => `lease renewed for worker invoice-worker-${r.int(0, 2)} (term ${r.int(40, 42)})`), everyMs: 10_000, jitterMs: 200 },
];

const WORKER_RARE: readonly Template[] = [
  // Redis refuses a connection now and then (failover, restarts); a flood of the same message is the incident.
  WORKER_REDIS_REFUSED,
  t('INFO', 'main', fixed('main'), () => 'received SIGHUP, reloading configuration'),
  t('WARN', 'lease', fixed('main'), (r) => `lease for worker invoice-worker-${r.int(0, 2)} expired, re-acquiring`),
  t('INFO', 'tls', fixed('main'), (r) => `rotated client certificate, new expiry 2024-0${r.int(6, 8)}-${r.int(10, 28)}`),
  t('WARN', 'redis', goroutine, (r) => `redis: discarding bad PubSub connection: read tcp ${r.ip()}:${r.port()}->10.0.4.12:6379: i/o timeout`),
  t('INFO', 'migrate', fixed('main'), (r) => `schema version ${r.int(41, 42)} is current, nothing to migrate`),
];

// -- Host (syslog-ish, RFC 5424-style ISO timestamps, no level)

const HOST_FAILED_PASSWORD = t('WARN', 'sshd', pid, (r) => `Failed password for invalid user ${r.pick(SCAN_USERS)} from ${r.publicIp()} port ${r.port()} ssh2`,
  { signature: /Failed password for invalid user \S+ from \S+ port \d+ ssh2/ });
const HOST_COLLECTD = t('INFO', 'collectd', fixed('812'), (r) => `write_http plugin: flushed ${r.int(800, 1400)} values to http://metrics.internal:8086/write in ${r.int(3, 40)}ms`,
  { signature: /write_http plugin: flushed \d+ values to \S+ in \d+ms/ });
const HOST_TELEGRAF = t('INFO', 'telegraf', fixed('1187'), (r, { scale }) => `[outputs.influxdb] Buffer fullness: ${Math.round(r.int(5, 120) * scale)} / 10000 metrics`,
  { signature: /\[outputs\.influxdb\] Buffer fullness: (\d+) \/ 10000 metrics/ });
const HOST_CONNTRACK = t('WARN', 'kernel', fixed(''), (r, ctx) => `${uptime(r, ctx)} nf_conntrack: nf_conntrack: table full, dropping packet`,
  { signature: /nf_conntrack: nf_conntrack: table full, dropping packet/ });
const HOST_EXT4_ERROR = t('ERROR', 'kernel', fixed(''), (r, ctx) => `${uptime(r, ctx)} EXT4-fs error (device nvme1n1p1): ext4_find_entry:1455: inode #${r.int(2, 9_000_000)}: comm ${r.pick(['nginx', 'postgres', 'java'])}: reading directory lblock 0`,
  { signature: /EXT4-fs error \(device nvme1n1p1\): ext4_find_entry/ });
const HOST_OOM: readonly Template[] = [
  t('ERROR', 'kernel', fixed(''), (r, ctx) => `${uptime(r, ctx)} java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0`,
    { signature: /invoked oom-killer: gfp_mask=/ }),
  t('ERROR', 'kernel', fixed(''), (r, ctx) => `${uptime(r, ctx)} Out of memory: Killed process ${r.int(3000, 30000)} (java) total-vm:${r.int(8_000_000, 9_000_000)}kB, anon-rss:${r.int(6_000_000, 7_000_000)}kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:${r.int(12000, 16000)}kB oom_score_adj:0`,
    { signature: /Out of memory: Killed process \d+ \(java\)/ }),
  t('INFO', 'kernel', fixed(''), (r, ctx) => `${uptime(r, ctx)} oom_reaper: reaped process ${r.int(3000, 30000)} (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`,
    { signature: /oom_reaper: reaped process \d+ \(java\)/ }),
];
const HOST_SOFT_LOCKUP = t('FATAL', 'kernel', fixed(''), (r, ctx) => `${uptime(r, ctx)} watchdog: BUG: soft lockup - CPU#${r.int(0, 7)} stuck for ${r.int(22, 26)}s! [kworker/${r.int(0, 7)}:1:${r.int(100, 900)}]`,
  { signature: /watchdog: BUG: soft lockup - CPU#\d+ stuck for \d+s!/ });

const HOST_TRAFFIC: readonly Template[] = [
  t('INFO', 'kernel', fixed(''), (r, ctx) => `${uptime(r, ctx)} [UFW BLOCK] IN=eth0 OUT= MAC=0a:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}:${r.hex(2)} SRC=${r.publicIp()} DST=10.0.1.17 LEN=${r.int(40, 60)} TOS=0x00 PREC=0x00 TTL=${r.int(40, 250)} ID=${r.int(1, 65535)} PROTO=TCP SPT=${r.port()} DPT=${r.pick([22, 23, 445, 3389, 5432, 6379, 8080])} WINDOW=${r.int(1024, 65535)} RES=0x00 SYN URGP=0`),
  t('INFO', 'sshd', pid, (r) => `Accepted publickey for ${r.pick(OPS_USERS)} from ${r.ip()} port ${r.port()} ssh2: ED25519 SHA256:${r.hex(43)}`),
  t('INFO', 'sshd', pid, (r) => `pam_unix(sshd:session): session opened for user ${r.pick(OPS_USERS)}(uid=${r.int(1000, 1010)}) by (uid=0)`),
  t('INFO', 'systemd-logind', fixed('702'), (r) => `New session ${r.int(1000, 99999)} of user ${r.pick(OPS_USERS)}.`),
  t('INFO', 'sshd', pid, (r) => `Invalid user ${r.pick(SCAN_USERS)} from ${r.publicIp()} port ${r.port()}`),
  t('INFO', 'sshd', pid, (r) => `pam_unix(sshd:session): session closed for user ${r.pick(OPS_USERS)}`),
  t('INFO', 'sshd', pid, (r) => `Connection closed by invalid user ${r.pick(SCAN_USERS)} ${r.publicIp()} port ${r.port()} [preauth]`),
  t('INFO', 'systemd', fixed('1'), (r) => `Started session-${r.int(1000, 99999)}.scope - Session ${r.int(1000, 99999)} of User ${r.pick(OPS_USERS)}.`),
  t('INFO', 'dockerd', fixed('1043'), (r, ctx) => `time="${goTime(r, ctx)}" level=info msg="ignoring event" container=${r.hex(64)} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`),
  t('INFO', 'systemd-logind', fixed('702'), (r) => `Session ${r.int(1000, 99999)} logged out. Waiting for processes to exit.`),
  HOST_FAILED_PASSWORD,
  t('INFO', 'sshd', pid, (r) => `Received disconnect from ${r.ip()} port ${r.port()}:11: disconnected by user`),
  t('INFO', 'sudo', pid, (r) => `  ${r.pick(OPS_USERS)} : TTY=pts/${r.int(0, 4)} ; PWD=/home/${r.pick(OPS_USERS)} ; USER=root ; COMMAND=/usr/bin/systemctl status ${r.pick(SERVICES)}`),
  t('INFO', 'containerd', fixed('981'), (r, ctx) => `time="${goTime(r, ctx)}" level=info msg="shim disconnected" id=${r.hex(64)} namespace=moby`),
  t('INFO', 'postfix/smtpd', pid, (r) => `connect from unknown[${r.publicIp()}]`),
  t('INFO', 'postfix/smtpd', pid, (r) => `disconnect from unknown[${r.publicIp()}] ehlo=1 auth=0/1 quit=1 commands=2/3`),
  t('WARN', 'postfix/smtpd', pid, (r) => `warning: unknown[${r.publicIp()}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`),
  t('ERROR', 'sshd', pid, () => 'error: kex_exchange_identification: Connection closed by remote host'),
  t('INFO', 'systemd-resolved', fixed('611'), () => 'Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.0.0.2.'),
  t('WARN', 'kernel', fixed(''), (r, ctx) => `${uptime(r, ctx)} TCP: request_sock_TCP: Possible SYN flooding on port ${r.pick([80, 443])}. Sending cookies.  Check SNMP counters.`),
  t('INFO', 'snapd', fixed('1377'), (r) => `storehelpers.go:${r.int(700, 800)}: cannot refresh snap "${r.pick(['core22', 'lxd', 'snapd'])}": snap has no updates available`),
  t('ERROR', 'sshd', pid, (r) => `error: maximum authentication attempts exceeded for root from ${r.publicIp()} port ${r.port()} ssh2 [preauth]`),
];

const HOST_PERIODIC: readonly Periodic[] = [
  { template: HOST_COLLECTD, everyMs: 10_000, jitterMs: 30 },
  { template: HOST_TELEGRAF, everyMs: 10_000, jitterMs: 300, offsetMs: 4_000 },
  { template: t('INFO', 'CRON', pid, () => '(www-data) CMD (php /var/www/app/artisan schedule:run >> /dev/null 2>&1)'), everyMs: 60_000, jitterMs: 900 },
  { template: t('INFO', 'CRON', pid, () => '(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)'), everyMs: 600_000, jitterMs: 900, offsetMs: 5_000 },
];

const HOST_RARE: readonly Template[] = [
  t('INFO', 'systemd', fixed('1'), () => 'Reloading.'),
  t('INFO', 'sshd', fixed('988'), () => 'Server listening on 0.0.0.0 port 22.'),
  t('INFO', 'systemd', fixed('1'), () => 'Finished logrotate.service - Rotate log files.'),
  t('INFO', 'unattended-upgrade', pid, () => 'No packages found that can be upgraded unattended and no pending auto-removals'),
  t('WARN', 'kernel', fixed(''), (r, ctx) => `${uptime(r, ctx)} perf: interrupt took too long (${r.int(2500, 4000)} > ${r.int(2400, 2500)}), lowering kernel.perf_event_max_sample_rate to ${r.int(40000, 80000)}`),
  t('INFO', 'chronyd', fixed('655'), (r) => `Selected source ${r.ip()} (${r.int(0, 3)}.pool.ntp.org)`),
];

// -- Gateway fatal events

const GW_PANIC = t('FATAL', 'gateway.proxy', gw, () => 'unrecovered panic in handler: runtime error: invalid memory address or nil pointer dereference', {
  signature: /unrecovered panic in handler: runtime error: invalid memory address or nil pointer dereference/,
  continuation: {
    probability: 1,
    lines: (r) => [
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x9f1c24]',
      '',
      `goroutine ${r.int(1000, 90000)} [running]:`,
      `github.com/acme/gateway/internal/proxy.(*Router).ServeHTTP(0xc0004a6000, {0x1a2b3c0, 0xc00${r.hex(7)}}, 0xc000b8e200)`,
      '\t/build/internal/proxy/router.go:212 +0x1a4',
      `net/http.serverHandler.ServeHTTP({0xc000182000?}, {0x1a2b3c0?, 0xc00${r.hex(7)}?}, 0x6?)`,
      '\t/usr/local/go/src/net/http/server.go:3137 +0x8e',
      `net/http.(*conn).serve(0xc00${r.hex(7)}, {0x1a2d1e8, 0xc000215a10})`,
      '\t/usr/local/go/src/net/http/server.go:2039 +0x5e8',
      'created by net/http.(*Server).Serve in goroutine 1',
      '\t/usr/local/go/src/net/http/server.go:3285 +0x4b4',
    ],
  },
});
const GW_FD_EXHAUSTED = t('FATAL', 'gateway.main', fixed('main'), () => 'listener on :8443 stopped: accept tcp [::]:8443: accept4: too many open files',
  { signature: /listener on :8443 stopped: accept tcp \[::\]:8443: accept4: too many open files/ });
const GW_RESTARTED = t('FATAL', 'gateway.main', fixed('main'), (r) => `shutting down after ${r.int(3, 5)} listener errors, exit status 2`,
  { signature: /shutting down after \d+ listener errors, exit status 2/ });

// ---------------------------------------------------------------------------------------------------------------
// Profiles, injections and scenario specs

/** A template logged at a fixed interval. */
interface Periodic {
  readonly template: Template;
  readonly everyMs: number;
  /** Each occurrence is late by up to this much. */
  readonly jitterMs: number;
  /** @default 0 */
  readonly offsetMs?: number;
}

/** A job that writes a start line, a run of item lines a few milliseconds apart, and an end line. */
interface Batch {
  readonly everyMs: number;
  readonly start: Template;
  readonly item: Template;
  readonly end: Template;
  /** Fewest and most item lines per run. */
  readonly items: readonly [number, number];
}

/** How a file is written: the header format and the normal behaviour of its service(s). */
interface Profile {
  readonly service: string;
  readonly format: LineFormat;
  /** Host name written by syslog headers. */
  readonly host: string;
  /** Request-driven templates, most frequent first: rank `k` (0-based) has weight 1 / (k + 1)^ZIPF_EXPONENT. */
  readonly traffic: readonly Template[];
  readonly periodic: readonly Periodic[];
  /** Normal templates that occur only 1-6 times in a file. */
  readonly rare: readonly Template[];
  readonly batches: readonly Batch[];
}

const LINE_FORMATS = { iso: 'iso', bracket: 'bracket', json: 'json', syslog: 'syslog' } as const;
type LineFormat = (typeof LINE_FORMATS)[keyof typeof LINE_FORMATS];

/** Interleaves ranked lists, so that an aggregate keeps each service's head near the top. */
function interleave<T>(...lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(...lists.map((l) => l.length)); i++) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}

const PROFILES = {
  gateway: { service: 'gateway', format: LINE_FORMATS.iso, host: 'gw-01', traffic: GATEWAY_TRAFFIC, periodic: GATEWAY_PERIODIC, rare: GATEWAY_RARE, batches: [] },
  orders: { service: 'orders', format: LINE_FORMATS.bracket, host: 'orders-01', traffic: ORDERS_TRAFFIC, periodic: ORDERS_PERIODIC, rare: ORDERS_RARE, batches: ORDERS_BATCHES },
  worker: { service: 'worker', format: LINE_FORMATS.json, host: 'worker-01', traffic: WORKER_TRAFFIC, periodic: WORKER_PERIODIC, rare: WORKER_RARE, batches: [] },
  host: { service: 'host', format: LINE_FORMATS.syslog, host: 'web-03', traffic: HOST_TRAFFIC, periodic: HOST_PERIODIC, rare: HOST_RARE, batches: [] },
  platform: {
    service: 'platform', format: LINE_FORMATS.iso, host: 'platform',
    traffic: interleave(GATEWAY_TRAFFIC, ORDERS_TRAFFIC),
    periodic: [...GATEWAY_PERIODIC, ...ORDERS_PERIODIC],
    rare: [...GATEWAY_RARE, ...ORDERS_RARE],
    batches: ORDERS_BATCHES,
  },
} as const satisfies Record<string, Profile>;

/** An anomaly to inject; times are fractions of the file's span. */
type Injection =
  | { readonly kind: 'flood'; readonly template: Template; readonly at: number; readonly lines: number; readonly share: number }
  | {
    readonly kind: 'burst'; readonly template: Template; readonly at: number; readonly minutes: number; readonly factor: number;
    /** Renders the burst's own records from one client address (drawn once per file), in the template's text. */
    readonly fromOneClient?: (r: Rng, ip: string) => string;
  }
  | { readonly kind: 'new_error'; readonly template: Template; readonly at: number; readonly count: number }
  | { readonly kind: 'rare_fatal'; readonly events: readonly { readonly at: number; readonly records: readonly Template[] }[] }
  | { readonly kind: 'silence'; readonly template: Template; readonly at: number; readonly minutes: number }
  | { readonly kind: 'drift'; readonly template: Template; readonly at: number; readonly factor: number }
  | { readonly kind: 'events'; readonly label: string; readonly description: string; readonly at: number; readonly records: readonly Template[]; readonly spacingMs: readonly [number, number] };

/** Everything needed to write one file. */
interface ScenarioSpec {
  readonly name: string;
  readonly kind: ScenarioKind | 'sample';
  readonly seed: number;
  readonly profile: Profile;
  /** Start of the file, epoch milliseconds. */
  readonly startMs: number;
  readonly hours: number;
  /** Mean rate of request-driven records per second, before the diurnal curve. */
  readonly recordsPerSecond: number;
  readonly injections: readonly Injection[];
  /** Stop before the record that would exceed this many lines. */
  readonly maxLines?: number;
}

const DAY_START = Date.UTC(2024, 4, 1, 6, 0, 0);

const SCENARIO_SPECS: readonly ScenarioSpec[] = [
  {
    name: 'flood-orders', kind: 'flood', seed: 101, profile: PROFILES.orders, startMs: DAY_START, hours: 4, recordsPerSecond: 6,
    injections: [{ kind: 'flood', template: ORDERS_DB_REFUSED, at: 0.58, lines: 9000, share: 0.95 }],
  },
  {
    name: 'flood-worker', kind: 'flood', seed: 102, profile: PROFILES.worker, startMs: DAY_START + 2 * 3_600_000, hours: 3, recordsPerSecond: 7,
    injections: [{ kind: 'flood', template: WORKER_REDIS_REFUSED, at: 0.37, lines: 6000, share: 0.94 }],
  },
  {
    name: 'burst-gateway', kind: 'burst', seed: 201, profile: PROFILES.gateway, startMs: DAY_START, hours: 4, recordsPerSecond: 7,
    injections: [{ kind: 'burst', template: GW_RATE_LIMIT, at: 0.62, minutes: 5, factor: 15, fromOneClient: rateLimitedScraper }],
  },
  {
    name: 'burst-host', kind: 'burst', seed: 202, profile: PROFILES.host, startMs: DAY_START + 3_600_000, hours: 5, recordsPerSecond: 5,
    injections: [{ kind: 'burst', template: HOST_FAILED_PASSWORD, at: 0.41, minutes: 4, factor: 12, fromOneClient: bruteForceAttempt }],
  },
  {
    name: 'new_error-orders', kind: 'new_error', seed: 301, profile: PROFILES.orders, startMs: DAY_START, hours: 4, recordsPerSecond: 6,
    injections: [{ kind: 'new_error', template: ORDERS_NEW_DESERIALIZE, at: 0.55, count: 45 }],
  },
  {
    name: 'new_error-worker', kind: 'new_error', seed: 302, profile: PROFILES.worker, startMs: DAY_START, hours: 3, recordsPerSecond: 8,
    injections: [{ kind: 'new_error', template: WORKER_NEW_FONT, at: 0.48, count: 70 }],
  },
  {
    name: 'rare_fatal-gateway', kind: 'rare_fatal', seed: 401, profile: PROFILES.gateway, startMs: DAY_START, hours: 4, recordsPerSecond: 7,
    injections: [{ kind: 'rare_fatal', events: [{ at: 0.33, records: [GW_PANIC] }, { at: 0.81, records: [GW_FD_EXHAUSTED, GW_RESTARTED] }] }],
  },
  {
    name: 'rare_fatal-host', kind: 'rare_fatal', seed: 402, profile: PROFILES.host, startMs: DAY_START, hours: 5, recordsPerSecond: 5,
    injections: [{ kind: 'rare_fatal', events: [{ at: 0.52, records: HOST_OOM }, { at: 0.74, records: [HOST_SOFT_LOCKUP] }] }],
  },
  {
    name: 'silence-gateway', kind: 'silence', seed: 501, profile: PROFILES.gateway, startMs: DAY_START, hours: 4, recordsPerSecond: 7,
    injections: [{ kind: 'silence', template: GW_HEALTH, at: 0.57, minutes: 20 }],
  },
  {
    name: 'silence-worker', kind: 'silence', seed: 502, profile: PROFILES.worker, startMs: DAY_START, hours: 3, recordsPerSecond: 8,
    injections: [{ kind: 'silence', template: WORKER_POLL, at: 0.44, minutes: 14 }],
  },
  {
    name: 'drift-orders', kind: 'drift', seed: 601, profile: PROFILES.orders, startMs: DAY_START, hours: 4, recordsPerSecond: 6,
    injections: [{ kind: 'drift', template: ORDERS_EXECUTOR_STATS, at: 0.6, factor: 14 }],
  },
  {
    name: 'drift-worker', kind: 'drift', seed: 602, profile: PROFILES.worker, startMs: DAY_START, hours: 3, recordsPerSecond: 8,
    injections: [{ kind: 'drift', template: WORKER_BATCH_FLUSH, at: 0.65, factor: 14 }],
  },
  {
    name: 'mixed-platform', kind: 'mixed', seed: 701, profile: PROFILES.platform, startMs: DAY_START, hours: 5, recordsPerSecond: 6,
    injections: [
      { kind: 'flood', template: ORDERS_DB_REFUSED, at: 0.12, lines: 7000, share: 0.94 },
      { kind: 'burst', template: GW_RATE_LIMIT, at: 0.27, minutes: 4, factor: 18, fromOneClient: rateLimitedScraper },
      { kind: 'silence', template: GW_HEALTH, at: 0.38, minutes: 25 },
      { kind: 'rare_fatal', events: [{ at: 0.47, records: [ORDERS_FATAL_OOM] }, { at: 0.9, records: [GW_PANIC] }] },
      { kind: 'new_error', template: ORDERS_NEW_DESERIALIZE, at: 0.55, count: 40 },
      { kind: 'drift', template: ORDERS_EXECUTOR_STATS, at: 0.68, factor: 14 },
    ],
  },
  {
    name: 'mixed-host', kind: 'mixed', seed: 702, profile: PROFILES.host, startMs: DAY_START + 3_600_000, hours: 5, recordsPerSecond: 5,
    injections: [
      { kind: 'burst', template: HOST_FAILED_PASSWORD, at: 0.1, minutes: 6, factor: 10, fromOneClient: bruteForceAttempt },
      { kind: 'silence', template: HOST_COLLECTD, at: 0.22, minutes: 18 },
      { kind: 'new_error', template: HOST_EXT4_ERROR, at: 0.3, count: 35 },
      { kind: 'flood', template: HOST_CONNTRACK, at: 0.45, lines: 8000, share: 0.95 },
      { kind: 'rare_fatal', events: [{ at: 0.61, records: HOST_OOM }] },
      { kind: 'drift', template: HOST_TELEGRAF, at: 0.7, factor: 14 },
    ],
  },
];

/** The one scraper behind the rate-limit burst: its address is fixed, the paths vary. */
function rateLimitedScraper(r: Rng, ip: string): string {
  return `client ${ip} exceeded ${r.pick([50, 100])} req/s on ${r.pick(API_PATHS)}, throttling for ${r.int(10, 30)}s`;
}

/** One attacker trying a user list from one address. */
function bruteForceAttempt(r: Rng, ip: string): string {
  return `Failed password for invalid user ${r.pick([...SCAN_USERS, 'admin1', 'administrator', 'deployer', 'jenkins', 'minecraft', 'steam'])} from ${ip} port ${r.port()} ssh2`;
}

// ---------------------------------------------------------------------------------------------------------------
// The engine

/** Exponent of the Zipf-like law over template ranks; ~1 is what real logs show. */
const ZIPF_EXPONENT = 1.15;

/** One record to write. */
interface PendingEvent {
  readonly timeMs: number;
  readonly seq: number;
  readonly template: Template;
  /** Message override (a burst from one client). */
  readonly variant?: (r: Rng) => string;
  /** Label carried by the event itself, whatever its template (events injections). */
  readonly tag?: string;
}

interface GeneratedFile {
  readonly text: string;
  readonly lineCount: number;
  readonly labels: Map<string, LineRange[]>;
  readonly injected: LabelsFile['injected'];
}

/** Smooth diurnal-ish multiplier of the request rate, with slow multiplicative noise, per minute. */
function rateCurve(r: Rng, spec: ScenarioSpec): (timeMs: number) => number {
  const minutes = Math.ceil(spec.hours * 60) + 2;
  const noise: number[] = [];
  let n = 0;
  for (let i = 0; i < minutes; i++) noise.push(Math.exp((n = 0.92 * n + 0.06 * r.gauss())));
  const phase = r.next() * 2 * Math.PI;
  const periodMs = 7 * 3_600_000;
  return (timeMs) => {
    const m = (timeMs - spec.startMs) / 60_000;
    const i = Math.max(0, Math.min(minutes - 2, Math.floor(m)));
    const f = m - i;
    const noisy = (noise[i] as number) * (1 - f) + (noise[i + 1] as number) * f;
    return (1 + 0.35 * Math.sin((2 * Math.PI * (timeMs - spec.startMs)) / periodMs + phase)) * noisy;
  };
}

/** Mean physical lines per traffic record, estimated once by sampling with a fixed seed. */
function meanLinesPerRecord(profile: Profile, cumulative: readonly number[]): number {
  const r = new Rng(12345);
  let lines = 0;
  const samples = 4000;
  for (let i = 0; i < samples; i++) {
    const tpl = r.pickRanked(profile.traffic, cumulative);
    lines += 1;
    if (tpl.continuation !== undefined && r.next() < tpl.continuation.probability) lines += tpl.continuation.lines(r).length;
  }
  return lines / samples;
}



function requireSignature(template: Template, kind: string): RegExp {
  if (template.signature === undefined) throw new Error(`anomaly-scenarios: the ${kind} template of ${template.logger} has no signature`);
  return template.signature;
}

let isoSecond = Number.NaN;
let isoPrefix = '';
/**
 * ISO 8601 with milliseconds and `Z`. The `YYYY-MM-DDTHH:MM:SS.` prefix is formatted once per second, since
 * Date#toISOString on every line would dominate the generator's time.
 */
function iso(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  return `${isoPrefix}${String(ms - second * 1000).padStart(3, '0')}Z`;
}

/** Writes the physical lines of one record. */
function renderRecord(r: Rng, format: LineFormat, host: string, timeMs: number, template: Template, message: string, continuation: string[] | undefined): string {
  const stamp = iso(timeMs);
  const thread = template.thread(r);
  switch (format) {
    case LINE_FORMATS.iso: {
      const head = `${stamp} ${template.level} [${thread}] ${template.logger}: ${message}`;
      return continuation === undefined ? head : `${head}\n${continuation.join('\n')}`;
    }
    case LINE_FORMATS.bracket: {
      const head = `[${stamp.slice(0, 10)} ${stamp.slice(11, 19)},${stamp.slice(20, 23)}] ${template.level.padEnd(5)} [${thread}] ${template.logger} - ${message}`;
      return continuation === undefined ? head : `${head}\n${continuation.join('\n')}`;
    }
    case LINE_FORMATS.json: {
      const record: Record<string, string | number> = { ts: stamp, level: template.level.toLowerCase(), logger: template.logger, msg: message };
      if (/^\d+$/.test(thread)) record.goroutine = Number(thread);
      if (continuation !== undefined) record.stacktrace = continuation.join('\n');
      return JSON.stringify(record);
    }
    case LINE_FORMATS.syslog: {
      // rsyslog's high-precision format: microseconds and an explicit offset; the kernel has no pid.
      const program = thread === '' ? template.logger : `${template.logger}[${thread}]`;
      const head = `${stamp.slice(0, 23)}${String(r.int(0, 999)).padStart(3, '0')}+00:00 ${host} ${program}: ${message}`;
      return continuation === undefined ? head : `${head}\n${continuation.join('\n')}`;
    }
  }
}

/** Appends line `line` to the runs of `key`, extending the last run when contiguous. */
function addLabel(labels: Map<string, LineRange[]>, key: string, first: number, last: number): void {
  let ranges = labels.get(key);
  if (ranges === undefined) labels.set(key, (ranges = []));
  const prev = ranges[ranges.length - 1];
  if (prev !== undefined && prev[1] + 1 >= first) ranges[ranges.length - 1] = [prev[0], Math.max(prev[1], last)];
  else ranges.push([first, last]);
}

/** Generates one scenario's text and labels in memory. */
function generateFile(spec: ScenarioSpec): GeneratedFile {
  const r = new Rng(spec.seed);
  const { profile } = spec;
  const startMs = spec.startMs;
  const endMs = startMs + spec.hours * 3_600_000;
  const spanMs = endMs - startMs;
  const at = (fraction: number): number => Math.round(startMs + fraction * spanMs);
  const curve = rateCurve(r, spec);
  const cumulative = zipfCumulative(profile.traffic.length, ZIPF_EXPONENT);
  const events: PendingEvent[] = [];
  let seq = 0;
  const push = (timeMs: number, template: Template, extra: { variant?: (r: Rng) => string; tag?: string } = {}): void => {
    events.push({ timeMs: Math.floor(timeMs), seq: seq++, template, ...extra });
  };

  // Normal behaviour.
  const baseRatePerMs = spec.recordsPerSecond / 1000;
  for (let time = startMs + r.expo(baseRatePerMs); time < endMs; time += r.expo(baseRatePerMs * curve(time))) {
    push(time, r.pickRanked(profile.traffic, cumulative));
  }
  const silences = spec.injections.flatMap((i) => (i.kind === 'silence' ? [i] : []));
  for (const p of profile.periodic) {
    const silent = silences.filter((s) => s.template === p.template).map((s) => [at(s.at), at(s.at) + s.minutes * 60_000] as const);
    for (let time = startMs + (p.offsetMs ?? 0) + r.int(0, p.everyMs - 1); time < endMs; time += p.everyMs) {
      const jittered = time + r.int(0, p.jitterMs);
      if (silent.some(([from, to]) => jittered >= from && jittered < to)) continue;
      push(jittered, p.template);
    }
  }
  for (const template of profile.rare) {
    const count = r.int(1, 6);
    for (let i = 0; i < count; i++) push(startMs + r.next() * spanMs, template);
  }
  for (const b of profile.batches) {
    for (let time = startMs + r.int(0, b.everyMs - 1); time < endMs - 60_000; time += b.everyMs) {
      let ms = time;
      push(ms, b.start);
      const n = r.int(b.items[0], b.items[1]);
      for (let i = 0; i < n; i++) push((ms += r.int(5, 120)), b.item);
      push(ms + r.int(5, 50), b.end);
    }
  }

  // Injections, and for each a rule that says which rendered lines it labels.
  type Labeler = (e: PendingEvent, message: string) => boolean;
  const labelers: { key: string; label: Labeler }[] = [];
  const injected: { kind: string; description: string; signature: string; from: string; to: string }[] = [];
  const linesPerRecord = meanLinesPerRecord(profile, cumulative);
  const periodicPerMs = profile.periodic.reduce((sum, p) => sum + 1 / p.everyMs, 0);
  for (const inj of spec.injections) {
    switch (inj.kind) {
      case 'flood': {
        const signature = requireSignature(inj.template, inj.kind);
        const from = at(inj.at) + r.int(0, 59_999);
        // Rate such that the template is `share` of the lines, given the normal line rate at that time.
        const normalPerMs = baseRatePerMs * curve(from) * linesPerRecord + periodicPerMs;
        const floodPerMs = (normalPerMs * inj.share) / (1 - inj.share);
        let last = from;
        for (let i = 0, time = from; i < inj.lines; i++, time += r.expo(floodPerMs)) push((last = time), inj.template);
        const to = Math.floor(last);
        labelers.push({ key: inj.kind, label: (e) => e.template === inj.template && e.timeMs >= from && e.timeMs <= to });
        injected.push({ kind: inj.kind, description: `${inj.lines} records of one ${inj.template.level} template at ${Math.round(inj.share * 100)}% of the lines`, signature: signature.source, from: iso(from), to: iso(to) });
        break;
      }
      case 'burst': {
        const signature = requireSignature(inj.template, inj.kind);
        const from = at(inj.at);
        const to = from + inj.minutes * 60_000;
        const rank = profile.traffic.indexOf(inj.template);
        if (rank < 0) throw new Error(`anomaly-scenarios: the burst template of ${spec.name} is not a traffic template`);
        const share = (cumulative[rank] as number) - (rank > 0 ? (cumulative[rank - 1] as number) : 0);
        const extraPerMs = (inj.factor - 1) * baseRatePerMs * share;
        const render = inj.fromOneClient;
        const ip = r.publicIp();
        const extra = render === undefined ? {} : { variant: (rr: Rng) => render(rr, ip) };
        for (let time = from + r.expo(extraPerMs * curve(from)); time < to; time += r.expo(extraPerMs * curve(time))) push(time, inj.template, extra);
        labelers.push({ key: inj.kind, label: (e) => e.template === inj.template && e.timeMs >= from && e.timeMs < to });
        injected.push({ kind: inj.kind, description: `rate of a normal ${inj.template.level} template x${inj.factor} for ${inj.minutes} minutes`, signature: signature.source, from: iso(from), to: iso(to) });
        break;
      }
      case 'new_error': {
        const signature = requireSignature(inj.template, inj.kind);
        const from = at(inj.at);
        const times = Array.from({ length: inj.count }, () => from + r.next() * (endMs - from)).sort((a, b) => a - b);
        for (const time of times) push(time, inj.template);
        labelers.push({ key: inj.kind, label: (e) => e.template === inj.template });
        injected.push({ kind: inj.kind, description: `${inj.count} records of a new ${inj.template.level} template, spread from the injection point to the end`, signature: signature.source, from: iso(from), to: iso(endMs) });
        break;
      }
      case 'rare_fatal': {
        const templates = new Set<Template>();
        for (const event of inj.events) {
          // Off the round second the fraction gives, as a real event would be.
          let time = at(event.at) + r.int(0, 59_999);
          for (const template of event.records) {
            const signature = requireSignature(template, inj.kind);
            templates.add(template);
            push(time, template);
            injected.push({ kind: inj.kind, description: `fatal record: ${template.level} ${template.logger}`, signature: signature.source, from: iso(time), to: iso(time) });
            time += r.int(0, 3);
          }
        }
        labelers.push({ key: inj.kind, label: (e) => templates.has(e.template) });
        break;
      }
      case 'silence': {
        const signature = requireSignature(inj.template, inj.kind);
        if (!profile.periodic.some((p) => p.template === inj.template)) throw new Error(`anomaly-scenarios: the silenced template of ${spec.name} is not periodic`);
        const from = at(inj.at);
        const to = from + inj.minutes * 60_000;
        labelers.push({ key: inj.kind, label: (e) => e.timeMs >= from && e.timeMs < to });
        injected.push({ kind: inj.kind, description: `a periodic template stops for ${inj.minutes} minutes; every line in [from, to) is labelled`, signature: signature.source, from: iso(from), to: iso(to) });
        break;
      }
      case 'drift': {
        const signature = requireSignature(inj.template, inj.kind);
        const from = at(inj.at);
        let maxBefore = -Infinity;
        const value = (message: string): number => Number(signature.exec(message)?.[1] ?? Number.NaN);
        labelers.push({
          key: inj.kind,
          label: (e, message) => {
            if (e.template !== inj.template) return false;
            const v = value(message);
            if (e.timeMs < from) {
              maxBefore = Math.max(maxBefore, v);
              return false;
            }
            return v > maxBefore;
          },
        });
        injected.push({ kind: inj.kind, description: `the value in group 1 of the signature grows linearly to x${inj.factor} by the end`, signature: signature.source, from: iso(from), to: iso(endMs) });
        break;
      }
      case 'events': {
        const first = at(inj.at) + r.int(0, 59_999);
        let time = first;
        const records = inj.records;
        for (const template of records) {
          push(time, template, { tag: inj.label });
          time += r.int(inj.spacingMs[0], inj.spacingMs[1]);
        }
        labelers.push({ key: inj.label, label: (e) => e.tag === inj.label });
        injected.push({ kind: inj.label, description: inj.description, signature: records[0]?.signature?.source ?? '', from: iso(first), to: iso(time) });
        break;
      }
    }
  }
  const drift = spec.injections.find((i) => i.kind === 'drift');
  const scaleAt = (e: PendingEvent): number => {
    if (drift === undefined || e.template !== drift.template) return 1;
    const from = at(drift.at);
    return e.timeMs < from ? 1 : 1 + ((drift.factor - 1) * (e.timeMs - from)) / (endMs - from);
  };

  // Render in time order; ties keep the order the events were created in.
  events.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
  const labels = new Map<string, LineRange[]>();
  const chunks: string[] = [];
  let line = 0;
  for (const e of events) {
    if (e.timeMs >= endMs) continue;
    const message = e.variant !== undefined ? e.variant(r) : e.template.message(r, { timeMs: e.timeMs, scale: scaleAt(e) });
    const c = e.template.continuation;
    const continuation = c !== undefined && r.next() < c.probability ? c.lines(r) : undefined;
    const physical = 1 + (spec.profile.format === LINE_FORMATS.json || continuation === undefined ? 0 : continuation.length);
    if (spec.maxLines !== undefined && line + physical > spec.maxLines) break;
    chunks.push(renderRecord(r, profile.format, profile.host, e.timeMs, e.template, message, continuation));
    for (const { key, label } of labelers) if (label(e, message)) addLabel(labels, key, line + 1, line + physical);
    line += physical;
  }
  return { text: `${chunks.join('\n')}\n`, lineCount: line, labels, injected };
}

// ---------------------------------------------------------------------------------------------------------------
// Files and caching

function labelsFile(spec: ScenarioSpec, generated: GeneratedFile): LabelsFile {
  return {
    version: SCENARIOS_VERSION,
    name: spec.name,
    kind: spec.kind,
    seed: spec.seed,
    lineCount: generated.lineCount,
    labels: Object.fromEntries(generated.labels),
    injected: generated.injected,
  };
}

/** Writes `text` to `file` through a temporary name, so an interrupted run leaves no truncated file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

/** Labels JSON with one run per line, readable by a person and diffable. */
function formatLabels(labels: LabelsFile): string {
  const runs = Object.entries(labels.labels).map(([key, ranges]) => `    ${JSON.stringify(key)}: [${ranges.map((x) => JSON.stringify(x)).join(', ')}]`);
  const { labels: _, injected, ...head } = labels;
  const headText = JSON.stringify(head, null, 2).slice(0, -2);
  return `${headText},\n  "labels": {\n${runs.join(',\n')}\n  },\n  "injected": ${JSON.stringify(injected, null, 2).replaceAll('\n', '\n  ')}\n}\n`;
}

function toScenario(file: string, labels: LabelsFile): Scenario {
  const map = new Map<AnomalyKind, readonly LineRange[]>();
  for (const kind of ANOMALY_KIND_LIST) {
    const ranges = labels.labels[kind];
    if (ranges !== undefined && ranges.length > 0) map.set(kind, ranges);
  }
  return {
    name: labels.name,
    kind: labels.kind as ScenarioKind,
    file,
    lineCount: labels.lineCount,
    seed: labels.seed,
    labels: map,
    injected: labels.injected.map((i) => ({ ...i, kind: i.kind as AnomalyKind })),
  };
}

/** The folder generated scenarios are cached in, named after {@link SCENARIOS_VERSION}. */
export const SCENARIOS_DIR = join(CACHE_DIR, `anomaly-v${SCENARIOS_VERSION}`);

/** The names of every scenario {@link generateScenarios} writes, in order. */
export const SCENARIO_NAMES: readonly string[] = SCENARIO_SPECS.map((s) => s.name);

/**
 * Generates one scenario's log and labels in memory, without writing anything; for tests.
 * @internal
 */
export function renderScenario(name: string, seed?: number): { text: string; lineCount: number; labels: ReadonlyMap<string, readonly LineRange[]>; injected: readonly InjectedAnomaly[] } {
  const spec = SCENARIO_SPECS.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`anomaly-scenarios: unknown scenario "${name}"; known: ${SCENARIO_NAMES.join(', ')}`);
  const generated = generateFile(seed === undefined ? spec : { ...spec, seed });
  return { text: generated.text, lineCount: generated.lineCount, labels: generated.labels, injected: generated.injected as InjectedAnomaly[] };
}

/**
 * Returns every benchmark scenario: two single-kind files per anomaly kind (different services and seeds) and two
 * mixed files. A file is generated when absent from `dir` and reused otherwise; the log is `<dir>/<name>.log` and
 * its labels are `<dir>/<name>.log.labels.json` (written last, so its presence means the pair is complete).
 * @param dir - where to write and cache the files; defaults to {@link SCENARIOS_DIR}, `.bench/anomaly-v<version>/`
 * @returns the scenarios, in the order of {@link SCENARIO_NAMES}
 * @example
 * const scenarios = await generateScenarios();
 * const flood = scenarios.find((s) => s.kind === ANOMALY_KINDS.flood);
 */
export async function generateScenarios(dir: string = SCENARIOS_DIR): Promise<Scenario[]> {
  await mkdir(dir, { recursive: true });
  const out: Scenario[] = [];
  for (const spec of SCENARIO_SPECS) {
    const file = join(dir, `${spec.name}.log`);
    const labelsPath = `${file}.labels.json`;
    const cached = await stat(labelsPath).then(() => true, () => false);
    if (cached) {
      const labels = JSON.parse(await readFile(labelsPath, 'utf8')) as LabelsFile;
      if (labels.version === SCENARIOS_VERSION) {
        out.push(toScenario(file, labels));
        continue;
      }
    }
    const generated = generateFile(spec);
    const labels = labelsFile(spec, generated);
    await writeAtomically(file, generated.text);
    await writeAtomically(labelsPath, formatLabels(labels));
    out.push(toScenario(file, labels));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The bundled sample log

const SAMPLE_DB_REFUSED = t('ERROR', 'c.z.h.p.HikariPool', httpExec, (r) => `HikariPool-1 - Connection to db-primary:5432 refused, retrying in ${r.pick([500, 500, 1000])}ms (attempt ${r.int(1, 5)}/5)`,
  { signature: /HikariPool-1 - Connection to db-primary:5432 refused, retrying in \d+ms \(attempt \d\/5\)/ });
const SAMPLE_BRUTE_FORCE_IP = '203.0.113.77';
const SAMPLE_SSHD: readonly Template[] = [
  t('INFO', 'sshd', pid, (r) => `Accepted publickey for ${r.pick(OPS_USERS)} from ${r.ip()} port ${r.port()} ssh2: ED25519 SHA256:${r.hex(43)}`),
  t('INFO', 'sshd', pid, (r) => `Connection closed by ${r.publicIp()} port ${r.port()} [preauth]`),
  t('WARN', 'sshd', pid, (r) => `Failed password for invalid user ${r.pick(SCAN_USERS)} from ${r.publicIp()} port ${r.port()} ssh2`),
];
const sampleBruteForce = (user: string): Template => t('WARN', 'sshd', fixed('48213'), (r) => `Failed password for invalid user ${user} from ${SAMPLE_BRUTE_FORCE_IP} port ${r.port()} ssh2`,
  { signature: /Failed password for invalid user \S+ from 203\.0\.113\.77 port \d+ ssh2/ });
const SAMPLE_SQLI = t('WARN', 'c.a.w.RequestFirewall', httpExec, () => `Possible SQL injection attempt blocked from 198.51.100.23: GET /api/v1/products?q=' OR '1'='1' UNION SELECT username,password FROM users-- (rule 942100)`,
  { signature: /Possible SQL injection attempt blocked/ });
const SAMPLE_CREDENTIAL_URL = t('INFO', 'c.a.m.MigrationRunner', fixed('main'), () => 'Running 2 pending migrations against postgresql://orders_app:Wq7v!pL2m9Zr@db-replica:5432/orders?sslmode=require',
  { signature: /postgresql:\/\/orders_app:[^@\s]+@db-replica/ });
const SAMPLE_AWS_KEY = t('WARN', 'c.a.e.S3Exporter', orderExec, () => 'S3 upload of s3://acme-exports/2024/05/01/orders.csv failed with key AKIA4QX7NZ2RYB3KD6WM: The AWS Access Key Id you provided does not exist in our records.',
  { signature: /AKIA[A-Z0-9]{16}/ });

const SAMPLE_SPEC: ScenarioSpec = {
  name: 'service',
  kind: 'sample',
  seed: 2024,
  profile: {
    service: 'sample', format: LINE_FORMATS.iso, host: 'sample',
    traffic: interleave(GATEWAY_TRAFFIC, ORDERS_TRAFFIC, SAMPLE_SSHD),
    periodic: [{ template: GW_HEALTH, everyMs: 15_000, jitterMs: 40 }, ORDERS_PERIODIC[2] as Periodic],
    rare: [...GATEWAY_RARE.slice(0, 2), ...ORDERS_RARE.slice(0, 2)],
    batches: [],
  },
  startMs: Date.UTC(2024, 4, 1, 9, 0, 0),
  hours: 0.75,
  recordsPerSecond: 0.47,
  maxLines: 3000,
  injections: [
    { kind: 'flood', template: SAMPLE_DB_REFUSED, at: 0.5, lines: 860, share: 0.95 },
    { kind: 'events', label: SECURITY_FINDINGS.credentialInUrl, description: 'a connection URL with user:password@', at: 0.08, records: [SAMPLE_CREDENTIAL_URL], spacingMs: [0, 0] },
    {
      kind: 'events', label: SECURITY_FINDINGS.bruteForce, description: `sshd failed passwords for invalid users from ${SAMPLE_BRUTE_FORCE_IP}`, at: 0.3,
      records: ['admin', 'admin', 'root1', 'test', 'oracle', 'ubuntu', 'postgres', 'git', 'user', 'support', 'ftpuser', 'pi', 'guest', 'admin1', 'deployer', 'hadoop'].map(sampleBruteForce),
      spacingMs: [800, 2500],
    },
    { kind: 'events', label: SECURITY_FINDINGS.sqlInjection, description: 'a blocked SQL injection payload', at: 0.68, records: [SAMPLE_SQLI], spacingMs: [0, 0] },
    { kind: 'events', label: SECURITY_FINDINGS.awsAccessKey, description: 'an AWS access key id (synthetic)', at: 0.8, records: [SAMPLE_AWS_KEY], spacingMs: [0, 0] },
  ],
};

/**
 * Writes the bundled sample log (about 3,000 lines of a gateway, an order service and sshd, in one ISO 8601 format)
 * and its labels, `<dir>/<name>.labels.json` beside `<dir>/<name>.log`. The story: normal traffic; a leaked database
 * URL at start-up of a migration; an sshd brute-force run from one address; then the primary database goes away and
 * HikariPool's `Connection to db-primary:5432 refused, retrying …` floods the log (about 860 lines at 95%); later a
 * blocked SQL injection attempt and an S3 error quoting an AWS access key id.
 * @param path - the log file to write, e.g. `samples/service.log`
 * @returns the labels written
 * @example
 * await writeSampleLog('samples/service.log');
 */
export async function writeSampleLog(path: string): Promise<LabelsFile> {
  const generated = generateFile(SAMPLE_SPEC);
  const labels = labelsFile(SAMPLE_SPEC, generated);
  await mkdir(dirname(path), { recursive: true });
  await writeAtomically(path, generated.text);
  await writeAtomically(join(dirname(path), `${basename(path).replace(/\.log$/, '')}.labels.json`), formatLabels(labels));
  return labels;
}

/**
 * Generates the sample log in memory; for tests.
 * @internal
 */
export function renderSampleLog(): { text: string; lineCount: number; labels: ReadonlyMap<string, readonly LineRange[]> } {
  const generated = generateFile(SAMPLE_SPEC);
  return { text: generated.text, lineCount: generated.lineCount, labels: generated.labels };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { sample: { type: 'string' } } });
  const started = performance.now();
  if (values.sample !== undefined) {
    const labels = await writeSampleLog(values.sample);
    process.stdout.write(`${JSON.stringify({ file: values.sample, lineCount: labels.lineCount, labels: Object.keys(labels.labels) })}\n`);
  } else {
    const scenarios = await generateScenarios(positionals[0]);
    for (const s of scenarios) {
      const labelled = [...s.labels].map(([k, ranges]) => `${k}=${ranges.reduce((n, [a, b]) => n + b - a + 1, 0)}`).join(' ');
      process.stdout.write(`${s.name.padEnd(20)} ${s.kind.padEnd(10)} ${String(s.lineCount).padStart(7)} lines  ${labelled}\n`);
    }
  }
  process.stderr.write(`anomaly-scenarios: done in ${((performance.now() - started) / 1000).toFixed(1)}s\n`);
}
