import sql from 'sql-template-tag';
import type { Queryable } from '../../../db/connect';

export interface TokenRow {
  id: number;
  user_id: number;
  dialogue_id: number;
  name: string;
  token_hint: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const columns = sql`id, user_id, dialogue_id, name, token_hint, scopes, created_at, expires_at, last_used_at, revoked_at`;

export async function insertToken(
  db: Queryable,
  t: {
    userId: number;
    dialogueId: number;
    name: string;
    tokenHash: string;
    hint: string;
    scopes: string[];
    expiresAt: Date;
  },
): Promise<TokenRow> {
  const rows = await db.query<TokenRow>(sql`INSERT INTO api_tokens
      (user_id, dialogue_id, name, token_hash, token_hint, scopes, expires_at)
    VALUES (${t.userId}, ${t.dialogueId}, ${t.name}, ${t.tokenHash}, ${t.hint}, ${t.scopes}::text[], ${t.expiresAt})
    RETURNING ${columns}`);
  return rows[0]!;
}

export function listTokensOfUser(db: Queryable, userId: number): Promise<TokenRow[]> {
  return db.query(
    sql`SELECT ${columns} FROM api_tokens WHERE user_id = ${userId} ORDER BY created_at DESC, id DESC`,
  );
}

export async function findTokenOfUser(
  db: Queryable,
  userId: number,
  id: number,
): Promise<TokenRow | undefined> {
  return (
    await db.query<TokenRow>(sql`SELECT ${columns} FROM api_tokens WHERE id = ${id} AND user_id = ${userId}`)
  )[0];
}

export async function findTokenByHash(db: Queryable, tokenHash: string): Promise<TokenRow | undefined> {
  return (
    await db.query<TokenRow>(sql`SELECT ${columns} FROM api_tokens WHERE token_hash = ${tokenHash}`)
  )[0];
}

export async function markTokenRevoked(db: Queryable, id: number): Promise<TokenRow> {
  const rows = await db.query<TokenRow>(sql`UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
    WHERE id = ${id} RETURNING ${columns}`);
  return rows[0]!;
}

/** Records a use; at most once a minute per token, so busy clients do not write on every call. */
export async function touchToken(db: Queryable, id: number): Promise<void> {
  await db.query(sql`UPDATE api_tokens SET last_used_at = now()
    WHERE id = ${id} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`);
}
