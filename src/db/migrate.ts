import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sql from 'sql-template-tag';
import { ADVISORY_LOCKS } from './advisory-locks';
import type { Db } from './connect';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: string;
  name: string;
  script: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: f.slice(0, 4),
      name: f.slice(5, -4),
      script: readFileSync(join(dir, f), 'utf8'),
    }));
}

/**
 * Applies pending migrations in order, each in its own transaction, recorded in schema_migrations.
 * An advisory lock keeps two servers starting at once from racing.
 */
export async function migrate(db: Db, log: (msg: string) => void = () => {}): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.migrate})`);
    const done = new Set(
      (await tx.query<{ version: string }>(sql`SELECT version FROM schema_migrations`)).map((r) => r.version),
    );
    const applied: string[] = [];
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      await tx.exec(m.script);
      await tx.query(sql`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`);
      log(`applied migration ${m.version}_${m.name}`);
      applied.push(m.version);
    }
    return applied;
  });
}
