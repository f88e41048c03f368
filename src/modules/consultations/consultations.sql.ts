/**
 * Queries of draft consultations (migration 0035). Every read of a consultation goes through
 * consultationVisibleTo (by classification; a draft not yet opened for the secretariat only), every read of
 * comments through commentsVisibleTo (others' comments only where the secretariat lets delegations see them);
 * row-level security repeats both. Changes are new rows (versions, comment revisions, responses, summaries).
 */
import sql, { empty, raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { DraftBlock } from '../../domain/consultations/draft-text';
import type { CommentKind, Summary } from '../../domain/consultations/summary';
import { hasRole, type MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { SECRETARIAT_ROLES } from '../../shared/roles';
import { visibleTo } from '../../shared/visibility';

export interface ConsultationRow {
  id: number;
  dialogue_id: number;
  originator_org_id: number;
  title: string;
  status: 'draft' | 'open';
  deadline: string;
  comments_visible: boolean;
  classification: Classification;
  shared_with_org_ids: number[];
  current_version: number;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

function consultationVisibleTo(actor: MaybeActor, dialogueId: number, alias: string): Sql {
  const t = raw(alias);
  const secretariat = hasRole(actor, dialogueId, SECRETARIAT_ROLES);
  return sql`(${visibleTo(actor, alias)} ${secretariat ? empty : sql`AND ${t}.status = 'open'`})`;
}

const SELECT_CONSULTATION = sql`SELECT c.id, c.dialogue_id, c.originator_org_id, c.title, c.status,
    to_char(c.deadline, 'YYYY-MM-DD') AS deadline, c.comments_visible, c.classification, c.shared_with_org_ids,
    c.current_version, c.revision, c.created_at, c.updated_at
  FROM consultations c`;

export async function findConsultation(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<ConsultationRow | undefined> {
  const [row] = await db.query<ConsultationRow>(sql`${SELECT_CONSULTATION}
    WHERE c.id = ${id} AND c.dialogue_id = ${dialogueId} AND ${consultationVisibleTo(actor, dialogueId, 'c')}
    ${opts.forUpdate ? sql`FOR UPDATE OF c` : empty}`);
  return row;
}

export function listConsultationRows(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
): Promise<ConsultationRow[]> {
  return db.query<ConsultationRow>(sql`${SELECT_CONSULTATION}
    WHERE c.dialogue_id = ${dialogueId} AND ${consultationVisibleTo(actor, dialogueId, 'c')}
    ORDER BY c.created_at DESC, c.id DESC LIMIT 500`);
}

export async function insertConsultation(
  db: Queryable,
  c: {
    dialogueId: number;
    orgId: number;
    userId: number;
    title: string;
    deadline: string;
    commentsVisible: boolean;
    classification: Classification;
    sharedWithOrgIds: number[];
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO consultations
      (dialogue_id, originator_org_id, created_by, title, deadline, comments_visible, classification,
       shared_with_org_ids)
    VALUES (${c.dialogueId}, ${c.orgId}, ${c.userId}, ${c.title}, ${c.deadline}, ${c.commentsVisible},
      ${c.classification}, ${c.sharedWithOrgIds}::int[])
    RETURNING id`);
  return row!.id;
}

/** Changes the consultation's state (opened, a new version, a new deadline), guarded by its revision. */
export async function updateConsultationState(
  db: Queryable,
  id: number,
  expectedRevision: number,
  s: { status?: 'open'; currentVersion?: number; deadline?: string; commentsVisible?: boolean },
): Promise<boolean> {
  const rows = await db.query<{ id: number }>(sql`UPDATE consultations SET
      status = coalesce(${s.status ?? null}, status),
      opened_at = CASE WHEN ${s.status ?? null}::text = 'open' THEN now() ELSE opened_at END,
      current_version = coalesce(${s.currentVersion ?? null}::int, current_version),
      deadline = coalesce(${s.deadline ?? null}::date, deadline),
      comments_visible = coalesce(${s.commentsVisible ?? null}::boolean, comments_visible),
      revision = revision + 1, updated_at = now()
    WHERE id = ${id} AND revision = ${expectedRevision}
    RETURNING id`);
  return rows.length === 1;
}

export interface VersionRow {
  version: number;
  split_revision: number;
  text: string;
  blocks: DraftBlock[];
  note: string;
  created_at: Date;
}

export function insertVersion(
  db: Queryable,
  v: {
    consultationId: number;
    version: number;
    splitRevision: number;
    dialogueId: number;
    text: string;
    blocks: DraftBlock[];
    note: string;
    userId: number;
  },
): Promise<unknown> {
  return db.query(sql`INSERT INTO consultation_versions
      (consultation_id, version, split_revision, dialogue_id, text, blocks, note, user_id)
    VALUES (${v.consultationId}, ${v.version}, ${v.splitRevision}, ${v.dialogueId}, ${v.text},
      ${JSON.stringify(v.blocks)}::jsonb, ${v.note}, ${v.userId})`);
}

/** The newest split of each version, oldest version first. */
export function listVersions(db: Queryable, consultationId: number): Promise<VersionRow[]> {
  return db.query<VersionRow>(sql`SELECT DISTINCT ON (version) version, split_revision, text, blocks, note,
      created_at
    FROM consultation_versions WHERE consultation_id = ${consultationId}
    ORDER BY version, split_revision DESC`);
}

export interface CommentRow {
  id: number;
  consultation_id: number;
  version: number;
  paragraph_key: string;
  organisation_id: number;
  organisation: string;
  kind: CommentKind;
  body: string;
  proposed_wording: string | null;
  revision: number;
  created_at: Date;
  updated_at: Date;
  response: 'accepted' | 'partly' | 'not_accepted' | null;
  reason: string | null;
  responded_at: Date | null;
}

/** Comments the actor may read: all (secretariat, or visible to delegations), else their organisation's. */
function commentsVisibleTo(actor: MaybeActor, seesAll: boolean, alias: string): Sql {
  if (seesAll) return sql`TRUE`;
  return sql`${raw(alias)}.organisation_id = ${actor?.orgId ?? 0}`;
}

export function listCommentRows(
  db: Queryable,
  actor: MaybeActor,
  consultationId: number,
  opts: { seesAll: boolean; version?: number; id?: number },
): Promise<CommentRow[]> {
  return db.query<CommentRow>(sql`SELECT k.id, k.consultation_id, k.version, k.paragraph_key,
      k.organisation_id, o.name AS organisation, k.kind, k.body, k.proposed_wording, k.revision, k.created_at,
      k.updated_at, r.response, r.reason, r.created_at AS responded_at
    FROM consultation_comments k
    JOIN organisations o ON o.id = k.organisation_id
    LEFT JOIN LATERAL (SELECT response, reason, created_at FROM consultation_responses
      WHERE comment_id = k.id ORDER BY revision DESC LIMIT 1) r ON TRUE
    WHERE k.consultation_id = ${consultationId} AND ${commentsVisibleTo(actor, opts.seesAll, 'k')}
      ${opts.version === undefined ? empty : sql`AND k.version = ${opts.version}`}
      ${opts.id === undefined ? empty : sql`AND k.id = ${opts.id}`}
    ORDER BY k.version, k.id`);
}

export async function insertComment(
  db: Queryable,
  c: {
    consultationId: number;
    dialogueId: number;
    version: number;
    paragraphKey: string;
    orgId: number;
    userId: number;
    kind: CommentKind;
    body: string;
    proposedWording: string | null;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO consultation_comments
      (consultation_id, dialogue_id, version, paragraph_key, organisation_id, user_id, kind, body,
       proposed_wording)
    VALUES (${c.consultationId}, ${c.dialogueId}, ${c.version}, ${c.paragraphKey}, ${c.orgId}, ${c.userId},
      ${c.kind}, ${c.body}, ${c.proposedWording})
    RETURNING id`);
  return row!.id;
}

export async function updateComment(
  db: Queryable,
  id: number,
  expectedRevision: number,
  c: { kind: CommentKind; body: string; proposedWording: string | null; userId: number },
): Promise<boolean> {
  const rows = await db.query<{ id: number }>(sql`UPDATE consultation_comments SET kind = ${c.kind},
      body = ${c.body}, proposed_wording = ${c.proposedWording}, user_id = ${c.userId},
      revision = revision + 1, updated_at = now()
    WHERE id = ${id} AND revision = ${expectedRevision}
    RETURNING id`);
  return rows.length === 1;
}

export function insertCommentRevision(
  db: Queryable,
  r: {
    commentId: number;
    revision: number;
    dialogueId: number;
    kind: CommentKind;
    body: string;
    proposedWording: string | null;
    userId: number;
    orgId: number;
  },
): Promise<unknown> {
  return db.query(sql`INSERT INTO consultation_comment_revisions
      (comment_id, revision, dialogue_id, kind, body, proposed_wording, user_id, organisation_id)
    VALUES (${r.commentId}, ${r.revision}, ${r.dialogueId}, ${r.kind}, ${r.body}, ${r.proposedWording},
      ${r.userId}, ${r.orgId})`);
}

export async function countCommentRevisions(db: Queryable, commentId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM consultation_comment_revisions WHERE comment_id = ${commentId}`,
  );
  return row?.n ?? 0;
}

export async function insertResponse(
  db: Queryable,
  r: { commentId: number; dialogueId: number; response: string; reason: string; userId: number },
): Promise<void> {
  await db.query(sql`INSERT INTO consultation_responses (comment_id, revision, dialogue_id, response, reason,
      user_id)
    SELECT ${r.commentId}, coalesce(max(revision), 0) + 1, ${r.dialogueId}, ${r.response}, ${r.reason},
      ${r.userId}
    FROM consultation_responses WHERE comment_id = ${r.commentId}`);
}

export interface SummaryRow {
  revision: number;
  content: Summary;
  generated: boolean;
  created_at: Date;
}

/** The saved summaries of one version, newest first. */
export function listSummaryRows(
  db: Queryable,
  consultationId: number,
  version: number,
): Promise<SummaryRow[]> {
  return db.query<SummaryRow>(sql`SELECT revision, content, generated, created_at FROM consultation_summaries
    WHERE consultation_id = ${consultationId} AND version = ${version} ORDER BY revision DESC`);
}

export async function insertSummary(
  db: Queryable,
  s: {
    consultationId: number;
    version: number;
    revision: number;
    dialogueId: number;
    content: Summary;
    generated: boolean;
    userId: number;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO consultation_summaries
      (consultation_id, version, revision, dialogue_id, content, generated, user_id)
    VALUES (${s.consultationId}, ${s.version}, ${s.revision}, ${s.dialogueId}, ${JSON.stringify(s.content)}::jsonb,
      ${s.generated}, ${s.userId})`);
}

/** The consultation as the owner sees it (jobs). */
export async function findConsultationById(db: Queryable, id: number): Promise<ConsultationRow | undefined> {
  const [row] = await db.query<ConsultationRow>(sql`${SELECT_CONSULTATION} WHERE c.id = ${id}`);
  return row;
}

export interface ConsultationRecipientRow {
  id: number;
  organisation_id: number;
}

/**
 * The delegations' members who may comment (every role but viewer), outside the secretariat's organisation,
 * limited to the organisations a restricted consultation is shared with, and optionally to some organisations.
 */
export function listConsultationRecipients(
  db: Queryable,
  c: ConsultationRow,
  onlyOrgIds?: readonly number[],
): Promise<ConsultationRecipientRow[]> {
  return db.query<ConsultationRecipientRow>(sql`SELECT DISTINCT u.id, u.organisation_id
    FROM users u JOIN memberships m ON m.user_id = u.id AND m.dialogue_id = ${c.dialogue_id}
    WHERE u.is_active AND m.role <> 'viewer' AND u.organisation_id <> ${c.originator_org_id}
      ${c.classification === 'restricted' || c.classification === 'originator' ? sql`AND u.organisation_id = ANY(${c.shared_with_org_ids}::int[])` : empty}
      ${onlyOrgIds ? sql`AND u.organisation_id = ANY(${[...onlyOrgIds]}::int[])` : empty}
    ORDER BY u.id`);
}

/** Open consultations whose deadline falls between the two days (inclusive), for the reminder job. */
export function listConsultationsDue(db: Queryable, from: string, to: string): Promise<ConsultationRow[]> {
  return db.query<ConsultationRow>(sql`${SELECT_CONSULTATION}
    WHERE c.status = 'open' AND c.deadline BETWEEN ${from}::date AND ${to}::date ORDER BY c.id`);
}

/** The organisations that commented on a version of the consultation (owner). */
export async function listCommentingOrganisations(
  db: Queryable,
  id: number,
  version: number,
): Promise<number[]> {
  const rows = await db.query<{ organisation_id: number }>(sql`SELECT DISTINCT organisation_id
    FROM consultation_comments WHERE consultation_id = ${id} AND version = ${version}`);
  return rows.map((r) => r.organisation_id);
}
