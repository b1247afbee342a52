/**
 * A deterministic corpus of log records with planted, synthetic secrets, and of clean lines that look like
 * secrets without being any: the ground truth for the redaction benchmark, reusable wherever redaction must be
 * checked (the text sent to an LLM, an output file).
 *
 * Every secret is generated from a seeded PRNG at run time, so none is a real credential and none sits in the
 * source for a secret scanner to flag. Each kind is planted in several log formats: plain header lines, JSON lines
 * (as a JSON string value, and JSON-escaped inside a message), logfmt, URLs, HTTP header dumps, and multi-line
 * records (stack traces, environment dumps, PEM blocks).
 */
import { SECRET_KINDS } from '../shared/security/index.ts';
import type { SecretKind } from '../shared/security/index.ts';
import { Rng as BaseRng } from './rng.ts';

/** The log formats secrets are planted in. */
export const CORPUS_FORMATS = {
  /** `timestamp LEVEL [thread] logger: message`. */
  plain: 'plain',
  /** One JSON object per line. */
  json: 'json',
  /** `key=value` pairs. */
  logfmt: 'logfmt',
  /** A URL carrying the secret, in a request line. */
  url: 'url',
  /** HTTP request headers as HTTP clients dump them. */
  httpHeaders: 'http-headers',
  /** A record spanning several lines: stack trace, environment dump, PEM block. */
  multiLine: 'multi-line',
} as const;
/** One corpus format. */
export type CorpusFormat = (typeof CORPUS_FORMATS)[keyof typeof CORPUS_FORMATS];

/** A secret planted in a record. */
export interface PlantedSecret {
  /** The kind the scanner should report it as. */
  kind: SecretKind;
  /**
   * The secret exactly as it appears in the record's text. A multi-line secret (a PEM body) is its lines joined
   * with `\n`; it has leaked when any of its lines is still in the text (see secretLeaked).
   */
  value: string;
}

/** One record of the corpus: its text and the secrets planted in it. */
export interface CorpusEntry {
  /** The log format of the record. */
  format: CorpusFormat;
  /** The record; multi-line records hold `\n`. */
  text: string;
  /** The secrets planted in `text`, at least one. */
  secrets: PlantedSecret[];
}

/** What to build. */
export interface SecretCorpusOptions {
  /**
   * Seed of the PRNG: the same seed always gives the same corpus.
   * @default 7
   */
  seed?: number;
  /**
   * How many records to build from each template; the corpus has about 60 templates.
   * @default 3
   */
  perTemplate?: number;
}

/** The defaults of SecretCorpusOptions. */
export const DEFAULT_SECRET_CORPUS_OPTIONS: Required<SecretCorpusOptions> = { seed: 7, perTemplate: 3 };

/** The seedable PRNG of bench/rng.ts, with the draws of this corpus. */
class Rng extends BaseRng {
  /** `n` random characters from `alphabet` that include a digit, a lowercase and an uppercase letter. */
  mixed(n: number, alphabet: string): string {
    for (;;) {
      const s = this.chars(n, alphabet);
      if (/\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)) return s;
    }
  }
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;
/** Password characters that survive unquoted in key=value text. */
const PASSWORD_CHARS = `${ALNUM}!#$%^*_+-.~`;
/** Password characters that need no percent-encoding in a URL's user info. */
const URL_PASSWORD_CHARS = `${ALNUM}-._~`;

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
const DOMAINS = ['example.com', 'example.org', 'corp.example.net', 'mail.example.co.uk', 'acme.test'];
const HOSTS = ['db.internal', 'db-primary.prod.example.net', 'cache-1.example.com', '10.20.30.40'];
const LOGGERS = ['c.a.o.OrderService', 'c.a.a.AuthClient', 'c.a.p.PaymentGateway', 'gateway.proxy', 'c.a.c.ConfigLoader'];

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const b64url = (s: string): string => Buffer.from(s).toString('base64url');

