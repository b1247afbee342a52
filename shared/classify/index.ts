export { BUILTIN_MODEL, builtinVerdict } from './builtin.ts';
export { applyVerdicts, candidatesOf, classifyAnomalies, Classifier, compareCandidates, overBudget, plannedPrompts, unclassified } from './classify.ts';
export type { ClassifiedAnomalies, ClassifyOptions } from './classify.ts';
export { buildPrompt, fence, PROMPT_VERSION, SYSTEM_PROMPT, VERDICT_SCHEMA } from './prompt.ts';
export type { Prompt } from './prompt.ts';
export { parseAnswer } from './response.ts';
export type { ParseResult, ParsedAnswer } from './response.ts';
export { CLASSIFICATIONS, FAILURES, TAG_VOCABULARY } from './types.ts';
export type { Candidate, Classification, ClassificationUsage, CompletionClient, CompletionRequest, FailureKind, Verdict, VerdictCache } from './types.ts';
export {
  BuiltinVerdictStep,
  LLMCallStep,
  LogAnalysisWorkflow,
  PromptGenerationStep,
  ResponseEvaluationStep,
  ThinkingStep,
  WorkflowContext,
  WorkflowStep,
} from './workflow.ts';
export type { ModelAccess } from './workflow.ts';
