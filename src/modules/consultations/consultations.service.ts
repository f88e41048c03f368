/**
 * Use cases of draft consultations, one transaction each, run as the actor (row-level security applies).
 * The secretariat creates a consultation from a draft text (split by src/domain/consultations/draft-text.ts),
 * corrects the split while it is a draft (each correction a new split revision, refused when it loses text),
 * opens it, responds to comments, edits the generated summary (kept as revisions) and publishes revised
 * drafts (new versions). Delegations comment per paragraph until the deadline; an edit is a new revision of
 * the comment, and only its organisation makes one. Nothing is overwritten.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { compareVersions, treatmentOf, wordDiff } from '../../domain/consultations/compare';
import {
  checkSplit,
  type DraftBlock,
  isOpenForComments,
  paragraphsOf,
  splitDraft,
  withoutOwnNumber,
} from '../../domain/consultations/draft-text';
import {
  citedComments,
  generateSummary,
  type Summary,
  type SummaryLanguage,
  summaryText,
} from '../../domain/consultations/summary';
import type { Actor, MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { domainEvents } from '../../shared/events';
import { recordAudit } from '../audit/audit.service';
import { type DialogueRef, requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import { checkSharedWith } from '../members/members.service';
import { consultationsPolicy } from './consultations.policy';
import type {
  CommentBody,
  CommentEditBody,
  CommentView,
  CompareQuery,
  CompareView,
  ConsultationCreateBody,
  ConsultationList,
  ConsultationSummaryView,
  ConsultationView,
  MatrixView,
  ResponseBody,
  SettingsBody,
  SplitBody,
  SummaryBody,
  SummaryView,
  VersionBody,
  VersionQuery,
} from './consultations.schema';
import {
  type CommentRow,
  type ConsultationRow,
  countCommentRevisions,
  findConsultation,
  insertComment,
  insertCommentRevision,
  insertConsultation,
  insertResponse,
  insertSummary,
  insertVersion,
  listCommentRows,
  listConsultationRows,
  listSummaryRows,
  listVersions,
  updateComment,
  updateConsultationState,
  type VersionRow,
} from './consultations.sql';

const iso = (v: Date | string) => new Date(v).toISOString();
const today = () => new Date().toISOString().slice(0, 10);
const publicBlock = ({ raw, ...b }: DraftBlock) => ({ ...b, source: raw.trim() });
/** A proposed wording against its paragraph; the draft's own number is left out unless the wording repeats it. */
const wordingDiffOf = (paragraph: string, wording: string) =>
  wordDiff(withoutOwnNumber(wording) === wording ? withoutOwnNumber(paragraph) : paragraph, wording);
const target = (d: DialogueRef, id: number) => ({ type: 'consultation', id, dialogueId: d.id });

function toSummaryView(c: ConsultationRow): ConsultationSummaryView {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    deadline: c.deadline,
    isOpenForComments: c.status === 'open' && isOpenForComments(c.deadline, new Date()),
    commentsVisible: c.comments_visible,
    classification: c.classification,
    currentVersion: c.current_version,
    revision: c.revision,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
  };
}

async function requireConsultation(
  db: Queryable,
  actor: MaybeActor,
  d: DialogueRef,
  id: number,
  forUpdate = false,
): Promise<ConsultationRow> {
  const c = await findConsultation(db, actor, d.id, id, { forUpdate });
  if (!c) throw new NotFound(`Consultation ${id}`);
  return c;
}

function versionOf(versions: readonly VersionRow[], version: number): VersionRow {
  const v = versions.find((x) => x.version === version);
  if (!v) throw new NotFound(`Version ${version} of the draft`);
  return v;
}

const seesAll = (actor: MaybeActor, c: ConsultationRow) =>
  consultationsPolicy.seesAllComments(actor, {
    dialogueId: c.dialogue_id,
    commentsVisible: c.comments_visible,
  });

