import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../../bench/anomaly-scenarios.ts';
import { readPredictedLines, scoreFromCounts, scoreLines, scoreScenario, summarizeDetection } from '../../../bench/score-detection.ts';
import type { ScenarioScore } from '../../../bench/score-detection.ts';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'score-detection-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A scenario stub: only the fields the scorer reads matter. */
function scenario(name: string, kind: Scenario['kind'], lineCount: number, labels: Scenario['labels']): Scenario {
  return { name, kind, file: `${name}.log`, lineCount, seed: 1, labels, injected: [] };
}

describe('Module: score-detection', () => {
  describe('Function: scoreFromCounts', () => {
    it.each([
      // tp, fp, fn → precision, recall, f1
      [8, 2, 2, 0.8, 0.8, 0.8],
      [3, 1, 0, 0.75, 1, 6 / 7],
      [0, 0, 0, 1, 1, 1], // nothing to find, nothing flagged
      [0, 0, 5, 0, 0, 0], // everything missed, nothing flagged
      [0, 4, 0, 0, 1, 0], // nothing to find, false alarms only
      [0, 3, 3, 0, 0, 0],
    ])('scores tp=%i fp=%i fn=%i as precision %f, recall %f', (tp, fp, fn, precision, recall, f1) => {
      // Act
      const score = scoreFromCounts(tp, fp, fn);
      // Assess
      expect(score).toMatchObject({ tp, fp, fn });
      expect(score.precision).toBeCloseTo(precision, 12);
      expect(score.recall).toBeCloseTo(recall, 12);
      expect(score.f1).toBeCloseTo(f1, 12);
    });
  });

  describe('Function: scoreLines', () => {
    it('counts true and false positives and negatives line by line from runs and a predicate', () => {
      // Prepare: lines 3-5 and 9 are labelled; 4-7 are flagged.
      const labels = [[3, 5], [9, 9]] as const;
      // Act
      const score = scoreLines(labels, (line) => line >= 4 && line <= 7, 10);
      // Assess: tp 4,5; fp 6,7; fn 3,9.
      expect(score).toMatchObject({ tp: 2, fp: 2, fn: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    });

    it('accepts flag arrays for both labels and predictions, and labels per kind as a map', () => {
      // Prepare
      const truth = Uint8Array.from([0, 1, 1, 0, 0]);
      const flagged = Uint8Array.from([0, 1, 0, 0, 1]);
      const perKind = new Map([['flood', [[2, 2]] as const], ['burst', [[3, 3]] as const]]);
      // Act
      const fromFlags = scoreLines(truth, flagged, 5);
      const fromMap = scoreLines(perKind, flagged, 5);
      // Assess
      expect(fromFlags).toMatchObject({ tp: 1, fp: 1, fn: 1 });
      expect(fromMap).toEqual(fromFlags);
    });

    it('scores a file with no labelled and no flagged line as precision and recall 1', () => {
      // Act
      const score = scoreLines([], () => false, 100);
      // Assess
      expect(score).toEqual({ tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    });

    it('ignores predictions beyond the line count and treats a short flag array as unflagged lines', () => {
      // Act
      const score = scoreLines([[1, 3]], Uint8Array.from([1]), 3);
      const beyond = scoreLines([[1, 1]], (line) => line === 1 || line === 50, 3);
      // Assess
      expect(score).toMatchObject({ tp: 1, fp: 0, fn: 2 });
      expect(beyond).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    });
  });

  describe('Function: scoreScenario', () => {
    it('scores every label together and reports each kind\'s recall', () => {
      // Prepare
      const s = scenario('mixed-x', 'mixed', 20, new Map([['flood', [[1, 4]]], ['silence', [[10, 11]]]]));
      // Act
      const result = scoreScenario(s, (line) => line <= 2 || line === 15);
      // Assess
      expect(result.score).toMatchObject({ tp: 2, fp: 1, fn: 4 });
      expect(result.recallByKind).toEqual({
        flood: { labelled: 4, detected: 2, recall: 0.5 },
        silence: { labelled: 2, detected: 0, recall: 0 },
      });
    });
  });

  describe('Function: readPredictedLines', () => {
    it('reads the anomaly flag of every line and sizes the flags to the file\'s line count', async () => {
      // Prepare
      const file = join(dir, 'a.lines.jsonl');
      writeFileSync(file, [
        { line: 1, templateId: 't1', anomaly: false, score: 0.1 },
        { line: 2, templateId: 't2', anomaly: true, score: 0.9 },
        { line: 3, templateId: 't2', anomaly: true, score: 0.9 },
        { line: 4, templateId: 't1', anomaly: false, score: 0 },
      ].map((o) => JSON.stringify(o)).join('\n') + '\n\n');
      // Act
      const flags = await readPredictedLines(file, 6);
      // Assess
      expect([...flags]).toEqual([0, 1, 1, 0, 0, 0]);
    });

    it('grows past its initial size for long files', async () => {
      // Prepare
      const file = join(dir, 'b.lines.jsonl');
      writeFileSync(file, `${JSON.stringify({ line: 5000, anomaly: true })}\n`);
      // Act
      const flags = await readPredictedLines(file);
      // Assess
      expect(flags.length).toBe(5000);
      expect(flags[4999]).toBe(1);
      expect(flags.reduce((a, b) => a + b, 0)).toBe(1);
    });

    it('throws naming the file and line when a line is not a JSON object with a line number', async () => {
      // Prepare
      const file = join(dir, 'c.lines.jsonl');
      writeFileSync(file, `${JSON.stringify({ line: 1, anomaly: true })}\n{"anomaly": true}\n`);
      // Act / Assess
      await expect(readPredictedLines(file)).rejects.toThrow(/c\.lines\.jsonl:2 has no positive integer "line"/);
    });
  });

  describe('Function: summarizeDetection', () => {
    it('micro-averages each kind over its own files, the mixed files, and every file, rounded to 3 decimals', () => {
      // Prepare
      const score = (name: string, kind: ScenarioScore['kind'], tp: number, fp: number, fn: number, recallByKind: ScenarioScore['recallByKind'] = {}): ScenarioScore =>
        ({ name, kind, lineCount: 1000, score: scoreFromCounts(tp, fp, fn), recallByKind });
      const results = [
        score('flood-a', 'flood', 90, 10, 0),
        score('flood-b', 'flood', 10, 0, 90),
        score('burst-a', 'burst', 1, 2, 0),
        score('mixed-a', 'mixed', 30, 10, 10, { flood: { labelled: 30, detected: 25, recall: 25 / 30 }, drift: { labelled: 10, detected: 5, recall: 0.5 } }),
        score('mixed-b', 'mixed', 0, 0, 20, { flood: { labelled: 20, detected: 0, recall: 0 } }),
      ];
      // Act
      const summary = summarizeDetection(results);
      // Assess
      expect(summary.byKind.flood).toEqual({ tp: 100, fp: 10, fn: 90, precision: 0.909, recall: 0.526, f1: 0.667, files: 2 });
      expect(summary.byKind.burst).toEqual({ tp: 1, fp: 2, fn: 0, precision: 0.333, recall: 1, f1: 0.5, files: 1 });
      expect(summary.byKind.silence).toBeUndefined();
      expect(summary.mixed).toEqual({ tp: 30, fp: 10, fn: 30, precision: 0.75, recall: 0.5, f1: 0.6, files: 2 });
      expect(summary.mixedRecallByKind).toEqual({ flood: { labelled: 50, detected: 25, recall: 0.5 }, drift: { labelled: 10, detected: 5, recall: 0.5 } });
      expect(summary.overall).toEqual({ tp: 131, fp: 22, fn: 120, precision: 0.856, recall: 0.522, f1: 0.649, files: 5 });
    });
  });
});
