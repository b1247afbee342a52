import { describe, expect, it } from 'vitest';
import { normalizeLevel, syslogSeverityLevel } from '../../../shared/parsing/levels.ts';
import type { Level } from '../../../shared/parsing/types.ts';

describe('Function: normalizeLevel', () => {
  it('maps every spelling logs use, in any case, to its level', () => {
    // Prepare
    const golden: ReadonlyArray<readonly [string, Level]> = [
      ['trace', 'TRACE'],
      ['TRACE', 'TRACE'],
      ['finest', 'TRACE'],
      ['FINER', 'TRACE'],
      ['verbose', 'TRACE'],
      ['debug', 'DEBUG'],
      ['Debug', 'DEBUG'],
      ['dbg', 'DEBUG'],
      ['FINE', 'DEBUG'],
      ['info', 'INFO'],
      ['INFO', 'INFO'],
      ['Information', 'INFO'],
      ['informational', 'INFO'],
      ['notice', 'NOTICE'],
      ['NOTICE', 'NOTICE'],
      ['warn', 'WARN'],
      ['Warning', 'WARN'],
      ['WARNING', 'WARN'],
      ['wArNiNg', 'WARN'],
      ['error', 'ERROR'],
      ['ERR', 'ERROR'],
      ['SEVERE', 'ERROR'],
      ['fatal', 'FATAL'],
      ['CRITICAL', 'FATAL'],
      ['crit', 'FATAL'],
      ['alert', 'FATAL'],
      ['emerg', 'FATAL'],
      ['Emergency', 'FATAL'],
      ['PANIC', 'FATAL'],
      ['INFO ', 'INFO'],
      [' warn', 'WARN'],
    ];

    // Act
    const actual = golden.map(([raw]) => [raw, normalizeLevel(raw)]);

    // Assess
    expect(actual).toEqual(golden);
  });

  it('reads Bunyan and Pino numbers and no others', () => {
    // Prepare
    const numbers = [10, 20, 30, 40, 50, 60, 0, 3, 7, 35, 100, 30.5];

    // Act
    const levels = numbers.map((raw) => normalizeLevel(raw));

    // Assess
    expect(levels).toEqual([
      'TRACE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('does not read numeric strings as Bunyan numbers', () => {
    // Act
    const level = normalizeLevel('30');

    // Assess
    expect(level).toBeUndefined();
  });

  it('reads glog and Android single letters only when allowed', () => {
    // Prepare
    const letters = ['I', 'W', 'E', 'F', 'D', 'V', 'w', 'X'];

    // Act
    const refused = letters.map((raw) => normalizeLevel(raw));
    const allowed = letters.map((raw) => normalizeLevel(raw, { allowSingleLetter: true }));

    // Assess
    expect(refused).toEqual(letters.map(() => undefined));
    expect(allowed).toEqual(['INFO', 'WARN', 'ERROR', 'FATAL', 'DEBUG', 'TRACE', 'WARN', undefined]);
  });

  it('returns undefined for words that are not levels', () => {
    // Prepare
    const words = ['', 'ok', 'infos', 'warnings', 'GET', 'stdout', 'x'.repeat(40)];

    // Act
    const levels = words.map((raw) => normalizeLevel(raw, { allowSingleLetter: true }));

    // Assess
    expect(levels).toEqual(words.map(() => undefined));
  });
});

describe('Function: syslogSeverityLevel', () => {
  it('maps severities 0 to 7, as numbers or digits, and nothing else', () => {
    // Prepare
    const severities: ReadonlyArray<string | number> = [0, 1, 2, 3, 4, 5, 6, 7, '3', '6', 8, -1, '8', '10', 2.5, 'x'];

    // Act
    const levels = severities.map((severity) => syslogSeverityLevel(severity));

    // Assess
    expect(levels).toEqual([
      'FATAL',
      'FATAL',
      'FATAL',
      'ERROR',
      'WARN',
      'NOTICE',
      'INFO',
      'DEBUG',
      'ERROR',
      'INFO',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
