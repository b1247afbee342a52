/**
 * Merging chunks: their miners' counts into one template set (Drain runs once, so the templates are those of the
 * whole file), their rows into one table of records with each record's template, their secrets and findings.
 */
import { hashString, TemplateMiner, type TemplateMinerOptions } from '../mining/index.ts';
import { redactSecrets, mergeSecuritySummaries, type SecuritySummary } from '../security/index.ts';
import { NUMBER_SLOTS, resolveTemplates, UNRESOLVED, type RecordColumns, type RecordRows } from '../detection/record-table.ts';
import { createReadStats, type ReadStats } from '../reading/index.ts';
import type { ChunkMining } from './chunk.ts';
import { decodeColumns, encodeColumns, readSharedRecordColumns, sharedRecordColumns } from './codec.ts';

/** One template of the file. */
export interface FileTemplate {
  readonly id: string;
  /** The template's text, secrets redacted (the id is the hash of the mined text). */
  readonly text: string;
  readonly count: number;
}

/** A file's records with their templates, from all of its chunks: what is stored between MergeTemplates and later states. */
export interface MergedFile {
  /** The templates, by the index the records use. */
  readonly templates: FileTemplate[];
  readonly records: RecordColumns;
  readonly components: readonly string[];
  /** The credential kinds found in each record that has any, by record index. */
  readonly secretKinds: ReadonlyMap<number, readonly string[]>;
  readonly security: SecuritySummary;
  /** What reading the chunks saw and repaired, added up. */
  readonly readStats: ReadStats;
}

/** Version of the binary form of a merged file. */
const MERGED_FORMAT_VERSION = 1;

/** The binary form of a merged file. */
export function encodeMergedFile(merged: MergedFile): Uint8Array {
  const { records: r, secretKinds, templates, components, security, readStats } = merged;
  const header = { version: MERGED_FORMAT_VERSION, size: r.size, templates, components, security, readStats, secretKinds: [...secretKinds] };
  return encodeColumns(header, [r.template, ...sharedRecordColumns(r)]);
}

/** Reads the binary form of a merged file back. */
export function decodeMergedFile(bytes: Uint8Array): MergedFile {
  type Header = Omit<MergedFile, 'records' | 'secretKinds'> & { version: number; size: number; secretKinds: Array<[number, string[]]> };
  const { header, next } = decodeColumns<Header>(bytes);
  if (header.version !== MERGED_FORMAT_VERSION) throw new Error(`merged file format ${header.version} is not ${MERGED_FORMAT_VERSION}`);
  const n = header.size;
  const records: RecordColumns = { size: n, template: next(Int32Array, n), ...readSharedRecordColumns(next, n) };
  const { templates, components, security, readStats } = header;
  return { templates, components, security, readStats, secretKinds: new Map(header.secretKinds), records };
}

/** Merges the minings of a file's chunks, in file order. */
export function mergeChunks(chunks: readonly ChunkMining[], options: { mining?: TemplateMinerOptions; redactIps?: boolean } = {}): MergedFile {
  // Merging can compact too (past maxDistinctMessages in all): the remaps say where the chunks' hashes went.
  const remaps: Array<ReadonlyMap<number, number>> = [];
  const miner = new TemplateMiner({ ...options.mining, onCompact: (remap) => remaps.push(remap) });
  for (const chunk of chunks) miner.merge(chunk.snapshot);
  const templateSet = miner.build();
  // A secret the masking did not see as a variable (an access key id logged by the same line every time) would
  // otherwise live on in the template text, which every output shows and the classifier is sent.
  const templates: FileTemplate[] = templateSet.templates.map(({ id, text, count }) => ({ id, text: redactSecrets(text, { redactIps: options.redactIps ?? false }).text, count }));
  const indexOfId = new Map(templates.map((t, i) => [t.id, i]));
  const templateOfHash = new Map<number, number>();
  for (const [key] of miner.snapshot().messages) {
    const template = templateSet.templateOfKey(key);
    templateOfHash.set(hashString(key), template ? (indexOfId.get(template.id) ?? UNRESOLVED) : UNRESOLVED);
  }
  const follow = (hash: number): number => remaps.reduce((h, remap) => remap.get(h) ?? h, hash);

  const { rows, components, secretKinds } = concatenate(chunks);
  const records = resolveTemplates(rows, (hash) => templateOfHash.get(remaps.length === 0 ? hash : follow(hash)));
  // Every row's hash is a key of the merged counts, or leads to one through the compactions' remaps.
  const lost = records.template.indexOf(UNRESOLVED);
  if (lost >= 0) throw new Error(`record at line ${records.line[lost]} has no template: its message hash is unknown to the merged counts`);
  const security = mergeSecuritySummaries(chunks.map((c) => c.security));
  return { templates, records, components, secretKinds, security, readStats: addReadStats(chunks.map((c) => c.readStats)) };
}

/** The read stats of consecutive chunks as those of one file. */
function addReadStats(parts: readonly ReadStats[]): ReadStats {
  const total = createReadStats(parts[0]?.file ?? '');
  for (const part of parts) {
    // A chunk numbers its lines from 1: the lines of the chunks before it come first in the file.
    const before = total.lines;
    total.gzip ||= part.gzip;
    total.bytes += part.bytes;
    total.lines += part.lines;
    total.invalidUtf8Lines += part.invalidUtf8Lines;
    total.truncatedLines += part.truncatedLines;
    total.nulBytes += part.nulBytes;
    if (part.firstInvalidUtf8Line !== undefined) total.firstInvalidUtf8Line ??= before + part.firstInvalidUtf8Line;
    if (part.firstTruncatedLine !== undefined) total.firstTruncatedLine ??= before + part.firstTruncatedLine;
  }
  return total;
}

/** The chunks' rows one after the other, their component indexes mapped onto one list. */
function concatenate(chunks: readonly ChunkMining[]): { rows: RecordRows; components: string[]; secretKinds: Map<number, readonly string[]> } {
  if (chunks.length === 1) {
    const [only] = chunks;
    return { rows: only!.rows, components: [...only!.components], secretKinds: new Map(only!.secretKinds) };
  }
  const n = chunks.reduce((sum, c) => sum + c.rows.size, 0);
  const rows = {
    size: n,
    hash: new Float64Array(n),
    timestampMs: new Float64Array(n),
    line: new Int32Array(n),
    lineCount: new Int32Array(n),
    component: new Int32Array(n),
    level: new Uint8Array(n),
    numbers: new Float32Array(n * NUMBER_SLOTS),
  };
  const components: string[] = [];
  const componentIndex = new Map<string, number>();
  const secretKinds = new Map<number, readonly string[]>();
  let at = 0;
  for (const chunk of chunks) {
    const r = chunk.rows;
    rows.hash.set(r.hash, at);
    rows.timestampMs.set(r.timestampMs, at);
    rows.line.set(r.line, at);
    rows.lineCount.set(r.lineCount, at);
    rows.level.set(r.level, at);
    rows.numbers.set(r.numbers, at * NUMBER_SLOTS);
    const remap = chunk.components.map((name) => {
      let index = componentIndex.get(name);
      if (index === undefined) {
        index = components.length;
        components.push(name);
        componentIndex.set(name, index);
      }
      return index;
    });
    for (let i = 0; i < r.size; i++) rows.component[at + i] = r.component[i]! < 0 ? -1 : remap[r.component[i]!]!;
    for (const [row, kinds] of chunk.secretKinds) secretKinds.set(at + row, kinds);
    at += r.size;
  }
  return { rows, components, secretKinds };
}
