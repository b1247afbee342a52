/**
 * The zod schema of the analysis configuration: the one place its types, ranges and defaults are applied.
 *
 * Every leaf has `.default(...)` taken from {@link DEFAULT_ANALYSIS_CONFIG}, and is registered in
 * {@link CONFIG_EXPECTATIONS} with what it expects in words, so load.ts can write messages such as
 * `detectors.lof.neighbors must be a whole number ≥ 1, got "twenty"` from a zod issue's path alone.
 */
import { z } from 'zod';
import {
  DEFAULT_ANALYSIS_CONFIG,
  DEFAULT_LLM_ENDPOINTS,
  LLM_PROVIDERS,
  PROMPT_PLACEHOLDERS,
  PROMPT_TEMPLATES,
  type AnalysisConfig,
} from './types.ts';

/**
 * What each schema in {@link ANALYSIS_CONFIG_SCHEMA} expects, in words, read back by the error messages.
 * @internal
 */
export const CONFIG_EXPECTATIONS = z.registry<{ expected: string }>();

/** The schema, registered with what it expects in words. */
function expecting<T extends z.ZodType>(schema: T, expected: string): T {
  CONFIG_EXPECTATIONS.add(schema as z.ZodType, { expected });
  return schema;
}

/** A key-value mapping; unknown keys are stripped here and reported as warnings by load.ts. */
function mapping<S extends z.ZodRawShape>(shape: S) {
  return expecting(z.object(shape), 'a mapping of keys to values');
}

/**
 * A section of the file: missing, or written as a bare `key:` with nothing under it (which YAML reads as null),
 * it is filled with its defaults.
 */
function section<T extends z.ZodType>(schema: T) {
  // prefault, not default: zod 4 returns a `.default()` value as is, while a prefault goes through the
  // schema, so the leaves' own defaults fill the section.
  return z.preprocess((value) => (value === null ? {} : value), schema).prefault({});
}

/** A flag. */
function flag(defaultValue: boolean) {
  return expecting(z.boolean(), 'true or false').default(defaultValue);
}

/** A safe integer ≥ `min`. */
function wholeNumber(min: number, defaultValue: number) {
  return expecting(z.number().int().min(min), `a whole number ≥ ${min}`).default(defaultValue);
}

/** A finite number within bounds. */
function boundedNumber(schema: z.ZodNumber, expected: string, defaultValue: number) {
  return expecting(schema, expected).default(defaultValue);
}

/** One of a closed set of strings, given as an `as const` object. */
function oneOf<const T extends Readonly<Record<string, string>>>(values: T, defaultValue: T[keyof T]) {
  const list = Object.values(values).map((value) => JSON.stringify(value)).join(', ');
  return expecting(z.enum(values), `one of ${list}`).default(defaultValue as never);
}

const DEFAULTS = DEFAULT_ANALYSIS_CONFIG;

const detectorsSchema = mapping({
  lof: section(
    mapping({
      enabled: flag(DEFAULTS.detectors.lof.enabled),
      neighbors: wholeNumber(1, DEFAULTS.detectors.lof.neighbors),
      contamination: boundedNumber(z.number().gt(0).lte(0.5), 'a number > 0 and ≤ 0.5', DEFAULTS.detectors.lof.contamination),
    }),
  ),
  rolling_window: section(
    mapping({
      enabled: flag(DEFAULTS.detectors.rolling_window.enabled),
      window_size: wholeNumber(2, DEFAULTS.detectors.rolling_window.window_size),
      repetition_threshold: boundedNumber(
        z.number().gt(0).lte(1),
        'a number > 0 and ≤ 1',
        DEFAULTS.detectors.rolling_window.repetition_threshold,
      ),
    }),
  ),
  rare: section(
    mapping({
      enabled: flag(DEFAULTS.detectors.rare.enabled),
      max_count: wholeNumber(1, DEFAULTS.detectors.rare.max_count),
    }),
  ),
  new_templates: section(mapping({ enabled: flag(DEFAULTS.detectors.new_templates.enabled) })),
  bursts: section(
    mapping({
      enabled: flag(DEFAULTS.detectors.bursts.enabled),
      window_seconds: wholeNumber(1, DEFAULTS.detectors.bursts.window_seconds),
      min_count: wholeNumber(1, DEFAULTS.detectors.bursts.min_count),
      threshold: boundedNumber(z.number().gt(0), 'a number > 0', DEFAULTS.detectors.bursts.threshold),
    }),
  ),
  silence: section(
    mapping({
      enabled: flag(DEFAULTS.detectors.silence.enabled),
      min_expected: boundedNumber(z.number().gt(0), 'a number > 0', DEFAULTS.detectors.silence.min_expected),
    }),
  ),
  drift: section(mapping({ enabled: flag(DEFAULTS.detectors.drift.enabled) })),
});

const llmSchema = mapping({
  provider: oneOf(LLM_PROVIDERS, DEFAULTS.llm.provider),
  model: expecting(z.string().min(1).nullable(), 'a model name (a non-empty string)').default(DEFAULTS.llm.model),
  // null here means "not given": the transform below puts the provider's endpoint in its place.
  endpoint: expecting(z.url({ protocol: /^https?$/ }).nullable(), 'an http(s) URL such as "http://localhost:11434"').default(null),
  timeout: boundedNumber(z.number().gt(0), 'a number of seconds > 0', DEFAULTS.llm.timeout),
  max_retries: wholeNumber(0, DEFAULTS.llm.max_retries),
  max_calls: wholeNumber(0, DEFAULTS.llm.max_calls),
  max_tokens: wholeNumber(0, DEFAULTS.llm.max_tokens),
  concurrency: wholeNumber(1, DEFAULTS.llm.concurrency),
  api_key_env: expecting(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    'an environment variable name (letters, digits and _, not starting with a digit)',
  ).default(DEFAULTS.llm.api_key_env),
  cache: flag(DEFAULTS.llm.cache),
}).transform((llm) => ({ ...llm, endpoint: llm.endpoint ?? DEFAULT_LLM_ENDPOINTS[llm.provider] }));

