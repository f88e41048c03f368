/**
 * The submission workflow (draft -> submitted -> validated | returned -> published, the table in
 * src/domain/submissions/workflow.ts), single-figure edits of a draft with optimistic concurrency, the findings
 * of the validation rules, and the diff against the published figures. Publication announces
 * `observations.published` (src/shared/events.ts) and knows nothing of who reacts. One use case per function,
 * one transaction each, run as the actor so row-level security applies too.
 */

import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  type Breakdowns,
  DIMENSIONS,
  type ObservationInput,
  TOTAL_CODE,
} from '../../domain/observations/dimensions';
import { parseObservationRow, type RowCells, type RowField } from '../../domain/observations/parse-csv-row';
import { rowMessage } from '../../domain/observations/row-messages';
import { addMonths } from '../../domain/periods';
import {
  compileRules,
  evaluateRules,
  type Finding,
  type RuleFigure,
  seriesKey,
} from '../../domain/rules/engine';
import { findingMessage, readStoredFinding } from '../../domain/rules/finding-messages';
import { assertCanTake, statusAfter } from '../../domain/submissions/workflow';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { domainEvents, type ObservationsPublished, type SubmissionStepTaken } from '../../shared/events';
import { recordAudit } from '../audit/audit.service';
import { assertSubmissionInCalendar, loadCalendarCheck } from '../calendars/calendars.service';
import { type DialogueRef, isMemberState, requireMemberDialogue } from '../dialogues/dialogues.service';
import type { ObservationBody, ObservationView } from '../observations/observations.schema';
import {
  insertDraftObservations,
  loadRowContext,
  openDraftSubmission,
  toObservationView,
} from '../observations/observations.service';
import { assertSubmissionUnlocked, loadLockCheck, periodLocked } from '../period-locks/period-locks.service';
import { activeRules } from '../validation-rules/validation-rules.service';
import { submissionAbilities, submissionsPolicy } from './submissions.policy';
import {
  findPendingRelease,
  listUpcomingReleaseRows,
  markCancelled,
  type ScheduledReleaseRow,
} from './submissions.release.sql';
import type {
  DiffView,
  FigureEditBody,
  FigureRemoveBody,
  FindingView,
  ReleaseView,
  SubmissionCreateBody,
  SubmissionDetail,
  SubmissionView,
  SubmitBody,
} from './submissions.schema';
import {
  type FigureKey,
  findCurrentFigure,
  findObservationRow,
  findPendingFigure,
  findPublishedRevision,
  findPublishedScope,
  findSubmission,
  insertComment,
  insertFigureRevision,
  listComments,
  listCurrentObservationsOfIndicator,
  listCurrentObservationsPage,
  listDiffRows,
  listFindings,
  listPublishedObservationsBetween,
  listSubmissionIndicatorIds,
  listVisibleSubmissions,
  lockFigure,
  lockPublication,
  markObservationsPublished,
  refreshObservationCount,
  replaceFindings,
  type SubmissionRow,
  setSubmissionStatus,
  summariseDiff,
  supersedeObservation,
  supersedePublishedBy,
} from './submissions.sql';

// ---------- shared helpers ----------

const iso = (v: string | Date) => new Date(v).toISOString();
const isoOrNull = (v: string | Date | null) => (v === null ? null : iso(v));

function tx<T>(ctx: Ctx, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return withActor(ctx.db, ctx.actor, fn);
}

/** A submission the actor may see (the reporter's organisations and the secretariat), else 404. */
async function requireSubmission(ctx: Ctx, db: Queryable, d: DialogueRef, id: number, forUpdate = false) {
  const s = await findSubmission(db, d.id, id, forUpdate);
  if (!s || !submissionsPolicy.readPending(ctx.actor, { dialogueId: d.id, reporter: s.reporter_iso3 }))
    throw new NotFound(`Submission ${id}`);
  return s;
}

function toSubmissionView(ctx: Ctx, s: SubmissionRow): SubmissionView {
  return {
    id: s.id,
    reporter: s.reporter_iso3,
    status: s.status,
    source: s.source,
    fileName: s.file_name,
    observationCount: s.observation_count,
    createdBy: s.created_by === null ? null : { id: s.created_by, name: s.created_by_name ?? '' },
    createdAt: iso(s.created_at),
    submittedAt: isoOrNull(s.submitted_at),
    decidedAt: isoOrNull(s.decided_at),
    publishedAt: isoOrNull(s.published_at),
    abilities: submissionAbilities(ctx.actor, {
      dialogueId: s.dialogue_id,
      reporter: s.reporter_iso3,
      status: s.status,
    }),
  };
}

