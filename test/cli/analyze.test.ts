import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, loganomaly } from '../helpers/cli.ts';



function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/**
 * A service log: two hours of three request templates, a heartbeat, and an incident at 01:00 where
 * 2,000 "Connection refused" errors flood the log; one FATAL line at the end.
 */
function serviceLog(): string {
  const lines: string[] = [];
  const start = Date.UTC(2024, 4, 1);
  for (let s = 0; s < 7200; s += 2) {
    const at = (offset: number) => new Date(start + s * 1000 + offset).toISOString();
    lines.push(`${at(0)} INFO [http-${s % 7}] api.Orders: Order ${100_000 + s} placed by customer c-${s % 97} in ${20 + (s % 30)}ms`);
    if (s % 10 === 0) lines.push(`${at(100)} DEBUG [main] app.Health: heartbeat ok, queue depth ${s % 5}`);
    if (s % 6 === 0) lines.push(`${at(200)} INFO [http-${s % 5}] api.Carts: Cart ${s} updated with ${s % 9} items`);
    if (s === 3600) for (let k = 0; k < 2000; k++) lines.push(`${at(300 + k)} ERROR [pool-1] db.Pool: Connection to db-primary:5432 refused, retrying in 500ms (attempt ${1 + (k % 5)}/5)`);
  }
  lines.push(`${new Date(start + 7200_000).toISOString()} FATAL [main] app.Main: Out of memory: heap exhausted, shutting down`);
  return `${lines.join('\n')}\n`;
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loganomaly-analyze-'));
  writeFileSync(join(dir, 'service.log'), serviceLog());
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Command: loganomaly analyze', () => {
  it('writes a summary and the anomalies of a file, with the flood and the fatal line among them', async () => {
    // Prepare
    const out = join(dir, 'out-file');
    // Act
    const result = await loganomaly(['analyze', '--input', join(dir, 'service.log'), '--output', out]);
    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/no baseline yet/);
    const summary = readJson(join(out, 'service.log.summary.json'));
    const anomalies = readJson<Array<Record<string, unknown>>>(join(out, 'service.log.anomalies.json'));
    const total = 3600 + 720 + 1200 + 2000 + 1;
    expect(summary).toMatchObject({ original_log_count: total, processed_log_count: total, anomalies_detected: anomalies.length });
    expect(summary['baseline']).toMatchObject({ present: false });
    const flood = anomalies.find((a) => a['kind'] === 'flood');
    expect(flood).toMatchObject({ count: 2000, severity: 'high', template: expect.stringContaining('refused') });
    const templates = readJson<Array<{ template: string; count: number; example: string }>>(join(out, 'service.log.templates.json'));
    expect(templates.reduce((n, t) => n + t.count, 0)).toBe(total);
    expect(templates[0]).toMatchObject({ count: 3600, example: expect.stringContaining('api.Orders: Order 100000 placed') });
    const fatal = anomalies.find((a) => String(a['template']).includes('Out of memory'));
    expect(fatal).toMatchObject({ severity: 'critical', count: 1, lines: [[total, total]] });
    expect(fatal!['log']).toContain('FATAL [main] app.Main: Out of memory');
  });

  it('accepts the bare form of the tool it replaces, and compares a second run with the first', async () => {
    const out = join(dir, 'out-bare');
    const first = await loganomaly(['--input', join(dir, 'service.log'), '--output', out]);
    const second = await loganomaly(['--input', join(dir, 'service.log'), '--output', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(readJson(join(out, 'service.log.summary.json'))['baseline']).toMatchObject({ present: true, runs: 1 });
    // Nothing is new the second time: the late FATAL template was seen by the first run.
    const anomalies = readJson<Array<{ tags: string[] }>>(join(out, 'service.log.anomalies.json'));
    expect(anomalies.some((a) => a.tags.includes('new'))).toBe(false);
  });

  it('tells each state of the pipeline and its duration with --verbose, and nothing but errors with --quiet', async () => {
    const verbose = await loganomaly(['analyze', '--input', join(dir, 'service.log'), '--output', join(dir, 'out-verbose'), '--verbose']);
    expect(verbose.code, verbose.stderr).toBe(0);
    for (const state of ['PrepareRun', 'MineChunk', 'MergeTemplates', 'DetectAnomalies', 'ClassifyTemplate', 'WriteReport']) {
      expect(verbose.stderr).toMatch(new RegExp(`service\\.log: ${state} \\d+ ms`));
    }
    const quiet = await loganomaly(['analyze', '--input', join(dir, 'service.log'), '--output', join(dir, 'out-quiet'), '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('writes one verdict per physical line with --emit-lines', async () => {
    const out = join(dir, 'out-lines');
    const result = await loganomaly(['analyze', '--input', join(dir, 'service.log'), '--output', out, '--emit-lines']);
    expect(result.code, result.stderr).toBe(0);
    const lines = readFileSync(join(out, 'service.log.lines.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; templateId: string; anomaly: boolean; score: number });
    expect(lines).toHaveLength(7521);
    expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 7521 }, (_, i) => i + 1));
    const flagged = lines.filter((l) => l.anomaly);
    expect(flagged.length).toBeGreaterThanOrEqual(2001);
    expect(flagged.every((l) => l.score >= 0.5)).toBe(true);
    expect(lines.filter((l) => !l.anomaly).every((l) => l.score === 0)).toBe(true);
  });

  it('analyses a folder recursively, mirrors its layout, and skips a binary file with a warning', async () => {
    // Prepare
    const input = join(dir, 'logs');
    mkdirSync(join(input, 'api'), { recursive: true });
    writeFileSync(join(input, 'api', 'service.log.gz'), gzipSync(serviceLog()));
    writeFileSync(join(input, 'core.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]));
    const out = join(dir, 'out-dir');
    // Act
    const result = await loganomaly(['analyze', '--input', input, '--output', out]);
    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: skipped .*core\.bin/);
    expect(readJson(join(out, 'api', 'service.log.gz.summary.json'))).toMatchObject({ reading: { gzip: true } });
  });

  it('warns about an unknown configuration key and applies the known ones', async () => {
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'detectors:\n  rolling_window:\n    enabled: false\n  lof:\n    neighbours: 5\n');
    const out = join(dir, 'out-config');
    const result = await loganomaly(['analyze', '--input', join(dir, 'service.log'), '--output', out, '--config', config]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/unknown key "detectors\.lof\.neighbours".*did you mean "neighbors"/);
    const anomalies = readJson<Array<{ kind: string }>>(join(out, 'service.log.anomalies.json'));
    expect(anomalies.some((a) => a.kind === 'flood')).toBe(false);
  });

  it('fails naming the key when a configuration value has the wrong type', async () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'detectors:\n  lof:\n    neighbors: twenty\n');
    const result = await loganomaly(['analyze', '--input', join(dir, 'service.log'), '--output', join(dir, 'out-bad'), '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/detectors\.lof\.neighbors must be a whole number/);
    expect(existsSync(join(dir, 'out-bad', 'service.log.summary.json'))).toBe(false);
  });

  it('serves the dashboard on a local port with --show-results where no browser can be opened', async () => {
    // Prepare: no display, so no browser.
    const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const child = spawn(process.execPath, [BIN, 'analyze', '--input', join(dir, 'service.log'), '--output', join(dir, 'out-show'), '--show-results', '-q'], { env });
    try {
      // Act
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stderr.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const match = /served at (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(text);
          if (match) resolve(match[1]!);
        });
        child.on('exit', () => reject(new Error(`exited before serving: ${text}`)));
      });
      // Assess
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/<html/i);
      const outside = await fetch(new URL('/../../etc/passwd', url));
      expect(outside.status).toBe(404);
    } finally {
      child.kill();
    }
  });

  it('explains a missing option with the usage, and a missing input with its path', async () => {
    const noOutput = await loganomaly(['analyze', '--input', join(dir, 'service.log')]);
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toMatch(/needs --output/);
    const missing = await loganomaly(['analyze', '--input', join(dir, 'nope.log'), '--output', join(dir, 'out-missing')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.log');
  });
});
