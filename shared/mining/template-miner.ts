/**
 * The template miner façade: masking, counting and Drain, wired so that chunks mined apart merge exactly.
 *
 * Mining a chunk only masks and counts messages (a commutative, associative operation), and Drain then runs once
 * over the merged counts in a canonical order (most frequent first, then by text). Mining a file whole or in any
 * number of chunks therefore yields the same templates with the same ids, and the most common messages shape
 * each cluster first, which is also what makes the templates good.
 */
import { Drain, type DrainOptions, type LogCluster } from './drain.ts';
import { hashMaskedMessage, hashString, lastMaskedMessage, maskTokens, PARAM, tokenize } from './masking.ts';
import { templateId } from './template-id.ts';

/** Options of the template miner. */
export interface TemplateMinerOptions extends DrainOptions {
  /**
   * Most distinct masked messages kept before they are compacted into their templates. Compaction bounds memory
   * on logs whose variables masking cannot see (user names, free text); until it happens, chunks merge exactly.
   * @default 50000
   */
  maxDistinctMessages?: number;
  /**
   * Told, at each compaction, the hash each folded message now goes by (its template's). Rows that keep a hash per
   * record apply it, so every record still finds its template without the text being read again.
   * @default - nobody is told
   */
  onCompact?: (remap: ReadonlyMap<number, number>) => void;
}

/** Default template miner options. */
export const DEFAULT_TEMPLATE_MINER_OPTIONS = { maxDistinctMessages: 50_000 } as const;

/** What a chunk's mining leaves behind, to be merged with other chunks' snapshots. */
export interface TemplateSnapshot {
  /** Format version of the snapshot. */
  readonly version: 1;
  /** Each distinct masked message and how many records had it. */
  readonly messages: ReadonlyArray<readonly [maskedMessage: string, count: number]>;
}

/** One mined template. */
export interface Template {
  /** Hash of `text`: the same template has the same id everywhere. */
  readonly id: string;
  /** The template, with `<*>` for variables. */
  readonly text: string;
  /** Records that belong to it. */
  readonly count: number;
}

/** A record's template and the values of its variables. */
export interface TemplateMatch {
  readonly template: Template;
  readonly params: string[];
}

/** Counts masked messages; call `build()` for the templates. */
export class TemplateMiner {
  readonly #options: TemplateMinerOptions;
  // Distinct masked messages by hash (hashString of the masked text), with their text and count: a repeated message
  // costs one scan and one lookup in typed arrays, and its masked text is built only the first time.
  readonly #counts = new MessageCounts();

  readonly #maxDistinctMessages: number;
  // Size that triggers the next compaction: the cap, or twice what the last compaction left when that was more
  // (a log with that many templates), so that compaction never runs on every new message.
  #compactAt: number;

  constructor(options: TemplateMinerOptions = {}) {
    this.#options = options;
    this.#maxDistinctMessages = options.maxDistinctMessages ?? DEFAULT_TEMPLATE_MINER_OPTIONS.maxDistinctMessages;
    this.#compactAt = this.#maxDistinctMessages;
  }

  /**
   * Records one message (the content after the header).
   * @param start - where the message begins in `text`, when `text` is its whole line: the message is `text.slice(start)`.
   * @param codes - the text's code units, text.charCodeAt(i) being codes[base + i], when the caller has them.
   * @returns the hash of its masked text, which a caller keeping rows per record stores to find the template later.
   */
  add(text: string, start = 0, codes?: Uint16Array, base = 0): number {
    const hash = hashMaskedMessage(text, start, codes, base);
    if (!this.#counts.increment(hash, 1)) this.#insert(hash, lastMaskedMessage(), 1);
    return hash;
  }

  #count(key: string, n: number): void {
    const hash = hashString(key);
    if (!this.#counts.increment(hash, n)) this.#insert(hash, key, n);
  }

  #insert(hash: number, key: string, n: number): void {
    this.#counts.insert(hash, key, n);
    if (this.#counts.size > this.#compactAt) this.#compact();
  }

  /**
   * Replaces the distinct messages by the templates they form, each with the sum of their counts; tells
   * `onCompact` which hash became which, so that hashes kept per record still find their template.
   */
  #compact(): void {
    const onCompact = this.#options.onCompact;
    const set = this.#build(onCompact !== undefined);
    const templates = set.templates;
    if (onCompact) {
      const remap = new Map<number, number>();
      for (const [key] of this.#counts.entries()) {
        const template = set.templateOfKey(key);
        if (template && template.text !== key) remap.set(hashString(key), hashString(template.text));
      }
      onCompact(remap);
    }
    this.#counts.clear();
    this.#compactAt = Infinity;
    for (const t of templates) this.#count(t.text, t.count);
    this.#compactAt = Math.max(this.#maxDistinctMessages, 2 * this.#counts.size);
  }