// ---------- submissions ----------

/** Turns a JSON observation into the cells of a row, so JSON goes through the same validation as files. */
function jsonCells(o: ObservationBody): RowCells {
  const cells: RowCells = {
    indicator: o.indicator,
    period: o.period,
    value: o.value === null ? '' : String(o.value),
    flags: (o.flags ?? []).join(';'),
    comment: o.comment ?? '',
  };
  if (o.reporter !== undefined) cells.reporter = o.reporter;
  for (const d of DIMENSIONS) cells[d] = o.breakdowns?.[d] ?? TOTAL_CODE;
  return cells;
}

/** Creates a draft submission, empty or with observations given as JSON (the machine-to-machine API). */
export async function createSubmission(
  ctx: Ctx,
  slug: string,
  input: SubmissionCreateBody,
): Promise<SubmissionDetail> {
  const d = await requireMemberDialogue(ctx, slug);
  const reporter = input.reporter ?? ctx.actor?.countryIso3 ?? '';
  if (!submissionsPolicy.write(ctx.actor, { dialogueId: d.id, reporter }))
    throw new Forbidden(`You may not submit figures for ${reporter || 'this dialogue'}`);
  if (!(await isMemberState(ctx.db, d.id, reporter)))
    throw new Invalid([{ field: 'body.reporter', ...rowMessage('ROW_REPORTER_NOT_MEMBER', { reporter }) }]);
  const id = await tx(ctx, async (db) => {
    const id = await openDraftSubmission(db, {
      dialogueId: d.id,
      reporter,
      source: input.observations ? 'json' : 'form',
      fileName: null,
      userId: ctx.actor?.userId ?? null,
    });
    if (input.observations?.length)
      await insertJsonObservations(ctx, db, d, id, reporter, input.observations);
    const n = await refreshObservationCount(db, id);
    await recordAudit(
      db,
      ctx.actor,
      'submission.create',
      { type: 'submission', id, dialogueId: d.id },
      {
        reporter,
        observations: n,
      },
    );
    return id;
  });
  return getSubmission(ctx, slug, id);
}

async function insertJsonObservations(
  ctx: Ctx,
  db: Queryable,
  d: DialogueRef,
  submissionId: number,
  reporter: string,
  list: ObservationBody[],
): Promise<void> {
  const { ctx: rowCtx, indicatorIds } = await loadRowContext(db, d, reporter);
  const outsideCalendar = await loadCalendarCheck(db, d.id, reporter);
  const locked = await loadLockCheck(db, d.id, reporter);
  const errors: FieldError[] = [];
  const rows: ObservationInput[] = [];
  const indexOf: number[] = [];
  list.forEach((o, i) => {
    const r = parseObservationRow(jsonCells(o), rowCtx, {
      row: i + 1,
      columnOf: (f: RowField) => f,
    });
    const calendarError = r.ok
      ? (outsideCalendar(r.observation.indicator, r.observation.period) ??
        locked(r.observation.indicator, r.observation.period))
      : null;
    if (calendarError) errors.push({ field: `body.observations[${i}].period`, ...calendarError, row: i + 1 });
    else if (r.ok) {
      rows.push(r.observation);
      indexOf.push(i);
    } else
      for (const e of r.errors)
        errors.push({
          field: `body.observations[${i}].${e.field}`,
          message: e.message,
          ...(e.code !== undefined && { code: e.code, params: e.params ?? {} }),
          row: i + 1,
        });
  });
  const seen = new Map<string, number>();
  rows.forEach((o, n) => {
    const i = indexOf[n]!;
    const k = `${o.indicator}|${o.period}|${DIMENSIONS.map((d) => o.breakdowns[d]).join('|')}`;
    const first = seen.get(k);
    if (first !== undefined)
      errors.push({
        field: `body.observations[${i}]`,
        row: i + 1,
        ...rowMessage('ROW_DUPLICATE_ENTRY', { first }),
      });
    else seen.set(k, i);
  });
  if (errors.length) throw new Invalid(errors.slice(0, 1000), undefined, 'IMPORT_REJECTED');
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000).map((obs) => {
      const ind = indicatorIds.get(obs.indicator)!;
      return { indicatorId: ind.id, classification: ind.classification, obs };
    });
    await insertDraftObservations(
      db,
      { submissionId, dialogueId: d.id, reporter, userId: ctx.actor?.userId ?? null },
      batch,
    );
  }
}

