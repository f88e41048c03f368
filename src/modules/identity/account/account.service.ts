import type { Ctx } from '../../../shared/ctx';
import { AppError, Invalid, Unauthenticated } from '../../../shared/errors';
import { recordAudit } from '../../audit/audit.service';
import { endSessionsOfUser, findUserAuth, openSession, setUserPassword } from '../auth/auth.service';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from '../auth/passwords';
import type { ChangePasswordBody } from './account.schema';

/**
 * Changes the logged-in user's password. Every session of the user ends (sessions older than the password
 * are refused anyway); the caller gets a fresh session in the returned token. API tokens stay valid: they
 * are revoked one by one, or all at once by deactivation.
 */
export async function changePassword(
  ctx: Ctx,
  input: ChangePasswordBody,
  userAgent: string | null,
): Promise<{ token: string; expiresAt: Date }> {
  const actor = ctx.actor;
  if (!actor) throw new Unauthenticated();
  const user = await findUserAuth(ctx.db, actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword)))
    throw new AppError('WRONG_PASSWORD', 400, 'The current password is wrong.', {
      errors: [{ field: 'currentPassword', message: 'is wrong' }],
    });
  if (input.newPassword === input.currentPassword)
    throw new Invalid([{ field: 'newPassword', message: 'must differ from the current password' }]);
  assertPasswordAcceptable(input.newPassword, { email: user.email, field: 'newPassword' });
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction(async (tx) => {
    await setUserPassword(tx, user.id, passwordHash);
    await endSessionsOfUser(tx, user.id);
    const { token, expiresAt } = await openSession(tx, user.id, userAgent);
    await recordAudit(tx, actor, 'user.password_change', { type: 'user', id: user.id });
    return { token, expiresAt };
  });
}
