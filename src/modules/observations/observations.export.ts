/**
 * Reading published observations, current or as published on a date (vintages), as JSON or as a CSV, XLSX
 * or SDMX-CSV download streamed page by page; the import templates per indicator and reporter; and the SDMX
 * structure (DSD and codelists) as SDMX-ML or SDMX-JSON.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { withActor } from '../../db/with-actor';
import { toSafeCsv } from '../../domain/csv-safe';
import { protectObservations } from '../../domain/disclosure/observations';
import { DEFAULT_THRESHOLD } from '../../domain/disclosure/suppress';
import { columnLabels } from '../../domain/i18n/column-labels';
import { DIMENSION_CODES, DIMENSIONS, FLAGS, TOTAL_CODE } from '../../domain/observations/dimensions';
import { EXPORT_FIELDS, ROW_FIELDS } from '../../domain/observations/parse-csv-row';
import { addMonths } from '../../domain/periods';
import { dataflowId, SDMX_HEADER, toSdmxRow } from '../../domain/sdmx/sdmx-csv';
import {
  buildSdmxStructure,
  type SdmxStructure,
  toSdmxJson,
  toSdmxMl,
} from '../../domain/sdmx/sdmx-structure';
import { CODELISTS, findCodelist } from '../../reference/codelists';
import { isMember } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { NotFound } from '../../shared/errors';
import { figureForReader } from '../../shared/privacy';
import { auditRestrictedRows } from '../audit/audit.restricted';
import { type DialogueRef, requireDialogue } from '../dialogues/dialogues.service';
import type { ObservationQuery, ObservationView } from './observations.schema';
import {
  findDisclosureThreshold,
  listIndicators,
  listPublishedObservationRows,
  listRouteCodes,
  publishedObservationFilter,
  readPublishedObservationPage,
  readPublishedObservations,
  readSdmxStructureInputs,
} from './observations.sql';
import { toObservationView } from './observations.views';

/** Published observations (current, or as of a date), paged, as JSON. */
export async function readObservations(
  ctx: Ctx,
  slug: string,
  q: ObservationQuery,
): Promise<ObservationView[]> {
  const d = await requireDialogue(ctx, slug);
  const rows = await withActor(ctx.db, ctx.actor, (db) =>
    readPublishedObservations(db, publishedObservationFilter(ctx.actor, d.id, q), q),
  );
  await auditRestrictedRows(ctx, rows, 'export.restricted', exportTarget(d), exportDetails(q));
  const isInside = isMember(ctx.actor, d.id);
  const protect = await disclosureFor(ctx, d, q, isInside);
  return rows.map((r) => protect(figureForReader(toObservationView(r), isInside)));
}

/**
 * Disclosure control for callers who are not members of the dialogue (src/domain/disclosure): computed on the
 * whole published table of the indicator(s) at the same vintage, whatever the page or filters, so every query
 * hides the same cells. A withheld figure has no value and the flag `confidential`. Members: unchanged.
 */
async function disclosureFor(
  ctx: Ctx,
  d: DialogueRef,
  q: ObservationQuery,
  isInside: boolean,
): Promise<(o: ObservationView) => ObservationView> {
  if (isInside) return (o) => o;
  const { rows, threshold } = await withActor(ctx.db, ctx.actor, async (db) => ({
    rows: await listPublishedObservationRows(
      db,
      publishedObservationFilter(ctx.actor, d.id, { asOf: q.asOf, indicator: q.indicator }),
    ),
    threshold: (await findDisclosureThreshold(db, d.id)) ?? DEFAULT_THRESHOLD,
  }));
  const table = rows.map(toObservationView);
  const status = protectObservations(
    table.map((o) => ({ ...o, value: o.value === null ? null : Number(o.value) })),
    threshold,
  );
  const withheld = new Set(table.filter((_, i) => status[i] !== null).map((o) => o.id));
  return (o) =>
    withheld.has(o.id)
      ? {
          ...o,
          value: null,
          flags: o.flags.includes('confidential') ? o.flags : [...o.flags, 'confidential'],
        }
      : o;
}

