import type { FastifyInstance } from 'fastify';
import { accountRoutes } from '../../modules/identity/account/account.routes';
import { adminRoutes, invitationRoutes } from '../../modules/identity/admin/admin.routes';
import { ssoRoutes } from '../../modules/identity/sso/sso.routes';
import { tokensRoutes } from '../../modules/identity/tokens/tokens.routes';
import { twoFactorGuardPlugin } from '../../modules/identity/two-factor/two-factor.guard';
import { totpLoginRoutes, twoFactorRoutes } from '../../modules/identity/two-factor/two-factor.routes';

export { twoFactorGuardPlugin };

/**
 * Identity endpoints beyond password login: administration, own account, API tokens, two-factor
 * authentication, single sign-on. (API-token authentication itself is in the auth plugin.)
 */
export async function identityRoutes(app: FastifyInstance): Promise<void> {
  await app.register(adminRoutes, { prefix: '/api/admin' });
  await app.register(accountRoutes, { prefix: '/api/account' });
  await app.register(twoFactorRoutes, { prefix: '/api/account/two-factor' });
  await app.register(tokensRoutes, { prefix: '/api/tokens' });
  await app.register(invitationRoutes, { prefix: '/api/auth' });
  await app.register(totpLoginRoutes, { prefix: '/api/auth' });
  await app.register(ssoRoutes, { prefix: '/api/auth' });
}
