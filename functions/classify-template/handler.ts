/**
 * ClassifyTemplate: the verdict on one candidate template, from the cache or the workflow. A transient provider
 * failure (throttled, timed out, server error) is thrown under its normalised name, after the short retries of the
 * Lambda itself, so that the state's Retry rules wait it out; any other failure is a verdict of `unclassified`.
 */
import { Classifier, type Candidate } from '../../shared/classify/index.ts';
import { isRetryableLlmError } from '../../shared/errors.ts';
import { retryOptionsFromConfig, withRetry } from '../../shared/retry/index.ts';
import { lambdaHandler } from '../lib/lambda.ts';
import { getJson, putJson, workKeys, type PipelineDeps } from '../lib/pipeline.ts';
import type { ClassifyTemplateInput, ClassifyTemplateOutput } from './types.ts';

/** Retries inside the Lambda stay short: Step Functions owns the long waits. */
const IN_LAMBDA_ATTEMPTS = 2;

/** The handler, bound to its ports. */
export function classifyTemplate(deps: PipelineDeps) {
  return async ({ run, candidate: ref }: ClassifyTemplateInput): Promise<ClassifyTemplateOutput> => {
    const candidate = await getJson<Candidate>(deps.objects, ref.key);
    const retryOptions = { ...retryOptionsFromConfig(deps.config.workflow.retry), maxAttempts: IN_LAMBDA_ATTEMPTS };
    const classifier = new Classifier({
      llm: deps.config.llm,
      steps: deps.config.workflow.steps,
      client: deps.llm,
      cache: deps.verdicts,
      retry: (call, onRetry) => withRetry(call, { ...retryOptions, onRetry }),
    });
    const verdict = await classifier.classify(candidate);
    // The error the verdict records is the one that stopped the workflow; Step Functions matches it by name.
    const failure = verdict.failure && Object.assign(new Error(verdict.failure.message), { name: verdict.failure.error });
    if (isRetryableLlmError(failure)) throw failure;
    const key = workKeys.verdict(run, candidate.templateId);
    await putJson(deps.objects, key, { verdict, usage: classifier.usage() });
    return { templateId: candidate.templateId, verdictKey: key };
  };
}

export const handler = lambdaHandler('ClassifyTemplate', classifyTemplate);
