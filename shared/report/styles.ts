/**
 * The reports' stylesheet: a light theme with text at WCAG AA contrast or better, system fonts only (nothing is
 * fetched), and a grid that fills a 1366-pixel laptop and stays readable, not stretched, on a 2560-pixel monitor.
 */

/** Colours of the anomaly severities, shared by the badges and the charts. */
export const SEVERITY_COLORS = {
  critical: { solid: '#7f1d1d', text: '#7f1d1d', background: '#fde2e2' },
  high: { solid: '#dc2626', text: '#991b1b', background: '#fee2e2' },
  medium: { solid: '#ea580c', text: '#9a3412', background: '#ffedd5' },
  low: { solid: '#ca8a04', text: '#854d0e', background: '#fef3c7' },
  info: { solid: '#0284c7', text: '#075985', background: '#e0f2fe' },
} as const;

const severityRules = Object.entries(SEVERITY_COLORS)
  .map(([name, c]) => `.sev-${name}{background:${c.background};color:${c.text};border-color:${c.solid}33}`)
  .join('\n');

/** The stylesheet of the dashboard and the index page. */
export const REPORT_CSS = `
:root{--bg:#f3f5f9;--card:#fff;--ink:#0f172a;--muted:#475569;--faint:#64748b;--line:#e2e8f0;--line2:#cbd5e1;
--accent:#1d4ed8;--accent-soft:#dbeafe;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Liberation Sans",Arial,sans-serif}
*{box-sizing:border-box}
html{font-size:14px}
@media (min-width:2000px){html{font-size:15px}}
body{margin:0;background:var(--bg);color:var(--ink);font-family:var(--sans);line-height:1.45}
a{color:var(--accent)}
.top{background:#0f172a;color:#f8fafc}
.top .wrap{padding-top:18px;padding-bottom:18px}
.brand{font-size:.8rem;letter-spacing:.08em;text-transform:uppercase;color:#93c5fd;font-weight:600}
.top h1{margin:2px 0 6px;font-size:1.7rem;font-weight:650;word-break:break-all}
.top h1 .path{font-size:.95rem;font-weight:400;color:#cbd5e1;margin-left:10px}
.meta{display:flex;flex-wrap:wrap;gap:6px 22px;font-size:.9rem;color:#e2e8f0}
.meta b{color:#94a3b8;font-weight:500;margin-right:6px}
.meta .warn{color:#fcd34d}
.wrap{max-width:1880px;margin:0 auto;padding:20px 28px}
main.wrap{display:grid;gap:18px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));gap:12px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px;min-width:0}
.tile .label{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600}
.tile .value{font-size:1.45rem;font-weight:650;margin-top:2px;font-variant-numeric:tabular-nums;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.tile .sub{font-size:.82rem;color:var(--muted);margin-top:2px;overflow-wrap:anywhere}
.tile.alert{border-color:#fca5a5;box-shadow:inset 4px 0 0 #dc2626}
.tile.caution{box-shadow:inset 4px 0 0 #ea580c}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 18px;min-width:0}
.card h2{font-size:1.05rem;margin:0 0 4px;font-weight:650}
.card .hint{font-size:.85rem;color:var(--muted);margin:0 0 12px}
.grid{display:grid;gap:18px;grid-template-columns:repeat(auto-fit,minmax(280px,1fr))}
.chart-box{position:relative;height:240px}
.chart-box.tall{height:300px}
@media (min-width:2000px){.chart-box.tall{height:360px}}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.82rem;color:var(--muted);margin-top:8px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:-2px;margin-right:5px}
.empty{color:var(--muted);font-style:italic;padding:18px 0}
.badge{display:inline-block;border:1px solid var(--line2);border-radius:999px;padding:0 8px;font-size:.78rem;font-weight:600;line-height:1.6;white-space:nowrap}
${severityRules}
.chip{display:inline-block;background:#f1f5f9;color:#334155;border:1px solid var(--line);border-radius:6px;padding:0 6px;font-size:.76rem;margin:2px 4px 0 0;white-space:nowrap}
.chip.det{background:var(--accent-soft);color:#1e3a8a;border-color:#bfdbfe}
.mono{font-family:var(--mono);font-size:.86rem}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:10px}
.controls input[type=search]{flex:1 1 240px;min-width:180px}
input,select,button{font:inherit;font-size:.9rem;color:var(--ink)}
input[type=search],select{border:1px solid var(--line2);border-radius:8px;padding:6px 9px;background:#fff}
select{max-width:165px}
input:focus-visible,select:focus-visible,button:focus-visible,tr:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
button{border:1px solid var(--line2);background:#fff;border-radius:8px;padding:5px 11px;cursor:pointer}
button:hover:not(:disabled){background:#f1f5f9}
button:disabled{color:#94a3b8;cursor:default}
.count{font-size:.85rem;color:var(--muted);margin-left:auto;white-space:nowrap}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:7px 9px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600;white-space:nowrap;background:#f8fafc;position:sticky;top:0}
th.sortable{cursor:pointer;user-select:none}
th.sortable:hover{color:var(--ink)}
th[aria-sort=ascending]::after{content:" \\25B2";font-size:.7em}
th[aria-sort=descending]::after{content:" \\25BC";font-size:.7em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.time{white-space:nowrap;font-variant-numeric:tabular-nums;color:#334155;font-size:.86rem}
.tpl{font-family:var(--mono);font-size:.86rem;overflow-wrap:anywhere}
.example{font-family:var(--mono);font-size:.78rem;color:var(--faint);overflow-wrap:anywhere;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;margin-top:2px}
.sharebar{display:inline-block;height:6px;border-radius:3px;background:#93c5fd;vertical-align:middle;margin-right:6px}
tr.arow{cursor:pointer}
tr.arow>td:first-child{white-space:nowrap}
td.verdict{font-size:.9rem;white-space:nowrap}
tr.arow:hover td{background:#f8fafc}
tr.arow[aria-expanded=true] td{background:#eff6ff;border-bottom-color:#eff6ff}
tr.arow .caret{display:inline-block;width:1em;color:var(--faint);transition:transform .1s}
tr.arow[aria-expanded=true] .caret{transform:rotate(90deg)}
tr.detail>td{background:#f8fbff;padding:4px 14px 16px 34px}
.detail h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:12px 0 4px}
.detail p{margin:0}
.evidence td,.evidence th{background:transparent;position:static;font-size:.86rem}
pre.logline{margin:0;padding:8px 10px;background:#0f172a;color:#e2e8f0;border-radius:8px;font-family:var(--mono);font-size:.82rem;white-space:pre-wrap;overflow-wrap:anywhere;max-height:220px;overflow:auto}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;font-size:.86rem}
.kv dt{color:var(--muted)}
.kv dd{margin:0;overflow-wrap:anywhere}
.pager{display:flex;gap:8px;align-items:center;justify-content:flex-end;margin-top:10px;font-size:.85rem;color:var(--muted)}
.stats{display:flex;flex-wrap:wrap;gap:8px 28px;margin:0 0 12px;font-size:.9rem}
.stats b{font-size:1.15rem;font-variant-numeric:tabular-nums;margin-left:4px}
.lines{font-family:var(--mono);font-size:.86rem;overflow-wrap:anywhere}
#security-table td{vertical-align:middle}
.tip{position:fixed;z-index:10;pointer-events:none;max-width:420px;background:#0f172a;color:#f8fafc;border-radius:6px;padding:6px 9px;font-size:.8rem;box-shadow:0 4px 14px #0003}
.tip .tpl{font-size:.78rem;color:#e2e8f0}
footer{color:var(--muted);font-size:.82rem;padding-bottom:28px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
