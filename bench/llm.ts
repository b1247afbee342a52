/**
 * The classification benchmark, against a loopback server that speaks Ollama's protocol (no model weights can be
 * downloaded here, so its answers are canned; what is measured is what the pipeline sends and how often):
 *
 * - calls per run against unique candidate templates and candidate lines, on the Loghub 2k systems;
 * - a second run of the same input: calls, and verdicts from the cache;
 * - planted secrets of every kind across log formats: the share redacted in what is sent and in every output.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile, summarize } from '../shared/analysis/index.ts';
import type { VerdictCache } from '../shared/classify/index.ts';
import { DEFAULT_ANALYSIS_CONFIG } from '../shared/config/index.ts';
import { OllamaLlmClient } from '../shared/llm/index.ts';
import { renderDashboard } from '../shared/report/index.ts';
import { startLlmServer } from '../test/helpers/llm-servers.ts';
import { memoryVerdictCache } from '../test/helpers/memory-verdict-cache.ts';
import { buildSecretCorpus, secretLeaked } from './secret-corpus.ts';

/** What we aim for; a miss is reported, never thrown. */
const TARGETS = { secondRunCalls: 0, redactedShare: 0.99 } as const;

/** How the benchmark classifies: the loopback model, the default settings, and a cache of its own. */
function classifyWith(client: OllamaLlmClient, cache: VerdictCache) {
  return { llm: DEFAULT_ANALYSIS_CONFIG.llm, steps: DEFAULT_ANALYSIS_CONFIG.workflow.steps, client, cache };
}

/**
 * Runs the benchmark.
 * @param dataDir - the Loghub 2k folder; the per-system part is skipped when it is absent.
 */
export async function benchLlm(dataDir: string, progress: (message: string) => void): Promise<object> {
  const server = await startLlmServer();
  try {
    const client = new OllamaLlmClient({ endpoint: server.url, model: 'bench-model', timeoutMs: 10_000 });

    const systems: object[] = [];
    let totals = { calls: 0, candidates: 0, candidateLines: 0, lines: 0, secondRunCalls: 0, secondRunCacheHits: 0 };
    if (existsSync(dataDir)) {
      for (const system of readdirSync(dataDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
        const file = join(dataDir, system, `${system}_2k.log.gz`);
        if (!existsSync(file)) continue;
        const cache = memoryVerdictCache();
        const first = await analyzeFile(file, { classify: classifyWith(client, cache) });
        const second = await analyzeFile(file, { classify: classifyWith(client, cache) });
        const candidateLines = first.anomalies.reduce((n, a) => n + a.lines.reduce((m, [from, to]) => m + to - from + 1, 0), 0);
        const row = {
          system,
          lines: first.readStats.lines,
          candidates: first.classification.candidates,
          candidateLines,
          calls: first.classification.calls,
          secondRunCalls: second.classification.calls,
          secondRunCacheHits: second.classification.cache_hits,
        };
        systems.push(row);
        totals = {
          calls: totals.calls + row.calls,
          candidates: totals.candidates + row.candidates,
          candidateLines: totals.candidateLines + row.candidateLines,
          lines: totals.lines + row.lines,
          secondRunCalls: totals.secondRunCalls + row.secondRunCalls,
          secondRunCacheHits: totals.secondRunCacheHits + row.secondRunCacheHits,
        };
        progress(`llm: ${system}: ${row.calls} calls for ${row.candidates} candidate templates (${row.candidateLines} candidate lines); second run ${row.secondRunCalls} calls`);
      }
    }
    const redaction = await benchRedaction(client, server.requests, progress);
    return {
      server: 'loopback Ollama protocol (/api/chat), canned answers',
      systems,
      totals: { ...totals, callsPerCandidate: totals.candidates === 0 ? 0 : Math.round((totals.calls / totals.candidates) * 1000) / 1000 },
      redaction,
      targets: { callsAtMostCandidates: true, ...TARGETS },
      pass: {
        callsAtMostCandidates: totals.calls <= totals.candidates,
        secondRunCalls: totals.secondRunCalls === TARGETS.secondRunCalls,
        redactedShare: redaction.redactedShare >= TARGETS.redactedShare,
      },
    };
  } finally {
    await server.close();
  }
}

/**
 * The secret corpus analysed as a log with the model configured: every planted secret looked for in the requests
 * the model received and in every file an analysis writes (summary, anomalies, templates, dashboard).
 */
async function benchRedaction(client: OllamaLlmClient, requests: ReadonlyArray<{ body: unknown }>, progress: (message: string) => void) {
  const dir = await mkdtemp(join(tmpdir(), 'loganomaly-redaction-'));
  try {
    const corpus = buildSecretCorpus();
    const file = join(dir, 'secrets.log');
    await writeFile(file, `${corpus.map((entry) => entry.text).join('\n')}\n`);
    const sentBefore = requests.length;
    const analysis = await analyzeFile(file, { classify: classifyWith(client, memoryVerdictCache()) });
    const summary = summarize(analysis, { source: 'secrets.log', baseline: undefined, detectors: DEFAULT_ANALYSIS_CONFIG.detectors });
    const sent = requests.slice(sentBefore).map((r) => JSON.stringify(r.body)).join('\n');
    const outputs = [
      JSON.stringify(summary),
      JSON.stringify(analysis.anomalies),
      JSON.stringify(analysis.templateSummaries),
      renderDashboard({ summary, anomalies: analysis.anomalies, templates: analysis.templateSummaries, generatedAt: new Date(0).toISOString() }),
    ].join('\n');
    const secrets = corpus.flatMap((entry) => entry.secrets);
    const leakedSent = secrets.filter((s) => secretLeaked(s, sent));
    const leakedOutputs = secrets.filter((s) => secretLeaked(s, outputs));
    const leaked = [...new Set([...leakedSent, ...leakedOutputs])];
    progress(`llm: redaction: ${secrets.length - leaked.length} of ${secrets.length} planted secrets redacted everywhere (${requests.length - sentBefore} requests)`);
    return {
      planted: secrets.length,
      requests: requests.length - sentBefore,
      leakedInRequests: leakedSent.length,
      leakedInOutputs: leakedOutputs.length,
      leakedKinds: [...new Set(leaked.map((s) => s.kind))],
      redactedShare: Math.round(((secrets.length - leaked.length) / secrets.length) * 10000) / 10000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
