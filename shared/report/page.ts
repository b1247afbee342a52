/** What the dashboard and the index page share: the head of the page, and the severity chips. */
import { SEVERITIES, type Severity } from '../detection/types.ts';
import { escapeHtml } from './escape.ts';
import { formatCount } from './format.ts';
import { REPORT_CSS } from './styles.ts';

/** The page up to the start of its body: meta tags, the Content-Security-Policy `csp`, the title and the styles. */
export function renderPageHead(title: string, csp: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="LogAnomaly">
<title>${escapeHtml(title)} · LogAnomaly</title>
<link rel="icon" href="data:,">
<style>${REPORT_CSS}</style>
</head>
<body>`;
}

/** One chip per severity with anomalies, worst first: `3 high 1 medium`. */
export function severityChips(bySeverity: Readonly<Partial<Record<Severity, number>>>): string {
  return [...SEVERITIES]
    .reverse()
    .filter((k) => (bySeverity[k] ?? 0) > 0)
    .map((k) => `<span class="badge sev-${k}">${formatCount(bySeverity[k])} ${k}</span>`)
    .join(' ');
}
