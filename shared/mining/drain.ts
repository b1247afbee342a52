/**
 * Drain: an online log template miner with a fixed-depth prefix tree.
 *
 * He, Zhu, Zheng and Lyu, "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017. The method
 * names follow the paper's steps, as Drain3 (logpai/Drain3, drain3/drain.py) does:
 * 1. treeSearch: the first layer splits by token count, the next `depth - 2` layers by leading tokens;
 * 2. fastMatch with seqDistance: the most similar cluster in the leaf, if similar enough (`simTh`);
 * 3. createTemplate: tokens that differ become `<*>`;
 * 4. addSeqToPrefixTree: a new cluster is hung under its leaf.
 *
 * Two additions of ours:
 * - Where two tokens differ but share a prefix or suffix that ends at punctuation, only the differing part becomes
 *   a variable (`user=root` and `user=bob` give `user=<*>`, `'a'` and `'b'` give `'<*>'`).
 * - Two different plain words (letters, no digits) never make a variable while messages are added: "Ending
 *   TrustedInstaller initialization." and "… finalization." are two events, not one with a parameter. A word slot
 *   becomes a variable only once `minWordValues` clusters differ in it alone (mergeWordVariants): user names vary
 *   widely, state names come from a short list. The values of `key=value` pairs may vary like any other value.
 */
import { PARAM } from './masking.ts';

/** Parameters of the Drain tree. */
export interface DrainOptions {
  /**
   * Depth of the prefix tree, counting the root and the leaf layers: `depth - 2` leading tokens route a message.
   * Values below 3 are rejected.
   * @default 4
   */
  depth?: number;
  /**
   * Similarity threshold: the least share of equal tokens for a message to join a cluster.
   * @default 0.4
   */
  simTh?: number;
  /**
   * Most children of one inner node; further tokens share the `<*>` child.
   * @default 100
   */
  maxChildren?: number;
  /**
   * Treat a token containing a digit as a variable when routing through the tree.
   * @default true
   */
  parametrizeNumericTokens?: boolean;
  /**
   * Distinct plain words seen in one position, with the rest of the template equal, before that position is
   * taken as a variable.
   * @default 4
   */
  minWordValues?: number;
}

/** Default Drain parameters. */
export const DEFAULT_DRAIN_OPTIONS: Required<DrainOptions> = {
  depth: 4,
  simTh: 0.4,
  maxChildren: 100,
  parametrizeNumericTokens: true,
  minWordValues: 4,
};

/** A group of messages sharing a template. */
export interface LogCluster {
  /** Dense index of the cluster in creation order. */
  readonly index: number;
  /** The template's tokens; variables are `<*>` or contain it. */
  tokens: string[];
  /** How many messages joined the cluster (weighted by the counts passed to addLogMessage). */
  size: number;
  /** The cluster this one was merged into by mergeWordVariants, if it was. */
  mergedInto?: LogCluster;
}

/** What adding a message did. */
export const CLUSTER_CHANGES = {
  created: 'cluster_created',
  templateChanged: 'cluster_template_changed',
  none: 'none',
} as const;
/** One kind of change made by addLogMessage. */
export type ClusterChange = (typeof CLUSTER_CHANGES)[keyof typeof CLUSTER_CHANGES];

interface Node {
  children: Map<string, Node>;
  clusters: LogCluster[];
  /** Cluster count at which this leaf merges its word slots next (see addLogMessage). */
  mergeAt: number;
}

/**
 * Clusters a leaf holds before it merges word slots on its own. Messages that differ only in plain words never
 * join a cluster, so without this a leaf of word-variable messages (user names) grows with the input and every
 * new message is compared with all of them.
 */
const LEAF_MERGE_AT = 64;

function newNode(): Node {
  return { children: new Map(), clusters: [], mergeAt: LEAF_MERGE_AT };
}

const DELIMITERS = new Set('=:/-_.,;()[]{}<>\'"@#|'.split(''));

/** A plain word: letters (and punctuation), no digit and no variable. */
function isWord(token: string): boolean {
  let letter = false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return false;
    if (c === 42 && token.includes(PARAM)) return false;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127) letter = true;
  }
  return letter;
}

