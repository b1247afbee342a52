/**
 * The secret detectors: one function per family of secret, each appending candidate findings to a list.
 *
 * Detectors may overlap (a JWT is also the value of `token=`); the scanner merges overlapping candidates, so a
 * detector errs on the side of finding too much rather than leaving part of a secret behind. Every regular
 * expression is linear on its input (no nested quantifiers over the same characters), because these run over
 * every record of multi-million-line logs.
 */
import { SECRET_KINDS } from './types.ts';
import type { SecretFinding, SecretKind } from './types.ts';

/**
 * Substrings at least one of which every secret except an IP address contains, as one case-insensitive test: a
 * line without any of them skips every detector. Kept in step with the detectors below.
 * @internal
 */
export const SECRET_TRIGGER =
  /@|eyJ|AKIA|ASIA|ABIA|ACCA|BEGIN|pass|pwd|secret|token|key|bearer|basic|authoriz|credential|signature|xox|xapp-|gh[pousr]_|github_pat_|[sr]k_|sk-|AIza/i;

/**
 * Whether a text may hold an IP address: a digit followed by a dot, or two colons. Cheaper than the address
 * patterns, and checked only when IPs are asked for.
 * @internal
 */
export const IP_TRIGGER = /\d\.\d|:[0-9A-Fa-f]*:/;

/**
 * A detector: appends what it finds in `text` to `out`, in any order, overlaps allowed.
 * @internal
 */
export type Detector = (text: string, out: SecretFinding[]) => void;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Values that stand for a secret without being one: masks already applied (`****`, `[REDACTED]`, our own
 * `<PASSWORD>`), empty markers, template references (`${DB_PASSWORD}`). Skipping them keeps redaction idempotent.
 */
const NOT_A_SECRET =
  /^(?:\*+|x{3,}|•+|\.{3,}|-+|<[^<>\s]*>|\[[^[\]\s]*\]|\(\w*\)|\$\{[^}]*\}?|\$[A-Z_][A-Z0-9_]*|\{\{[^}]*(?:\}\})?|%s|null|nil|none|undefined|true|false|yes|no|n\/a|redacted|masked|hidden|filtered|removed|omitted|sanitized|empty|not[_ -]?set|unset)$/i;

/**
 * Words that follow `password:` in prose ("password: expired") rather than a password. Replacing them would be
 * harmless, but they are common in authentication logs, so skipping them keeps the summary's counts honest.
 */
const STATUS_WORDS = /^(?:ok|expired|invalid|incorrect|wrong|changed|reset|required|missing|mismatch|updated|accepted|rejected|denied|set|provided|supplied|ignored|present|absent|enabled|disabled|used|matched|unchanged|verified|failed)$/i;

/** Values longer than this are taken for secrets without testing their shape. */
const MAX_TESTED_LENGTH = 4096;

/** Whether a token-like value looks random: long enough, and not a plain lowercase word or a short number. */
function looksLikeToken(value: string): boolean {
  // Past this length a value is no word, and testing it again for every key inside it would be quadratic.
  if (value.length > MAX_TESTED_LENGTH) return true;
  if (/^[a-z]+$/.test(value)) return false;
  if (/^\d{1,7}$/.test(value)) return false;
  return value.length >= 4;
}

/** Whether a value looks like a random key: 32+ hex digits, or 32+ base64 characters mixing cases and digits. */
function looksRandom(value: string): boolean {
  if (value.length > MAX_TESTED_LENGTH) return true;
  if (/^[0-9a-fA-F]{32,}$/.test(value)) return true;
  return value.length >= 32 && /^[A-Za-z0-9+/=_-]+$/.test(value) && /\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);
}

/** Whether a value has the shape of an AWS secret access key: 40 base64 characters mixing cases and digits. */
function looksLikeAwsSecret(value: string): boolean {
  return /^[A-Za-z0-9/+]{40}$/.test(value) && /\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);
}

