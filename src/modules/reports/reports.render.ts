/**
 * Renders a situation report as one self-contained HTML document (inline CSS and an inline SVG chart; no
 * scripts, no external resources), so it opens offline, prints, and turns into a PDF in Chromium. Every value
 * from the database is escaped.
 */
import { REPORT_MESSAGES, type ReportLanguage } from './report-messages';

export interface ReportPoint {
  period: string;
  value: number | null;
}

export interface ForecastPoint {
  period: string;
  point: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface ReportData {
  language: ReportLanguage;
  dialogueName: string;
  /** Route name, or null for the whole dialogue. */
  routeName: string | null;
  indicatorName: string;
  period: string;
  generatedAt: string;
  dataAsOf: string | null;
  classification: string;
  keyBy: 'route' | 'indicator';
  keyRows: {
    label: string;
    month: number | null;
    ytd: number | null;
    yoyMonthPct: number | null;
    yoyYtdPct: number | null;
  }[];
  history: ReportPoint[];
  forecast: {
    model: string | null;
    origin: string | null;
    reason: string | null;
    points: ForecastPoint[];
  } | null;
  isForecastInChart: boolean;
  top: {
    from: string;
    to: string;
    items: {
      citizenship: string;
      name: string;
      value: number;
      previous: number;
      yoyPct: number | null;
      sharePct: number;
      shiftPoints: number | null;
    }[];
  } | null;
  alerts: {
    ruleName: string;
    kind: string;
    period: string;
    seriesKey: string;
    value: number | null;
    reference: number | null;
  }[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function formatters(lang: ReportLanguage) {
  const locale = lang === 'en' ? 'en-GB' : lang;
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return {
    n: (x: number | null) => (x === null ? '—' : int.format(x)),
    d: (x: number | null) => (x === null ? '—' : dec.format(x)),
    pct: (x: number | null) => (x === null ? '—' : `${signed.format(x)} %`),
    pts: (x: number | null) => (x === null ? '—' : signed.format(x)),
    date: (iso: string) => `${date.format(new Date(iso))} UTC`,
  };
}

/** A line chart of the history with the forecast and its 95 % band, as inline SVG. */
export function renderChartSvg(
  history: ReportPoint[],
  forecast: ForecastPoint[],
  labels: { title: string; history: string; forecast: string; interval: string },
): string {
  const W = 720;
  const H = 260;
  const pad = { l: 56, r: 16, t: 28, b: 36 };
  const periods = [...history.map((p) => p.period), ...forecast.map((f) => f.period)];
  if (periods.length < 2) return '';
  const values = [
    ...history.map((p) => p.value ?? 0),
    ...forecast.flatMap((f) => [f.hi95, Math.max(0, f.lo95)]),
  ];
  const max = Math.max(1, ...values) * 1.05;
  const x = (i: number) => pad.l + (i / (periods.length - 1)) * (W - pad.l - pad.r);
  const y = (v: number) => H - pad.b - (Math.max(0, v) / max) * (H - pad.t - pad.b);
  const line = (pts: [number, number][]) =>
    pts.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  const hist = history
    .map((p, i) => (p.value === null ? null : ([x(i), y(p.value)] as [number, number])))
    .filter((p): p is [number, number] => p !== null);
  const off = history.length;
  const lastHist = history.at(-1);
  const fcLine: [number, number][] = forecast.map((f, i) => [x(off + i), y(f.point)]);
  if (lastHist?.value != null && fcLine.length) fcLine.unshift([x(off - 1), y(lastHist.value)]);
  const upper = forecast.map((f, i): [number, number] => [x(off + i), y(f.hi95)]);
  const lower = forecast.map((f, i): [number, number] => [x(off + i), y(f.lo95)]).reverse();
  const band = forecast.length
    ? `${line(upper)} ${lower.map(([px, py]) => `L${px.toFixed(1)},${py.toFixed(1)}`).join(' ')} Z`
    : '';
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((k) => max * k);
  const nf = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });
  const every = Math.max(1, Math.ceil(periods.length / 8));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(labels.title)}">
<title>${escapeHtml(labels.title)}</title>
${ticks.map((v) => `<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e6ea"/><text x="${pad.l - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${nf.format(v)}</text>`).join('\n')}
${periods.map((p, i) => (i % every === 0 ? `<text x="${x(i).toFixed(1)}" y="${H - pad.b + 16}" font-size="11" text-anchor="middle" fill="#555">${escapeHtml(p)}</text>` : '')).join('')}
${band ? `<path d="${band}" fill="#f2b66d" fill-opacity="0.35" stroke="none"/>` : ''}
<path d="${line(hist)}" fill="none" stroke="#1f4e79" stroke-width="2"/>
${fcLine.length ? `<path d="${line(fcLine)}" fill="none" stroke="#c46a00" stroke-width="2" stroke-dasharray="5 4"/>` : ''}
<g font-size="11" fill="#333"><rect x="${pad.l}" y="6" width="12" height="3" fill="#1f4e79"/><text x="${pad.l + 16}" y="11">${escapeHtml(labels.history)}</text>
<rect x="${pad.l + 120}" y="6" width="12" height="3" fill="#c46a00"/><text x="${pad.l + 136}" y="11">${escapeHtml(labels.forecast)}</text>
<rect x="${pad.l + 240}" y="2" width="12" height="10" fill="#f2b66d" fill-opacity="0.35"/><text x="${pad.l + 256}" y="11">${escapeHtml(labels.interval)}</text></g>
</svg>`;
}

const CSS = `body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1b1f24;margin:24px;font-size:13px;line-height:1.4}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:22px 0 8px;border-bottom:1px solid #ccd2d9;padding-bottom:3px}
.meta{color:#555;margin:2px 0}.badge{display:inline-block;border:1px solid #1f4e79;color:#1f4e79;padding:1px 6px;border-radius:3px;font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #d5dae0;padding:4px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f1f4f7}.note{color:#555;font-size:12px}
@media print{body{margin:0}h2{break-after:avoid}table,svg{break-inside:avoid}}`;

/** The report as a complete HTML document. */
export function renderReportHtml(r: ReportData): string {
  const m = REPORT_MESSAGES[r.language];
  const f = formatters(r.language);
  const e = escapeHtml;
  const where = r.routeName ?? m.wholeDialogue;
  const title = m.title(where, r.period);
  const keyTable = r.keyRows.length
    ? `<table><thead><tr><th>${e(r.keyBy === 'route' ? m.route : m.indicator)}</th><th>${e(m.month)} ${e(r.period)}</th><th>${e(m.yoyMonth)}</th><th>${e(m.ytd)}</th><th>${e(m.yoyYtd)}</th></tr></thead><tbody>
${r.keyRows.map((k) => `<tr><td>${e(k.label)}</td><td>${f.n(k.month)}</td><td>${f.pct(k.yoyMonthPct)}</td><td>${f.n(k.ytd)}</td><td>${f.pct(k.yoyYtdPct)}</td></tr>`).join('\n')}
</tbody></table>`
    : `<p>${e(m.noData)}</p>`;
  const chart = renderChartSvg(r.history, r.isForecastInChart ? (r.forecast?.points ?? []) : [], {
    title: m.chartTitle(r.indicatorName),
    history: m.chartHistory,
    forecast: m.chartForecast,
    interval: m.chartInterval,
  });
  const top = r.top?.items.length
    ? `<h2>${e(m.topCitizenships(r.top.from, r.top.to))}</h2><table><thead><tr><th>${e(m.citizenship)}</th><th>${e(m.value)}</th><th>${e(m.previous)}</th><th>${e(m.change)}</th><th>${e(m.share)}</th><th>${e(m.shift)}</th></tr></thead><tbody>
${r.top.items.map((c) => `<tr><td>${e(c.name)} (${e(c.citizenship)})</td><td>${f.n(c.value)}</td><td>${f.n(c.previous)}</td><td>${f.pct(c.yoyPct)}</td><td>${f.d(c.sharePct)} %</td><td>${f.pts(c.shiftPoints)}</td></tr>`).join('\n')}
</tbody></table>`
    : '';
  const fc = r.forecast;
  const forecast = fc?.points.length
    ? `<p class="meta">${e(m.forecastModel(fc.model ?? '—', fc.origin ?? '—'))}</p><table><thead><tr><th>${e(m.period)}</th><th>${e(m.point)}</th><th>${e(m.interval80)}</th><th>${e(m.interval95)}</th></tr></thead><tbody>
${fc.points.map((p) => `<tr><td>${e(p.period)}</td><td>${f.n(p.point)}</td><td>${f.n(p.lo80)}–${f.n(p.hi80)}</td><td>${f.n(p.lo95)}–${f.n(p.hi95)}</td></tr>`).join('\n')}
</tbody></table>`
    : `<p>${e(m.noForecast)}${fc?.reason ? `: ${e(fc.reason)}` : ''}.</p>`;
  const alerts = r.alerts.length
    ? `<table><thead><tr><th>${e(m.rule)}</th><th>${e(m.kind)}</th><th>${e(m.period)}</th><th>${e(m.citizenship)}</th><th>${e(m.value)}</th><th>${e(m.reference)}</th></tr></thead><tbody>
${r.alerts.map((a) => `<tr><td>${e(a.ruleName)}</td><td>${e(m.kinds[a.kind] ?? a.kind)}</td><td>${e(a.period)}</td><td>${e(a.seriesKey === '_T' ? '—' : a.seriesKey)}</td><td>${f.d(a.value)}</td><td>${f.d(a.reference)}</td></tr>`).join('\n')}
</tbody></table>`
    : `<p>${e(m.noAlerts)}</p>`;
  return `<!doctype html>
<html lang="${r.language}"><head><meta charset="utf-8"><title>${e(title)}</title><style>${CSS}</style></head>
<body>
<h1>${e(title)}</h1>
<p class="meta">${e(r.dialogueName)} · ${e(r.indicatorName)}</p>
<p class="meta">${e(m.generated(f.date(r.generatedAt), r.dataAsOf ? f.date(r.dataAsOf) : '—'))}</p>
<p class="meta">${e(m.classification)}: <span class="badge" data-classification="${e(r.classification)}">${e(m.classifications[r.classification] ?? r.classification)}</span></p>
<h2>${e(m.keyFigures)}: ${e(r.keyBy === 'route' ? m.keyFiguresByRoute : m.keyFiguresByIndicator)}</h2>
${keyTable}
<p class="note">${e(m.detectionsNote)}</p>
<p class="note" data-note="like-for-like">${e(m.likeForLikeNote)}</p>
${chart ? `<figure>${chart}</figure>` : ''}
${top}
<h2>${e(m.forecasts)}</h2>
${forecast}
<h2>${e(m.activeAlerts)}</h2>
${alerts}
</body></html>`;
}