/** Comments as the API shows them: the wording diff against their paragraph, the response, the treatment. */
function commentViews(
  actor: MaybeActor,
  rows: readonly CommentRow[],
  versions: readonly VersionRow[],
): CommentView[] {
  const compared = new Map<number, ReturnType<typeof compareVersions>>();
  const rowsFor = (version: number) => {
    const next = versions.find((v) => v.version === version + 1);
    if (!next) return null;
    if (!compared.has(version))
      compared.set(version, compareVersions(versionOf(versions, version).blocks, next.blocks));
    return compared.get(version) ?? null;
  };
  return rows.map((k) => {
    const block = versions
      .find((v) => v.version === k.version)
      ?.blocks.find((b) => b.key === k.paragraph_key);
    const rowsNext = rowsFor(k.version);
    const t = rowsNext ? treatmentOf(rowsNext, k.paragraph_key) : null;
    return {
      id: k.id,
      version: k.version,
      paragraphKey: k.paragraph_key,
      paragraphNumber: block?.number ?? null,
      organisation: { id: k.organisation_id, name: k.organisation },
      kind: k.kind,
      body: k.body,
      proposedWording: k.proposed_wording,
      wordingDiff:
        k.proposed_wording !== null && block ? wordingDiffOf(block.text, k.proposed_wording) : null,
      revision: k.revision,
      mine: !!actor && actor.orgId === k.organisation_id,
      createdAt: iso(k.created_at),
      updatedAt: iso(k.updated_at),
      response:
        k.response && k.responded_at
          ? { response: k.response, reason: k.reason ?? '', at: iso(k.responded_at) }
          : null,
      treatment: t ? { version: k.version + 1, ...t } : null,
    };
  });
}

async function consultationView(
  db: Queryable,
  actor: MaybeActor,
  c: ConsultationRow,
): Promise<ConsultationView> {
  const versions = await listVersions(db, c.id);
  const current = versionOf(versions, c.current_version);
  const comments = await listCommentRows(db, actor, c.id, { seesAll: seesAll(actor, c) });
  const manage = consultationsPolicy.isSecretariat(actor, c.dialogue_id);
  const open = c.status === 'open' && isOpenForComments(c.deadline, new Date());
  const mayComment = consultationsPolicy.mayComment(actor, c.dialogue_id);
  return {
    ...toSummaryView(c),
    version: current.version,
    splitRevision: current.split_revision,
    text: current.text,
    blocks: current.blocks.map(publicBlock),
    comments: commentViews(actor, comments, versions),
    versions: versions.map((v) => ({ version: v.version, note: v.note, createdAt: iso(v.created_at) })),
    abilities: {
      canManage: manage,
      canCorrectSplit: manage && c.status === 'draft',
      canOpen: manage && c.status === 'draft',
      canComment: mayComment && open,
      canRespond: manage,
    },
  };
}

async function checkDeadline(deadline: string, field: string): Promise<FieldError[]> {
  return deadline < today() ? [{ field, message: `the deadline ${deadline} is in the past` }] : [];
}

/** GET …/consultations: the consultations the actor may see, newest first. */
export async function listConsultations(ctx: Ctx, slug: string): Promise<ConsultationList> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => ({
    items: (await listConsultationRows(db, ctx.actor, d.id)).map(toSummaryView),
    abilities: { canCreate: consultationsPolicy.isSecretariat(ctx.actor, d.id) },
  }));
}

/** GET …/consultations/:id: the current version's blocks, the comments the actor may see, what they may do. */
export async function getConsultation(ctx: Ctx, slug: string, id: number): Promise<ConsultationView> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    consultationView(db, ctx.actor, await requireConsultation(db, ctx.actor, d, id)),
  );
}