  /** Number of distinct masked messages seen so far. */
  get distinctMessages(): number {
    return this.#counts.size;
  }

  /** The counts gathered so far, for merging with other chunks. */
  snapshot(): TemplateSnapshot {
    return { version: 1, messages: this.#counts.entries() };
  }

  /** Adds another chunk's counts to this miner's. */
  merge(snapshot: TemplateSnapshot): void {
    for (const [key, n] of snapshot.messages) this.#count(key, n);
  }

  /** Runs Drain over the merged counts in canonical order and returns the templates. */
  build(): TemplateSet {
    return this.#build(true);
  }

  /** Runs Drain; `lookup` says whether the set must match messages (compaction needs only its templates). */
  #build(lookup: boolean): TemplateSet {
    const drain = new Drain(this.#options);
    const clusterOf = new Map<string, LogCluster>();
    for (const [key, count] of this.#counts.sorted()) {
      const { cluster } = drain.addLogMessage(key === '' ? [] : key.split(' '), count);
      if (lookup) clusterOf.set(key, cluster);
    }
    drain.mergeWordVariants();
    return new TemplateSet(drain, clusterOf);
  }
}

/**
 * The miner's counts: masked messages by their 53-bit hash, in insertion order. An open-addressing table over a typed
 * array rather than a Map, because the lookup runs once per record: it allocates nothing (a Map boxes every
 * non-small-integer key), and a slot holds the hash and the count side by side, so that a lookup in a table too big
 * for the cache costs one miss.
 */
class MessageCounts {
  /** Three numbers per slot: the hash, the count, and the entry's index + 1 (0 for an empty slot). At most half full. */
  #table = new Float64Array(3 * 1024);
  /** Per entry, in insertion order: its masked text, and its slot. */
  #keys: string[] = [];
  #slotOf = new Int32Array(512);

  get size(): number {
    return this.#keys.length;
  }

  /** Adds `n` to the count of the message with this hash. @returns false when there is no such message. */
  increment(hash: number, n: number): boolean {
    const table = this.#table;
    const mask = table.length / 3 - 1;
    for (let slot = slotOf(hash, mask); ; slot = (slot + 1) & mask) {
      const at = 3 * slot;
      if (table[at + 2] === 0) return false;
      if (table[at] === hash) {
        table[at + 1]! += n;
        return true;
      }
    }
  }

