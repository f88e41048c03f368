/**
 * Use cases of notices of new national measures, one transaction each, run as the actor (row-level security
 * applies). A notice's every change — created, edited, sent, outcome reported — is a new revision; the
 * current text in `notices` is what the feed filters on, the revisions what the history shows. Sending
 * announces 'notice.sent' (src/shared/events.ts): the composition root queues the members' notifications, so
 * this module does not know the notification centre's tables.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  acknowledgementStatus,
  checkNoticeDates,
  dayOf,
  isCommentWindowOpen,
  isNotifyingSide,
  stageAfterOutcome,
} from '../../domain/notices/notice-rules';
import { type Actor, isMember, type MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { domainEvents } from '../../shared/events';
import { recordAudit } from '../audit/audit.service';
import {
  type DialogueRef,
  listMemberStateCodes,
  requireDialogue,
  requireDialogueFor,
} from '../dialogues/dialogues.service';
import { checkSharedWith } from '../members/members.service';
import { listRouteDefinitions } from '../migratory-routes/migratory-routes.service';
import { listCountries } from '../reference/reference.service';
import { indexItem, type SearchItem } from '../search/search.service';
import { type NoticeRef, noticesPolicy } from './notices.policy';
import type {
  AnswerBody,
  CommentBody,
  NoticeCreateBody,
  NoticeFeedQuery,
  NoticeHistory,
  NoticeList,
  NoticeSummaryView,
  NoticeUpdateBody,
  NoticeView,
  OutcomeBody,
  SendBody,
} from './notices.schema';
import {
  findNotice,
  insertAcknowledgement,
  insertComment,
  insertNotice,
  insertRevision,
  listAcknowledgements,
  listComments,
  listMemberStateOrganisations,
  listNotices,
  listRevisions,
  listSentNoticesForSearch,
  type NoticeContent,
  type NoticeFilter,
  type NoticeRow,
  type RevisionChange,
  updateNoticeContent,
} from './notices.sql';

const iso = (v: Date | string) => new Date(v).toISOString();

/** The fields of a notice's content, in the order the history names the changed ones. */
const CONTENT_KEYS = [
  'title',
  'measureType',
  'summary',
  'legalReference',
  'legalLink',
  'stage',
  'adoptedOn',
  'effectiveOn',
  'endsOn',
  'countries',
  'routes',
  'classification',
  'sharedWithOrgIds',
  'commentsUntil',
  'outcome',
  'outcomeNote',
] as const satisfies readonly (keyof NoticeContent)[];

const refOf = (n: NoticeRow): NoticeRef => ({
  dialogueId: n.dialogue_id,
  originatorOrgId: n.originator_org_id,
  stateIso3: n.state_iso3,
  status: n.status,
});

export function contentOf(n: NoticeRow): NoticeContent {
  return {
    title: n.title,
    measureType: n.measure_type,
    summary: n.summary,
    legalReference: n.legal_reference,
    legalLink: n.legal_link,
    stage: n.stage,
    adoptedOn: n.adopted_on,
    effectiveOn: n.effective_on,
    endsOn: n.ends_on,
    countries: n.countries,
    routes: n.routes,
    classification: n.classification,
    sharedWithOrgIds: n.shared_with_org_ids,
    commentsUntil: n.comments_until,
    outcome: n.outcome,
    outcomeNote: n.outcome_note,
  };
}

export function toNoticeSummary(n: NoticeRow): NoticeSummaryView {
  return {
    id: n.id,
    revision: n.revision,
    status: n.status,
    state: n.state_iso3,
    organisation: n.organisation,
    ...contentOf(n),
    sentAt: n.sent_at ? iso(n.sent_at) : null,
    isLate: n.sent_at !== null && n.effective_on !== null && dayOf(new Date(n.sent_at)) > n.effective_on,
    updatedAt: iso(n.updated_at),
  };
}

/** The notice, or 404 (also for a draft of another organisation: it does not exist for them). */
export async function requireNotice(
  db: Queryable,
  actor: MaybeActor,
  d: DialogueRef,
  id: number,
  forUpdate = false,
): Promise<NoticeRow> {
  const n = await findNotice(db, actor, d.id, id, { forUpdate });
  if (!n) throw new NotFound(`Notice ${id}`);
  return n;
}

