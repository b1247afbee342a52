/**
 * Generic masking of variable tokens before template mining.
 *
 * Masking works token by token (whitespace-separated), so a masked message has exactly as many tokens as the
 * original and parameters can be read back by position. Whole tokens that are values (numbers, IPs and ports,
 * UUIDs, hashes, paths, URLs, durations and sizes with units) become `<*>`; inside other tokens, numbers become
 * `<*>` (`node-246` → `node-<*>`, `HWID=1973)` → `HWID=<*>)`), so keys and punctuation stay. Values that differ
 * without digits (user names, quoted words) are left to the miner, which generalises them where they vary.
 */

import { codeUnitsOf } from '../code-units.ts';

/** The placeholder that stands for a variable, in masks and templates. */
export const PARAM = '<*>';

// Punctuation that may wrap a value without being part of it: "(value)", "[value],", "'value'".
const LEADING_PUNCTUATION = new Set([...'([{<"\'`@#'].map((c) => c.charCodeAt(0)));
const TRAILING_PUNCTUATION = new Set([...')]}>"\'`,;.:!?'].map((c) => c.charCodeAt(0)));

// The value patterns, named because the fast path below reuses the IPv6 one rather than scanning for it.
const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const IPV4_PATTERN = /^\/?\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
const IPV6_PATTERN = /^\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?(?::\d{1,5})?$/i;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER_PATTERN = /^[-+]?\d+(?:\.\d+)*$/;
const HEX_LITERAL_PATTERN = /^0x[0-9a-f]+$/i;
const VERSION_PATTERN = /^v\d+(?:\.\d+)+$/i;
const HEX_ID_PATTERN = /^(?=[0-9a-f]*\d)[0-9a-f]{8,}$/i;
/** Units of a duration, size, rate or percentage, lowercase; matched case-insensitively. */
const UNITS = ['ns', 'us', 'µs', 'ms', 's', 'sec', 'secs', 'm', 'min', 'mins', 'h', 'hr', 'hrs', 'd', 'b', 'kb', 'mb', 'gb', 'tb', 'kib', 'mib', 'gib', 'tib', 'k', 'g', 't', 'bps', 'kbps', 'mbps', '%'];
const QUANTITY_PATTERN = new RegExp(`^[-+]?\\d+(?:\\.\\d+)?(?:${UNITS.join('|')})$`, 'i');
const UNIX_PATH_PATTERN = /^\.{0,2}\/(?:[^/\s]+\/)+[^/\s]*$/;
const WINDOWS_PATH_PATTERN = /^[a-z]:\\\S*$/i;

/**
 * Whole-token values, tested against the token with its wrapping punctuation removed. Each rule has a cheap
 * necessary condition (`when`) checked first, so a typical token is tested against one regular expression at most.
 * These rules are the definition of masking; the fast path below must agree with them (a test holds it to that).
 */
