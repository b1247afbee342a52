/**
 * The classification workflow for one candidate template, as steps users can extend: a `WorkflowStep` has a name
 * and `execute(context)`, which returns whether to go on; `LogAnalysisWorkflow` runs its steps in order, stops at
 * the first that fails or asks to stop, and records which step failed and why.
 *
 * Default steps, for a model: ThinkingStep → PromptGenerationStep → LLMCallStep → ResponseEvaluationStep. For the
 * built-in rules: ThinkingStep → BuiltinVerdictStep.
 */
import { builtinVerdict } from './builtin.ts';
import { buildPrompt, VERDICT_SCHEMA, type Prompt } from './prompt.ts';
import { parseAnswer } from './response.ts';
import type { Candidate, CompletionClient, CompletionRequest, FailureKind, Verdict } from './types.ts';

/** State passed from step to step. */
export class WorkflowContext {
  /** The template being classified. */
  readonly candidate: Candidate;
  /** What ThinkingStep worked out, as text the prompt can carry. */
  thinking = '';
  /** The prompt to send. */
  prompt: Prompt | undefined;
  /** The model's raw answers, in order (a repair request adds one). */
  readonly answers: string[] = [];
  /** The verdict, once reached. */
  verdict: Verdict | undefined;
  /** The step that failed, and why. */
  failure: { readonly step: string; readonly kind: FailureKind; readonly error: string; readonly message: string } | undefined;

  constructor(candidate: Candidate) {
    this.candidate = candidate;
  }

  /** Records a failure of `step`; the workflow stops after it. */
  fail(step: string, kind: FailureKind, error: unknown): false {
    const e = error instanceof Error ? error : new Error(String(error));
    this.failure = { step, kind, error: e.name, message: e.message };
    return false;
  }
}

/** One step of the workflow. */
export abstract class WorkflowStep {
  /** The step's name, as failures report it. */
  abstract readonly name: string;
  /**
   * Does the step's work.
   * @returns whether the workflow goes on to the next step.
   */
  abstract execute(context: WorkflowContext): Promise<boolean>;
}

/** Runs steps in order; stops at the first step that returns false or throws. */
export class LogAnalysisWorkflow {
  readonly steps: readonly WorkflowStep[];

  constructor(steps: readonly WorkflowStep[]) {
    this.steps = steps;
  }

  /** Runs the workflow for one candidate; never throws: a failure is recorded on the context. */
  async run(candidate: Candidate): Promise<WorkflowContext> {
    const context = new WorkflowContext(candidate);
    for (const step of this.steps) {
      try {
        if (!(await step.execute(context))) break;
      } catch (error) {
        context.fail(step.name, 'provider', error);
        break;
      }
    }
    return context;
  }
}

/** Gathers severity, component, action, error indicators and the detectors' evidence into context for the prompt. */
export class ThinkingStep extends WorkflowStep {
  readonly name = 'thinking';

  override async execute(context: WorkflowContext): Promise<boolean> {
    const c = context.candidate;
    const action = c.template.split(' ').filter((w) => !w.includes('<*>')).slice(0, 8).join(' ');
    context.thinking = [
      `severity from level and wording: ${c.severity}`,
      `component: ${c.component ?? 'not named in the log'}`,
      `action: ${action}`,
      `error indicators: ${c.errorIndicators.length > 0 ? c.errorIndicators.join(', ') : 'none'}`,
      `detectors: ${c.evidence.map((e) => `${e.detector} (observed ${e.observed ?? '-'}, expected ${e.expected ?? '-'})`).join('; ')}`,
    ].join('\n');
    return true;
  }
}

/** Builds the prompt: the default one, or the user's template. */
export class PromptGenerationStep extends WorkflowStep {
  readonly name = 'prompt';
  readonly #customTemplate: string | null;

  constructor(customTemplate: string | null) {
    super();
    this.#customTemplate = customTemplate;
  }

  override async execute(context: WorkflowContext): Promise<boolean> {
    context.prompt = buildPrompt(context.candidate, context.thinking, this.#customTemplate);
    return true;
  }
}

/** How LLMCallStep reaches the model: each call goes through the run's budget and retry policy. */
export interface ModelAccess {
  readonly client: CompletionClient;
  /** Sends one request (with retries); resolves with the answer's text, or rejects with a normalised error. */
  call(request: CompletionRequest): Promise<string>;
}

/** Calls the model with the prompt. */
export class LLMCallStep extends WorkflowStep {
  readonly name = 'llm_call';
  readonly #model: ModelAccess;

  constructor(model: ModelAccess) {
    super();
    this.#model = model;
  }

  override async execute(context: WorkflowContext): Promise<boolean> {
    const { system, prompt } = context.prompt!;
    try {
      context.answers.push(await this.#model.call({ system, prompt, schema: VERDICT_SCHEMA }));
      return true;
    } catch (error) {
      return context.fail(this.name, failureKindOf(error), error);
    }
  }
}

/**
 * Reads the answer as a verdict. An answer that cannot be read gets one repair request (the answer and what is
 * wrong with it); when that fails too, the workflow stops with a `bad_response` failure.
 */
export class ResponseEvaluationStep extends WorkflowStep {
  readonly name = 'response_evaluation';
  readonly #model: ModelAccess;
  readonly #repair: boolean;

  /** @param repair - whether an unreadable answer gets one repair request (`workflow.steps.response_evaluation.enabled`). */
  constructor(model: ModelAccess, repair = true) {
    super();
    this.#model = model;
    this.#repair = repair;
  }

  override async execute(context: WorkflowContext): Promise<boolean> {
    let parsed = parseAnswer(context.answers.at(-1) ?? '');
    if (!parsed.ok && !this.#repair) return context.fail(this.name, 'bad_response', new Error(`unusable answer: ${parsed.problem}`));
    if (!parsed.ok) {
      const { system, prompt } = context.prompt!;
      const repair = `${prompt}\n\nYour previous answer could not be used (${parsed.problem}):\n${(context.answers.at(-1) ?? '').slice(0, 2000)}\n\nAnswer again with the JSON object only.`;
      try {
        context.answers.push(await this.#model.call({ system, prompt: repair, schema: VERDICT_SCHEMA }));
      } catch (error) {
        return context.fail(this.name, failureKindOf(error), error);
      }
      parsed = parseAnswer(context.answers.at(-1)!);
      if (!parsed.ok) return context.fail(this.name, 'bad_response', new Error(`unusable answer after one repair: ${parsed.problem}`));
    }
    const { answer } = parsed;
    context.verdict = {
      classification: answer.classification,
      severity: answer.severity ?? context.candidate.severity,
      reason: answer.reason,
      tags: answer.tags,
      provider: this.#model.client.provider,
      model: this.#model.client.model,
    };
    return true;
  }
}

/** The built-in rules' verdict, in place of a prompt and a model. */
export class BuiltinVerdictStep extends WorkflowStep {
  readonly name = 'builtin';

  override async execute(context: WorkflowContext): Promise<boolean> {
    context.verdict = builtinVerdict(context.candidate);
    return true;
  }
}

/** The failure kind of an error thrown while calling a model, by its normalised name. */
function failureKindOf(error: unknown): FailureKind {
  const name = error instanceof Error ? error.name : '';
  if (name === 'BudgetExceededError') return 'budget';
  if (name === 'LlmBadRequestError') return 'bad_request';
  if (name === 'LlmResponseError') return 'bad_response';
  return 'provider';
}
