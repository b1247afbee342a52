/** ClassifyTemplate: transient provider failures go back to Step Functions by name; others become verdicts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyTemplate } from '../../functions/classify-template/handler.ts';
import { localDeps } from '../../functions/lib/local-deps.ts';
import { getJson, putJson, workPrefixOf, type RunRef } from '../../functions/lib/pipeline.ts';
import type { Candidate, CompletionClient, Verdict } from '../../shared/classify/index.ts';
import { DEFAULT_ANALYSIS_CONFIG } from '../../shared/config/index.ts';
import { LlmBadRequestError, LlmThrottledError } from '../../shared/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'loganomaly-classify-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run: RunRef = { runId: 'r1', bucket: 'local', key: 'incoming/app.log', etag: 'e', source: 'app.log', workPrefix: workPrefixOf('r1') };
const candidate: Candidate = { templateId: 't1', template: 'Connection to <*> refused', severity: 'high', component: null, errorIndicators: ['refused'], evidence: [], examples: [], score: 0.8 };
// No waits between the Lambda's own attempts.
const config = { ...DEFAULT_ANALYSIS_CONFIG, workflow: { ...DEFAULT_ANALYSIS_CONFIG.workflow, retry: { ...DEFAULT_ANALYSIS_CONFIG.workflow.retry, initial_delay: 0, max_delay: 0 } } };

function failing(error: Error): CompletionClient {
  return { provider: 'ollama', model: 'm', complete: async () => Promise.reject(error) };
}

async function classifyWith(llm: CompletionClient) {
  const deps = localDeps({ outputDir: dir, config, llm, inputs: new Map() });
  await putJson(deps.objects, 'work/r1/candidates/t1.json', candidate);
  return { deps, result: classifyTemplate(deps)({ run, candidate: { templateId: 't1', key: 'work/r1/candidates/t1.json' } }) };
}

describe('Handler: ClassifyTemplate', () => {
  it('throws a throttled provider under its normalised name, for the state Retry rules to wait it out', async () => {
    const { result } = await classifyWith(failing(new LlmThrottledError('ollama', 'HTTP 429')));
    await expect(result).rejects.toMatchObject({ name: 'LlmThrottledError', message: expect.stringContaining('HTTP 429') });
  });

  it('keeps a request the provider refuses as an unclassified verdict, with the failure recorded', async () => {
    const { deps, result } = await classifyWith(failing(new LlmBadRequestError('ollama', 'HTTP 400')));
    const { verdictKey } = await result;
    const { verdict } = await getJson<{ verdict: Verdict }>(deps.objects, verdictKey!);
    expect(verdict).toMatchObject({ classification: 'unclassified', failure: { kind: 'bad_request', error: 'LlmBadRequestError' } });
  });
});
