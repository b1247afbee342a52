export { DEFAULT_FLOOD_OPTIONS, detectFloods } from './flood.ts';
export type { FloodOptions, FloodSpan } from './flood.ts';
