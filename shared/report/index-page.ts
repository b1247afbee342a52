/**
 * The index page written when a directory was analysed: one row per file with its headline figures, linking to
 * that file's dashboard. It is static HTML (no script at all), so its policy lets nothing run and nothing load.
 */
import { escapeHtml, relativeHref } from './escape.ts';
import { formatCount, formatDuration, formatShare, formatSpan, formatTime } from './format.ts';
import { renderPageHead, severityChips } from './page.ts';
import type { IndexOptions, IndexRow } from './types.ts';

/**
 * Renders the index page of an analysed directory.
 * @param rows - one per file, in the order to show them.
 * @param options - the page's title and when it was made.
 * @returns the HTML text, to write as `index.html` at the top of the output directory.
 * @example
 * const html = renderIndex([{ name: 'api/app.log', dashboardPath: 'api/app.log.dashboard.html', summary }], { title: 'logs/' });
 */
export function renderIndex(rows: readonly IndexRow[], options: IndexOptions = {}): string {
  const title = options.title ?? 'LogAnomaly';
  const totals = rows.reduce(
    (t, r) => ({ lines: t.lines + r.summary.original_log_count, anomalies: t.anomalies + r.summary.anomalies_detected }),
    { lines: 0, anomalies: 0 },
  );
  const body = rows.map(renderRow).join('\n');
  return `${renderPageHead(title, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")}
<header class="top"><div class="wrap">
<div class="brand">LogAnomaly report</div>
<h1>${escapeHtml(title)}</h1>
<div class="meta"><span><b>Files</b>${formatCount(rows.length)}</span><span><b>Lines</b>${formatCount(totals.lines)}</span><span><b>Anomalies</b>${formatCount(totals.anomalies)}</span>${options.generatedAt ? `<span><b>Generated</b>${escapeHtml(formatTime(options.generatedAt))} UTC</span>` : ''}</div>
</div></header>
<main class="wrap">
<section class="card"><h2>Files</h2><p class="hint">One row per analysed file; open a file for its dashboard.</p>
<div class="table-wrap"><table id="file-table"><thead><tr><th>File</th><th class="num">Lines</th><th>Anomalies</th><th class="num">Error rate</th><th>Time span</th></tr></thead>
<tbody>
${body || '<tr><td colspan="5" class="empty">No files were analysed.</td></tr>'}
</tbody></table></div></section>
</main>
<footer class="wrap"><p>Times are UTC. Made by LogAnomaly; these pages need no network.</p></footer>
</body>
</html>
`;
}

function renderRow(row: IndexRow): string {
  const s = row.summary;
  const t = s.time_metrics;
  const chips = severityChips(s.anomaly_severity_summary);
  const span = t.first_timestamp ? `${escapeHtml(formatDuration(t.time_span_seconds))}<div class="example">${escapeHtml(formatSpan(t.first_timestamp, t.last_timestamp))}</div>` : '<span class="empty">no timestamps</span>';
  return `<tr><td><a href="${escapeHtml(relativeHref(row.dashboardPath))}" class="mono">${escapeHtml(row.name)}</a></td><td class="num">${formatCount(s.original_log_count)}</td><td>${formatCount(s.anomalies_detected)} ${chips}</td><td class="num">${formatShare(t.error_rate)}</td><td class="time">${span}</td></tr>`;
}
