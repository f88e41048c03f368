/**
 * Queries of the agreements registry (migration 0043). Agreements are read through visibleTo (their
 * classification), and row-level security repeats it. The current content is always written together with a
 * revision row (insertAgreementRevision), in the same transaction; an update names the revision it replaces.
 */
import sql, { empty, raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { AgreementType, NegotiationRound, Party } from '../../domain/agreements/agreement-rules';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { visibleTo } from '../../shared/visibility';

export type LinkedText =
  | { kind: 'link'; url: string; title: string }
  | { kind: 'document'; documentId: number; title: string };

export interface AgreementRow {
  id: number;
  dialogue_id: number;
  agreement_type: AgreementType;
  title: string;
  parties: Party[];
  party_keys: string[];
  mandate_on: string | null;
  rounds: NegotiationRound[];
  signed_on: string | null;
  in_force_on: string | null;
  suspended_on: string | null;
  ended_on: string | null;
  texts: LinkedText[];
  notes: string;
  classification: Classification;
  originator_org_id: number;
  originator: string;
  shared_with_org_ids: number[];
  revision: number;
  updated_at: Date;
}

/** What a revision holds: the agreement's content as saved. */
export interface AgreementContent {
  type: AgreementType;
  title: string;
  parties: Party[];
  partyKeys: string[];
  mandateOn: string | null;
  rounds: NegotiationRound[];
  signedOn: string | null;
  inForceOn: string | null;
  suspendedOn: string | null;
  endedOn: string | null;
  texts: LinkedText[];
  notes: string;
  classification: Classification;
  sharedWithOrgIds: number[];
}

/** A date column as YYYY-MM-DD (column names are constants of this file, never input). */
const day = (col: string) => raw(`to_char(a.${col}, 'YYYY-MM-DD') AS ${col}`);

const SELECT_AGREEMENT = sql`SELECT a.id, a.dialogue_id, a.agreement_type, a.title, a.parties, a.party_keys,
    ${day('mandate_on')}, a.rounds, ${day('signed_on')}, ${day('in_force_on')}, ${day('suspended_on')},
    ${day('ended_on')}, a.texts, a.notes, a.classification, a.originator_org_id, o.name AS originator,
    a.shared_with_org_ids, a.revision, a.updated_at
  FROM agreements a JOIN organisations o ON o.id = a.originator_org_id`;

/** The agreements of a dialogue the actor sees, by type and party if given (status and year: the service). */
export function listAgreementRows(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  f: { type?: AgreementType | undefined; party?: string | undefined } = {},
) {
  const where: Sql[] = [sql`a.dialogue_id = ${dialogueId}`, visibleTo(actor, 'a')];
  if (f.type) where.push(sql`a.agreement_type = ${f.type}`);
  if (f.party) where.push(sql`${f.party} = ANY(a.party_keys)`);
  return db.query<AgreementRow>(sql`${SELECT_AGREEMENT} WHERE ${joinAnd(where)}
    ORDER BY coalesce(a.signed_on, a.mandate_on) DESC NULLS LAST, a.id DESC`);
}

function joinAnd(parts: Sql[]): Sql {
  return parts.reduce((acc, p, i) => (i === 0 ? p : sql`${acc} AND ${p}`), empty);
}

export async function findAgreementRow(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<AgreementRow | undefined> {
  const [row] = await db.query<AgreementRow>(sql`${SELECT_AGREEMENT}
    WHERE a.id = ${id} AND a.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'a')}
    ${opts.forUpdate ? sql`FOR UPDATE OF a` : empty}`);
  return row;
}

const json = (v: unknown) => JSON.stringify(v);

export async function insertAgreement(
  db: Queryable,
  a: AgreementContent & { dialogueId: number; orgId: number; userId: number },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO agreements
      (dialogue_id, agreement_type, title, parties, party_keys, mandate_on, rounds, signed_on, in_force_on,
       suspended_on, ended_on, texts, notes, classification, shared_with_org_ids, originator_org_id, created_by)
    VALUES (${a.dialogueId}, ${a.type}, ${a.title}, ${json(a.parties)}::jsonb, ${a.partyKeys}, ${a.mandateOn},
      ${json(a.rounds)}::jsonb, ${a.signedOn}, ${a.inForceOn}, ${a.suspendedOn}, ${a.endedOn},
      ${json(a.texts)}::jsonb, ${a.notes}, ${a.classification}, ${a.sharedWithOrgIds}, ${a.orgId}, ${a.userId})
    RETURNING id`);
  return row!.id;
}

/** Replaces the current content if the agreement is still at `expectedRevision`; false otherwise. */
export async function updateAgreementRow(
  db: Queryable,
  id: number,
  expectedRevision: number,
  a: AgreementContent,
): Promise<boolean> {
  const rows = await db.query(sql`UPDATE agreements SET agreement_type = ${a.type}, title = ${a.title},
      parties = ${json(a.parties)}::jsonb, party_keys = ${a.partyKeys}, mandate_on = ${a.mandateOn},
      rounds = ${json(a.rounds)}::jsonb, signed_on = ${a.signedOn}, in_force_on = ${a.inForceOn},
      suspended_on = ${a.suspendedOn}, ended_on = ${a.endedOn}, texts = ${json(a.texts)}::jsonb,
      notes = ${a.notes}, classification = ${a.classification}, shared_with_org_ids = ${a.sharedWithOrgIds},
      revision = revision + 1, updated_at = now()
    WHERE id = ${id} AND revision = ${expectedRevision} RETURNING id`);
  return rows.length === 1;
}

export async function insertAgreementRevision(
  db: Queryable,
  r: {
    agreementId: number;
    revision: number;
    dialogueId: number;
    change: 'created' | 'edited';
    content: AgreementContent;
    userId: number;
    orgId: number;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO agreement_revisions
      (agreement_id, revision, dialogue_id, change, content, user_id, organisation_id)
    VALUES (${r.agreementId}, ${r.revision}, ${r.dialogueId}, ${r.change}, ${json(r.content)}::jsonb,
      ${r.userId}, ${r.orgId})`);
}

export interface AgreementRevisionRow {
  revision: number;
  change: 'created' | 'edited';
  content: Record<string, unknown>;
  organisation: string;
  created_at: Date;
}

export function listAgreementRevisionRows(db: Queryable, agreementId: number) {
  return db.query<AgreementRevisionRow>(sql`SELECT r.revision, r.change, r.content, o.name AS organisation,
      r.created_at
    FROM agreement_revisions r JOIN organisations o ON o.id = r.organisation_id
    WHERE r.agreement_id = ${agreementId} ORDER BY r.revision`);
}

export interface AgreementSearchRow {
  id: number;
  dialogue_id: number;
  slug: string;
  agreement_type: AgreementType;
  title: string;
  party_keys: string[];
  notes: string;
  rounds: NegotiationRound[];
  day: string | null;
  classification: Classification;
  originator_org_id: number;
  shared_with_org_ids: number[];
}

/** Every agreement (or one) as the search indexes it; run as the owner (reindexing) or in a write. */
export function listAgreementsForSearch(db: Queryable, id?: number) {
  return db.query<AgreementSearchRow>(sql`SELECT a.id, a.dialogue_id, d.slug, a.agreement_type, a.title,
      a.party_keys, a.notes, a.rounds,
      to_char(coalesce(a.signed_on, a.mandate_on), 'YYYY-MM-DD') AS day, a.classification,
      a.originator_org_id, a.shared_with_org_ids
    FROM agreements a JOIN dialogues d ON d.id = a.dialogue_id
    ${id === undefined ? empty : sql`WHERE a.id = ${id}`} ORDER BY a.id`);
}
