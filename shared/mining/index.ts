export { CLUSTER_CHANGES, DEFAULT_DRAIN_OPTIONS, Drain, mergeTokens, tokenMatches } from './drain.ts';
export type { ClusterChange, DrainOptions, LogCluster } from './drain.ts';
export { hashMaskedMessage, hashString, maskMessage, maskToken, maskTokens, PARAM, tokenize } from './masking.ts';
export { learnFile, mineFile } from './mine-file.ts';
export type { LearnFileResult, MineFileOptions, MineFileResult } from './mine-file.ts';
export { templateId } from './template-id.ts';
export { DEFAULT_TEMPLATE_MINER_OPTIONS, extractParams, TemplateMiner, TemplateSet } from './template-miner.ts';
export type { Template, TemplateMatch, TemplateMinerOptions, TemplateSnapshot } from './template-miner.ts';