/** Whether standalone `Basic <b64>` text is a credential: base64 that decodes to printable `user:password`. */
function isBasicCredential(b64: string): boolean {
  if (b64.length < 8 || b64.length % 4 === 1) return false;
  let decoded: string;
  try {
    decoded = atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), '='));
  } catch {
    return false;
  }
  return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
}

// ---------------------------------------------------------------------------------------------------------------
// key = value pairs

/** How the value of a pair is judged, by the key name it follows. */
const PAIR_RULE = {
  /** Any value but a placeholder or a status word is a secret of the key's kind. */
  password: 'password',
  /** Like password, but a plain lowercase word or a short number is taken for prose ("token: expired"). */
  token: 'token',
  /** Only a random-looking value (32+ hex, or 32+ mixed base64) is a secret. */
  random: 'random',
  /** `Authorization:` headers, split into scheme and credentials. */
  authorization: 'authorization',
} as const;
type PairRule = (typeof PAIR_RULE)[keyof typeof PAIR_RULE];

/**
 * Key names whose value is a secret, longest first so the alternation prefers them. The key may have any prefix
 * (`db_password`, `X-Auth-Token`, `client_secret`); it must end at the core, so `password_reset` or `tokens` are
 * not keys.
 */
const PAIR_KEY =
  /(secret[_-]?access[_-]?key|secret[_-]?key|api[_-]?key|access[_-]?key|private[_-]?key|password|passwd|passphrase|pwd|pass|secret|token|credentials?|authorization|signature|key)(?:\\?["'\]])?[ \t]*(?:=>|:=|[:=])[ \t]*/gi;

/** Cores that must start a word (or a camelCase part), so `bypass=` or `monkey:` are not keys. */
const SHORT_CORES = new Set(['pass', 'pwd', 'key']);

/** Characters that end an unquoted value. */
function endsUnquoted(c: number): boolean {
  // whitespace " ' , ; & ) } ] \
  return isSpace(c) || c === 34 || c === 39 || c === 44 || c === 59 || c === 38 || c === 41 || c === 125 || c === 93 || c === 92;
}

/**
 * Where the last unquoted value scanned ended, by kind of value. A key repeated inside one long value
 * (`password=password=…`) starts a value in the middle of the previous one, whose end is then already known:
 * without this the scan would be quadratic in the length of the run.
 */
interface UnquotedEnds {
  word: { from: number; end: number };
  line: { from: number; end: number };
}

/** The span of a value starting at `p`: quoted (`"…"`, `'…'`, JSON-escaped `\"…\"`) or up to a delimiter. */
function valueSpan(text: string, p: number, lineValue: boolean, ends: UnquotedEnds): { start: number; end: number } | undefined {
  const n = text.length;
  if (p >= n) return undefined;
  const c = text.charCodeAt(p);
  if (c === 92 && text.charCodeAt(p + 1) === 34) {
    // A JSON string inside a JSON string: the value ends at the next \" that is not itself escaped (\\\").
    const start = p + 2;
    let i = start;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === 92 && text.charCodeAt(i + 1) === 34 && text.charCodeAt(i - 1) !== 92) break;
      if (d === 10) break;
    }
    return { start, end: i };
  }
  if (c === 34 || c === 39) {
    const start = p + 1;
    let i = start;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === 92) i++;
      else if (d === c || d === 10) break;
    }
    return { start, end: Math.min(i, n) };
  }
  // A nested structure ("credentials": {"password": …}) is not a value; its own pairs are scanned.
  if ((c === 123 || c === 91) && (p + 1 >= n || /["'{[\s\]}]/.test(text[p + 1] ?? ''))) return undefined;
  const known = lineValue ? ends.line : ends.word;
  let i = p;
  if (p >= known.from && p < known.end) i = known.end;
  else if (lineValue) {
    // A header value runs to the end of the line or of an enclosing quoted string.
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 10 || d === 13 || d === 34 || d === 39 || d === 92) break;
      i++;
    }
  } else {
    while (i < n && !endsUnquoted(text.charCodeAt(i))) i++;
  }
  known.from = p;
  known.end = i;
  if (lineValue) while (i > p && isSpace(text.charCodeAt(i - 1))) i--;
  return { start: p, end: i };
}

