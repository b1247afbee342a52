export { computeAnalytics, TOP_N } from './analytics.ts';
export type { AnalyticsInput, CountShare, ErrorRatePoint, FileAnalytics } from './analytics.ts';
