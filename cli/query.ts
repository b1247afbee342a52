/**
 * `loganomaly query`: the anomalies of earlier runs, from the DynamoDB anomaly table (`--table`) or from the store
 * of a local output folder (`--store`, `out` by default), newest first, as a table or as JSON.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { awsRegion, DEFAULT_REGION, documentClient } from '../functions/lib/aws-clients.ts';
import { DynamoDbAnomalyStore } from '../functions/lib/dynamodb-anomaly-store.ts';
import { DEFAULT_ANOMALY_QUERY, normalizeTime } from '../functions/lib/anomaly-query.ts';
import { LocalAnomalyStore, localAnomalyStorePath } from '../functions/lib/local-anomaly-store.ts';
import { SEVERITIES, type Severity } from '../shared/detection/index.ts';
import type { AnomalyQuery, AnomalyStore, StoredAnomaly } from '../shared/store/index.ts';
import { EXIT, UsageError } from './errors.ts';

/** The output folder queried when neither `--table` nor `--store` is given. */
export const DEFAULT_QUERY_STORE = 'out';
/** Longest template shown in the table; `--json` has it whole. */
const TEMPLATE_WIDTH = 60;

/** The options `query` takes. */
const QUERY_OPTIONS = {
  run: { type: 'string' },
  object: { type: 'string' },
  since: { type: 'string' },
  from: { type: 'string' },
  until: { type: 'string' },
  to: { type: 'string' },
  severity: { type: 'string' },
  template: { type: 'string' },
  tag: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  table: { type: 'string' },
  endpoint: { type: 'string' },
  store: { type: 'string' },
} as const;

/** The usage text of `query`, also part of the CLI's. */
export const QUERY_USAGE = `query options (filters combine; newest first):
      --run <id>            The anomalies of one run.
      --object <bucket/key> The anomalies of one object (the file path, for a local run).
      --since, --from <ISO> First seen at or after this time (2024-05-01 or 2024-05-01T12:00:00Z).
      --until, --to <ISO>   First seen at or before this time.
      --severity <s>        One of ${SEVERITIES.join(', ')}.
      --template <id>       The anomalies of one template id.
      --tag <tag>           The anomalies with this tag (database, security, …).
      --limit <n>           Most anomalies shown (default ${DEFAULT_ANOMALY_QUERY.limit}).
      --json                One JSON array of {runId, object, anomaly} instead of a table.
      --table <name>        Read the DynamoDB anomaly table (region from AWS_REGION, default ${DEFAULT_REGION}).
      --endpoint <url>      DynamoDB endpoint, e.g. DynamoDB Local (default: AWS_ENDPOINT_URL_DYNAMODB, else AWS).
      --store <dir>         Read the store of a local run's output folder (default ${DEFAULT_QUERY_STORE}/ without --table).
`;

/** Something to write output to (standard output, or a test's buffer). */
export interface QueryOutput {
  write(text: string): unknown;
}

/**
 * Runs `query`; returns the exit status.
 * @throws UsageError for a wrong option, Error saying what to do when the store cannot be read.
 */
export async function queryCommand(argv: readonly string[], out: QueryOutput = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: QUERY_OPTIONS, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError(`query takes no positional arguments, got "${positionals[0]}"`);
  const query = parseQuery(values);
  const target = openStore(values);
  let found: StoredAnomaly[];
  try {
    found = await target.store.queryAnomalies(query);
  } catch (error) {
    throw explain(error, target.description);
  }
  if (values.json) {
    out.write(`${JSON.stringify(found, null, 2)}\n`);
  } else {
    out.write(formatTable(found, query.limit ?? DEFAULT_ANOMALY_QUERY.limit));
  }
  return EXIT.ok;
}

type QueryValues = ReturnType<typeof parseArgs<{ options: typeof QUERY_OPTIONS }>>['values'];

function parseQuery(values: QueryValues): AnomalyQuery {
  const from = either(values, 'since', 'from');
  const to = either(values, 'until', 'to');
  const severity = values.severity;
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) {
    throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')}, got "${severity}"`);
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new UsageError(`--limit must be a positive whole number, got "${values.limit}"`);
  }
  return {
    ...(values.run === undefined ? {} : { runId: values.run }),
    ...(values.object === undefined ? {} : { object: values.object }),
    ...(severity === undefined ? {} : { severity: severity as Severity }),
    ...(values.template === undefined ? {} : { templateId: values.template }),
    ...(values.tag === undefined ? {} : { tag: values.tag }),
    ...(from === undefined ? {} : { from: time(from, values.since === undefined ? '--from' : '--since') }),
    ...(to === undefined ? {} : { to: time(to, values.until === undefined ? '--to' : '--until') }),
    ...(limit === undefined ? {} : { limit }),
  };
}