/** The full key name ending at `coreEnd`: the core and the key characters before it (`aws_secret_access_key`). */
function keyName(text: string, coreStart: number, coreEnd: number): string {
  let i = coreStart;
  while (i > 0 && i > coreStart - 64) {
    const c = text.charCodeAt(i - 1);
    if (!(isAlnum(c) || c === 95 || c === 45 || c === 46)) break;
    i--;
  }
  return text.slice(i, coreEnd).toLowerCase();
}

function ruleOf(core: string): { rule: PairRule; kind: SecretKind } {
  const c = core.toLowerCase().replace(/[_-]/g, '');
  switch (c) {
    case 'password':
    case 'passwd':
    case 'passphrase':
    case 'pwd':
    case 'pass':
      return { rule: PAIR_RULE.password, kind: SECRET_KINDS.password };
    case 'secret':
    case 'secretkey':
    case 'secretaccesskey':
      return { rule: PAIR_RULE.password, kind: SECRET_KINDS.secret };
    case 'apikey':
    case 'accesskey':
      return { rule: PAIR_RULE.password, kind: SECRET_KINDS.apiKey };
    case 'privatekey':
      return { rule: PAIR_RULE.password, kind: SECRET_KINDS.privateKey };
    case 'token':
    case 'credential':
    case 'credentials':
      return { rule: PAIR_RULE.token, kind: SECRET_KINDS.secret };
    case 'authorization':
      return { rule: PAIR_RULE.authorization, kind: SECRET_KINDS.secret };
    default:
      // signature, key
      return { rule: PAIR_RULE.random, kind: SECRET_KINDS.apiKey };
  }
}

/** Authorization schemes whose name is an ordinary word; any other first word must look like a scheme name. */
const AUTH_SCHEMES = new Set(['bearer', 'basic', 'token', 'digest', 'negotiate', 'ntlm', 'oauth', 'apikey', 'key', 'jwt', 'dpop', 'hawk', 'mutual', 'hoba', 'sharedkey', 'ssws', 'splunk']);

/**
 * An `Authorization` value: `Bearer x`, `Basic x`, another scheme and its credentials (`AWS4-HMAC-SHA256
 * Credential=…, Signature=…`, replaced whole), or bare credentials. Prose ("authorization: denied for bob") is not
 * a value: its first word is a plain word that names no scheme.
 */
function findAuthorization(text: string, start: number, end: number, out: SecretFinding[]): void {
  const value = text.slice(start, end);
  if (NOT_A_SECRET.test(value)) return;
  const scheme = /^([A-Za-z][A-Za-z0-9_-]*)\s+/.exec(value);
  if (!scheme) {
    if (looksLikeToken(value)) out.push({ kind: SECRET_KINDS.secret, start, end });
    return;
  }
  const name = (scheme[1] ?? '').toLowerCase();
  if (!AUTH_SCHEMES.has(name) && /^[A-Za-z][a-z]*$/.test(scheme[1] ?? '')) return;
  const credStart = start + scheme[0].length;
  if (credStart >= end || NOT_A_SECRET.test(text.slice(credStart, end))) return;
  const kind = name === 'bearer' ? SECRET_KINDS.bearerToken : name === 'basic' ? SECRET_KINDS.basicAuth : SECRET_KINDS.secret;
  out.push({ kind, start: credStart, end });
}

