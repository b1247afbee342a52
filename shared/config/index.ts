/** The analysis configuration: loading it from YAML or JSON, its types and its defaults. */
export { loadConfig, parseConfig } from './load.ts';
export { DEFAULT_ANALYSIS_CONFIG, DEFAULT_LLM_ENDPOINTS, LLM_PROVIDERS, PROMPT_PLACEHOLDERS, PROMPT_TEMPLATES } from './types.ts';
export type {
  AnalysisConfig,
  AnalysisInputConfig,
  BurstsDetectorConfig,
  DetectorsConfig,
  DriftDetectorConfig,
  LlmConfig,
  LlmProvider,
  LoadedConfig,
  LofDetectorConfig,
  NewTemplatesDetectorConfig,
  PromptStepConfig,
  PromptTemplate,
  RareDetectorConfig,
  RetryConfig,
  RollingWindowDetectorConfig,
  SecurityConfig,
  SilenceDetectorConfig,
  ToggleStepConfig,
  WorkflowConfig,
  WorkflowStepsConfig,
} from './types.ts';