/** POST …/consultations: a draft consultation, the text split into headings and numbered paragraphs. */
export async function createConsultation(
  ctx: Ctx,
  slug: string,
  input: ConsultationCreateBody,
): Promise<ConsultationView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    consultationsPolicy.manage,
    'Only the secretariat publishes drafts for consultation',
  );
  return withActor(ctx.db, actor, async (db) => {
    const classification = input.classification ?? 'dialogue';
    const sharedWithOrgIds = input.sharedWithOrgIds ?? [];
    const errors = await checkDeadline(input.deadline, 'body.deadline');
    const blocks = splitDraft(input.text);
    if (!blocks.some((b) => b.kind === 'paragraph'))
      errors.push({ field: 'body.text', message: 'the draft has no paragraph (only headings)' });
    if (classification === 'restricted' && sharedWithOrgIds.length === 0)
      errors.push({
        field: 'body.sharedWithOrgIds',
        message: 'a restricted consultation names the organisations it is shared with',
      });
    if (classification === 'restricted') errors.push(...(await checkSharedWith(db, d.id, sharedWithOrgIds)));
    if (errors.length) throw new Invalid(errors);
    const id = await insertConsultation(db, {
      dialogueId: d.id,
      orgId: actor.orgId,
      userId: actor.userId,
      title: input.title,
      deadline: input.deadline,
      commentsVisible: input.commentsVisible ?? false,
      classification,
      sharedWithOrgIds,
    });
    await insertVersion(db, {
      consultationId: id,
      version: 1,
      splitRevision: 1,
      dialogueId: d.id,
      text: input.text,
      blocks,
      note: '',
      userId: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'consultation.create',
      target(d, id),
      { title: input.title },
      { ip: ctx.ip },
    );
    return consultationView(db, actor, await requireConsultation(db, actor, d, id));
  });
}

async function requireManaged(ctx: Ctx, slug: string, what: string) {
  return requireDialogueFor(ctx, slug, consultationsPolicy.manage, `Only the secretariat ${what}`);
}

/** PUT …/consultations/:id/split: the secretariat's corrected split, a new split revision; must keep all text. */
export async function correctSplit(
  ctx: Ctx,
  slug: string,
  id: number,
  input: SplitBody,
): Promise<ConsultationView> {
  const { d, actor } = await requireManaged(ctx, slug, 'corrects the split of a draft');
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireConsultation(db, actor, d, id, true);
    if (c.status !== 'draft')
      throw new AppError(
        'CONSULTATION_NOT_DRAFT',
        409,
        `Consultation ${id} is open: delegations comment on its paragraphs, so the split stays as it is (publish a revised draft instead)`,
      );
    const current = versionOf(await listVersions(db, id), c.current_version);
    if (current.split_revision !== input.expectedSplitRevision)
      throw new Conflict(
        `The split of consultation ${id} is at revision ${current.split_revision}, not ${input.expectedSplitRevision}: reload it`,
      );
    const problem = checkSplit(current.text, input.blocks);
    if (problem)
      throw new Invalid([
        {
          field: problem.segment === null ? 'body.blocks' : `body.blocks[${problem.segment}].text`,
          message: problem.message,
        },
      ]);
    const blocks = paragraphsOf(input.blocks.map((b) => ({ kind: b.kind, text: b.text })));
    if (!blocks.some((b) => b.kind === 'paragraph'))
      throw new Invalid([{ field: 'body.blocks', message: 'the split has no paragraph (only headings)' }]);
    await insertVersion(db, {
      consultationId: id,
      version: current.version,
      splitRevision: current.split_revision + 1,
      dialogueId: d.id,
      text: current.text,
      blocks,
      note: current.note,
      userId: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'consultation.split',
      target(d, id),
      { splitRevision: current.split_revision + 1, blocks: blocks.length },
      { ip: ctx.ip },
    );
    return consultationView(db, actor, c);
  });
}

/** POST …/consultations/:id/open: delegations may comment from now until the deadline. */
export async function openConsultation(ctx: Ctx, slug: string, id: number): Promise<ConsultationView> {
  const { d, actor } = await requireManaged(ctx, slug, 'opens consultations');
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireConsultation(db, actor, d, id, true);
    if (c.status !== 'draft')
      throw new AppError('CONSULTATION_NOT_DRAFT', 409, `Consultation ${id} is open already`);
    const errors = await checkDeadline(c.deadline, 'deadline');
    if (errors.length) throw new Invalid(errors);
    await updateConsultationState(db, id, c.revision, { status: 'open' });
    await recordAudit(
      db,
      actor,
      'consultation.open',
      target(d, id),
      { deadline: c.deadline },
      { ip: ctx.ip },
    );
    await domainEvents.emit('consultation.opened', { dialogueId: d.id, consultationId: id }, db);
    return consultationView(db, actor, await requireConsultation(db, actor, d, id));
  });
}

