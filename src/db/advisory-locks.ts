/**
 * Every PostgreSQL advisory lock the server takes, in one table, so two features never pick the same id by
 * accident (before this table the set-up and the audit chain both used 7202, and every set-up waited on every
 * audit writer). All are transaction-level (`pg_advisory_xact_lock`): released at commit or rollback, so a
 * crash never leaves one held.
 *
 * A lock is taken either on its id alone (`pg_advisory_xact_lock(id)`) or on its id and a second key, a
 * dialogue or a hash (`pg_advisory_xact_lock(id, key)`). PostgreSQL keeps those two forms apart, but the ids
 * here are unique across both anyway (src/db/advisory-locks.test.ts), so nobody needs to know that. The
 * values are sent as query parameters; changing one is safe only when no older server still runs.
 */
export const ADVISORY_LOCKS = {
  /** `migrate()` (src/db/migrate.ts): two servers starting at once do not apply the same migration twice. */
  migrate: 7201,
  /** Writers of the audit chain (audit.sql.ts): each entry links to the one committed before it. */
  auditChain: 7202,
  /**
   * Set-up and installation administrators (setup.sql.ts): two people opening the set-up link at once make
   * one first administrator, and the last administrator cannot be removed by two concurrent changes.
   */
  setup: 7203,
  /** Per dialogue, rebuilding the dashboard rollups (analytics.sql.ts): two refreshes do not interleave. */
  analyticsRefresh: 7204,
  /** Per dialogue, replacing its forecasts (forecasting.sql.ts): two forecast jobs do not mix their series. */
  forecastRefresh: 7206,
  /** Per dialogue, publishing a submission (submissions.sql.ts): two publications never make the same key current. */
  publication: 7303,
  /**
   * Per figure of a submission (hash of submission, indicator, month and breakdowns; submissions.sql.ts):
   * edits of one figure are serialised, each reads what the previous one committed.
   */
  figureEdit: 7304,
  /** Per dialogue, editing its reporting calendar (calendars.sql.ts): two editors never create one entry twice. */
  calendarEdit: 7311,
} as const;

export type AdvisoryLockName = keyof typeof ADVISORY_LOCKS;
