/**
 * The records of a file as columns of typed arrays: what the detectors read.
 *
 * A record costs about 40 bytes here whatever its length, so a million records fit in 40 MB, and the detectors
 * scan flat arrays instead of objects. The template of a record is stored as the hash of its masked message while
 * the file is read (templates exist only once every message has been seen) and turned into a template index after.
 */
import { codeUnitsOf } from '../code-units.ts';
import { LEVELS, type Level } from '../parsing/index.ts';

/** Numeric values kept per record, from its first numbers, for drift detection. */
export const NUMBER_SLOTS = 4;

/** Level codes in the `level` column: 0 for none, then LEVELS in order. */
const LEVEL_CODE: ReadonlyMap<Level, number> = new Map(LEVELS.map((level, i) => [level, i + 1]));

/** How many level codes there are, none included: the size of a count per code. */
export const LEVEL_CODES = LEVELS.length + 1;

/** Whether a `level` column code is ERROR or worse. */
export function isErrorLevelCode(code: number): boolean {
  return code >= LEVEL_CODE.get('ERROR')!;
}

/** The records of one file, column by column, in file order. */
export interface RecordColumns {
  /** Number of records. */
  readonly size: number;
  /** Index of each record's template in the file's template list. */
  readonly template: Int32Array;
  /** 1-based first physical line of each record. */
  readonly line: Int32Array;
  /** Physical lines of each record. */
  readonly lineCount: Int32Array;
  /** Milliseconds since the epoch, UTC; NaN when the record has no time. */
  readonly timestampMs: Float64Array;
  /** 0 for no level, else 1 + the index of the level in LEVELS. */
  readonly level: Uint8Array;
  /** Index into the component list; -1 when the record names none. */
  readonly component: Int32Array;
  /** The record's first NUMBER_SLOTS numbers (NaN where it has fewer), NUMBER_SLOTS per record. */
  readonly numbers: Float32Array;
}

/**
 * Records as read, before templates exist: the columns of {@link RecordColumns} with each record's masked-message
 * hash in place of its template. What a chunk's mining leaves, to be merged with other chunks'.
 */
export interface RecordRows extends Omit<RecordColumns, 'template'> {
  /** The masked-message hash of each record (53-bit, exact in a double). */
  readonly hash: Float64Array;
}

/** Records whose hash has no template, marked -1 by {@link resolveTemplates}. */
export const UNRESOLVED = -1;

/** The columns of `rows`, each record's hash turned into its template index (UNRESOLVED when unknown). */
export function resolveTemplates(rows: RecordRows, templateOfHash: (hash: number) => number | undefined): RecordColumns {
  const n = rows.size;
  const template = new Int32Array(n);
  let lastHash = Number.NaN;
  let lastTemplate = UNRESOLVED;
  for (let i = 0; i < n; i++) {
    const hash = rows.hash[i]!;
    // Runs of one message are common (floods, retries): skip the lookup for them.
    if (hash !== lastHash) {
      lastHash = hash;
      lastTemplate = templateOfHash(hash) ?? UNRESOLVED;
    }
    template[i] = lastTemplate;
  }
  const { hash: _, ...columns } = rows;
  return { ...columns, template };
}

/** The level a `level` column code stands for. */
export function levelOfCode(code: number): Level | undefined {
  return code === 0 ? undefined : LEVELS[code - 1];
}

/** Collects records into columns while a file is read. */
export class RecordTableBuilder {
  #size = 0;
  #hash = new Float64Array(1024);
  #line = new Int32Array(1024);
  #lineCount = new Int32Array(1024);
  #timestampMs = new Float64Array(1024);
  #level = new Uint8Array(1024);
  #component = new Int32Array(1024);
  #numbers = new Float32Array(1024 * NUMBER_SLOTS);
  readonly #componentIndex = new Map<string, number>();
  /** Component names, by index. */
  readonly components: string[] = [];

  /** Number of records added. */
  get size(): number {
    return this.#size;
  }

