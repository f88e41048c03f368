/**
 * Database failures that are not the request's fault and not a bug: the disk of the database is full, or the
 * database does not answer (native PostgreSQL restarting after a PANIC, stopped, unreachable). The error
 * handler answers them with a 503 and a sentence that says what happened (docs/operations.md, "A full disk")
 * instead of a generic 500. Both drivers are recognised: pg's DatabaseError and PGlite's carry the SQLSTATE in
 * `code`; a lost connection is a Node error (ECONNREFUSED …) or pg's "Connection terminated" message.
 */

export type DatabaseTrouble = 'disk-full' | 'unavailable';

/** SQLSTATE classes and codes of a server that cannot go on: connection exceptions, shutdown, crash. */
const UNAVAILABLE_STATES = /^(08...|57P0[1-3])$/;
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const CONNECTION_MESSAGES =
  /Connection terminated|Client has encountered a connection error|connection is not queryable|Connection ended/;

export function databaseTroubleOf(e: unknown): DatabaseTrouble | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = 'code' in e && typeof e.code === 'string' ? e.code : '';
  // 53100 disk_full; a failed write of a data or log file says ENOSPC in its message (PGlite, and a PANIC).
  if (code === '53100' || /No space left on device/.test(e.message)) return 'disk-full';
  if (UNAVAILABLE_STATES.test(code) || CONNECTION_CODES.has(code) || CONNECTION_MESSAGES.test(e.message))
    return 'unavailable';
  return undefined;
}