export async function listSubmissions(
  ctx: Ctx,
  slug: string,
  f: { status?: string | undefined; reporter?: string | undefined },
): Promise<SubmissionView[]> {
  const d = await requireMemberDialogue(ctx, slug);
  return tx(ctx, async (db) =>
    (await listVisibleSubmissions(db, ctx.actor, d.id, f)).map((s) => toSubmissionView(ctx, s)),
  );
}

export async function getSubmission(ctx: Ctx, slug: string, id: number): Promise<SubmissionDetail> {
  const d = await requireMemberDialogue(ctx, slug);
  return tx(ctx, async (db) => {
    const s = await requireSubmission(ctx, db, d, id);
    const comments = await listComments(db, id);
    const findings = await listFindings(db, id);
    return {
      ...toSubmissionView(ctx, s),
      comments: comments.map((c) => ({
        action: c.action,
        author: c.author_id === null ? null : { id: c.author_id, name: c.author_name ?? '' },
        body: c.body,
        createdAt: iso(c.created_at),
      })),
      findings: findings.map((f) => ({
        key: f.finding_key,
        rule: f.rule_name,
        severity: f.severity,
        observationId: f.observation_id === null ? null : Number(f.observation_id),
        ...readStoredFinding(f.message, f.wording, ctx.language ?? 'en'),
        comment: f.comment,
      })),
    };
  });
}

/** The submission's current observations (paged). */
export async function listSubmissionObservations(
  ctx: Ctx,
  slug: string,
  id: number,
  page: { limit: number; offset: number },
): Promise<ObservationView[]> {
  const d = await requireMemberDialogue(ctx, slug);
  return tx(ctx, async (db) => {
    await requireSubmission(ctx, db, d, id);
    return (await listCurrentObservationsPage(db, id, page)).map(toObservationView);
  });
}

/**
 * Runs the rules over a submission's current figures, indicator by indicator. Figures of an indicator the
 * caller may not see (row-level security hides the indicator, so the join finds none of them) are left out of
 * what the caller is shown; submitting requires every figure to be checked, so then it is refused.
 */
async function runRules(db: Queryable, s: SubmissionRow, isSubmitting = false): Promise<Finding[]> {
  const rules = compileRules(await activeRules(db, s.dialogue_id));
  if (!rules.length) return [];
  const findings: Finding[] = [];
  for (const indicatorId of await listSubmissionIndicatorIds(db, s.id)) {
    const rows = await listCurrentObservationsOfIndicator(db, s.id, indicatorId);
    if (!rows.length) {
      if (isSubmitting)
        throw new Forbidden(
          'The submission holds figures of an indicator you may not see; a data manager must submit it',
        );
      continue;
    }
    const figures: RuleFigure[] = rows.map((r) => ({
      ref: Number(r.id),
      indicator: r.indicator,
      reporter: r.reporter_iso3,
      period: r.period,
      breakdowns: Object.fromEntries(DIMENSIONS.map((d) => [d, r[d]])) as Breakdowns,
      value: r.value,
    }));
    const periods = figures.map((f) => f.period).sort();
    const from = addMonths(periods[0]!, -36);
    const to = periods[periods.length - 1]!;
    const hist = await listPublishedObservationsBetween(db, {
      dialogueId: s.dialogue_id,
      indicatorId,
      reporter: s.reporter_iso3,
      from,
      to,
    });
    const history = new Map<string, Map<string, number>>();
    for (const h of hist) {
      if (h.value === null) continue;
      const k = seriesKey({
        indicator: h.indicator,
        reporter: h.reporter_iso3,
        breakdowns: Object.fromEntries(DIMENSIONS.map((d) => [d, h[d]])) as Breakdowns,
      });
      const m = history.get(k) ?? new Map<string, number>();
      history.set(k, m);
      m.set(h.period, h.value);
    }
    findings.push(...evaluateRules(rules, figures, history));
  }
  return findings;
}

