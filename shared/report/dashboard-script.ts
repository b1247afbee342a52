/**
 * The dashboard's script, run in the browser: it reads the embedded JSON and draws the charts (Chart.js, inlined
 * before it), the anomaly browser and the template table.
 *
 * It is kept as a string, not a function whose source is taken with toString(), because a bundler may rewrite a
 * function (keepNames wraps it in calls to a helper that would not exist in the page). It builds every element
 * with createElement and textContent, never innerHTML, so text from the log is always text.
 *
 * Scale: filtering and sorting are one pass and one sort over the anomalies (search text is lower-cased once, at
 * load), and only one page of rows is in the DOM, so 10,000 anomalies and 5,000 templates stay responsive.
 *
 * The source is plain JavaScript inside String.raw: no backquotes and no dollar-brace in it.
 */
export const DASHBOARD_SCRIPT = String.raw`(function () {
'use strict';
var data = JSON.parse(document.getElementById('dashboard-data').textContent);
var S = data.summary, A = data.anomalies, T = data.templates;
var SEV = data.severityColors, LEVEL_COLORS = data.levelColors;
var SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
var RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
var PAGE = 50;
var nf = new Intl.NumberFormat('en-US');

function fmt(n) { return n === null || n === undefined || !isFinite(n) ? '\u2013' : nf.format(n); }
function ms(iso) { return iso ? Date.parse(iso) : NaN; }
function time(iso) { return iso ? new Date(Date.parse(iso)).toISOString().slice(0, 19).replace('T', ' ') : '\u2013'; }
function num(x) { return x === undefined || x === null ? '\u2013' : typeof x === 'number' ? (Number.isInteger(x) ? fmt(x) : String(Math.round(x * 1000) / 1000)) : String(x); }
function shorten(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }
function shortenStart(s, n) { return s.length > n ? '\u2026' + s.slice(s.length - n + 1) : s; }

/** Builds an element: props are attributes (text, class, on<event> are special); children are nodes or strings. */
function h(tag, props, children) {
  var el = document.createElement(tag);
  if (props) {
    for (var k in props) {
      var v = props[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') el.textContent = String(v);
      else if (k === 'class') el.className = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  if (children !== undefined) add(el, children);
  return el;
}
function add(el, c) {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) { for (var i = 0; i < c.length; i++) add(el, c[i]); return; }
  el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
}
function badge(severity) { return h('span', { class: 'badge sev-' + (RANK[severity] === undefined ? 'info' : severity), text: severity }); }

/* ---------- charts ---------- */

var hasChart = typeof window.Chart === 'function';
if (hasChart) {
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#334155';
  Chart.defaults.borderColor = '#e2e8f0';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.display = false;
}

function barChart(id, labels, values, colors, horizontal, tip, short) {
  var canvas = document.getElementById(id);
  if (!canvas || !hasChart) return;
  new Chart(canvas, {
    type: 'bar',
    data: { labels: labels.map(short || function (l) { return shorten(l, 24); }), datasets: [{ data: values, backgroundColor: colors, borderRadius: 4, maxBarThickness: 38 }] },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      scales: horizontal
        ? { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } }
        : { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 0 } } },
      plugins: { tooltip: { callbacks: { title: function (items) { return labels[items[0].dataIndex]; }, label: function (item) { return tip(item.dataIndex); } } } },
    },
  });
}

function drawLevels() {
  var levels = S.log_severity_summary || {};
  var order = ['FATAL', 'CRITICAL', 'ERROR', 'WARN', 'WARNING', 'NOTICE', 'INFO', 'DEBUG', 'TRACE'];
  var keys = Object.keys(levels).sort(function (a, b) {
    var i = order.indexOf(a), j = order.indexOf(b);
    return (i < 0 ? 50 : i) - (j < 0 ? 50 : j) || (a < b ? -1 : 1);
  });
  var total = S.processed_log_count || 1;
  barChart('chart-levels', keys, keys.map(function (k) { return levels[k]; }), keys.map(function (k) { return LEVEL_COLORS[k] || '#7c3aed'; }), true, function (i) {
    return fmt(levels[keys[i]]) + ' records (' + (levels[keys[i]] / total * 100).toFixed(1) + '%)';
  });
}

function drawSeverities() {
  var counts = SEVERITIES.map(function (s) { return 0; });
  for (var i = 0; i < A.length; i++) { var r = SEVERITIES.indexOf(A[i].severity); if (r >= 0) counts[r]++; }
  barChart('chart-severity', SEVERITIES, counts, SEVERITIES.map(function (s) { return SEV[s].solid; }), false, function (i) {
    return fmt(counts[i]) + ' anomalies';
  });
}

function drawComponents() {
  var top = S.component_metrics.top_components || [];
  barChart('chart-components', top.map(function (c) { return c.component; }), top.map(function (c) { return c.count; }), '#6366f1', true, function (i) {
    return fmt(top[i].count) + ' records (' + (top[i].ratio * 100).toFixed(1) + '%)';
  }, function (name) { return shortenStart(name, 20); });
}

var LANES = 4, LANE_H = 9, STRIP = LANES * LANE_H + 26;

function drawTimeline() {
  var canvas = document.getElementById('chart-timeline');
  var series = S.time_metrics.error_rate_per_minute || [];
  if (!canvas || !hasChart || series.length === 0) return;
  var step = (S.time_metrics.series_interval_seconds || 60) * 1000;
  var xmin = ms(series[0].minute), xmax = ms(series[series.length - 1].minute) + step;
  var multiDay = xmax - xmin > 86400000;
  var bars = series.map(function (p) { return { x: ms(p.minute) + step / 2, y: p.logs }; });
  var rate = series.map(function (p) { return { x: ms(p.minute) + step / 2, y: p.error_rate * 100 }; });

  // One mark per anomaly, in lanes so overlapping ones stay visible; a full strip falls back to the lane that frees first.
  var marks = [];
  for (var i = 0; i < A.length; i++) {
    var s = ms(A[i].first_seen);
    if (s !== s) continue;
    var e = ms(A[i].last_seen);
    marks.push({ i: i, s: s, e: e === e ? e : s, rank: RANK[A[i].severity] || 0, lane: 0, x1: 0, x2: 0, y: 0 });
  }
  marks.sort(function (a, b) { return a.s - b.s; });
  var laneEnd = [], gap = (xmax - xmin) / 200;
  for (var l = 0; l < LANES; l++) laneEnd.push(-Infinity);
  marks.forEach(function (m) {
    var lane = -1, earliest = 0;
    for (var l = 0; l < LANES; l++) {
      if (laneEnd[l] + gap <= m.s) { lane = l; break; }
      if (laneEnd[l] < laneEnd[earliest]) earliest = l;
    }
    if (lane < 0) lane = earliest;
    m.lane = lane;
    laneEnd[lane] = Math.max(laneEnd[lane], m.e);
  });
  var drawOrder = marks.slice().sort(function (a, b) { return a.rank - b.rank; });
  var floods = [];
  A.forEach(function (a) {
    if (a.kind !== 'flood') return;
    var s = ms(a.first_seen), e = ms(a.last_seen);
    if (s !== s) return;
    var first = a.lines.length ? a.lines[0][0] : null, last = a.lines.length ? a.lines[a.lines.length - 1][1] : null;
    floods.push({ s: s, e: e === e ? e : s, label: 'flood' + (first !== null ? ', lines ' + first + '\u2013' + last : '') });
  });

  var spans = {
    id: 'spans',
    beforeDatasetsDraw: function (chart) {
      var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
      ctx.save();
      floods.forEach(function (f) {
        var x1 = Math.max(area.left, x.getPixelForValue(f.s)), x2 = Math.min(area.right, x.getPixelForValue(f.e));
        ctx.fillStyle = 'rgba(220,38,38,0.12)';
        ctx.fillRect(x1, area.top, Math.max(x2 - x1, 3), area.bottom - area.top);
      });
      ctx.restore();
    },
    afterDatasetsDraw: function (chart) {
      // Labels go over the bars, on a white box, so a tall bar inside the flood does not hide them.
      var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
      ctx.save();
      ctx.font = '600 11px ' + Chart.defaults.font.family;
      var free = -Infinity;
      floods.slice().sort(function (a, b) { return a.s - b.s; }).forEach(function (f) {
        var w = ctx.measureText(f.label).width + 8;
        var x1 = Math.min(Math.max(area.left, x.getPixelForValue(f.e) + 4), area.right - w);
        // A label that would overlap the one before it is left out; the shading still shows the flood.
        if (x1 < free) return;
        free = x1 + w + 6;
        ctx.fillStyle = 'rgba(255,255,255,0.9)';
        ctx.fillRect(x1, area.top + 2, w, 16);
        ctx.fillStyle = '#991b1b';
        ctx.fillText(f.label, x1 + 4, area.top + 14);
      });
      ctx.restore();
    },
    afterDraw: function (chart) {
      var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
      var top = area.top - STRIP + 18;
      ctx.save();
      ctx.fillStyle = '#f1f5f9';
      ctx.fillRect(area.left, top - 3, area.right - area.left, LANES * LANE_H + 4);
      ctx.fillStyle = '#475569';
      ctx.font = '11px ' + Chart.defaults.font.family;
      ctx.fillText('anomalies (first to last record)', area.left, top - 7);
      drawOrder.forEach(function (m) {
        m.x1 = Math.max(area.left, x.getPixelForValue(m.s));
        m.x2 = Math.min(area.right, Math.max(x.getPixelForValue(m.e), m.x1 + 4));
        m.y = top + m.lane * LANE_H;
        ctx.fillStyle = SEV[A[m.i].severity] ? SEV[A[m.i].severity].solid : '#64748b';
        ctx.fillRect(m.x1, m.y, m.x2 - m.x1, LANE_H - 3);
      });
      ctx.restore();
    },
  };

  // Ticks on round times (every 1, 2, 5, 10, 15 or 30 minutes, or 1 to 12 hours, or days), about one per 110 px.
  var STEPS = [60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 10800e3, 21600e3, 43200e3, 86400e3, 172800e3, 604800e3];
  function timeTicks(scale) {
    var most = Math.max(2, Math.floor((scale.width || 800) / 110));
    var stepMs = STEPS[STEPS.length - 1];
    for (var k = 0; k < STEPS.length; k++) if ((xmax - xmin) / STEPS[k] <= most) { stepMs = STEPS[k]; break; }
    var ticks = [];
    for (var v = Math.ceil(xmin / stepMs) * stepMs; v <= xmax; v += stepMs) ticks.push({ value: v });
    scale.ticks = ticks;
  }
  function clock(v) {
    var iso = new Date(v).toISOString();
    return multiDay ? iso.slice(5, 10) + ' ' + iso.slice(11, 16) : iso.slice(11, 16);
  }
  var chart = new Chart(canvas, {
    data: {
      datasets: [
        { type: 'bar', label: 'records', data: bars, yAxisID: 'y', backgroundColor: 'rgba(37,99,235,0.5)', hoverBackgroundColor: 'rgba(37,99,235,0.75)', barPercentage: 1, categoryPercentage: 1, order: 2 },
        { type: 'line', label: 'error rate', data: rate, yAxisID: 'y1', borderColor: '#dc2626', backgroundColor: '#dc2626', borderWidth: 2, pointRadius: 0, pointHoverRadius: 4, cubicInterpolationMode: 'monotone', order: 1 },
      ],
    },
    options: {
      parsing: false,
      normalized: true,
      layout: { padding: { top: STRIP } },
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'linear', min: xmin, max: xmax, offset: false, grid: { display: false }, afterBuildTicks: timeTicks, ticks: { callback: clock, autoSkip: false, maxRotation: 0 } },
        y: { beginAtZero: true, grace: '5%', title: { display: true, text: 'records' }, ticks: { precision: 0 } },
        y1: { position: 'right', min: 0, max: 100, title: { display: true, text: 'error rate' }, grid: { drawOnChartArea: false }, ticks: { callback: function (v) { return v + '%'; } } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: function (items) { var p = series[items[0].dataIndex]; return time(p.minute) + ' UTC'; },
            label: function (item) {
              var p = series[item.dataIndex];
              return item.datasetIndex === 0 ? fmt(p.logs) + ' records, ' + fmt(p.errors) + ' errors' : 'error rate ' + (p.error_rate * 100).toFixed(1) + '%';
            },
          },
        },
      },
    },
    plugins: [spans],
  });

  var tip = h('div', { class: 'tip', hidden: true });
  document.body.appendChild(tip);
  function markAt(ev) {
    var r = canvas.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
    for (var k = drawOrder.length - 1; k >= 0; k--) {
      var m = drawOrder[k];
      if (px >= m.x1 - 2 && px <= m.x2 + 2 && py >= m.y - 1 && py <= m.y + LANE_H) return m;
    }
    return null;
  }
  canvas.addEventListener('mousemove', function (ev) {
    var m = markAt(ev);
    canvas.style.cursor = m ? 'pointer' : 'default';
    if (!m) { tip.hidden = true; return; }
    var a = A[m.i];
    tip.replaceChildren(h('div', null, [badge(a.severity), ' ', a.kind, ' \u00b7 ', fmt(a.count), ' records \u00b7 ', time(a.first_seen).slice(11)]), h('div', { class: 'tpl', text: shorten(a.template, 160) }));
    tip.hidden = false;
    tip.style.left = Math.min(ev.clientX + 12, window.innerWidth - 430) + 'px';
    tip.style.top = ev.clientY + 14 + 'px';
  });
  canvas.addEventListener('mouseleave', function () { tip.hidden = true; });
  canvas.addEventListener('click', function (ev) { var m = markAt(ev); if (m) { tip.hidden = true; revealAnomaly(m.i); } });
  return chart;
}

/* ---------- pager ---------- */

function pager(el, total, page, size, go) {
  var pages = Math.max(1, Math.ceil(total / size));
  el.replaceChildren(
    h('button', { type: 'button', text: '\u2039 Previous', disabled: page <= 0, onclick: function () { go(page - 1); } }),
    h('span', { text: 'Page ' + fmt(page + 1) + ' of ' + fmt(pages) }),
    h('button', { type: 'button', text: 'Next \u203a', disabled: page >= pages - 1, onclick: function () { go(page + 1); } })
  );
}

/* ---------- anomaly browser ---------- */

var UNCLASSIFIED = 'not classified';
function verdictOf(a) { return a.classification && a.classification !== 'unclassified' ? a.classification : UNCLASSIFIED; }

// Everything a search can match, lower-cased once.
var hay = A.map(function (a) {
  var parts = [a.template, a.log, a.reason, a.component, a.kind, a.severity, a.id, a.template_id, verdictOf(a), (a.tags || []).join(' ')];
  (a.detectors || []).forEach(function (d) { parts.push(d.detector, d.explanation); });
  return parts.filter(Boolean).join('\n').toLowerCase();
});
var firstMs = A.map(function (a) { var t = ms(a.first_seen); return t === t ? t : Infinity; });
var lastMs = A.map(function (a) { var t = ms(a.last_seen); return t === t ? t : -Infinity; });

var aState = { q: [], severity: '', classification: '', tag: '', detector: '', component: '', sort: 'score', page: 0 };
var open = new Set();
var filtered = [];
var aEl = {
  search: document.getElementById('a-search'), severity: document.getElementById('a-severity'), classification: document.getElementById('a-classification'),
  tag: document.getElementById('a-tag'), detector: document.getElementById('a-detector'), component: document.getElementById('a-component'),
  sort: document.getElementById('a-sort'), reset: document.getElementById('a-reset'), count: document.getElementById('a-count'),
  rows: document.getElementById('a-rows'), pager: document.getElementById('a-pager'),
};

function fillSelect(select, counts, order, limit) {
  var keys = Object.keys(counts);
  keys.sort(order || function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
  if (limit && keys.length > limit) keys = keys.slice(0, limit);
  keys.forEach(function (k) { select.appendChild(h('option', { value: k, text: shorten(k, 48) + ' (' + fmt(counts[k]) + ')' })); });
}
function tally(fn) {
  var counts = Object.create(null);
  A.forEach(function (a) { fn(a).forEach(function (k) { if (k) counts[k] = (counts[k] || 0) + 1; }); });
  return counts;
}

function matches(i) {
  var a = A[i], st = aState;
  if (st.severity && a.severity !== st.severity) return false;
  if (st.classification && verdictOf(a) !== st.classification) return false;
  if (st.component && a.component !== st.component) return false;
  if (st.tag && (a.tags || []).indexOf(st.tag) < 0) return false;
  if (st.detector) {
    var found = false, ds = a.detectors || [];
    for (var d = 0; d < ds.length; d++) if (ds[d].detector === st.detector) { found = true; break; }
    if (!found) return false;
  }
  for (var w = 0; w < st.q.length; w++) if (hay[i].indexOf(st.q[w]) < 0) return false;
  return true;
}

var SORTS = {
  score: function (a, b) { return A[b].score - A[a].score || (RANK[A[b].severity] || 0) - (RANK[A[a].severity] || 0) || a - b; },
  severity: function (a, b) { return (RANK[A[b].severity] || 0) - (RANK[A[a].severity] || 0) || A[b].score - A[a].score || a - b; },
  first: function (a, b) { return firstMs[a] - firstMs[b] || a - b; },
  last: function (a, b) { return lastMs[b] - lastMs[a] || a - b; },
  count: function (a, b) { return A[b].count - A[a].count || a - b; },
};

function applyFilters() {
  filtered = [];
  for (var i = 0; i < A.length; i++) if (matches(i)) filtered.push(i);
  filtered.sort(SORTS[aState.sort] || SORTS.score);
}

function anomalyRow(i) {
  var a = A[i], isOpen = open.has(a.id);
  var chips = [];
  var dets = (a.detectors || []).map(function (d) { return d.detector; });
  if (a.kind !== 'template' && dets.indexOf(a.kind) < 0) chips.push(h('span', { class: 'chip', text: a.kind }));
  (a.detectors || []).forEach(function (d) { chips.push(h('span', { class: 'chip det', text: d.detector })); });
  (a.tags || []).forEach(function (t) { if (dets.indexOf(t) < 0) chips.push(h('span', { class: 'chip', text: '#' + t })); });
  var row = h('tr', { class: 'arow', tabindex: 0, 'aria-expanded': String(isOpen), 'data-id': a.id }, [
    h('td', null, [h('span', { class: 'caret', 'aria-hidden': 'true', text: '\u25b8' }), badge(a.severity)]),
    h('td', { class: 'num', text: a.score.toFixed(2) }),
    h('td', null, [h('div', { class: 'tpl', text: a.template }), h('div', null, chips)]),
    h('td', { class: 'mono', text: a.component || '\u2013' }),
    h('td', { class: 'num', text: fmt(a.count) }),
    h('td', { class: 'time', text: time(a.first_seen) }),
    h('td', { class: 'time', text: time(a.last_seen) }),
    h('td', { class: 'verdict', text: verdictOf(a) }),
  ]);
  function toggle() {
    if (open.has(a.id)) open.delete(a.id); else open.add(a.id);
    renderAnomalies();
  }
  row.addEventListener('click', toggle);
  row.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); toggle(); var again = aEl.rows.querySelector('tr[data-id="' + CSS.escape(a.id) + '"]'); if (again) again.focus(); } });
  return isOpen ? [row, detailRow(a)] : [row];
}

function rangesText(a) {
  var shown = a.lines.slice(0, 60).map(function (r) { return r[0] === r[1] ? String(r[0]) : r[0] + '\u2013' + r[1]; }).join(', ');
  var more = a.lines.length > 60 ? ' \u2026 and ' + fmt(a.lines.length - 60) + ' more ranges' : '';
  return shown + more + (a.lines_truncated ? ' (list cut short)' : '');
}

function detailRow(a) {
  var ev = (a.detectors || []).map(function (d) {
    var details = d.details ? Object.keys(d.details).map(function (k) { return k + ' ' + num(d.details[k]); }).join(', ') : '';
    return h('tr', null, [
      h('td', null, h('span', { class: 'chip det', text: d.detector })),
      h('td', { class: 'num', text: d.score.toFixed(2) }),
      h('td', null, [h('div', { text: d.explanation }), details ? h('div', { class: 'example', text: details }) : null]),
      h('td', { class: 'num', text: num(d.observed) }),
      h('td', { class: 'num', text: num(d.expected) }),
    ]);
  });
  var who = [a.provider, a.model].filter(Boolean).join(' \u00b7 ');
  var verdict = verdictOf(a) === UNCLASSIFIED ? 'not classified' + (a.classification_failure ? ': ' + a.classification_failure.kind + ' (' + a.classification_failure.error + ': ' + a.classification_failure.message + ')' : '') : verdictOf(a) + (who ? ' by ' + who : '');
  var body = h('div', { class: 'detail' }, [
    h('h3', { text: 'Reason' }),
    h('p', { text: a.reason || 'No reason given yet.' }),
    h('h3', { text: 'Detector evidence' }),
    h('div', { class: 'table-wrap' }, h('table', { class: 'evidence' }, [
      h('thead', null, h('tr', null, [h('th', { text: 'Detector' }), h('th', { class: 'num', text: 'Score' }), h('th', { text: 'Explanation' }), h('th', { class: 'num', text: 'Observed' }), h('th', { class: 'num', text: 'Expected' })])),
      h('tbody', null, ev),
    ])),
    h('h3', { text: 'Lines' }),
    h('p', { class: 'lines', text: rangesText(a) }),
    h('h3', { text: 'Example line' + (a.log_line ? ' (line ' + a.log_line + ')' : '') }),
    h('pre', { class: 'logline', text: a.log }),
    h('h3', { text: 'Details' }),
    h('dl', { class: 'kv' }, [
      h('dt', { text: 'Verdict' }), h('dd', { text: verdict }),
      h('dt', { text: 'Tags' }), h('dd', { text: (a.tags || []).join(', ') || '\u2013' }),
      h('dt', { text: 'Kind' }), h('dd', { text: a.kind }),
      h('dt', { text: 'Template id' }), h('dd', { class: 'mono', text: a.template_id }),
      h('dt', { text: 'Anomaly id' }), h('dd', { class: 'mono', text: a.id }),
    ]),
  ]);
  return h('tr', { class: 'detail' }, h('td', { colspan: 8 }, body));
}

function renderAnomalies() {
  var pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  if (aState.page >= pages) aState.page = pages - 1;
  var start = aState.page * PAGE, end = Math.min(filtered.length, start + PAGE);
  var rows = [];
  for (var k = start; k < end; k++) rows.push.apply(rows, anomalyRow(filtered[k]));
  if (rows.length === 0) rows.push(h('tr', null, h('td', { colspan: 8, class: 'empty', text: A.length === 0 ? 'No anomalies were found in this file.' : 'No anomaly matches these filters.' })));
  aEl.rows.replaceChildren.apply(aEl.rows, rows);
  aEl.count.textContent = (filtered.length === A.length ? fmt(A.length) + ' anomalies' : fmt(filtered.length) + ' of ' + fmt(A.length) + ' anomalies') + (filtered.length > PAGE ? ' \u00b7 showing ' + fmt(start + 1) + '\u2013' + fmt(end) : '');
  pager(aEl.pager, filtered.length, aState.page, PAGE, function (p) { aState.page = p; renderAnomalies(); aEl.rows.closest('section').scrollIntoView({ block: 'start' }); });
}

function readControls() {
  aState.q = aEl.search.value.toLowerCase().split(/\s+/).filter(Boolean);
  ['severity', 'classification', 'tag', 'detector', 'component'].forEach(function (k) { aState[k] = aEl[k].value; });
  aState.sort = aEl.sort.value;
  aState.page = 0;
  applyFilters();
  renderAnomalies();
}

function revealAnomaly(i) {
  if (!matches(i)) {
    aEl.search.value = '';
    ['severity', 'classification', 'tag', 'detector', 'component'].forEach(function (k) { aEl[k].value = ''; });
    readControls();
  }
  var at = filtered.indexOf(i);
  aState.page = Math.floor(at / PAGE);
  open.add(A[i].id);
  renderAnomalies();
  var row = aEl.rows.querySelector('tr[data-id="' + CSS.escape(A[i].id) + '"]');
  if (row) { row.scrollIntoView({ block: 'center' }); row.focus({ preventScroll: true }); }
}

function setupAnomalies() {
  fillSelect(aEl.severity, tally(function (a) { return [a.severity]; }), function (a, b) { return (RANK[b] || 0) - (RANK[a] || 0); });
  fillSelect(aEl.classification, tally(function (a) { return [verdictOf(a)]; }));
  fillSelect(aEl.tag, tally(function (a) { return a.tags || []; }));
  fillSelect(aEl.detector, tally(function (a) { return (a.detectors || []).map(function (d) { return d.detector; }); }));
  // A select with thousands of options is unusable; the rest are reachable through the search box.
  fillSelect(aEl.component, tally(function (a) { return [a.component]; }), null, 300);
  var timer = 0;
  aEl.search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(readControls, A.length > 2000 ? 150 : 60); });
  ['severity', 'classification', 'tag', 'detector', 'component', 'sort'].forEach(function (k) { aEl[k].addEventListener('change', readControls); });
  aEl.reset.addEventListener('click', function () {
    aEl.search.value = '';
    ['severity', 'classification', 'tag', 'detector', 'component'].forEach(function (k) { aEl[k].value = ''; });
    aEl.sort.value = 'score';
    open.clear();
    readControls();
  });
  applyFilters();
  renderAnomalies();
}

/* ---------- templates ---------- */

var tHay = T.map(function (t) { return (t.template + '\n' + t.example + '\n' + t.template_id).toLowerCase(); });
var tState = { q: [], key: 'count', dir: -1, page: 0 };
var tRows = [];
var tEl = { search: document.getElementById('t-search'), count: document.getElementById('t-count'), rows: document.getElementById('t-rows'), pager: document.getElementById('t-pager') };
var maxRatio = T.reduce(function (m, t) { return Math.max(m, t.ratio); }, 0) || 1;
var T_KEYS = {
  template: function (t) { return t.template.toLowerCase(); },
  count: function (t) { return t.count; },
  ratio: function (t) { return t.ratio; },
  severity: function (t) { return RANK[t.severity] || 0; },
  first: function (t) { var v = ms(t.first_seen); return v === v ? v : Infinity; },
  last: function (t) { var v = ms(t.last_seen); return v === v ? v : -Infinity; },
};

function applyTemplates() {
  tRows = [];
  for (var i = 0; i < T.length; i++) {
    var ok = true;
    for (var w = 0; w < tState.q.length; w++) if (tHay[i].indexOf(tState.q[w]) < 0) { ok = false; break; }
    if (ok) tRows.push(i);
  }
  var key = T_KEYS[tState.key], dir = tState.dir;
  var keys = T.map(key);
  tRows.sort(function (a, b) { var x = keys[a], y = keys[b]; return (x < y ? -dir : x > y ? dir : 0) || a - b; });
}

function renderTemplates() {
  var PAGE_T = 25;
  var pages = Math.max(1, Math.ceil(tRows.length / PAGE_T));
  if (tState.page >= pages) tState.page = pages - 1;
  var start = tState.page * PAGE_T, end = Math.min(tRows.length, start + PAGE_T);
  var rows = [];
  for (var k = start; k < end; k++) {
    var t = T[tRows[k]];
    var bar = h('span', { class: 'sharebar' });
    bar.style.width = Math.max(2, Math.round(t.ratio / maxRatio * 60)) + 'px';
    rows.push(h('tr', null, [
      h('td', null, [h('div', { class: 'tpl', text: t.template }), h('div', { class: 'example', title: t.example, text: 'line ' + t.example_line + ': ' + t.example })]),
      h('td', { class: 'num', text: fmt(t.count) }),
      h('td', { class: 'num' }, [bar, (t.ratio * 100).toFixed(t.ratio < 0.001 ? 3 : 1) + '%']),
      h('td', null, badge(t.severity)),
      h('td', { class: 'time', text: time(t.first_seen) }),
      h('td', { class: 'time', text: time(t.last_seen) }),
    ]));
  }
  if (rows.length === 0) rows.push(h('tr', null, h('td', { colspan: 6, class: 'empty', text: 'No template matches.' })));
  tEl.rows.replaceChildren.apply(tEl.rows, rows);
  tEl.count.textContent = (tRows.length === T.length ? fmt(T.length) + ' templates' : fmt(tRows.length) + ' of ' + fmt(T.length) + ' templates') + (tRows.length > PAGE_T ? ' \u00b7 showing ' + fmt(start + 1) + '\u2013' + fmt(end) : '');
  pager(tEl.pager, tRows.length, tState.page, PAGE_T, function (p) { tState.page = p; renderTemplates(); });
  document.querySelectorAll('#template-table th.sortable').forEach(function (th) {
    th.setAttribute('aria-sort', th.getAttribute('data-key') === tState.key ? (tState.dir > 0 ? 'ascending' : 'descending') : 'none');
  });
}

function setupTemplates() {
  var timer = 0;
  tEl.search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { tState.q = tEl.search.value.toLowerCase().split(/\s+/).filter(Boolean); tState.page = 0; applyTemplates(); renderTemplates(); }, 80);
  });
  document.querySelectorAll('#template-table th.sortable').forEach(function (th) {
    th.tabIndex = 0;
    function sortBy() {
      var key = th.getAttribute('data-key');
      if (tState.key === key) tState.dir = -tState.dir;
      else { tState.key = key; tState.dir = key === 'template' || key === 'first' ? 1 : -1; }
      tState.page = 0;
      applyTemplates();
      renderTemplates();
    }
    th.addEventListener('click', sortBy);
    th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); sortBy(); } });
  });
  applyTemplates();
  renderTemplates();
}

setupAnomalies();
setupTemplates();
drawTimeline();
drawLevels();
drawSeverities();
drawComponents();
document.documentElement.setAttribute('data-ready', 'true');
window.__dashboardReadyMs = performance.now();
})();
`;