/** What an `export.restricted` audit entry says about the export (src/modules/audit/audit.restricted.ts). */
const exportTarget = (d: DialogueRef) => ({ type: 'observations', id: d.slug, dialogueId: d.id });
function exportDetails(q: ObservationQuery): Record<string, unknown> {
  const { limit: _limit, offset: _offset, lang: _lang, ...filters } = q;
  return filters;
}

export interface Download {
  contentType: string;
  fileName: string;
  body: Readable;
}

const PAGE = 10_000;

/** The same query as a file, read page by page (keyset on id) so memory stays flat. */
export async function exportObservations(
  ctx: Ctx,
  slug: string,
  q: ObservationQuery,
  format: 'csv' | 'xlsx' | 'sdmx-csv',
): Promise<Download> {
  const d = await requireDialogue(ctx, slug);
  const where = publishedObservationFilter(ctx.actor, d.id, q);
  const isInside = isMember(ctx.actor, d.id);
  const protect = await disclosureFor(ctx, d, q, isInside);
  let isAudited = false;
  async function* pages(): AsyncGenerator<ObservationView[]> {
    let after = 0;
    for (;;) {
      const rows = await withActor(ctx.db, ctx.actor, (db) =>
        readPublishedObservationPage(db, where, after, PAGE),
      );
      if (!rows.length) return;
      after = Number(rows[rows.length - 1]!.id);
      // Recorded once, before the first restricted row goes out.
      if (!isAudited)
        isAudited = await auditRestrictedRows(
          ctx,
          rows,
          'export.restricted',
          exportTarget(d),
          exportDetails(q),
        );
      yield rows.map((r) => protect(figureForReader(toObservationView(r), isInside)));
      if (rows.length < PAGE) return;
    }
  }
  const stamp = q.asOf ? `-as-of-${q.asOf.slice(0, 10)}` : '';
  const base = `${d.slug}-observations${stamp}`;
  // ?lang= gives headings people read; without it, the machine names an import reads back. The last column,
  // `derived`, is not a flag (the flags column keeps the words an import reads: provisional, estimated …) but a
  // column of its own, which an import of the file reads past (mapHeader).
  const header = q.lang ? columnLabels(EXPORT_FIELDS, q.lang) : [...EXPORT_FIELDS];
  const rowOf = (o: ObservationView) => [
    o.indicator,
    o.reporter,
    o.period,
    ...DIMENSIONS.map((c) => o.breakdowns[c]),
    o.value === null ? '' : String(o.value),
    o.flags.join(';'),
    o.comment ?? '',
    o.derived ? 'true' : 'false',
  ];
  if (format === 'csv' || format === 'sdmx-csv') {
    const flow = dataflowId(d.slug);
    const isSdmx = format === 'sdmx-csv';
    const body = Readable.from(
      (async function* () {
        yield toSafeCsv([isSdmx ? [...SDMX_HEADER] : header]);
        for await (const page of pages())
          yield toSafeCsv(page.map((o) => (isSdmx ? toSdmxRow(flow, o) : rowOf(o))));
      })(),
    );
    return {
      contentType: isSdmx
        ? 'application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8'
        : 'text/csv; charset=utf-8',
      fileName: `${base}${isSdmx ? '.sdmx' : ''}.csv`,
      body,
    };
  }
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('data');
  (async () => {
    ws.addRow(header).commit();
    for await (const page of pages())
      for (const o of page) {
        const r = rowOf(o);
        ws.addRow(r.map((v, i) => (i === ROW_FIELDS.indexOf('value') && v !== '' ? Number(v) : v))).commit();
      }
    ws.commit();
    await wb.commit();
  })().catch((e) => out.destroy(e));
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${base}.xlsx`,
    body: out,
  };
}

/** An import template for one indicator and reporter: the right columns, one row per breakdown total. */
export async function downloadTemplate(
  ctx: Ctx,
  slug: string,
  indicatorCode: string,
  q: { reporter?: string | undefined; format: 'csv' | 'xlsx'; period?: string | undefined },
): Promise<Download> {
  const d = await requireDialogue(ctx, slug);
  const [indicators, routes] = await withActor(
    ctx.db,
    ctx.actor,
    async (db) => [await listIndicators(db, d.id), await listRouteCodes(db, d.id)] as const,
  );
  const ind = indicators.find((i) => i.code === indicatorCode);
  if (!ind) throw new NotFound(`Indicator "${indicatorCode}"`);
  const reporter = q.reporter ?? ctx.actor?.countryIso3 ?? '';
  const now = new Date();
  const period =
    q.period ?? addMonths(`${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`, -1);
  const dims = DIMENSIONS.filter((c) => ind.breakdowns.includes(c));
  const header = ['indicator', 'reporter', 'period', ...dims, 'value', 'flags', 'comment'];
  const example = [ind.code, reporter, period, ...dims.map(() => TOTAL_CODE), '', '', ''];
  const base = `template-${d.slug}-${ind.code}${reporter ? `-${reporter}` : ''}`;
  if (q.format === 'csv') {
    return {
      contentType: 'text/csv; charset=utf-8',
      fileName: `${base}.csv`,
      body: Readable.from([toSafeCsv([header, example])]),
    };
  }
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet('data');
  data.addRow(header);
  data.addRow(example);
  data.getRow(1).font = { bold: true };
  const codes = wb.addWorksheet('codes');
  codes.addRow(['breakdown', 'code', 'meaning']);
  for (const c of dims) {
    const source = DIMENSION_CODES[c];
    if (source === 'ROUTES') for (const r of routes) codes.addRow([c, r, 'route of this dialogue']);
    else if (source === 'COUNTRIES')
      codes.addRow([c, 'ISO 3166-1 alpha-3', 'or STL stateless, UNK unknown, XKX Kosovo*']);
    else for (const code of findCodelist(source)?.codes ?? []) codes.addRow([c, code.code, code.name.en]);
  }
  codes.addRow(['flags', FLAGS.join(';'), 'optional, separated by ;']);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${base}.xlsx`,
    body: Readable.from([buf]),
  };
}

