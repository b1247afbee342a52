/**
 * Generic masking of variable tokens before template mining.
 *
 * Masking works token by token (whitespace-separated), so a masked message has exactly as many tokens as the
 * original and parameters can be read back by position. Whole tokens that are values (numbers, IPs and ports,
 * UUIDs, hashes, paths, URLs, durations and sizes with units) become `<*>`; inside other tokens, numbers become
 * `<*>` (`node-246` → `node-<*>`, `HWID=1973)` → `HWID=<*>)`), so keys and punctuation stay. Values that differ
 * without digits (user names, quoted words) are left to the miner, which generalises them where they vary.
 */

/** The placeholder that stands for a variable, in masks and templates. */
export const PARAM = '<*>';

// Punctuation that may wrap a value without being part of it: "(value)", "[value],", "'value'".
const LEADING_PUNCTUATION = new Set([...'([{<"\'`@#'].map((c) => c.charCodeAt(0)));
const TRAILING_PUNCTUATION = new Set([...')]}>"\'`,;.:!?'].map((c) => c.charCodeAt(0)));

/**
 * Whole-token values, tested against the token with its wrapping punctuation removed. Each rule has a cheap
 * necessary condition (`when`) checked first, so a typical token is tested against one regular expression at most.
 */
const VALUE_RULES: ReadonlyArray<{ when: (core: string, first: number) => boolean; pattern: RegExp }> = [
  // URL
  { when: (core) => core.includes('://'), pattern: /^[a-z][a-z0-9+.-]*:\/\/\S+$/i },
  // IPv4 with optional leading slash and port (Hadoop writes "/10.250.19.102:54106")
  { when: (core, first) => (isDigit(first) || first === 47) && core.includes('.'), pattern: /^\/?\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/ },
  // IPv6 (at least three groups, so "12:30" times are not addresses)
  { when: (core) => core.indexOf(':') !== core.lastIndexOf(':'), pattern: /^\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?(?::\d{1,5})?$/i },
  // UUID
  { when: (core) => core.length === 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i },
  // number: integer, decimal, signed, dotted (versions, dates "2005.11.09")
  { when: (_, first) => isDigit(first) || first === 43 || first === 45, pattern: /^[-+]?\d+(?:\.\d+)*$/ },
  // hex with 0x
  { when: (_, first) => first === 48, pattern: /^0x[0-9a-f]+$/i },
  // version "v1.2.3"
  { when: (_, first) => first === 118 || first === 86, pattern: /^v\d+(?:\.\d+)+$/i },
  // hash or id in hex: at least 8 hex characters, with a digit
  { when: (core) => core.length >= 8, pattern: /^(?=[0-9a-f]*\d)[0-9a-f]{8,}$/i },
  // duration, size, rate or percentage with a unit: 23ms 1.5s 512KB 3GiB 40%
  {
    when: (_, first) => isDigit(first) || first === 43 || first === 45,
    pattern: /^[-+]?\d+(?:\.\d+)?(?:ns|us|µs|ms|s|sec|secs|m|min|mins|h|hr|hrs|d|b|kb|mb|gb|tb|kib|mib|gib|tib|k|g|t|bps|kbps|mbps|%)$/i,
  },
  // Unix path with two or more segments, or a Windows path
  { when: (core) => core.includes('/'), pattern: /^\.{0,2}\/(?:[^/\s]+\/)+[^/\s]*$/ },
  { when: (core) => core.includes('\\'), pattern: /^[a-z]:\\\S*$/i },
];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Whether token[start, end) is a plain number, `[-+]?\d+(?:\.\d+)*` (the number rule of VALUE_RULES), checked
 * without a regular expression because numbers are the most common variable.
 */
function isPlainNumber(token: string, start: number, end: number): boolean {
  let i = start;
  const sign = token.charCodeAt(i);
  if (sign === 43 || sign === 45) i++;
  let digits = 0;
  for (; i < end; i++) {
    const c = token.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c === 46 && digits > 0 && i + 1 < end && isDigit(token.charCodeAt(i + 1))) digits = 0;
    else return false;
  }
  return digits > 0;
}

// A number inside a token, not glued to letters on either side ("node-246", "HWID=1973", "27:20:30").
const INNER_NUMBER = /(?<![A-Za-z0-9])[-+]?\d+(?:\.\d+)*(?![A-Za-z0-9])/g;
// An identifier made of words and numbers joined by underscores ("blk_<*>", "appattempt_<*>_<*>") is one id.
const SNAKE_ID = /^[A-Za-z]*(?:_[A-Za-z]*)*(?:_<\*>|<\*>_)/;

function hasMaskableChar(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    // digits, '/', '\\'
    if ((c >= 48 && c <= 57) || c === 47 || c === 92) return true;
  }
  return false;
}

/**
 * Masks one token.
 * @returns the token itself when it holds no variable, `<*>` when it is a value, or the token with its inner
 * numbers replaced.
 */
