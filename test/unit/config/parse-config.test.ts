import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_CONFIG, parseConfig } from '../../../shared/config/index.ts';
import { editDistance } from '../../../shared/config/load.ts';
import { ConfigError } from '../../../shared/errors.ts';

/** The problems parseConfig throws for `value`, failing when it does not throw a ConfigError. */
function problemsOf(value: unknown): string[] {
  try {
    parseConfig(value, 'config.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError, but the config was accepted');
}

describe('Function: parseConfig', () => {
  describe('defaults', () => {
    it.each([
      ['an empty mapping', {}],
      ['null (an empty file)', null],
      ['undefined', undefined],
    ])('returns every default for %s', (_name, value) => {
      // Act
      const { config, warnings } = parseConfig(value, 'config.yaml');

      // Assess
      expect(config).toEqual(DEFAULT_ANALYSIS_CONFIG);
      expect(warnings).toEqual([]);
    });

    it('states the documented defaults', () => {
      // Assess
      expect(DEFAULT_ANALYSIS_CONFIG).toEqual({
        detectors: {
          lof: { enabled: true, neighbors: 20, contamination: 0.1 },
          rolling_window: { enabled: true, window_size: 1000, repetition_threshold: 0.75 },
          rare: { enabled: true, max_count: 3 },
          new_templates: { enabled: true },
          bursts: { enabled: true, window_seconds: 60, min_count: 10, threshold: 5 },
          silence: { enabled: true, min_expected: 5 },
          drift: { enabled: true },
        },
        llm: {
          provider: 'builtin',
          model: null,
          endpoint: null,
          timeout: 30,
          max_retries: 3,
          max_calls: 200,
          max_tokens: 200_000,
          concurrency: 4,
          api_key_env: 'OPENAI_API_KEY',
          cache: true,
        },
        workflow: {
          retry: { max_attempts: 3, initial_delay: 1, max_delay: 30, backoff_factor: 2, jitter: true },
          steps: {
            thinking: { enabled: true },
            prompt: { template: 'enhanced', custom_template: null },
            llm_call: { enabled: true },
            response_evaluation: { enabled: true },
          },
        },
        security: { redact_ips: false },
        analysis: { max_line_bytes: 65_536 },
      });
      expect(Object.isFrozen(DEFAULT_ANALYSIS_CONFIG.detectors.lof)).toBe(true);
    });

    it('fills a section written with nothing under it (YAML null) with its defaults', () => {
      // Act
      const { config } = parseConfig({ detectors: { lof: null }, llm: null }, 'config.yaml');

      // Assess
      expect(config.detectors.lof).toEqual(DEFAULT_ANALYSIS_CONFIG.detectors.lof);
      expect(config.llm).toEqual(DEFAULT_ANALYSIS_CONFIG.llm);
    });

    it('fills the keys a section leaves out, keeping those it sets', () => {
      // Act
      const { config } = parseConfig({ detectors: { bursts: { threshold: 3.5 } } }, 'config.yaml');

      // Assess
      expect(config.detectors.bursts).toEqual({ enabled: true, window_seconds: 60, min_count: 10, threshold: 3.5 });
    });

    it.each([
      ['ollama', undefined, 'http://localhost:11434'],
      ['openai', undefined, 'https://api.openai.com/v1'],
      ['builtin', undefined, null],
      ['bedrock', undefined, null],
      ['openai', null, 'https://api.openai.com/v1'],
      ['ollama', 'http://gpu-box:11434', 'http://gpu-box:11434'],
    ])('gives provider %s with endpoint %s the endpoint %s', (provider, endpoint, expected) => {
      // Act
      const { config } = parseConfig({ llm: { provider, endpoint } }, 'config.yaml');

      // Assess
      expect(config.llm.endpoint).toBe(expected);
    });

    it.each([true, false, 0, 0.25, 1])('accepts jitter %s as written', (jitter) => {
      // Act
      const { config } = parseConfig({ workflow: { retry: { jitter } } }, 'config.yaml');

      // Assess
      expect(config.workflow.retry.jitter).toBe(jitter);
    });

    it('accepts a custom prompt that uses a placeholder', () => {
      // Act
      const { config } = parseConfig(
        { workflow: { steps: { prompt: { template: 'custom', custom_template: 'Why is {log} odd?' } } } },
        'config.yaml',
      );

      // Assess
      expect(config.workflow.steps.prompt).toEqual({ template: 'custom', custom_template: 'Why is {log} odd?' });
    });

    it('keeps a custom_template written beside the enhanced template without checking it', () => {
      // Act
      const { config } = parseConfig({ workflow: { steps: { prompt: { template: 'enhanced', custom_template: 'unused' } } } }, 'config.yaml');

      // Assess
      expect(config.workflow.steps.prompt.custom_template).toBe('unused');
    });
  });

  describe('unknown keys', () => {
    it.each([
      [{ detectors: { lof: { neighbours: 10 } } }, 'config.yaml: unknown key "detectors.lof.neighbours" (ignored); did you mean "neighbors"?'],
      [{ detectors: { lof: { nieghbors: 10 } } }, 'config.yaml: unknown key "detectors.lof.nieghbors" (ignored); did you mean "neighbors"?'],
      [{ llm: { modle: 'llama3' } }, 'config.yaml: unknown key "llm.modle" (ignored); did you mean "model"?'],
      [{ detectors: { rolling_window: { windowSize: 10 } } }, 'config.yaml: unknown key "detectors.rolling_window.windowSize" (ignored); did you mean "window_size"?'],
      [{ detector: { lof: {} } }, 'config.yaml: unknown key "detector" (ignored); did you mean "detectors"?'],
      [{ workflow: { retry: { max_attempt: 2 } } }, 'config.yaml: unknown key "workflow.retry.max_attempt" (ignored); did you mean "max_attempts"?'],
      [{ workflow: { steps: { thinkin: { enabled: false } } } }, 'config.yaml: unknown key "workflow.steps.thinkin" (ignored); did you mean "thinking"?'],
      [{ telemetry: { enabled: true, endpoint: 'x' } }, 'config.yaml: unknown key "telemetry" (ignored)'],
      [{ detectors: { lof: { k: 5 } } }, 'config.yaml: unknown key "detectors.lof.k" (ignored)'],
    ])('warns about %j', (value, warning) => {
      // Act
      const { warnings } = parseConfig(value, 'config.yaml');

      // Assess
      expect(warnings).toEqual([warning]);
    });

    it('warns about every unknown key in file order and keeps the known ones', () => {
      // Prepare
      const value = { detectors: { lof: { neighbours: 10, contamination: 0.2 } }, llm: { provider: 'ollama', modle: 'x' }, extra: 1 };

      // Act
      const { config, warnings } = parseConfig(value, 'config.yaml');

      // Assess
      expect(warnings).toEqual([
        'config.yaml: unknown key "detectors.lof.neighbours" (ignored); did you mean "neighbors"?',
        'config.yaml: unknown key "llm.modle" (ignored); did you mean "model"?',
        'config.yaml: unknown key "extra" (ignored)',
      ]);
      expect(config.detectors.lof).toEqual({ enabled: true, neighbors: 20, contamination: 0.2 });
      expect(config.llm.provider).toBe('ollama');
      expect(config).not.toHaveProperty('extra');
    });
  });

  describe('wrong values', () => {
    it.each([
      [{ detectors: { lof: { neighbors: 'twenty' } } }, 'detectors.lof.neighbors must be a whole number ≥ 1, got "twenty"'],
      [{ detectors: { lof: { neighbors: 0 } } }, 'detectors.lof.neighbors must be a whole number ≥ 1, got 0'],
      [{ detectors: { lof: { neighbors: 2.5 } } }, 'detectors.lof.neighbors must be a whole number ≥ 1, got 2.5'],
      [{ detectors: { lof: { contamination: 0 } } }, 'detectors.lof.contamination must be a number > 0 and ≤ 0.5, got 0'],
      [{ detectors: { lof: { contamination: 0.6 } } }, 'detectors.lof.contamination must be a number > 0 and ≤ 0.5, got 0.6'],
      [{ detectors: { lof: { enabled: 'yes please' } } }, 'detectors.lof.enabled must be true or false, got "yes please"'],
      [{ detectors: { lof: true } }, 'detectors.lof must be a mapping of keys to values, got true'],
      [{ detectors: { rolling_window: { window_size: 1 } } }, 'detectors.rolling_window.window_size must be a whole number ≥ 2, got 1'],
      [{ detectors: { rolling_window: { repetition_threshold: 1.5 } } }, 'detectors.rolling_window.repetition_threshold must be a number > 0 and ≤ 1, got 1.5'],
      [{ detectors: { rare: { max_count: 0 } } }, 'detectors.rare.max_count must be a whole number ≥ 1, got 0'],
      [{ detectors: { bursts: { window_seconds: 0.5 } } }, 'detectors.bursts.window_seconds must be a whole number ≥ 1, got 0.5'],
      [{ detectors: { bursts: { threshold: 0 } } }, 'detectors.bursts.threshold must be a number > 0, got 0'],
      [{ detectors: { silence: { min_expected: -1 } } }, 'detectors.silence.min_expected must be a number > 0, got -1'],
      [{ llm: { provider: 'OpenAI' } }, 'llm.provider must be one of "builtin", "ollama", "openai", "bedrock", got "OpenAI"'],
      [{ llm: { model: '' } }, 'llm.model must be a model name (a non-empty string), got ""'],
      [{ llm: { endpoint: 'localhost:11434' } }, 'llm.endpoint must be an http(s) URL such as "http://localhost:11434", got "localhost:11434"'],
      [{ llm: { endpoint: 'ftp://example.com' } }, 'llm.endpoint must be an http(s) URL such as "http://localhost:11434", got "ftp://example.com"'],
      [{ llm: { timeout: 0 } }, 'llm.timeout must be a number of seconds > 0, got 0'],
      [{ llm: { timeout: '30s' } }, 'llm.timeout must be a number of seconds > 0, got "30s"'],
      [{ llm: { max_retries: -1 } }, 'llm.max_retries must be a whole number ≥ 0, got -1'],
      [{ llm: { concurrency: 0 } }, 'llm.concurrency must be a whole number ≥ 1, got 0'],
      [{ llm: { api_key_env: 'sk-abc' } }, 'llm.api_key_env must be an environment variable name (letters, digits and _, not starting with a digit), got "sk-abc"'],
      [{ llm: { cache: 'no' } }, 'llm.cache must be true or false, got "no"'],
      [{ workflow: { retry: { max_attempts: 0 } } }, 'workflow.retry.max_attempts must be a whole number ≥ 1, got 0'],
      [{ workflow: { retry: { initial_delay: -1 } } }, 'workflow.retry.initial_delay must be a number of seconds ≥ 0, got -1'],
      [{ workflow: { retry: { initial_delay: 60 } } }, 'workflow.retry.initial_delay must be ≤ max_delay (30), got 60'],
      [{ workflow: { retry: { backoff_factor: 0.5 } } }, 'workflow.retry.backoff_factor must be a number ≥ 1, got 0.5'],
      [{ workflow: { retry: { jitter: 2 } } }, 'workflow.retry.jitter must be true, false or a number from 0 to 1, got 2'],
      [{ workflow: { retry: { jitter: 'full' } } }, 'workflow.retry.jitter must be true, false or a number from 0 to 1, got "full"'],
      [{ workflow: { steps: { prompt: { template: 'basic' } } } }, 'workflow.steps.prompt.template must be one of "enhanced", "custom", got "basic"'],
      [
        { workflow: { steps: { prompt: { template: 'custom' } } } },
        'workflow.steps.prompt.custom_template must be a prompt containing at least one of {log}, {template}, {evidence} when template is "custom", got none',
      ],
      [
        { workflow: { steps: { prompt: { template: 'custom', custom_template: 'Explain this.' } } } },
        'workflow.steps.prompt.custom_template must be a prompt containing at least one of {log}, {template}, {evidence} when template is "custom", got "Explain this."',
      ],
      [{ security: { redact_ips: 1 } }, 'security.redact_ips must be true or false, got 1'],
      [{ analysis: { max_line_bytes: 0 } }, 'analysis.max_line_bytes must be a whole number ≥ 1, got 0'],
    ])('rejects %j', (value, problem) => {
      // Act
      const problems = problemsOf(value);

      // Assess
      expect(problems).toEqual([`config.yaml: ${problem}`]);
    });

    it.each([
      [[1, 2], 'config.yaml: the configuration must be a mapping of keys to values, got [1,2]'],
      ['detectors', 'config.yaml: the configuration must be a mapping of keys to values, got "detectors"'],
    ])('rejects a file that is not a mapping: %j', (value, problem) => {
      // Act
      const problems = problemsOf(value);

      // Assess
      expect(problems).toEqual([problem]);
    });

    it('reports every problem at once, in file order', () => {
      // Prepare
      const value = {
        detectors: { lof: { neighbors: 'twenty', contamination: 0.9 }, rolling_window: { window_size: 1 } },
        llm: { provider: 'gpt', timeout: -5 },
        workflow: { retry: { max_attempts: 0 } },
      };

      // Act
      const problems = problemsOf(value);

      // Assess
      expect(problems).toEqual([
        'config.yaml: detectors.lof.neighbors must be a whole number ≥ 1, got "twenty"',
        'config.yaml: detectors.lof.contamination must be a number > 0 and ≤ 0.5, got 0.9',
        'config.yaml: detectors.rolling_window.window_size must be a whole number ≥ 2, got 1',
        'config.yaml: llm.provider must be one of "builtin", "ollama", "openai", "bedrock", got "gpt"',
        'config.yaml: llm.timeout must be a number of seconds > 0, got -5',
        'config.yaml: workflow.retry.max_attempts must be a whole number ≥ 1, got 0',
      ]);
    });

    it('reports a value failing several checks once', () => {
      // Act
      const problems = problemsOf({ detectors: { lof: { neighbors: 0.5 } } });

      // Assess
      expect(problems).toEqual(['config.yaml: detectors.lof.neighbors must be a whole number ≥ 1, got 0.5']);
    });

    it('does not compare delays when one of them has the wrong type', () => {
      // Act
      const problems = problemsOf({ workflow: { retry: { initial_delay: '60', max_delay: 30 } } });

      // Assess
      expect(problems).toEqual(['config.yaml: workflow.retry.initial_delay must be a number of seconds ≥ 0, got "60"']);
    });

    it('throws only the wrong values when unknown keys come with them', () => {
      // Act
      const problems = problemsOf({ llm: { modle: 'x', timeout: 0 } });

      // Assess
      expect(problems).toEqual(['config.yaml: llm.timeout must be a number of seconds > 0, got 0']);
    });
  });
});

describe('Function: editDistance', () => {
  it.each([
    ['neighbors', 'neighbors', 0],
    ['neighbours', 'neighbors', 1],
    ['nieghbors', 'neighbors', 1],
    ['windowSize', 'window_size', 2],
    ['', 'lof', 3],
    ['lof', '', 3],
    ['llm', 'lof', 2],
  ])('counts %s → %s as %i edits', (a, b, expected) => {
    // Act
    const distance = editDistance(a, b);

    // Assess
    expect(distance).toBe(expected);
  });
});
