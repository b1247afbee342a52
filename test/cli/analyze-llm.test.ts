/**
 * `loganomaly analyze` with a model configured: an Ollama endpoint on loopback that speaks the real protocol,
 * failing a share of calls; the verdicts, the cache on a second run, and --dry-run-llm.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loganomaly } from '../helpers/cli.ts';
import { startLlmServer, type LlmServer } from '../helpers/llm-servers.ts';

const ROOT = join(import.meta.dirname, '../..');
const SAMPLE = join(ROOT, 'samples/service.log');


interface Anomaly {
  template_id: string;
  classification: string;
  provider: string;
  model: string;
  reason: string;
  classification_failure: { kind: string; error: string } | null;
}

let dir: string;
let server: LlmServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loganomaly-llm-'));
  server = await startLlmServer({ answer: { classification: 'anomaly', severity: 'high', reason: 'The database pool cannot connect.', tags: ['database'] } });
  writeFileSync(
    join(dir, 'ollama.yaml'),
    `llm:\n  provider: ollama\n  endpoint: ${server.url}\n  model: test-model\n  timeout: 2\nworkflow:\n  retry:\n    max_attempts: 2\n    initial_delay: 0\n    max_delay: 0\n`,
  );
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Command: loganomaly analyze with llm.provider ollama', () => {
  it('asks the model once per unique template, keeps every anomaly when calls fail, and says who answered', async () => {
    // Prepare: 30% of calls fail with 429, 500, 503 or a reset.
    server.failRandomly({ share: 0.3, seed: 7 });
    const out = join(dir, 'out');
    // Act
    const result = await loganomaly(['analyze', '--input', SAMPLE, '--output', out, '--config', join(dir, 'ollama.yaml')]);
    // Assess
    expect(result.code, result.stderr).toBe(0);
    const anomalies = JSON.parse(readFileSync(join(out, 'service.log.anomalies.json'), 'utf8')) as Anomaly[];
    const summary = JSON.parse(readFileSync(join(out, 'service.log.summary.json'), 'utf8')) as { llm: { calls: number; candidates: number; provider: string; model: string } };
    const templates = new Set(anomalies.map((a) => a.template_id));
    expect(summary.llm).toMatchObject({ provider: 'ollama', model: 'test-model', candidates: templates.size });
    expect(summary.llm.calls).toBeLessThanOrEqual(templates.size);
    const chats = server.requests.filter((r) => r.protocol === 'ollama-chat');
    expect(chats.length).toBeGreaterThanOrEqual(templates.size);
    for (const anomaly of anomalies) {
      expect(['anomaly', 'unclassified']).toContain(anomaly.classification);
      expect(anomaly.provider).toBe('ollama');
      if (anomaly.classification === 'unclassified') expect(anomaly.classification_failure?.kind).toBe('provider');
      else expect(anomaly.reason).toBe('The database pool cannot connect.');
    }
    expect(anomalies.filter((a) => a.classification === 'anomaly').length).toBeGreaterThan(0);
  });

  it('answers a second run of the same input from the cache, with no call', async () => {
    // Prepare: a first run with a healthy model fills the cache.
    server.failRandomly(undefined);
    const out = join(dir, 'out-cache');
    const config = join(dir, 'ollama.yaml');
    await loganomaly(['analyze', '--input', SAMPLE, '--output', out, '--config', config]);
    const before = server.requests.length;
    // Act
    const second = await loganomaly(['analyze', '--input', SAMPLE, '--output', out, '--config', config]);
    // Assess
    expect(second.code, second.stderr).toBe(0);
    expect(server.requests.length).toBe(before);
    const summary = JSON.parse(readFileSync(join(out, 'service.log.summary.json'), 'utf8')) as { llm: { calls: number; cache_hits: number; candidates: number } };
    expect(summary.llm.calls).toBe(0);
    expect(summary.llm.cache_hits).toBe(summary.llm.candidates);
  });

  it('prints what it would send with --dry-run-llm and sends nothing, secrets redacted', async () => {
    const before = server.requests.length;
    const result = await loganomaly(['analyze', '--input', SAMPLE, '--output', join(dir, 'out-dry'), '--config', join(dir, 'ollama.yaml'), '--dry-run-llm']);
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests.length).toBe(before);
    const planned = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { provider: string; prompt: string; system: string });
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.every((p) => p.provider === 'ollama')).toBe(true);
    // The prompts are those a model would get: with the failure words the detection found in each template.
    expect(planned.some((p) => p.prompt.includes('error indicators: refused'))).toBe(true);
    const text = result.stdout;
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(text).toContain('<AWS_ACCESS_KEY>');
  });
});
