/**
 * Imports through a mapping (issue 22, src/domain/import-mapping): any CSV, SDMX-CSV or XLSX table whose
 * columns a mapping describes. Records are read one at a time, unpivoted (a wide table gives a row per value
 * cell), their labels turned into codes, and written to the same staging table as a template file, where the
 * same checks run. Then, in the same one transaction:
 * - a file with a reporter column and several reporters (the secretariat, or an observer organisation it allowed
 *   to submit for those states: observations.policy.ts `write`) becomes one draft submission
 *   per reporter; every reporter's rows are checked before anything is kept, and any error anywhere rejects
 *   the whole file;
 * - the parts of an additive breakdown without their total get a derived total (marked in its comment), or,
 *   where the dialogue requires reported totals, the file is refused;
 * - a historical load (the secretariat) is not checked against the reporting calendar, and is audited as one;
 * - a dry run does all of it but the insert, and answers with the first rows as figures and a summary.
 */
import type { Readable } from 'node:stream';
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  applyToHeader,
  checkMapping,
  countryLabels,
  type ImportMapping,
  LabelMatcher,
  type LabelProblem,
  type MappingProposal,
  proposeMapping,
  TOTAL_LABELS,
  Unpivot,
} from '../../domain/import-mapping';
import { DIMENSION_CODES, DIMENSIONS, type Dimension } from '../../domain/observations/dimensions';
import type { ROW_FIELDS, RowCells } from '../../domain/observations/parse-csv-row';
import { findCodelist } from '../../reference/codelists';
import { listCountryNames } from '../../reference/countries';
import { isMember } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { findDialogueFor, isMemberState } from '../dialogues/dialogues.service';
import {
  checkStagedCalendar,
  checkStagedRows,
  copyPieces,
  csvRecords,
  ErrorList,
  firstError,
  type LoadedRowContext,
  loadRowContext,
  MAX_ERRORS,
  maxImportBytes,
  type RawRecord,
  ReadError,
  type StagedFile,
  stagingChecks,
  stagingLine,
  UploadGuard,
  xlsxRecords,
} from './observations.import';
import { observationsPolicy } from './observations.policy';
import type { ImportFormat } from './observations.schema';
import { insertSubmission, requiresReportedTotals } from './observations.sql';
import {
  copyTextStatement,
  countStagedRows,
  createStagingTable,
  deriveStagedTotals,
  findDuplicateRows,
  findMissingTotals,
  insertStagedRows,
  listStagedReporters,
  type StagingChecks,
  setObservationCount,
  stashStagedRows,
  takeStagedReporter,
} from './observations.staging.sql';

/** Figures shown in a dry run's preview. */
export const PREVIEW_ROWS = 20;

export interface MappedImportInput {
  slug: string;
  format: ImportFormat;
  stream: Readable;
  fileName?: string | undefined;
  mapping: ImportMapping;
  /** The saved mapping's name: its columns are matched to the file's header by name. */
  mappingName?: string | undefined;
  /** The reporter of every row when the mapping has no reporter column (default the actor's state). */
  reporter?: string | undefined;
  dryRun?: boolean | undefined;
  /** The secretariat loads past years outside the reporting calendar (audited). */
  historical?: boolean | undefined;
  maxBytes?: number | undefined;
}

export interface MappedSubmission {
  reporter: string;
  /** null in a dry run. */
  submissionId: number | null;
  observations: number;
  derivedTotals: number;
}

export interface MappedImportResult {
  dryRun: boolean;
  historical: boolean;
  fileName: string;
  submissions: MappedSubmission[];
  /** Figures in all (derived totals included). */
  observations: number;
  /** Rows left out by a confirmed "leave out" answer (an aggregate such as EU-27). */
  skippedRows: number;
  /** The first figures as read through the mapping. */
  preview: RowCells[];
}

/** Imports a file through a mapping into one draft submission per reporter (or checks it: dryRun). */
export async function importMapped(ctx: Ctx, input: MappedImportInput): Promise<MappedImportResult> {
  return importMappedAs(ctx.db, ctx.actor, input);
}

