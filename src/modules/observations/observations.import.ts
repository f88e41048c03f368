/**
 * Import of observation files (CSV, SDMX-CSV, XLSX) into a new draft submission, in ONE transaction: the file
 * is streamed into a temporary staging table with COPY (a CSV's records untouched, parsed by PostgreSQL;
 * SDMX-CSV and XLSX rows mapped here first), checked there with set-based SQL, and moved into `observations`
 * with one INSERT … SELECT. Memory stays flat (a few MiB of the file at a time), and a file with any bad row
 * writes nothing: the caller gets every error (up to MAX_ERRORS) with file, sheet, row, column and field.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { CsvChunker } from '../../domain/observations/csv-chunks';
import { DIMENSION_CODES, DIMENSIONS, type Dimension } from '../../domain/observations/dimensions';
import {
  columnLetter,
  hasBrokenText,
  isBrokenTextError,
  mapHeader,
  parseObservationRow,
  ROW_FIELDS,
  type RowCells,
  type RowContext,
  type RowField,
} from '../../domain/observations/parse-csv-row';
import { rowMessage, withParams } from '../../domain/observations/row-messages';
import { fromSdmxRow, mapSdmxHeader } from '../../domain/sdmx/sdmx-csv';
import { readUploadLimits } from '../../domain/upload-limits';
import { findCodelist } from '../../reference/codelists';
import { isMember, type MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { hasNul, NUL_MESSAGE } from '../../shared/nul-text';
import { readXlsxUpload, XlsxRejected } from '../../shared/xlsx-reader';
import { recordAudit } from '../audit/audit.service';
import { loadCalendarCheck } from '../calendars/calendars.service';
import { type DialogueRef, findDialogueFor, isMemberState } from '../dialogues/dialogues.service';
import { loadLockCheck } from '../period-locks/period-locks.service';
import { observationsPolicy } from './observations.policy';
import type { ImportFormat } from './observations.schema';
import {
  type IndicatorRef,
  type InsertRow,
  insertSubmission,
  listCountryCodes,
  listIndicators,
  listRouteCodes,
} from './observations.sql';
import {
  copyCsvStatement,
  copyTextStatement,
  countStagedRows,
  createStagingTable,
  findDuplicateRows,
  findFailingRows,
  insertStagedRows,
  listStagedPeriods,
  normaliseStagedRows,
  type StagingChecks,
  setObservationCount,
} from './observations.staging.sql';

/** Errors listed at most; the import stops reading the file once it has this many. */
export const MAX_ERRORS = 1000;
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
  /** The saved mapping the file went through, when its header was not the template's (observations.saved-mapping.ts). */
  mapping?: string;
  /** Through a mapping: one draft submission per reporter in the file. */
  submissions?: { submissionId: number; reporter: string; observations: number; derivedTotals: number }[];
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
  const d = await findDialogueFor(db, who === 'system' ? 'system' : actor, input.slug);
  if (!d || (who !== 'system' && !isMember(actor, d.id))) {
    input.stream.resume();
    throw new NotFound(`Dialogue "${input.slug}"`);
  }
  const reporter = (input.reporter ?? actor?.countryIso3 ?? '').toUpperCase();
  if (who !== 'system' && !observationsPolicy.write(actor, { dialogueId: d.id, reporter })) {
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
      { field: 'reporter', ...rowMessage('ROW_REPORTER_NOT_MEMBER', { reporter: reporter ?? '', hint: 1 }) },
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
          ...rowMessage('FILE_OLD_EXCEL'),
        },
      ],
      undefined,
      'IMPORT_REJECTED',
    );
  }
  const run = <T>(fn: (tx: Queryable) => Promise<T>) =>
    who === 'system' ? db.transaction(fn) : withActor(db, actor, fn);
  return run(async (tx) => {
    const loaded = await loadRowContext(tx, d, reporter);
    const guard = new UploadGuard(input.maxBytes ?? maxImportBytes(), input.format === 'xlsx');
    input.stream.on('error', (e) => guard.destroy(e));
    guard.on('error', () => {}); // kept in guard.failure and thrown below, whoever was reading
    const source = input.stream.pipe(guard);
    const errors = new ErrorList(fileName);
    let staged: StagedFile | undefined;
    // Closed in `finally` also when reading stops early, so an XLSX upload's temp file is always removed.
    const records =
      input.format === 'xlsx'
        ? xlsxRecords(source, fileName)
        : input.format === 'sdmx-csv'
          ? csvRecords(source)
          : undefined;
    try {
      staged = records
        ? await stageRecords(tx, records, input.format, fileName, loaded.ctx, errors)
        : await stageCsv(tx, db.kind, source, fileName, errors);
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
      await records?.return(undefined);
      source.destroy();
    }
    if (guard.failure) throw guard.failure;
    const checks = stagingChecks(loaded);
    let n = 0;
    if (staged && !errors.list.length) {
      await checkStagedRows(tx, staged, checks, loaded.ctx, errors);
      errors.addSorted(staged.preErrors);
      if (!errors.list.length) await checkStagedCalendar(tx, d.id, reporter, staged, errors);
      if (!errors.list.length) n = await countStagedRows(tx);
      if (!errors.list.length && n === 0)
        errors.add({ file: fileName, field: 'file', ...rowMessage('FILE_NO_DATA_ROWS') });
    }
    const reject = () =>
      new Invalid(
        errors.list,
        `${fileName}: ${errors.list.length}${errors.isTruncated ? '+' : ''} error(s); nothing was written. ${firstError(errors.list)}`,
        'IMPORT_REJECTED',
      );
    if (errors.list.length || !staged) throw reject();
    const submissionId = await insertSubmission(tx, {
      dialogueId: d.id,
      reporter,
      source: input.format,
      fileName,
      userId: actor?.userId ?? null,
    });
    await tx.exec('SAVEPOINT import_insert');
    try {
      await insertStagedRows(tx, checks, { submissionId, dialogueId: d.id, userId: actor?.userId ?? null });
    } catch (e) {
      if ((e as { code?: string }).code !== '23505') throw e;
      // A key twice in the file (observations_pending_key): name every repeated row.
      await tx.exec('ROLLBACK TO SAVEPOINT import_insert');
      for (const r of await findDuplicateRows(tx, checks, MAX_ERRORS + 1)) {
        const at = staged.rowOf(r.row_no);
        errors.add({
          file: fileName,
          ...(staged.sheet !== undefined && { sheet: staged.sheet }),
          row: at,
          field: 'key',
          ...rowMessage('ROW_DUPLICATE_KEY', { row: staged.rowOf(r.first_row_no) }),
        });
      }
      if (!errors.list.length) throw e;
      throw reject();
    }
    await tx.exec('RELEASE SAVEPOINT import_insert');
    await setObservationCount(tx, submissionId, n);
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

export function firstError(list: FieldError[]): string {
  const e = list[0]!;
  return `First: ${[e.row && `row ${e.row}`, e.column && `column ${e.column}`].filter(Boolean).join(', ')} ${e.field}: ${e.message}`;
}

export interface LoadedRowContext {
  ctx: RowContext;
  indicatorIds: Map<string, { id: number; classification: InsertRow['classification'] }>;
  indicators: IndicatorRef[];
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
    indicators,
  };
}

export function stagingChecks(loaded: LoadedRowContext): StagingChecks {
  const c = loaded.ctx;
  return {
    indicators: loaded.indicators,
    codes: c.codes,
    reporter: c.reporter,
    latestPeriod: c.latestPeriod,
    earliestPeriod: c.earliestPeriod,
  };
}

/** Collects errors up to MAX_ERRORS; row-independent ones (a missing column) only once. */
export class ErrorList {
  list: FieldError[] = [];
  isTruncated = false;
  private seen = new Set<string>();
  constructor(readonly fileName: string) {}
  get isFull() {
    return this.list.length >= MAX_ERRORS;
  }
  /** Adds errors in row order (file-level errors without a row first). */
  addSorted(list: readonly FieldError[]) {
    for (const e of [...list].sort((a, b) => (a.row ?? 0) - (b.row ?? 0))) this.add(e);
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

export interface RawRecord {
  row: number;
  sheet?: string;
  values: string[];
  /** 0-based columns holding a formula (XLSX). */
  formulaColumns?: number[];
}

/** A file loaded into the staging table. */
export interface StagedFile {
  /** The file's row of a staged row_no. */
  rowOf: (rowNo: number) => number;
  /** Column label of a field in the file (for messages), or undefined when the file has none. */
  columnOf: (f: RowField) => string | undefined;
  sheet?: string | undefined;
  /** Problems found while reading (broken text, formulas), merged with the checks' findings by row. */
  preErrors: FieldError[];
}

/** Bytes handed to one COPY piece (PGlite loads each piece as one blob). */
export const COPY_PIECE_BYTES = 4 * 1024 * 1024;

/**
 * Passage CSV: the header is read here; the data records go to PostgreSQL's own CSV parser by COPY, untouched
 * but for blank lines and records with broken text, which are set aside and reported.
 */
async function stageCsv(
  tx: Queryable,
  kind: Db['kind'],
  input: Readable,
  file: string,
  errors: ErrorList,
): Promise<StagedFile | undefined> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunker = new CsvChunker({ pieceBytes: COPY_PIECE_BYTES });
  const first: Buffer[] = [];
  let isDone = false;
  try {
    while (chunker.header === undefined && !isDone) {
      const r = await it.next();
      if (r.done) {
        isDone = true;
        first.push(...chunker.end());
      } else {
        if (chunker.header === undefined && first.length === 0 && isUtf16(r.value))
          throw new ReadError('the file is UTF-16 encoded: save it as UTF-8 (CSV UTF-8) and retry', 1);
        first.push(...chunker.push(r.value));
      }
    }
  } catch (e) {
    throw asReadError(e);
  }
  const headerLine = chunker.header;
  if (headerLine === undefined || headerLine.trim() === '') {
    errors.add({ file, field: 'file', ...rowMessage('FILE_EMPTY') });
    return undefined;
  }
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    headerLine.split(d).length > headerLine.split(best).length ? d : best,
  );
  let cells: string[];
  try {
    cells = (parseSync(headerLine, { delimiter, relax_column_count: true }) as string[][])[0] ?? [];
  } catch (e) {
    throw asReadError(e);
  }
  const m = mapHeader(cells, { file });
  for (const e of m.errors) errors.add(e);
  if (errors.list.length) return undefined; // a header that cannot be read makes every row wrong
  let ignored = 0;
  const columns = m.fields.map((f) => f ?? `ignored_${++ignored}`);
  await createStagingTable(tx, ignored);
  let pieceFirstRecord = 0;
  async function* pieces(): AsyncGenerator<Buffer> {
    for (const p of first) {
      yield p;
      pieceFirstRecord = chunker.records;
    }
    if (!isDone) {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        for (const p of chunker.push(r.value)) {
          yield p;
          pieceFirstRecord = chunker.records;
        }
      }
      yield* chunker.end();
    }
  }
  const rowOf = (rowNo: number) => chunker.lineOfRecord(rowNo - 1);
  try {
    await tx.copyFrom(copyCsvStatement(columns, delimiter), pieces());
  } catch (e) {
    const line = copyLine(e);
    if (line === undefined) throw asReadError(e);
    // Native COPY counts records over the whole stream; PGlite's COPY restarts with every piece.
    const record = (kind === 'pglite' ? pieceFirstRecord : 0) + line - 1;
    throw new ReadError(`the CSV cannot be read: ${copyMessage(e)}`, chunker.lineOfRecord(record));
  }
  const fields = m.fields;
  const columnOf = (f: RowField) => {
    const i = fields.indexOf(f);
    return i < 0 ? undefined : columnLetter(i);
  };
  const preErrors: FieldError[] = [];
  for (const bad of chunker.badLines) {
    const values = (() => {
      try {
        return (
          (
            parseSync(bad.text, { delimiter, relax_column_count: true, relax_quotes: true }) as string[][]
          )[0] ?? []
        );
      } catch {
        return [];
      }
    })();
    const rowCells: RowCells = {};
    fields.forEach((f, i) => {
      if (f) rowCells[f] = values[i] ?? '';
    });
    const parsed = parseObservationRow(rowCells, BROKEN_TEXT_CONTEXT, { file, row: bad.line, columnOf });
    const found = parsed.ok ? [] : parsed.errors.filter(isBrokenTextError);
    preErrors.push(
      ...(found.length
        ? found
        : [
            {
              file,
              row: bad.line,
              field: 'row',
              message: hasNul(bad.text)
                ? NUL_MESSAGE
                : 'is not valid UTF-8 text: save the file as UTF-8 and retry',
            },
          ]),
    );
  }
  if (chunker.badRecordCount > chunker.badLines.length) errors.isTruncated = true;
  return { rowOf, columnOf, preErrors };
}