/** Validates what a poster wrote beyond the schema: dates in order, known countries and routes, the deadline. */
async function checkContent(
  db: Queryable,
  d: DialogueRef,
  c: NoticeContent,
  previous: NoticeContent | null,
): Promise<FieldError[]> {
  const errors = checkNoticeDates(c);
  const known = new Set(listCountries().map((x) => x.iso3));
  c.countries.forEach((code, i) => {
    if (!known.has(code))
      errors.push({ field: `body.countries[${i}]`, message: `unknown country "${code}"` });
  });
  if (c.routes.length) {
    const routes = new Set((await listRouteDefinitions(db, d.id)).map((r) => r.code));
    c.routes.forEach((code, i) => {
      if (!routes.has(code))
        errors.push({ field: `body.routes[${i}]`, message: `"${code}" is not a route of this dialogue` });
    });
  }
  if (c.commentsUntil && c.commentsUntil !== previous?.commentsUntil && c.commentsUntil < dayOf(new Date()))
    errors.push({
      field: 'body.commentsUntil',
      message: `the deadline for comments ${c.commentsUntil} is in the past`,
    });
  if (c.classification === 'restricted' && c.sharedWithOrgIds.length === 0)
    errors.push({
      field: 'body.sharedWithOrgIds',
      message: 'a restricted notice names the organisations it is shared with',
    });
  // Each organisation must take part in the dialogue (members service); an unchanged list is not re-checked,
  // so a notice stays editable after an organisation it was shared with has left.
  if (c.classification === 'restricted' && c.sharedWithOrgIds.join() !== previous?.sharedWithOrgIds.join())
    errors.push(...(await checkSharedWith(db, d.id, c.sharedWithOrgIds)));
  return errors;
}

/** The notifying state of a new notice: the poster's own, or (secretariat) the member state it names. */
async function notifyingState(db: Queryable, actor: Actor, d: DialogueRef, state: string | undefined) {
  const states = await listMemberStateCodes(db, d.id);
  if (noticesPolicy.notifiesForAnyState(actor, { dialogueId: d.id })) {
    if (!state) throw new Invalid([{ field: 'body.state', message: 'name the member state that notifies' }]);
    if (!states.includes(state))
      throw new Invalid([
        { field: 'body.state', message: `"${state}" is not a member state of this dialogue` },
      ]);
    return state;
  }
  const own = actor.countryIso3;
  if (!own || !states.includes(own))
    throw new Forbidden('Only the authorities of a member state (or the secretariat) post notices');
  if (state && state !== own)
    throw new Invalid([
      { field: 'body.state', message: `you notify for your own state (${own}), not ${state}` },
    ]);
  return own;
}

async function announceSent(db: Queryable, n: { dialogueId: number; noticeId: number }) {
  await domainEvents.emit('notice.sent', n, db);
}

/** GET …/notices: the feed, newest first, with filters (drafts: my organisation's, with status=draft). */
export async function listNoticeFeed(ctx: Ctx, slug: string, q: NoticeFeedQuery): Promise<NoticeList> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => ({
    items: (await listNotices(db, ctx.actor, d.id, filterOf(q))).map(toNoticeSummary),
  }));
}

export function filterOf(q: NoticeFeedQuery, extra: Partial<NoticeFilter> = {}): NoticeFilter {
  return { ...q, ...extra };
}

/** The sent notices a feed (Atom, iCalendar) shows, with the dialogue. */
export async function listFeedNotices(
  ctx: Ctx,
  slug: string,
  q: NoticeFeedQuery,
  extra: Partial<NoticeFilter> = {},
): Promise<{ d: DialogueRef; items: NoticeSummaryView[] }> {
  const d = await requireDialogue(ctx, slug);
  const items = await withActor(ctx.db, ctx.actor, (db) =>
    listNotices(db, ctx.actor, d.id, filterOf({ ...q, status: 'sent' }, extra)),
  );
  return { d, items: items.map(toNoticeSummary) };
}

