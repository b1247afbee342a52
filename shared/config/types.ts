/**
 * Types of the analysis configuration: what `loadConfig` returns, and the defaults it applies.
 *
 * Key names stay in the configuration file's snake_case (`config.detectors.rolling_window.window_size`), so the
 * file, the docs and the code all say the same name. The older tool's keys keep its names and units (its delays
 * and `timeout` are in seconds); the keys added here carry their unit in the name (`window_seconds`,
 * `max_line_bytes`).
 *
 * The types are declared rather than inferred from the zod schema so that every field carries its TSDoc and
 * `@default`; schema.ts checks at compile time that the schema's output and these types agree.
 */
import { DEFAULT_LLM_TIMEOUT_MS } from '../llm/http.ts';
import { DEFAULT_LOF_OPTIONS } from '../lof/types.ts';
import { DEFAULT_READ_OPTIONS } from '../reading/types.ts';
import { DEFAULT_FLOOD_OPTIONS } from '../window/flood.ts';

/** The LLM back ends an analysis can call. */
export const LLM_PROVIDERS = {
  /** No network: explanations are built from the anomaly's evidence without a model. */
  builtin: 'builtin',
  /** A local Ollama server. */
  ollama: 'ollama',
  /** The OpenAI API, or any server speaking its chat-completions protocol. */
  openai: 'openai',
  /** Amazon Bedrock, in the AWS Region of the run. */
  bedrock: 'bedrock',
} as const;
/** One LLM back end. */
export type LlmProvider = (typeof LLM_PROVIDERS)[keyof typeof LLM_PROVIDERS];

/**
 * The endpoint used when `llm.endpoint` is not given, by provider: none for `builtin` (no network) and
 * `bedrock` (the AWS SDK picks the Region's endpoint).
 */
export const DEFAULT_LLM_ENDPOINTS: Readonly<Record<LlmProvider, string | null>> = Object.freeze({
  builtin: null,
  ollama: 'http://localhost:11434',
  openai: 'https://api.openai.com/v1',
  bedrock: null,
});

/** The prompt templates the prompt step can use. */
export const PROMPT_TEMPLATES = {
  /** The built-in prompt: the log line, its template and the detectors' evidence. */
  enhanced: 'enhanced',
  /** The user's own prompt, from `workflow.steps.prompt.custom_template`. */
  custom: 'custom',
} as const;
/** One prompt template choice. */
export type PromptTemplate = (typeof PROMPT_TEMPLATES)[keyof typeof PROMPT_TEMPLATES];

/** The placeholders a custom prompt template fills in; a custom template must use at least one. */
export const PROMPT_PLACEHOLDERS = ['{log}', '{template}', '{evidence}'] as const;

/** Local Outlier Factor over template-frequency vectors (`detectors.lof`). */
export interface LofDetectorConfig {
  /** Whether the detector runs. @default true */
  readonly enabled: boolean;
  /** k, the number of nearest neighbours each point's local density is compared with; a whole number ≥ 1. @default 20 */
  readonly neighbors: number;
  /** The expected share of outliers, which sets the score threshold; in (0, 0.5]. @default 0.1 */
  readonly contamination: number;
}

/** Repetition within a sliding window of lines (`detectors.rolling_window`). */
export interface RollingWindowDetectorConfig {
  /** Whether the detector runs. @default true */
  readonly enabled: boolean;
  /** Lines per window; a whole number ≥ 2. @default 1000 */
  readonly window_size: number;
  /** Share of a window taken by one template above which the window is flagged as repetitive; in (0, 1]. @default 0.75 */
  readonly repetition_threshold: number;
}

/** Templates seen only a few times in the whole input (`detectors.rare`). */
export interface RareDetectorConfig {
  /** Whether the detector runs. @default true */
  readonly enabled: boolean;
  /** A template seen at most this many times is rare; a whole number ≥ 1. @default 3 */
  readonly max_count: number;
}

/** Templates absent from the baseline (`detectors.new_templates`). */
export interface NewTemplatesDetectorConfig {
  /** Whether the detector runs. @default true */
  readonly enabled: boolean;
}