/** The same for the CLI and benchmarks, without access checks. */
export function importMappedAsSystem(db: Ctx['db'], input: MappedImportInput): Promise<MappedImportResult> {
  return importMappedAs(db, 'system', input);
}

async function importMappedAs(
  db: Ctx['db'],
  who: Ctx['actor'] | 'system',
  input: MappedImportInput,
): Promise<MappedImportResult> {
  const actor = who === 'system' ? null : who;
  const d = await findDialogueFor(db, who === 'system' ? 'system' : actor, input.slug);
  if (!d || (who !== 'system' && !isMember(actor, d.id))) {
    input.stream.resume();
    throw new NotFound(`Dialogue "${input.slug}"`);
  }
  const anyReporter = who === 'system' || observationsPolicy.writesForAnyState(actor, { dialogueId: d.id });
  if (who !== 'system' && !observationsPolicy.writesForSomeState(actor, { dialogueId: d.id })) {
    input.stream.resume();
    throw new Forbidden('You may not submit figures in this dialogue');
  }
  if (input.historical && !anyReporter) {
    input.stream.resume();
    throw new Forbidden('Only the secretariat loads historical figures outside the reporting calendar');
  }
  const fileName = input.fileName ?? `upload.${input.format === 'xlsx' ? 'xlsx' : 'csv'}`;
  const hasReporterColumn = input.mapping.columns.some((c) => c.kind === 'field' && c.field === 'reporter');
  const given = (
    input.mapping.fixed.reporter ??
    input.reporter ??
    (hasReporterColumn ? '' : actor?.countryIso3) ??
    ''
  ).toUpperCase();
  const mapping: ImportMapping =
    given && !hasReporterColumn
      ? { ...input.mapping, fixed: { ...input.mapping.fixed, reporter: given } }
      : input.mapping;
  const run = <T>(fn: (tx: Queryable) => Promise<T>) =>
    who === 'system' ? db.transaction(fn) : withActor(db, actor, fn);
  return run(async (tx) => {
    const loaded = await loadRowContext(tx, d, given || 'XXX');
    const guard = new UploadGuard(input.maxBytes ?? maxImportBytes(), input.format === 'xlsx');
    input.stream.on('error', (e) => guard.destroy(e));
    guard.on('error', () => {});
    const source = input.stream.pipe(guard);
    const errors = new ErrorList(fileName);
    const records = input.format === 'xlsx' ? xlsxRecords(source, fileName) : csvRecords(source);
    let staged: MappedStage | undefined;
    try {
      staged = await stageMapped(tx, records, mapping, input.mappingName, fileName, loaded, errors, {
        reporterGiven: !!given,
      });
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
      await records.return(undefined);
      source.destroy();
    }
    if (guard.failure) throw guard.failure;
    const reject = () =>
      new Invalid(
        errors.list,
        `${fileName}: ${errors.list.length}${errors.isTruncated ? '+' : ''} error(s); nothing was written. ${firstError(errors.list)}`,
        'IMPORT_REJECTED',
      );
    if (!staged || errors.list.length)
      throw errors.list.length
        ? reject()
        : new Invalid(
            [{ file: fileName, field: 'file', message: 'the file has no data rows' }],
            undefined,
            'IMPORT_REJECTED',
          );

    // The reporters of the file: each a member state, each one the importer may submit for.
    const reporters = await listStagedReporters(tx);
    for (const r of reporters) {
      const code = r.reporter || given;
      const at = {
        file: fileName,
        row: staged.rowOf(Number(r.first_row_no)),
        field: 'reporter',
        ...(staged.columnOf('reporter') !== undefined && { column: staged.columnOf('reporter') }),
      };
      if (!code)
        errors.add({
          ...at,
          message: 'no reporting state: map a reporter column or give the reporter for the file',
        });
      else if (!(await isMemberState(tx, d.id, code)))
        errors.add({
          ...at,
          message: `"${code}" is not a member state of this dialogue (${r.n} figure${r.n === 1 ? '' : 's'}; the first on this row)`,
        });
      else if (who !== 'system' && !observationsPolicy.write(actor, { dialogueId: d.id, reporter: code }))
        errors.add({
          ...at,
          message: `you may not submit figures for ${code} in this dialogue (only the secretariat, or an organisation it allowed to submit for ${code}, imports for other states)`,
        });
    }
    if (errors.list.length) throw reject();
    if (!reporters.length)
      errors.add({ file: fileName, field: 'file', message: 'the file has no data rows' });
    if (errors.list.length) throw reject();

    const totalsRequired = await requiresReportedTotals(tx, d.id);
    const additive = loaded.indicators
      .map((i) => ({
        code: i.code,
        dimensions: i.additive_breakdowns.filter((x): x is Dimension =>
          (DIMENSIONS as readonly string[]).includes(x),
        ),
      }))
      .filter((i) => i.dimensions.length);
    const several = reporters.length > 1;
    if (several) await stashStagedRows(tx);
    const submissions: MappedSubmission[] = [];
    for (const r of reporters) {
      const reporter = r.reporter || given;
      if (several) await takeStagedReporter(tx, r.reporter);
      const perReporter: LoadedRowContext = { ...loaded, ctx: { ...loaded.ctx, reporter } };
      const checks: StagingChecks = stagingChecks(perReporter);
      const before = errors.list.length;
      await checkStagedRows(tx, staged, checks, perReporter.ctx, errors);
      errors.addSorted(staged.preErrors);
      staged.preErrors = [];
      let derived = 0;
      if (errors.list.length === before) {
        if (totalsRequired) {
          for (const m of await findMissingTotals(tx, additive))
            errors.add({
              file: fileName,
              row: staged.rowOf(m.first_row_no),
              field: m.dimension,
              message: `${m.groups} group${m.groups === 1 ? '' : 's'} of ${m.indicator} figures of ${reporter} by ${m.dimension} have no total (_T), and this dialogue requires reported totals (the first on this row)`,
            });
        } else derived = await deriveStagedTotals(tx, additive);
      }
      if (errors.list.length === before)
        await checkStagedCalendar(tx, d.id, reporter, staged, errors, { historical: !!input.historical });
      const n = await countStagedRows(tx);
      if (errors.list.length || input.dryRun) {
        submissions.push({ reporter, submissionId: null, observations: n, derivedTotals: derived });
        continue;
      }
      const submissionId = await insertSubmission(tx, {
        dialogueId: d.id,
        reporter,
        source: input.format,
        fileName,
        userId: actor?.userId ?? null,
        historicalLoad: !!input.historical,
      });
      await tx.exec('SAVEPOINT import_insert');
      try {
        await insertStagedRows(tx, checks, { submissionId, dialogueId: d.id, userId: actor?.userId ?? null });
      } catch (e) {
        if ((e as { code?: string }).code !== '23505') throw e;
        await tx.exec('ROLLBACK TO SAVEPOINT import_insert');
        for (const dup of await findDuplicateRows(tx, checks, MAX_ERRORS + 1))
          errors.add({
            file: fileName,
            row: staged.rowOf(dup.row_no),
            field: 'key',
            message: `duplicate key: the same figure of ${reporter} is on row ${staged.rowOf(dup.first_row_no)} (same indicator, period and breakdowns)`,
          });
        if (!errors.list.length) throw e;
        continue;
      }
      await tx.exec('RELEASE SAVEPOINT import_insert');
      await setObservationCount(tx, submissionId, n);
      await recordAudit(
        tx,
        actor,
        input.historical ? 'submission.import.historical' : 'submission.import',
        { type: 'submission', id: submissionId, dialogueId: d.id },
        {
          fileName,
          format: input.format,
          observations: n,
          reporter,
          mapping: input.mappingName ?? null,
          derivedTotals: derived,
          historical: !!input.historical,
          ...(several && { reporters: reporters.length }),
        },
      );
      submissions.push({ reporter, submissionId, observations: n, derivedTotals: derived });
    }
    if (errors.list.length) throw reject(); // every reporter's errors; the transaction keeps nothing
    return {
      dryRun: !!input.dryRun,
      historical: !!input.historical,
      fileName,
      submissions,
      observations: submissions.reduce((a, s) => a + s.observations, 0),
      skippedRows: staged.unpivot.skippedRows,
      preview: staged.preview,
    };
  });
}

