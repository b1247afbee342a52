/**
 * One file's dashboard: a single self-contained HTML page with the file's summary, anomalies and templates embedded
 * as JSON and the chart library inlined, so it opens from disk, from an S3 download or an e-mail attachment with no
 * network at all.
 *
 * The header, the figures and the security findings are rendered here, HTML-escaped; the charts, the anomaly browser
 * and the template table are built in the page by DASHBOARD_SCRIPT from the embedded JSON, with DOM text nodes only,
 * so a log line is always text. A Content-Security-Policy lets only the two inlined scripts run (by hash) and lets
 * nothing load, which also stops anything a log line might smuggle in.
 */
import type { AnomalyRecord } from '../detection/index.ts';
import { chartLibrary, scriptOf, type InlineScript } from './chart-source.ts';
import { DASHBOARD_SCRIPT } from './dashboard-script.ts';
import { embedJson, escapeHtml } from './escape.ts';
import { formatBytes, formatCompactCount, formatCount, formatDuration, formatShare, formatSpan, formatTime } from './format.ts';
import { renderPageHead, severityChips } from './page.ts';
import { SEVERITY_COLORS } from './styles.ts';
import type { DashboardInput } from './types.ts';

/** Colours of the log levels in the level chart; other levels get LEVEL_COLOR_OTHER. */
const LEVEL_COLORS: Readonly<Record<string, string>> = {
  FATAL: '#7f1d1d',
  CRITICAL: '#7f1d1d',
  ERROR: '#dc2626',
  WARN: '#f59e0b',
  WARNING: '#f59e0b',
  NOTICE: '#0ea5e9',
  INFO: '#2563eb',
  DEBUG: '#64748b',
  TRACE: '#94a3b8',
  NONE: '#cbd5e1',
};

/** What a verdict of "no verdict yet" is called in the anomalies. */
const UNCLASSIFIED = 'unclassified';

let appScript: InlineScript | undefined;

/**
 * Renders one file's dashboard as a self-contained HTML page.
 *
 * The page embeds everything it shows, so its size grows with the anomalies and templates (about 1.5 KB an
 * anomaly); tables are paginated in the page, so 10,000 anomalies and 5,000 templates stay quick to browse.
 * @param input - the file's summary, anomalies and templates as `analyze` writes them, and when the page is made.
 * @returns the HTML text, to write as `<name>.dashboard.html`.
 * @throws Error when the chart library (the npm package chart.js) cannot be found; see chart-source.ts.
 * @example
 * const html = renderDashboard({ summary, anomalies, templates, generatedAt: new Date().toISOString() });
 * await writeFile('out/app.log.dashboard.html', html);
 */