const VALUE_RULES: ReadonlyArray<{ when: (core: string, first: number) => boolean; pattern: RegExp }> = [
  // URL
  { when: (core) => core.includes('://'), pattern: URL_PATTERN },
  // IPv4 with optional leading slash and port (Hadoop writes "/10.250.19.102:54106")
  { when: (core, first) => (isDigit(first) || first === 47) && core.includes('.'), pattern: IPV4_PATTERN },
  // IPv6 (at least three groups, so "12:30" times are not addresses)
  { when: (core) => core.indexOf(':') !== core.lastIndexOf(':'), pattern: IPV6_PATTERN },
  // UUID
  { when: (core) => core.length === 36, pattern: UUID_PATTERN },
  // number: integer, decimal, signed, dotted (versions, dates "2005.11.09")
  { when: (_, first) => isDigit(first) || first === 43 || first === 45, pattern: NUMBER_PATTERN },
  // hex with 0x
  { when: (_, first) => first === 48, pattern: HEX_LITERAL_PATTERN },
  // version "v1.2.3"
  { when: (_, first) => first === 118 || first === 86, pattern: VERSION_PATTERN },
  // hash or id in hex: at least 8 hex characters, with a digit
  { when: (core) => core.length >= 8, pattern: HEX_ID_PATTERN },
  // duration, size, rate or percentage with a unit: 23ms 1.5s 512KB 3GiB 40%
  { when: (_, first) => isDigit(first) || first === 43 || first === 45, pattern: QUANTITY_PATTERN },
  // Unix path with two or more segments, or a Windows path
  { when: (core) => core.includes('/'), pattern: UNIX_PATH_PATTERN },
  { when: (core) => core.includes('\\'), pattern: WINDOWS_PATH_PATTERN },
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

// A value inside a token, not glued to letters or digits on either side: a quantity with its unit ("took=618ms",
// "total-vm:5957054kB"), a number ("node-246", "HWID=1973", "27:20:30"), a hex literal ("xid=0x1e7c7339") or a hex
// id ("SHA256:9d6de372917493", "<6d86786aafb6@acme.com>"). Masked here, rather than left for Drain to generalise,
// because every distinct masked message costs the miner a table entry: a key's values would make thousands.
// The order of the alternatives decides the match: "1.5ms" is one quantity, not a number before ".5ms".
const INNER_VALUE = new RegExp(
  `(?<![A-Za-z0-9])(?:[-+]?\\d+(?:\\.\\d+)?(?:${UNITS.join('|')})|[-+]?\\d+(?:\\.\\d+)*|0x[0-9a-f]+|(?=[0-9a-f]*\\d)[0-9a-f]{8,})(?![A-Za-z0-9])`,
  'gi',
);
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
  const masked = core.replace(INNER_VALUE, PARAM);
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
  if (!writeMasked(message, 0, codeUnitsOf(message), 0)) return maskTokens(tokenize(message)).join(' ');
  return outputText(scratch.length);
}

// The hash: four 32-bit lanes, two over the even and two over the odd 32-bit words (pairs of UTF-16 code units) of
// the text, each step a multiply and a shift that brings high bits down, then folded into 53 bits. Two characters a
// step and lanes that do not wait for each other make it several times faster than a character-at-a-time hash,
// and collisions among the at most `maxDistinctMessages` keys of one miner stay about as likely as a cosmic ray
// (1e-7 at 50,000 keys).
const SEED_A = 0x811c9dc5;
const SEED_B = 0x01000193;
const SEED_C = 0x5bd1e995;
const SEED_D = 0x27d4eb2f;
const PRIME_A = 0xcc9e2d51;
const PRIME_B = 0x1b873593;

/** Murmur3's finaliser: every input bit affects every output bit. */
function finalMix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The 53-bit hash of the first `length` code units of the output buffer. */
function hashOutput(length: number): number {
  const { output, words } = scratch;
  let a = SEED_A;
  let b = SEED_B;
  let c = SEED_C;
  let d = SEED_D;
  const pairs = length >>> 1;
  let k = 0;
  for (; k + 1 < pairs; k += 2) {
    const even = words[k]!;
    const odd = words[k + 1]!;
    a = Math.imul(a ^ even, PRIME_A);
    a ^= a >>> 15;
    b = Math.imul(b ^ even, PRIME_B);
    b ^= b >>> 13;
    c = Math.imul(c ^ odd, PRIME_A);
    c ^= c >>> 15;
    d = Math.imul(d ^ odd, PRIME_B);
    d ^= d >>> 13;
  }
  if (k < pairs) {
    const even = words[k]!;
    a = Math.imul(a ^ even, PRIME_A);
    a ^= a >>> 15;
    b = Math.imul(b ^ even, PRIME_B);
    b ^= b >>> 13;
  }
  if ((length & 1) !== 0) {
    // The last unit alone; the length, mixed in below, tells "x" from "x\0".
    const last = output[length - 1]!;
    c = Math.imul(c ^ last, PRIME_A);
    c ^= c >>> 15;
    d = Math.imul(d ^ last, PRIME_B);
    d ^= d >>> 13;
  }
  const high = finalMix(a ^ Math.imul(c, PRIME_B) ^ length);
  const low = finalMix(b ^ Math.imul(d, PRIME_A) ^ length);
  return (high >>> 0) * 0x200000 + (low >>> 11);
}

