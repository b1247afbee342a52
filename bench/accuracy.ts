/**
 * Template-mining accuracy against Loghub's hand-labelled 2k samples: raw `<S>_2k.log` in, one default
 * configuration for every system, GA, FGA and PA per system and on average (definitions in the data folder's README).
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { readRecords } from '../shared/parsing/index.ts';
import { mineFile } from '../shared/mining/index.ts';

/** Accuracy of one system. */
export interface SystemAccuracy {
  system: string;
  lines: number;
  /** Grouping accuracy: share of lines whose predicted group equals their true group. */
  ga: number;
  /** F1 of exactly-right groups over predicted and true groups. */
  fga: number;
  /** Parsing accuracy: share of lines whose template text equals the true template. */
  pa: number;
  truthTemplates: number;
  predictedTemplates: number;
}

/** The predicted template (id and text) of every physical line of a file, in order. */
export async function predictTemplates(file: string): Promise<{ id: string; text: string }[]> {
  const { templateSet } = await mineFile(file);
  const perLine: { id: string; text: string }[] = [];
  for await (const batch of readRecords(file).batches) {
    for (const record of batch) {
      const { id, text } = templateSet.match(record.message).template;
      for (let i = 0; i < record.lineCount; i++) perLine.push({ id, text });
    }
  }
  return perLine;
}

/** GA, FGA and PA of predicted groups and texts against the truth, line by line. */
export function scoreGrouping(
  truth: readonly { id: string; text: string }[],
  predicted: readonly { id: string; text: string }[],
): { ga: number; fga: number; pa: number } {
  const members = (labels: readonly string[]): Map<string, number[]> => {
    const groups = new Map<string, number[]>();
    labels.forEach((label, line) => (groups.get(label) ?? groups.set(label, []).get(label)!).push(line));
    return groups;
  };
  const truthGroups = members(truth.map((t) => t.id));
  const predictedGroups = members(predicted.map((p) => p.id));
  let correctLines = 0;
  let correctGroups = 0;
  for (const lines of predictedGroups.values()) {
    const truthLines = truthGroups.get(truth[lines[0]!]!.id)!;
    if (truthLines.length === lines.length && truthLines.every((l, i) => l === lines[i])) {
      correctGroups++;
      correctLines += lines.length;
    }
  }
  const normalise = (s: string): string => s.trim().replace(/\s+/g, ' ');
  const parsedLines = truth.filter((t, i) => normalise(t.text) === normalise(predicted[i]!.text)).length;
  const precision = correctGroups / predictedGroups.size;
  const recall = correctGroups / truthGroups.size;
  return {
    ga: correctLines / truth.length,
    fga: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    pa: parsedLines / truth.length,
  };
}

/** Scores one system folder. */
export async function scoreSystem(dataDir: string, system: string): Promise<SystemAccuracy> {
  const rows: Record<string, string>[] = parse(
    gunzipSync(await readFile(join(dataDir, system, `${system}_2k.log_structured_corrected.csv.gz`))),
    { columns: true, skip_empty_lines: true },
  );
  const truth = rows.map((r) => ({ id: r.EventId!, text: r.EventTemplate! }));
  const predicted = await predictTemplates(join(dataDir, system, `${system}_2k.log.gz`));
  if (predicted.length !== truth.length) {
    throw new Error(`${system}: ${predicted.length} lines predicted, ${truth.length} in the truth`);
  }
  return {
    system,
    lines: truth.length,
    ...scoreGrouping(truth, predicted),
    truthTemplates: new Set(truth.map((t) => t.id)).size,
    predictedTemplates: new Set(predicted.map((p) => p.id)).size,
  };
}

/**
 * Scores every system in a Loghub 2k folder.
 * @returns per-system figures and their averages, or null when the folder is absent (the benchmark then skips).
 */
export async function runAccuracy(dataDir: string): Promise<object | null> {
  if (!existsSync(dataDir)) return null;
  const systems = readdirSync(dataDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dataDir, d.name, `${d.name}_2k.log.gz`)))
    .map((d) => d.name)
    .sort();
  const results: SystemAccuracy[] = [];
  for (const system of systems) results.push(await scoreSystem(dataDir, system));
  const mean = (key: 'ga' | 'fga' | 'pa'): number => round(results.reduce((s, r) => s + r[key], 0) / results.length);
  const average = { ga: mean('ga'), fga: mean('fga'), pa: mean('pa') };
  return {
    dataDir,
    systems: results.map((r) => ({ ...r, ga: round(r.ga), fga: round(r.fga), pa: round(r.pa) })),
    average,
    targets: { ga: 0.93, pa: 0.7 },
    pass: { ga: average.ga >= 0.93, pa: average.pa >= 0.7 },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (import.meta.main) {
  console.log(JSON.stringify(await runAccuracy(process.argv[2] ?? '../shared/data/loghub-2k'), null, 2));
}