export function renderDashboard(input: DashboardInput): string {
  const { summary } = input;
  const chart = chartLibrary();
  appScript ??= scriptOf(DASHBOARD_SCRIPT);
  const name = baseName(summary.filename);
  const data = embedJson({
    summary,
    anomalies: input.anomalies,
    templates: input.templates,
    severityColors: SEVERITY_COLORS,
    levelColors: LEVEL_COLORS,
  });
  const csp = `default-src 'none'; script-src ${chart.cspHash} ${appScript.cspHash}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `${renderPageHead(name, csp)}
${renderHeader(input, name)}
<main class="wrap">
<noscript><p class="card">The charts, the anomaly browser and the template table need JavaScript; the figures above do not.</p></noscript>
${renderTiles(input)}
${renderTimelineCard(input)}
<div class="grid">
${chartCard('chart-levels', 'Log levels', 'Records by level (NONE: the line has no level).', Object.keys(summary.log_severity_summary).length > 0)}
${chartCard('chart-severity', 'Anomalies by severity', 'How bad each reported anomaly is, from its records’ levels and failure words.', input.anomalies.length > 0)}
${chartCard('chart-components', 'Top components', `The ${Math.min(summary.component_metrics.top_components.length, 10)} busiest of ${formatCount(summary.component_metrics.unique_components)} components, by records.`, summary.component_metrics.top_components.length > 0)}
${renderSecurity(input)}
</div>
${renderAnomalyBrowser(input)}
${renderTemplatesCard(input)}
</main>
${renderFooter(input)}
<script type="application/json" id="dashboard-data">${data}</script>
<script>${chart.source}</script>
<script>${appScript.source}</script>
</body>
</html>
`;
}

function renderHeader(input: DashboardInput, name: string): string {
  const { summary } = input;
  const t = summary.time_metrics;
  const format = summary.format.format ? `${summary.format.format}${summary.format.assumed_zone ? ` (times without zone read as ${summary.format.assumed_zone})` : ''}` : 'unknown';
  const span = t.first_timestamp ? `${formatSpan(t.first_timestamp, t.last_timestamp)} (${formatDuration(t.time_span_seconds)})` : 'no timestamps';
  const item = (label: string, value: string, cls = ''): string => `<span${cls ? ` class="${cls}"` : ''}><b>${label}</b>${escapeHtml(value)}</span>`;
  return `<header class="top"><div class="wrap">
<div class="brand">LogAnomaly report</div>
<h1>${escapeHtml(name)}${name !== summary.filename ? `<span class="path">${escapeHtml(summary.filename)}</span>` : ''}</h1>
<div class="meta">
${item('Format', format)}
${item('Time span', span)}
${item('Verdicts', describeVerdicts(input.anomalies), classifiedCount(input.anomalies) < input.anomalies.length ? 'warn' : '')}
${item('Baseline', summary.baseline.present ? `${summary.baseline.runs} earlier run(s)` : 'first run: no baseline yet')}
${item('Generated', `${formatTime(input.generatedAt)} UTC`)}
</div>
</div></header>`;
}

/** Who gave the anomalies' verdicts, said honestly when nobody has yet. */
export function describeVerdicts(anomalies: readonly AnomalyRecord[]): string {
  if (anomalies.length === 0) return 'no anomalies to classify';
  const by = new Map<string, number>();
  for (const a of anomalies) {
    if (!isClassified(a)) continue;
    const who = [a.provider, a.model].filter((x) => x).join(' · ') || 'unknown classifier';
    by.set(who, (by.get(who) ?? 0) + 1);
  }
  const classified = classifiedCount(anomalies);
  if (classified === 0) return 'not classified';
  const whos = [...by].sort((a, b) => b[1] - a[1]).map(([who, n]) => (by.size > 1 ? `${who} (${formatCount(n)})` : who));
  const rest = anomalies.length - classified;
  return `${whos.join(', ')}${rest > 0 ? `; ${formatCount(rest)} of ${formatCount(anomalies.length)} not classified` : ''}`;
}

function isClassified(a: AnomalyRecord): boolean {
  return Boolean(a.classification) && a.classification !== UNCLASSIFIED;
}

function classifiedCount(anomalies: readonly AnomalyRecord[]): number {
  let n = 0;
  for (const a of anomalies) if (isClassified(a)) n++;
  return n;
}

/** One figure: `sub` is HTML (escaped by the caller); `title` is the exact value when `value` is rounded. */
function tile(label: string, value: string, sub: string, cls = '', title = value): string {
  return `<div class="tile${cls ? ` ${cls}` : ''}"><div class="label">${escapeHtml(label)}</div><div class="value" title="${escapeHtml(title)}">${escapeHtml(value)}</div><div class="sub">${sub}</div></div>`;
}

/** A tile for a count, rounded when long (2.01M), with the exact figure on hover. */
function countTile(label: string, n: number, sub: string, cls = ''): string {
  return tile(label, formatCompactCount(n), sub, cls, formatCount(n));
}

function renderTiles(input: DashboardInput): string {
  const { summary: s, anomalies } = input;
  const t = s.time_metrics;
  const bySeverity = s.anomaly_severity_summary;
  const chips = severityChips(bySeverity);
  const anomalyCount = anomalies.length;
  const severe = (bySeverity.critical ?? 0) + (bySeverity.high ?? 0);
  const floods = s.floods ?? [];
  const floodSub = floods.length === 0 ? 'no template flooded a window' : floods.length === 1 ? `lines ${floods[0]!.first_line}–${floods[0]!.last_line}` : `${formatCount(floods.reduce((n, f) => n + f.count, 0))} records in all`;
  const security = s.security;
  const kinds = Object.entries(security?.by_kind ?? {}).map(([kind, k]) => `${escapeHtml(kind)} ${formatCount(k.count)}`);
  const tiles = [
    countTile('Lines', s.original_log_count, [s.original_log_count >= 100_000 ? formatCount(s.original_log_count) : '', s.reading?.gzip ? 'gzip' : formatBytes(s.reading?.bytes)].filter((x) => x).join(' · ')),
    countTile('Records', s.processed_log_count, `${s.processed_log_count >= 100_000 ? `${formatCount(s.processed_log_count)}; ` : ''}${s.processed_log_count === s.original_log_count ? 'one line each' : 'multi-line records count once'}`),
    tile('Time span', formatDuration(t.time_span_seconds, true), t.first_timestamp ? escapeHtml(formatSpan(t.first_timestamp, t.last_timestamp)) : 'the log has no timestamps'),
    countTile('Templates', s.template_diversity.unique_templates, `entropy ${s.template_diversity.template_entropy.toFixed(2)} bits`),
    countTile('Anomalies', anomalyCount, chips || 'nothing unusual found', severe > 0 ? 'alert' : anomalyCount > 0 ? 'caution' : ''),
    countTile('Floods', floods.length, floodSub, floods.length > 0 ? 'caution' : ''),
    tile('Error rate', formatShare(t.error_rate), t.peak_rate_per_minute === null ? 'of all records' : `of all records; peak ${formatCount(t.peak_rate_per_minute)} records/min`, t.error_rate >= 0.1 ? 'caution' : ''),
    countTile('Security findings', security?.total_findings ?? 0, kinds.length > 0 ? kinds.join(' · ') : 'no secrets in clear text', (security?.total_findings ?? 0) > 0 ? 'alert' : ''),
  ];
  const llm = s.llm;
  if (llm) {
    const who = [llm.provider, llm.model].filter((x) => x).join(' · ');
    tiles.push(countTile('LLM calls', llm.calls, `${formatCount(llm.cache_hits)} cache hits${who ? ` · ${escapeHtml(who)}` : ''}`));
  }
  return `<section class="tiles" aria-label="Key figures">\n${tiles.join('\n')}\n</section>`;
}

function renderTimelineCard(input: DashboardInput): string {
  const t = input.summary.time_metrics;
  if (t.error_rate_per_minute.length === 0) {
    return `<section class="card" id="timeline"><h2>Timeline</h2><p class="empty">The log has no timestamps, so there is no timeline.</p></section>`;
  }
  const interval = t.series_interval_seconds && t.series_interval_seconds !== 60 ? formatDuration(t.series_interval_seconds) : 'minute';
  const sev = (k: keyof typeof SEVERITY_COLORS): string => `<span><i style="background:${SEVERITY_COLORS[k].solid}"></i>${k}</span>`;
  return `<section class="card" id="timeline"><h2>Timeline</h2>
<p class="hint">Records per ${escapeHtml(interval)} (bars) and the share that are errors (line, right axis). Above the chart, one mark per anomaly from its first to its last record, by severity; shaded spans are floods. Click a mark to open the anomaly.</p>
<div class="chart-box tall"><canvas id="chart-timeline" role="img" aria-label="Records and error rate per ${escapeHtml(interval)}, with anomalies and floods marked"></canvas></div>
<div class="legend"><span><i style="background:#2563eb99"></i>records</span><span><i style="background:#dc2626;height:3px;vertical-align:3px"></i>error rate</span><span><i style="background:#dc26261f;border:1px solid #dc262666"></i>flood</span>${(Object.keys(SEVERITY_COLORS) as (keyof typeof SEVERITY_COLORS)[]).map(sev).join('')}</div>
</section>`;
}

function chartCard(id: string, title: string, hint: string, hasData: boolean): string {
  return `<section class="card"><h2>${escapeHtml(title)}</h2><p class="hint">${escapeHtml(hint)}</p>${hasData ? `<div class="chart-box"><canvas id="${id}" role="img" aria-label="${escapeHtml(title)}"></canvas></div>` : '<p class="empty">Nothing to show.</p>'}</section>`;
}

function renderSecurity(input: DashboardInput): string {
  const security = input.summary.security;
  const kinds = Object.entries(security?.by_kind ?? {}).sort((a, b) => b[1].count - a[1].count);
  const body =
    kinds.length === 0
      ? '<p class="empty">No credentials in clear text were found.</p>'
      : `<div class="table-wrap"><table id="security-table"><thead><tr><th>Kind</th><th class="num">Count</th><th>Lines</th></tr></thead><tbody>${kinds
          .map(
            ([kind, k]) =>
              `<tr><td><span class="badge sev-high">${escapeHtml(kind)}</span></td><td class="num">${formatCount(k.count)}</td><td class="lines">${k.lines.join(', ')}${k.lines_truncated ? ' …' : ''}</td></tr>`,
          )
          .join('')}</tbody></table></div>`;
  return `<section class="card" id="security"><h2>Security findings</h2><p class="hint">Credentials logged in clear text, by kind and line. The secrets themselves are never shown: every output has them redacted.</p>${body}</section>`;
}

function renderAnomalyBrowser(input: DashboardInput): string {
  const select = (id: string, label: string): string => `<label class="sr-only" for="${id}">${label}</label><select id="${id}"><option value="">${label}: all</option></select>`;
  return `<section class="card" id="anomalies"><h2>Anomalies</h2>
<p class="hint">Every anomaly with its evidence. Click a row for the reason, each detector’s numbers (observed against expected), the lines involved and an example line.</p>
<div class="controls">
<label class="sr-only" for="a-search">Search anomalies</label><input type="search" id="a-search" placeholder="Search text, lines, reasons, tags…" autocomplete="off">
${select('a-severity', 'Severity')}${select('a-classification', 'Verdict')}${select('a-tag', 'Tag')}${select('a-detector', 'Detector')}${select('a-component', 'Component')}
<label class="sr-only" for="a-sort">Sort by</label><select id="a-sort"><option value="score">Sort: score</option><option value="severity">Sort: severity</option><option value="first">Sort: time (earliest)</option><option value="last">Sort: time (latest)</option><option value="count">Sort: records</option></select>
<button type="button" id="a-reset">Reset</button>
<span class="count" id="a-count" aria-live="polite">${formatCount(input.anomalies.length)} anomalies</span>
</div>
<div class="table-wrap"><table id="anomaly-table"><thead><tr><th>Severity</th><th class="num">Score</th><th>Anomaly</th><th>Component</th><th class="num">Records</th><th>First seen</th><th>Last seen</th><th>Verdict</th></tr></thead><tbody id="a-rows"></tbody></table></div>
<div class="pager" id="a-pager"></div>
</section>`;
}

function renderTemplatesCard(input: DashboardInput): string {
  const d = input.summary.template_diversity;
  return `<section class="card" id="templates"><h2>Templates</h2>
<p class="hint">Every message shape in the file, with <code>&lt;*&gt;</code> where the values vary. Click a column to sort.</p>
<div class="stats"><span>Unique templates<b>${formatCount(d.unique_templates)}</b></span><span>Template entropy<b>${d.template_entropy.toFixed(2)} bits</b></span><span>Top template’s share<b>${formatShare(d.top_template_ratio)}</b></span></div>
<div class="controls"><label class="sr-only" for="t-search">Search templates</label><input type="search" id="t-search" placeholder="Search templates and example lines…" autocomplete="off"><span class="count" id="t-count" aria-live="polite">${formatCount(input.templates.length)} templates</span></div>
<div class="table-wrap"><table id="template-table"><thead><tr><th class="sortable" data-key="template">Template</th><th class="sortable num" data-key="count">Records</th><th class="sortable num" data-key="ratio">Share</th><th class="sortable" data-key="severity">Severity</th><th class="sortable" data-key="first">First seen</th><th class="sortable" data-key="last">Last seen</th></tr></thead><tbody id="t-rows"></tbody></table></div>
<div class="pager" id="t-pager"></div>
</section>`;
}

function renderFooter(input: DashboardInput): string {
  const r = input.summary.reading;
  const notes: string[] = [];
  if (r) {
    if (r.invalid_utf8_lines > 0) notes.push(`${formatCount(r.invalid_utf8_lines)} line(s) had invalid UTF-8 (first at line ${formatCount(r.first_invalid_utf8_line)})`);
    if (r.truncated_lines > 0) notes.push(`${formatCount(r.truncated_lines)} over-long line(s) were truncated (first at line ${formatCount(r.first_truncated_line)})`);
    if (r.nul_bytes > 0) notes.push(`${formatCount(r.nul_bytes)} NUL byte(s) were removed`);
  }
  const baseline = input.summary.baseline?.note;
  return `<footer class="wrap">
${notes.length > 0 ? `<p>Reading: ${escapeHtml(notes.join('; '))}.</p>` : ''}
${baseline ? `<p>Baseline: ${escapeHtml(baseline)}.</p>` : ''}
<p>Times are UTC. Made by LogAnomaly on ${escapeHtml(formatTime(input.generatedAt))} UTC from <span class="mono">${escapeHtml(input.summary.filename)}</span>; this page needs no network.</p>
</footer>`;
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
