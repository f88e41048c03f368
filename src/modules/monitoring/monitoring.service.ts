/**
 * Use cases of implementation monitoring, one transaction each, run as the actor (row-level security
 * applies). A declaration is saved with the split the secretariat corrected (checkSplit: it joins back to the
 * text, every commitment number once); a report's every change — saved, submitted, accepted, questions — is a
 * new revision. A closed cycle is read-only; after its deadline states no longer write.
 */
import type { Queryable } from '../../db/connect';
import { uniqueOr } from '../../db/unique-violation';
import { withActor } from '../../db/with-actor';
import { checkSplit, proposeSplit, type SplitProblem } from '../../domain/monitoring/declaration-split';
import {
  buildDashboard,
  isBeforeDeadline,
  progressAcrossCycles,
  type ReportStep,
  statusAfter,
} from '../../domain/monitoring/monitoring-rules';
import { allows } from '../../shared/access';
import type { Actor, MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import {
  type DialogueRef,
  listMemberStateCodes,
  requireDialogueFor,
  requireMemberDialogue,
} from '../dialogues/dialogues.service';
import { renderHtmlAsPdf } from '../reports/reports.service';
import { dashboardHtml } from './monitoring.export';
import { monitoringPolicy, type ReportRef } from './monitoring.policy';
import type {
  ActionBody,
  CycleBody,
  CycleView,
  DashboardView,
  DeclarationCreateBody,
  DeclarationList,
  DeclarationProgressView,
  DeclarationView,
  ReportBody,
  ReportHistory,
  ReportView,
  ReviewBody,
  SplitBody,
  SplitView,
  SubmitBody,
} from './monitoring.schema';
import {
  type CycleRow,
  closeCycleRow,
  type DeclarationRow,
  findCycleRow,
  findDeclarationRow,
  findPreviousCycleRow,
  findReportRow,
  insertAction,
  insertCommitments,
  insertCycle,
  insertDeclaration,
  insertReport,
  insertReportRevision,
  listActionRows,
  listCommitmentRows,
  listCycleRows,
  listDeclarationReportedRows,
  listDeclarationRows,
  listReportedRows,
  listReportRevisionRows,
  listReportRows,
  type ReportContent,
  type ReportRow,
  updateReportRow,
} from './monitoring.sql';

const iso = (v: Date | string) => new Date(v).toISOString();
const today = () => new Date().toISOString().slice(0, 10);

/** The problems of a split as field errors of the request (what and where). */
export function splitErrors(problems: SplitProblem[]): FieldError[] {
  return problems.map(fieldErrorOf);
}

function fieldErrorOf(p: SplitProblem): FieldError {
  switch (p.code) {
    case 'TEXT_LOST':
      return {
        field: `body.segments[${p.segment}].text`,
        message: p.found
          ? `segment ${p.segment + 1} does not continue the text: expected "${p.expected}…", found "${p.found}…"`
          : `the segments end before the text does: "${p.expected}…" is missing`,
      };
    case 'DUPLICATE_NUMBER':
      return {
        field: `body.segments[${p.segments[1]}].number`,
        message: `commitment number "${p.number}" is used twice (segments ${p.segments.map((i) => i + 1).join(' and ')})`,
      };
    case 'NUMBER_MISSING':
      return { field: `body.segments[${p.segment}].number`, message: 'a commitment needs a number' };
  }
}

/** POST …/monitoring/split: the proposed split of a pasted text (nothing is written). */
export async function proposeDeclarationSplit(ctx: Ctx, slug: string, input: SplitBody): Promise<SplitView> {
  await requireDialogueFor(ctx, slug, monitoringPolicy.manage, 'Only the secretariat imports declarations');
  const segments = proposeSplit(input.text);
  const problems = checkSplit(input.text, segments);
  return {
    segments,
    commitments: segments.filter((s) => s.kind === 'commitment').length,
    problems: splitErrors(problems).map((e, i) => ({ ...e, code: problems[i]!.code })),
  };
}

const summaryOf = (d: DeclarationRow) => ({
  id: d.id,
  title: d.title,
  place: d.place,
  adoptedOn: d.adopted_on,
  languages: d.languages,
  classification: d.classification,
  commitments: d.commitments,
  createdAt: iso(d.created_at),
});

const cycleSummary = (c: CycleRow) => ({
  id: c.id,
  declarationId: c.declaration_id,
  title: c.title,
  deadline: c.deadline,
  status: c.status,
  openedAt: iso(c.opened_at),
  closedAt: c.closed_at ? iso(c.closed_at) : null,
});

/** GET …/monitoring/declarations */
export async function listDeclarations(ctx: Ctx, slug: string): Promise<DeclarationList> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => ({
    items: (await listDeclarationRows(db, ctx.actor, d.id)).map(summaryOf),
    abilities: { canImport: allows(ctx.actor, monitoringPolicy.manage, { dialogueId: d.id }) },
  }));
}