/**
 * The reporting calendar (definitions module): each indicator and month of the file must be expected from the
 * reporter. One error per indicator and month, on its first row.
 */
export async function checkStagedCalendar(
  tx: Queryable,
  dialogueId: number,
  reporter: string,
  staged: StagedFile,
  errors: ErrorList,
  opts: { historical?: boolean } = {},
): Promise<void> {
  // A historical load (the secretariat's past years) is outside the reporting calendar; locks still hold.
  const calendar = await loadCalendarCheck(tx, dialogueId, reporter);
  const outside: typeof calendar = opts.historical ? () => null : calendar;
  const locked = await loadLockCheck(tx, dialogueId, reporter); // published months (src/modules/period-locks)
  const found: FieldError[] = [];
  for (const p of await listStagedPeriods(tx)) {
    const reason = outside(p.indicator, p.period) ?? locked(p.indicator, p.period);
    if (!reason) continue;
    const column = staged.columnOf('period');
    found.push({
      file: errors.fileName,
      ...(staged.sheet !== undefined && { sheet: staged.sheet }),
      row: staged.rowOf(Number(p.first_row_no)),
      ...(column !== undefined && { column }),
      field: 'period',
      ...withParams(reason, { figures: p.n, firstRow: 1, indicator: p.indicator, period: p.period }),
    });
  }
  errors.addSorted(found);
}

