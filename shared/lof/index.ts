export { DEFAULT_LOF_OPTIONS, localOutlierFactor } from './lof.ts';
export type { LofOptions } from './lof.ts';
