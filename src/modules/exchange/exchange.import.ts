/**
 * Import of observation files (CSV, SDMX-CSV, XLSX) into a new draft submission. The file is streamed: rows
 * are parsed and validated one by one and written in batches inside ONE transaction, so memory stays flat and
 * a file with any bad row writes nothing: the caller gets every error (up to MAX_ERRORS) with file, sheet, row,
 * column and field, and can fix the file and retry.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  DIMENSION_CODES,
  DIMENSIONS,
  type Dimension,
  figureKey,
  type ObservationInput,
} from '../../domain/observations/dimensions';
import {
  columnLetter,
  mapHeader,
  parseObservationRow,
  type RowCells,
  type RowContext,
  type RowField,
} from '../../domain/observations/parse-csv-row';
import { fromSdmxRow, mapSdmxHeader } from '../../domain/sdmx/sdmx-csv';
import { findCodelist } from '../../reference/codelists';
import type { Ctx } from '../../server/context';
import { isMember, type MaybeActor } from '../../shared/actor';
import { AppError, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { exchangePolicy } from './exchange.policy';
import {
  type DialogueRef,
  findDialogue,
  findEarlierKeys,
  type InsertRow,
  insertObservationBatch,
  insertSubmission,
  isMemberState,
  listCountryCodes,
  listIndicators,
  listRouteCodes,
  refreshObservationCount,
} from './exchange.sql';

export const IMPORT_FORMATS = ['csv', 'sdmx-csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Errors listed at most; the import stops reading the file once it has this many. */
export const MAX_ERRORS = 1000;
const BATCH = 5000;
export const DEFAULT_MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** The upload limit: PASSAGE_IMPORT_MAX_BYTES, default 200 MB. */
export function maxImportBytes(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PASSAGE_IMPORT_MAX_BYTES);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_MAX_IMPORT_BYTES;
}

export interface ImportInput {
  slug: string;
  format: ImportFormat;
  stream: Readable;
  fileName?: string | undefined;
  /** Reporting state; default the actor's own state. */
  reporter?: string | undefined;
  maxBytes?: number | undefined;
}

export interface ImportResult {
  submissionId: number;
  reporter: string;
  observations: number;
}

/** Who imports: a logged-in actor (checked, row-level security applies) or the system (CLI, benchmarks). */
export type Importer = { actor: MaybeActor } | 'system';