  /** Adds one record. */
  add(hash: number, line: number, lineCount: number, timestampMs: number | undefined, level: Level | undefined, component: string | undefined, message: string): void {
    if (this.#size === this.#hash.length) this.#grow();
    const i = this.#size++;
    this.#hash[i] = hash;
    this.#line[i] = line;
    this.#lineCount[i] = lineCount;
    this.#timestampMs[i] = timestampMs ?? Number.NaN;
    this.#level[i] = level === undefined ? 0 : LEVEL_CODE.get(level)!;
    let c = -1;
    if (component !== undefined) {
      c = this.#componentIndex.get(component) ?? -1;
      if (c < 0) {
        c = this.components.length;
        this.components.push(component);
        this.#componentIndex.set(component, c);
      }
    }
    this.#component[i] = c;
    readNumbers(message, this.#numbers, i * NUMBER_SLOTS);
  }

  /** Replaces the hashes the miner folded into templates by their templates' (see TemplateMinerOptions.onCompact). */
  remapHashes(remap: ReadonlyMap<number, number>): void {
    if (remap.size === 0) return;
    for (let i = 0; i < this.#size; i++) {
      const to = remap.get(this.#hash[i]!);
      if (to !== undefined) this.#hash[i] = to;
    }
  }

  /** The rows added so far. */
  rows(): RecordRows {
    const n = this.#size;
    return {
      size: n,
      hash: this.#hash.subarray(0, n),
      line: this.#line.subarray(0, n),
      lineCount: this.#lineCount.subarray(0, n),
      timestampMs: this.#timestampMs.subarray(0, n),
      level: this.#level.subarray(0, n),
      component: this.#component.subarray(0, n),
      numbers: this.#numbers.subarray(0, n * NUMBER_SLOTS),
    };
  }

  /**
   * The finished columns.
   * @param templateOfHash - the template index of each record's hash (undefined or -1 for a hash never seen).
   */
  finish(templateOfHash: (hash: number) => number | undefined): RecordColumns {
    return resolveTemplates(this.rows(), templateOfHash);
  }

  #grow(): void {
    const grow = <T extends Float64Array | Int32Array | Uint8Array | Float32Array>(a: T, factor = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(this.#hash.length * 2 * factor);
      b.set(a);
      return b;
    };
    this.#line = grow(this.#line);
    this.#lineCount = grow(this.#lineCount);
    this.#timestampMs = grow(this.#timestampMs);
    this.#level = grow(this.#level);
    this.#component = grow(this.#component);
    this.#numbers = grow(this.#numbers, NUMBER_SLOTS);
    this.#hash = grow(this.#hash);
  }
}

/**
 * Writes the first NUMBER_SLOTS numbers of `message` into `out` from `offset` (NaN for missing ones). A number is a
 * run of digits with at most one decimal point that starts a word (so ids such as `a1b2` are not numbers) and ends
 * the word or a unit (`23ms`, `512KB`, `94%`): the values a drift can show in.
 */
export function readNumbers(message: string, out: Float32Array, offset: number): void {
  const n = message.length;
  const codes = codeUnitsOf(message);
  let found = 0;
  for (let i = 0; i < n && found < NUMBER_SLOTS; i++) {
    const c = codes[i]!;
    if (c < 48 || c > 57) continue;
    if (i > 0 && isWordChar(codes[i - 1]!)) {
      while (i < n && isWordChar(codes[i]!)) i++;
      continue;
    }
    let j = i;
    let value = 0;
    while (j < n && isDigitCode(codes[j]!)) value = value * 10 + (codes[j++]! - 48);
    if (j + 1 < n && codes[j] === 46 && isDigitCode(codes[j + 1]!)) {
      let scale = 0.1;
      j++;
      while (j < n && isDigitCode(codes[j]!)) {
        value += (codes[j++]! - 48) * scale;
        scale /= 10;
      }
    }
    let k = j;
    while (k < n && isLetterCode(codes[k]!)) k++;
    // Letters after the digits are a unit only when short (ms, KB, GiB); longer, it is an identifier (1st, 3xyzzy).
    if (k - j <= 3 && (k >= n || !isDigitCode(codes[k]!))) out[offset + found++] = value;
    i = k;
  }
  for (; found < NUMBER_SLOTS; found++) out[offset + found] = Number.NaN;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 37 || c === 181;
}

function isWordChar(c: number): boolean {
  return isDigitCode(c) || isLetterCode(c) || c === 95;
}