async function noticeView(db: Queryable, actor: MaybeActor, n: NoticeRow): Promise<NoticeView> {
  const member = isMember(actor, n.dialogue_id);
  const ref = refOf(n);
  const acks = member && n.status === 'sent' ? await listAcknowledgements(db, n.id) : [];
  const expected = member && n.status === 'sent' ? await listMemberStateOrganisations(db, n.dialogue_id) : [];
  const org = (o: { id: number; name: string; country_iso3: string | null }) => ({
    id: o.id,
    name: o.name,
    countryIso3: o.country_iso3,
  });
  const status = acknowledgementStatus(
    expected.map(org),
    acks.map((a) => ({ ...org(a), at: iso(a.created_at) })),
    ref,
  );
  const comments = member ? await listComments(db, n.id) : [];
  const isOpen = isCommentWindowOpen(n.comments_until, new Date());
  const responds = noticesPolicy.respondToNotice(actor, ref);
  const changes = noticesPolicy.changeNotice(actor, ref);
  return {
    ...toNoticeSummary(n),
    acknowledgements: {
      acknowledged: status.acknowledged.map(({ countryIso3, ...o }) => ({ ...o, country: countryIso3 })),
      pending: status.pending.map(({ countryIso3, ...o }) => ({ ...o, country: countryIso3 })),
    },
    comments: comments.map((c) => ({
      id: c.id,
      kind: c.kind,
      organisation: c.organisation,
      country: c.country_iso3,
      body: c.body,
      replyTo: c.reply_to,
      createdAt: iso(c.created_at),
    })),
    isCommentWindowOpen: isOpen,
    abilities: {
      canEdit: changes,
      canSend: changes && n.status === 'draft',
      canAcknowledge: responds && !!actor && !acks.some((a) => a.id === actor.orgId),
      canComment: responds && isOpen,
      canRaiseConcern: responds && isOpen && n.comments_until !== null,
      canAnswer: changes && n.status === 'sent',
      canReportOutcome: changes && n.status === 'sent',
    },
  };
}

/** GET …/notices/:id: the notice with who acknowledged and who has not, the comments, what I may do. */
export async function getNotice(ctx: Ctx, slug: string, id: number): Promise<NoticeView> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    noticeView(db, ctx.actor, await requireNotice(db, ctx.actor, d, id)),
  );
}

/** GET …/notices/:id/history: every revision (with the fields it changed), acknowledgement and comment. */
export async function getNoticeHistory(ctx: Ctx, slug: string, id: number): Promise<NoticeHistory> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const n = await requireNotice(db, ctx.actor, d, id);
    const member = isMember(ctx.actor, d.id);
    const revisions = await listRevisions(db, n.id);
    const items: NoticeHistory['items'] = revisions.map((r, i) => {
      const before = i > 0 ? revisions[i - 1]!.content : null;
      const changed = before
        ? CONTENT_KEYS.filter((k) => JSON.stringify(r.content[k]) !== JSON.stringify(before[k]))
        : [];
      const files = r.attachments.length > 0;
      return {
        at: iso(r.created_at),
        organisation: r.organisation,
        event: r.change,
        revision: r.revision,
        changed: files ? [...changed, 'attachments'] : changed,
        content: { ...r.content },
        body: files ? r.attachments.join('\n') : null,
      };
    });
    if (member) {
      for (const a of await listAcknowledgements(db, n.id))
        items.push({ ...event(a.created_at, a.name, 'acknowledged'), body: null });
      for (const c of await listComments(db, n.id))
        items.push({ ...event(c.created_at, c.organisation, c.kind), body: c.body });
    }
    items.sort((a, b) => a.at.localeCompare(b.at));
    return { items };
  });
}

const event = (at: Date, organisation: string, kind: NoticeHistory['items'][number]['event']) => ({
  at: iso(at),
  organisation,
  event: kind,
  revision: null,
  changed: [],
  content: null,
});

