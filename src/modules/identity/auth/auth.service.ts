import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../../db/connect';
import type { Actor } from '../../../shared/actor';
import type { Ctx } from '../../../shared/ctx';
import { Unauthenticated } from '../../../shared/errors';
import type { Role } from '../../../shared/roles';
import { hashSecret } from '../../../shared/secret-hash';
import { recordAudit } from '../../audit/audit.service';
import type { LoginBody, SessionView } from './auth.schema';
import {
  findSessionActor,
  findUserByEmail,
  findUserById,
  hasTotp,
  insertSession,
  listRolesOfUser,
  listSubmissionGrantsOf,
  revokeSession,
  revokeSessionsOfUser,
  type UserAuthRow,
  updatePassword,
} from './auth.sql';
import {
  assertLoginNotLocked,
  recordLoginFailure,
  recordLoginSuccess,
  recordPasswordAccepted,
} from './login-attempts';
import { beginSecondFactor } from './login-pending';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { dialogueAbilities, sessionAbilities } from './session-abilities';

export type { UserAuthRow };

/** The password was right; the login waits for the second factor (src/modules/identity/two-factor). */
export type SecondFactorPending = { pendingToken: string; expiresAt: Date };

export const SESSION_TTL_HOURS = Number(process.env.PASSAGE_SESSION_HOURS ?? 12);

/** The stored form of a session or API token. */
export const hashToken = hashSecret;

/** Checks e-mail and password; on success opens a session and returns its token (to put in the cookie). */
export async function login(
  ctx: Ctx,
  input: LoginBody,
  userAgent: string | null,
): Promise<{ token: string; session: SessionView; expiresAt: Date } | SecondFactorPending> {
  await assertLoginNotLocked(ctx, input.email);
  const user = await findUserByEmail(ctx.db, input.email);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok) {
    ctx.log.info({ email: input.email }, 'login failed');
    await recordLoginFailure(ctx, input.email, user?.id ?? null, 'wrong_credentials');
    throw new Unauthenticated('E-mail or password is wrong.', 'INVALID_CREDENTIALS');
  }
  if (!user.is_active) {
    await recordLoginFailure(ctx, input.email, user.id, 'deactivated');
    throw new Unauthenticated(
      'This account is deactivated. Ask your dialogue secretariat.',
      'ACCOUNT_DISABLED',
    );
  }
  // Two-factor users get a pending login (cookie) instead of a session: POST /api/auth/login/totp finishes it.
  const secondFactor = await beginSecondFactor(ctx.db, user.id);
  if (secondFactor) {
    await recordPasswordAccepted(ctx, input.email);
    return secondFactor;
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000);
  const actor = await loadActor(ctx.db, user);
  await ctx.db.transaction(async (tx) => {
    await insertSession(tx, { tokenHash: hashToken(token), userId: user.id, expiresAt, userAgent });
    await recordLoginSuccess(tx, ctx, actor);
  });
  return { token, expiresAt, session: toSessionView(user, actor) };
}

export async function logout(ctx: Ctx, token: string | undefined): Promise<void> {
  if (!token) return;
  await ctx.db.transaction(async (tx) => {
    await revokeSession(tx, hashToken(token));
    if (ctx.actor)
      await recordAudit(
        tx,
        ctx.actor,
        'auth.logout',
        { type: 'user', id: ctx.actor.userId },
        {},
        { ip: ctx.ip },
      );
  });
}

/** Resolves a session cookie to the acting user, or null when absent, expired or revoked (one statement). */
export async function actorFromSessionToken(
  db: Queryable,
  token: string | undefined,
): Promise<{ actor: Actor; user: UserAuthRow } | null> {
  if (!token) return null;
  const row = await findSessionActor(db, hashToken(token));
  if (!row) return null;
  const { roles, grants, ...user } = row;
  return { actor: actorOf(user, roles, grants), user };
}