/** The 53-bit hash of a string: the key under which the miner counts a masked message. */
export function hashString(text: string): number {
  reserve(text.length);
  scratch.outputBytes.write(text, 0, 'utf16le');
  return hashOutput(text.length);
}

/**
 * `hashString(maskMessage(text.slice(start)))`, computed without building the masked string: the miner's hot path, which
 * needs the string only for a message it has not seen.
 * @param codes - the text's code units, text.charCodeAt(i) being codes[base + i], when the caller has them (a line's
 * batch's, see readCodedLineBatches); by default copied out of the text.
 */
export function hashMaskedMessage(text: string, start = 0, codes = codeUnitsOf(text), base = 0): number {
  if (!writeMasked(text, start, codes, base)) {
    scratch.slowMasked = maskTokens(tokenize(text.slice(start))).join(' ');
    return hashString(scratch.slowMasked);
  }
  scratch.slowMasked = undefined;
  return hashOutput(scratch.length);
}

/**
 * The masked text of the message hashMaskedMessage hashed last, valid until the masker's next call: the miner takes
 * it when that message is new, so that no message is masked twice.
 */
export function lastMaskedMessage(): string {
  return scratch.slowMasked ?? outputText(scratch.length);
}


/** Masks every token of a message; the result has as many tokens as the input. */
export function maskTokens(tokens: readonly string[]): string[] {
  return tokens.map(maskToken);
}

/*
 * The fast path. maskMessage and hashMaskedMessage run once per record, so they neither split the message nor slice
 * its tokens. They read the message's character codes from a typed array (its batch's, as the reader laid them out,
 * or one native copy of the message), and one scan writes the masked text's codes into an output array, which is
 * then hashed or decoded. The value rules are checked by character scans of the token's range, each the exact
 * equivalent of one pattern above; a token with a character outside ASCII, and the rare token that could be an IPv6
 * address, are sliced and checked the slow way. A message that may hold a date written over several words goes
 * through tokenize, the definition, as a whole. No scan's result may depend on what follows the token: in a batch's
 * array, that is the next line.
 */

/** The scratch space of the fast path, reused by every message (the miner handles one message at a time). */
const scratch = {
  /** The text that holds the message, for the slices of the slow way; its code unit i is the codes' base + i. */
  text: '',
  base: 0,
  /** The masked text's code units, also seen as 32-bit words and as bytes. */
  output: new Uint16Array(0),
  words: new Uint32Array(0),
  outputBytes: Buffer.allocUnsafe(0),
  /** Code units of `output` in use. */
  length: 0,
  /** The masked text of the message hashMaskedMessage hashed last, when it was built the slow way (else: the output). */
  slowMasked: undefined as string | undefined,
  /** One byte per character, for decoding a Latin-1 masked text. */
  latin1: Buffer.allocUnsafe(0),
};
reserve(4096);

/**
 * Grows the buffers to take the masked text of a message of `length` code units, which is at most three times as
 * long (every character a placeholder), or a text of that length to hash.
 */
function reserve(length: number): void {
  if (3 * length + 2 <= scratch.output.length) return;
  const size = Math.max(length, Math.ceil(scratch.output.length / 3));
  const output = new ArrayBuffer(4 * (3 * size + 2));
  scratch.output = new Uint16Array(output);
  scratch.words = new Uint32Array(output);
  scratch.outputBytes = Buffer.from(output);
  scratch.latin1 = Buffer.allocUnsafe(3 * size + 2);
}

/** Starts masking `text`, whose code unit i is codes[base + i]: the output emptied and large enough for it. */
function begin(text: string, base: number): void {
  reserve(text.length);
  scratch.text = text;
  scratch.base = base;
  scratch.length = 0;
}

/** text.slice(start, end) for a range of the codes. */
function sliceOfText(start: number, end: number): string {
  return scratch.text.slice(start - scratch.base, end - scratch.base);
}

