/**
 * Downloads of a consultation: the consolidated comment matrix as XLSX (ExcelJS: a "matrix" sheet paragraph ×
 * delegation and a "comments" sheet, one row per comment with the secretariat's response) and as DOCX (docx:
 * the compilation-of-comments table secretariats circulate, one row per comment grouped by paragraph), and the
 * summary of comments as DOCX; the matrix also as a PDF (HTML printed by the report browser) (numbered points under the headings of the text, as the 2017 summary). Headings
 * of the files are in the language asked for (EN/FR/RU).
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import { withActor } from '../../db/with-actor';
import type { Ctx } from '../../shared/ctx';
import { requireDialogue } from '../dialogues/dialogues.service';
import { renderHtmlAsPdf } from '../reports/reports.service';
import type { CommentView, MatrixView, SummaryView } from './consultations.schema';
import { matrixOf, summaryOf } from './consultations.service';

export type ExportLanguage = 'en' | 'fr' | 'ru';

const LABELS = {
  en: {
    paragraph: 'Paragraph',
    text: 'Text of the draft',
    delegation: 'Delegation',
    kind: 'Kind',
    comment: 'Comment',
    wording: 'Proposed wording',
    response: 'Secretariat response',
    reason: 'Reason',
    matrix: 'Consolidated comment matrix',
    version: 'version',
    summary: 'Summary of comments',
    kinds: {
      proposed_wording: 'Proposed wording',
      comment: 'Comment',
      support: 'Support',
      objection: 'Objection',
    },
    responses: { accepted: 'Accepted', partly: 'Partly accepted', not_accepted: 'Not accepted' },
  },
  fr: {
    paragraph: 'Paragraphe',
    text: 'Texte du projet',
    delegation: 'Délégation',
    kind: 'Type',
    comment: 'Commentaire',
    wording: 'Formulation proposée',
    response: 'Réponse du secrétariat',
    reason: 'Motif',
    matrix: 'Tableau consolidé des commentaires',
    version: 'version',
    summary: 'Résumé des commentaires',
    kinds: {
      proposed_wording: 'Formulation proposée',
      comment: 'Commentaire',
      support: 'Soutien',
      objection: 'Objection',
    },
    responses: { accepted: 'Accepté', partly: 'Accepté en partie', not_accepted: 'Non accepté' },
  },
  ru: {
    paragraph: 'Пункт',
    text: 'Текст проекта',
    delegation: 'Делегация',
    kind: 'Вид',
    comment: 'Замечание',
    wording: 'Предложенная формулировка',
    response: 'Ответ секретариата',
    reason: 'Причина',
    matrix: 'Сводная таблица замечаний',
    version: 'версия',
    summary: 'Обзор замечаний',
    kinds: {
      proposed_wording: 'Предложенная формулировка',
      comment: 'Замечание',
      support: 'Поддержка',
      objection: 'Возражение',
    },
    responses: { accepted: 'Принято', partly: 'Принято частично', not_accepted: 'Не принято' },
  },
} as const;

export interface Download {
  contentType: string;
  fileName: string;
  body: Buffer;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const label = (row: MatrixView['rows'][number]) => (row.number === null ? '' : String(row.number));

function cellText(k: CommentView, l: (typeof LABELS)[ExportLanguage]): string {
  const parts = [`[${l.kinds[k.kind]}]`];
  if (k.proposedWording) parts.push(`“${k.proposedWording}”`);
  if (k.body) parts.push(k.body);
  if (k.response)
    parts.push(`→ ${l.responses[k.response.response]}${k.response.reason ? `: ${k.response.reason}` : ''}`);
  return parts.join(' ');
}

/** The matrix as XLSX: paragraph × delegation, and one row per comment. */
export async function matrixXlsx(
  ctx: Ctx,
  slug: string,
  id: number,
  lang: ExportLanguage,
): Promise<Download> {
  const d = await requireDialogue(ctx, slug);
  const m = await withActor(ctx.db, ctx.actor, (db) => matrixOf(db, ctx.actor, d, id, {}));
  const l = LABELS[lang];
  const wb = new ExcelJS.Workbook();
  const grid = wb.addWorksheet('matrix');
  grid.addRow([l.paragraph, l.text, ...m.delegations.map((x) => x.name)]);
  for (const row of m.rows) {
    if (row.kind === 'heading') {
      grid.addRow(['', row.text]).font = { bold: true };
      continue;
    }
    grid.addRow([
      label(row),
      row.text,
      ...m.delegations.map((x) =>
        row.comments
          .filter((k) => k.organisation.id === x.id)
          .map((k) => cellText(k, l))
          .join('\n'),
      ),
    ]);
  }
  grid.getRow(1).font = { bold: true };
  grid.getColumn(2).width = 60;
  const list = wb.addWorksheet('comments');
  list.addRow(['id', l.paragraph, l.delegation, l.kind, l.comment, l.wording, l.response, l.reason]);
  for (const row of m.rows)
    for (const k of row.comments)
      list.addRow([
        k.id,
        label(row),
        k.organisation.name,
        l.kinds[k.kind],
        k.body,
        k.proposedWording ?? '',
        k.response ? l.responses[k.response.response] : '',
        k.response?.reason ?? '',
      ]);
  list.getRow(1).font = { bold: true };
  return {
    contentType: XLSX_TYPE,
    fileName: `consultation-${id}-v${m.version}-matrix.xlsx`,
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}

const cell = (text: string, bold = false) =>
  new TableCell({
    children: text.split('\n').map((t) => new Paragraph({ children: [new TextRun({ text: t, bold })] })),
  });

/** The matrix as DOCX: the compilation-of-comments table, one row per comment, grouped by paragraph. */
export async function matrixDocx(
  ctx: Ctx,
  slug: string,
  id: number,
  lang: ExportLanguage,
): Promise<Download> {
  const d = await requireDialogue(ctx, slug);
  const m = await withActor(ctx.db, ctx.actor, (db) => matrixOf(db, ctx.actor, d, id, {}));
  const l = LABELS[lang];
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      children: [l.paragraph, l.text, l.delegation, `${l.comment} / ${l.wording}`, l.response].map((h) =>
        cell(h, true),
      ),
    }),
  ];
  for (const row of m.rows) {
    if (row.kind === 'heading') {
      rows.push(new TableRow({ children: [cell(''), cell(row.text, true), cell(''), cell(''), cell('')] }));
      continue;
    }
    const comments = row.comments.length ? row.comments : [null];
    comments.forEach((k, i) => {
      rows.push(
        new TableRow({
          children: [
            cell(i === 0 ? label(row) : ''),
            cell(i === 0 ? row.text : ''),
            cell(k?.organisation.name ?? ''),
            cell(
              k
                ? [`[${l.kinds[k.kind]}]`, k.proposedWording ? `“${k.proposedWording}”` : '', k.body]
                    .filter(Boolean)
                    .join('\n')
                : '',
            ),
            cell(
              k?.response
                ? `${l.responses[k.response.response]}${k.response.reason ? `: ${k.response.reason}` : ''}`
                : '',
            ),
          ],
        }),
      );
    });
  }
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: m.title }),
          new Paragraph({ text: `${l.matrix} – ${l.version} ${m.version}` }),
          new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return {
    contentType: DOCX_TYPE,
    fileName: `consultation-${id}-v${m.version}-matrix.docx`,
    body: await Packer.toBuffer(doc),
  };
}

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'];