function findingView(ctx: Ctx, f: Finding, comment: string | null = null): FindingView {
  return {
    key: f.key,
    rule: f.ruleName,
    severity: f.severity,
    observationId: typeof f.ref === 'number' ? f.ref : null,
    message: findingMessage(f.code, f.params, ctx.language ?? 'en') ?? f.message,
    detail: f.detail,
    comment,
  };
}

/** Runs the rules now and returns what they find (the provider sees this inline before submitting). */
export async function checkSubmission(ctx: Ctx, slug: string, id: number): Promise<FindingView[]> {
  const d = await requireMemberDialogue(ctx, slug);
  return tx(ctx, async (db) =>
    (await runRules(db, await requireSubmission(ctx, db, d, id))).map((f) => findingView(ctx, f)),
  );
}

// ---------- workflow ----------

/** Submits a draft (or returned) submission: errors block; every warning needs a comment. */
export async function submitSubmission(
  ctx: Ctx,
  slug: string,
  id: number,
  input: SubmitBody,
): Promise<SubmissionDetail> {
  const d = await requireMemberDialogue(ctx, slug);
  await tx(ctx, async (db) => {
    const s = await requireSubmission(ctx, db, d, id, true);
    if (!submissionsPolicy.write(ctx.actor, { dialogueId: d.id, reporter: s.reporter_iso3 }))
      throw new Forbidden("Only the reporter's data providers or a data manager can submit");
    assertCanTake('submit', s);
    if (s.observation_count === 0)
      throw new Invalid([{ field: 'submission', message: 'the submission has no observations' }]);
    // Whatever way the figures came in (form, JSON, file), none may lie outside the reporter's calendar, but
    // for a historical load: the secretariat's past years, imported outside the calendar on purpose (audited).
    if (!s.historical_load) await assertSubmissionInCalendar(db, d.id, s.reporter_iso3, id);
    // Nor in a month that is published and locked (src/modules/period-locks).
    await assertSubmissionUnlocked(db, d.id, s.reporter_iso3, id);
    const findings = await runRules(db, s, true);
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length) {
      throw new AppError('RULES_FAILED', 422, `${errors.length} validation error(s): ${errors[0]!.message}`, {
        findings: findings.slice(0, 1000).map((f) => findingView(ctx, f)),
      });
    }
    const comments = input.warningComments ?? {};
    const missing = findings.filter((f) => !comments[f.key]?.trim());
    if (missing.length) {
      throw new AppError(
        'WARNINGS_NEED_COMMENT',
        422,
        `${missing.length} warning(s) need a comment (give warningComments by finding key): ${missing[0]!.message}`,
        { findings: missing.slice(0, 1000).map((f) => findingView(ctx, f)) },
      );
    }
    await replaceFindings(
      db,
      id,
      findings.map((f) => ({
        finding_key: f.key,
        rule_name: f.ruleName,
        severity: f.severity,
        observation_id: typeof f.ref === 'number' ? f.ref : null,
        message: f.message,
        wording: { code: f.code, params: f.params, detail: f.detail },
        comment: comments[f.key] ?? null,
      })),
    );
    await setSubmissionStatus(db, id, statusAfter('submit', s.status), ctx.actor?.userId ?? null);
    if (input.comment)
      await insertComment(db, {
        submissionId: id,
        action: 'submit',
        userId: ctx.actor?.userId ?? null,
        body: input.comment,
      });
    await domainEvents.emit('submission.submitted', stepEvent(ctx, d.id, s, input.comment), db);
    await recordAudit(
      db,
      ctx.actor,
      'submission.submit',
      { type: 'submission', id, dialogueId: d.id },
      {
        warnings: findings.length,
      },
    );
  });
  return getSubmission(ctx, slug, id);
}

