/**
 * Mining one chunk of a log (or a whole file, which is one chunk): the records' rows, the miner's counts and the
 * secrets found, in a form that merges with other chunks' and travels as one binary object between Lambdas.
 */
import { TemplateMiner, type TemplateMinerOptions, type TemplateSnapshot } from '../mining/index.ts';
import { readRecords, type FileLayout, type ReadRecordsOptions } from '../parsing/index.ts';
import { createReadStats, type ReadStats } from '../reading/index.ts';
import { SECRET_KINDS, SecurityScanner, type SecuritySummary } from '../security/index.ts';
import { RecordTableBuilder, type RecordRows } from '../detection/record-table.ts';
import { decodeColumns, encodeColumns, readSharedRecordColumns, sharedRecordColumns } from './codec.ts';

/** Options of {@link mineChunk}. */
export interface MineChunkOptions {
  /** Reading and parsing; `layout` and `firstLine` for a chunk of a bigger file. */
  read?: ReadRecordsOptions;
  /** Template mining. */
  mining?: TemplateMinerOptions;
  /**
   * Whether IP addresses count as secrets.
   * @default false
   */
  redactIps?: boolean;
  /** Called after each batch with the bytes and lines read so far. */
  onProgress?: (stats: ReadStats) => void;
}

/** What mining one chunk leaves. */
export interface ChunkMining {
  /** The miner's counts, to merge with other chunks'. */
  readonly snapshot: TemplateSnapshot;
  readonly rows: RecordRows;
  /** Component names, by the index the rows use. */
  readonly components: readonly string[];
  /** The credential kinds found in each record that has any, by row index. */
  readonly secretKinds: ReadonlyArray<readonly [row: number, kinds: readonly string[]]>;
  readonly security: SecuritySummary;
  /** The layout the chunk was parsed with; undefined for an empty file. */
  readonly layout: FileLayout | undefined;
  readonly readStats: ReadStats;
}

/**
 * Kinds that are personal data rather than credentials: redacted and counted in the security section, but a log
 * that names its users' e-mail addresses is not, line by line, an anomaly.
 */
const PERSONAL_DATA: ReadonlySet<string> = new Set([SECRET_KINDS.email, SECRET_KINDS.ipAddress]);

/**
 * Reads and mines one chunk (or file) in a single streaming pass.
 * @throws InputFormatError (or BinaryFileError) naming the file when it cannot be read as text.
 */
export async function mineChunk(file: string, options: MineChunkOptions = {}): Promise<ChunkMining> {
  const readStats = createReadStats(file);
  const table = new RecordTableBuilder();
  // When the miner compacts, the rows' hashes follow their messages into the templates: no record is left behind,
  // the one whose message set the compaction off included.
  let compacted: ReadonlyMap<number, number> | undefined;
  const miner = new TemplateMiner({
    ...options.mining,
    onCompact: (remap) => {
      table.remapHashes(remap);
      compacted = remap;
    },
  });
  const scanner = new SecurityScanner({ redactIps: options.redactIps ?? false });
  const secretKinds: Array<[number, string[]]> = [];
  const stream = readRecords(file, options.read, readStats);
  for await (const batch of stream.batches) {
    for (const record of batch) {
      let hash = miner.add(record.message);
      if (compacted) {
        hash = compacted.get(hash) ?? hash;
        compacted = undefined;
      }
      const text = record.continuation === '' ? record.message : `${record.message}\n${record.continuation}`;
      const findings = scanner.add(record.line, text);
      // Most records hold no secret: their empty findings are not filtered into another empty array.
      if (findings.length > 0) {
        const credentials = new Set(findings.flatMap((f) => (PERSONAL_DATA.has(f.kind) ? [] : [f.kind])));
        if (credentials.size > 0) secretKinds.push([table.size, [...credentials]]);
      }
      table.add(hash, record.line, record.lineCount, record.timestampMs, record.level, record.component, record.message);
    }
    options.onProgress?.(readStats);
  }
  return {
    snapshot: miner.snapshot(),
    rows: table.rows(),
    components: table.components,
    secretKinds,
    security: scanner.summary(),
    layout: stream.layout(),
    readStats,
  };
}

/** Version of the binary form; decoding refuses any other. */
const FORMAT_VERSION = 1;

/** The binary form of a chunk's mining, to store between the MineChunk and MergeTemplates states. */
export function encodeChunkMining(mining: ChunkMining): Uint8Array {
  const { rows, ...rest } = mining;
  return encodeColumns({ version: FORMAT_VERSION, size: rows.size, ...rest }, [rows.hash, ...sharedRecordColumns(rows)]);
}

/** Reads the binary form back. @throws Error when the bytes are not a chunk mining of this version. */
export function decodeChunkMining(bytes: Uint8Array): ChunkMining {
  const { header, next } = decodeColumns<Omit<ChunkMining, 'rows'> & { version: number; size: number }>(bytes);
  if (header.version !== FORMAT_VERSION) throw new Error(`chunk mining format ${header.version} is not ${FORMAT_VERSION}`);
  const { version: _, size: n, ...rest } = header;
  const rows: RecordRows = { size: n, hash: next(Float64Array, n), ...readSharedRecordColumns(next, n) };
  return { ...rest, rows };
}
