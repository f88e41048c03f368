/**
 * Checkpoints of the audit chain's head, kept outside the database. The hash chain (audit-chain.ts) shows an
 * entry altered, inserted or removed in the middle, but not the newest entries cut off: after a truncation the
 * shorter chain is still intact. A checkpoint records the head (entry id, its hash, how many entries up to it)
 * at a moment, signed with an HMAC key that is not in the database; `passage audit verify` then requires the
 * table still to hold that entry with that hash. Entries written after the last checkpoint are not covered.
 *
 * Pure: signing, parsing and comparing. Files and the database are in src/modules/audit/audit.checkpoint.ts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './audit-chain';

export interface AuditCheckpoint {
  /** The head entry at the time of the checkpoint. */
  id: number;
  hash: string;
  /** Entries up to and including it. */
  count: number;
  /** When the checkpoint was taken (ISO 8601). */
  at: string;
}

export interface SignedCheckpoint extends AuditCheckpoint {
  /** HMAC-SHA256 (hex) of the canonical JSON of the other members. */
  mac: string;
}

function macOf(c: AuditCheckpoint, key: Buffer): string {
  const content = { id: c.id, hash: c.hash, count: c.count, at: c.at };
  return createHmac('sha256', key).update(canonicalJson(content)).digest('hex');
}

export function signCheckpoint(c: AuditCheckpoint, key: Buffer): SignedCheckpoint {
  return { id: c.id, hash: c.hash, count: c.count, at: c.at, mac: macOf(c, key) };
}

export function isCheckpointAuthentic(c: SignedCheckpoint, key: Buffer): boolean {
  const expected = Buffer.from(macOf(c, key), 'hex');
  const given = Buffer.from(c.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One line of a checkpoint file (JSON), or null when it is not a well-formed checkpoint. */
export function parseCheckpointLine(line: string): SignedCheckpoint | null {
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    const isWellFormed =
      Number.isInteger(v.id) &&
      Number.isInteger(v.count) &&
      typeof v.hash === 'string' &&
      typeof v.at === 'string' &&
      typeof v.mac === 'string' &&
      /^[0-9a-f]{64}$/.test(v.mac);
    if (!isWellFormed) return null;
    return {
      id: Number(v.id),
      hash: String(v.hash),
      count: Number(v.count),
      at: String(v.at),
      mac: String(v.mac),
    };
  } catch {
    return null;
  }
}

/** The last line of a checkpoint file's text that is not blank, parsed; null when the file has none. */
export function lastCheckpointLine(
  text: string,
): { line: number; checkpoint: SignedCheckpoint | null } | null {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line) return { line: i + 1, checkpoint: parseCheckpointLine(line) };
  }
  return null;
}

export type CheckpointComparison = { ok: true } | { ok: false; reason: string };

/**
 * Compares the table with a checkpoint: the checkpointed entry must still be there with the same hash.
 * `entry` is what the table holds at the checkpoint's id (undefined: nothing), `headId` its newest id.
 */
export function compareWithCheckpoint(
  c: AuditCheckpoint,
  table: { entry: { hash: string } | undefined; headId: number | null },
): CheckpointComparison {
  if (!table.entry) {
    const head = table.headId === null ? 'the table is empty' : `the newest entry is now ${table.headId}`;
    return {
      ok: false,
      reason: `entry ${c.id}, the head at the checkpoint of ${c.at}, is missing (${head}): the newest entries were deleted`,
    };
  }
  if (table.entry.hash !== c.hash)
    return {
      ok: false,
      reason: `entry ${c.id} no longer has the hash recorded at the checkpoint of ${c.at}: the log was rewritten`,
    };
  return { ok: true };
}