const retrySchema = mapping({
  max_attempts: wholeNumber(1, DEFAULTS.workflow.retry.max_attempts),
  initial_delay: boundedNumber(z.number().min(0), 'a number of seconds ≥ 0', DEFAULTS.workflow.retry.initial_delay),
  max_delay: boundedNumber(z.number().min(0), 'a number of seconds ≥ 0', DEFAULTS.workflow.retry.max_delay),
  backoff_factor: boundedNumber(z.number().min(1), 'a number ≥ 1', DEFAULTS.workflow.retry.backoff_factor),
  // Older files write a boolean or a fraction; both are kept as written.
  jitter: expecting(z.union([z.boolean(), z.number().min(0).max(1)]), 'true, false or a number from 0 to 1').default(
    DEFAULTS.workflow.retry.jitter,
  ),
}).superRefine((retry, context) => {
  // zod runs refinements even when a field failed; a wrong-typed delay already has its own message.
  const { initial_delay: initialDelay, max_delay: maxDelay } = retry as { initial_delay: unknown; max_delay: unknown };
  if (typeof initialDelay === 'number' && typeof maxDelay === 'number' && initialDelay > maxDelay) {
    context.addIssue({
      code: 'custom',
      path: ['initial_delay'],
      message: `must be ≤ max_delay (${maxDelay}), got ${initialDelay}`,
    });
  }
});

const placeholders = PROMPT_PLACEHOLDERS.join(', ');
const promptSchema = mapping({
  template: oneOf(PROMPT_TEMPLATES, DEFAULTS.workflow.steps.prompt.template),
  custom_template: expecting(z.string().nullable(), 'a string').default(DEFAULTS.workflow.steps.prompt.custom_template),
}).superRefine((prompt, context) => {
  if (prompt.template !== PROMPT_TEMPLATES.custom) return;
  // As above: a custom_template of the wrong type already has its own message.
  const text = prompt.custom_template as unknown;
  if (text !== null && typeof text !== 'string') return;
  if (text === null || !PROMPT_PLACEHOLDERS.some((placeholder) => text.includes(placeholder))) {
    context.addIssue({
      code: 'custom',
      path: ['custom_template'],
      message:
        `must be a prompt containing at least one of ${placeholders} when template is "custom", ` +
        `got ${text === null ? 'none' : JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)}`,
    });
  }
});

const stepsSchema = mapping({
  thinking: section(mapping({ enabled: flag(DEFAULTS.workflow.steps.thinking.enabled) })),
  prompt: section(promptSchema),
  llm_call: section(mapping({ enabled: flag(DEFAULTS.workflow.steps.llm_call.enabled) })),
  response_evaluation: section(mapping({ enabled: flag(DEFAULTS.workflow.steps.response_evaluation.enabled) })),
});

/**
 * The schema of the configuration file. Parsing applies every default; unknown keys are stripped (load.ts
 * reports them as warnings before parsing).
 * @internal
 */
export const ANALYSIS_CONFIG_SCHEMA = mapping({
  detectors: section(detectorsSchema),
  llm: section(llmSchema),
  workflow: section(mapping({ retry: section(retrySchema), steps: section(stepsSchema) })),
  security: section(mapping({ redact_ips: flag(DEFAULTS.security.redact_ips) })),
  analysis: section(mapping({ max_line_bytes: wholeNumber(1, DEFAULTS.analysis.max_line_bytes) })),
});

// Compile-time checks that the schema's output and the declared AnalysisConfig are the same shape.
type Assignable<T extends U, U> = T;
export type _SchemaOutputIsAnalysisConfig = Assignable<z.output<typeof ANALYSIS_CONFIG_SCHEMA>, AnalysisConfig>;
export type _AnalysisConfigIsSchemaOutput = Assignable<AnalysisConfig, z.output<typeof ANALYSIS_CONFIG_SCHEMA>>;

/**
 * The schema below wrappers (defaults, nullables, preprocessing, transforms), down to the one that says what
 * the value must look like.
 */
function unwrap(schema: z.ZodType): z.ZodType[] {
  const layers: z.ZodType[] = [schema];
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodNullable || current instanceof z.ZodOptional) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      // A preprocess is a transform piped into the real schema; a .transform() is the real schema piped into one.
      current = (current.in instanceof z.ZodTransform ? current.out : current.in) as z.ZodType;
    } else {
      return layers;
    }
    layers.push(current);
  }
}

/**
 * The keys a mapping schema knows, with their schemas, or undefined when the schema is not a mapping.
 * @internal
 */
export function shapeOf(schema: z.ZodType): Readonly<Record<string, z.ZodType>> | undefined {
  const inner = unwrap(schema).at(-1);
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : undefined;
}

/**
 * The schema at a key path below `schema`, or undefined when the path leaves the schema.
 * @internal
 */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    const shape: Readonly<Record<string, z.ZodType>> | undefined = current === undefined ? undefined : shapeOf(current);
    current = shape !== undefined && typeof key === 'string' && Object.hasOwn(shape, key) ? shape[key] : undefined;
  }
  return current;
}

/**
 * What a schema expects, in words, from {@link CONFIG_EXPECTATIONS}.
 * @internal
 */
export function expectationOf(schema: z.ZodType): string | undefined {
  for (const layer of unwrap(schema)) {
    const expected = CONFIG_EXPECTATIONS.get(layer)?.expected;
    if (expected !== undefined) return expected;
  }
  return undefined;
}
