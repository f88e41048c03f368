import { ROLES, type Role } from './roles';

/**
 * Identity settings from the environment (part of Config, see config.ts). Read per use, so a test can set
 * the environment for one case; nothing here is expensive.
 */
export interface IdentityConfig {
  /** Roles whose holders must enrol in two-factor authentication (PASSAGE_REQUIRE_2FA_ROLES, default admin,data_manager; "none" for nobody). */
  require2faRoles: Role[];
  /** OpenID Connect single sign-on; undefined when PASSAGE_OIDC_ISSUER is not set. */
  oidc: OidcConfig | undefined;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
  /** Button text on the login page (PASSAGE_OIDC_LABEL). */
  label: string;
  /** Organisation (id, acronym or name) for users created at their first SSO login; undefined = no auto-creation. */
  autoCreateOrg: string | undefined;
}

export function readIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const raw = env.PASSAGE_REQUIRE_2FA_ROLES ?? 'admin,data_manager';
  const wanted = raw
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r && r !== 'none');
  const unknown = wanted.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new Error(`PASSAGE_REQUIRE_2FA_ROLES: unknown role(s) ${unknown.join(', ')}`);
  const issuer = env.PASSAGE_OIDC_ISSUER || undefined;
  let oidc: OidcConfig | undefined;
  if (issuer) {
    const clientId = env.PASSAGE_OIDC_CLIENT_ID;
    const redirectUri = env.PASSAGE_OIDC_REDIRECT_URI;
    if (!clientId || !redirectUri)
      throw new Error(
        'PASSAGE_OIDC_ISSUER is set: PASSAGE_OIDC_CLIENT_ID and PASSAGE_OIDC_REDIRECT_URI are needed too',
      );
    oidc = {
      issuer,
      clientId,
      clientSecret: env.PASSAGE_OIDC_CLIENT_SECRET || undefined,
      redirectUri,
      label: env.PASSAGE_OIDC_LABEL || 'single sign-on',
      autoCreateOrg: env.PASSAGE_OIDC_AUTO_CREATE_ORG || undefined,
    };
  }
  return { require2faRoles: wanted as Role[], oidc };
}