/** Generators of synthetic secrets. */
const gen = {
  awsAccessKey: (r: Rng) => r.pick(['AKIA', 'ASIA']) + r.chars(16, `${UPPER}234567`),
  awsSecretKey: (r: Rng) => r.mixed(40, B64),
  jwt: (r: Rng) =>
    `${b64url(JSON.stringify({ alg: r.pick(['HS256', 'RS256']), typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: String(r.int(1000, 99999)), name: r.pick(USERS), iat: 1714521600 + r.int(0, 1e6) }))}.${r.chars(43, B64URL)}`,
  opaqueToken: (r: Rng) => r.mixed(r.int(24, 48), `${ALNUM}-._~`),
  basic: (r: Rng) => b64(`${r.pick(USERS)}:${r.chars(r.int(10, 16), PASSWORD_CHARS)}`),
  password: (r: Rng) => r.mixed(r.int(10, 18), PASSWORD_CHARS),
  urlPassword: (r: Rng) => r.mixed(r.int(10, 18), URL_PASSWORD_CHARS),
  token: (r: Rng) => r.mixed(r.int(24, 40), ALNUM),
  github: (r: Rng) => r.pick(['ghp_', 'gho_', 'ghs_', 'ghu_']) + r.mixed(36, ALNUM),
  githubPat: (r: Rng) => `github_pat_${r.mixed(22, ALNUM)}_${r.mixed(59, ALNUM)}`,
  slack: (r: Rng) => `${r.pick(['xoxb', 'xoxp', 'xoxa'])}-${r.chars(11, DIGITS)}-${r.chars(13, DIGITS)}-${r.mixed(24, ALNUM)}`,
  stripe: (r: Rng) => r.pick(['sk_live_', 'rk_live_', 'sk_test_']) + r.mixed(24, ALNUM),
  google: (r: Rng) => `AIza${r.mixed(35, B64URL)}`,
  openai: (r: Rng) => r.pick(['sk-', 'sk-proj-']) + r.mixed(48, ALNUM),
  hex: (r: Rng) => r.chars(r.pick([32, 40, 64]), HEX),
  email: (r: Rng) => `${r.pick(USERS)}${r.pick(['.', '_', '+', ''])}${r.pick(['smith', 'jones', 'ops', 'dev'])}${r.int(1, 99)}@${r.pick(DOMAINS)}`,
  pemBody: (r: Rng) => {
    const lines: string[] = [];
    for (let i = r.int(5, 9); i > 0; i--) lines.push(r.chars(64, B64));
    lines.push(`${r.chars(r.int(8, 40), B64)}==`);
    return lines;
  },
};

/** What a template returns: the record and its planted secrets. */
type Rendered = { text: string; secrets: PlantedSecret[] };
type Template = { format: CorpusFormat; render: (r: Rng) => Rendered };

function ts(r: Rng): string {
  return `2024-05-01T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}.${String(r.int(0, 999)).padStart(3, '0')}Z`;
}

function plain(r: Rng, message: string, level = 'INFO'): string {
  return `${ts(r)} ${level} [${r.pick(['main', 'nio-exec-7', 'worker-3', 'gw-2'])}] ${r.pick(LOGGERS)}: ${message}`;
}

function json(r: Rng, fields: Record<string, unknown>): string {
  return JSON.stringify({ ts: ts(r), level: 'info', logger: r.pick(LOGGERS), ...fields });
}

function logfmt(r: Rng, pairs: string): string {
  return `ts=${ts(r)} level=info caller=${r.pick(['auth/client.go:88', 'db/pool.go:41', 'cmd/main.go:12'])} ${pairs}`;
}

/** A secret of `kind` planted once, as it appears in the text. */
function one(kind: SecretKind, value: string, text: string): Rendered {
  return { text, secrets: [{ kind, value }] };
}