async function decide(
  ctx: Ctx,
  slug: string,
  id: number,
  action: 'validate' | 'return',
  comment: string | undefined,
): Promise<SubmissionDetail> {
  const d = await requireMemberDialogue(ctx, slug);
  await tx(ctx, async (db) => {
    const s = await requireSubmission(ctx, db, d, id, true);
    if (!allows(ctx.actor, submissionsPolicy.review, { dialogueId: d.id }))
      throw new Forbidden('Only data managers of the secretariat review submissions');
    assertCanTake(action, s);
    // A returned submission's embargoed release is off (scheduled again once validated again).
    const scheduled = action === 'return' ? await findPendingRelease(db, id, true) : undefined;
    if (scheduled) await markCancelled(db, scheduled.id, 'returned');
    await setSubmissionStatus(db, id, statusAfter(action, s.status), ctx.actor?.userId ?? null);
    if (comment)
      await insertComment(db, { submissionId: id, action, userId: ctx.actor?.userId ?? null, body: comment });
    // The provider hears of the decision (listeners at the composition root, src/server/events.ts).
    await domainEvents.emit(
      action === 'validate' ? 'submission.validated' : 'submission.returned',
      stepEvent(ctx, d.id, s, comment),
      db,
    );
    await recordAudit(
      db,
      ctx.actor,
      `submission.${action}`,
      { type: 'submission', id, dialogueId: d.id },
      {},
    );
  });
  return getSubmission(ctx, slug, id);
}

export const validateSubmission = (ctx: Ctx, slug: string, id: number, comment?: string) =>
  decide(ctx, slug, id, 'validate', comment);
export const returnSubmission = (ctx: Ctx, slug: string, id: number, comment: string) =>
  decide(ctx, slug, id, 'return', comment);

/**
 * Publishes a validated submission in one transaction: the current published revision of each of its keys
 * is superseded, its own rows become the current published revision (numbered after the one they replace).
 */
export async function publishSubmission(
  ctx: Ctx,
  slug: string,
  id: number,
  comment?: string,
): Promise<SubmissionDetail> {
  const d = await requireMemberDialogue(ctx, slug);
  await tx(ctx, async (db) => {
    // An embargoed submission publishes itself at its time (submissions.release.ts), not before.
    const scheduled = await findPendingRelease(db, id);
    if (scheduled)
      throw new AppError(
        'RELEASE_SCHEDULED',
        409,
        `Submission ${id} is scheduled for release at ${iso(scheduled.release_at)} (${scheduled.time_zone}); cancel the schedule to publish now`,
        { releaseAt: iso(scheduled.release_at) },
      );
    await publishWithin(ctx, db, d, id, comment);
  });
  return getSubmission(ctx, slug, id);
}

/**
 * The publication itself, in the caller's transaction (the publish route, and the release job at an embargo's
 * time): checks the actor and the status, then supersedes, publishes and announces.
 */
export async function publishWithin(
  ctx: Ctx,
  db: Queryable,
  d: DialogueRef,
  id: number,
  comment?: string,
): Promise<void> {
  const s = await requireSubmission(ctx, db, d, id, true);
  if (!allows(ctx.actor, submissionsPolicy.review, { dialogueId: d.id }))
    throw new Forbidden('Only data managers of the secretariat publish');
  assertCanTake('publish', s);
  // One publication at a time per dialogue, so two never make the same key current.
  await lockPublication(db, d.id);
  // A month published (by another submission) since this one was drafted is locked until reopened.
  await assertSubmissionUnlocked(db, d.id, s.reporter_iso3, id);
  await supersedePublishedBy(db, id);
  await markObservationsPublished(db, id);
  await setSubmissionStatus(db, id, statusAfter('publish', s.status), ctx.actor?.userId ?? null);
  // Whoever reacts to a publication (dashboard rollups, alerts, reports, forecasts: src/server/events.ts)
  // does it inside this transaction, so all of it commits or none.
  await domainEvents.emit('observations.published', await publishedEvent(db, d.id, id), db);
  if (comment)
    await insertComment(db, {
      submissionId: id,
      action: 'publish',
      userId: ctx.actor?.userId ?? null,
      body: comment,
    });
  await recordAudit(
    db,
    ctx.actor,
    'observation.publish',
    { type: 'submission', id, dialogueId: d.id },
    {
      reporter: s.reporter_iso3,
      observations: s.observation_count,
    },
  );
}

/** What a workflow step announces (src/shared/events.ts). */
function stepEvent(
  ctx: Ctx,
  dialogueId: number,
  s: SubmissionRow,
  comment: string | undefined,
): SubmissionStepTaken {
  return {
    dialogueId,
    submissionId: s.id,
    reporter: s.reporter_iso3,
    userId: ctx.actor?.userId ?? null,
    comment: comment ?? null,
  };
}

/** What a publication announces: the months and indicators the submission's figures cover. */
async function publishedEvent(db: Queryable, dialogueId: number, id: number): Promise<ObservationsPublished> {
  const scope = await findPublishedScope(db, id);
  return {
    dialogueId,
    submissionId: id,
    periods: scope.first && scope.last ? { from: scope.first, to: scope.last } : null,
    indicators: scope.indicators,
  };
}

