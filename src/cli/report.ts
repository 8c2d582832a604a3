/**
 * The self-contained HTML incident report: one file with inline CSS, script and data, no network.
 * An incident list; for the selected incident a timeline with one lane per entity (anomalies,
 * alerts, log bursts, change events), the topology around it with the candidates ranked, and the
 * evidence table.
 *
 * @module
 */
import type { Incident } from '../schema/incident.js';
import { buildReportData, type ReportData, type ReportOptions } from './report-model.js';

/**
 * Renders the report for final incidents.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderReport(incidents, { topology: { edges } }));
 * ```
 */
export function renderReport(incidents: readonly Incident[], options: ReportOptions = {}): string {
  return renderReportHtml(buildReportData(incidents, options));
}

/**
 * Renders report data as one HTML page.
 *
 * @example
 * ```ts
 * const html = renderReportHtml(buildReportData(incidents));
 * ```
 */
export function renderReportHtml(data: ReportData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(data.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(data.title)}</h1><div id="summary"></div></header>
<main>
<nav><h2>Incidents <span id="incident-count"></span></h2><ol id="incident-list"></ol></nav>
<section id="detail">
<h2 id="detail-title">No incidents</h2>
<div id="detail-meta"></div>
<h3>Timeline <span class="legend"><i class="k-anomaly"></i>anomaly <i class="k-alert"></i>alert <i class="k-log-burst"></i>log burst <i class="k-change"></i>change <i class="k-k8s"></i>k8s <i class="k-metric"></i>metric</span></h3>
<div id="timeline"></div>
<div class="cols">
<div><h3>Root-cause candidates <span class="legend">top 3 highlighted in the timeline and topology</span></h3><table id="candidates"><thead><tr><th>#</th><th>candidate</th><th>score</th><th>evidence</th></tr></thead><tbody></tbody></table></div>
<div><h3>Topology</h3><div id="topology"></div></div>
</div>
</section>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/**
 * Escapes text for HTML content and attributes.
 *
 * @example
 * ```ts
 * escapeHtml('<b>&') //=> '&lt;b&gt;&amp;'
 * ```
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** JSON that cannot close its `<script>` element: `<` (and the JS line separators) as escapes. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:13px/1.4 system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2328;background:#f6f8fa}
header{padding:10px 16px;background:#24292f;color:#fff;display:flex;align-items:baseline;gap:24px;flex-wrap:wrap}
header h1{font-size:18px;margin:0}#summary span{margin-right:14px;opacity:.9}#summary b{font-weight:600}
main{display:flex;align-items:flex-start;min-height:calc(100vh - 44px)}
nav{width:300px;flex:none;border-right:1px solid #d0d7de;background:#fff;max-height:calc(100vh - 44px);overflow:auto}
nav h2{font-size:14px;margin:10px 12px}
ol{list-style:none;margin:0;padding:0}
.incident{padding:8px 12px;border-top:1px solid #eaeef2;cursor:pointer}
.incident:hover{background:#f3f4f6}.incident.selected{background:#ddf4ff;border-left:3px solid #0969da}
.incident .t{font-weight:600;word-break:break-all}.incident .m{color:#57606a;font-size:12px}
.status{display:inline-block;padding:0 6px;border-radius:8px;font-size:11px;background:#eaeef2}
.status.open{background:#ffebe9;color:#cf222e}.status.resolved{background:#dafbe1;color:#1a7f37}
section{flex:1;padding:8px 16px;min-width:0}
h2{font-size:16px}h3{font-size:14px;margin:16px 0 6px}
.legend{font-weight:400;font-size:12px;color:#57606a;margin-left:12px}.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px;vertical-align:-1px}
#timeline{background:#fff;border:1px solid #d0d7de;border-radius:6px;overflow-x:auto}
.lane-label{font-size:11px;fill:#1f2328}.lane-bg{fill:#fff}.lane-bg.alt{fill:#f6f8fa}.lane-bg.cand{fill:#fff8c5}
.axis{font-size:10px;fill:#57606a}.grid{stroke:#eaeef2}
.k-anomaly{background:#8250df;fill:#8250df}.k-alert{background:#cf222e;fill:#cf222e}.k-log-burst{background:#bf8700;fill:#bf8700;fill-opacity:.55}
.k-change{background:#0969da;fill:#0969da}.k-k8s{background:#1a7f37;fill:#1a7f37}.k-metric,.k-trace{background:#6e7781;fill:#6e7781}
.cols{display:flex;gap:16px;align-items:flex-start}.cols>div{min-width:0}.cols>div:first-child{flex:3}.cols>div:last-child{flex:2}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d0d7de}
th,td{text-align:left;padding:5px 8px;border-top:1px solid #eaeef2;vertical-align:top;overflow-wrap:anywhere}td:nth-child(-n+3){white-space:nowrap;overflow-wrap:normal}th{background:#f6f8fa}
td ul{margin:0;padding-left:16px}.ev-kind{font-family:ui-monospace,monospace;font-size:11px;color:#57606a}
.bar{display:inline-block;height:8px;background:#0969da;border-radius:2px;vertical-align:middle;margin-right:6px}
#topology{background:#fff;border:1px solid #d0d7de;border-radius:6px;overflow:auto;min-height:60px}
.node rect{fill:#fff;stroke:#afb8c1}.node.focus rect{fill:#fff8c5;stroke:#bf8700}.node.cand rect{fill:#ffebe9;stroke:#cf222e;stroke-width:2}
.node text{font-size:11px;text-anchor:middle}.edge{stroke:#afb8c1;fill:none;marker-end:url(#arrow)}
.empty{color:#57606a;padding:12px}
`;

// The page's script: plain ES2017 DOM code, text set with textContent only (data is never parsed as HTML).
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var TOP = 3; // candidates highlighted in the timeline and the topology
  function el(tag, attrs, text) {
    var n = tag.charAt(0) === '@' ? document.createElementNS(SVG, tag.slice(1)) : document.createElement(tag);
    if (attrs) for (var k in attrs) n.setAttribute(k, attrs[k]);
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function time(ms) { return new Date(ms).toISOString().replace('T', ' ').slice(0, 19); }
  function dur(ms) { var m = Math.round(ms / 60000); return m < 60 ? m + ' min' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min'; }
  var summary = document.getElementById('summary');
  Object.keys(data.summary).forEach(function (k) { var s = el('span'); s.appendChild(el('b', null, String(data.summary[k]))); s.appendChild(document.createTextNode(' ' + k)); summary.appendChild(s); });
  document.getElementById('incident-count').textContent = '(' + data.incidents.length + ')';
  var list = document.getElementById('incident-list');
  data.incidents.forEach(function (inc, i) {
    var li = el('li', { 'class': 'incident', 'data-index': String(i), 'data-id': inc.id });
    li.appendChild(el('div', { 'class': 't' }, inc.title));
    var m = el('div', { 'class': 'm' });
    m.appendChild(el('span', { 'class': 'status ' + inc.status }, inc.status));
    m.appendChild(document.createTextNode(' ' + time(inc.openedAt) + ' · ' + dur(inc.updatedAt - inc.openedAt) + ' · ' + inc.signals + ' signals'));
    li.appendChild(m);
    li.addEventListener('click', function () { select(i); });
    list.appendChild(li);
  });
  function select(i) {
    var inc = data.incidents[i];
    Array.prototype.forEach.call(list.children, function (li, j) { li.classList.toggle('selected', j === i); });
    document.getElementById('detail-title').textContent = 'Incident ' + inc.id;
    document.getElementById('detail-meta').textContent = inc.status + ' · opened ' + time(inc.openedAt) + ' · last update ' + time(inc.updatedAt) +
      ' · ' + inc.entities.length + ' entities · ' + inc.signals + ' signals' + (inc.truncated ? ' · ' + inc.truncated + ' markers not drawn' : '');
    drawTimeline(inc); drawCandidates(inc); drawTopology(inc);
  }
  function drawTimeline(inc) {
    var box = document.getElementById('timeline'); box.textContent = '';
    var LABEL = 230, LANE = 22, W = Math.max(700, box.clientWidth - 2), H = inc.lanes.length * LANE + 24;
    var t0 = inc.openedAt, t1 = inc.updatedAt;
    inc.markers.forEach(function (m) { t0 = Math.min(t0, m.t); t1 = Math.max(t1, m.end || m.t); });
    if (t1 <= t0) t1 = t0 + 60000;
    var pad = (t1 - t0) * 0.02; t0 -= pad; t1 += pad;
    var x = function (t) { return LABEL + (t - t0) / (t1 - t0) * (W - LABEL - 10); };
    var svg = el('@svg', { width: W, height: H, 'class': 'timeline', 'data-lanes': inc.lanes.length });
    var cands = {}; inc.candidates.forEach(function (c) { if (c.rank <= TOP) cands[c.entity] = c.rank; });
    inc.lanes.forEach(function (name, i) {
      var g = el('@g', { 'class': 'lane', 'data-entity': name });
      g.appendChild(el('@rect', { x: 0, y: i * LANE, width: W, height: LANE, 'class': 'lane-bg' + (cands[name] ? ' cand' : i % 2 ? ' alt' : '') }));
      g.appendChild(el('@text', { x: 6, y: i * LANE + 15, 'class': 'lane-label' }, (cands[name] ? '#' + cands[name] + ' ' : '') + (name.length > 36 ? name.slice(0, 35) + '…' : name)));
      svg.appendChild(g);
    });
    for (var k = 0; k <= 5; k++) {
      var tx = t0 + (t1 - t0) * k / 5;
      svg.appendChild(el('@line', { x1: x(tx), x2: x(tx), y1: 0, y2: H - 20, 'class': 'grid' }));
      svg.appendChild(el('@text', { x: x(tx), y: H - 6, 'class': 'axis', 'text-anchor': k === 0 ? 'start' : k === 5 ? 'end' : 'middle' }, time(tx).slice(11, 19)));
    }
    inc.markers.forEach(function (m) {
      var y = m.lane * LANE + LANE / 2, cx = x(m.t), shape;
      if (m.kind === 'log-burst') shape = el('@rect', { x: cx, y: y - 6, width: Math.max(4, x(m.end || m.t) - cx), height: 12, rx: 2 });
      else if (m.kind === 'alert') shape = el('@path', { d: 'M' + cx + ' ' + (y - 7) + ' l6 12 h-12 z' });
      else if (m.kind === 'change') shape = el('@path', { d: 'M' + cx + ' ' + (y - 7) + ' l7 7 l-7 7 l-7 -7 z' });
      else if (m.kind === 'anomaly') shape = el('@circle', { cx: cx, cy: y, r: 5 });
      else shape = el('@rect', { x: cx - 4, y: y - 4, width: 8, height: 8 });
      shape.setAttribute('class', 'marker k-' + m.kind);
      shape.setAttribute('data-kind', m.kind);
      shape.appendChild(el('@title', null, time(m.t) + ' ' + m.kind + (m.count > 1 ? ' ×' + m.count : '') + ' [' + m.severity + '] ' + m.label));
      svg.appendChild(shape);
    });
    box.appendChild(svg);
  }
  function drawCandidates(inc) {
    var body = document.querySelector('#candidates tbody'); body.textContent = '';
    if (!inc.candidates.length) { var r = el('tr'); r.appendChild(el('td', { colspan: 4, 'class': 'empty' }, 'No root-cause candidates for this incident.')); body.appendChild(r); return; }
    inc.candidates.forEach(function (c) {
      var tr = el('tr', { 'class': 'candidate', 'data-rank': String(c.rank) });
      tr.appendChild(el('td', null, String(c.rank)));
      tr.appendChild(el('td', null, c.entity + (c.changeEventId ? ' (change ' + c.changeEventId + ')' : '')));
      var s = el('td'); s.appendChild(el('span', { 'class': 'bar', style: 'width:' + Math.round(c.score * 60) + 'px' })); s.appendChild(document.createTextNode(c.score.toFixed(2))); tr.appendChild(s);
      var ev = el('td'), ul = el('ul');
      c.evidence.forEach(function (e) { var li = el('li'); li.appendChild(el('span', { 'class': 'ev-kind' }, e.kind + ' ' + e.weight.toFixed(2) + ' ')); li.appendChild(document.createTextNode(e.explanation)); ul.appendChild(li); });
      ev.appendChild(ul); tr.appendChild(ev); body.appendChild(tr);
    });
  }
  function drawTopology(inc) {
    var box = document.getElementById('topology'); box.textContent = '';
    var t = inc.topology;
    if (!t) { box.appendChild(el('div', { 'class': 'empty' }, 'No topology given (replay with --topology topo.json).')); return; }
    var svg = el('@svg', { width: t.width, height: t.height });
    var defs = el('@defs'), mk = el('@marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' });
    mk.appendChild(el('@path', { d: 'M0 0 L10 5 L0 10 z', fill: '#afb8c1' })); defs.appendChild(mk); svg.appendChild(defs);
    var pos = {}; t.nodes.forEach(function (n) { pos[n.id] = n; });
    t.edges.forEach(function (e) { var a = pos[e.from], b = pos[e.to]; svg.appendChild(el('@line', { x1: a.x, y1: a.y + 12, x2: b.x, y2: b.y - 12, 'class': 'edge' })); });
    t.nodes.forEach(function (n) {
      var g = el('@g', { 'class': 'node' + (n.focus ? ' focus' : '') + (n.rank && n.rank <= TOP ? ' cand' : ''), 'data-service': n.id });
      g.appendChild(el('@rect', { x: n.x - 66, y: n.y - 12, width: 132, height: 24, rx: 4 }));
      var label = (n.rank ? '#' + n.rank + ' ' : '') + n.id;
      g.appendChild(el('@text', { x: n.x, y: n.y + 4 }, label.length > 22 ? label.slice(0, 21) + '…' : label));
      svg.appendChild(g);
    });
    box.appendChild(svg);
    if (t.omitted) box.appendChild(el('div', { 'class': 'empty' }, t.omitted + ' neighbouring services not drawn.'));
  }
  if (data.incidents.length) select(0);
  else document.getElementById('timeline').appendChild(el('div', { 'class': 'empty' }, 'The replay produced no incidents.'));
})();
`;