/** The summary of comments as DOCX: the headings of the text, numbered points, items i., ii. … */
export async function summaryDocx(
  ctx: Ctx,
  slug: string,
  id: number,
  lang: ExportLanguage,
): Promise<Download> {
  const d = await requireDialogue(ctx, slug);
  const s: SummaryView = await withActor(ctx.db, ctx.actor, (db) => summaryOf(db, ctx.actor, d, id, {}));
  const l = LABELS[lang];
  const children: Paragraph[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, text: l.summary })];
  for (const sec of s.content.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: sec.title }));
    for (const p of sec.points) {
      children.push(new Paragraph({ text: `${p.number}. ${p.text}` }));
      p.items.forEach((it, i) => {
        children.push(
          new Paragraph({
            text: `${ROMAN[i] ?? i + 1}. ${it.text}`,
            indent: { left: 720 },
            alignment: AlignmentType.LEFT,
          }),
        );
      });
    }
  }
  const doc = new Document({ sections: [{ children }] });
  return {
    contentType: DOCX_TYPE,
    fileName: `consultation-${id}-v${s.version}-summary.docx`,
    body: await Packer.toBuffer(doc),
  };
}

const PDF_TYPE = 'application/pdf';

const esc = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The matrix as PDF: the DOCX table as HTML, printed A4 by the shared report browser. */
export async function matrixPdf(ctx: Ctx, slug: string, id: number, lang: ExportLanguage): Promise<Download> {
  const d = await requireDialogue(ctx, slug);
  const m = await withActor(ctx.db, ctx.actor, (db) => matrixOf(db, ctx.actor, d, id, {}));
  const l = LABELS[lang];
  const rows: string[] = [];
  for (const row of m.rows) {
    if (row.kind === 'heading') {
      rows.push(`<tr class="h"><td></td><td colspan="4">${esc(row.text)}</td></tr>`);
      continue;
    }
    const comments = row.comments.length ? row.comments : [null];
    comments.forEach((k, i) => {
      const text = k
        ? [`[${l.kinds[k.kind]}]`, k.proposedWording ? `“${k.proposedWording}”` : '', k.body]
            .filter(Boolean)
            .join(' ')
        : '';
      const response = k?.response
        ? `${l.responses[k.response.response]}${k.response.reason ? `: ${k.response.reason}` : ''}`
        : '';
      rows.push(
        `<tr><td>${i === 0 ? esc(label(row)) : ''}</td><td>${i === 0 ? esc(row.text) : ''}</td><td>${esc(k?.organisation.name ?? '')}</td><td>${esc(text)}</td><td>${esc(response)}</td></tr>`,
      );
    });
  }
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(m.title)}</title>
<style>body{font-family:sans-serif;font-size:9pt}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #999;padding:3pt;vertical-align:top;text-align:start}tr.h td{font-weight:bold;background:#eee}</style>
</head><body><h1>${esc(m.title)}</h1><p>${esc(`${l.matrix} – ${l.version} ${m.version}`)}</p>
<table><thead><tr>${[l.paragraph, l.text, l.delegation, `${l.comment} / ${l.wording}`, l.response].map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.join('')}</tbody></table></body></html>`;
  return {
    contentType: PDF_TYPE,
    fileName: `consultation-${id}-v${m.version}-matrix.pdf`,
    body: await renderHtmlAsPdf(html),
  };
}