/** Each figure of a submission against the current published value and the same month last year. */
export async function diffSubmission(
  ctx: Ctx,
  slug: string,
  id: number,
  q: { onlyChanged: boolean; limit: number; offset: number },
): Promise<DiffView> {
  const d = await requireMemberDialogue(ctx, slug);
  return tx(ctx, async (db) => {
    await requireSubmission(ctx, db, d, id);
    const summary = await summariseDiff(db, id);
    const rows = await listDiffRows(db, id, q);
    return {
      summary: {
        total: summary.total,
        new: summary.new,
        changed: summary.changed,
        unchanged: summary.total - summary.new - summary.changed,
      },
      rows: rows.map((r) => {
        const value = r.value;
        const pub = r.published_id === null ? null : r.published_value;
        const ly = r.last_year;
        return {
          observationId: Number(r.id),
          indicator: r.indicator,
          period: r.period,
          breakdowns: Object.fromEntries(DIMENSIONS.map((c) => [c, r[c]])) as Breakdowns,
          value,
          published: r.published_id === null ? null : { value: pub, revision: r.published_revision ?? 0 },
          change: value !== null && pub !== null ? value - pub : null,
          lastYear: ly,
          yoyPct: value !== null && ly ? ((value - ly) / ly) * 100 : null,
        };
      }),
    };
  });
}

// ---------- single figures ----------

/**
 * Changes one figure of a draft or returned submission. The caller says which revision it saw; if the figure
 * changed since (someone else saved first), nothing is written and 409 carries the other's current version.
 */
export async function editFigure(
  ctx: Ctx,
  slug: string,
  id: number,
  input: FigureEditBody,
): Promise<ObservationView> {
  const d = await requireMemberDialogue(ctx, slug);
  return tx(ctx, async (db) => {
    const s = await requireSubmission(ctx, db, d, id);
    if (!submissionsPolicy.write(ctx.actor, { dialogueId: d.id, reporter: s.reporter_iso3 }))
      throw new Forbidden("Only the reporter's data providers or a data manager can change its figures");
    assertCanTake('edit', s);
    const { ctx: rowCtx, indicatorIds } = await loadRowContext(db, d, s.reporter_iso3);
    const parsed = parseObservationRow(
      jsonCells({ ...input, flags: input.flags ?? [], comment: input.comment ?? null }),
      rowCtx,
      { row: 1, columnOf: (f) => f },
    );
    if (!parsed.ok)
      throw new Invalid(
        parsed.errors.map((e) => ({
          field: `body.${e.field}`,
          message: e.message,
          ...(e.code !== undefined && { code: e.code, params: e.params ?? {} }),
        })),
      );
    const o = parsed.observation;
    const calendarError = s.historical_load
      ? null
      : (await loadCalendarCheck(db, d.id, s.reporter_iso3))(o.indicator, o.period);
    if (calendarError)
      throw new Invalid([{ field: 'body.period', ...calendarError }], undefined, 'PERIOD_OUTSIDE_CALENDAR');
    const lockError = (await loadLockCheck(db, d.id, s.reporter_iso3))(o.indicator, o.period);
    if (lockError) throw periodLocked([{ field: 'body.period', ...lockError }]);
    const ind = indicatorIds.get(o.indicator)!;
    const key: FigureKey = {
      indicatorId: ind.id,
      reporter: s.reporter_iso3,
      period: o.period,
      breakdowns: o.breakdowns,
    };
    // Edits of one figure are serialised; each then reads what the previous one committed.
    await lockFigure(db, id, key);
    const cur = await findCurrentFigure(db, id, key);
    const currentRevision = cur?.revision ?? 0;
    if (input.expectedRevision !== currentRevision) {
      const who = cur?.recorded_by_name ? ` by ${cur.recorded_by_name}` : '';
      throw new Conflict(
        `This figure was changed${who} since you loaded it: it is now revision ${currentRevision}` +
          (cur ? ` with value ${cur.value ?? 'n/a'}` : ' (it does not exist)') +
          '. Reload it, check the change and save again.',
        cur ? toObservationView(cur) : null,
      );
    }
    if (cur && cur.status !== 'published') await supersedeObservation(db, cur.id);
    const newId = await insertFigureRevision(db, {
      ...key,
      dialogueId: d.id,
      submissionId: id,
      value: o.value,
      flags: o.flags,
      revision: currentRevision + 1,
      status: s.status,
      classification: ind.classification,
      recordedBy: ctx.actor?.userId ?? null,
      comment: o.comment,
    });
    await refreshObservationCount(db, id);
    await recordAudit(
      db,
      ctx.actor,
      'observation.edit',
      { type: 'observation', id: newId, dialogueId: d.id },
      {
        submissionId: id,
        revision: currentRevision + 1,
        previousValue: cur?.value ?? null,
        value: o.value,
      },
    );
    return toObservationView((await findObservationRow(db, newId))!);
  });
}