/** Sudden floods of one template (`detectors.bursts`). */
export interface BurstsDetectorConfig {
  /** Whether the detector runs. @default true */
  readonly enabled: boolean;
  /** Width of the time windows counts are taken in, in seconds; a whole number ≥ 1. @default 60 */
  readonly window_seconds: number;
  /** A window is a burst only when its count also reaches this many lines; a whole number ≥ 1. @default 10 */
  readonly min_count: number;
  /**
   * How unusual a window's count must be, as a robust z-score: a window is a burst when its count exceeds
   * median + threshold × σ, where σ = 1.4826 × MAD (the median absolute deviation of the template's window
   * counts), and is at least `min_count`; a number > 0.
   * @default 5
   */
  readonly threshold: number;
}

/** Templates that stop appearing (`detectors.silence`). */
export interface SilenceDetectorConfig {
  /** Whether the detector runs. @default true */
  readonly enabled: boolean;
  /** A template's silence is reported only when at least this many lines of it were expected in the gap; a number > 0. @default 5 */
  readonly min_expected: number;
}

/** Changes in the mix of templates between the baseline and the input (`detectors.drift`). */
export interface DriftDetectorConfig {
  /** Whether the detector runs. @default true */
  readonly enabled: boolean;
}

/** The anomaly detectors (`detectors`). */
export interface DetectorsConfig {
  /** Local Outlier Factor. */
  readonly lof: LofDetectorConfig;
  /** Repetition in a sliding window of lines. */
  readonly rolling_window: RollingWindowDetectorConfig;
  /** Rare templates. */
  readonly rare: RareDetectorConfig;
  /** Templates new since the baseline. */
  readonly new_templates: NewTemplatesDetectorConfig;
  /** Floods of one template. */
  readonly bursts: BurstsDetectorConfig;
  /** Templates that go quiet. */
  readonly silence: SilenceDetectorConfig;
  /** Shifts in the template mix. */
  readonly drift: DriftDetectorConfig;
}

/** The language model that explains anomalies (`llm`). */
export interface LlmConfig {
  /** The back end. @default 'builtin' */
  readonly provider: LlmProvider;
  /** The model name, as the provider spells it. @default - null: the provider's own default model */
  readonly model: string | null;
  /**
   * The provider's base URL, an http(s) URL.
   * @default - from {@link DEFAULT_LLM_ENDPOINTS}: http://localhost:11434 for ollama, https://api.openai.com/v1 for openai, null for builtin and bedrock
   */
  readonly endpoint: string | null;
  /** How long one call may take, in seconds; a number > 0. @default 30 */
  readonly timeout: number;
  /** Retries of a failed call, after the first attempt; a whole number ≥ 0. @default 3 */
  readonly max_retries: number;
  /** Most LLM calls one analysis may make; a whole number ≥ 0, where 0 turns explanations off. @default 200 */
  readonly max_calls: number;
  /** Most tokens (prompt and completion) one analysis may spend; a whole number ≥ 0. @default 200000 */
  readonly max_tokens: number;
  /** Calls in flight at once; a whole number ≥ 1. @default 4 */
  readonly concurrency: number;
  /** Name of the environment variable holding the API key (the key itself never goes in the file). @default 'OPENAI_API_KEY' */
  readonly api_key_env: string;
  /** Whether answers are cached by prompt, so a rerun on the same input makes no new calls. @default true */
  readonly cache: boolean;
}

/** Retry of failed workflow steps (`workflow.retry`). */
export interface RetryConfig {
  /** Attempts in all, the first included; a whole number ≥ 1. @default 3 */
  readonly max_attempts: number;
  /** Delay before the first retry, in seconds; ≥ 0 and ≤ `max_delay`. @default 1 */
  readonly initial_delay: number;
  /** Longest delay between attempts, in seconds; ≥ 0. @default 30 */
  readonly max_delay: number;
  /** Each delay is the previous one times this; a number ≥ 1. @default 2 */
  readonly backoff_factor: number;
  /**
   * Randomisation of each delay: `true` (or 1) is full jitter, a delay drawn from [0, delay]; `false` (or 0) is
   * none; a number in between randomises that fraction of the delay. Older files write either form.
   * @default true
   */
  readonly jitter: boolean | number;
}

