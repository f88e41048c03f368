import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../../db/connect';
import { type Actor, hasRole } from '../../../shared/actor';
import type { Ctx } from '../../../shared/ctx';
import { Forbidden, NotFound, Unauthenticated } from '../../../shared/errors';
import { isTokenScope, rolesForScope } from '../../../shared/token-scopes';
import { recordAudit } from '../../audit/audit.service';
import { findUserAuth, hashToken, loadActor } from '../auth/auth.service';
import type { TokenCreateBody, TokenCreated, TokenView } from './tokens.schema';
import {
  findTokenByHash,
  findTokenOfUser,
  insertToken,
  listTokensOfUser,
  markTokenRevoked,
  type TokenRow,
  touchToken,
} from './tokens.sql';

export const TOKEN_PREFIX = 'psg_';

function toView(row: TokenRow, now = new Date()): TokenView {
  const status = row.revoked_at ? 'revoked' : row.expires_at <= now ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    dialogueId: row.dialogue_id,
    hint: row.token_hint,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    status,
  };
}

/** Token management is for people in a browser session: the door refuses tokens (tokens.policy.ts). */
function requireSessionActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new Unauthenticated();
  return ctx.actor;
}

/** Scopes the actor's roles in the dialogue do not allow. */
function scopesBeyondRoles(actor: Actor, dialogueId: number, scopes: readonly string[]): string[] {
  return scopes.filter((s) => !isTokenScope(s) || !hasRole(actor, dialogueId, rolesForScope(s)));
}

/** Creates a token for one of the actor's dialogues; the secret is returned this once and stored hashed. */
export async function createToken(ctx: Ctx, input: TokenCreateBody): Promise<TokenCreated> {
  const actor = requireSessionActor(ctx);
  if (!actor.roles[input.dialogueId]?.length) throw new NotFound(`Dialogue ${input.dialogueId}`);
  const scopes = [...new Set(input.scopes)];
  const beyond = scopesBeyondRoles(actor, input.dialogueId, scopes);
  if (beyond.length)
    throw new Forbidden(`Your roles in this dialogue do not allow the scope(s): ${beyond.join(', ')}`);
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86400_000);
  return ctx.db.transaction(async (tx) => {
    const row = await insertToken(tx, {
      userId: actor.userId,
      dialogueId: input.dialogueId,
      name: input.name,
      tokenHash: hashToken(secret),
      hint: secret.slice(0, TOKEN_PREFIX.length + 4),
      scopes,
      expiresAt,
    });
    await recordAudit(
      tx,
      actor,
      'token.create',
      { type: 'api_token', id: row.id, dialogueId: input.dialogueId },
      { name: input.name, scopes, expiresAt: expiresAt.toISOString() },
    );
    return { token: toView(row), secret };
  });
}

export async function listTokens(ctx: Ctx): Promise<TokenView[]> {
  const actor = requireSessionActor(ctx);
  return (await listTokensOfUser(ctx.db, actor.userId)).map((r) => toView(r));
}

/** Revokes one of the actor's own tokens (someone else's is 404). Revoking twice is harmless. */
export async function revokeToken(ctx: Ctx, tokenId: number): Promise<TokenView> {
  const actor = requireSessionActor(ctx);
  const row = await findTokenOfUser(ctx.db, actor.userId, tokenId);
  if (!row) throw new NotFound(`API token ${tokenId}`);
  return ctx.db.transaction(async (tx) => {
    const revoked = await markTokenRevoked(tx, tokenId);
    if (!row.revoked_at)
      await recordAudit(tx, actor, 'token.revoke', {
        type: 'api_token',
        id: tokenId,
        dialogueId: row.dialogue_id,
      });
    return toView(revoked);
  });
}

const invalid = (detail: string) => new Unauthenticated(detail, 'TOKEN_INVALID');

/**
 * Resolves `Authorization: Bearer psg_…` to an actor, or null when the header is absent. The actor holds
 * only its roles in the token's dialogue and the token's scopes (those its roles still allow). A malformed,
 * unknown, expired or revoked token, or one of a deactivated user, is a 401 with a message saying which.
 */
export async function actorFromApiToken(
  db: Queryable,
  authorization: string | undefined,
): Promise<Actor | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw invalid('The Authorization header must be "Bearer psg_…" (a Passage API token).');
  const secret = match[1]!;
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200)
    throw invalid('This is not a Passage API token (they start with "psg_").');
  const row = await findTokenByHash(db, hashToken(secret));
  if (!row) throw invalid('This API token is unknown. Check that it was copied whole, or create a new one.');
  if (row.revoked_at)
    throw new Unauthenticated('This API token was revoked. Create a new one.', 'TOKEN_REVOKED');
  if (row.expires_at <= new Date())
    throw new Unauthenticated(
      `This API token expired on ${row.expires_at.toISOString()}. Create a new one.`,
      'TOKEN_EXPIRED',
    );
  const user = await findUserAuth(db, row.user_id);
  if (!user?.is_active)
    throw new Unauthenticated('The owner of this API token is deactivated.', 'ACCOUNT_DISABLED');
  const full = await loadActor(db, user);
  const rolesHere = full.roles[row.dialogue_id] ?? [];
  await touchToken(db, row.id);
  const actor: Actor = {
    ...full,
    roles: rolesHere.length ? { [row.dialogue_id]: rolesHere } : {},
    scopes: row.scopes,
  };
  return {
    ...actor,
    scopes: row.scopes.filter((s) => scopesBeyondRoles(actor, row.dialogue_id, [s]).length === 0),
  };
}