async function requireDeclaration(db: Queryable, actor: MaybeActor, d: DialogueRef, id: number) {
  const row = await findDeclarationRow(db, actor, d.id, id);
  if (!row) throw new NotFound(`Declaration ${id}`);
  return row;
}

async function declarationView(db: Queryable, actor: MaybeActor, d: DialogueRef, row: DeclarationRow) {
  const commitments = await listCommitmentRows(db, row.id);
  const actions = await listActionRows(db, row.id);
  return {
    ...summaryOf(row),
    text: row.body,
    commitmentList: commitments.map((c) => ({
      id: c.id,
      number: c.number,
      area: c.area,
      text: c.body,
      actions: actions
        .filter((a) => a.commitment_id === c.id)
        .map((a) => ({
          id: a.id,
          commitmentId: a.commitment_id,
          title: a.title,
          lead: a.lead,
          partners: a.partners,
          funding: a.funding,
          period: a.period,
          status: a.status,
        })),
    })),
    cycles: (await listCycleRows(db, row.id)).map(cycleSummary),
    abilities: { canManage: allows(actor, monitoringPolicy.manage, { dialogueId: d.id }) },
  } satisfies DeclarationView;
}

/** GET …/monitoring/declarations/:id: the text, commitments with their actions, the cycles. */
export async function getDeclaration(ctx: Ctx, slug: string, id: number): Promise<DeclarationView> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    declarationView(db, ctx.actor, d, await requireDeclaration(db, ctx.actor, d, id)),
  );
}

/** POST …/monitoring/declarations: the declaration with its corrected split (refused if it loses text). */
export async function createDeclaration(
  ctx: Ctx,
  slug: string,
  input: DeclarationCreateBody,
): Promise<DeclarationView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    monitoringPolicy.manage,
    'Only the secretariat imports declarations',
  );
  const problems = checkSplit(input.text, input.segments);
  if (problems.length) throw new Invalid(splitErrors(problems), undefined, 'SPLIT_REJECTED');
  const commitments = input.segments
    .filter((s) => s.kind === 'commitment')
    .map((s) => ({ number: s.number!.trim(), area: s.area?.trim() || null, body: s.text.trim() }));
  if (commitments.length === 0)
    throw new Invalid(
      [{ field: 'body.segments', message: 'the split has no commitment' }],
      undefined,
      'SPLIT_REJECTED',
    );
  return withActor(ctx.db, actor, async (db) => {
    const id = await insertDeclaration(db, {
      dialogueId: d.id,
      title: input.title,
      place: input.place ?? '',
      adoptedOn: input.adoptedOn ?? null,
      languages: input.languages ?? [],
      body: input.text,
      classification: input.classification ?? 'dialogue',
      orgId: actor.orgId,
      userId: actor.userId,
    });
    await insertCommitments(db, id, d.id, commitments);
    await recordAudit(
      db,
      actor,
      'monitoring.declaration.create',
      { type: 'monitoring_declaration', id, dialogueId: d.id },
      { title: input.title, commitments: commitments.length },
      { ip: ctx.ip },
    );
    return declarationView(db, actor, d, await requireDeclaration(db, actor, d, id));
  });
}

