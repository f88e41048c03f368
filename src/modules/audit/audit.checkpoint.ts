/**
 * Checkpoints of the audit chain's head outside the database (the rule is src/domain/audit-checkpoint.ts):
 * appended as JSON lines to a file and written to the server log, signed with an HMAC key from
 * PASSAGE_AUDIT_KEY or, failing that, a key file created once in the data directory. The server writes one
 * every few minutes when the log has grown (src/server/audit-checkpoints.ts); `passage audit checkpoint`
 * writes one now; `passage audit verify` compares the table with the last one.
 *
 * Ship the log lines (or copy the file) somewhere the database's administrators cannot write: a checkpoint
 * kept next to the data proves only what its keeper can be trusted with.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Queryable } from '../../db/connect';
import {
  compareWithCheckpoint,
  isCheckpointAuthentic,
  lastCheckpointLine,
  type SignedCheckpoint,
  signCheckpoint,
} from '../../domain/audit-checkpoint';
import { readAuditHash, readAuditHead } from './audit.sql';

export interface CheckpointSettings {
  /** The JSON-lines file checkpoints are appended to. */
  file: string;
  /** The HMAC key as given (PASSAGE_AUDIT_KEY), or undefined to use keyFile. */
  key: string | undefined;
  /** Where the generated key is kept when no key is given (created on first use, mode 0600). */
  keyFile: string;
}

/** PASSAGE_AUDIT_CHECKPOINT_FILE and PASSAGE_AUDIT_KEY, with defaults in the data directory. */
export function checkpointSettings(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): CheckpointSettings {
  return {
    file: env.PASSAGE_AUDIT_CHECKPOINT_FILE || join(dataDir, 'audit-checkpoints.jsonl'),
    key: env.PASSAGE_AUDIT_KEY || undefined,
    keyFile: join(dataDir, 'audit-checkpoint.key'),
  };
}

function checkpointKey(s: CheckpointSettings, create: boolean): Buffer | undefined {
  if (s.key) return Buffer.from(s.key, 'utf8');
  if (existsSync(s.keyFile)) return Buffer.from(readFileSync(s.keyFile, 'utf8').trim(), 'hex');
  if (!create) return undefined;
  const key = randomBytes(32);
  mkdirSync(dirname(s.keyFile), { recursive: true });
  writeFileSync(s.keyFile, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

function readLastCheckpoint(s: CheckpointSettings) {
  return existsSync(s.file) ? lastCheckpointLine(readFileSync(s.file, 'utf8')) : null;
}

/**
 * Appends a signed checkpoint of the current head to the file and hands it to `log`; nothing when the log
 * is empty or the head has not moved since the last checkpoint. Returns what it wrote.
 */
export async function writeAuditCheckpoint(
  db: Queryable,
  s: CheckpointSettings,
  log: (checkpoint: SignedCheckpoint) => void = () => {},
): Promise<SignedCheckpoint | null> {
  const head = await readAuditHead(db);
  if (!head) return null;
  const last = readLastCheckpoint(s)?.checkpoint;
  if (last && last.id === head.id && last.hash === head.hash) return null;
  const key = checkpointKey(s, true)!;
  const checkpoint = signCheckpoint({ ...head, at: new Date().toISOString() }, key);
  mkdirSync(dirname(s.file), { recursive: true });
  appendFileSync(s.file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  log(checkpoint);
  return checkpoint;
}

export type CheckpointCheck =
  | { status: 'none' }
  | { status: 'ok'; checkpoint: SignedCheckpoint }
  | { status: 'failed'; reason: string };

/** Compares the table with the last checkpoint in the file: still holding its head entry, with its hash? */
export async function checkAuditCheckpoint(db: Queryable, s: CheckpointSettings): Promise<CheckpointCheck> {
  const last = readLastCheckpoint(s);
  if (!last) return { status: 'none' };
  const c = last.checkpoint;
  if (!c) return { status: 'failed', reason: `line ${last.line} of ${s.file} is not a checkpoint` };
  const key = checkpointKey(s, false);
  if (!key) return { status: 'failed', reason: `no key to check ${s.file} with (${s.keyFile} is missing)` };
  if (!isCheckpointAuthentic(c, key))
    return {
      status: 'failed',
      reason: `the last checkpoint in ${s.file} has a wrong signature (altered, or another key)`,
    };
  const entry = await readAuditHash(db, c.id);
  const head = await readAuditHead(db);
  const r = compareWithCheckpoint(c, { entry, headId: head?.id ?? null });
  return r.ok ? { status: 'ok', checkpoint: c } : { status: 'failed', reason: r.reason };
}