/** Appends codes[start, end) to the output. */
function emitRange(codes: Uint16Array, start: number, end: number): void {
  const { output } = scratch;
  let at = scratch.length;
  for (let i = start; i < end; i++) output[at++] = codes[i]!;
  scratch.length = at;
}

/** Appends PARAM, `<*>`, to the output. */
function emitParam(): void {
  const { output } = scratch;
  const at = scratch.length;
  output[at] = 60;
  output[at + 1] = 42;
  output[at + 2] = 62;
  scratch.length = at + 3;
}

/** The first `length` code units of the output as a flat string (one byte a character when they fit). */
function outputText(length: number): string {
  const { output, latin1 } = scratch;
  for (let i = 0; i < length; i++) {
    const c = output[i]!;
    if (c > 255) return scratch.outputBytes.toString('utf16le', 0, 2 * length);
    latin1[i] = c;
  }
  return latin1.toString('latin1', 0, length);
}

// Character classes of ASCII codes, one bit each; a token's classes OR-ed together tell which rules could match it.
const DIGIT = 1;
const LETTER = 2;
/** Anything but [0-9a-fA-F]. */
const NOT_HEX = 4;
const LEADING = 8;
const TRAILING = 16;
const DOT = 32;
const COLON = 64;
const SLASH = 128;
const BACKSLASH = 256;
/** `+` and `-`. */
const SIGN = 512;
/** ASCII punctuation and controls of no class above. */
const OTHER = 1024;
/** White space as `\s` defines it. */
const SPACE = 2048;
/** Any character outside ASCII that is not white space. */
const NON_ASCII = 4096;
/** The characters that make a token worth masking: digits, `/` and `\\`. */
const MASKABLE = DIGIT | SLASH | BACKSLASH;
/** The classes of every UTF-16 code unit (128 KiB), so that a character's class is one array read, not a branch. */
const CHAR_CLASSES = (() => {
  const classes = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 48 && c <= 57) classes[c] = DIGIT;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) classes[c] = LETTER | (/[a-f]/i.test(String.fromCharCode(c)) ? 0 : NOT_HEX);
    else if (isSpace(c)) classes[c] = SPACE | NOT_HEX;
    else if (c >= 128) classes[c] = NON_ASCII | NOT_HEX;
    else classes[c] = NOT_HEX | (c === 46 ? DOT : c === 58 ? COLON : c === 47 ? SLASH : c === 92 ? BACKSLASH : c === 43 || c === 45 ? SIGN : OTHER);
  }
  for (const c of LEADING_PUNCTUATION) classes[c]! |= LEADING;
  for (const c of TRAILING_PUNCTUATION) classes[c]! |= TRAILING;
  return classes;
})();

/** The class bits of a character code. */
function charClass(c: number): number {
  return CHAR_CLASSES[c]!;
}

function isAlphanumeric(c: number): boolean {
  return (charClass(c) & (DIGIT | LETTER)) !== 0;
}

function isHex(c: number): boolean {
  return (charClass(c) & NOT_HEX) === 0;
}

/** TIME_WORDS as numbers, so that a three-letter token is looked up without a slice. */
const TIME_WORD_CODES = new Set([...TIME_WORDS].map((w) => threeCharCode(w.charCodeAt(0), w.charCodeAt(1), w.charCodeAt(2))));

/** Three character codes as one number; distinct for ASCII, and a collision only sends a message the slow way. */
function threeCharCode(a: number, b: number, c: number): number {
  return a * 0x10000 + b * 0x100 + c;
}

/** The ASCII UNITS as numbers (see unitCode), so that a unit is looked up without a slice. */
const UNIT_CODES = new Set(UNITS.filter((u) => /^[\x20-\x7e]+$/.test(u)).map((u) => unitCode(Uint16Array.from(u, (c) => c.charCodeAt(0)), 0, u.length)));