interface MappedStage extends StagedFile {
  unpivot: Unpivot;
  preview: RowCells[];
}

/** The label matchers of a dialogue: countries (reporter, citizenship), codelists, routes; "Total" is `_T`. */
export function mappingMatchers(
  loaded: LoadedRowContext,
): Partial<Record<(typeof ROW_FIELDS)[number], LabelMatcher>> {
  const countries = countryLabels(listCountryNames());
  const total = { code: '_T', labels: TOTAL_LABELS };
  const out: Partial<Record<(typeof ROW_FIELDS)[number], LabelMatcher>> = {
    reporter: new LabelMatcher(countries),
    citizenship: new LabelMatcher([total, ...countries]),
  };
  for (const dim of DIMENSIONS) {
    if (dim === 'citizenship') continue;
    const source = DIMENSION_CODES[dim];
    const entries =
      source === 'ROUTES'
        ? [...loaded.ctx.codes.route].map((code) => ({ code, labels: [] }))
        : (findCodelist(source)?.codes ?? [])
            .filter((c) => c.code !== '_T')
            .map((c) => ({ code: c.code, labels: [c.name.en, c.name.fr, c.name.ru] }));
    out[dim] = new LabelMatcher([total, ...entries]);
  }
  return out;
}

/** Reads the header, applies and checks the mapping, then streams the unpivoted rows into the staging table. */
async function stageMapped(
  tx: Queryable,
  records: AsyncGenerator<RawRecord>,
  given: ImportMapping,
  name: string | undefined,
  file: string,
  loaded: LoadedRowContext,
  errors: ErrorList,
  opts: { reporterGiven: boolean },
): Promise<MappedStage | undefined> {
  let head: RawRecord | undefined;
  for (let r = await records.next(); !r.done; r = await records.next()) {
    if (r.value.values.some((v) => v.trim() !== '')) {
      head = r.value;
      break;
    }
  }
  if (!head) {
    errors.add({ file, field: 'file', message: 'the file is empty (no header row)' });
    return undefined;
  }
  const sheet = head.sheet;
  const where = { file, ...(sheet !== undefined && { sheet }) };
  let mapping = given;
  if (
    name !== undefined ||
    given.header.length !== head.values.length ||
    given.header.some((h, i) => h !== head.values[i])
  ) {
    const applied = applyToHeader(given, head.values, { ...where, name });
    for (const e of applied.errors) errors.add(e);
    mapping = applied.mapping;
  }
  for (const e of checkMapping(mapping, { ...where, reporterGiven: opts.reporterGiven })) errors.add(e);
  if (errors.list.length) return undefined;
  const unpivot = new Unpivot(mapping, { matchers: mappingMatchers(loaded) }, where);
  await createStagingTable(tx, 0);
  const preview: RowCells[] = [];
  const preErrors: FieldError[] = [];
  async function* stagedLines(): AsyncGenerator<string> {
    for (let r = await records.next(); !r.done; r = await records.next()) {
      const rec = r.value;
      if (rec.formulaColumns?.length) {
        preErrors.push({
          ...where,
          row: rec.row,
          field: 'cell',
          message: 'formulas are not accepted: paste the values only',
        });
        continue;
      }
      if (rec.values.every((v) => v.trim() === '')) continue;
      for (const cells of unpivot.rowsOf(rec.values, rec.row)) {
        if (preview.length < PREVIEW_ROWS) preview.push(cells);
        yield stagingLine(rec.row, cells);
      }
    }
  }
  await tx.copyFrom(copyTextStatement(), copyPieces(stagedLines()));
  for (const e of unpivot.errors()) errors.add(e);
  errors.addSorted(preErrors);
  return {
    rowOf: (n) => n,
    columnOf: (f) => unpivot.columnOf(f),
    sheet,
    preErrors: [],
    unpivot,
    preview,
  };
}

