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
const LEADING_PUNCTUATION = /^[(\[{<"'`@#]+/;
const TRAILING_PUNCTUATION = /[)\]}>"'`,;.:!?]+$/;

/** Whole-token values, tested against the token with its wrapping punctuation removed. */
const VALUE_PATTERNS: readonly RegExp[] = [
  // URL
  /^[a-z][a-z0-9+.-]*:\/\/\S+$/i,
  // IPv4 with optional leading slash and port (Hadoop writes "/10.250.19.102:54106")
  /^\/?\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/,
  // IPv6 (at least three groups, so "12:30" times are not addresses)
  /^\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?(?::\d{1,5})?$/i,
  // UUID
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  // number: integer, decimal, signed, dotted (versions, dates "2005.11.09"), hex with 0x, "#12"
  /^[-+]?\d+(?:\.\d+)*$/,
  /^0x[0-9a-f]+$/i,
  // version "v1.2.3"
  /^v\d+(?:\.\d+)+$/i,
  // hash or id in hex: at least 8 hex characters, with a digit
  /^(?=[0-9a-f]*\d)[0-9a-f]{8,}$/i,
  // duration, size, rate or percentage with a unit: 23ms 1.5s 512KB 3GiB 40%
  /^[-+]?\d+(?:\.\d+)?(?:ns|us|µs|ms|s|sec|secs|m|min|mins|h|hr|hrs|d|b|kb|mb|gb|tb|kib|mib|gib|tib|k|g|t|bps|kbps|mbps|%)$/i,
  // Unix path with two or more segments, or a Windows path
  /^\.{0,2}\/(?:[^/\s]+\/)+[^/\s]*$/,
  /^[a-z]:\\\S*$/i,
];

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
  const lead = LEADING_PUNCTUATION.exec(token)?.[0] ?? '';
  const trail = TRAILING_PUNCTUATION.exec(token.slice(lead.length))?.[0] ?? '';
  const core = token.slice(lead.length, token.length - trail.length);
  if (core.length > 0 && VALUE_PATTERNS.some((p) => p.test(core))) return `${lead}${PARAM}${trail}`;
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

/** Masks every token of a message; the result has as many tokens as the input. */
export function maskTokens(tokens: readonly string[]): string[] {
  return tokens.map(maskToken);
}