/** POST …/declarations/:id/commitments/:commitmentId/actions: an action or project under a commitment. */
export async function addAction(
  ctx: Ctx,
  slug: string,
  declarationId: number,
  commitmentId: number,
  input: ActionBody,
): Promise<DeclarationView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    monitoringPolicy.manage,
    'Only the secretariat adds actions',
  );
  return withActor(ctx.db, actor, async (db) => {
    const decl = await requireDeclaration(db, actor, d, declarationId);
    if (!(await listCommitmentRows(db, decl.id)).some((c) => c.id === commitmentId))
      throw new NotFound(`Commitment ${commitmentId}`);
    await insertAction(db, {
      commitmentId,
      dialogueId: d.id,
      title: input.title,
      lead: input.lead ?? '',
      partners: input.partners ?? '',
      funding: input.funding ?? '',
      period: input.period ?? '',
      status: input.status ?? 'planned',
      userId: actor.userId,
    });
    return declarationView(db, actor, d, decl);
  });
}

/** POST …/declarations/:id/cycles: a reporting cycle with a deadline (today or later). */
export async function openCycle(
  ctx: Ctx,
  slug: string,
  declarationId: number,
  input: CycleBody,
): Promise<CycleView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    monitoringPolicy.manage,
    'Only the secretariat opens cycles',
  );
  if (input.deadline < today())
    throw new Invalid([{ field: 'body.deadline', message: `the deadline ${input.deadline} is in the past` }]);
  return withActor(ctx.db, actor, async (db) => {
    const decl = await requireDeclaration(db, actor, d, declarationId);
    const id = await insertCycle(db, {
      declarationId: decl.id,
      dialogueId: d.id,
      title: input.title,
      deadline: input.deadline,
      userId: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'monitoring.cycle.open',
      { type: 'monitoring_cycle', id, dialogueId: d.id },
      { declarationId: decl.id, deadline: input.deadline },
      { ip: ctx.ip },
    );
    return cycleView(db, actor, d, (await findCycleRow(db, d.id, id))!);
  });
}

async function requireCycle(db: Queryable, d: DialogueRef, id: number, forUpdate = false) {
  const c = await findCycleRow(db, d.id, id, { forUpdate });
  if (!c) throw new NotFound(`Reporting cycle ${id}`);
  return c;
}

const isOpenForReports = (c: CycleRow) => c.status === 'open' && isBeforeDeadline(c.deadline, new Date());

/** The member state the actor reports for, or null (not a state's reporter in this dialogue). */
async function reportingState(db: Queryable, actor: MaybeActor, d: DialogueRef): Promise<string | null> {
  if (!actor?.countryIso3 || !allows(actor, monitoringPolicy.report, { dialogueId: d.id })) return null;
  return (await listMemberStateCodes(db, d.id)).includes(actor.countryIso3) ? actor.countryIso3 : null;
}

const refOf = (r: ReportRow): ReportRef => ({
  dialogueId: r.dialogue_id,
  organisationId: r.organisation_id,
  status: r.status,
});

function reportView(actor: MaybeActor, c: CycleRow, r: ReportRow): ReportView {
  const open = isOpenForReports(c);
  const mine = monitoringPolicy.changeReport(actor, refOf(r));
  return {
    id: r.id,
    cycleId: r.cycle_id,
    commitmentId: r.commitment_id,
    state: r.state_iso3,
    organisation: r.organisation,
    status: r.status,
    progress: r.progress,
    narrative: r.narrative,
    evidence: r.evidence,
    reviewNote: r.review_note,
    revision: r.revision,
    submittedAt: r.submitted_at ? iso(r.submitted_at) : null,
    updatedAt: iso(r.updated_at),
    abilities: {
      canEdit: mine && open && statusAfter(r.status, 'save') !== null,
      canSubmit: mine && open && statusAfter(r.status, 'submit') !== null,
      canReview:
        c.status === 'open' && monitoringPolicy.reviewReport(actor, refOf(r)) && r.status === 'submitted',
    },
  };
}

async function cycleView(db: Queryable, actor: MaybeActor, d: DialogueRef, c: CycleRow): Promise<CycleView> {
  const decl = await requireDeclaration(db, actor, d, c.declaration_id);
  const commitments = await listCommitmentRows(db, decl.id);
  const reports = await listReportRows(db, actor, c.id);
  const myState = await reportingState(db, actor, d);
  const manages = allows(actor, monitoringPolicy.manage, { dialogueId: d.id });
  return {
    ...cycleSummary(c),
    declarationTitle: decl.title,
    isOpenForReports: isOpenForReports(c),
    commitments: commitments.map((x) => ({ id: x.id, number: x.number, area: x.area, text: x.body })),
    reports: reports.map((r) => reportView(actor, c, r)),
    abilities: {
      canReport: myState !== null && isOpenForReports(c),
      canClose: manages && c.status === 'open',
      canReview: manages && c.status === 'open',
    },
    myState,
  };
}