export async function loadActor(db: Queryable, user: UserAuthRow): Promise<Actor> {
  const roles = await listRolesOfUser(db, user.id);
  const grants =
    user.org_kind === 'international' ? await listSubmissionGrantsOf(db, user.organisation_id) : [];
  return actorOf(user, roles, grants);
}

/** The actor of a user from its memberships and (international organisations only) submission grants. */
function actorOf(
  user: UserAuthRow,
  memberships: readonly { dialogue_id: number; role: Role }[],
  grants: readonly { dialogue_id: number; reporter_iso3: string }[],
): Actor {
  const roles: Record<number, Role[]> = {};
  for (const r of memberships) roles[r.dialogue_id] = [...(roles[r.dialogue_id] ?? []), r.role];
  const submitsFor: Record<number, string[]> = {};
  if (user.org_kind === 'international')
    for (const g of grants)
      submitsFor[g.dialogue_id] = [...(submitsFor[g.dialogue_id] ?? []), g.reporter_iso3];
  return {
    userId: user.id,
    orgId: user.organisation_id,
    orgKind: user.org_kind,
    countryIso3: user.country_iso3?.trim() ?? null,
    email: user.email,
    name: user.name,
    roles,
    isPlatformAdmin: user.is_platform_admin,
    ...(Object.keys(submitsFor).length > 0 && { submitsFor }),
  };
}

export function toSessionView(user: UserAuthRow, actor: Actor): SessionView {
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      isPlatformAdmin: user.is_platform_admin,
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
      abilities: dialogueAbilities(actor, Number(dialogueId)),
    })),
    abilities: sessionAbilities(actor),
  };
}

/**
 * Opens a session for a user whose identity is already established (second factor done, single sign-on,
 * password just changed) and returns the token for the cookie.
 */
export async function openSession(
  db: Queryable,
  userId: number,
  userAgent: string | null,
): Promise<{ token: string; session: SessionView; expiresAt: Date }> {
  const user = await findUserById(db, userId);
  if (!user?.is_active)
    throw new Unauthenticated(
      'This account is deactivated. Ask your dialogue secretariat.',
      'ACCOUNT_DISABLED',
    );
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000);
  await insertSession(db, { tokenHash: hashToken(token), userId: user.id, expiresAt, userAgent });
  return { token, expiresAt, session: toSessionView(user, await loadActor(db, user)) };
}

/** The actor recorded in the audit log for a session just opened. */
export function sessionActor(s: SessionView): Actor {
  const o = s.user.organisation;
  const roles = Object.fromEntries(s.memberships.map((m) => [m.dialogueId, m.roles]));
  return {
    userId: s.user.id,
    orgId: o.id,
    orgKind: o.kind,
    countryIso3: o.countryIso3,
    email: s.user.email,
    name: s.user.name,
    roles,
  };
}

/** Whether the user has enrolled a second factor (authenticator app). */
export function hasSecondFactor(db: Queryable, userId: number): Promise<boolean> {
  return hasTotp(db, userId);
}

/** A user's login record (for other modules: they do not read auth.sql). */
export function findUserAuth(db: Queryable, userId: number): Promise<UserAuthRow | undefined> {
  return findUserById(db, userId);
}

/** Sets a user's password (a hash from passwords.ts); the sessions opened before it stop working. */
export function setUserPassword(db: Queryable, userId: number, passwordHash: string): Promise<void> {
  return updatePassword(db, userId, passwordHash);
}

/** Ends every open session of a user (password change, deactivation). */
export function endSessionsOfUser(db: Queryable, userId: number): Promise<void> {
  return revokeSessionsOfUser(db, userId);
}

/**
 * The active user with this e-mail address (any case) as an actor, or null: for mail received on their
 * behalf (the notices' inbound address, src/modules/notices/notices.inbound.ts), which has no session.
 */
export async function actorOfEmail(db: Queryable, email: string): Promise<Actor | null> {
  const user = await findUserByEmail(db, email);
  return user?.is_active ? loadActor(db, user) : null;
}
