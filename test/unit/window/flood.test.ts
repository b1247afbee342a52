import { describe, expect, it } from 'vitest';
import { detectFloods } from '../../../shared/window/index.ts';

/** A sequence of template indexes from runs: [[template, times], …]. */
function runs(...parts: ReadonlyArray<readonly [number, number]>): number[] {
  return parts.flatMap(([t, n]) => Array<number>(n).fill(t));
}

/** Alternating background of templates 1..4. */
function background(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 + (i % 4));
}

describe('detectFloods', () => {
  it('reports one span for a template that fills most of a window', () => {
    // Prepare
    const templates = [...background(3000), ...runs([9, 2000]), ...background(3000)];
    // Act
    const floods = detectFloods(templates, { windowSize: 1000, repetitionThreshold: 0.75 });
    // Assess
    expect(floods).toHaveLength(1);
    expect(floods[0]).toMatchObject({ template: 9, firstRecord: 3000, lastRecord: 4999, count: 2000, peakShare: 1 });
  });

  it('reports nothing when no template reaches the threshold', () => {
    expect(detectFloods(background(10_000), { windowSize: 1000, repetitionThreshold: 0.75 })).toEqual([]);
  });

  it('counts only the flooding template inside a span that other lines interleave', () => {
    // Prepare: 9 on three of every four records for 4000 records.
    const flood = Array.from({ length: 4000 }, (_, i) => (i % 4 === 3 ? 2 : 9));
    const templates = [...background(2000), ...flood, ...background(2000)];
    // Act
    const [span] = detectFloods(templates, { windowSize: 1000, repetitionThreshold: 0.75 });
    // Assess
    expect(span?.template).toBe(9);
    expect(span?.count).toBe(3000);
    expect(templates[span!.firstRecord]).toBe(9);
    expect(templates[span!.lastRecord]).toBe(9);
  });

  it('reports two floods of different templates as two spans', () => {
    const templates = [...runs([7, 1500]), ...background(3000), ...runs([8, 1500])];
    const floods = detectFloods(templates, { windowSize: 1000, repetitionThreshold: 0.75 });
    expect(floods.map((f) => [f.template, f.firstRecord, f.lastRecord])).toEqual([
      [7, 0, 1499],
      [8, 4500, 5999],
    ]);
  });

  it('judges a file shorter than a window as one window of what it has', () => {
    const templates = [...runs([5, 400]), ...background(100)];
    const floods = detectFloods(templates, { windowSize: 1000, repetitionThreshold: 0.75 });
    expect(floods).toEqual([{ template: 5, firstRecord: 0, lastRecord: 399, count: 400, peakShare: 0.8, windowSize: 500 }]);
  });

  it('does not call a dozen repeated lines a flood', () => {
    expect(detectFloods(runs([3, 12]), { windowSize: 1000, repetitionThreshold: 0.75 })).toEqual([]);
  });

  it('handles an empty sequence', () => {
    expect(detectFloods([])).toEqual([]);
  });

  it('costs time linear in the records, not in records × window', () => {
    // Prepare: 1,000,000 records with a 10,000-record window; a quadratic scan would take minutes.
    const templates = new Int32Array(1_000_000).map((_, i) => (i > 500_000 && i < 600_000 ? 9 : 10 + (i % 50)));
    // Act
    const floods = detectFloods(templates, { windowSize: 10_000, repetitionThreshold: 0.75 });
    // Assess
    expect(floods).toHaveLength(1);
    expect(floods[0]!.count).toBe(99_999);
  });
});