/** parseObservationRow context used only to word broken-text errors (every other finding is dropped). */
const BROKEN_TEXT_CONTEXT: RowContext = {
  indicators: new Map(),
  codes: Object.fromEntries(DIMENSIONS.map((d) => [d, new Set<string>()])) as unknown as RowContext['codes'],
  reporter: '',
  latestPeriod: '9999-12',
  earliestPeriod: '0000-01',
};

function isUtf16(head: Buffer): boolean {
  return UTF16_BOMS.some((b) => head.subarray(0, 2).equals(b));
}

/** The line of a COPY error ("COPY import_rows, line 3: …"). */
function copyLine(e: unknown): number | undefined {
  const where = (e as { where?: string }).where ?? '';
  const m = /\bline (\d+)/.exec(where);
  return m ? Number(m[1]) : undefined;
}

function copyMessage(e: unknown): string {
  const msg = (e as Error).message ?? String(e);
  if (msg.startsWith('extra data after last expected column'))
    return 'the row has more cells than the header has columns';
  if (msg.startsWith('missing data for column')) return 'the row has fewer cells than the header has columns';
  return msg;
}

/**
 * SDMX-CSV and XLSX: records are read here (csv-parse / src/shared/xlsx-reader.ts), mapped to Passage fields and written to the
 * staging table as COPY text; the checks are the same as for CSV.
 */
