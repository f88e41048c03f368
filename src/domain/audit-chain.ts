import { createHash } from 'node:crypto';

/** The hash an audit chain starts from (prev_hash of the first entry). */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit entry as hashed: every column except `hash` itself. */
export interface AuditEntryContent {
  id: number;
  /** ISO 8601 with milliseconds, UTC. */
  at: string;
  actorUserId: number | null;
  actorOrgId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  dialogueId: number | null;
  details: Record<string, unknown>;
  ip: string | null;
  prevHash: string;
}

export interface AuditEntry extends AuditEntryContent {
  hash: string;
}

/**
 * Canonical JSON: object keys sorted at every level, no whitespace, undefined members dropped (as JSON does).
 * The same value always gives the same text, whatever order the keys came back from the database in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) over the canonical JSON of the entry, which includes the previous entry's hash. */
export function hashAuditEntry(entry: AuditEntryContent): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

export type ChainCheck =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; brokenId: number; reason: string };

/**
 * Walks entries in id order and reports the first one whose hash does not match its content (altered) or
 * whose prev_hash does not match the entry before it (an entry before it was deleted, inserted or altered).
 * `start` continues a check page by page.
 */
export function verifyAuditChain(
  entries: Iterable<AuditEntry>,
  start: { prevHash: string; count: number } = { prevHash: GENESIS_HASH, count: 0 },
): ChainCheck {
  let prev = start.prevHash;
  let count = start.count;
  for (const e of entries) {
    count++;
    if (e.prevHash !== prev) {
      return {
        ok: false,
        count,
        brokenId: e.id,
        reason: 'its prev_hash does not match the entry before it (an entry was deleted or altered)',
      };
    }
    const { hash, ...content } = e;
    if (hashAuditEntry(content) !== hash) {
      return { ok: false, count, brokenId: e.id, reason: 'its content does not match its hash (altered)' };
    }
    prev = hash;
  }
  return { ok: true, count, headHash: prev };
}
