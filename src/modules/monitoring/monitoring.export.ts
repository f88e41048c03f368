/**
 * The progress dashboard of a cycle as an XLSX workbook (exceljs, as the analytics exports): sheet
 * "progress" is the commitment × state matrix (one row per commitment, one column per state, the reported
 * status or empty), sheet "completeness" the reported share per state, sheet "change" the change since the
 * previous cycle.
 */
import ExcelJS from 'exceljs';
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
