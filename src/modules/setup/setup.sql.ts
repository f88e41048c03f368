import sql from 'sql-template-tag';
import { ADVISORY_LOCKS } from '../../db/advisory-locks';
import type { Queryable } from '../../db/connect';

/** Serialises set-ups and changes of installation administrators (ADVISORY_LOCKS.setup): until the transaction ends. */
export async function lockSetup(tx: Queryable): Promise<void> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.setup})`);
}

export async function countActivePlatformAdmins(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM users WHERE is_platform_admin AND is_active`,
  );
  return row?.n ?? 0;
}

export async function listActivePlatformAdminIds(db: Queryable): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    sql`SELECT id FROM users WHERE is_platform_admin AND is_active ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

export async function isActivePlatformAdmin(db: Queryable, userId: number): Promise<boolean> {
  const rows = await db.query(
    sql`SELECT 1 FROM users WHERE id = ${userId} AND is_platform_admin AND is_active`,
  );
  return rows.length > 0;
}

/** Marks every link still open as replaced, then stores the new one. */
export async function replaceSetupToken(db: Queryable, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.query(sql`UPDATE setup_tokens SET replaced_at = now()
    WHERE used_at IS NULL AND replaced_at IS NULL AND expires_at > now()`);
  await db.query(sql`INSERT INTO setup_tokens (token_hash, expires_at) VALUES (${tokenHash}, ${expiresAt})`);
}

export interface SetupTokenRow {
  used_at: Date | null;
  replaced_at: Date | null;
  is_expired: boolean;
}

export async function findSetupToken(db: Queryable, tokenHash: string): Promise<SetupTokenRow | undefined> {
  const [row] =
    await db.query<SetupTokenRow>(sql`SELECT used_at, replaced_at, expires_at <= now() AS is_expired
    FROM setup_tokens WHERE token_hash = ${tokenHash}`);
  return row;
}

/** Uses a link once: true when it was open (not used, replaced or expired). */
export async function consumeSetupToken(db: Queryable, tokenHash: string, userId: number): Promise<boolean> {
  const rows = await db.query(sql`UPDATE setup_tokens SET used_at = now(), used_by = ${userId}
    WHERE token_hash = ${tokenHash} AND used_at IS NULL AND replaced_at IS NULL AND expires_at > now()
    RETURNING token_hash`);
  return rows.length > 0;
}

/** Closes every open link (set-up was done another way, e.g. on the terminal). */
export async function closeSetupTokens(db: Queryable): Promise<void> {
  await db.query(sql`UPDATE setup_tokens SET replaced_at = now()
    WHERE used_at IS NULL AND replaced_at IS NULL AND expires_at > now()`);
}

export interface OrganisationRow {
  id: number;
  kind: 'state' | 'secretariat' | 'international';
  name: string;
}

export async function findOrganisationByName(
  db: Queryable,
  name: string,
): Promise<OrganisationRow | undefined> {
  const [row] = await db.query<OrganisationRow>(
    sql`SELECT id, kind, name FROM organisations WHERE lower(name) = lower(${name})`,
  );
  return row;
}

export async function insertSecretariat(
  db: Queryable,
  name: string,
  acronym: string | null,
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO organisations (kind, name, acronym)
    VALUES ('secretariat', ${name}, ${acronym}) RETURNING id`);
  return row!.id;
}

/** Makes a user an installation administrator (or not). */
export async function setPlatformAdmin(
  db: Queryable,
  userId: number,
  isPlatformAdmin: boolean,
): Promise<void> {
  await db.query(sql`UPDATE users SET is_platform_admin = ${isPlatformAdmin} WHERE id = ${userId}`);
}