async function stageRecords(
  tx: Queryable,
  records: AsyncIterable<RawRecord>,
  format: ImportFormat,
  file: string,
  ctx: RowContext,
  errors: ErrorList,
): Promise<StagedFile | undefined> {
  const it = records[Symbol.asyncIterator]();
  let head: RawRecord | undefined;
  for (let r = await it.next(); !r.done; r = await it.next()) {
    if (r.value.formulaColumns?.length || r.value.values.length) {
      head = r.value;
      break;
    }
  }
  if (!head) {
    errors.add({ file, field: 'file', ...rowMessage('FILE_EMPTY') });
    return undefined;
  }
  const sheet = head.sheet;
  const at = { file, ...(sheet !== undefined && { sheet }) };
  let toCells: (values: string[]) => RowCells;
  let columnOf: (f: RowField) => string | undefined;
  if (format === 'sdmx-csv') {
    const m = mapSdmxHeader(head.values, at);
    for (const e of m.errors) errors.add({ ...e, row: head.row });
    toCells = (v) => fromSdmxRow(v, m);
    columnOf = (f) => {
      const i = m.columns.indexOf(f);
      return i < 0 ? undefined : columnLetter(i);
    };
  } else {
    const m = mapHeader(head.values, at);
    for (const e of m.errors) errors.add({ ...e, row: head.row });
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
  if (errors.list.length) return undefined;
  await createStagingTable(tx, 0);
  const preErrors: FieldError[] = [];
  async function* stagedLines(): AsyncGenerator<string> {
    for (let r = await it.next(); !r.done; r = await it.next()) {
      const rec = r.value;
      if (rec.formulaColumns?.length) {
        for (const c of rec.formulaColumns)
          preErrors.push({
            file,
            sheet,
            row: rec.row,
            column: columnLetter(c),
            field: 'cell',
            ...rowMessage('ROW_FORMULA'),
          });
        continue;
      }
      if (rec.values.every((v) => v.trim() === '')) continue;
      const cells = toCells(rec.values);
      if (ROW_FIELDS.some((f) => hasBrokenText(cells[f] ?? ''))) {
        const parsed = parseObservationRow(cells, ctx, { file, sheet, row: rec.row, columnOf });
        if (!parsed.ok) preErrors.push(...parsed.errors.filter(isBrokenTextError));
        continue;
      }
      yield stagingLine(rec.row, cells);
    }
  }
  await tx.copyFrom(copyTextStatement(), copyPieces(stagedLines()));
  return { rowOf: (n) => n, columnOf, sheet, preErrors };
}

/** One staged row for COPY's text format: the file's row number, then the cells of ROW_FIELDS. */
export function stagingLine(row: number, cells: RowCells): string {
  return `${row}\t${ROW_FIELDS.map((f) => copyText(cells[f])).join('\t')}\n`;
}

/**
 * Staged lines grouped into pieces of about COPY_PIECE_BYTES, the chunks one COPY reads. Each line is written
 * into the piece at once (and counted in bytes, not characters), so no piece keeps its lines as strings.
 */
export async function* copyPieces(lines: AsyncIterable<string>): AsyncGenerator<Buffer> {
  let piece = Buffer.allocUnsafe(COPY_PIECE_BYTES);
  let used = 0;
  for await (const line of lines) {
    const n = Buffer.byteLength(line);
    if (used + n > piece.length) {
      if (used) yield piece.subarray(0, used);
      piece = Buffer.allocUnsafe(Math.max(COPY_PIECE_BYTES, n));
      used = 0;
    }
    used += piece.write(line, used);
  }
  if (used) yield piece.subarray(0, used);
}

/** A value in COPY text format: \N for none; backslash, tab and line breaks escaped. */
export function copyText(v: string | undefined): string {
  if (v === undefined) return '\\N';
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
}

/**
 * Checks the staged rows in SQL; the few that fail are worded by parseObservationRow (the same messages as a
 * JSON submission gets). A row that fails only because of spaces around a code or lower-case country codes
 * is fine: then every cell is trimmed once (normaliseStagedRows) and the rows are checked again.
 */
export async function checkStagedRows(
  tx: Queryable,
  staged: StagedFile,
  checks: StagingChecks,
  ctx: RowContext,
  errors: ErrorList,
): Promise<void> {
  for (let pass = 1; pass <= 2; pass++) {
    const failing = await findFailingRows(tx, checks, MAX_ERRORS + 1);
    if (!failing.length) return;
    const found: FieldError[] = [];
    const fine: number[] = [];
    for (const r of failing) {
      const cells: RowCells = {};
      for (const f of ROW_FIELDS) {
        const v = r[f];
        if (v !== undefined && v !== null) cells[f] = v;
      }
      const row = staged.rowOf(Number(r.row_no));
      if (ROW_FIELDS.every((f) => (cells[f] ?? '').trim() === '')) {
        fine.push(row); // blank once trimmed
        continue;
      }
      const parsed = parseObservationRow(cells, ctx, {
        file: errors.fileName,
        sheet: staged.sheet,
        row,
        columnOf: staged.columnOf,
      });
      if (parsed.ok) fine.push(row);
      else found.push(...parsed.errors);
    }
    if (found.length || pass === 2) {
      const rest = pass === 2 ? fine : [];
      errors.addSorted([
        ...staged.preErrors,
        ...found,
        ...rest.map((row) => ({
          file: errors.fileName,
          row,
          field: 'row',
          ...rowMessage('ROW_UNREADABLE'),
        })),
      ]);
      staged.preErrors = [];
      if (failing.length > MAX_ERRORS) errors.isTruncated = true;
      return;
    }
    await normaliseStagedRows(tx);
  }
}

const UTF16_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];

