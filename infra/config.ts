/** Per-stage settings of the CDK app: one typed record, so a missing stage fails to compile. */
import type { AnalysisConfig, LlmConfig } from '../shared/config/types.ts';
import { DEFAULT_ANALYSIS_CONFIG, LLM_PROVIDERS } from '../shared/config/types.ts';

/** The stages LogAnomaly deploys, one stack each. */
export const STAGE_NAMES = ['dev', 'prod'] as const;
/** One stage name. */
export type StageName = (typeof STAGE_NAMES)[number];

/** What differs between stages. */
export interface StageConfig {
  /** Keep stateful resources (bucket, tables, log groups) when the stack is deleted. */
  readonly retainData: boolean;
  /** Days the functions' and state machine's logs are kept; one of the values CloudWatch Logs accepts. */
  readonly logRetentionDays: number;
  /** Point-in-time recovery (35 days of continuous backups) of the anomaly table. */
  readonly pointInTimeRecovery: boolean;
  /**
   * The analysis configuration every function receives as `ANALYSIS_CONFIG`: the defaults with this stage's
   * overrides. Its `llm.provider` decides whether the ClassifyTemplate function may call Bedrock.
   */
  readonly analysis: AnalysisConfig;
  /** How often the export sweep runs: an EventBridge Scheduler `rate(…)` or `cron(…)` expression, in UTC. */
  readonly sweepSchedule: string;
  /** Address subscribed to the alert topic (alarms and high-severity anomalies); none when absent. */
  readonly alarmEmail?: string;
  /** Target size of the chunks PrepareRun cuts an object into, in bytes (`CHUNK_BYTES`). */
  readonly chunkBytes: number;
  /**
   * Largest log a run takes, in bytes of text (`MAX_OBJECT_BYTES`; a gzip object is measured as it inflates).
   * PrepareRun copies the object to its /tmp, which is sized for it and a chunk, and the functions that hold every
   * record (MergeTemplates, DetectAnomalies, WriteReport) get the memory its records take: 1.5 bytes a byte, so at
   * most about 6.3 GiB on Lambda. A larger log fails its run with an error that says so.
   */
  readonly maxObjectBytes: number;
}

/** Per-section overrides of {@link AnalysisConfig}: a section given here replaces only the keys it names. */
export type AnalysisOverrides = { readonly [S in keyof AnalysisConfig]?: Partial<AnalysisConfig[S]> };

/**
 * The default analysis configuration with a stage's overrides applied, one section deep.
 * @param overrides keys to change, by section.
 * @returns a new configuration; DEFAULT_ANALYSIS_CONFIG is left as it is.
 * @example
 * analysisConfig({ llm: { provider: 'bedrock', model: 'anthropic.claude-3-haiku-20240307-v1:0' } });
 */
export function analysisConfig(overrides: AnalysisOverrides = {}): AnalysisConfig {
  const merged: Record<string, unknown> = {};
  for (const [section, defaults] of Object.entries(DEFAULT_ANALYSIS_CONFIG)) {
    merged[section] = { ...defaults, ...overrides[section as keyof AnalysisConfig] };
  }
  return merged as unknown as AnalysisConfig;
}

/** The Bedrock model prod classifies with: on-demand in every commercial Region, so no inference profile is needed. */
const PROD_LLM: Partial<LlmConfig> = {
  provider: LLM_PROVIDERS.bedrock,
  model: 'anthropic.claude-3-haiku-20240307-v1:0',
};

/** Bytes in a mebibyte. */
export const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** The settings of every stage. */
export const STAGES: Record<StageName, StageConfig> = {
  dev: {
    retainData: false,
    logRetentionDays: 14,
    pointInTimeRecovery: false,
    // The built-in classifier: no model calls, no cost, no Bedrock permission.
    analysis: analysisConfig(),
    sweepSchedule: 'rate(1 hour)',
    // Small chunks, so that test uploads of a few MB already fan out over the distributed Map.
    chunkBytes: 8 * MIB,
    maxObjectBytes: 1 * GIB,
  },
  prod: {
    retainData: true,
    logRetentionDays: 365,
    pointInTimeRecovery: true,
    analysis: analysisConfig({ llm: PROD_LLM }),
    sweepSchedule: 'rate(15 minutes)',
    chunkBytes: 32 * MIB,
    maxObjectBytes: 4 * GIB,
  },
};

/**
 * The settings of a stage named on the command line (`cdk deploy -c stage=prod`).
 * @throws Error listing the valid stages when the name is unknown.
 */
export function stageConfig(name: string | undefined): { name: StageName; config: StageConfig } {
  const stage = (name ?? 'dev') as StageName;
  if (!STAGE_NAMES.includes(stage)) {
    throw new Error(`Unknown stage "${name}": use -c stage=<${STAGE_NAMES.join('|')}>`);
  }
  return { name: stage, config: STAGES[stage] };
}