/** The value of one of two spellings of an option; both at once is a mistake. */
function either(values: QueryValues, a: 'since' | 'until', b: 'from' | 'to'): string | undefined {
  if (values[a] !== undefined && values[b] !== undefined) throw new UsageError(`--${a} and --${b} are the same option: give one`);
  return values[a] ?? values[b];
}

function time(value: string, option: string): string {
  try {
    return normalizeTime(value);
  } catch (error) {
    throw new UsageError(`${option}: ${(error as Error).message}`);
  }
}

/** The store to read, and how to name it in an error. */
function openStore(values: QueryValues): { store: AnomalyStore; description: string } {
  if (values.table !== undefined && values.store !== undefined) {
    throw new UsageError('--table reads DynamoDB and --store reads a local output folder: give one');
  }
  if (values.table === undefined) {
    if (values.endpoint !== undefined) throw new UsageError('--endpoint names the DynamoDB endpoint of --table: give --table too');
    const dir = values.store ?? DEFAULT_QUERY_STORE;
    const path = localAnomalyStorePath(dir);
    if (!existsSync(path)) {
      throw new Error(
        `no anomaly store in ${dir}/ (${path} does not exist). Analyse logs into it first ` +
          `(loganomaly analyze --input <logs> --output ${dir}), point --store at another output folder, ` +
          'or read the DynamoDB table with --table NAME [--endpoint URL]',
      );
    }
    return { store: new LocalAnomalyStore({ path }), description: path };
  }
  const region = awsRegion();
  const endpoint = values.endpoint ?? (process.env.AWS_ENDPOINT_URL_DYNAMODB || process.env.AWS_ENDPOINT_URL || undefined);
  if (endpoint !== undefined && !URL.canParse(endpoint)) throw new UsageError(`--endpoint must be a URL such as http://localhost:8000, got "${endpoint}"`);
  return {
    store: new DynamoDbAnomalyStore({ tableName: values.table, client: documentClient(endpoint) }),
    description: `table "${values.table}" (region ${region}${endpoint === undefined ? '' : `, endpoint ${endpoint}`})`,
  };
}

/** A store's failure, said with what to do about it. */
function explain(error: unknown, description: string): Error {
  const { name, message, code } = error as { name?: string; message?: string; code?: string };
  const cause = { cause: error };
  if (name === 'ResourceNotFoundException') {
    return new Error(`${description} does not exist: check --table, AWS_REGION and --endpoint`, cause);
  }
  if (name === 'CredentialsProviderError') {
    return new Error(
      `no AWS credentials for ${description}: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      cause,
    );
  }
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message ?? '') || name === 'TimeoutError') {
    return new Error(`cannot reach ${description}: is the endpoint right, and is the server running?`, cause);
  }
  return new Error(`${description}: ${message ?? String(error)}`, cause);
}

/** The anomalies as a table, one per line, with a count under it. */
function formatTable(found: readonly StoredAnomaly[], limit: number): string {
  if (found.length === 0) return 'No anomalies match.\n';
  const header = ['FIRST SEEN', 'SEVERITY', 'SCORE', 'KIND', 'COUNT', 'TEMPLATE', 'CLASSIFICATION'];
  const rows = found.map(({ anomaly }) => [
    anomaly.first_seen === null ? '-' : anomaly.first_seen.replace(/\.\d+Z$/, 'Z'),
    anomaly.severity,
    anomaly.score.toFixed(2),
    anomaly.kind,
    anomaly.count.toLocaleString('en'),
    truncate(anomaly.template.replace(/\s+/g, ' '), TEMPLATE_WIDTH),
    anomaly.classification,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const numeric = new Set([2, 4]);
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const more = found.length >= limit ? ` (the limit: --limit ${limit * 10} shows more)` : '';
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${found.length} anomal${found.length === 1 ? 'y' : 'ies'}${more}\n`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
