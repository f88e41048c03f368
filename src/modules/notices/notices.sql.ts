/**
 * Queries of notices (migration 0024). Every read of notices goes through noticeVisibleTo (sent and
 * visible by classification, or a draft of the actor's own organisation); row-level security repeats it.
 * Writes of the current text always come with a revision row (insertRevision), in the same transaction.
 */
import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { MeasureType, NoticeOutcome, NoticeStage } from '../../domain/notices/notice-rules';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { visibleTo } from '../../shared/visibility';

export interface NoticeRow {
  id: number;
  dialogue_id: number;
  state_iso3: string;
  originator_org_id: number;
  organisation: string;
  author_id: number;
  status: 'draft' | 'sent';
  revision: number;
  title: string;
  measure_type: MeasureType;
  summary: string;
  legal_reference: string;
  legal_link: string | null;
  stage: NoticeStage;
  adopted_on: string | null;
  effective_on: string | null;
  ends_on: string | null;
  countries: string[];
  routes: string[];
  classification: Classification;
  shared_with_org_ids: number[];
  comments_until: string | null;
  outcome: NoticeOutcome | null;
  outcome_note: string | null;
  sent_at: Date | null;
  updated_at: Date;
}

/** The content of a notice: what a revision keeps (camelCase, as the API shows it). */
export interface NoticeContent {
  title: string;
  measureType: MeasureType;
  summary: string;
  legalReference: string;
  legalLink: string | null;
  stage: NoticeStage;
  adoptedOn: string | null;
  effectiveOn: string | null;
  endsOn: string | null;
  countries: string[];
  routes: string[];
  classification: Classification;
  sharedWithOrgIds: number[];
  commentsUntil: string | null;
  outcome: NoticeOutcome | null;
  outcomeNote: string | null;
}

/** Notices of `alias` the actor may read: sent and visible by classification, or a draft of their organisation. */
export function noticeVisibleTo(actor: MaybeActor, alias: string): Sql {
  const t = raw(alias);
  if (!actor) return sql`(${t}.status = 'sent' AND ${visibleTo(actor, alias)})`;
  const memberOf = Object.keys(actor.roles).map(Number);
  return sql`((${t}.status = 'sent' AND ${visibleTo(actor, alias)})
    OR (${t}.originator_org_id = ${actor.orgId} AND ${t}.dialogue_id = ANY(${memberOf}::int[])))`;
}

const SELECT_NOTICE = sql`SELECT n.id, n.dialogue_id, trim(n.state_iso3) AS state_iso3, n.originator_org_id,
    o.name AS organisation, n.author_id, n.status, n.revision, n.title, n.measure_type, n.summary,
    n.legal_reference, n.legal_link, n.stage, to_char(n.adopted_on, 'YYYY-MM-DD') AS adopted_on,
    to_char(n.effective_on, 'YYYY-MM-DD') AS effective_on, to_char(n.ends_on, 'YYYY-MM-DD') AS ends_on,
    ARRAY(SELECT trim(c) FROM unnest(n.countries) c) AS countries, n.routes, n.classification,
    n.shared_with_org_ids, to_char(n.comments_until, 'YYYY-MM-DD') AS comments_until, n.outcome,
    n.outcome_note, n.sent_at, n.updated_at
  FROM notices n JOIN organisations o ON o.id = n.originator_org_id`;