/** POST …/notices: a draft of the poster's organisation, or (send: true) sent to the members at once. */
export async function createNotice(ctx: Ctx, slug: string, input: NoticeCreateBody): Promise<NoticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    noticesPolicy.create,
    "Only a member state's analysts and the secretariat post notices",
  );
  return withActor(ctx.db, actor, async (db) =>
    noticeView(db, actor, await insertNewNotice(db, actor, d, input, ctx.ip)),
  );
}

/**
 * Writes a new notice (revision 1) in the caller's transaction, as `actor`, after the same checks as the form:
 * the notifying state, dates, countries, routes. Also how an inbound e-mail becomes a draft (notices.inbound.ts).
 */
export async function insertNewNotice(
  db: Queryable,
  actor: Actor,
  d: DialogueRef,
  input: NoticeCreateBody,
  ip: string | null | undefined,
): Promise<NoticeRow> {
  const stateIso3 = await notifyingState(db, actor, d, input.state);
  const content: NoticeContent = {
    title: input.title,
    measureType: input.measureType,
    summary: input.summary,
    legalReference: input.legalReference ?? '',
    legalLink: input.legalLink ?? null,
    stage: input.stage,
    adoptedOn: input.adoptedOn ?? null,
    effectiveOn: input.effectiveOn ?? null,
    endsOn: input.endsOn ?? null,
    countries: [...new Set(input.countries ?? [])],
    routes: [...new Set(input.routes ?? [])],
    classification: input.classification ?? 'dialogue',
    sharedWithOrgIds: input.sharedWithOrgIds ?? [],
    commentsUntil: input.commentsUntil ?? null,
    outcome: null,
    outcomeNote: null,
  };
  const errors = await checkContent(db, d, content, null);
  if (errors.length) throw new Invalid(errors);
  const isSent = input.send === true;
  const id = await insertNotice(db, {
    ...content,
    dialogueId: d.id,
    stateIso3,
    orgId: actor.orgId,
    authorId: actor.userId,
    isSent,
  });
  const change = isSent ? 'sent' : 'created';
  await insertRevision(db, { noticeId: id, revision: 1, dialogueId: d.id, change, content, ...by(actor) });
  await recordAudit(
    db,
    actor,
    `notice.${isSent ? 'send' : 'create'}`,
    target(d, id),
    { state: stateIso3, title: content.title },
    { ip },
  );
  if (isSent) await announceSent(db, { dialogueId: d.id, noticeId: id });
  return requireNotice(db, actor, d, id);
}

const by = (actor: Actor) => ({ userId: actor.userId, orgId: actor.orgId });
const target = (d: DialogueRef, id: number) => ({ type: 'notice', id, dialogueId: d.id });

/** A notice the actor may change (404 if unseen, 403 if not theirs), locked for the change. */
export async function requireChangeable(
  db: Queryable,
  actor: Actor,
  d: DialogueRef,
  id: number,
): Promise<NoticeRow> {
  // Checked before locking: FOR UPDATE applies the row's update policy, which would hide it (404, not 403).
  if (!noticesPolicy.changeNotice(actor, refOf(await requireNotice(db, actor, d, id))))
    throw new Forbidden('Only the notifying state (or the secretariat) changes this notice');
  return requireNotice(db, actor, d, id, true);
}

/** Writes a new revision of the notice's content; 409 when the caller's revision is not the current one. */
export async function writeRevision(
  db: Queryable,
  actor: Actor,
  n: NoticeRow,
  expectedRevision: number,
  content: NoticeContent,
  change: Exclude<RevisionChange, 'created'>,
): Promise<void> {
  const current = toNoticeSummary(n);
  if (
    n.revision !== expectedRevision ||
    !(await updateNoticeContent(db, n.id, expectedRevision, content, { send: change === 'sent' }))
  )
    throw new Conflict(
      `Notice ${n.id} is at revision ${n.revision}, not ${expectedRevision}: reload it`,
      current,
    );
  await insertRevision(db, {
    noticeId: n.id,
    revision: n.revision + 1,
    dialogueId: n.dialogue_id,
    change,
    content,
    ...by(actor),
  });
}