/** A run of up to four ASCII letters and `%`, letters lowercased, as a number in base 128; -1 for anything else. */
function unitCode(codes: Uint16Array, start: number, end: number): number {
  if (end - start > 4) return -1;
  let code = 0;
  for (let i = start; i < end; i++) {
    const c = codes[i]!;
    if (c === 37) code = code * 128 + c;
    else if ((charClass(c) & LETTER) !== 0) code = code * 128 + (c | 0x20);
    else return -1;
  }
  return code;
}

/** DATE_TOKEN on a range: `\d{2,4}[-/]\d{2}[-/]\d{2}`. */
function isDateToken(codes: Uint16Array, start: number, end: number): boolean {
  const year = end - start - 6;
  if (year < 2 || year > 4) return false;
  for (let i = start; i < end; i++) {
    const at = i - start - year;
    const c = codes[i]!;
    if (at === 0 || at === 3 ? c !== 45 && c !== 47 : !isDigit(c)) return false;
  }
  return true;
}

/** Whether the token [start, end) may start a date written over several words, as tokenize sees one. */
function startsDate(codes: Uint16Array, start: number, end: number, classes: number): boolean {
  const length = end - start;
  if (length === 3) {
    // Month and day names are capitalised: most three-letter words are not looked up.
    const first = codes[start]!;
    return first >= 65 && first <= 90 && TIME_WORD_CODES.has(threeCharCode(first, codes[start + 1]!, codes[start + 2]!));
  }
  return (classes & DIGIT) !== 0 && length >= 8 && length <= 10 && isDateToken(codes, start, end);
}

/**
 * Writes the masked text of the message `text.slice(start)`, whose code unit i is codes[base + i], into the output.
 * @returns false when a token may start a date written over several words.
 */
function writeMasked(text: string, start: number, codes: Uint16Array, base: number): boolean {
  begin(text, base);
  const end = base + text.length;
  let i = base + start;
  while (i < end) {
    while (i < end && (CHAR_CLASSES[codes[i]!]! & SPACE) !== 0) i++;
    if (i >= end) break;
    if (scratch.length > 0) scratch.output[scratch.length++] = 32;
    const tokenStart = i;
    let classes = 0;
    for (; i < end; i++) {
      const k = charClass(codes[i]!);
      if ((k & SPACE) !== 0) break;
      classes |= k;
    }
    if (startsDate(codes, tokenStart, i, classes)) return false;
    // A run of digits, the commonest variable, is a number without further ado.
    if (classes === DIGIT) emitParam();
    else if ((classes & MASKABLE) !== 0) emitMaskedToken(codes, tokenStart, i, classes);
    else emitRange(codes, tokenStart, i);
  }
  return true;
}

/**
 * Writes maskToken(token) for the token codes[start, end), which holds a maskable character and no space; `classes`
 * are its characters' classes OR-ed together.
 */
function emitMaskedToken(codes: Uint16Array, start: number, end: number, classes: number): void {
  if ((classes & NON_ASCII) !== 0) {
    const masked = maskToken(sliceOfText(start, end));
    const { output } = scratch;
    for (let i = 0; i < masked.length; i++) output[scratch.length++] = masked.charCodeAt(i);
    return;
  }
  let coreStart = start;
  while (coreStart < end && (CHAR_CLASSES[codes[coreStart]!]! & LEADING) !== 0) coreStart++;
  let coreEnd = end;
  while (coreEnd > coreStart && (CHAR_CLASSES[codes[coreEnd - 1]!]! & TRAILING) !== 0) coreEnd--;
  // The rules look at the core, without the punctuation around it.
  let core = classes;
  if (coreStart !== start || coreEnd !== end) {
    core = 0;
    for (let i = coreStart; i < coreEnd; i++) core |= CHAR_CLASSES[codes[i]!]!;
  }
  if (((core & ~(DIGIT | DOT | SIGN | NOT_HEX)) === 0 && isNumber(codes, coreStart, coreEnd)) || isValue(codes, coreStart, coreEnd, core)) {
    emitRange(codes, start, coreStart);
    emitParam();
    emitRange(codes, coreEnd, end);
    return;
  }
  if ((core & DIGIT) !== 0) emitInnerValues(codes, start, coreStart, coreEnd, end);
  else emitRange(codes, start, end);
}