/**
 * Takes one figure out of a draft or returned submission: its pending revision is marked superseded (kept in the
 * figure's history, as every change), so the submission no longer carries it; the published value, if any,
 * stays as it is. 409 when someone changed the figure since the caller read it; 404 when the submission has
 * no such figure.
 */
export async function removeFigure(
  ctx: Ctx,
  slug: string,
  id: number,
  input: FigureRemoveBody,
): Promise<{ removed: true; observationCount: number; nextRevision: number }> {
  const d = await requireMemberDialogue(ctx, slug);
  return tx(ctx, async (db) => {
    const s = await requireSubmission(ctx, db, d, id);
    if (!submissionsPolicy.write(ctx.actor, { dialogueId: d.id, reporter: s.reporter_iso3 }))
      throw new Forbidden("Only the reporter's data providers or a data manager can change its figures");
    assertCanTake('edit', s);
    const { indicatorIds } = await loadRowContext(db, d, s.reporter_iso3);
    const ind = indicatorIds.get(input.indicator);
    if (!ind || !/^\d{4}-\d{2}$/.test(input.period))
      throw new NotFound(`Figure ${input.indicator} ${input.period} in submission ${id}`);
    const breakdowns = Object.fromEntries(
      DIMENSIONS.map((c) => [c, input.breakdowns?.[c] ?? TOTAL_CODE]),
    ) as Breakdowns;
    const key: FigureKey = {
      indicatorId: ind.id,
      reporter: s.reporter_iso3,
      period: input.period,
      breakdowns,
    };
    await lockFigure(db, id, key);
    const cur = await findPendingFigure(db, id, key);
    if (!cur) throw new NotFound(`Figure ${input.indicator} ${input.period} in submission ${id}`);
    if (cur.revision !== input.expectedRevision) {
      const who = cur.recorded_by_name ? ` by ${cur.recorded_by_name}` : '';
      throw new Conflict(
        `This figure was changed${who} since you loaded it: it is now revision ${cur.revision} with value ${cur.value ?? 'n/a'}. Reload it and try again.`,
        toObservationView(cur),
      );
    }
    await supersedeObservation(db, cur.id);
    const observationCount = await refreshObservationCount(db, id);
    // A later edit of the figure starts again from its published revision (0 when it has none).
    const publishedRevision = await findPublishedRevision(db, key);
    await recordAudit(
      db,
      ctx.actor,
      'observation.remove',
      { type: 'observation', id: cur.id, dialogueId: d.id },
      { submissionId: id, revision: cur.revision, value: cur.value },
    );
    return { removed: true as const, observationCount, nextRevision: publishedRevision ?? 0 };
  });
}

// ---------- embargoed releases (the use cases are in submissions.release.ts) ----------

export function toReleaseView(r: ScheduledReleaseRow): ReleaseView {
  return {
    id: r.id,
    submissionId: r.submission_id,
    reporter: r.reporter_iso3,
    releaseAt: iso(r.release_at),
    timeZone: r.time_zone,
    indicators: r.indicators,
    periods: { from: r.period_from, to: r.period_to },
    status: r.released_at ? 'released' : r.cancelled_at ? 'cancelled' : 'scheduled',
    outcome: r.outcome,
  };
}

/** Pending releases of a dialogue, soonest first, as `actor` may read them (the public calendar: anonymous). */
export function listUpcomingReleases(
  db: Db,
  actor: Ctx['actor'],
  dialogueId: number,
): Promise<ReleaseView[]> {
  return withActor(db, actor, async (tx) =>
    (await listUpcomingReleaseRows(tx, dialogueId)).map(toReleaseView),
  );
}