/** PATCH …/notices/:id: a new revision with the fields given (the others as they were). */
export async function updateNotice(
  ctx: Ctx,
  slug: string,
  id: number,
  input: NoticeUpdateBody,
): Promise<NoticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    noticesPolicy.change,
    'You may not change notices',
  );
  return withActor(ctx.db, actor, async (db) => {
    const n = await requireChangeable(db, actor, d, id);
    const before = contentOf(n);
    const { expectedRevision, ...patch } = input;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const content: NoticeContent = { ...before, ...defined };
    const errors = await checkContent(db, d, content, before);
    if (errors.length) throw new Invalid(errors);
    await writeRevision(db, actor, n, expectedRevision, content, 'edited');
    await recordAudit(
      db,
      actor,
      'notice.update',
      target(d, id),
      { fields: Object.keys(defined) },
      { ip: ctx.ip },
    );
    await reindexNotice(db, id);
    return noticeView(db, actor, await requireNotice(db, actor, d, id));
  });
}

/** POST …/notices/:id/send: a draft goes to the members (notified in-app), as a new revision. */
export async function sendNotice(ctx: Ctx, slug: string, id: number, input: SendBody): Promise<NoticeView> {
  const { d, actor } = await requireDialogueFor(ctx, slug, noticesPolicy.change, 'You may not send notices');
  return withActor(ctx.db, actor, async (db) => {
    const n = await requireChangeable(db, actor, d, id);
    if (n.status === 'sent') throw new AppError('NOTICE_ALREADY_SENT', 409, `Notice ${id} was sent already`);
    const content = contentOf(n);
    const errors = await checkContent(db, d, content, null);
    if (errors.length) throw new Invalid(errors);
    await writeRevision(db, actor, n, input.expectedRevision, content, 'sent');
    await recordAudit(db, actor, 'notice.send', target(d, id), { state: n.state_iso3 }, { ip: ctx.ip });
    await announceSent(db, { dialogueId: d.id, noticeId: id });
    return noticeView(db, actor, await requireNotice(db, actor, d, id));
  });
}

/** A sent notice the actor's organisation may respond to (not its own). */
async function requireRespondable(
  db: Queryable,
  actor: Actor,
  d: DialogueRef,
  id: number,
): Promise<NoticeRow> {
  const n = await requireNotice(db, actor, d, id);
  if (n.status !== 'sent')
    throw new AppError('NOTICE_NOT_SENT', 409, `Notice ${id} is a draft: it is not sent yet`);
  if (isNotifyingSide({ id: actor.orgId, countryIso3: actor.countryIso3 }, refOf(n)))
    throw new AppError(
      'NOTICE_OWN',
      409,
      `Notice ${id} is your own state's (${n.state_iso3}): you answer it, you do not acknowledge or comment on it`,
    );
  return n;
}

/** POST …/notices/:id/acknowledge: the actor's organisation acknowledges receipt, once. */
export async function acknowledgeNotice(ctx: Ctx, slug: string, id: number): Promise<NoticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    noticesPolicy.respond,
    'You may not acknowledge notices',
  );
  return withActor(ctx.db, actor, async (db) => {
    const n = await requireRespondable(db, actor, d, id);
    if (!(await insertAcknowledgement(db, { noticeId: id, dialogueId: d.id, ...by(actor) })))
      throw new AppError(
        'NOTICE_ALREADY_ACKNOWLEDGED',
        409,
        `Your organisation acknowledged notice ${id} already`,
      );
    await recordAudit(db, actor, 'notice.acknowledge', target(d, id), {}, { ip: ctx.ip });
    return noticeView(db, actor, n);
  });
}

/** POST …/notices/:id/comments: a comment, or a formal concern when comments were requested; until the deadline. */
export async function commentOnNotice(
  ctx: Ctx,
  slug: string,
  id: number,
  input: CommentBody,
): Promise<NoticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    noticesPolicy.respond,
    'You may not comment on notices',
  );
  return withActor(ctx.db, actor, async (db) => {
    const n = await requireRespondable(db, actor, d, id);
    if (!isCommentWindowOpen(n.comments_until, new Date()))
      throw new AppError(
        'NOTICE_COMMENTS_CLOSED',
        409,
        `The deadline for comments on notice ${id} was ${n.comments_until}: comments are closed`,
      );
    if (input.kind === 'concern' && n.comments_until === null)
      throw new Invalid([
        {
          field: 'body.kind',
          message: 'a formal concern needs a request for comments; write a comment instead',
        },
      ]);
    const commentId = await insertComment(db, {
      noticeId: id,
      dialogueId: d.id,
      ...by(actor),
      kind: input.kind,
      body: input.body,
      replyTo: null,
    });
    await recordAudit(db, actor, `notice.${input.kind}`, target(d, id), { commentId }, { ip: ctx.ip });
    return noticeView(db, actor, n);
  });
}

