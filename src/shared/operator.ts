import type { Db } from '../db/connect';
import type { Actor, MaybeActor } from './actor';

/**
 * Who runs an administration use case: a person (their Actor, from a browser session), or the installation's
 * operator on the terminal (`passage dialogue create`, `passage member add` …): whoever can open the database
 * is trusted by it, so `cli` passes every access check and is named as such in the audit log.
 */
export type Operator = Actor | 'cli';

/** What an administration service needs: the database, who acts, their address for the audit log. */
export interface OperatorCtx {
  db: Db;
  operator: Operator;
  ip?: string | null | undefined;
}

/** The actor to record in the audit log (none for the terminal: the entry says `via: 'cli'`). */
export function auditActor(op: Operator): MaybeActor {
  return op === 'cli' ? null : op;
}

/** The user id to store as `added_by`, `edited_by` …; null for the terminal. */
export function operatorUserId(op: Operator): number | null {
  return op === 'cli' ? null : op.userId;
}

/** `{ via: 'cli' }` for entries made on the terminal, so the audit log tells them apart. */
export function operatorDetails(op: Operator): Record<string, unknown> {
  return op === 'cli' ? { via: 'cli' } : {};
}