export async function findNotice(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<NoticeRow | undefined> {
  const [row] = await db.query<NoticeRow>(sql`${SELECT_NOTICE}
    WHERE n.id = ${id} AND n.dialogue_id = ${dialogueId} AND ${noticeVisibleTo(actor, 'n')}
    ${opts.forUpdate ? sql`FOR UPDATE OF n` : empty}`);
  return row;
}

export interface NoticeFilter {
  type?: MeasureType | undefined;
  country?: string | undefined;
  route?: string | undefined;
  stage?: NoticeStage | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  status?: 'draft' | 'sent' | undefined;
  /** Only notices with an effective date (the iCalendar feed). */
  hasEffectiveDate?: boolean;
  limit: number;
}

export function listNotices(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  f: NoticeFilter,
): Promise<NoticeRow[]> {
  const when = sql`coalesce(n.effective_on, n.sent_at::date, n.created_at::date)`;
  const conditions: Sql[] = [sql`n.dialogue_id = ${dialogueId}`, noticeVisibleTo(actor, 'n')];
  if (f.status) conditions.push(sql`n.status = ${f.status}`);
  if (f.type) conditions.push(sql`n.measure_type = ${f.type}`);
  if (f.stage) conditions.push(sql`n.stage = ${f.stage}`);
  if (f.country)
    conditions.push(sql`(n.state_iso3 = ${f.country} OR ${f.country}::char(3) = ANY(n.countries))`);
  if (f.route) conditions.push(sql`${f.route} = ANY(n.routes)`);
  if (f.from) conditions.push(sql`${when} >= ${f.from}::date`);
  if (f.to) conditions.push(sql`${when} <= ${f.to}::date`);
  if (f.q) conditions.push(sql`n.search @@ plainto_tsquery('simple', ${f.q})`);
  if (f.hasEffectiveDate) conditions.push(sql`n.effective_on IS NOT NULL`);
  return db.query<NoticeRow>(sql`${SELECT_NOTICE} WHERE ${join(conditions, ' AND ')}
    ORDER BY coalesce(n.sent_at, n.updated_at) DESC, n.id DESC LIMIT ${f.limit}`);
}

export async function insertNotice(
  db: Queryable,
  n: NoticeContent & {
    dialogueId: number;
    stateIso3: string;
    orgId: number;
    authorId: number;
    isSent: boolean;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO notices (dialogue_id, state_iso3,
      originator_org_id, author_id, status, sent_at, title, measure_type, summary, legal_reference, legal_link, stage,
      adopted_on, effective_on, ends_on, countries, routes, classification, shared_with_org_ids, comments_until)
    VALUES (${n.dialogueId}, ${n.stateIso3}, ${n.orgId}, ${n.authorId}, ${n.isSent ? 'sent' : 'draft'},
      ${n.isSent ? sql`now()` : sql`NULL`}, ${n.title}, ${n.measureType},
      ${n.summary}, ${n.legalReference}, ${n.legalLink}, ${n.stage}, ${n.adoptedOn}::date, ${n.effectiveOn}::date,
      ${n.endsOn}::date, ${n.countries}::char(3)[], ${n.routes}::text[], ${n.classification}::classification,
      ${n.sharedWithOrgIds}::int[], ${n.commentsUntil}::date)
    RETURNING id`);
  return row!.id;
}

/** Writes the new current text as revision `revision + 1`; false when the notice moved on meanwhile. */
export async function updateNoticeContent(
  db: Queryable,
  id: number,
  expectedRevision: number,
  c: NoticeContent,
  opts: { send?: boolean } = {},
): Promise<boolean> {
  const rows = await db.query(sql`UPDATE notices SET title = ${c.title}, measure_type = ${c.measureType},
      summary = ${c.summary}, legal_reference = ${c.legalReference}, legal_link = ${c.legalLink},
      stage = ${c.stage}, adopted_on = ${c.adoptedOn}::date, effective_on = ${c.effectiveOn}::date,
      ends_on = ${c.endsOn}::date, countries = ${c.countries}::char(3)[], routes = ${c.routes}::text[],
      classification = ${c.classification}::classification, shared_with_org_ids = ${c.sharedWithOrgIds}::int[],
      comments_until = ${c.commentsUntil}::date, outcome = ${c.outcome}, outcome_note = ${c.outcomeNote},
      outcome_at = CASE WHEN ${c.outcome}::text IS NULL THEN NULL ELSE coalesce(outcome_at, now()) END,
      ${opts.send ? sql`status = 'sent', sent_at = now(),` : empty}
      revision = revision + 1, updated_at = now()
    WHERE id = ${id} AND revision = ${expectedRevision} RETURNING id`);
  return rows.length > 0;
}

export async function insertRevision(
  db: Queryable,
  r: {
    noticeId: number;
    revision: number;
    dialogueId: number;
    change: RevisionChange;
    content: NoticeContent;
    userId: number;
    orgId: number;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO notice_revisions (notice_id, revision, dialogue_id, change, content, user_id,
      organisation_id)
    VALUES (${r.noticeId}, ${r.revision}, ${r.dialogueId}, ${r.change}, ${JSON.stringify(r.content)}::jsonb,
      ${r.userId}, ${r.orgId})`);
}

/** What a revision did; 'attached': it added attachments (migration 0041, notices.attachments.ts). */
export type RevisionChange = 'created' | 'edited' | 'sent' | 'outcome' | 'attached';

export interface RevisionRow {
  revision: number;
  change: RevisionChange;
  content: NoticeContent;
  organisation: string;
  created_at: Date;
  /** The names of the files the revision attached. */
  attachments: string[];
}

export function listRevisions(db: Queryable, noticeId: number): Promise<RevisionRow[]> {
  return db.query<RevisionRow>(sql`SELECT r.revision, r.change, r.content, o.name AS organisation, r.created_at,
      ARRAY(SELECT a.file_name FROM notice_attachments a
        WHERE a.notice_id = r.notice_id AND a.revision = r.revision ORDER BY a.id) AS attachments
    FROM notice_revisions r JOIN organisations o ON o.id = r.organisation_id
    WHERE r.notice_id = ${noticeId} ORDER BY r.revision`);
}

export interface OrgRow {
  id: number;
  name: string;
  country_iso3: string | null;
}

/**
 * The member states' organisations expected to acknowledge: state authorities of the dialogue's member
 * states that have an active member in the dialogue.
 */
export function listMemberStateOrganisations(db: Queryable, dialogueId: number): Promise<OrgRow[]> {
  return db.query<OrgRow>(sql`SELECT DISTINCT o.id, o.name, trim(o.country_iso3) AS country_iso3
    FROM organisations o JOIN users u ON u.organisation_id = o.id AND u.is_active
      JOIN memberships m ON m.user_id = u.id AND m.dialogue_id = ${dialogueId}
      JOIN dialogue_states s ON s.dialogue_id = ${dialogueId} AND s.country_iso3 = o.country_iso3
    WHERE o.kind = 'state' ORDER BY o.name, o.id`);
}

export interface AckRow extends OrgRow {
  created_at: Date;
}

export function listAcknowledgements(db: Queryable, noticeId: number): Promise<AckRow[]> {
  return db.query<AckRow>(sql`SELECT o.id, o.name, trim(o.country_iso3) AS country_iso3, a.created_at
    FROM notice_acknowledgements a JOIN organisations o ON o.id = a.organisation_id
    WHERE a.notice_id = ${noticeId} ORDER BY a.created_at, o.id`);
}

/** Records the organisation's acknowledgement; false when it had acknowledged already. */
export async function insertAcknowledgement(
  db: Queryable,
  a: { noticeId: number; dialogueId: number; orgId: number; userId: number },
): Promise<boolean> {
  const rows =
    await db.query(sql`INSERT INTO notice_acknowledgements (notice_id, organisation_id, dialogue_id, user_id)
    VALUES (${a.noticeId}, ${a.orgId}, ${a.dialogueId}, ${a.userId})
    ON CONFLICT (notice_id, organisation_id) DO NOTHING RETURNING notice_id`);
  return rows.length > 0;
}

export interface CommentRow {
  id: number;
  kind: 'comment' | 'concern' | 'answer';
  organisation: string;
  country_iso3: string | null;
  body: string;
  reply_to: number | null;
  created_at: Date;
}

export function listComments(db: Queryable, noticeId: number): Promise<CommentRow[]> {
  return db.query<CommentRow>(sql`SELECT c.id, c.kind, o.name AS organisation, trim(o.country_iso3) AS country_iso3,
      c.body, c.reply_to, c.created_at
    FROM notice_comments c JOIN organisations o ON o.id = c.organisation_id
    WHERE c.notice_id = ${noticeId} ORDER BY c.id`);
}

export async function insertComment(
  db: Queryable,
  c: {
    noticeId: number;
    dialogueId: number;
    orgId: number;
    userId: number;
    kind: 'comment' | 'concern' | 'answer';
    body: string;
    replyTo: number | null;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO notice_comments (notice_id, dialogue_id,
      organisation_id, user_id, kind, body, reply_to)
    VALUES (${c.noticeId}, ${c.dialogueId}, ${c.orgId}, ${c.userId}, ${c.kind}, ${c.body}, ${c.replyTo})
    RETURNING id`);
  return row!.id;
}

export interface RecipientRow {
  id: number;
  organisation_id: number;
}

/** Active members of the dialogue outside the notifying side (who hear of a sent notice). */
export function listNoticeRecipients(
  db: Queryable,
  dialogueId: number,
  n: { originatorOrgId: number; stateIso3: string },
  onlyOrgIds?: readonly number[],
): Promise<RecipientRow[]> {
  return db.query<RecipientRow>(sql`SELECT DISTINCT u.id, u.organisation_id
    FROM users u JOIN memberships m ON m.user_id = u.id AND m.dialogue_id = ${dialogueId}
      JOIN organisations o ON o.id = u.organisation_id
    WHERE u.is_active AND o.id <> ${n.originatorOrgId}
      AND (o.country_iso3 IS NULL OR o.country_iso3 <> ${n.stateIso3})
      ${onlyOrgIds ? sql`AND o.id = ANY(${[...onlyOrgIds]}::int[])` : empty}
    ORDER BY u.id`);
}

/** Sent notices of any dialogue, sent before `sentBefore`, for the reminder job (run as the owner). */
export function listNoticesToChase(db: Queryable, sentBefore: Date): Promise<NoticeRow[]> {
  return db.query<NoticeRow>(sql`${SELECT_NOTICE}
    WHERE n.status = 'sent' AND n.sent_at <= ${sentBefore} AND n.sent_at > ${sentBefore}::timestamptz - interval '90 days'
    ORDER BY n.id`);
}

/** The notice as the owner sees it (jobs). */
export async function findNoticeById(db: Queryable, id: number): Promise<NoticeRow | undefined> {
  const [row] = await db.query<NoticeRow>(sql`${SELECT_NOTICE} WHERE n.id = ${id}`);
  return row;
}

/** Sent notices (all, or one), for the search index (src/modules/search; runs in the caller's transaction). */
export function listSentNoticesForSearch(db: Queryable, id?: number) {
  return db.query<{
    id: number;
    dialogue_id: number;
    slug: string;
    state_iso3: string;
    title: string;
    summary: string;
    legal_reference: string;
    day: string | null;
    classification: Classification;
    originator_org_id: number;
    shared_with_org_ids: number[];
  }>(sql`SELECT n.id, n.dialogue_id, d.slug, trim(n.state_iso3) AS state_iso3, n.title, n.summary,
      n.legal_reference, to_char(coalesce(n.effective_on, n.sent_at::date), 'YYYY-MM-DD') AS day,
      n.classification, n.originator_org_id, n.shared_with_org_ids
    FROM notices n JOIN dialogues d ON d.id = n.dialogue_id
    WHERE n.status = 'sent' ${id === undefined ? empty : sql`AND n.id = ${id}`} ORDER BY n.id`);
}
