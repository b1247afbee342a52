export { chartLibrary, CHART_FILE, CHART_PACKAGE } from './chart-source.ts';
export { describeVerdicts, renderDashboard } from './dashboard.ts';
export { embedJson, escapeHtml, inlineScript, relativeHref } from './escape.ts';
export { renderIndex } from './index-page.ts';
export type { InlineScript } from './chart-source.ts';
export type { DashboardInput, IndexOptions, IndexRow } from './types.ts';