/** NUMBER_PATTERN on a range: `[-+]?\d+(?:\.\d+)*`. */
function isNumber(codes: Uint16Array, start: number, end: number): boolean {
  const sign = codes[start]!;
  let i = sign === 43 || sign === 45 ? start + 1 : start;
  for (;;) {
    const digits = skipDigits(codes, i, end);
    if (digits === i) return false;
    if (digits === end) return true;
    if (codes[digits]! !== 46) return false;
    i = digits + 1;
  }
}

/** Whether the ASCII range [start, end), whose characters' classes are `classes`, matches one of VALUE_RULES. */
function isValue(codes: Uint16Array, start: number, end: number, classes: number): boolean {
  const first = codes[start]!;
  const length = end - start;
  const colon = (classes & COLON) !== 0;
  if (colon && (classes & SLASH) !== 0 && isUrl(codes, start, end)) return true;
  if ((classes & DOT) !== 0 && (isDigit(first) || first === 47) && isIpv4(codes, start, end)) return true;
  if (colon && hasTwoColons(codes, start, end) && IPV6_PATTERN.test(sliceOfText(start, end))) return true;
  if (length === 36 && isUuid(codes, start, end)) return true;
  if (first === 48 && isHexLiteral(codes, start, end)) return true;
  if ((first === 118 || first === 86) && isVersion(codes, start, end)) return true;
  if (length >= 8 && (classes & (NOT_HEX | DIGIT)) === DIGIT) return true;
  if ((isDigit(first) || first === 43 || first === 45) && isQuantity(codes, start, end)) return true;
  if ((classes & SLASH) !== 0 && isUnixPath(codes, start, end)) return true;
  if ((classes & BACKSLASH) !== 0 && isWindowsPath(codes, start, end)) return true;
  return false;
}

function hasTwoColons(codes: Uint16Array, start: number, end: number): boolean {
  let colons = 0;
  for (let i = start; i < end; i++) if (codes[i] === 58 && ++colons === 2) return true;
  return false;
}

/** End of the run of digits from `i` (i itself when there is none), at most `end`. */
function skipDigits(codes: Uint16Array, i: number, end: number): number {
  while (i < end && isDigit(codes[i]!)) i++;
  return i;
}

/** URL_PATTERN on a range without white space. */
function isUrl(codes: Uint16Array, start: number, end: number): boolean {
  if ((charClass(codes[start]!) & LETTER) === 0) return false;
  let i = start + 1;
  for (; i < end; i++) {
    const c = codes[i]!;
    if (!(isAlphanumeric(c) || c === 43 || c === 46 || c === 45)) break;
  }
  return i + 3 < end && codes[i] === 58 && codes[i + 1] === 47 && codes[i + 2] === 47;
}

/** IPV4_PATTERN on a range. */
function isIpv4(codes: Uint16Array, start: number, end: number): boolean {
  let i = codes[start] === 47 ? start + 1 : start;
  for (let group = 0; group < 4; group++) {
    if (group > 0) {
      if (i >= end || codes[i] !== 46) return false;
      i++;
    }
    const digits = skipDigits(codes, i, Math.min(end, i + 3));
    if (digits === i) return false;
    i = digits;
  }
  if (i === end) return true;
  if (codes[i] !== 58) return false;
  const port = skipDigits(codes, i + 1, Math.min(end, i + 6));
  return port > i + 1 && port === end;
}

/** UUID_PATTERN on a range of 36 characters. */
function isUuid(codes: Uint16Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const at = i - start;
    const c = codes[i]!;
    if (at === 8 || at === 13 || at === 18 || at === 23 ? c !== 45 : !isHex(c)) return false;
  }
  return true;
}

/** HEX_LITERAL_PATTERN on a range. */
function isHexLiteral(codes: Uint16Array, start: number, end: number): boolean {
  if (end - start < 3 || (codes[start + 1] !== 120 && codes[start + 1] !== 88)) return false;
  for (let i = start + 2; i < end; i++) if (!isHex(codes[i]!)) return false;
  return true;
}

