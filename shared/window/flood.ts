/**
 * Rolling-window flood detection: spans where one template makes up at least `repetitionThreshold` of a window of
 * `windowSize` consecutive records.
 *
 * The window slides one record at a time with a count per template, so the whole file costs one pass, whatever
 * the window size. Only the template entering a window can newly reach the threshold and only the one leaving it
 * can drop below, so each step checks two counts. A flood is reported once, as the span from the flooding
 * template's first record in the first window at the threshold to its last record in the last such window.
 */

/** Options of {@link detectFloods}. */
export interface FloodOptions {
  /**
   * Records per window. A file with fewer records is judged as one window of what it has.
   * @default 1000
   */
  windowSize?: number;
  /**
   * Share of a window one template must reach for the window to be a flood, in (0, 1].
   * @default 0.75
   */
  repetitionThreshold?: number;
  /**
   * Fewest records of the template a flood must have, so that a file of a dozen lines is not a flood of one.
   * @default 20
   */
  minCount?: number;
}

/** Default flood options. */
export const DEFAULT_FLOOD_OPTIONS: Required<FloodOptions> = Object.freeze({ windowSize: 1000, repetitionThreshold: 0.75, minCount: 20 });

/** One flood: a span of records dominated by one template. */
export interface FloodSpan {
  /** The flooding template's index. */
  readonly template: number;
  /** Index of its first record in the span. */
  readonly firstRecord: number;
  /** Index of its last record in the span. */
  readonly lastRecord: number;
  /** Its records in the span. */
  readonly count: number;
  /** Its highest share of any window in the span. */
  readonly peakShare: number;
  /** The window size used (smaller than asked for when the file is shorter). */
  readonly windowSize: number;
}

/**
 * Finds flood spans in a sequence of record templates, in linear time.
 * @param templates - the template index of each record, in file order (indexes are small non-negative integers).
 * @example detectFloods(columns.template, { windowSize: 1000, repetitionThreshold: 0.75 })
 */
export function detectFloods(templates: ArrayLike<number>, options: FloodOptions = {}): FloodSpan[] {
  const { windowSize, repetitionThreshold, minCount } = { ...DEFAULT_FLOOD_OPTIONS, ...options };
  const n = templates.length;
  const w = Math.min(windowSize, n);
  if (w === 0) return [];
  const need = Math.max(1, Math.ceil(repetitionThreshold * w - 1e-9));
  let maxTemplate = 0;
  for (let i = 0; i < n; i++) if (templates[i]! > maxTemplate) maxTemplate = templates[i]!;
  const counts = new Int32Array(maxTemplate + 1);
  for (let i = 0; i < w; i++) counts[templates[i]!]!++;

  // Active floods: template → [first window start, peak count].
  const active = new Map<number, { start: number; peak: number }>();
  const floods: FloodSpan[] = [];
  const end = (template: number, lastWindowStart: number): void => {
    const { start, peak } = active.get(template)!;
    active.delete(template);
    let first = start;
    while (templates[first] !== template) first++;
    let last = lastWindowStart + w - 1;
    while (templates[last] !== template) last--;
    let count = 0;
    for (let i = first; i <= last; i++) if (templates[i] === template) count++;
    if (count >= minCount) floods.push({ template, firstRecord: first, lastRecord: last, count, peakShare: peak / w, windowSize: w });
  };
  for (let i = 0; i < w; i++) {
    const t = templates[i]!;
    if (counts[t]! >= need && !active.has(t)) active.set(t, { start: 0, peak: counts[t]! });
  }
  for (let s = 1; s + w <= n; s++) {
    const leaving = templates[s - 1]!;
    const entering = templates[s + w - 1]!;
    counts[leaving]!--;
    counts[entering]!++;
    const flood = active.get(entering);
    if (flood) flood.peak = Math.max(flood.peak, counts[entering]!);
    else if (counts[entering]! >= need) active.set(entering, { start: s, peak: counts[entering]! });
    if (counts[leaving]! < need && active.has(leaving)) end(leaving, s - 1);
  }
  for (const template of [...active.keys()]) end(template, n - w);
  return floods.sort((a, b) => a.firstRecord - b.firstRecord || a.template - b.template);
}