/**
 * The SDMX structure of the dialogue's observations (DSD, dataflow, concepts, codelists) as an SDMX-ML 2.1
 * structure message or SDMX-JSON. Lists the indicators and routes the caller may see.
 */
export async function exportSdmxStructure(
  ctx: Ctx,
  slug: string,
  format: 'sdmx-ml' | 'sdmx-json',
): Promise<Download> {
  const d = await requireDialogue(ctx, slug);
  const structure = await sdmxStructureOf(ctx, d);
  const base = `${d.slug}-structure`;
  return format === 'sdmx-ml'
    ? {
        contentType: 'application/vnd.sdmx.structure+xml; version=2.1; charset=utf-8',
        fileName: `${base}.sdmx.xml`,
        body: Readable.from([toSdmxMl(structure)]),
      }
    : {
        contentType: 'application/vnd.sdmx.structure+json; version=1.0; charset=utf-8',
        fileName: `${base}.sdmx.json`,
        body: Readable.from([JSON.stringify(toSdmxJson(structure))]),
      };
}

/** The SDMX structure of a dialogue the caller may see: the indicators and routes visible to them (RLS). */
export async function sdmxStructureOf(ctx: Ctx, d: DialogueRef): Promise<SdmxStructure> {
  const { dialogue, indicators, routes, countries } = await withActor(ctx.db, ctx.actor, (db) =>
    readSdmxStructureInputs(db, d.id),
  );
  const structure = buildSdmxStructure({
    slug: d.slug,
    dialogueName: dialogue?.name ?? d.slug,
    indicators: indicators.map((i) => ({
      code: i.code,
      names: { ...i.name, en: i.name.en ?? i.code },
      unit: i.unit,
      breakdowns: i.breakdowns,
    })),
    routes,
    countries: countries.map((c) => ({ code: c.code, names: { en: c.en, fr: c.fr, ru: c.ru } })),
    codelists: CODELISTS.map((c) => ({
      id: c.id,
      names: c.name,
      codes: c.codes.map((x) => ({ code: x.code, names: x.name })),
    })),
    prepared: new Date(),
  });
  return structure;
}