export function maskToken(token: string): string {
  if (!hasMaskableChar(token)) return token;
  // Only tokenize's joined dates hold a space.
  if (token.includes(' ')) return PARAM;
  let start = 0;
  while (start < token.length && LEADING_PUNCTUATION.has(token.charCodeAt(start))) start++;
  let end = token.length;
  while (end > start && TRAILING_PUNCTUATION.has(token.charCodeAt(end - 1))) end--;
  if (isPlainNumber(token, start, end)) return start === 0 && end === token.length ? PARAM : `${token.slice(0, start)}${PARAM}${token.slice(end)}`;
  const lead = token.slice(0, start);
  const trail = token.slice(end);
  const core = token.slice(start, end);
  const first = core.charCodeAt(0);
  for (const rule of VALUE_RULES) if (rule.when(core, first) && rule.pattern.test(core)) return `${lead}${PARAM}${trail}`;
  const masked = core.replace(INNER_NUMBER, PARAM);
  if (masked !== core && SNAKE_ID.test(masked)) return `${lead}${PARAM}${trail}`;
  return lead + masked + trail;
}

const TIME_WORDS = new Set([
  'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun',
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
]);
const DATE_TOKEN = /^\d{2,4}[-/]\d{2}[-/]\d{2}$/;
// A date written over several tokens inside a message: "Fri Jun 17 07:07:00 2005", "Jun 17 07:07:00", "2024-05-01 12:00:00".
const SPACED_DATE = new RegExp(
  [
    '(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2},? (?:\\d{4} )?\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?(?: \\d{4}(?!\\S))?',
    '\\d{2,4}[-/]\\d{2}[-/]\\d{2} \\d{2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?',
  ].join('|'),
  'y',
);

/**
 * Splits a message into whitespace-separated tokens. A date written over several words ("Fri Jun 17 07:07:00
 * 2005") is kept as one token, so it masks to one variable.
 */
export function tokenize(message: string): string[] {
  const trimmed = message.trim();
  if (trimmed.length === 0) return [];
  const tokens = trimmed.split(/\s+/);
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    if (!(TIME_WORDS.has(token) || (token.length >= 8 && DATE_TOKEN.test(token)))) continue;
    // Re-scan from this token in the message; rare enough that finding its offset by search costs nothing.
    const rest = tokens.slice(i).join(' ');
    SPACED_DATE.lastIndex = 0;
    const m = SPACED_DATE.exec(rest);
    if (!m) continue;
    const spanned = m[0].split(' ').filter((t) => t.length > 0).length;
    if (spanned > 1) tokens.splice(i, spanned, tokens.slice(i, i + spanned).join(' '));
  }
  return tokens;
}

/** Whether a character is white space as `\s` defines it. */
function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 160) return false;
  return c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

/** The masked form of a message as one string: its masked tokens joined by single spaces. */
export function maskMessage(message: string): string {
  return maskTokens(tokenize(message)).join(' ');
}

// Two 32-bit FNV-1a lanes with different primes, combined into a 53-bit number: collisions among the at most
// `maxDistinctMessages` keys of one miner are then about as likely as a cosmic ray (1e-7 at 50,000 keys).
const OFFSET_A = 0x811c9dc5;
const OFFSET_B = 0x01000193;
const PRIME_A = 0x01000193;
const PRIME_B = 0x5bd1e995;

function combine(a: number, b: number): number {
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

/** The 53-bit hash of a string: the key under which the miner counts a masked message. */
export function hashString(text: string): number {
  let a = OFFSET_A;
  let b = OFFSET_B;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, PRIME_A);
    b = Math.imul(b ^ c, PRIME_B);
  }
  return combine(a, b);
}

/**
 * `hashString(maskMessage(message))`, computed in one scan without building the masked string: the miner's hot
 * path, which needs the string only for a message it has not seen.
 */
export function hashMaskedMessage(message: string): number {
  let a = OFFSET_A;
  let b = OFFSET_B;
  let empty = true;
  const n = message.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(message.charCodeAt(i))) i++;
    if (i >= n) break;
    if (!empty) {
      a = Math.imul(a ^ 32, PRIME_A);
      b = Math.imul(b ^ 32, PRIME_B);
    }
    const start = i;
    const startA = a;
    const startB = b;
    let maskable = false;
    for (; i < n; i++) {
      const c = message.charCodeAt(i);
      if (isSpace(c)) break;
      if (isDigit(c) || c === 47 || c === 92) maskable = true;
      a = Math.imul(a ^ c, PRIME_A);
      b = Math.imul(b ^ c, PRIME_B);
    }
    empty = false;
    const length = i - start;
    const first = message.charCodeAt(start);
    if ((length === 3 && first >= 65 && first <= 90 && TIME_WORDS.has(message.slice(start, i))) ||
        (maskable && length >= 8 && DATE_TOKEN.test(message.slice(start, i)))) {
      return hashString(maskMessage(message));
    }
    if (!maskable) continue;
    const masked = maskToken(message.slice(start, i));
    a = startA;
    b = startB;
    for (let j = 0; j < masked.length; j++) {
      const c = masked.charCodeAt(j);
      a = Math.imul(a ^ c, PRIME_A);
      b = Math.imul(b ^ c, PRIME_B);
    }
  }
  return combine(a, b);
}

/** Masks every token of a message; the result has as many tokens as the input. */
export function maskTokens(tokens: readonly string[]): string[] {
  return tokens.map(maskToken);
}
