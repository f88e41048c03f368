import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseTroubleOf } from './database-errors';

const pgError = (message: string, code: string) => {
  const e = new pg.DatabaseError(message, message.length, 'error');
  e.code = code;
  return e;
};
const nodeError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('databaseTroubleOf', () => {
  it('a full disk: SQLSTATE 53100, or ENOSPC in the message (PGlite, a PANIC of the log)', () => {
    expect(databaseTroubleOf(pgError('could not extend file "base/16384/2619"', '53100'))).toBe('disk-full');
    expect(
      databaseTroubleOf(
        pgError('could not write to file "pg_wal/xlogtemp.7": No space left on device', 'XX000'),
      ),
    ).toBe('disk-full');
  });

  it('a database that does not answer: connection classes, shutdown, refused or lost connections', () => {
    expect(databaseTroubleOf(pgError('terminating connection due to administrator command', '57P01'))).toBe(
      'unavailable',
    );
    expect(databaseTroubleOf(pgError('the database system is starting up', '57P03'))).toBe('unavailable');
    expect(databaseTroubleOf(pgError('connection failure', '08006'))).toBe('unavailable');
    expect(databaseTroubleOf(nodeError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(
      'unavailable',
    );
    expect(databaseTroubleOf(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
  });

  it('anything else is not a database trouble (a bug or the request: the handler decides)', () => {
    expect(
      databaseTroubleOf(pgError('duplicate key value violates unique constraint', '23505')),
    ).toBeUndefined();
    expect(
      databaseTroubleOf(pgError('canceling statement due to statement timeout', '57014')),
    ).toBeUndefined();
    expect(databaseTroubleOf(new Error('something else'))).toBeUndefined();
    expect(databaseTroubleOf('not an error')).toBeUndefined();
  });
});