/** GET …/monitoring/cycles/:id: the commitments, the reports the caller sees, what they may do. */
export async function getCycle(ctx: Ctx, slug: string, id: number): Promise<CycleView> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    cycleView(db, ctx.actor, d, await requireCycle(db, d, id)),
  );
}

/** POST …/monitoring/cycles/:id/close: the cycle becomes read-only. */
export async function closeCycle(ctx: Ctx, slug: string, id: number): Promise<CycleView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    monitoringPolicy.manage,
    'Only the secretariat closes cycles',
  );
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireCycle(db, d, id, true);
    if (!(await closeCycleRow(db, c.id))) throw cycleClosed(c);
    await recordAudit(
      db,
      actor,
      'monitoring.cycle.close',
      { type: 'monitoring_cycle', id, dialogueId: d.id },
      {},
      {
        ip: ctx.ip,
      },
    );
    return cycleView(db, actor, d, await requireCycle(db, d, id));
  });
}

const cycleClosed = (c: CycleRow) =>
  new AppError('CYCLE_CLOSED', 409, `The reporting cycle "${c.title}" is closed: it is read-only`);

/** Refuses a state's write to a closed cycle or after its deadline. */
function assertOpenForReports(c: CycleRow) {
  if (c.status === 'closed') throw cycleClosed(c);
  if (!isBeforeDeadline(c.deadline, new Date()))
    throw new AppError(
      'CYCLE_DEADLINE_PASSED',
      409,
      `The deadline of "${c.title}" (${c.deadline}) has passed: reports are no longer written`,
    );
}

const by = (actor: Actor) => ({ userId: actor.userId, orgId: actor.orgId });
const CHANGE_OF: Record<ReportStep, 'saved' | 'submitted' | 'accepted' | 'questions'> = {
  save: 'saved',
  submit: 'submitted',
  accept: 'accepted',
  questions: 'questions',
};

/** Applies a step to a report: the new content and a revision, or 409 on a stale revision or a wrong status. */
async function writeStep(
  db: Queryable,
  actor: Actor,
  c: CycleRow,
  r: ReportRow,
  step: ReportStep,
  expectedRevision: number,
  patch: Partial<ReportContent>,
): Promise<ReportView> {
  const next = statusAfter(r.status, step);
  if (next === null)
    throw new AppError(
      'REPORT_WRONG_STATUS',
      409,
      `The report is ${r.status}: it cannot be ${CHANGE_OF[step]} now`,
    );
  const content: ReportContent = {
    progress: r.progress,
    narrative: r.narrative,
    evidence: r.evidence,
    reviewNote: r.review_note,
    ...patch,
    status: next,
  };
  if (r.revision !== expectedRevision || !(await updateReportRow(db, r.id, expectedRevision, content)))
    throw new Conflict(
      `The report is at revision ${r.revision}, not ${expectedRevision}: reload it`,
      reportView(actor, c, r),
    );
  await insertReportRevision(db, {
    reportId: r.id,
    revision: r.revision + 1,
    dialogueId: r.dialogue_id,
    change: CHANGE_OF[step],
    content,
    ...by(actor),
  });
  const after = await findReportRow(db, actor, r.dialogue_id, { id: r.id });
  return reportView(actor, c, after!);
}

/**
 * PUT …/cycles/:id/reports/:commitmentId: saves the caller's state's report on a commitment as a draft (a new
 * report, or a new revision of a draft or of one the secretariat asked questions about).
 */