  /** Adds a message that increment did not find. */
  insert(hash: number, key: string, n: number): void {
    const index = this.#keys.length;
    if (6 * (index + 1) > this.#table.length) this.#grow();
    if (index >= this.#slotOf.length) {
      const slotOf = new Int32Array(this.#slotOf.length * 2);
      slotOf.set(this.#slotOf);
      this.#slotOf = slotOf;
    }
    this.#keys.push(key);
    this.#place(hash, n, index);
  }

  clear(): void {
    this.#table.fill(0);
    this.#keys = [];
  }

  /** The messages and their counts, in insertion order. */
  entries(): Array<readonly [maskedMessage: string, count: number]> {
    return this.#keys.map((key, i) => [key, this.#count(i)] as const);
  }

  /**
   * The messages in canonical order: most frequent first, then by text (UTF-16 code units). Messages with equal
   * counts are sorted apart, as strings, because most messages share a count and a comparator called for each
   * comparison was a tenth of mining time.
   */
  sorted(): Array<readonly [maskedMessage: string, count: number]> {
    const byCount = new Map<number, string[]>();
    for (let i = 0; i < this.#keys.length; i++) {
      const n = this.#count(i);
      const keys = byCount.get(n);
      if (keys) keys.push(this.#keys[i]!);
      else byCount.set(n, [this.#keys[i]!]);
    }
    const sorted: Array<readonly [string, number]> = [];
    for (const n of [...byCount.keys()].sort((a, b) => b - a)) {
      // The default sort compares strings by UTF-16 code units, as `<` does.
      for (const key of byCount.get(n)!.sort()) sorted.push([key, n]);
    }
    return sorted;
  }

  #count(index: number): number {
    return this.#table[3 * this.#slotOf[index]! + 1]!;
  }

  #place(hash: number, n: number, index: number): void {
    const table = this.#table;
    const mask = table.length / 3 - 1;
    let slot = slotOf(hash, mask);
    while (table[3 * slot + 2] !== 0) slot = (slot + 1) & mask;
    table[3 * slot] = hash;
    table[3 * slot + 1] = n;
    table[3 * slot + 2] = index + 1;
    this.#slotOf[index] = slot;
  }

  #grow(): void {
    const old = this.#table;
    this.#table = new Float64Array(old.length * 2);
    for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) this.#place(old[at]!, old[at + 1]!, old[at + 2]! - 1);
  }
}

/**
 * The table slot a hash starts probing at: its low 32 bits (as ToInt32 takes them) folded with its high ones, so that
 * both of hashString's lanes count. Integer conversions only: a `%` on a 53-bit number is a floating-point remainder.
 */
function slotOf(hash: number, mask: number): number {
  return (hash ^ (hash / 0x200000)) & mask;
}

/** The templates of a file, and the lookup from a message to its template. */
export class TemplateSet {
  /** Templates, most frequent first. */
  readonly templates: readonly Template[];
  readonly #drain: Drain;
  readonly #clusterOf: ReadonlyMap<string, LogCluster>;
  readonly #byCluster: ReadonlyMap<LogCluster, Template & { readonly tokens: readonly string[] }>;

  /** @internal built by TemplateMiner.build */
  constructor(drain: Drain, clusterOf: ReadonlyMap<string, LogCluster>) {
    this.#drain = drain;
    this.#clusterOf = clusterOf;
    // Clusters that ended with the same text (filed under different leaves) are one template: ids stay unique.
    const byText = new Map<string, { id: string; text: string; count: number; tokens: readonly string[] }>();
    const byCluster = new Map<LogCluster, { id: string; text: string; count: number; tokens: readonly string[] }>();
    for (const cluster of drain.clusters) {
      if (cluster.mergedInto) continue;
      const text = cluster.tokens.join(' ');
      let template = byText.get(text);
      if (template) template.count += cluster.size;
      else byText.set(text, (template = { id: templateId(text), text, count: cluster.size, tokens: cluster.tokens }));
      byCluster.set(cluster, template);
    }
    this.#byCluster = byCluster;
    this.templates = [...byText.values()]
      .map(({ id, text, count }) => ({ id, text, count }))
      .sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : 1));
  }

  /** The template of a masked message the set was built from (a snapshot key); undefined for any other. */
  templateOfKey(key: string): Template | undefined {
    const cluster = this.#clusterOf.get(key);
    const template = cluster && this.#byCluster.get(this.#drain.resolve(cluster));
    return template && { id: template.id, text: template.text, count: template.count };
  }

  /**
   * The template of a message and its parameters. A message unlike any the set was built from (possible only when
   * the set is used on new input) gets its masked text as its template, with a count of 0.
   */
  match(message: string): TemplateMatch {
    const tokens = tokenize(message);
    const masked = maskTokens(tokens);
    const key = masked.join(' ');
    const cluster = this.#clusterOf.get(key) ?? this.#drain.match(masked);
    const template = cluster && this.#byCluster.get(this.#drain.resolve(cluster));
    if (!template) return { template: { id: templateId(key), text: key, count: 0 }, params: extractParams(masked, tokens) };
    const { id, text, count } = template;
    return { template: { id, text, count }, params: extractParams(template.tokens, tokens) };
  }
}

const paramPatterns = new Map<string, RegExp>();

/** The values a message gives the variables of its template, in order. */
export function extractParams(template: readonly string[], tokens: readonly string[]): string[] {
  const params: string[] = [];
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const token = tokens[i] ?? '';
    if (t === PARAM) params.push(token);
    else if (t.includes(PARAM)) {
      let pattern = paramPatterns.get(t);
      if (!pattern) {
        const source = t.split(PARAM).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*?)');
        pattern = new RegExp(`^${source}$`, 's');
        paramPatterns.set(t, pattern);
      }
      const m = pattern.exec(token);
      if (m) params.push(...m.slice(1));
    }
  }
  return params;
}
