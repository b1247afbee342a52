import { describe, expect, it } from 'vitest';
import { errorIndicators, severityOf } from '../../../shared/detection/index.ts';

describe('errorIndicators', () => {
  it.each([
    ['Connection to <*> refused, retrying in <*>', ['refused']],
    ['Request <*> timed out after <*>', ['timed out']],
    ['java.lang.OutOfMemoryError: Java heap space', ['outofmemoryerror']],
    ['Unhandled NullPointerException in <*>', ['nullpointerexception']],
    ['Permission denied for user <*>', ['denied']],
    ['Out of memory: Killed process <*>', ['out of', 'killed']],
    ['panic: runtime error: index out of range', ['panic', 'error', 'out of']],
    ['User <*> logged in', []],
    ['Terror alert level raised in game <*>', []],
    ['Loaded <*> error pages from <*>', ['error']],
  ])('finds the indicators of %j', (template, expected) => {
    expect(errorIndicators(template)).toEqual(expected);
  });
});

describe('severityOf', () => {
  it.each([
    ['INFO', [], 'info'],
    ['WARN', [], 'medium'],
    ['ERROR', [], 'high'],
    ['FATAL', [], 'critical'],
    ['INFO', ['refused'], 'medium'],
    ['ERROR', ['refused'], 'high'],
    [undefined, ['panic'], 'high'],
    [undefined, [], 'info'],
    ['NOTICE', [], 'low'],
  ] as const)('gives level %s with indicators %j the severity %s', (level, indicators, expected) => {
    expect(severityOf(level, indicators)).toBe(expected);
  });
});