export async function saveReport(
  ctx: Ctx,
  slug: string,
  cycleId: number,
  commitmentId: number,
  input: ReportBody,
): Promise<ReportView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    monitoringPolicy.report,
    "Only a member state's analysts and data providers report",
  );
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireCycle(db, d, cycleId);
    const state = await reportingState(db, actor, d);
    if (!state) throw new Forbidden('Only the authorities of a member state of this dialogue report');
    const decl = await requireDeclaration(db, actor, d, c.declaration_id);
    if (!(await listCommitmentRows(db, decl.id)).some((x) => x.id === commitmentId))
      throw new NotFound(`Commitment ${commitmentId}`);
    assertOpenForReports(c);
    const patch = {
      progress: input.progress,
      narrative: input.narrative ?? '',
      evidence: [...new Set(input.evidence ?? [])],
    };
    const existing = await findReportRow(
      db,
      actor,
      d.id,
      { cycleId: c.id, commitmentId, state },
      { forUpdate: true },
    );
    if (existing) {
      if (!monitoringPolicy.changeReport(actor, refOf(existing)))
        throw new Forbidden(
          `This report of ${state} belongs to ${existing.organisation}: only they change it`,
        );
      if (input.expectedRevision === undefined)
        throw new Invalid([
          { field: 'body.expectedRevision', message: 'the report exists: give the revision you changed' },
        ]);
      return writeStep(db, actor, c, existing, 'save', input.expectedRevision, patch);
    }
    const content: ReportContent = { ...patch, status: 'draft', reviewNote: null };
    // A draft of another organisation of the same state is invisible here: the unique key tells.
    const id = await uniqueOr(
      () =>
        insertReport(db, { cycleId: c.id, commitmentId, dialogueId: d.id, state, ...content, ...by(actor) }),
      () => new Forbidden(`Another organisation of ${state} is drafting this report: only they change it`),
    );
    await insertReportRevision(db, {
      reportId: id,
      revision: 1,
      dialogueId: d.id,
      change: 'saved',
      content,
      ...by(actor),
    });
    return reportView(actor, c, (await findReportRow(db, actor, d.id, { id }))!);
  });
}

/** A report the caller sees, locked for a change, with its cycle (404 if unseen). */
async function requireReport(db: Queryable, actor: Actor, d: DialogueRef, id: number) {
  const r = await findReportRow(db, actor, d.id, { id });
  if (!r) throw new NotFound(`Report ${id}`);
  return { r, c: await requireCycle(db, d, r.cycle_id) };
}

/** PATCH …/monitoring/reports/:id: a new revision of one's own report (another delegation's: 403). */
export async function editReport(ctx: Ctx, slug: string, id: number, input: ReportBody): Promise<ReportView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    monitoringPolicy.report,
    "Only a member state's analysts and data providers report",
  );
  return withActor(ctx.db, actor, async (db) => {
    const { r, c } = await requireReport(db, actor, d, id);
    if (!monitoringPolicy.changeReport(actor, refOf(r)))
      throw new Forbidden(`This report of ${r.state_iso3} belongs to ${r.organisation}: only they change it`);
    assertOpenForReports(c);
    if (input.expectedRevision === undefined)
      throw new Invalid([{ field: 'body.expectedRevision', message: 'give the revision you changed' }]);
    const locked = (await findReportRow(db, actor, d.id, { id }, { forUpdate: true }))!;
    return writeStep(db, actor, c, locked, 'save', input.expectedRevision, {
      progress: input.progress,
      narrative: input.narrative ?? '',
      evidence: [...new Set(input.evidence ?? [])],
    });
  });
}

/** POST …/monitoring/reports/:id/submit: the state submits its report to the secretariat. */
export async function submitReport(
  ctx: Ctx,
  slug: string,
  id: number,
  input: SubmitBody,
): Promise<ReportView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    monitoringPolicy.report,
    "Only a member state's analysts and data providers report",
  );
  return withActor(ctx.db, actor, async (db) => {
    const { r, c } = await requireReport(db, actor, d, id);
    if (!monitoringPolicy.changeReport(actor, refOf(r)))
      throw new Forbidden(`This report of ${r.state_iso3} belongs to ${r.organisation}: only they submit it`);
    assertOpenForReports(c);
    const locked = (await findReportRow(db, actor, d.id, { id }, { forUpdate: true }))!;
    const view = await writeStep(db, actor, c, locked, 'submit', input.expectedRevision, {});
    await recordAudit(
      db,
      actor,
      'monitoring.report.submit',
      { type: 'monitoring_report', id, dialogueId: d.id },
      {
        state: r.state_iso3,
        cycleId: c.id,
      },
    );
    return view;
  });
}