const WRAPPED = /^[(\[{<'"].*[)\]}>'"]:?$/;

function paramCount(cluster: LogCluster): number {
  let n = 0;
  for (const t of cluster.tokens) if (t.includes(PARAM)) n++;
  return n;
}

/** Whether two tokens are `key=value` pairs with the same key, whose values may vary. */
function sameKey(a: string, b: string): boolean {
  const eq = a.indexOf('=');
  return eq > 0 && eq < a.length - 1 && b.length > eq + 1 && b.charCodeAt(eq) === 61 && a.startsWith(b.slice(0, eq));
}

function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Whether `token` is an instance of the template token `pattern` (equal, `<*>`, or `prefix<*>suffix`). */
export function tokenMatches(pattern: string, token: string): boolean {
  if (pattern === token || pattern === PARAM) return true;
  const at = pattern.indexOf(PARAM);
  if (at < 0) return false;
  // The prefix before `<*>` and the suffix after it, compared in place: this runs for every token of every message.
  const suffix = pattern.length - at - PARAM.length;
  if (token.length < at + suffix) return false;
  for (let i = 0; i < at; i++) if (pattern.charCodeAt(i) !== token.charCodeAt(i)) return false;
  for (let i = 1; i <= suffix; i++) if (pattern.charCodeAt(pattern.length - i) !== token.charCodeAt(token.length - i)) return false;
  return true;
}

/**
 * Generalises two tokens into one template token: the shared prefix up to its last delimiter and the shared
 * suffix from its first delimiter are kept, the rest becomes `<*>`.
 */
export function mergeTokens(pattern: string, token: string): string {
  if (tokenMatches(pattern, token)) return pattern;
  const at = pattern.indexOf(PARAM);
  const left = at < 0 ? pattern : pattern.slice(0, at);
  const right = at < 0 ? pattern : pattern.slice(at + PARAM.length);
  let p = 0;
  while (p < left.length && p < token.length && left[p] === token[p]) p++;
  while (p > 0 && !DELIMITERS.has(left[p - 1]!)) p--;
  let s = 0;
  while (s < right.length && s < token.length - p && right[right.length - 1 - s] === token[token.length - 1 - s]) s++;
  while (s > 0 && !DELIMITERS.has(right[right.length - s]!)) s--;
  const suffix = right.slice(right.length - s);
  // Two variables side by side are one: a kept suffix that starts with one needs no other before it.
  return left.slice(0, p) + (suffix.startsWith(PARAM) ? '' : PARAM) + suffix;
}

/** The Drain template miner over pre-tokenised (and masked) messages. */
export class Drain {
  readonly depth: number;
  readonly simTh: number;
  readonly maxChildren: number;
  readonly parametrizeNumericTokens: boolean;
  readonly minWordValues: number;
  /** Every cluster, by index. */
  readonly clusters: LogCluster[] = [];
  readonly #root: Node = newNode();

  /** @throws RangeError when depth is below 3 or simTh is outside [0, 1]. */
  constructor(options: DrainOptions = {}) {
    this.depth = options.depth ?? DEFAULT_DRAIN_OPTIONS.depth;
    this.simTh = options.simTh ?? DEFAULT_DRAIN_OPTIONS.simTh;
    this.maxChildren = options.maxChildren ?? DEFAULT_DRAIN_OPTIONS.maxChildren;
    this.parametrizeNumericTokens = options.parametrizeNumericTokens ?? DEFAULT_DRAIN_OPTIONS.parametrizeNumericTokens;
    this.minWordValues = options.minWordValues ?? DEFAULT_DRAIN_OPTIONS.minWordValues;
    if (this.depth < 3) throw new RangeError(`Drain depth must be at least 3, got ${this.depth}`);
    if (!(this.simTh >= 0 && this.simTh <= 1)) throw new RangeError(`Drain simTh must be within [0, 1], got ${this.simTh}`);
  }

  /**
   * Learns one message (`count` times over).
   * @returns the cluster it joined and what changed.
   */
  addLogMessage(tokens: readonly string[], count = 1): { cluster: LogCluster; change: ClusterChange } {
    const leaf = this.treeSearch(tokens, true);
    const match = this.fastMatch(leaf.clusters, tokens);
    if (!match) {
      const cluster: LogCluster = { index: this.clusters.length, tokens: [...tokens], size: count };
      this.clusters.push(cluster);
      this.addSeqToPrefixTree(leaf, cluster);
      if (leaf.clusters.length >= leaf.mergeAt) {
        this.#mergeWordSlots(leaf.clusters);
        leaf.clusters = leaf.clusters.filter((c) => c.mergedInto === undefined);
        leaf.mergeAt = Math.max(LEAF_MERGE_AT, 2 * leaf.clusters.length);
      }
      return { cluster: this.resolve(cluster), change: CLUSTER_CHANGES.created };
    }
    match.size += count;
    const template = this.createTemplate(tokens, match.tokens);
    if (template === match.tokens) return { cluster: match, change: CLUSTER_CHANGES.none };
    match.tokens = template;
    return { cluster: match, change: CLUSTER_CHANGES.templateChanged };
  }

  /**
   * Finds the cluster a message belongs to without learning from it. When the tree's leaf has none similar enough,
   * every cluster of the same length is compared (Drain3's "fallback" full search): clusters whose leading tokens
   * became variables after they were filed can only be found that way.
   * @returns the cluster, resolved through merges, or undefined when none is similar enough.
   */
  match(tokens: readonly string[]): LogCluster | undefined {
    const leaf = this.treeSearch(tokens, false);
    const found =
      (leaf && this.fastMatch(leaf.clusters, tokens)) ??
      this.fastMatch(this.clusters.filter((c) => c.mergedInto === undefined && c.tokens.length === tokens.length), tokens);
    return found && this.resolve(found);
  }

  /** Routes a message through the token-count layer and the leading-token layers to its leaf. */
  treeSearch(tokens: readonly string[], create: true): Node;
  treeSearch(tokens: readonly string[], create: false): Node | undefined;
  treeSearch(tokens: readonly string[], create: boolean): Node | undefined {
    let node = this.#child(this.#root, String(tokens.length), create);
    const routed = Math.min(this.depth - 2, tokens.length);
    for (let i = 0; i < routed && node; i++) node = this.#child(node, this.#routeKey(node, tokens[i]!, create), create);
    return node;
  }

  /** The most similar cluster at or above `simTh`; ties go to the cluster with more variables, as in the paper. */
  fastMatch(clusters: readonly LogCluster[], tokens: readonly string[]): LogCluster | undefined {
    const words = this.#words;
    for (let i = 0; i < tokens.length; i++) words[i] = isWord(tokens[i]!);
    let best: LogCluster | undefined;
    let bestSim = -1;
    let bestParams = -1;
    for (const cluster of clusters) {
      const sim = this.#seqDistance(cluster.tokens, tokens);
      const params = this.#params;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = cluster;
        bestSim = sim;
        bestParams = params;
      }
    }
    return best && bestSim >= this.simTh ? best : undefined;
  }

  /** Variables of the template last given to #seqDistance; a field rather than a pair, as fastMatch runs per message. */
  #params = 0;
  /** Whether each token of the message fastMatch is matching is a plain word, found once for all its clusters. */
  #words: boolean[] = [];

  /**
   * Share of positions where the message matches the template, leaving the template's variable count in #params;
   * -1 when the two differ in a plain word, which no threshold accepts.
   */
  #seqDistance(template: readonly string[], tokens: readonly string[]): number {
    this.#params = 0;
    if (template.length === 0) return 1;
    let same = 0;
    let params = 0;
    for (let i = 0; i < template.length; i++) {
      const t = template[i]!;
      if (t === PARAM) params++;
      else if (tokenMatches(t, tokens[i]!)) same++;
      else if (this.#words[i] && isWord(t) && !sameKey(t, tokens[i]!)) return -1;
    }
    this.#params = params;
    return same / template.length;
  }

  /**
   * Merges clusters that differ only in one plain-word position, once at least `minWordValues` of them do: that
   * position is then a variable. Merged clusters point at the survivor through `mergedInto`.
   */
  mergeWordVariants(): void {
    this.#mergeWordSlots(this.clusters);
  }

  /**
   * Folds every cluster that one of `generals` (the clusters a word slot was just merged into) covers, each token
   * matching, into it: after a word slot has become a variable, messages that also differed elsewhere are instances
   * of it. Only the new generals are tried, which keeps this linear in the clusters for each of them.
   */
  #absorbCovered(clusters: readonly LogCluster[], generals: readonly LogCluster[]): void {
    const live = clusters.filter((c) => c.mergedInto === undefined);
    for (const general of generals) {
      if (general.mergedInto !== undefined) continue;
      const generalParams = paramCount(general);
      for (const specific of live) {
        if (specific === general || specific.mergedInto !== undefined || specific.tokens.length !== general.tokens.length) continue;
        if (paramCount(specific) > generalParams) continue;
        if (!general.tokens.every((t, i) => tokenMatches(t, specific.tokens[i]!))) continue;
        specific.mergedInto = general;
        general.size += specific.size;
      }
    }
  }

  #mergeWordSlots(clusters: readonly LogCluster[]): void {
    const live = (): LogCluster[] => clusters.filter((c) => c.mergedInto === undefined);
    // A loop, not Math.max(...): tens of thousands of clusters are too many arguments for a call.
    let longest = 0;
    for (const c of clusters) if (c.tokens.length > longest) longest = c.tokens.length;
    const survivors = new Set<LogCluster>();
    for (let position = 0; position < longest; position++) {
      const siblings = new Map<string, LogCluster[]>();
      for (const cluster of live()) {
        const tokens = cluster.tokens;
        if (position >= tokens.length || !isWord(tokens[position]!)) continue;
        // A bare first word names the event ("boot (command 12)", "halt (command 12)"), so it is never a
        // variable; a wrapped one ("(alice) CMD (…)") is a value like any other.
        if (position === 0 && !WRAPPED.test(tokens[0]!)) continue;
        const key = `${tokens.length}\u0001${tokens.slice(0, position).join(' ')}\u0001${tokens.slice(position + 1).join(' ')}`;
        (siblings.get(key) ?? siblings.set(key, []).get(key)!).push(cluster);
      }
      for (const group of siblings.values()) {
        if (group.length < this.minWordValues) continue;
        const [survivor, ...others] = group.sort((a, b) => b.size - a.size || a.index - b.index) as [LogCluster, ...LogCluster[]];
        survivors.add(survivor);
        for (const other of others) {
          survivor.tokens[position] = mergeTokens(survivor.tokens[position]!, other.tokens[position]!);
          survivor.size += other.size;
          other.mergedInto = survivor;
        }
      }
    }
    this.#absorbCovered(clusters, [...survivors].sort((a, b) => paramCount(b) - paramCount(a) || a.index - b.index));
  }

  /** The cluster a cluster was finally merged into (itself when it was not). */
  resolve(cluster: LogCluster): LogCluster {
    let c = cluster;
    while (c.mergedInto) c = c.mergedInto;
    return c;
  }

  /**
   * The template covering both: positions that differ become variables. `template` itself when no token changes,
   * which is most messages: the new array is made only then.
   */
  createTemplate(tokens: readonly string[], template: string[]): string[] {
    let created: string[] | undefined;
    for (let i = 0; i < template.length; i++) {
      const merged = mergeTokens(template[i]!, tokens[i]!);
      if (created === undefined && merged !== template[i]) created = template.slice(0, i);
      created?.push(merged);
    }
    return created ?? template;
  }

  /** Hangs a new cluster under its leaf. */
  addSeqToPrefixTree(leaf: Node, cluster: LogCluster): void {
    leaf.clusters.push(cluster);
  }

  #routeKey(node: Node, token: string, create: boolean): string {
    if (token.includes(PARAM) || (this.parametrizeNumericTokens && hasDigit(token))) return PARAM;
    if (node.children.has(token)) return token;
    // An unseen token shares the `<*>` child when the node is full, or when only reading.
    if (!create || node.children.size >= this.maxChildren) return PARAM;
    return token;
  }

  #child(node: Node, key: string, create: boolean): Node | undefined {
    let child = node.children.get(key);
    if (!child && create) {
      child = newNode();
      node.children.set(key, child);
    }
    return child;
  }
}