/** VERSION_PATTERN on a range. */
function isVersion(codes: Uint16Array, start: number, end: number): boolean {
  let i = skipDigits(codes, start + 1, end);
  if (i === start + 1) return false;
  let groups = 0;
  while (i < end) {
    if (codes[i] !== 46) return false;
    const digits = skipDigits(codes, i + 1, end);
    if (digits === i + 1) return false;
    i = digits;
    groups++;
  }
  return groups > 0;
}

/** QUANTITY_PATTERN on an ASCII range. */
function isQuantity(codes: Uint16Array, start: number, end: number): boolean {
  const sign = codes[start];
  const from = sign === 43 || sign === 45 ? start + 1 : start;
  let i = skipDigits(codes, from, end);
  if (i === from) return false;
  if (i + 1 < end && codes[i] === 46 && isDigit(codes[i + 1]!)) i = skipDigits(codes, i + 1, end);
  return i < end && UNIT_CODES.has(unitCode(codes, i, end));
}

/** UNIX_PATH_PATTERN on a range without white space. */
function isUnixPath(codes: Uint16Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && i - start < 2 && codes[i] === 46) i++;
  if (i >= end || codes[i] !== 47) return false;
  i++;
  // Then segments of one or more characters, each closed by a slash, and an optional last one.
  if (i >= end || codes[i] === 47) return false;
  let slashes = 0;
  for (let j = i + 1; j < end; j++) {
    if (codes[j] !== 47) continue;
    if (codes[j - 1] === 47) return false;
    slashes++;
  }
  return slashes > 0;
}

/** WINDOWS_PATH_PATTERN on a range without white space. */
function isWindowsPath(codes: Uint16Array, start: number, end: number): boolean {
  return end - start >= 3 && (charClass(codes[start]!) & LETTER) !== 0 && codes[start + 1] === 58 && codes[start + 2] === 92;
}

/**
 * Writes the token [start, end) with the values inside its core [coreStart, coreEnd) replaced, as
 * `core.replace(INNER_VALUE, PARAM)` does, or `<*>` between its punctuation when the result is a SNAKE_ID.
 */
function emitInnerValues(codes: Uint16Array, start: number, coreStart: number, coreEnd: number, end: number): void {
  const mark = scratch.length;
  let copied = start;
  // The first replacement, [firstStart, firstEnd), for the SNAKE_ID test.
  let firstStart = -1;
  let firstEnd = -1;
  let i = coreStart;
  // INNER_VALUE's lookbehind, no letter or digit before the match: what precedes `i`, kept rather than read back.
  let afterAlphanumeric = false;
  while (i < coreEnd) {
    const matchEnd = afterAlphanumeric ? -1 : innerValueEnd(codes, i, coreEnd);
    if (matchEnd < 0) {
      afterAlphanumeric = isAlphanumeric(codes[i]!);
      i++;
      continue;
    }
    afterAlphanumeric = isAlphanumeric(codes[matchEnd - 1]!);
    if (firstStart < 0) {
      firstStart = i;
      firstEnd = matchEnd;
    }
    emitRange(codes, copied, i);
    emitParam();
    copied = matchEnd;
    i = matchEnd;
  }
  emitRange(codes, copied, end);
  if (firstStart >= 0 && isSnakeId(codes, coreStart, coreEnd, firstStart, firstEnd)) {
    scratch.length = mark;
    emitRange(codes, start, coreStart);
    emitParam();
    emitRange(codes, coreEnd, end);
  }
}

/** Whether a match may end at `i`: INNER_VALUE's lookahead, no letter or digit after it. */
function endsValue(codes: Uint16Array, i: number, coreEnd: number): boolean {
  return i === coreEnd || !isAlphanumeric(codes[i]!);
}

/**
 * The end of INNER_VALUE's match at `i` of the core (which ends at `coreEnd`), trying its alternatives in order, or
 * -1 when none matches there.
 */