/** `key=value`, `key: value`, `"key":"value"`, `key => 'value'`: the value, when the key names a secret. */
const findPairs: Detector = (text, out) => {
  PAIR_KEY.lastIndex = 0;
  const ends: UnquotedEnds = { word: { from: 0, end: 0 }, line: { from: 0, end: 0 } };
  for (let m = PAIR_KEY.exec(text); m !== null; m = PAIR_KEY.exec(text)) {
    const core = m[1] ?? '';
    const coreStart = m.index;
    if (coreStart > 0 && SHORT_CORES.has(core.toLowerCase())) {
      const before = text.charCodeAt(coreStart - 1);
      // "dbPass=" is a key (camelCase), "bypass=" is not.
      const camel = isUpper(core.charCodeAt(0)) && !isUpper(before);
      if (isAlnum(before) && !camel) continue;
    }
    const { rule, kind } = ruleOf(core);
    const span = valueSpan(text, m.index + m[0].length, rule === PAIR_RULE.authorization, ends);
    if (!span || span.end <= span.start) continue;
    if (rule === PAIR_RULE.authorization) {
      const before = out.length;
      findAuthorization(text, span.start, span.end, out);
      if (out.length > before) PAIR_KEY.lastIndex = Math.max(PAIR_KEY.lastIndex, span.end);
      continue;
    }
    const value = text.slice(span.start, span.end);
    if (NOT_A_SECRET.test(value)) continue;
    if (rule === PAIR_RULE.random && !looksRandom(value)) continue;
    if (rule === PAIR_RULE.token && !looksLikeToken(value)) continue;
    if (rule === PAIR_RULE.password && STATUS_WORDS.test(value)) continue;
    // PWD is also the working directory (sudo logs `PWD=/home/deploy`): a path is not a password.
    if (core.toLowerCase() === 'pwd' && (value.startsWith('/') || value.startsWith('~'))) continue;
    let found = kind;
    if (looksLikeAwsSecret(value)) {
      const key = keyName(text, coreStart, coreStart + core.length);
      if (key.includes('aws') || key.replace(/[_.-]/g, '').includes('secretaccesskey')) found = SECRET_KINDS.awsSecretKey;
    }
    out.push({ kind: found, start: span.start, end: span.end });
    PAIR_KEY.lastIndex = Math.max(PAIR_KEY.lastIndex, span.end);
  }
};

