import { describe, expect, it } from 'vitest';
import { codeUnitsOf } from '../../shared/code-units.ts';

describe('Function: codeUnitsOf', () => {
  it.each([['ascii', 'GET /api 200'], ['non-ASCII and a surrogate pair', 'größe ≥ 5 😀'], ['a text longer than the scratch space', 'x'.repeat(10_000) + 'é']])(
    'holds the UTF-16 code units of %s',
    (_, text) => {
      // Act
      const units = codeUnitsOf(text);
      // Assess
      expect(Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))).toEqual(Array.from(units.subarray(0, text.length)));
    },
  );

  it('holds the new text after another, including one of the same length', () => {
    // Act
    codeUnitsOf('abc');
    const units = codeUnitsOf('xyz');
    // Assess
    expect(String.fromCharCode(...units.subarray(0, 3))).toBe('xyz');
  });
});
