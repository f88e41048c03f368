import sql, { join, type Sql } from 'sql-template-tag';
import { ADVISORY_LOCKS } from '../../db/advisory-locks';
import type { Queryable } from '../../db/connect';
import type { AuditEntry } from '../../domain/audit-chain';

interface AuditRow {
  id: number;
  at: Date | string;
  actor_user_id: number | null;
  actor_org_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  dialogue_id: number | null;
  details: Record<string, unknown>;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

const auditColumns = sql`a.id, a.at, a.actor_user_id, a.actor_org_id, a.action, a.target_type, a.target_id,
  a.dialogue_id, a.details, a.ip, a.prev_hash, a.hash`;

export function toAuditEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorUserId: r.actor_user_id,
    actorOrgId: r.actor_org_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    dialogueId: r.dialogue_id,
    details: r.details,
    ip: r.ip,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Locks the chain for this transaction and returns the hash of the last entry and a fresh id. */
export async function lockAuditChain(tx: Queryable): Promise<{ lastHash: string | null; nextId: number }> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.auditChain})`);
  const [last] = await tx.query<{ hash: string }>(sql`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  const [next] = await tx.query<{ id: number }>(
    sql`SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))::bigint AS id`,
  );
  return { lastHash: last?.hash ?? null, nextId: next!.id };
}

export async function insertAuditEntry(tx: Queryable, e: AuditEntry): Promise<void> {
  await tx.query(sql`INSERT INTO audit_log (id, at, actor_user_id, actor_org_id, action, target_type, target_id,
      dialogue_id, details, ip, prev_hash, hash)
    VALUES (${e.id}, ${e.at}, ${e.actorUserId}, ${e.actorOrgId}, ${e.action}, ${e.targetType}, ${e.targetId},
      ${e.dialogueId}, ${JSON.stringify(e.details)}::jsonb, ${e.ip}, ${e.prevHash}, ${e.hash})`);
}

/** A page of the chain in id order, for verification. */
export async function listAuditPage(db: Queryable, afterId: number, limit: number): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    sql`SELECT ${auditColumns} FROM audit_log a WHERE a.id > ${afterId} ORDER BY a.id LIMIT ${limit}`,
  );
  return rows.map(toAuditEntry);
}

export interface AuditFilterSql {
  /** Dialogues the reader administers: they see those dialogues' entries and their members' logins. */
  adminOf: number[];
  dialogueId?: number | undefined;
  action?: string | undefined;
  actorUserId?: number | undefined;
  actorEmail?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
}

export interface AuditListRow extends AuditRow {
  actor_email: string | null;
  actor_name: string | null;
}

export async function listAuditEntries(db: Queryable, f: AuditFilterSql): Promise<AuditListRow[]> {
  const members = sql`SELECT m.user_id FROM memberships m WHERE m.dialogue_id = ANY(${f.adminOf}::int[])`;
  // Entries about several dialogues list them in details.dialogueIds (audit.service.ts).
  const concerns = (ids: Sql) =>
    sql`(a.dialogue_id = ANY(${ids}) OR EXISTS (SELECT 1 FROM unnest(${ids}) c(id)
      WHERE a.details->'dialogueIds' @> to_jsonb(c.id)))`;
  const where: Sql[] = [
    sql`(${concerns(sql`${f.adminOf}::int[]`)} OR (a.dialogue_id IS NULL AND a.details->'dialogueIds' IS NULL AND (
      a.actor_user_id IN (${members})
      OR (a.target_type = 'user' AND a.target_id IN (SELECT user_id::text FROM (${members}) x)))))`,
  ];
  if (f.dialogueId !== undefined) where.push(concerns(sql`${[f.dialogueId]}::int[]`));
  if (f.action !== undefined) {
    where.push(sql`(a.action = ${f.action} OR left(a.action, ${f.action.length + 1}) = ${`${f.action}.`})`);
  }
  if (f.actorUserId !== undefined) where.push(sql`a.actor_user_id = ${f.actorUserId}`);
  if (f.actorEmail !== undefined) where.push(sql`lower(u.email) = lower(${f.actorEmail})`);
  if (f.from !== undefined) where.push(sql`a.at >= ${f.from}`);
  if (f.to !== undefined) where.push(sql`a.at < ${f.to}`);
  return db.query<AuditListRow>(sql`SELECT ${auditColumns}, u.email AS actor_email, u.name AS actor_name
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
    WHERE ${join(where, ' AND ')} ORDER BY a.id DESC LIMIT ${f.limit}`);
}

/** The chain's head (last entry) and the number of entries, for a checkpoint; undefined when the log is empty. */
export async function readAuditHead(
  db: Queryable,
): Promise<{ id: number; hash: string; count: number } | undefined> {
  const [row] = await db.query<{ id: number | string; hash: string; count: number }>(sql`SELECT a.id, a.hash,
      (SELECT count(*)::int FROM audit_log) AS count
    FROM audit_log a ORDER BY a.id DESC LIMIT 1`);
  return row ? { id: Number(row.id), hash: row.hash, count: row.count } : undefined;
}

/** The hash of one entry (undefined when the entry is gone), to compare with a checkpoint. */
export async function readAuditHash(db: Queryable, id: number): Promise<{ hash: string } | undefined> {
  const [entry] = await db.query<{ hash: string }>(sql`SELECT hash FROM audit_log WHERE id = ${id}`);
  return entry;
}
