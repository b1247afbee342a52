/**
 * Classification of a file's anomalies: one workflow run per unique candidate template (never one per line),
 * verdicts remembered in a cache, calls bounded by a budget and a concurrency limit. An anomaly is never dropped:
 * when no verdict is reached it stays, `unclassified`, with the failure recorded.
 */
import { createHash } from 'node:crypto';
import type { LlmConfig, WorkflowStepsConfig } from '../config/index.ts';
import type { AnomalyRecord, Severity } from '../detection/types.ts';
import { maxSeverity } from '../detection/severity.ts';
import { BUILTIN_MODEL } from './builtin.ts';
import { buildPrompt, PROMPT_VERSION, type Prompt } from './prompt.ts';
import type { Candidate, ClassificationUsage, CompletionClient, CompletionRequest, FailureKind, Verdict, VerdictCache } from './types.ts';
import {
  BuiltinVerdictStep,
  LLMCallStep,
  LogAnalysisWorkflow,
  PromptGenerationStep,
  ResponseEvaluationStep,
  ThinkingStep,
  WorkflowContext,
  type ModelAccess,
  type WorkflowStep,
} from './workflow.ts';

/** Options of {@link classifyAnomalies}. */
export interface ClassifyOptions {
  /** The `llm` section of the configuration (budget, concurrency, cache). */
  readonly llm: LlmConfig;
  /** The `workflow.steps` section. */
  readonly steps: WorkflowStepsConfig;
  /** The model; undefined for the built-in rules. */
  readonly client?: CompletionClient;
  /**
   * The retry policy around one model call; `onRetry` is called before each retry.
   * @default - no retry
   */
  readonly retry?: <T>(call: () => Promise<T>, onRetry: () => void) => Promise<T>;
  /**
   * Verdicts of earlier runs.
   * @default - none: every candidate is classified
   */
  readonly cache?: VerdictCache;
  /** The error indicators of a template, by id, for the prompt's context. */
  readonly indicatorsOf?: (templateId: string) => readonly string[];
}

/** The anomalies with their verdicts, and what it cost. */
export interface ClassifiedAnomalies {
  readonly anomalies: AnomalyRecord[];
  readonly usage: ClassificationUsage;
}

/** Raised when a call would go past `llm.max_calls` or `llm.max_tokens`. */
class BudgetExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

/**
 * Classifies candidates one at a time, counting what it costs: the model access with the run's budget and retry
 * policy, the cache, and the workflow. A local run shares one across a file's candidates; a Lambda makes one for
 * the single candidate it is given.
 */
export class Classifier {
  readonly #options: ClassifyOptions;
  readonly #model: ModelAccess | undefined;
  readonly #workflow: LogAnalysisWorkflow;
  readonly #started = performance.now();
  readonly #counters = { candidates: 0, calls: 0, cacheHits: 0, input: 0, output: 0, retries: 0 };
  readonly #failures: Record<string, number> = {};

  constructor(options: ClassifyOptions) {
    this.#options = options;
    const { client, llm } = options;
    const counters = this.#counters;
    this.#model =
      client !== undefined && options.steps.llm_call.enabled
        ? {
            client,
            call: async (request: CompletionRequest) => {
              if (counters.calls >= llm.max_calls) throw new BudgetExceededError(`llm.max_calls (${llm.max_calls}) reached`);
              if (counters.input + counters.output >= llm.max_tokens) throw new BudgetExceededError(`llm.max_tokens (${llm.max_tokens}) reached`);
              counters.calls++;
              const retry = options.retry ?? ((call) => call());
              const completion = await retry(() => client.complete(request), () => counters.retries++);
              counters.input += completion.usage.inputTokens;
              counters.output += completion.usage.outputTokens;
              return completion.text;
            },
          }
        : undefined;
    this.#workflow = new LogAnalysisWorkflow(defaultSteps(options.steps, this.#model));
  }

  /** Who gives the verdicts. */
  get provider(): string {
    return this.#model ? this.#model.client.provider : 'builtin';
  }

  get model(): string {
    return this.#model ? this.#model.client.model : BUILTIN_MODEL;
  }

  /** The verdict on one candidate: from the cache, the workflow, or `unclassified` with the failure recorded. */
  async classify(candidate: Candidate): Promise<Verdict> {
    this.#counters.candidates++;
    const { llm, cache, steps } = this.#options;
    const useCache = this.#model !== undefined && llm.cache && cache !== undefined;
    const key = cacheKey(candidate.templateId, this.provider, this.model, steps.prompt.custom_template);
    const cached = useCache ? await cache.get(key) : undefined;
    if (cached) {
      this.#counters.cacheHits++;
      return cached;
    }
    const context = await this.#workflow.run(candidate);
    if (context.verdict) {
      if (useCache) await cache.set(key, context.verdict);
      return context.verdict;
    }
    const failure = context.failure ?? { step: 'workflow', kind: 'provider' as const, error: 'Error', message: 'no verdict' };
    this.#failures[failure.kind] = (this.#failures[failure.kind] ?? 0) + 1;
    return unclassified(candidate.severity, failure.kind, failure.kind === 'budget' ? 'budget' : `${failure.step} failed`, failure.error, failure.message, this.provider, this.model);
  }