/** PATCH …/consultations/:id: a new deadline or visibility of comments (audited; guarded by the revision). */
export async function changeSettings(
  ctx: Ctx,
  slug: string,
  id: number,
  input: SettingsBody,
): Promise<ConsultationView> {
  const { d, actor } = await requireManaged(ctx, slug, 'changes the deadline and the visibility of comments');
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireConsultation(db, actor, d, id, true);
    const errors = input.deadline ? await checkDeadline(input.deadline, 'body.deadline') : [];
    if (errors.length) throw new Invalid(errors);
    if (c.revision !== input.expectedRevision)
      throw new Conflict(
        `Consultation ${id} is at revision ${c.revision}, not ${input.expectedRevision}: reload it`,
      );
    await updateConsultationState(db, id, c.revision, {
      ...(input.deadline ? { deadline: input.deadline } : {}),
      ...(input.commentsVisible === undefined ? {} : { commentsVisible: input.commentsVisible }),
    });
    await recordAudit(
      db,
      actor,
      'consultation.settings',
      target(d, id),
      { from: { deadline: c.deadline, commentsVisible: c.comments_visible }, to: input },
      { ip: ctx.ip },
    );
    return consultationView(db, actor, await requireConsultation(db, actor, d, id));
  });
}

/** The consultation, open, before its deadline (409 with the reason otherwise). */
function requireOpen(c: ConsultationRow): void {
  if (c.status !== 'open')
    throw new AppError('CONSULTATION_NOT_OPEN', 409, `Consultation ${c.id} is not open for comments yet`);
  if (!isOpenForComments(c.deadline, new Date()))
    throw new AppError(
      'CONSULTATION_CLOSED',
      409,
      `The deadline for comments on consultation ${c.id} was ${c.deadline}: comments are closed, nothing was written`,
    );
}

function checkComment(input: {
  kind: CommentBody['kind'];
  body: string;
  proposedWording?: string | undefined;
}) {
  const errors: FieldError[] = [];
  if (input.kind === 'proposed_wording' && !input.proposedWording)
    errors.push({ field: 'body.proposedWording', message: 'give the wording you propose for the paragraph' });
  if (input.kind !== 'proposed_wording' && input.proposedWording)
    errors.push({
      field: 'body.proposedWording',
      message: 'a proposed wording goes with kind proposed_wording',
    });
  if ((input.kind === 'comment' || input.kind === 'objection') && !input.body)
    errors.push({
      field: 'body.body',
      message: `write the ${input.kind === 'comment' ? 'comment' : 'objection'}`,
    });
  return errors;
}

const by = (actor: Actor) => ({ userId: actor.userId, orgId: actor.orgId });

/** POST …/consultations/:id/comments: a delegation's comment on a paragraph of the current version. */
export async function commentOnParagraph(
  ctx: Ctx,
  slug: string,
  id: number,
  input: CommentBody,
): Promise<ConsultationView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    consultationsPolicy.comment,
    'Viewers read consultations; they do not comment',
  );
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireConsultation(db, actor, d, id);
    requireOpen(c);
    const current = versionOf(await listVersions(db, id), c.current_version);
    const errors = checkComment(input);
    const block = current.blocks.find((b) => b.key === input.paragraphKey);
    if (block?.kind !== 'paragraph')
      errors.push({
        field: 'body.paragraphKey',
        message: `version ${current.version} of the draft has no paragraph ${input.paragraphKey}`,
      });
    if (errors.length) throw new Invalid(errors);
    const content = { kind: input.kind, body: input.body, proposedWording: input.proposedWording ?? null };
    const commentId = await insertComment(db, {
      consultationId: id,
      dialogueId: d.id,
      version: current.version,
      paragraphKey: input.paragraphKey,
      ...by(actor),
      ...content,
    });
    await insertCommentRevision(db, { commentId, revision: 1, dialogueId: d.id, ...by(actor), ...content });
    await recordAudit(
      db,
      actor,
      'consultation.comment',
      target(d, id),
      { commentId, kind: input.kind },
      { ip: ctx.ip },
    );
    return consultationView(db, actor, c);
  });
}