// <password>value</password>, and command-line flags: --password value (--password=value is a pair).
const XML_SECRET = /<([\w.:-]*(?:password|passwd|secret|token|api[_-]?key|apikey|private[_-]?key))>([^<]+)<\/\1>/gi;
const CLI_SECRET = /(?<![A-Za-z0-9-])--(?:[a-z]+-)*(password|passwd|pass|pwd|secret|token|api-key|apikey)[ \t]+([^\s"'-][^\s"']*|"[^"\n]*"|'[^'\n]*')/gi;

/** Secrets as XML element text and as the argument of a command-line flag. */
const findElementsAndFlags: Detector = (text, out) => {
  if (text.includes('</')) {
    XML_SECRET.lastIndex = 0;
    for (let m = XML_SECRET.exec(text); m !== null; m = XML_SECRET.exec(text)) {
      const value = m[2] ?? '';
      const { rule, kind } = ruleOf(/password|passwd|secret|token|api[_-]?key|apikey|private[_-]?key/i.exec(m[1] ?? '')?.[0] ?? '');
      if (NOT_A_SECRET.test(value) || (rule === PAIR_RULE.token && !looksLikeToken(value))) continue;
      const end = m.index + m[0].length - (m[1] ?? '').length - 3;
      out.push({ kind, start: end - value.length, end });
    }
  }
  if (text.includes('--')) {
    CLI_SECRET.lastIndex = 0;
    for (let m = CLI_SECRET.exec(text); m !== null; m = CLI_SECRET.exec(text)) {
      let value = m[2] ?? '';
      let end = m.index + m[0].length;
      if (value.startsWith('"') || value.startsWith("'")) {
        value = value.slice(1, -1);
        end--;
      }
      const { rule, kind } = ruleOf(m[1] ?? '');
      if (value === '' || NOT_A_SECRET.test(value) || (rule === PAIR_RULE.token && !looksLikeToken(value))) continue;
      out.push({ kind, start: end - value.length, end });
    }
  }
};

// ---------------------------------------------------------------------------------------------------------------
// tokens recognisable by their own shape

const AWS_ACCESS_KEY = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;

/** AWS access key ids. */
const findAwsAccessKeys: Detector = (text, out) => {
  if (!/A(?:KIA|SIA|BIA|CCA)/.test(text)) return;
  AWS_ACCESS_KEY.lastIndex = 0;
  for (let m = AWS_ACCESS_KEY.exec(text); m !== null; m = AWS_ACCESS_KEY.exec(text)) {
    out.push({ kind: SECRET_KINDS.awsAccessKey, start: m.index, end: m.index + m[0].length });
  }
};

// Header, payload, signature, and the two more parts of an encrypted JWT (JWE); an unsigned JWT ends with a dot.
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,3}/g;

/** JSON Web Tokens. */
const findJwts: Detector = (text, out) => {
  if (!text.includes('eyJ')) return;
  JWT.lastIndex = 0;
  for (let m = JWT.exec(text); m !== null; m = JWT.exec(text)) {
    out.push({ kind: SECRET_KINDS.jwt, start: m.index, end: m.index + m[0].length });
  }
};

const BEARER = /(?<![A-Za-z0-9])bearer[ \t]+([A-Za-z0-9\-._~+/]{8,}=*)/gi;
const BASIC = /(?<![A-Za-z0-9])basic[ \t]+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/gi;

/** `Bearer <token>` and `Basic <b64>` outside an `Authorization` pair (the pair detector handles those). */
const findAuthSchemes: Detector = (text, out) => {
  BEARER.lastIndex = 0;
  for (let m = BEARER.exec(text); m !== null; m = BEARER.exec(text)) {
    const token = m[1] ?? '';
    // "Bearer authentication failed" is prose: a token has a digit, a capital or a symbol.
    if (/^[a-z]+$/.test(token)) continue;
    const end = m.index + m[0].length;
    out.push({ kind: SECRET_KINDS.bearerToken, start: end - token.length, end });
  }
  BASIC.lastIndex = 0;
  for (let m = BASIC.exec(text); m !== null; m = BASIC.exec(text)) {
    const b64 = m[1] ?? '';
    if (!isBasicCredential(b64)) continue;
    const end = m.index + m[0].length;
    out.push({ kind: SECRET_KINDS.basicAuth, start: end - b64.length, end });
  }
};

// scheme://user:password@host, also JSON-escaped (https:\/\/…). The password runs to the last @ before the path,
// so an unencoded @ inside it is still covered.
const URL_PASSWORD = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:(?:\\?\/){2}[^\s/?#@:"'\\]*:([^\s/?#"'\\]+)@/g;

/** Passwords in URLs; the user name and host stay. */
const findUrlPasswords: Detector = (text, out) => {
  if (!text.includes('@')) return;
  URL_PASSWORD.lastIndex = 0;
  for (let m = URL_PASSWORD.exec(text); m !== null; m = URL_PASSWORD.exec(text)) {
    const password = m[1] ?? '';
    if (NOT_A_SECRET.test(password)) continue;
    const end = m.index + m[0].length - 1;
    out.push({ kind: SECRET_KINDS.password, start: end - password.length, end });
  }
};

const PRIVATE_KEY_BEGIN = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----/g;

/**
 * Private key blocks, markers included. Without an END line (a truncated log line, a key split over records) the
 * block runs to the end of its quoted string, or of the text.
 */
const findPrivateKeys: Detector = (text, out) => {
  if (!text.includes('PRIVATE KEY')) return;
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  for (let m = PRIVATE_KEY_BEGIN.exec(text); m !== null; m = PRIVATE_KEY_BEGIN.exec(text)) {
    const start = m.index;
    const endMarker = `-----END ${m[1] ?? ''}-----`;
    const endAt = text.indexOf(endMarker, start + m[0].length);
    let end: number;
    if (endAt !== -1) end = endAt + endMarker.length;
    else if (text.charCodeAt(start - 1) === 34) {
      // Inside a quoted string: stop at its closing quote, so the rest of a JSON line stays.
      end = start + m[0].length;
      while (end < text.length && !(text.charCodeAt(end) === 34 && text.charCodeAt(end - 1) !== 92)) end++;
    } else end = text.length;
    out.push({ kind: SECRET_KINDS.privateKey, start, end });
    PRIVATE_KEY_BEGIN.lastIndex = end;
  }
};

const VENDOR_KEY =
  /(?<![A-Za-z0-9_-])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|AIza[A-Za-z0-9_-]{30,}|sk-[A-Za-z0-9_-]{20,})/g;

/** API keys of well-known vendors, recognised by their prefix. */
const findVendorKeys: Detector = (text, out) => {
  VENDOR_KEY.lastIndex = 0;
  for (let m = VENDOR_KEY.exec(text); m !== null; m = VENDOR_KEY.exec(text)) {
    const key = m[0];
    // "sk-" starts ordinary words too ("sk-learn-is-a-package"): a key has digits.
    if (key.startsWith('sk-') && !/\d/.test(key)) continue;
    out.push({ kind: SECRET_KINDS.apiKey, start: m.index, end: m.index + key.length });
  }
};

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
// What precedes the user part of a URL (scheme://user@host, scheme://user:password@host).
const URL_USERINFO_BEFORE = /:(?:\\?\/){2}(?:[^\s/@:"'\\]*:)?$/;

/** E-mail addresses, except the `user@host` or `password@host` of a URL. */
const findEmails: Detector = (text, out) => {
  if (!text.includes('@')) return;
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
    if (URL_USERINFO_BEFORE.test(text.slice(Math.max(0, m.index - 256), m.index))) continue;
    out.push({ kind: SECRET_KINDS.email, start: m.index, end: m.index + m[0].length });
  }
};

const IPV4 = /(?<![0-9.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![0-9]|\.\d)/g;
const IPV6_CANDIDATE = /(?<![0-9A-Za-z_:.])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(?![0-9A-Za-z_:])/g;

/** Whether a string is an IPv6 address: eight groups, or fewer with one `::`, optionally ending in an IPv4. */
function isIpv6(s: string): boolean {
  if (!/[0-9A-Fa-f]/.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] ?? '';
    if (i === groups.length - 1 && g.includes('.')) {
      if (!/^(?:\d{1,3}\.){3}\d{1,3}$/.test(g)) return false;
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) count++;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** IPv4 and IPv6 addresses (ports stay). */
const findIps: Detector = (text, out) => {
  IPV4.lastIndex = 0;
  for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
    out.push({ kind: SECRET_KINDS.ipAddress, start: m.index, end: m.index + m[0].length });
  }
  if (!text.includes(':')) return;
  IPV6_CANDIDATE.lastIndex = 0;
  for (let m = IPV6_CANDIDATE.exec(text); m !== null; m = IPV6_CANDIDATE.exec(text)) {
    if (isIpv6(m[0])) out.push({ kind: SECRET_KINDS.ipAddress, start: m.index, end: m.index + m[0].length });
  }
};

/**
 * The detectors run on a text that passes SECRET_TRIGGER, e-mail addresses apart so they can be switched off.
 * @internal
 */
export const SECRET_DETECTORS: readonly Detector[] = [findPrivateKeys, findAwsAccessKeys, findJwts, findVendorKeys, findUrlPasswords, findPairs, findElementsAndFlags, findAuthSchemes];

/** @internal */
export const EMAIL_DETECTOR: Detector = findEmails;

/** @internal */
export const IP_DETECTOR: Detector = findIps;

/**
 * Which kind names a merged span when candidates of several kinds overlap: the most specific one.
 * @internal
 */
export const KIND_PRIORITY: Readonly<Record<SecretKind, number>> = {
  [SECRET_KINDS.privateKey]: 10,
  [SECRET_KINDS.awsAccessKey]: 9,
  [SECRET_KINDS.awsSecretKey]: 8,
  [SECRET_KINDS.jwt]: 7,
  [SECRET_KINDS.apiKey]: 6,
  [SECRET_KINDS.basicAuth]: 5,
  [SECRET_KINDS.bearerToken]: 4,
  [SECRET_KINDS.password]: 3,
  [SECRET_KINDS.secret]: 2,
  [SECRET_KINDS.email]: 1,
  [SECRET_KINDS.ipAddress]: 0,
};