  /** What classification has cost so far. */
  usage(): ClassificationUsage {
    const c = this.#counters;
    return {
      provider: this.provider,
      model: this.model,
      candidates: c.candidates,
      calls: c.calls,
      cache_hits: c.cacheHits,
      tokens: { input: c.input, output: c.output },
      failures: { ...this.#failures },
      retries: c.retries,
      seconds: Math.round(performance.now() - this.#started) / 1000,
    };
  }
}

/** A verdict that records why none was reached. */
export function unclassified(severity: Severity, kind: FailureKind, what: string, error: string, message: string, provider: string, model: string): Verdict {
  return { classification: 'unclassified', severity, reason: `not classified: ${what} (${error}: ${message})`, tags: [], provider, model, failure: { kind, error, message } };
}

/** The verdict of a candidate left out because the run's `llm.max_calls` was spent before its turn. */
export function overBudget(severity: Severity, maxCalls: number, provider: string, model: string): Verdict {
  const error = new BudgetExceededError(`llm.max_calls (${maxCalls}) reached`);
  return unclassified(severity, 'budget', 'budget', error.name, error.message, provider, model);
}

/**
 * Classifies the anomalies of one file: one verdict per unique template, at most `llm.concurrency` at a time.
 * @example const { anomalies, usage } = await classifyAnomalies(analysis.anomalies, { llm: config.llm, steps: config.workflow.steps });
 */
export async function classifyAnomalies(anomalies: readonly AnomalyRecord[], options: ClassifyOptions): Promise<ClassifiedAnomalies> {
  const classifier = new Classifier(options);
  const verdicts = new Map<string, Verdict>();
  await forEachConcurrently(candidatesOf(anomalies, options.indicatorsOf), options.llm.concurrency, async (candidate) => {
    verdicts.set(candidate.templateId, await classifier.classify(candidate));
  });
  return { anomalies: applyVerdicts(anomalies, verdicts), usage: classifier.usage() };
}

/** The anomalies with the verdicts on their templates. */
export function applyVerdicts(anomalies: readonly AnomalyRecord[], verdicts: ReadonlyMap<string, Verdict>): AnomalyRecord[] {
  return anomalies.map((anomaly) => {
    const verdict = verdicts.get(anomaly.template_id);
    return verdict ? withVerdict(anomaly, verdict) : anomaly;
  });
}

/** What would be sent for each candidate, without sending anything (`--dry-run-llm`). */
export async function plannedPrompts(candidates: readonly Candidate[], steps: WorkflowStepsConfig): Promise<Array<{ templateId: string; prompt: Prompt }>> {
  const planned: Array<{ templateId: string; prompt: Prompt }> = [];
  for (const candidate of candidates) {
    const context = new WorkflowContext(candidate);
    if (steps.thinking.enabled) await new ThinkingStep().execute(context);
    planned.push({ templateId: candidate.templateId, prompt: buildPrompt(candidate, context.thinking, steps.prompt.custom_template) });
  }
  return planned;
}

/** The steps for a model, or for the built-in rules; steps turned off in the configuration are left out. */
function defaultSteps(steps: WorkflowStepsConfig, model: ModelAccess | undefined): WorkflowStep[] {
  const thinking = steps.thinking.enabled ? [new ThinkingStep()] : [];
  if (!model) return [...thinking, new BuiltinVerdictStep()];
  return [...thinking, new PromptGenerationStep(steps.prompt.custom_template), new LLMCallStep(model), new ResponseEvaluationStep(model, steps.response_evaluation.enabled)];
}

/** One candidate per template, most certain first, with the evidence and examples of all its anomalies. */
export function candidatesOf(anomalies: readonly AnomalyRecord[], indicatorsOf?: (templateId: string) => readonly string[]): Candidate[] {
  const byTemplate = new Map<string, AnomalyRecord[]>();
  for (const a of anomalies) byTemplate.set(a.template_id, [...(byTemplate.get(a.template_id) ?? []), a]);
  return [...byTemplate.values()]
    .map((own) => ({
      templateId: own[0]!.template_id,
      template: own[0]!.template,
      severity: own.reduce<Severity>((s, a) => maxSeverity(s, a.severity), 'info'),
      component: own[0]!.component,
      errorIndicators: indicatorsOf?.(own[0]!.template_id) ?? [],
      evidence: own.flatMap((a) => a.detectors),
      examples: [...new Set(own.map((a) => a.log).filter((l) => l !== ''))].slice(0, 3),
      score: Math.max(...own.map((a) => a.score)),
    }))
    .sort(compareCandidates);
}

/** The order candidates are classified in: highest score first, then by template id. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return b.score - a.score || (a.templateId < b.templateId ? -1 : 1);
}

/** The cache key of a verdict: template, provider, model, prompt version and custom prompt. */
function cacheKey(templateId: string, provider: string, model: string, customTemplate: string | null): string {
  const prompt = customTemplate === null ? PROMPT_VERSION : `${PROMPT_VERSION}:${createHash('sha256').update(customTemplate).digest('hex').slice(0, 12)}`;
  return `${templateId}|${provider}|${model}|${prompt}`;
}

function withVerdict(anomaly: AnomalyRecord, verdict: Verdict): AnomalyRecord {
  return {
    ...anomaly,
    classification: verdict.classification,
    reason: verdict.reason,
    tags: [...new Set([...verdict.tags, ...anomaly.tags])],
    provider: verdict.provider,
    model: verdict.model,
    classification_failure: verdict.failure ?? null,
  };
}

/** Runs `work` over the items with at most `limit` in flight. */
async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
