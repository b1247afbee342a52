import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definitionPlaceholders } from '../../infra/constructs/analysis-state-machine.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ASL = readFileSync(join(ROOT, 'statemachine', 'analysis.asl.json'), 'utf8');
const ERRORS = readFileSync(join(ROOT, 'shared', 'errors.ts'), 'utf8');

/** asl-validator ships no types: its default export, as its README documents it. */
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: Array<{ message: string }>; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

/** Errors Lambda itself reports, which the definition retries, and the catch-all of Step Functions. */
const SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'States.ALL',
];

/**
 * The `this.name = '…'` literals of the exported classes of shared/errors.ts: the errorType Lambda reports for
 * each error class.
 */
function errorNames(source: string): string[] {
  return source
    .split(/^(?=export class )/m)
    .filter((part) => part.startsWith('export class '))
    .flatMap((part) => [...part.matchAll(/this\.name\s*=\s*'([^']+)'/g)].map((match) => String(match[1])));
}

/** Every ErrorEquals name of a definition, Retry and Catch, at any depth (branches, item processors). */
function errorEquals(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(errorEquals);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'ErrorEquals' ? (value as string[]) : errorEquals(value)));
}

describe('File: statemachine/analysis.asl.json', () => {
  it('is valid Amazon States Language once its placeholders are filled with Lambda ARNs', () => {
    // Prepare: the definition as Step Functions receives it, after CloudFormation's substitution.
    const definition = JSON.parse(ASL.replace(/\$\{([^}]*)\}/g, (_, name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`));
    // Act
    const { isValid, errorsText } = aslValidator(definition, { checkPaths: true, checkArn: true });
    // Assess
    expect(isValid, errorsText('\n')).toBe(true);
  });

  it('has one `${<State>FunctionArn}` placeholder per Task state, named after the state', () => {
    // Act
    const placeholders = definitionPlaceholders(ASL);
    // Assess
    expect(placeholders.sort()).toEqual(
      ['PrepareRun', 'MineChunk', 'MergeTemplates', 'DetectAnomalies', 'ClassifyTemplate', 'WriteReport', 'RecordFailure'].map((s) => `${s}FunctionArn`).sort(),
    );
  });

  it('matches only error names shared/errors.ts sets, or errors of Lambda and Step Functions', () => {
    // Prepare
    const known = new Set([...errorNames(ERRORS), ...SERVICE_ERRORS]);
    // Act
    const names = [...new Set(errorEquals(JSON.parse(ASL)))];
    // Assess
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !known.has(name))).toEqual([]);
  });

  it('retries the provider errors shared/errors.ts declares as retryable by their literal names', () => {
    // The ASL's LLM retries only work if the classes exist with exactly these names (matching is case-sensitive).
    expect(errorNames(ERRORS)).toEqual(expect.arrayContaining(['LlmThrottledError', 'LlmTimeoutError', 'LlmServerError']));
  });
});