async function requireComment(db: Queryable, actor: MaybeActor, c: ConsultationRow, commentId: number) {
  const [k] = await listCommentRows(db, actor, c.id, { seesAll: seesAll(actor, c), id: commentId });
  if (!k) throw new NotFound(`Comment ${commentId} of consultation ${c.id}`);
  return k;
}

/** PATCH …/consultations/:id/comments/:commentId: a new revision of the organisation's own comment. */
export async function editComment(
  ctx: Ctx,
  slug: string,
  id: number,
  commentId: number,
  input: CommentEditBody,
): Promise<ConsultationView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    consultationsPolicy.comment,
    'Viewers read consultations; they do not comment',
  );
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireConsultation(db, actor, d, id);
    const k = await requireComment(db, actor, c, commentId);
    if (!consultationsPolicy.editComment(actor, { organisationId: k.organisation_id }))
      throw new Forbidden(
        `Comment ${commentId} is ${k.organisation}'s: a delegation edits only its own comments`,
      );
    requireOpen(c);
    if (k.version !== c.current_version)
      throw new AppError(
        'CONSULTATION_OLD_VERSION',
        409,
        `Comment ${commentId} is on version ${k.version}; the draft is at version ${c.current_version}: comment on the revised draft instead`,
      );
    const errors = checkComment(input);
    if (errors.length) throw new Invalid(errors);
    const content = { kind: input.kind, body: input.body, proposedWording: input.proposedWording ?? null };
    if (
      k.revision !== input.expectedRevision ||
      !(await updateComment(db, commentId, input.expectedRevision, { ...content, userId: actor.userId }))
    )
      throw new Conflict(
        `Comment ${commentId} is at revision ${k.revision}, not ${input.expectedRevision}: reload it`,
      );
    const revision = (await countCommentRevisions(db, commentId)) + 1;
    await insertCommentRevision(db, { commentId, revision, dialogueId: d.id, ...by(actor), ...content });
    await recordAudit(
      db,
      actor,
      'consultation.comment.edit',
      target(d, id),
      { commentId, revision },
      { ip: ctx.ip },
    );
    return consultationView(db, actor, c);
  });
}

/** POST …/consultations/:id/comments/:commentId/response: the secretariat's response (the newest counts). */
export async function respondToComment(
  ctx: Ctx,
  slug: string,
  id: number,
  commentId: number,
  input: ResponseBody,
): Promise<ConsultationView> {
  const { d, actor } = await requireManaged(ctx, slug, 'responds to comments');
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireConsultation(db, actor, d, id);
    await requireComment(db, actor, c, commentId);
    if (input.response !== 'accepted' && !input.reason)
      throw new Invalid([
        { field: 'body.reason', message: 'give the reason when a comment is not (fully) accepted' },
      ]);
    await insertResponse(db, { commentId, dialogueId: d.id, ...input, userId: actor.userId });
    await recordAudit(
      db,
      actor,
      'consultation.respond',
      target(d, id),
      { commentId, response: input.response },
      { ip: ctx.ip },
    );
    return consultationView(db, actor, c);
  });
}

