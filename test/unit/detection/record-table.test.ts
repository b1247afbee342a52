import { describe, expect, it } from 'vitest';
import { NUMBER_SLOTS, readNumbers, RecordTableBuilder } from '../../../shared/detection/index.ts';

function numbersOf(message: string): number[] {
  const out = new Float32Array(NUMBER_SLOTS);
  readNumbers(message, out, 0);
  return [...out].filter((v) => !Number.isNaN(v)).map((v) => Math.round(v * 1000) / 1000);
}

describe('readNumbers', () => {
  it.each([
    ['GET /api/v1/orders/123 200 in 45ms', [123, 200, 45]],
    ['queue depth 1500 (limit 2000)', [1500, 2000]],
    ['took 1.25s, 512KB written', [1.25, 512]],
    ['disk at 94% usage', [94]],
    ['session a1b2c3 for user42 on node-7', [7]],
    ['no numbers here', []],
    ['version 12abcdx ignored', []],
  ])('reads %j as %j', (message, expected) => {
    expect(numbersOf(message)).toEqual(expected);
  });
});

describe('RecordTableBuilder', () => {
  it('keeps every column of many records and resolves hashes to templates', () => {
    // Prepare: more records than the initial capacity, so the columns grow.
    const builder = new RecordTableBuilder();
    for (let i = 0; i < 5000; i++) builder.add(i % 3, i + 1, 1, i * 1000, i % 2 === 0 ? 'INFO' : 'ERROR', i % 2 === 0 ? 'api' : 'db', `took ${i}ms`);
    // Act
    const columns = builder.finish((hash) => hash * 10);
    // Assess
    expect(columns.size).toBe(5000);
    expect(columns.template[4998]).toBe(0);
    expect(columns.template[4999]).toBe(10);
    expect(columns.line[4999]).toBe(5000);
    expect(columns.timestampMs[4000]).toBe(4_000_000);
    expect([columns.level[0], columns.level[1]]).toEqual([3, 6]);
    expect(builder.components).toEqual(['api', 'db']);
    expect(columns.component[4999]).toBe(1);
    expect(columns.numbers[4999 * NUMBER_SLOTS]).toBe(4999);
  });

  it('stores a missing time as NaN and a missing component as -1', () => {
    const builder = new RecordTableBuilder();
    builder.add(1, 1, 2, undefined, undefined, undefined, 'x');
    const columns = builder.finish(() => 0);
    expect(Number.isNaN(columns.timestampMs[0])).toBe(true);
    expect(columns.component[0]).toBe(-1);
    expect(columns.level[0]).toBe(0);
    expect(columns.lineCount[0]).toBe(2);
  });
});
