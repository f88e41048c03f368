/**
 * The progress dashboard of a cycle as an XLSX workbook (exceljs, as the analytics exports): sheet
 * "progress" is the commitment × state matrix (one row per commitment, one column per state, the reported
 * status or empty), sheet "completeness" the reported share per state, sheet "change" the change since the
 * previous cycle. And the same as a printable HTML page for the senior officials' meeting, which the reports
 * module prints to PDF (dashboardHtml; English, as the SOM documents).
 */
import ExcelJS from 'exceljs';
import type { Progress } from '../../domain/monitoring/monitoring-rules';
import type { DashboardView } from './monitoring.schema';

export async function dashboardWorkbook(v: DashboardView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const cell = (commitmentId: number, state: string) =>
    v.cells.find((c) => c.commitmentId === commitmentId && c.state === state);
  const progress = wb.addWorksheet('progress');
  progress.addRow(['commitment', 'area', ...v.states]);
  for (const c of v.commitments)
    progress.addRow([c.number, c.area ?? '', ...v.states.map((s) => cell(c.id, s)?.progress ?? '')]);
  const completeness = wb.addWorksheet('completeness');
  completeness.addRow(['state', 'reported', 'commitments', 'percent']);
  for (const c of v.completeness) completeness.addRow([c.state, c.reported, c.total, c.percent]);
  const change = wb.addWorksheet('change');
  change.addRow(['commitment', 'state', 'previous', 'now', 'change']);
  for (const c of v.commitments)
    for (const s of v.states) {
      const x = cell(c.id, s);
      if (x?.change) change.addRow([c.number, s, x.previous ?? '', x.progress ?? '', x.change]);
    }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const LABEL: Record<Progress, string> = {
  not_started: 'not started',
  in_progress: 'in progress',
  implemented: 'implemented',
  not_applicable: 'n/a',
};
const COLOUR: Record<Progress, string> = {
  not_started: '#f4c7c3',
  in_progress: '#fce8b2',
  implemented: '#b7e1cd',
  not_applicable: '#e0e0e0',
};
const MARK = { better: ' ▲', worse: ' ▼', same: '', new: '' } as const;

/** The dashboard as one self-contained HTML page (no script, no external resource). */
export function dashboardHtml(v: DashboardView, declarationTitle: string): string {
  const cell = (commitmentId: number, state: string) =>
    v.cells.find((c) => c.commitmentId === commitmentId && c.state === state);
  const head = v.states.map((s) => `<th>${esc(s)}</th>`).join('');
  const rows = v.commitments
    .map((c) => {
      const cells = v.states
        .map((s) => {
          const x = cell(c.id, s);
          if (!x?.progress) return '<td>—</td>';
          return `<td style="background:${COLOUR[x.progress]}">${LABEL[x.progress]}${x.change ? MARK[x.change] : ''}</td>`;
        })
        .join('');
      return `<tr><th>${esc(c.number)}</th><td>${esc(c.area ?? '')}</td>${cells}</tr>`;
    })
    .join('');
  const completeness = v.completeness
    .map((c) => `<tr><th>${esc(c.state)}</th><td>${c.reported} / ${c.total}</td><td>${c.percent} %</td></tr>`)
    .join('');
  const previous = v.previousCycle
    ? `<p>Change since ${esc(v.previousCycle.title)}: ▲ better, ▼ worse.</p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(v.cycle.title)}</title>
<style>body{font-family:sans-serif;font-size:10pt}table{border-collapse:collapse;margin:8pt 0}
th,td{border:1px solid #999;padding:2pt 4pt;text-align:left}h1{font-size:15pt}h2{font-size:12pt}</style></head>
<body><h1>Implementation of ${esc(declarationTitle)}</h1>
<p>Reporting cycle: ${esc(v.cycle.title)} · deadline ${esc(v.cycle.deadline)} · ${v.cycle.status}</p>${previous}
<h2>Progress by commitment and state</h2>
<table><thead><tr><th>Commitment</th><th>Area</th>${head}</tr></thead><tbody>${rows}</tbody></table>
<h2>Reporting completeness</h2>
<table><thead><tr><th>State</th><th>Reported</th><th>%</th></tr></thead><tbody>${completeness}</tbody></table>
</body></html>`;
}
