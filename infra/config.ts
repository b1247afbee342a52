/** Per-stage settings of the CDK app: one typed record, so a missing stage fails to compile. */

/** The stages LogAnomaly deploys, one stack each. */
export const STAGE_NAMES = ['dev', 'prod'] as const;
/** One stage name. */
export type StageName = (typeof STAGE_NAMES)[number];

/** What differs between stages. */
export interface StageConfig {
  /** Keep stateful resources (bucket, table) when the stack is deleted. */
  readonly retainData: boolean;
  /** Days the functions' and state machine's logs are kept. */
  readonly logRetentionDays: number;
}

/** The settings of every stage. */
export const STAGES: Record<StageName, StageConfig> = {
  dev: { retainData: false, logRetentionDays: 14 },
  prod: { retainData: true, logRetentionDays: 365 },
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
