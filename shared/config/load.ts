/**
 * Loads the analysis configuration: a YAML (or JSON) file in, a fully defaulted {@link AnalysisConfig} out.
 *
 * Files written for the older tool must load unchanged, so the YAML is read as YAML 1.1, the version that tool's
 * parser spoke: `yes`/`no`/`on`/`off` are booleans and `1_000` is a number, as they were there. Unknown keys are
 * warnings (the run goes on); wrong values are errors, all collected and thrown at once.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { ANALYSIS_CONFIG_SCHEMA, expectationOf, schemaAt, shapeOf } from './schema.ts';
import type { AnalysisConfig, LoadedConfig } from './types.ts';

/** The source named in messages when no file is given. */
const NO_FILE = '(defaults)';

/** Unknown keys within this many edits of a known key get a "did you mean". */
const MAX_SUGGESTION_DISTANCE = 2;

/** Longest value quoted in a message, in characters. */
const MAX_QUOTED_LENGTH = 60;

/**
 * Reads the analysis configuration from a YAML or JSON file and applies the defaults.
 *
 * An empty file, or no path at all, gives `DEFAULT_ANALYSIS_CONFIG`. Unknown keys and duplicate keys are
 * returned as warnings, each naming the file and the key; every other problem is an error.
 *
 * @param path - The configuration file; omit it for the defaults.
 * @returns The configuration and the warnings, each prefixed with the file name.
 * @throws {@link ConfigError} naming the file when it is missing or unreadable, when its YAML is invalid (with
 * the line and column of each syntax error), or when values have the wrong type or are out of range (every such
 * problem, naming the key, what it expects and what it got).
 *
 * @example
 * ```ts
 * const { config, warnings } = await loadConfig('loganomaly.yaml');
 * for (const warning of warnings) console.warn(warning);
 * const k = config.detectors.lof.neighbors; // 20 unless the file sets it
 * ```
 */
export async function loadConfig(path?: string): Promise<LoadedConfig> {
  if (path === undefined) return parseConfig({}, NO_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [describeReadError(path, error)], { cause: error });
  }
  const parsed = parseYaml(text, path);
  const loaded = parseConfig(parsed.value, path);
  return { config: loaded.config, warnings: [...parsed.warnings, ...loaded.warnings] };
}

/**
 * Checks an already-parsed configuration object and applies the defaults.
 *
 * @param value - The parsed file: a mapping, or null/undefined for an empty file.
 * @param source - The file it came from, named in every message.
 * @returns The configuration and the unknown-key warnings.
 * @throws {@link ConfigError} listing every wrong type and out-of-range value.
 *
 * @example
 * ```ts
 * const { config } = parseConfig({ llm: { provider: 'ollama' } }, 'inline');
 * config.llm.endpoint; // 'http://localhost:11434'
 * ```
 */
export function parseConfig(value: unknown, source: string): LoadedConfig {
  const input = value ?? {};
  const warnings = findUnknownKeys(input, ANALYSIS_CONFIG_SCHEMA, []).map(({ path, suggestion }) => {
    const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
    return `${source}: unknown key "${path.join('.')}" (ignored)${hint}`;
  });
  const result = ANALYSIS_CONFIG_SCHEMA.safeParse(input);
  if (!result.success) {
    // A value can fail several checks (0.5 for a whole number ≥ 1); one message per key is enough.
    const problems = [...new Set(result.error.issues.map((issue) => describeIssue(issue, input, source)))];
    throw new ConfigError(source, problems, { cause: result.error });
  }
  const config: AnalysisConfig = result.data;
  return { config, warnings };
}

/** The file's parsed YAML, and its duplicate keys and other YAML warnings; syntax errors throw. */
function parseYaml(text: string, file: string): { value: unknown; warnings: string[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { version: '1.1', lineCounter, prettyErrors: false });
  const at = (error: YAMLError): string => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return `${file}:${line}:${col}`;
  };
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const error of document.errors) {
    // The older tool's parser kept the last of two equal keys; so does yaml, so the file still loads.
    if (error.code === 'DUPLICATE_KEY') {
      // yaml points at the key's first character; the key runs to the colon (or its closing quote).
      const key = /^(?:"([^"]*)"|'([^']*)'|([^\s:,{}[\]]+))/.exec(text.slice(error.pos[0]));
      const name = key === null ? '' : ` ${JSON.stringify(key[1] ?? key[2] ?? key[3])}`;
      warnings.push(`${at(error)}: duplicate key${name} (the last value is used)`);
    } else {
      problems.push(`${at(error)}: invalid YAML: ${firstLine(error.message)}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  for (const warning of document.warnings) warnings.push(`${at(warning)}: ${firstLine(warning.message)}`);
  return { value: document.toJS(), warnings };
}

/** The message for a file that cannot be read. */
function describeReadError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `${path}: configuration file not found`;
  if (code === 'EISDIR') return `${path}: is a directory, not a configuration file`;
  return `${path}: cannot read the configuration file (${code ?? String(error)})`;
}

/** A key the schema does not know, with the closest known key at the same level, if one is close. */
interface UnknownKey {
  path: string[];
  suggestion: string | undefined;
}

/** Every key of `value` that `schema` does not know, depth first in file order. */
function findUnknownKeys(value: unknown, schema: z.ZodType, path: string[]): UnknownKey[] {
  const shape = shapeOf(schema);
  // A value of the wrong type is the schema's error to report, not a source of unknown keys.
  if (shape === undefined || !isMapping(value)) return [];
  const found: UnknownKey[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (childSchema === undefined) found.push({ path: [...path, key], suggestion: closestKey(key, Object.keys(shape)) });
    else found.push(...findUnknownKeys(child, childSchema, [...path, key]));
  }
  return found;
}

/** The known key fewest edits from `key`, when within {@link MAX_SUGGESTION_DISTANCE}; the first one on a tie. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Edits (insertions, deletions, substitutions and swaps of adjacent characters) that turn `a` into `b`: the
 * optimal string alignment distance, so the common `nieghbors` is one edit from `neighbors`.
 * @internal
 */
export function editDistance(a: string, b: string): number {
  // rows[i][j] is the distance between the first i characters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => Math.max(i, j) * Number(i === 0 || j === 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const swap = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? at(i - 2, j - 2) + 1 : Number.POSITIVE_INFINITY;
      row[j] = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, substitution, swap);
    }
  }
  return at(a.length, b.length);
}

/** One zod issue as a sentence: the key, what it expects, what it got. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown, source: string): string {
  const key = issue.path.map(String).join('.');
  // Cross-field checks (initial_delay ≤ max_delay, a custom prompt's placeholders) write their own sentence.
  if (issue.code === 'custom') return `${source}: ${key} ${issue.message}`;
  const schema = schemaAt(ANALYSIS_CONFIG_SCHEMA, issue.path);
  const expected = schema === undefined ? undefined : expectationOf(schema);
  if (expected === undefined) return `${source}: ${key === '' ? 'the configuration' : key}: ${issue.message}`;
  const got = describeValue(valueAt(input, issue.path));
  if (key === '') return `${source}: the configuration must be ${expected}, got ${got}`;
  return `${source}: ${key} must be ${expected}, got ${got}`;
}

/** The value at a key path, or undefined when the path leaves the value. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A value as written in a message: strings quoted, long values cut. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : `the date ${value.toISOString()}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH - 3)}...` : text;
}

/** Whether a value is a key-value mapping (not null, not a list). */
function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The first line of a message. */
function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