export interface FileProposal {
  fileName: string;
  sheet: string | null;
  header: string[];
  /** The first rows of the file as they are. */
  rows: string[][];
  proposal: MappingProposal;
  /** Labels of the first rows that are no code or several: to confirm once (the answer goes in the mapping). */
  problems: LabelProblem[];
  /** The first figures as read through the proposal. */
  preview: RowCells[];
}

/** Rows of a file read for the proposal. */
export const PROPOSAL_ROWS = 50;

/**
 * The mapping step's start: reads the header and the first rows of a file (nothing is written), proposes what
 * each column is, and reads those rows through the proposal to list the labels to confirm.
 */
export async function proposeForFile(
  ctx: Ctx,
  input: {
    slug: string;
    format: ImportFormat;
    stream: Readable;
    fileName?: string | undefined;
    maxBytes?: number;
  },
): Promise<FileProposal> {
  const d = await findDialogueFor(ctx.db, ctx.actor, input.slug);
  if (!d || !isMember(ctx.actor, d.id)) {
    input.stream.resume();
    throw new NotFound(`Dialogue "${input.slug}"`);
  }
  const fileName = input.fileName ?? `upload.${input.format === 'xlsx' ? 'xlsx' : 'csv'}`;
  const guard = new UploadGuard(input.maxBytes ?? maxImportBytes(), input.format === 'xlsx');
  input.stream.on('error', (e) => guard.destroy(e));
  guard.on('error', () => {});
  const source = input.stream.pipe(guard);
  const records = input.format === 'xlsx' ? xlsxRecords(source, fileName) : csvRecords(source);
  let head: RawRecord | undefined;
  const rows: RawRecord[] = [];
  try {
    for (let r = await records.next(); !r.done; r = await records.next()) {
      if (r.value.values.every((v) => v.trim() === '')) continue;
      if (!head) head = r.value;
      else rows.push(r.value);
      if (rows.length >= PROPOSAL_ROWS) break;
    }
  } catch (e) {
    if (guard.failure) throw guard.failure;
    if (e instanceof ReadError)
      throw new Invalid(
        [{ file: fileName, field: 'file', message: e.message, ...(e.row !== undefined && { row: e.row }) }],
        undefined,
        'IMPORT_REJECTED',
      );
    throw e;
  } finally {
    await records.return(undefined);
    source.destroy();
    input.stream.resume();
  }
  if (guard.failure) throw guard.failure;
  if (!head)
    throw new Invalid(
      [{ file: fileName, field: 'file', message: 'the file is empty (no header row)' }],
      undefined,
      'IMPORT_REJECTED',
    );
  const loaded = await withActor(ctx.db, ctx.actor, (tx) =>
    loadRowContext(tx, d, ctx.actor?.countryIso3 ?? 'XXX'),
  );
  const matchers = mappingMatchers(loaded);
  const proposal = proposeMapping(
    head.values,
    rows.map((r) => r.values),
    {
      dimensions: Object.fromEntries(DIMENSIONS.map((dim) => [dim, matchers[dim]])),
      countries: matchers.reporter ?? new LabelMatcher([]),
      indicators: loaded.indicators.map((i) => i.code),
    },
  );
  const unpivot = new Unpivot(proposal.mapping, { matchers }, { file: fileName });
  const preview: RowCells[] = [];
  for (const r of rows)
    for (const c of unpivot.rowsOf(r.values, r.row)) if (preview.length < PREVIEW_ROWS) preview.push(c);
  return {
    fileName,
    sheet: head.sheet ?? null,
    header: head.values,
    rows: rows.slice(0, 10).map((r) => r.values),
    proposal,
    problems: [...unpivot.problems.values()],
    preview,
  };
}
