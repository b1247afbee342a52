export { localOutlierFactor } from './lof.ts';
export { DEFAULT_LOF_OPTIONS } from './types.ts';
export type { LofOptions } from './types.ts';
