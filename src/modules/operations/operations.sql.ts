import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

export interface JobCounts {
  status: 'queued' | 'running' | 'done' | 'failed';
  jobs: number;
}

/** Jobs per status (done and failed ones stay in the table, so those counts only grow). */
export function countJobsByStatus(db: Queryable): Promise<JobCounts[]> {
  return db.query<JobCounts>(sql`SELECT status, count(*)::int AS jobs FROM jobs GROUP BY status`);
}

/** How long the longest-waiting due job has waited, in seconds (0 when nothing is due). */
export async function oldestDueJobWait(db: Queryable): Promise<number> {
  const [row] = await db.query<{ seconds: number }>(
    sql`SELECT coalesce(extract(epoch FROM now() - min(run_at)), 0)::float8 AS seconds
          FROM jobs WHERE status = 'queued' AND run_at <= now()`,
  );
  return row?.seconds ?? 0;
}

/** The migrations this database has applied. */
export async function appliedMigrationVersions(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ version: string }>(sql`SELECT version FROM schema_migrations`);
  return rows.map((r) => r.version);
}

export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query(sql`SELECT 1`);
}