export class FileTooLarge extends AppError {
  constructor(limit: number) {
    super('FILE_TOO_LARGE', 413, `The file is larger than the upload limit of ${formatBytes(limit)}`, {
      limitBytes: limit,
    });
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${n} bytes`;
}

/** Imports a file into a new draft submission (the HTTP upload and the API use this). */
export function importObservations(ctx: Ctx, input: ImportInput): Promise<ImportResult> {
  return importAs(ctx.db, { actor: ctx.actor }, input);
}

/**
 * Imports a CSV (or SDMX-CSV / XLSX, by extension) file from disk, for the CLI and benchmarks:
 * `importObservationsCsvFile(db, 'system', { slug, path, reporter })`. 'system' skips access checks.
 */
export function importObservationsCsvFile(
  db: Db,
  who: Importer,
  opts: { slug: string; path: string; reporter: string; format?: ImportFormat; maxBytes?: number },
): Promise<ImportResult> {
  const format = opts.format ?? (opts.path.endsWith('.xlsx') ? 'xlsx' : 'csv');
  return importAs(db, who, {
    slug: opts.slug,
    format,
    stream: createReadStream(opts.path, { highWaterMark: 256 * 1024 }),
    fileName: basename(opts.path),
    reporter: opts.reporter,
    maxBytes: opts.maxBytes ?? Number.MAX_SAFE_INTEGER,
  });
}

async function importAs(db: Db, who: Importer, input: ImportInput): Promise<ImportResult> {
  const actor = who === 'system' ? null : who.actor;
  const d = await findDialogue(db, who === 'system' ? 'system' : actor, input.slug);
  if (!d || (who !== 'system' && !isMember(actor, d.id))) {
    input.stream.resume();
    throw new NotFound(`Dialogue "${input.slug}"`);
  }
  const reporter = (input.reporter ?? actor?.countryIso3 ?? '').toUpperCase();
  if (who !== 'system' && !exchangePolicy.write(actor, { dialogueId: d.id, reporter })) {
    input.stream.resume();
    throw new Forbidden(
      reporter
        ? `You may not submit figures for ${reporter} in this dialogue`
        : 'You may not submit figures in this dialogue',
    );
  }
  if (!reporter || !(await isMemberState(db, d.id, reporter))) {
    input.stream.resume();
    throw new Invalid([
      {
        field: 'reporter',
        message: `"${reporter}" is not a member state of this dialogue (give ?reporter=ISO3)`,
      },
    ]);
  }
  const fileName = input.fileName ?? `upload.${input.format === 'xlsx' ? 'xlsx' : 'csv'}`;
  if (/\.(xlsm|xlsb|xls|xltm)$/i.test(fileName)) {
    input.stream.resume();
    throw new Invalid(
      [
        {
          file: fileName,
          field: 'file',
          message: 'macro-enabled or old Excel workbooks are not accepted: save the sheet as .xlsx or .csv',
        },
      ],
      undefined,
      'IMPORT_REJECTED',
    );
  }
  const run = <T>(fn: (tx: Queryable) => Promise<T>) =>
    who === 'system' ? db.transaction(fn) : withActor(db, actor, fn);
  return run(async (tx) => {
    const rowCtx = await loadRowContext(tx, d, reporter);
    const submissionId = await insertSubmission(tx, {
      dialogueId: d.id,
      reporter,
      source: input.format,
      fileName,
      userId: actor?.userId ?? null,
    });
    const guard = new UploadGuard(input.maxBytes ?? maxImportBytes(), input.format === 'xlsx');
    input.stream.on('error', (e) => guard.destroy(e));
    const source = input.stream.pipe(guard);
    const writer = new BatchWriter(tx, {
      submissionId,
      dialogueId: d.id,
      reporter,
      userId: actor?.userId ?? null,
      fileName,
      indicators: rowCtx.indicatorIds,
    });
    const errors = new ErrorList(fileName);
    try {
      const records = input.format === 'xlsx' ? xlsxRecords(source) : csvRecords(source);
      await readRecords(records, input.format, fileName, rowCtx.ctx, errors, writer);
    } catch (e) {
      if (guard.failure) throw guard.failure;
      if (!(e instanceof ReadError)) throw e;
      errors.add({
        file: fileName,
        field: 'file',
        message: e.message,
        ...(e.row !== undefined && { row: e.row }),
      });
    } finally {
      source.destroy();
    }
    if (guard.failure) throw guard.failure;
    if (!errors.list.length) await writer.flush(errors);
    if (!errors.list.length && writer.total === 0)
      errors.add({ file: fileName, field: 'file', message: 'the file has no data rows' });
    if (errors.list.length) {
      throw new Invalid(
        errors.list,
        `${fileName}: ${errors.list.length}${errors.isTruncated ? '+' : ''} error(s); nothing was written. ${firstError(errors.list)}`,
        'IMPORT_REJECTED',
      );
    }
    const n = await refreshObservationCount(tx, submissionId);
    await recordAudit(
      tx,
      actor,
      'submission.import',
      { type: 'submission', id: submissionId, dialogueId: d.id },
      { fileName, format: input.format, observations: n, reporter },
    );
    return { submissionId, reporter, observations: n };
  });
}

function firstError(list: FieldError[]): string {
  const e = list[0]!;
  return `First: ${[e.row && `row ${e.row}`, e.column && `column ${e.column}`].filter(Boolean).join(', ')} ${e.field}: ${e.message}`;
}

export interface LoadedRowContext {
  ctx: RowContext;
  indicatorIds: Map<string, { id: number; classification: InsertRow['classification'] }>;
}

export async function loadRowContext(
  db: Queryable,
  d: DialogueRef,
  reporter: string,
): Promise<LoadedRowContext> {
  // Sequential: db may be a transaction, i.e. one connection.
  const indicators = await listIndicators(db, d.id);
  const routes = await listRouteCodes(db, d.id);
  const countries = await listCountryCodes(db);
  const codes = {} as Record<Dimension, ReadonlySet<string>>;
  for (const dim of DIMENSIONS) {
    const source = DIMENSION_CODES[dim];
    codes[dim] =
      source === 'ROUTES'
        ? new Set(routes)
        : source === 'COUNTRIES'
          ? new Set(countries)
          : new Set((findCodelist(source)?.codes ?? []).map((c) => c.code));
  }
  const now = new Date();
  const latestPeriod = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return {
    ctx: {
      indicators: new Map(indicators.map((i) => [i.code, { breakdowns: i.breakdowns }])),
      codes,
      reporter,
      latestPeriod,
      earliestPeriod: '1950-01',
    },
    indicatorIds: new Map(indicators.map((i) => [i.code, { id: i.id, classification: i.classification }])),
  };
}

/** Collects errors up to MAX_ERRORS; row-independent ones (a missing column) only once. */
class ErrorList {
  list: FieldError[] = [];
  isTruncated = false;
  private seen = new Set<string>();
  constructor(readonly fileName: string) {}
  get isFull() {
    return this.list.length >= MAX_ERRORS;
  }
  add(e: FieldError) {
    if (e.column === undefined && e.row !== undefined && e.message.startsWith('the file has no column')) {
      if (this.seen.has(e.message)) return;
      this.seen.add(e.message);
    }
    if (this.isFull) {
      this.isTruncated = true;
      return;
    }
    this.list.push(e);
  }
}

// ---------- reading ----------

interface RawRecord {
  row: number;
  sheet?: string;
  values: string[];
  /** 0-based columns holding a formula (XLSX). */
  formulaColumns?: number[];
}

/** Maps the records of any format to validated observations and hands them to the writer. */
async function readRecords(
  records: AsyncIterable<RawRecord>,
  format: ImportFormat,
  file: string,
  ctx: RowContext,
  errors: ErrorList,
  writer: BatchWriter,
): Promise<void> {
  let toCells: ((values: string[]) => RowCells) | undefined;
  let columnOf: (f: RowField) => string | undefined = () => undefined;
  for await (const rec of records) {
    const sheet = rec.sheet;
    if (rec.formulaColumns?.length) {
      for (const c of rec.formulaColumns)
        errors.add({
          file,
          sheet,
          row: rec.row,
          column: columnLetter(c),
          field: 'cell',
          message: 'formulas are not accepted: paste the values only',
        });
      continue;
    }
    if (!toCells) {
      const at = { file, ...(sheet !== undefined && { sheet }) };
      if (format === 'sdmx-csv') {
        const m = mapSdmxHeader(rec.values, at);
        for (const e of m.errors) errors.add({ ...e, row: rec.row });
        toCells = (v) => fromSdmxRow(v, m);
        columnOf = (f) => {
          const i = m.columns.indexOf(f);
          return i < 0 ? undefined : columnLetter(i);
        };
      } else {
        const m = mapHeader(rec.values, at);
        for (const e of m.errors) errors.add({ ...e, row: rec.row });
        const fields = m.fields;
        toCells = (v) => {
          const cells: RowCells = {};
          for (let i = 0; i < fields.length; i++) {
            const f = fields[i];
            if (f) cells[f] = v[i] ?? '';
          }
          return cells;
        };
        columnOf = (f) => {
          const i = fields.indexOf(f);
          return i < 0 ? undefined : columnLetter(i);
        };
      }
      if (errors.list.length) return; // a header that cannot be read makes every row wrong
      continue;
    }
    if (rec.values.every((v) => v.trim() === '')) continue;
    const parsed = parseObservationRow(toCells(rec.values), ctx, { file, sheet, row: rec.row, columnOf });
    if (!parsed.ok) {
      for (const e of parsed.errors) errors.add(e);
      if (errors.isFull) return;
      continue;
    }
    if (errors.list.length) continue; // keep reading for errors, write no more
    await writer.add(rec.row, parsed.observation, errors, sheet);
    if (errors.isFull) return;
  }
  if (!toCells) errors.add({ file, field: 'file', message: 'the file is empty (no header row)' });
}

const UTF16_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];

/** CSV records, streamed; the delimiter (, ; or tab) is taken from the header line. */
async function* csvRecords(input: Readable): AsyncGenerator<RawRecord> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done) return;
  const head: Buffer = first.value;
  if (UTF16_BOMS.some((b) => head.subarray(0, 2).equals(b)))
    throw new ReadError('the file is UTF-16 encoded: save it as UTF-8 (CSV UTF-8) and retry', 1);
  const firstLine = head.toString('utf8', 0, Math.min(head.length, 64 * 1024)).split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    })(),
  );
  const parser = rest.pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 1024 * 1024,
      info: true,
    }),
  );
  rest.on('error', (e) => parser.destroy(e));
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { row: rec.info.lines, values: rec.record };
    }
  } catch (e) {
    throw asReadError(e);
  }
}

/** Rows of the first worksheet of an XLSX workbook, streamed; formula cells are reported, not read. */
async function* xlsxRecords(input: Readable): AsyncGenerator<RawRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  // The reader does not always see an error of its input stream (size limit, macros): race against it.
  const failed = new Promise<never>((_, reject) => input.on('error', reject));
  failed.catch(() => {});
  try {
    for await (const ws of raceError(reader, failed)) {
      yield* worksheetRecords(ws, failed);
      return; // the first worksheet holds the data; others (e.g. the template's code lists) are ignored
    }
  } catch (e) {
    throw asReadError(e);
  }
}

async function* raceError<T>(iterable: AsyncIterable<T>, failed: Promise<never>): AsyncGenerator<T> {
  const it = iterable[Symbol.asyncIterator]();
  for (;;) {
    const r = await Promise.race([it.next(), failed]);
    if (r.done) return;
    yield r.value;
  }
}

async function* worksheetRecords(
  ws: ExcelJS.stream.xlsx.WorksheetReader,
  failed: Promise<never>,
): AsyncGenerator<RawRecord> {
  {
    const sheet = (ws as unknown as { name?: string }).name ?? 'Sheet1';
    for await (const row of raceError(ws, failed)) {
      const values: string[] = [];
      const formulaColumns: number[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const v = cell.value;
        if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v))
          formulaColumns.push(col - 1);
        values[col - 1] = cellText(v);
      });
      for (let i = 0; i < values.length; i++) values[i] ??= '';
      yield { row: row.number, sheet, values, formulaColumns };
    }
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const ym = `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, '0')}`;
    return v.getUTCDate() === 1 ? ym : v.toISOString().slice(0, 10);
  }
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('error' in v) return String(v.error);
  if ('result' in v) return String(v.result ?? '');
  return String(v);
}

class ReadError extends Error {
  constructor(
    message: string,
    readonly row?: number,
  ) {
    super(message);
  }
}

/** A parser's error as a file error (with the line when the parser knows it); others pass through. */
function asReadError(e: unknown): unknown {
  if (e instanceof ReadError || e instanceof AppError) return e;
  const err = e as { code?: string; message?: string; lines?: number };
  const row = typeof err.lines === 'number' ? err.lines : undefined;
  if (err.code?.startsWith('CSV_')) return new ReadError(`the CSV cannot be read: ${err.message}`, row);
  return new ReadError(`the file cannot be read as this format (${err.message ?? String(e)})`, row);
}

/**
 * Counts bytes against the upload limit and, for XLSX, looks for a VBA project (macros) in the zip's entry
 * names, which are stored uncompressed in the local file headers.
 */
class UploadGuard extends Transform {
  bytes = 0;
  failure: AppError | undefined;
  private tail = '';
  constructor(
    private readonly limit: number,
    private readonly isXlsx: boolean,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.failure = new FileTooLarge(this.limit);
      return done(this.failure);
    }
    if (this.isXlsx) {
      const text = this.tail + chunk.toString('latin1');
      if (text.includes('vbaProject.bin') || text.includes('macroEnabled')) {
        this.failure = new Invalid(
          [
            {
              field: 'file',
              message: 'the workbook contains macros: save it as a plain .xlsx without macros',
            },
          ],
          'The workbook contains macros; nothing was written',
          'IMPORT_REJECTED',
        );
        return done(this.failure);
      }
      this.tail = text.slice(-32);
    }
    done(null, chunk);
  }
}

// ---------- writing ----------

/** Buffers validated rows and writes them in batches; finds duplicate keys (in the batch or earlier). */
class BatchWriter {
  total = 0;
  private batch: InsertRow[] = [];
  private rows: { row: number; sheet: string | undefined }[] = [];
  constructor(
    private readonly tx: Queryable,
    private readonly s: {
      submissionId: number;
      dialogueId: number;
      reporter: string;
      userId: number | null;
      fileName: string;
      indicators: Map<string, { id: number; classification: InsertRow['classification'] }>;
    },
  ) {}

  async add(row: number, obs: ObservationInput, errors: ErrorList, sheet?: string) {
    const ind = this.s.indicators.get(obs.indicator)!;
    this.batch.push({ indicatorId: ind.id, classification: ind.classification, obs });
    this.rows.push({ row, sheet });
    if (this.batch.length >= BATCH) await this.flush(errors);
  }

  async flush(errors: ErrorList) {
    if (!this.batch.length) return;
    const batch = this.batch;
    const rows = this.rows;
    this.batch = [];
    this.rows = [];
    const { inserted, firstId } = await insertObservationBatch(this.tx, this.s, batch);
    this.total += inserted;
    if (inserted === batch.length) return;
    // Some keys were already there: within this batch, or from an earlier one.
    const firstRow = new Map<string, number>();
    const unexplained: number[] = [];
    batch.forEach((r, i) => {
      const k = figureKey(r.obs);
      const earlier = firstRow.get(k);
      if (earlier === undefined) {
        firstRow.set(k, i);
        unexplained.push(i);
      } else {
        errors.add(this.duplicate(rows[i]!, `the same figure is on row ${rows[earlier]!.row}`));
      }
    });
    const earlier = await findEarlierKeys(
      this.tx,
      this.s.submissionId,
      firstId,
      unexplained.map((i) => batch[i]!),
    );
    for (const n of earlier)
      errors.add(this.duplicate(rows[unexplained[n]!]!, 'the same figure is on an earlier row'));
  }

  private duplicate(at: { row: number; sheet: string | undefined }, where: string): FieldError {
    return {
      file: this.s.fileName,
      ...(at.sheet !== undefined && { sheet: at.sheet }),
      row: at.row,
      field: 'key',
      message: `duplicate key: ${where} (same indicator, period and breakdowns)`,
    };
  }
}
