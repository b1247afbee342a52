export { analyzeFile, lineVerdicts } from './analyze-file.ts';
export type { AnalyzeFileOptions, FileAnalysis, FileTemplate, SecuritySection, TemplateSummary } from './analyze-file.ts';
export { summarize, SUMMARY_SCHEMA_VERSION } from './summary.ts';
export type { FileSummary } from './summary.ts';
