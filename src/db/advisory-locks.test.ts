/**
 * The advisory-lock table keeps its promise: every id is unique, and no code under src/ takes an advisory lock
 * on a literal id instead of one from the table (a literal is how two features came to share 7202).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADVISORY_LOCKS } from './advisory-locks';

const SRC = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|sql)$/.test(name) && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** `pg_advisory_lock(`, `pg_try_advisory_xact_lock(` … whose first argument is a number, not `${…}`. */
const LITERAL_LOCK = /pg_(?:try_)?advisory(?:_xact)?_lock(?:_shared)?\s*\(\s*-?\d/g;

describe('advisory locks', () => {
  it('names each lock id once', () => {
    const ids = Object.values(ADVISORY_LOCKS);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeated).toEqual([]);
    expect(ids.length).toBeGreaterThanOrEqual(8);
  });

  it('is the only place under src/ that spells a lock id', () => {
    const literal = sourceFiles(SRC).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(LITERAL_LOCK)].map((m) => `${relative(SRC, f)}: ${m[0]}`),
    );
    expect(literal).toEqual([]);
  });

  it('recognises a literal lock id when it sees one', () => {
    expect('SELECT pg_advisory_xact_lock(7202)'.match(LITERAL_LOCK)).toHaveLength(1);
    expect('SELECT pg_try_advisory_lock( 7303, $1)'.match(LITERAL_LOCK)).toHaveLength(1);
    expect('SELECT pg_advisory_xact_lock($1)'.match(LITERAL_LOCK)).toBeNull();
  });
});