function pem(r: Rng, label: string): { block: string; body: string[] } {
  const body = gen.pemBody(r);
  return { block: [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join('\n'), body };
}

const K = SECRET_KINDS;
const F = CORPUS_FORMATS;

/** The templates: every kind, in every format where it occurs in practice. */
const TEMPLATES: readonly Template[] = [
  // AWS access key ids
  { format: F.plain, render: (r) => { const k = gen.awsAccessKey(r); return one(K.awsAccessKey, k, plain(r, `Assumed role deploy with AccessKeyId ${k}, expires in 3600s`)); } },
  { format: F.json, render: (r) => { const k = gen.awsAccessKey(r); return one(K.awsAccessKey, k, json(r, { msg: 'credentials refreshed', credentials: { AccessKeyId: k, Expiration: '2024-05-01T13:00:00Z' } })); } },
  { format: F.logfmt, render: (r) => { const k = gen.awsAccessKey(r); return one(K.awsAccessKey, k, logfmt(r, `msg="using static credentials" aws_access_key_id=${k} region=eu-west-1`)); } },
  {
    format: F.url,
    render: (r) => {
      const k = gen.awsAccessKey(r);
      const sig = r.chars(64, HEX);
      return {
        text: plain(r, `GET https://acme-exports.s3.amazonaws.com/invoices/${r.int(1, 9999)}.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${k}%2F20240501%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Expires=900&X-Amz-Signature=${sig} 200`),
        secrets: [{ kind: K.awsAccessKey, value: k }, { kind: K.apiKey, value: sig }],
      };
    },
  },
  {
    format: F.httpHeaders,
    render: (r) => {
      const k = gen.awsAccessKey(r);
      const sig = r.chars(64, HEX);
      return {
        text: `>> PUT /orders/${r.int(1, 999)}.json HTTP/1.1\n>> Host: acme-orders.s3.amazonaws.com\n>> Authorization: AWS4-HMAC-SHA256 Credential=${k}/20240501/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}\n>> X-Amz-Date: 20240501T120000Z`,
        secrets: [{ kind: K.awsAccessKey, value: k }, { kind: K.secret, value: sig }],
      };
    },
  },
  // AWS secret access keys
  { format: F.plain, render: (r) => { const s = gen.awsSecretKey(r); return one(K.awsSecretKey, s, plain(r, `Loaded profile default: aws_secret_access_key = ${s}`, 'DEBUG')); } },
  { format: F.json, render: (r) => { const s = gen.awsSecretKey(r); return one(K.awsSecretKey, s, json(r, { msg: 'sts response', Credentials: { AccessKeyId: 'ASIA****', SecretAccessKey: s } })); } },
  { format: F.logfmt, render: (r) => { const s = gen.awsSecretKey(r); return one(K.awsSecretKey, s, logfmt(r, `msg="env" AWS_SECRET_ACCESS_KEY=${s}`)); } },
  { format: F.multiLine, render: (r) => { const s = gen.awsSecretKey(r); return one(K.awsSecretKey, s, `${plain(r, 'Container environment:', 'DEBUG')}\n  AWS_REGION=eu-west-1\n  AWS_SECRET_ACCESS_KEY=${s}\n  HOME=/root`); } },
  { format: F.plain, render: (r) => { const s = gen.awsSecretKey(r); return one(K.awsSecretKey, s, plain(r, `s3 client config {region: 'eu-west-1', secretAccessKey: '${s}'}`)); } },
  // JWTs
  { format: F.plain, render: (r) => { const t = gen.jwt(r); return one(K.jwt, t, plain(r, `Validated session ${t} for user ${r.pick(USERS)}`)); } },
  { format: F.json, render: (r) => { const t = gen.jwt(r); return one(K.jwt, t, json(r, { msg: 'token issued', id_token: t })); } },
  { format: F.json, render: (r) => { const t = gen.jwt(r); return one(K.jwt, t, json(r, { msg: `upstream replied {"access_token":"${t}","expires_in":3600}` })); } },
  { format: F.logfmt, render: (r) => { const t = gen.jwt(r); return one(K.jwt, t, logfmt(r, `msg="verify failed" jwt=${t} err="exp claim"`)); } },
  { format: F.url, render: (r) => { const t = gen.jwt(r); return one(K.jwt, t, plain(r, `GET /oauth/callback?state=${r.int(1e5, 9e5)}&token=${t} 302`)); } },
  { format: F.httpHeaders, render: (r) => { const t = gen.jwt(r); return one(K.jwt, t, `> GET /api/v1/orders HTTP/1.1\n> Host: api.example.com\n> Authorization: Bearer ${t}\n> Accept: application/json`); } },
  // Bearer tokens
  { format: F.httpHeaders, render: (r) => { const t = gen.opaqueToken(r); return one(K.bearerToken, t, plain(r, `>> "Authorization: Bearer ${t}[\\r][\\n]"`, 'DEBUG')); } },
  { format: F.json, render: (r) => { const t = gen.opaqueToken(r); return one(K.bearerToken, t, json(r, { msg: 'outgoing request', headers: { authorization: `Bearer ${t}`, accept: '*/*' } })); } },
  { format: F.plain, render: (r) => { const t = gen.opaqueToken(r); return one(K.bearerToken, t, plain(r, `curl -s -H 'Authorization: Bearer ${t}' https://api.example.com/v1/me`)); } },
  { format: F.logfmt, render: (r) => { const t = gen.opaqueToken(r); return one(K.bearerToken, t, logfmt(r, `msg="calling upstream" auth="Bearer ${t}" upstream=payments-api`)); } },
  // Basic auth
  { format: F.httpHeaders, render: (r) => { const b = gen.basic(r); return one(K.basicAuth, b, `> POST /token HTTP/1.1\n> Authorization: Basic ${b}\n> Content-Type: application/x-www-form-urlencoded`); } },
  { format: F.json, render: (r) => { const b = gen.basic(r); return one(K.basicAuth, b, json(r, { msg: 'request', headers: { Authorization: `Basic ${b}` } })); } },
  { format: F.plain, render: (r) => { const b = gen.basic(r); return one(K.basicAuth, b, plain(r, `proxy rejected credentials Basic ${b} with 407`, 'WARN')); } },
  // Passwords: key/value
  { format: F.plain, render: (r) => { const p = gen.password(r); return one(K.password, p, plain(r, `Connecting to ${r.pick(HOSTS)} user=app password=${p} sslmode=require`)); } },
  { format: F.json, render: (r) => { const p = gen.password(r); return one(K.password, p, json(r, { msg: 'login attempt', user: r.pick(USERS), password: p })); } },
  { format: F.json, render: (r) => { const p = gen.password(r); return one(K.password, p, json(r, { msg: `request body {"username":"${r.pick(USERS)}","password":"${p}"}` })); } },
  { format: F.logfmt, render: (r) => { const p = gen.password(r); return one(K.password, p, logfmt(r, `msg="pool init" db_user=app db_password=${p} max_conns=20`)); } },
  { format: F.plain, render: (r) => { const p = gen.password(r); return one(K.password, p, plain(r, `SMTP config: host=smtp.example.com passwd: ${p}`)); } },
  { format: F.plain, render: (r) => { const p = gen.password(r); return one(K.password, p, plain(r, `Created User{name=${r.pick(USERS)}, pwd=${p}, roles=[admin]}`)); } },
  { format: F.plain, render: (r) => { const p = gen.password(r); return one(K.password, p, plain(r, `settings: {'user': 'svc', 'password': '${p}', 'port': 5432}`)); } },
  { format: F.plain, render: (r) => { const p = gen.password(r); return one(K.password, p, plain(r, `exec: mysql -h ${r.pick(HOSTS)} -u root --password ${p} orders`)); } },
  { format: F.plain, render: (r) => { const p = gen.password(r); return one(K.password, p, plain(r, `SOAP request <auth><user>svc</user><password>${p}</password></auth>`)); } },
  // Passwords: URLs
  { format: F.url, render: (r) => { const p = gen.urlPassword(r); return one(K.password, p, plain(r, `Connecting to postgres://app:${p}@${r.pick(HOSTS)}:5432/orders`)); } },
  { format: F.url, render: (r) => { const p = gen.urlPassword(r); return one(K.password, p, json(r, { msg: 'redis connect', url: `redis://:${p}@cache-1.example.com:6379/0` })); } },
  { format: F.url, render: (r) => { const p = gen.urlPassword(r); return one(K.password, p, logfmt(r, `msg="mongo connect" uri=mongodb+srv://admin:${p}@cluster0.example.net/?retryWrites=true`)); } },
  {
    format: F.multiLine,
    render: (r) => {
      const p = gen.urlPassword(r);
      return one(
        K.password,
        p,
        `${plain(r, 'Failed to obtain JDBC Connection', 'ERROR')}\norg.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection\n\tat org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)\nCaused by: java.sql.SQLException: Cannot connect to jdbc:postgresql://app:${p}@${r.pick(HOSTS)}:5432/orders\n\tat org.postgresql.Driver.connect(Driver.java:285)\n\t... 42 more`,
      );
    },
  },
  // Other key/value secrets
  { format: F.logfmt, render: (r) => { const t = gen.token(r); return one(K.secret, t, logfmt(r, `msg="oauth exchange" client_id=web client_secret=${t} grant=client_credentials`)); } },
  { format: F.json, render: (r) => { const t = gen.token(r); return one(K.secret, t, json(r, { msg: 'token refreshed', access_token: t, expires_in: 3600 })); } },
  { format: F.httpHeaders, render: (r) => { const t = gen.token(r); return one(K.secret, t, `> GET /v2/catalog HTTP/1.1\n> X-Auth-Token: ${t}\n> User-Agent: acme-sync/1.4`); } },
  { format: F.url, render: (r) => { const t = gen.token(r); return one(K.secret, t, plain(r, `POST https://auth.example.com/oauth/token?grant_type=refresh_token&refresh_token=${t}&client_id=web 200`)); } },
  { format: F.plain, render: (r) => { const t = gen.token(r); return one(K.secret, t, plain(r, `webhook secret: ${t}`)); } },
  { format: F.httpHeaders, render: (r) => { const t = gen.token(r); return one(K.secret, t, plain(r, `request headers: Authorization: Token ${t}`, 'DEBUG')); } },
  // Private keys
  { format: F.multiLine, render: (r) => { const k = pem(r, 'RSA PRIVATE KEY'); return one(K.privateKey, k.body.join('\n'), `${plain(r, 'Loaded TLS key from env:', 'DEBUG')}\n${k.block}`); } },
  { format: F.json, render: (r) => { const k = pem(r, 'PRIVATE KEY'); return one(K.privateKey, k.body.join('\n'), json(r, { msg: 'service account', type: 'service_account', private_key: `${k.block}\n`, client_email: 'svc@project.iam.example.com' })); } },
  { format: F.plain, render: (r) => { const body = gen.pemBody(r).slice(0, 1); return one(K.privateKey, body.join('\n'), plain(r, `ssh: parsing key -----BEGIN OPENSSH PRIVATE KEY----- ${body[0]}`, 'WARN')); } },
  { format: F.multiLine, render: (r) => { const k = pem(r, 'EC PRIVATE KEY'); return one(K.privateKey, k.body.join('\n'), `${plain(r, 'writing key', 'DEBUG')}\n${k.block}\n${plain(r, 'key written')}`); } },
  // Vendor API keys
  { format: F.plain, render: (r) => { const k = gen.github(r); return one(K.apiKey, k, plain(r, `git clone using token ${k} for acme/orders`)); } },
  { format: F.url, render: (r) => { const k = gen.github(r); return one(K.apiKey, k, plain(r, `fetching https://x-access-token:${k}@github.com/acme/orders.git`)); } },
  { format: F.json, render: (r) => { const k = gen.githubPat(r); return one(K.apiKey, k, json(r, { msg: 'ci config', env: { GH_PAT: k } })); } },
  { format: F.logfmt, render: (r) => { const k = gen.slack(r); return one(K.apiKey, k, logfmt(r, `msg="notify" SLACK_BOT_TOKEN=${k} channel=#ops`)); } },
  { format: F.json, render: (r) => { const k = gen.slack(r); return one(K.apiKey, k, json(r, { msg: 'slack post failed', bot: k, error: 'channel_not_found' })); } },
  { format: F.plain, render: (r) => { const k = gen.stripe(r); return one(K.apiKey, k, plain(r, `Stripe.api_key = '${k}'`, 'DEBUG')); } },
  { format: F.logfmt, render: (r) => { const k = gen.stripe(r); return one(K.apiKey, k, logfmt(r, `msg="charge" stripe=${k} amount=4200`)); } },
  { format: F.url, render: (r) => { const k = gen.google(r); return one(K.apiKey, k, plain(r, `GET https://maps.googleapis.com/maps/api/geocode/json?address=Main+St&key=${k} 200`)); } },
  { format: F.json, render: (r) => { const k = gen.google(r); return one(K.apiKey, k, json(r, { msg: 'firebase init', apiKey: k, projectId: 'acme-prod' })); } },
  { format: F.logfmt, render: (r) => { const k = gen.openai(r); return one(K.apiKey, k, logfmt(r, `msg="llm call" OPENAI_API_KEY=${k} model=gpt`)); } },
  { format: F.plain, render: (r) => { const k = gen.openai(r); return one(K.apiKey, k, plain(r, `Using key ${k} for completions`)); } },
  { format: F.logfmt, render: (r) => { const k = gen.hex(r); return one(K.apiKey, k, logfmt(r, `msg="activate" license_key=${k} seats=25`)); } },
  { format: F.httpHeaders, render: (r) => { const k = gen.hex(r); return one(K.apiKey, k, `> GET /v1/rates HTTP/1.1\n> X-Api-Key: ${k}\n> Accept: application/json`); } },
  { format: F.json, render: (r) => { const k = gen.hex(r); return one(K.apiKey, k, json(r, { msg: 'webhook verify', signing_key: k })); } },
  { format: F.plain, render: (r) => { const k = gen.token(r); return one(K.apiKey, k, plain(r, `client init api_key=${k} timeout=30s`)); } },
  // E-mail addresses
  { format: F.plain, render: (r) => { const e = gen.email(r); return one(K.email, e, plain(r, `Sent order-confirmation to ${e}`)); } },
  { format: F.json, render: (r) => { const e = gen.email(r); return one(K.email, e, json(r, { msg: 'signup', email: e })); } },
  { format: F.logfmt, render: (r) => { const e = gen.email(r); return one(K.email, e, logfmt(r, `msg="login" user=${e} result=ok`)); } },
  { format: F.url, render: (r) => { const e = gen.email(r); return one(K.email, e, plain(r, `rendered link mailto:${e}?subject=Invoice`)); } },
  { format: F.httpHeaders, render: (r) => { const e = gen.email(r); return one(K.email, e, `< From: Support <${e}>\n< Reply-To: ${e}`); } },
  // Two secrets on one line
  {
    format: F.plain,
    render: (r) => {
      const e = gen.email(r);
      const p = gen.password(r);
      return { text: plain(r, `register email=${e} password=${p} ok`), secrets: [{ kind: K.email, value: e }, { kind: K.password, value: p }] };
    },
  },
  {
    format: F.json,
    render: (r) => {
      const k = gen.awsAccessKey(r);
      const s = gen.awsSecretKey(r);
      return { text: json(r, { aws_access_key_id: k, aws_secret_access_key: s }), secrets: [{ kind: K.awsAccessKey, value: k }, { kind: K.awsSecretKey, value: s }] };
    },
  },
];

/**
 * Builds the corpus: `perTemplate` records from each template, with fresh secrets each time.
 * @example
 * const corpus = buildSecretCorpus();
 * const leaked = corpus.flatMap((e) => e.secrets.filter((s) => secretLeaked(s, redactSecrets(e.text).text)));
 */
export function buildSecretCorpus(options: SecretCorpusOptions = {}): CorpusEntry[] {
  const r = new Rng(options.seed ?? DEFAULT_SECRET_CORPUS_OPTIONS.seed);
  const perTemplate = options.perTemplate ?? DEFAULT_SECRET_CORPUS_OPTIONS.perTemplate;
  const out: CorpusEntry[] = [];
  for (let i = 0; i < perTemplate; i++) {
    for (const t of TEMPLATES) out.push({ format: t.format, ...t.render(r) });
  }
  return out;
}

/** Whether a planted secret is still in a text: the whole value, or any line of a multi-line one. */
export function secretLeaked(secret: PlantedSecret, text: string): boolean {
  return secret.value.split('\n').some((part) => part.length > 0 && text.includes(part));
}

/**
 * Clean lines that look like secrets: UUIDs, git hashes, image digests, base64 payload ids, hex request ids, and
 * prose about passwords, tokens and keys. A scanner should find nothing in them.
 */
export function buildCleanLookalikes(options: Pick<SecretCorpusOptions, 'seed'> = {}): string[] {
  const r = new Rng((options.seed ?? DEFAULT_SECRET_CORPUS_OPTIONS.seed) + 1);
  const uuid = (): string => {
    const h = r.chars(32, HEX);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  };
  const makers: ((r: Rng) => string)[] = [
    () => plain(r, `Processing request ${uuid()} for tenant ${uuid()}`),
    () => json(r, { msg: 'order created', requestId: uuid(), orderId: r.int(1, 1e6) }),
    () => `commit ${r.chars(40, HEX)}`,
    () => `Merge: ${r.chars(7, HEX)} ${r.chars(7, HEX)}`,
    () => `${r.chars(7, HEX)} Fix flaky retry test in OrderServiceTest (#${r.int(100, 999)})`,
    () => plain(r, `HEAD is now at ${r.chars(12, HEX)} Bump version to 1.${r.int(0, 9)}.${r.int(0, 20)}`),
    () => plain(r, `Pulled image registry.example.com/orders@sha256:${r.chars(64, HEX)}`),
    () => logfmt(r, `msg="cache hit" etag="${r.chars(32, HEX)}" size=${r.int(100, 9999)}`),
    () => logfmt(r, `msg="event received" payloadId=${b64(r.chars(24, ALNUM))} partition=${r.int(0, 11)}`),
    () => json(r, { msg: 'sqs message', messageId: uuid(), receiptHandle: b64(r.chars(30, LOWER)).slice(0, 30) }),
    () => plain(r, `password reset email sent for user ${r.int(1, 99999)}`),
    () => plain(r, `Password policy updated: minimum length 12, history 5`),
    () => plain(r, `Password changed successfully for user ${r.int(1, 99999)}`),
    () => logfmt(r, `msg="llm usage" token count=${r.int(1, 9)} model=small`),
    () => logfmt(r, `msg="completion" prompt_tokens=${r.int(10, 999)} completion_tokens=${r.int(10, 999)} max_tokens=1024`),
    () => plain(r, `Tokenizer loaded in ${r.int(1, 99)}ms, tokens=${r.int(100, 9999)}`),
    () => plain(r, `GET /api/v1/orders x-request-id: ${r.chars(32, HEX)} 200 ${r.int(1, 900)}ms`),
    () => logfmt(r, `msg="handled" request_id=${r.chars(32, HEX)} trace_id=${r.chars(32, HEX)} span_id=${r.chars(16, HEX)}`),
    () => plain(r, `X-Amzn-Trace-Id: Root=1-${r.chars(8, HEX)}-${r.chars(24, HEX)}`),
    () => plain(r, `Cache miss for key order:${r.int(1, 999999)}, loading from database`, 'DEBUG'),
    () => logfmt(r, `msg="schema" keyspace=orders replication_factor=3`),
    () => plain(r, `Duplicate primary key violation on table orders id=${r.int(1, 99999)}`, 'WARN'),
    () => plain(r, `Rotated signing keys: ${r.int(1, 5)} active, next rotation in 7 days`),
    () => plain(r, `BEGIN TRANSACTION isolation=serializable`),
    () => plain(r, `secret rotation scheduled in ${r.int(1, 30)} days`),
    () => plain(r, `Bearer authentication failed for client c-${r.int(1, 99999)}`, 'WARN'),
    () => plain(r, `Basic auth disabled for /health`),
    () => logfmt(r, `msg="test run" passed=${r.int(1, 999)} failed=0 skipped=${r.int(0, 9)}`),
    () => logfmt(r, `msg="proxy" bypass=cache upstream=catalog-api`),
    () => plain(r, `disk-usage=${r.int(1, 99)}% on /var/data task-${r.chars(20, DIGITS)} finished`),
    () => plain(r, `Object com.acme.orders.OrderService@${r.chars(8, HEX)} registered`),
    () => plain(r, `Login failed: password: incorrect for user ${r.pick(USERS)}`, 'WARN'),
    () => logfmt(r, `msg="config" password=******** api_key=<redacted> token=null`),
    () => plain(r, `Refreshing token: expired, retrying in ${r.int(1, 9)}s`),
    () => plain(r, `authorization: denied for user ${r.pick(USERS)}`, 'WARN'),
    () => plain(r, `Migrating ASIA-PACIFIC region shard ${r.int(1, 9)}`),
    () => plain(r, `sku=SKU-${r.int(10000, 99999)} keywords="wireless mouse"`),
    () => plain(r, `build ${r.chars(40, HEX)} deployed to prod-eu`),
  ];
  const out: string[] = [];
  for (let round = 0; round < 4; round++) for (const make of makers) out.push(make(r));
  return out;
}
