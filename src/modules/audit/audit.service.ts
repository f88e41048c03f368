import type { Db, Queryable } from '../../db/connect';
import {
  type AuditEntry,
  type ChainCheck,
  GENESIS_HASH,
  hashAuditEntry,
  verifyAuditChain,
} from '../../domain/audit-chain';
import type { MaybeActor } from '../../shared/actor';
import { administeredDialogues } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { Invalid } from '../../shared/errors';
import type { AuditEntryView, AuditQuery } from './audit.schema';
import { insertAuditEntry, listAuditEntries, listAuditPage, lockAuditChain, toAuditEntry } from './audit.sql';

/** What an audit entry is about. */
export interface AuditTarget {
  type?: string;
  id?: string | number;
  dialogueId?: number | null;
  /**
   * Every dialogue the change concerns, when it can be several (an organisation taking part in several
   * dialogues): kept in `details.dialogueIds`, so the audit viewer shows the entry to each one's admins.
   */
  dialogueIds?: readonly number[];
}

/**
 * Appends one entry to the audit log, linked to the previous one by its hash. Call it inside the transaction
 * that makes the change (tx must be a transaction: the chain lock is held until commit), so a change and
 * its audit entry are committed or rolled back together.
 *
 * Actions are dotted, lower case: `auth.login`, `auth.login_failed`, `membership.grant`, `observation.publish`,
 * `export.restricted` … Details must not hold secrets (no passwords, no tokens).
 */
export async function recordAudit(
  tx: Queryable,
  actor: MaybeActor,
  action: string,
  target: AuditTarget = {},
  details: Record<string, unknown> = {},
  meta: { ip?: string | null | undefined } = {},
): Promise<AuditEntry> {
  const { lastHash, nextId } = await lockAuditChain(tx);
  const dialogueIds = [...new Set(target.dialogueIds ?? [])].sort((a, b) => a - b);
  const allDetails = dialogueIds.length > 0 ? { ...details, dialogueIds } : details;
  const content = {
    id: nextId,
    at: new Date().toISOString(),
    actorUserId: actor?.userId ?? null,
    actorOrgId: actor?.orgId ?? null,
    action,
    targetType: target.type ?? null,
    targetId: target.id === undefined ? null : String(target.id),
    dialogueId: target.dialogueId ?? (dialogueIds.length === 1 ? dialogueIds[0]! : null),
    // As it will read back from jsonb.
    details: JSON.parse(JSON.stringify(allDetails)) as Record<string, unknown>,
    ip: meta.ip ?? null,
    prevHash: lastHash ?? GENESIS_HASH,
  };
  const entry = { ...content, hash: hashAuditEntry(content) };
  await insertAuditEntry(tx, entry);
  return entry;
}

/** recordAudit in a transaction of its own: for events that are not part of a change (a refused login). */
export function recordAuditNow(
  db: Db,
  actor: MaybeActor,
  action: string,
  target: AuditTarget = {},
  details: Record<string, unknown> = {},
  meta: { ip?: string | null | undefined } = {},
): Promise<AuditEntry> {
  return db.transaction((tx) => recordAudit(tx, actor, action, target, details, meta));
}

/** Re-computes the whole chain, page by page, and reports the first altered or missing entry. */
export async function verifyAuditLog(db: Queryable, pageSize = 5000): Promise<ChainCheck> {
  let afterId = 0;
  let state: ChainCheck = { ok: true, count: 0, headHash: GENESIS_HASH };
  for (;;) {
    const page = await listAuditPage(db, afterId, pageSize);
    if (page.length === 0) return state;
    const r = verifyAuditChain(page, {
      prevHash: state.ok ? state.headHash : GENESIS_HASH,
      count: state.count,
    });
    if (!r.ok) return r;
    state = r;
    afterId = page[page.length - 1]!.id;
  }
}

/** The audit viewer: entries of the dialogues the actor administers, newest first. */
export async function listAudit(ctx: Ctx, q: AuditQuery): Promise<AuditEntryView[]> {
  const adminOf = administeredDialogues(ctx.actor);
  const from = q.from === undefined ? undefined : new Date(q.from);
  const to = q.to === undefined ? undefined : new Date(q.to);
  if (from && to && from > to) throw new Invalid([{ field: 'querystring.to', message: 'is before from' }]);
  const rows = await listAuditEntries(ctx.db, {
    adminOf,
    dialogueId: q.dialogue,
    action: q.action,
    actorUserId: typeof q.actor === 'number' ? q.actor : undefined,
    actorEmail: typeof q.actor === 'string' ? q.actor : undefined,
    from,
    to,
    limit: q.limit,
  });
  return rows.map((r) => {
    const e = toAuditEntry(r);
    return {
      id: e.id,
      at: e.at,
      actor:
        e.actorUserId === null
          ? null
          : { userId: e.actorUserId, orgId: e.actorOrgId, email: r.actor_email, name: r.actor_name },
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      dialogueId: e.dialogueId,
      details: e.details,
      ip: e.ip,
      hash: e.hash,
    };
  });
}