/** CSV records, streamed; the delimiter (, ; or tab) is taken from the header line. */
export async function* csvRecords(input: Readable): AsyncGenerator<RawRecord> {
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

/**
 * Rows of the first worksheet of an XLSX workbook, read with memory bounded by the upload limits
 * (src/shared/xlsx-reader.ts, src/domain/upload-limits.ts); formula cells are reported, not read.
 */
export async function* xlsxRecords(input: Readable, fileName: string): AsyncGenerator<RawRecord> {
  try {
    for await (const r of readXlsxUpload(input, { limits: readUploadLimits(), fileName }))
      yield { row: r.row, sheet: r.sheet, values: r.values, formulaColumns: r.formulaColumns };
  } catch (e) {
    throw asReadError(e);
  }
}

export class ReadError extends Error {
  constructor(
    message: string,
    readonly row?: number,
  ) {
    super(message);
  }
}

/** A parser's error as a file error (with the line when the parser knows it); others pass through. */
export function asReadError(e: unknown): unknown {
  if (e instanceof ReadError || e instanceof AppError) return e;
  if (e instanceof XlsxRejected) return new ReadError(e.message);
  const err = e as { code?: string; message?: string; lines?: number };
  const row = typeof err.lines === 'number' ? err.lines : undefined;
  if (err.code?.startsWith('CSV_')) return new ReadError(`the CSV cannot be read: ${err.message}`, row);
  return new ReadError(`the file cannot be read as this format (${err.message ?? String(e)})`, row);
}

/**
 * Counts bytes against the upload limit and, for XLSX, looks for a VBA project (macros) in the zip's entry
 * names, which are stored uncompressed in the local file headers.
 */
export class UploadGuard extends Transform {
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
              ...rowMessage('FILE_MACROS'),
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