/** POST …/notices/:id/comments/:commentId/answer: the notifying side answers a comment or concern. */
export async function answerNoticeComment(
  ctx: Ctx,
  slug: string,
  id: number,
  commentId: number,
  input: AnswerBody,
): Promise<NoticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    noticesPolicy.change,
    'You may not answer comments',
  );
  return withActor(ctx.db, actor, async (db) => {
    const n = await requireChangeable(db, actor, d, id);
    const comment = (await listComments(db, id)).find((c) => c.id === commentId);
    if (!comment || comment.kind === 'answer') throw new NotFound(`Comment ${commentId} of notice ${id}`);
    const answerId = await insertComment(db, {
      noticeId: id,
      dialogueId: d.id,
      ...by(actor),
      kind: 'answer',
      body: input.body,
      replyTo: commentId,
    });
    await recordAudit(db, actor, 'notice.answer', target(d, id), { commentId, answerId }, { ip: ctx.ip });
    return noticeView(db, actor, n);
  });
}

/** POST …/notices/:id/outcome: what became of the measure (adopted as is, changed, abandoned), as a revision. */
export async function reportNoticeOutcome(
  ctx: Ctx,
  slug: string,
  id: number,
  input: OutcomeBody,
): Promise<NoticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    noticesPolicy.change,
    'You may not report outcomes',
  );
  return withActor(ctx.db, actor, async (db) => {
    const n = await requireChangeable(db, actor, d, id);
    if (n.status !== 'sent')
      throw new AppError('NOTICE_NOT_SENT', 409, `Notice ${id} is a draft: send it first`);
    const before = contentOf(n);
    const content: NoticeContent = {
      ...before,
      outcome: input.outcome,
      outcomeNote: input.note ?? null,
      stage: stageAfterOutcome(input.outcome, before.stage),
      ...(input.legalReference !== undefined ? { legalReference: input.legalReference } : {}),
      ...(input.legalLink !== undefined ? { legalLink: input.legalLink } : {}),
      ...(input.adoptedOn !== undefined ? { adoptedOn: input.adoptedOn } : {}),
      ...(input.effectiveOn !== undefined ? { effectiveOn: input.effectiveOn } : {}),
    };
    const errors = await checkContent(db, d, content, before);
    if (errors.length) throw new Invalid(errors);
    await writeRevision(db, actor, n, input.expectedRevision, content, 'outcome');
    await recordAudit(db, actor, 'notice.outcome', target(d, id), { outcome: input.outcome }, { ip: ctx.ip });
    await reindexNotice(db, id);
    return noticeView(db, actor, await requireNotice(db, actor, d, id));
  });
}

/** Sent notices (all, or one) as search items (src/modules/search); drafts are never indexed. */
export async function noticeSearchItems(db: Queryable, id?: number): Promise<SearchItem[]> {
  const rows = await listSentNoticesForSearch(db, id);
  return rows.map((n) => ({
    type: 'notice',
    id: n.id,
    dialogueId: n.dialogue_id,
    classification: n.classification,
    originatorOrgId: n.originator_org_id,
    sharedWithOrgIds: n.shared_with_org_ids,
    country: n.state_iso3,
    date: n.day,
    language: 'en',
    title: n.title,
    body: `${n.summary}\n${n.legal_reference}`,
    link: `/d/${n.slug}/notices/${n.id}`,
  }));
}

/** A sent notice's search item follows its changes (drafts are never indexed). */
async function reindexNotice(db: Queryable, id: number): Promise<void> {
  for (const item of await noticeSearchItems(db, id)) await indexItem(db, item);
}
