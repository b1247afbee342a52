import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_CONFIG, loadConfig } from '../../../shared/config/index.ts';
import { ConfigError, LogAnomalyError } from '../../../shared/errors.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'config');

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loganomaly-config-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The ConfigError a promise rejects with, failing when it resolves or rejects with anything else. */
async function configErrorOf(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('Function: loadConfig', () => {
  it('returns the defaults when no path is given', async () => {
    // Act
    const { config, warnings } = await loadConfig();

    // Assess
    expect(config).toEqual(DEFAULT_ANALYSIS_CONFIG);
    expect(warnings).toEqual([]);
  });

  it('returns the defaults for an empty file', async () => {
    // Prepare
    const file = join(FIXTURES, 'empty.yaml');

    // Act
    const { config, warnings } = await loadConfig(file);

    // Assess
    expect(config).toEqual(DEFAULT_ANALYSIS_CONFIG);
    expect(warnings).toEqual([]);
  });

  it('returns the defaults for a file holding only comments', async () => {
    // Prepare
    const file = join(dir, 'comments.yaml');
    await writeFile(file, '# nothing set yet\n# detectors:\n#   lof: { neighbors: 5 }\n');

    // Act
    const { config, warnings } = await loadConfig(file);

    // Assess
    expect(config).toEqual(DEFAULT_ANALYSIS_CONFIG);
    expect(warnings).toEqual([]);
  });

  it("loads the older tool's seed config unchanged and without warnings", async () => {
    // Prepare
    const file = join(FIXTURES, 'seed-config.yaml');

    // Act
    const { config, warnings } = await loadConfig(file);

    // Assess
    expect(warnings).toEqual([]);
    expect(config.detectors.lof).toEqual({ enabled: true, neighbors: 25, contamination: 0.05 });
    expect(config.detectors.rolling_window).toEqual({ enabled: true, window_size: 500, repetition_threshold: 0.8 });
    expect(config.llm).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      endpoint: 'https://api.openai.com/v1',
      timeout: 45,
      max_retries: 2,
    });
    expect(config.workflow.retry).toEqual({ max_attempts: 4, initial_delay: 2, max_delay: 60, backoff_factor: 2.5, jitter: true });
    expect(config.workflow.steps.thinking).toEqual({ enabled: false });
    expect(config.workflow.steps.prompt.template).toBe('custom');
    expect(config.workflow.steps.prompt.custom_template).toContain('Line: {log}\n');
    expect(config.workflow.steps.llm_call).toEqual({ enabled: true });
    expect(config.workflow.steps.response_evaluation).toEqual({ enabled: true });
  });

  it('fills the keys the seed config does not set with their defaults', async () => {
    // Prepare
    const file = join(FIXTURES, 'seed-config.yaml');

    // Act
    const { config } = await loadConfig(file);

    // Assess
    expect(config.detectors.bursts).toEqual(DEFAULT_ANALYSIS_CONFIG.detectors.bursts);
    expect(config.llm).toMatchObject({ max_calls: 200, max_tokens: 200_000, concurrency: 4, api_key_env: 'OPENAI_API_KEY', cache: true });
    expect(config.security).toEqual({ redact_ips: false });
    expect(config.analysis).toEqual({ max_line_bytes: 65_536 });
  });

  it('reads YAML 1.1 booleans and digit separators as the older tool did', async () => {
    // Prepare
    const file = join(FIXTURES, 'old-booleans.yaml');

    // Act
    const { config, warnings } = await loadConfig(file);

    // Assess
    expect(warnings).toEqual([]);
    expect(config.detectors.lof.enabled).toBe(false);
    expect(config.detectors.rolling_window.enabled).toBe(true);
    expect(config.detectors.rolling_window.window_size).toBe(2000);
    expect(config.workflow.retry.jitter).toBe(0.5);
    expect(config.security.redact_ips).toBe(true);
  });

  it('reads a JSON config', async () => {
    // Prepare
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ detectors: { lof: { neighbors: 7 } }, llm: { provider: 'ollama', model: 'llama3.1' } }, null, 2));

    // Act
    const { config, warnings } = await loadConfig(file);

    // Assess
    expect(warnings).toEqual([]);
    expect(config.detectors.lof.neighbors).toBe(7);
    expect(config.llm).toMatchObject({ provider: 'ollama', model: 'llama3.1', endpoint: 'http://localhost:11434' });
  });

  it('warns about unknown keys, naming the file, the key path and the closest known key', async () => {
    // Prepare
    const file = join(FIXTURES, 'typos.yaml');

    // Act
    const { config, warnings } = await loadConfig(file);

    // Assess
    expect(warnings).toEqual([
      `${file}: unknown key "detectors.lof.neighbours" (ignored); did you mean "neighbors"?`,
      `${file}: unknown key "llm.modle" (ignored); did you mean "model"?`,
    ]);
    expect(config.detectors.lof.neighbors).toBe(20);
    expect(config.llm.model).toBeNull();
  });

  it('warns about a duplicate key with its line and keeps the last value', async () => {
    // Prepare
    const file = join(dir, 'duplicate.yaml');
    await writeFile(file, 'llm:\n  timeout: 10\n  timeout: 20\n');

    // Act
    const { config, warnings } = await loadConfig(file);

    // Assess
    expect(warnings).toEqual([`${file}:3:3: duplicate key "timeout" (the last value is used)`]);
    expect(config.llm.timeout).toBe(20);
  });

  it('throws every wrong value at once, naming the file', async () => {
    // Prepare
    const file = join(FIXTURES, 'wrong-values.yaml');

    // Act
    const error = await configErrorOf(loadConfig(file));

    // Assess
    expect(error.file).toBe(file);
    expect(error.problems).toEqual([
      `${file}: detectors.lof.neighbors must be a whole number ≥ 1, got "twenty"`,
      `${file}: detectors.lof.contamination must be a number > 0 and ≤ 0.5, got 0.9`,
      `${file}: llm.provider must be one of "builtin", "ollama", "openai", "bedrock", got "chatgpt"`,
      `${file}: llm.timeout must be a number of seconds > 0, got -1`,
    ]);
    expect(error.message).toBe([`${file}: 4 problems in the configuration`, ...error.problems.map((p) => `  ${p}`)].join('\n'));
  });

  it('throws a YAML syntax error with its file, line and column', async () => {
    // Prepare
    const file = join(FIXTURES, 'invalid-syntax.yaml');

    // Act
    const error = await configErrorOf(loadConfig(file));

    // Assess
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^${escapeRegExp(file)}:4:3: invalid YAML: Flow sequence .+ end with a \\]$`));
  });

  it('throws for a missing file, naming the path', async () => {
    // Prepare
    const file = join(dir, 'missing.yaml');

    // Act
    const error = await configErrorOf(loadConfig(file));

    // Assess
    expect(error.file).toBe(file);
    expect(error.message).toBe(`${file}: configuration file not found`);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('throws for a directory given as the file', async () => {
    // Act
    const error = await configErrorOf(loadConfig(dir));

    // Assess
    expect(error.message).toBe(`${dir}: is a directory, not a configuration file`);
  });
});

describe('Class: ConfigError', () => {
  it('is a LogAnomalyError named for Step Functions, carrying the file and its problems', () => {
    // Act
    const error = new ConfigError('config.yaml', ['config.yaml: llm.timeout must be a number of seconds > 0, got 0']);

    // Assess
    expect(error).toBeInstanceOf(LogAnomalyError);
    expect(error.name).toBe('ConfigError');
    expect(error.file).toBe('config.yaml');
    expect(error.problems).toEqual(['config.yaml: llm.timeout must be a number of seconds > 0, got 0']);
    expect(error.message).toBe('config.yaml: llm.timeout must be a number of seconds > 0, got 0');
  });
});

/** `text` with the characters a regular expression treats specially escaped. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