function innerValueEnd(codes: Uint16Array, i: number, coreEnd: number): number {
  const c = codes[i]!;
  const digits = c === 43 || c === 45 ? i + 1 : i;
  if (digits < coreEnd && isDigit(codes[digits]!)) {
    const p = skipDigits(codes, digits, coreEnd);
    // A quantity: one optional `.` group, then a unit that ends the run of letters (or a `%`).
    const number = p + 1 < coreEnd && codes[p] === 46 && isDigit(codes[p + 1]!) ? skipDigits(codes, p + 1, coreEnd) : p;
    let unit = number;
    while (unit < coreEnd && (charClass(codes[unit]!) & LETTER) !== 0) unit++;
    if (unit === number && number < coreEnd && codes[number] === 37) unit++;
    if (unit > number && UNIT_CODES.has(unitCode(codes, number, unit)) && endsValue(codes, unit, coreEnd)) return unit;
    // A number: greedy `\d+(?:\.\d+)*`, remembering where the last `.` group began. When a letter or digit follows,
    // the regex backtracks, and the only shorter match whose next character is neither ends before that group.
    let q = p;
    let lastDot = -1;
    while (q + 1 < coreEnd && codes[q] === 46 && isDigit(codes[q + 1]!)) {
      lastDot = q;
      q = skipDigits(codes, q + 1, coreEnd);
    }
    if (endsValue(codes, q, coreEnd)) return q;
    if (lastDot >= 0) return lastDot;
  }
  if (!isHex(c)) return -1;
  // A hex literal, `0x` and hex digits.
  if (c === 48 && (codes[i + 1] === 120 || codes[i + 1] === 88) && i + 2 < coreEnd && isHex(codes[i + 2]!)) {
    const hexEnd = skipHex(codes, i + 2, coreEnd);
    if (endsValue(codes, hexEnd, coreEnd)) return hexEnd;
  }
  // A hex id: eight or more hex digits, at least one of them a decimal digit.
  const hexEnd = skipHex(codes, i, coreEnd);
  if (hexEnd - i < 8 || !endsValue(codes, hexEnd, coreEnd)) return -1;
  for (let k = i; k < hexEnd; k++) if (isDigit(codes[k]!)) return hexEnd;
  return -1;
}

/** End of the run of hex digits from `i`, at most `end`. */
function skipHex(codes: Uint16Array, i: number, end: number): number {
  while (i < end && isHex(codes[i]!)) i++;
  return i;
}

/**
 * SNAKE_ID tested on the masked core, given the core and its first replacement [firstStart, firstEnd): letters
 * and underscores, then `<*>` preceded or followed by an underscore.
 */
function isSnakeId(codes: Uint16Array, coreStart: number, coreEnd: number, firstStart: number, firstEnd: number): boolean {
  let q = coreStart;
  while (q < firstStart) {
    const c = codes[q]!;
    if (c !== 95 && (charClass(c) & LETTER) === 0) break;
    q++;
  }
  const underscoreBefore = q > coreStart && codes[q - 1] === 95;
  // The usual case: the first character that is not a letter or underscore is the placeholder itself.
  if (q === firstStart) return underscoreBefore || (firstEnd < coreEnd && codes[firstEnd] === 95);
  // Otherwise only a literal `<*>` in the core, before the first replacement, can be the placeholder.
  if (q + 3 > firstStart || codes[q] !== 60 || codes[q + 1] !== 42 || codes[q + 2] !== 62) return false;
  return underscoreBefore || (q + 3 < firstStart && codes[q + 3] === 95);
}

/**
 * maskToken computed by the fast path, for the test that holds the two equal.
 * @internal
 */
export function maskTokenFast(token: string): string {
  begin(token, 0);
  const codes = codeUnitsOf(token);
  let classes = 0;
  for (let i = 0; i < token.length; i++) classes |= charClass(codes[i]!);
  // Tokens of a message hold no white space; only tokenize's joined dates do, and maskToken masks them whole.
  if ((classes & SPACE) !== 0) return maskToken(token);
  if ((classes & MASKABLE) === 0) return token;
  emitMaskedToken(codes, 0, token.length, classes);
  return outputText(scratch.length);
}