/** POST …/monitoring/reports/:id/review: the secretariat accepts a submitted report or asks questions. */
export async function reviewReport(
  ctx: Ctx,
  slug: string,
  id: number,
  input: ReviewBody,
): Promise<ReportView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    monitoringPolicy.manage,
    'Only the secretariat reviews reports',
  );
  return withActor(ctx.db, actor, async (db) => {
    const { c } = await requireReport(db, actor, d, id);
    if (c.status === 'closed') throw cycleClosed(c);
    const locked = (await findReportRow(db, actor, d.id, { id }, { forUpdate: true }))!;
    const step = input.decision === 'accepted' ? 'accept' : 'questions';
    const view = await writeStep(db, actor, c, locked, step, input.expectedRevision, {
      reviewNote: input.note ?? null,
    });
    await recordAudit(db, actor, `monitoring.report.${input.decision}`, {
      type: 'monitoring_report',
      id,
      dialogueId: d.id,
    });
    return view;
  });
}

/** GET …/monitoring/reports/:id/history: every revision of a report, oldest first. */
export async function getReportHistory(ctx: Ctx, slug: string, id: number): Promise<ReportHistory> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const r = await findReportRow(db, ctx.actor, d.id, { id });
    if (!r) throw new NotFound(`Report ${id}`);
    return {
      items: (await listReportRevisionRows(db, r.id)).map((v) => ({
        revision: v.revision,
        change: v.change,
        organisation: v.organisation,
        at: iso(v.created_at),
        content: v.content,
      })),
    };
  });
}

/** GET …/monitoring/cycles/:id/dashboard: commitment × state, completeness, change since the previous cycle. */
export async function getDashboard(ctx: Ctx, slug: string, id: number): Promise<DashboardView> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const c = await requireCycle(db, d, id);
    const decl = await requireDeclaration(db, ctx.actor, d, c.declaration_id);
    const commitments = await listCommitmentRows(db, decl.id);
    const states = await listMemberStateCodes(db, d.id);
    const prev = await findPreviousCycleRow(db, c);
    const rows = (cycleId: number) =>
      listReportedRows(db, cycleId).then((rs) =>
        rs.map((r) => ({
          commitmentId: r.commitment_id,
          state: r.state,
          progress: r.progress,
          status: r.status,
        })),
      );
    const board = buildDashboard({
      commitments: commitments.map((x) => ({ id: x.id, number: x.number, area: x.area })),
      states,
      reports: await rows(c.id),
      previous: prev ? await rows(prev.id) : [],
    });
    return {
      cycle: cycleSummary(c),
      previousCycle: prev ? cycleSummary(prev) : null,
      commitments: commitments.map((x) => ({ id: x.id, number: x.number, area: x.area })),
      states,
      ...board,
    };
  });
}

/** GET …/monitoring/cycles/:id/dashboard.pdf: the dashboard printed for the senior officials' meeting. */
export async function getDashboardPdf(ctx: Ctx, slug: string, id: number): Promise<Buffer> {
  const view = await getDashboard(ctx, slug, id);
  const d = await requireMemberDialogue(ctx, slug);
  const title = await withActor(ctx.db, ctx.actor, async (db) => {
    const decl = await requireDeclaration(db, ctx.actor, d, view.cycle.declarationId);
    return decl.title;
  });
  return renderHtmlAsPdf(dashboardHtml(view, title));
}

/** GET …/declarations/:id/progress: the ministerial view, every cycle since the declaration. */
export async function getDeclarationProgress(
  ctx: Ctx,
  slug: string,
  id: number,
): Promise<DeclarationProgressView> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const decl = await requireDeclaration(db, ctx.actor, d, id);
    const cycles = await listCycleRows(db, decl.id);
    const states = (await listMemberStateCodes(db, d.id)).length;
    const reports = (await listDeclarationReportedRows(db, decl.id)).map((r) => ({
      cycleId: r.cycle_id,
      progress: r.progress,
      status: r.status,
    }));
    const sums = progressAcrossCycles(
      cycles.map((c) => c.id),
      decl.commitments,
      states,
      reports,
    );
    return {
      declarationId: decl.id,
      commitments: decl.commitments,
      states,
      cycles: cycles.map((c, i) => {
        const { cycleId: _, ...sum } = sums[i]!;
        return { ...cycleSummary(c), ...sum };
      }),
    };
  });
}
