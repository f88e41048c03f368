import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/connect';
import type { Ctx } from '../../server/context';
import type { Actor } from '../../shared/actor';
import { Unauthenticated } from '../../shared/errors';
import type { Role } from '../../shared/roles';
import type { LoginBody, SessionView } from './auth.schema';
import {
  findUserByEmail,
  findUserBySession,
  insertSession,
  listRolesOfUser,
  revokeSession,
  type UserAuthRow,
} from './auth.sql';
import { dummyPasswordHash, verifyPassword } from './passwords';

export const SESSION_TTL_HOURS = Number(process.env.PASSAGE_SESSION_HOURS ?? 12);

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Checks e-mail and password; on success opens a session and returns its token (to put in the cookie). */
export async function login(
  ctx: Ctx,
  input: LoginBody,
  userAgent: string | null,
): Promise<{ token: string; session: SessionView; expiresAt: Date }> {
  const user = await findUserByEmail(ctx.db, input.email);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok) {
    ctx.log.info({ email: input.email }, 'login failed');
    throw new Unauthenticated('E-mail or password is wrong.', 'INVALID_CREDENTIALS');
  }
  if (!user.is_active)
    throw new Unauthenticated(
      'This account is deactivated. Ask your dialogue secretariat.',
      'ACCOUNT_DISABLED',
    );
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000);
  await insertSession(ctx.db, { tokenHash: hashToken(token), userId: user.id, expiresAt, userAgent });
  const actor = await loadActor(ctx.db, user);
  return { token, expiresAt, session: toSessionView(user, actor) };
}

export async function logout(ctx: Ctx, token: string | undefined): Promise<void> {
  if (token) await revokeSession(ctx.db, hashToken(token));
}

/** Resolves a session cookie to the acting user, or null when absent, expired or revoked. */
export async function actorFromSessionToken(
  db: Queryable,
  token: string | undefined,
): Promise<{ actor: Actor; user: UserAuthRow } | null> {
  if (!token) return null;
  const user = await findUserBySession(db, hashToken(token));
  if (!user) return null;
  return { actor: await loadActor(db, user), user };
}

export async function loadActor(db: Queryable, user: UserAuthRow): Promise<Actor> {
  const roles: Record<number, Role[]> = {};
  for (const r of await listRolesOfUser(db, user.id)) {
    roles[r.dialogue_id] = [...(roles[r.dialogue_id] ?? []), r.role];
  }
  return {
    userId: user.id,
    orgId: user.organisation_id,
    orgKind: user.org_kind,
    countryIso3: user.country_iso3?.trim() ?? null,
    email: user.email,
    name: user.name,
    roles,
  };
}

export function toSessionView(user: UserAuthRow, actor: Actor): SessionView {
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      organisation: {
        id: user.organisation_id,
        name: user.org_name,
        kind: user.org_kind,
        countryIso3: user.country_iso3?.trim() ?? null,
      },
    },
    memberships: Object.entries(actor.roles).map(([dialogueId, roles]) => ({
      dialogueId: Number(dialogueId),
      roles,
    })),
  };
}