/** A workflow step that can only be turned on or off. */
export interface ToggleStepConfig {
  /** Whether the step runs. @default true */
  readonly enabled: boolean;
}

/** The prompt-building step (`workflow.steps.prompt`). */
export interface PromptStepConfig {
  /** Which prompt to build. @default 'enhanced' */
  readonly template: PromptTemplate;
  /**
   * The prompt used when `template` is 'custom'; it must contain at least one of {@link PROMPT_PLACEHOLDERS}.
   * @default null
   */
  readonly custom_template: string | null;
}

/** The steps of the explanation workflow (`workflow.steps`). */
export interface WorkflowStepsConfig {
  /** Reasoning about the anomaly before the prompt is built. */
  readonly thinking: ToggleStepConfig;
  /** Building the prompt. */
  readonly prompt: PromptStepConfig;
  /** Calling the LLM. */
  readonly llm_call: ToggleStepConfig;
  /** Checking the LLM's answer before it is kept. */
  readonly response_evaluation: ToggleStepConfig;
}

/** The explanation workflow (`workflow`). */
export interface WorkflowConfig {
  /** Retry of failed steps. */
  readonly retry: RetryConfig;
  /** The steps. */
  readonly steps: WorkflowStepsConfig;
}

/** Protection of what leaves the machine (`security`). */
export interface SecurityConfig {
  /** Whether IPv4 and IPv6 addresses are masked in anything sent to an LLM or written to a report. @default false */
  readonly redact_ips: boolean;
}

/** How input is read (`analysis`). */
export interface AnalysisInputConfig {
  /** Longest line kept, in bytes; longer lines are truncated. A whole number ≥ 1. @default 65536 */
  readonly max_line_bytes: number;
}

/** The whole analysis configuration, every field filled in (defaults applied). */
export interface AnalysisConfig {
  /** The anomaly detectors. */
  readonly detectors: DetectorsConfig;
  /** The language model. */
  readonly llm: LlmConfig;
  /** The explanation workflow. */
  readonly workflow: WorkflowConfig;
  /** Redaction. */
  readonly security: SecurityConfig;
  /** Input reading. */
  readonly analysis: AnalysisInputConfig;
}

/** What `loadConfig` and `parseConfig` return. */
export interface LoadedConfig {
  /** The configuration, defaults applied. */
  readonly config: AnalysisConfig;
  /** Problems that did not stop the load (unknown keys, duplicate keys), each prefixed with the file name. */
  readonly warnings: string[];
}

/** Freezes an object and every object below it. */
function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}

/**
 * The defaults of {@link AnalysisConfig}, applied by the schema in schema.ts; docs and `--help` read them from
 * here so they show the same numbers.
 */
export const DEFAULT_ANALYSIS_CONFIG: AnalysisConfig = deepFreeze({
  detectors: {
    // The modules' own defaults, so the configuration and the code cannot disagree.
    lof: { enabled: true, neighbors: DEFAULT_LOF_OPTIONS.neighbors, contamination: 0.1 },
    rolling_window: { enabled: true, window_size: DEFAULT_FLOOD_OPTIONS.windowSize, repetition_threshold: DEFAULT_FLOOD_OPTIONS.repetitionThreshold },
    rare: { enabled: true, max_count: 3 },
    new_templates: { enabled: true },
    bursts: { enabled: true, window_seconds: 60, min_count: 10, threshold: 5 },
    silence: { enabled: true, min_expected: 5 },
    drift: { enabled: true },
  },
  llm: {
    provider: LLM_PROVIDERS.builtin,
    model: null,
    endpoint: DEFAULT_LLM_ENDPOINTS.builtin,
    timeout: DEFAULT_LLM_TIMEOUT_MS / 1000,
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
      prompt: { template: PROMPT_TEMPLATES.enhanced, custom_template: null },
      llm_call: { enabled: true },
      response_evaluation: { enabled: true },
    },
  },
  security: { redact_ips: false },
  // The same limit the reader applies when it is called without options.
  analysis: { max_line_bytes: DEFAULT_READ_OPTIONS.maxLineBytes },
});
