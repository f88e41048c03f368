import type { Ctx } from '../../shared/ctx';
import { type AuditTarget, recordAuditNow } from './audit.service';

/**
 * Reads and exports of records kept to named organisations (`restricted`) or to their originator and the
 * secretariat (`originator`) are written to the audit log, so a secretariat can tell who took such data
 * out. The services call this with the rows they are about to hand over; nothing is written when none of
 * them is restricted, so public and dialogue-wide reads leave no trace.
 *
 * Actions: `export.restricted` (a file or JSON export) and `read.restricted` (a single record's history).
 */
const AUDITED = new Set(['restricted', 'originator']);

export function isAuditedClassification(classification: string): boolean {
  return AUDITED.has(classification);
}

/**
 * Records one entry when any of `rows` is restricted or originator-only (with the classifications and how
 * many such rows), and says whether it did, so a streamed export records once.
 */
export async function auditRestrictedRows(
  ctx: Ctx,
  rows: readonly { classification: string }[],
  action: 'export.restricted' | 'read.restricted',
  target: AuditTarget,
  details: Record<string, unknown>,
): Promise<boolean> {
  const audited = rows.filter((r) => isAuditedClassification(r.classification));
  if (audited.length === 0) return false;
  const classifications = [...new Set(audited.map((r) => r.classification))].sort();
  await recordAuditNow(
    ctx.db,
    ctx.actor,
    action,
    target,
    { ...details, classifications, restrictedRows: audited.length },
    { ip: ctx.ip },
  );
  return true;
}
