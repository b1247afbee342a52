/**
 * The template miner façade: masking, counting and Drain, wired so that chunks mined apart merge exactly.
 *
 * Mining a chunk only masks and counts messages (a commutative, associative operation), and Drain then runs once
 * over the merged counts in a canonical order (most frequent first, then by text). Mining a file whole or in any
 * number of chunks therefore yields the same templates with the same ids, and the most common messages shape
 * each cluster first, which is also what makes the templates good.
 */
import { Drain, type DrainOptions, type LogCluster } from './drain.ts';
import { hashMaskedMessage, hashString, maskMessage, maskTokens, PARAM, tokenize } from './masking.ts';
import { templateId } from './template-id.ts';

/** Options of the template miner. */
export interface TemplateMinerOptions extends DrainOptions {
  /**
   * Most distinct masked messages kept before they are compacted into their templates. Compaction bounds memory
   * on logs whose variables masking cannot see (user names, free text); until it happens, chunks merge exactly.
   * @default 50000
   */
  maxDistinctMessages?: number;
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
  // Distinct masked messages by hash (hashString of the masked text), with their text and a boxed count: a repeated
  // message costs one scan and one numeric lookup, and its masked text is built only the first time.
  readonly #counts = new Map<number, { key: string; n: number }>();

  readonly #maxDistinctMessages: number;
  // Size that triggers the next compaction: the cap, or twice what the last compaction left when that was more
  // (a log with that many templates), so that compaction never runs on every new message.
  #compactAt: number;

  constructor(options: TemplateMinerOptions = {}) {
    this.#options = options;
    this.#maxDistinctMessages = options.maxDistinctMessages ?? DEFAULT_TEMPLATE_MINER_OPTIONS.maxDistinctMessages;
    this.#compactAt = this.#maxDistinctMessages;
  }

  /** Records one message (the content after the header). */
  add(message: string): void {
    const hash = hashMaskedMessage(message);
    const count = this.#counts.get(hash);
    if (count) count.n++;
    else this.#insert(hash, maskMessage(message), 1);
  }

  #count(key: string, n: number): void {
    const hash = hashString(key);
    const count = this.#counts.get(hash);
    if (count) count.n += n;
    else this.#insert(hash, key, n);
  }

  #insert(hash: number, key: string, n: number): void {
    this.#counts.set(hash, { key, n });
    if (this.#counts.size > this.#compactAt) this.#compact();
  }

  /** Replaces the distinct messages by the templates they form, each with the sum of their counts. */
  #compact(): void {
    const templates = this.build().templates;
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
    return { version: 1, messages: [...this.#counts.values()].map(({ key, n }) => [key, n] as const) };
  }

  /** Adds another chunk's counts to this miner's. */
  merge(snapshot: TemplateSnapshot): void {
    for (const [key, n] of snapshot.messages) this.#count(key, n);
  }

  /** Runs Drain over the merged counts in canonical order and returns the templates. */
  build(): TemplateSet {
    const keys = this.snapshot().messages.toSorted((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const drain = new Drain(this.#options);
    const clusterOf = new Map<string, LogCluster>();
    for (const [key, count] of keys) clusterOf.set(key, drain.addLogMessage(key === '' ? [] : key.split(' '), count).cluster);
    drain.mergeWordVariants();
    return new TemplateSet(drain, clusterOf);
  }
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