/** The matrix of one version (the current by default): paragraph × delegation, with the responses. */
export async function matrixOf(
  db: Queryable,
  actor: MaybeActor,
  d: DialogueRef,
  id: number,
  q: VersionQuery,
): Promise<MatrixView> {
  const c = await requireConsultation(db, actor, d, id);
  const versions = await listVersions(db, id);
  const v = versionOf(versions, q.version ?? c.current_version);
  const rows = await listCommentRows(db, actor, id, { seesAll: seesAll(actor, c), version: v.version });
  const views = commentViews(actor, rows, versions);
  const delegations = new Map<number, string>();
  for (const k of views) delegations.set(k.organisation.id, k.organisation.name);
  return {
    consultationId: c.id,
    title: c.title,
    version: v.version,
    delegations: [...delegations]
      .map(([oid, name]) => ({ id: oid, name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    rows: v.blocks.map((b) => ({
      ...publicBlock(b),
      comments: views.filter((k) => k.paragraphKey === b.key),
    })),
  };
}

/** GET …/consultations/:id/matrix. */
export async function getMatrix(ctx: Ctx, slug: string, id: number, q: VersionQuery): Promise<MatrixView> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, (db) => matrixOf(db, ctx.actor, d, id, q));
}

const languageOf = (d: DialogueRef): SummaryLanguage => {
  const l = d.working_languages[0];
  return l === 'fr' || l === 'ru' ? l : 'en';
};

/** The summary of one version: the newest saved one, else generated now (revision 0). */
export async function summaryOf(
  db: Queryable,
  actor: MaybeActor,
  d: DialogueRef,
  id: number,
  q: VersionQuery,
): Promise<SummaryView> {
  const c = await requireConsultation(db, actor, d, id);
  const versions = await listVersions(db, id);
  const v = versionOf(versions, q.version ?? c.current_version);
  const saved = await listSummaryRows(db, id, v.version);
  const revisions = saved.map((s) => ({
    revision: s.revision,
    generated: s.generated,
    savedAt: iso(s.created_at),
  }));
  const latest = saved[0];
  const content: Summary = latest
    ? latest.content
    : generateSummary(v.blocks, await summaryComments(db, actor, c, v.version), languageOf(d));
  return {
    consultationId: id,
    version: v.version,
    revision: latest?.revision ?? 0,
    generated: latest?.generated ?? true,
    savedAt: latest ? iso(latest.created_at) : null,
    content,
    text: summaryText(content, `${c.title} – summary of comments`),
    revisions,
  };
}

async function summaryComments(db: Queryable, actor: MaybeActor, c: ConsultationRow, version: number) {
  const rows = await listCommentRows(db, actor, c.id, { seesAll: seesAll(actor, c), version });
  return rows.map((k) => ({
    id: k.id,
    paragraphKey: k.paragraph_key,
    organisationId: k.organisation_id,
    kind: k.kind,
    body: k.body,
    proposedWording: k.proposed_wording,
  }));
}

/** GET …/consultations/:id/summary. */
export async function getSummary(ctx: Ctx, slug: string, id: number, q: VersionQuery): Promise<SummaryView> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, (db) => summaryOf(db, ctx.actor, d, id, q));
}

/** PUT …/consultations/:id/summary: the secretariat's edit of the current version's summary, a new revision. */
export async function saveSummary(
  ctx: Ctx,
  slug: string,
  id: number,
  input: SummaryBody,
): Promise<SummaryView> {
  const { d, actor } = await requireManaged(ctx, slug, 'edits the summary of comments');
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireConsultation(db, actor, d, id, true);
    const saved = await listSummaryRows(db, id, c.current_version);
    const revision = saved[0]?.revision ?? 0;
    if (revision !== input.expectedRevision)
      throw new Conflict(`The summary is at revision ${revision}, not ${input.expectedRevision}: reload it`);
    const known = new Set(
      (await listCommentRows(db, actor, id, { seesAll: true, version: c.current_version })).map((k) => k.id),
    );
    const unknown = citedComments(input.content).filter((k) => !known.has(k));
    if (unknown.length)
      throw new Invalid([
        {
          field: 'body.content',
          message: `the summary cites comments that are not comments on version ${c.current_version}: ${unknown.join(', ')}`,
        },
      ]);
    await insertSummary(db, {
      consultationId: id,
      version: c.current_version,
      revision: revision + 1,
      dialogueId: d.id,
      content: input.content,
      generated: false,
      userId: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'consultation.summary',
      target(d, id),
      { revision: revision + 1 },
      { ip: ctx.ip },
    );
    return summaryOf(db, actor, d, id, {});
  });
}

