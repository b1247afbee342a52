import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalVerdictCache } from '../../functions/lib/local-verdict-cache.ts';
import type { Verdict } from '../../shared/classify/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'loganomaly-verdicts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verdict = (reason: string): Verdict => ({ classification: 'anomaly', severity: 'high', reason, tags: [], provider: 'ollama', model: 'm' });

describe('Class: LocalVerdictCache', () => {
  it('keeps every verdict of concurrent writes, and a new cache reads them back', async () => {
    // Prepare: a run classifies several templates at once (llm.concurrency).
    const cache = new LocalVerdictCache(dir);
    // Act
    await Promise.all(Array.from({ length: 8 }, (_, i) => cache.set(`t${i}`, verdict(`reason ${i}`))));
    // Assess
    const again = new LocalVerdictCache(dir);
    for (let i = 0; i < 8; i++) expect(await again.get(`t${i}`)).toEqual(verdict(`reason ${i}`));
    expect(Object.keys(JSON.parse(readFileSync(join(dir, '.loganomaly', 'verdicts.json'), 'utf8')) as object)).toHaveLength(8);
  });
});