/** POST …/consultations/:id/summary/generate: generated again from the comments, saved as a new revision. */
export async function regenerateSummary(ctx: Ctx, slug: string, id: number): Promise<SummaryView> {
  const { d, actor } = await requireManaged(ctx, slug, 'generates the summary of comments');
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireConsultation(db, actor, d, id, true);
    const v = versionOf(await listVersions(db, id), c.current_version);
    const saved = await listSummaryRows(db, id, v.version);
    const revision = (saved[0]?.revision ?? 0) + 1;
    const content = generateSummary(v.blocks, await summaryComments(db, actor, c, v.version), languageOf(d));
    await insertSummary(db, {
      consultationId: id,
      version: v.version,
      revision,
      dialogueId: d.id,
      content,
      generated: true,
      userId: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'consultation.summary.generate',
      target(d, id),
      { revision },
      { ip: ctx.ip },
    );
    return summaryOf(db, actor, d, id, {});
  });
}

/** POST …/consultations/:id/versions: a revised draft; comments continue on it (optionally a new deadline). */
export async function publishVersion(
  ctx: Ctx,
  slug: string,
  id: number,
  input: VersionBody,
): Promise<ConsultationView> {
  const { d, actor } = await requireManaged(ctx, slug, 'publishes revised drafts');
  return withActor(ctx.db, actor, async (db) => {
    const c = await requireConsultation(db, actor, d, id, true);
    const errors = input.deadline ? await checkDeadline(input.deadline, 'body.deadline') : [];
    const blocks = splitDraft(input.text);
    if (!blocks.some((b) => b.kind === 'paragraph'))
      errors.push({ field: 'body.text', message: 'the revised draft has no paragraph (only headings)' });
    if (errors.length) throw new Invalid(errors);
    const version = c.current_version + 1;
    await insertVersion(db, {
      consultationId: id,
      version,
      splitRevision: 1,
      dialogueId: d.id,
      text: input.text,
      blocks,
      note: input.note ?? '',
      userId: actor.userId,
    });
    await updateConsultationState(db, id, c.revision, {
      currentVersion: version,
      ...(input.deadline ? { deadline: input.deadline } : {}),
    });
    await recordAudit(db, actor, 'consultation.version', target(d, id), { version }, { ip: ctx.ip });
    return consultationView(db, actor, await requireConsultation(db, actor, d, id));
  });
}

/** GET …/consultations/:id/compare?from=&to=: two versions side by side and how each comment was treated. */
export async function compareConsultationVersions(
  ctx: Ctx,
  slug: string,
  id: number,
  q: CompareQuery,
): Promise<CompareView> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const c = await requireConsultation(db, ctx.actor, d, id);
    const versions = await listVersions(db, id);
    const to = q.to ?? c.current_version;
    const from = q.from ?? Math.max(1, to - 1);
    if (from >= to && versions.length > 1)
      throw new Invalid([
        {
          field: 'querystring.from',
          message: `compare an earlier version with a later one (${from} ≥ ${to})`,
        },
      ]);
    const a = versionOf(versions, from);
    const b = versionOf(versions, to);
    const rows = compareVersions(a.blocks, b.blocks);
    const comments = commentViews(
      ctx.actor,
      await listCommentRows(db, ctx.actor, id, { seesAll: seesAll(ctx.actor, c), version: from }),
      versions,
    ).map((k) => {
      const t = treatmentOf(rows, k.paragraphKey);
      return { ...k, treatment: t && from !== to ? { version: to, ...t } : k.treatment };
    });
    return {
      consultationId: id,
      from,
      to,
      rows: rows.map((r) => ({
        status: r.status,
        from: r.from ? publicBlock(r.from) : null,
        to: r.to ? publicBlock(r.to) : null,
        diff: r.diff,
      })),
      comments,
    };
  });
}
