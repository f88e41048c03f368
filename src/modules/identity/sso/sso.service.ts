import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Queryable } from '../../../db/connect';
import type { Ctx } from '../../../shared/ctx';
import { AppError } from '../../../shared/errors';
import { type OidcConfig, readIdentityConfig } from '../../../shared/identity-config';
import { hashSecret } from '../../../shared/secret-hash';
import { recordAudit } from '../../audit/audit.service';
import type { SessionView } from '../auth/auth.schema';
import { openSession, sessionActor } from '../auth/auth.service';
import { beginSecondFactor } from '../auth/login-pending';
import { findOrganisationByKey, insertUserInTransaction } from '../users/users.service';
import { findActiveUserIdByEmail, insertOidcLogin, takeOidcLogin } from './sso.sql';

const LOGIN_MINUTES = 10;

export function ssoConfig(): OidcConfig | undefined {
  return readIdentityConfig().oidc;
}

export function ssoFailed(detail: string): AppError {
  return new AppError('SSO_FAILED', 401, detail);
}

function requireSso(): OidcConfig {
  const config = ssoConfig();
  if (!config)
    throw new AppError('SSO_DISABLED', 404, 'Single sign-on is not configured on this installation.');
  return config;
}

/** Discovery is fetched once per issuer and client (and again after a failure). */
const discovered = new Map<string, Promise<oidc.Configuration>>();

function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function providerConfiguration(config: OidcConfig): Promise<oidc.Configuration> {
  const key = `${config.issuer}|${config.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    const issuer = new URL(config.issuer);
    // Plain HTTP only for an identity provider on this machine (development, tests).
    found = oidc.discovery(issuer, config.clientId, config.clientSecret, undefined, {
      ...(isLocalHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
      timeout: 10,
    });
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found;
}

const hashCookie = hashSecret;

/**
 * Starts an authorisation-code login with PKCE: remembers state, nonce and verifier under a random browser
 * cookie (so the callback must come back to the same browser) and returns the provider's URL.
 */
export async function startSsoLogin(ctx: Ctx, nextPath: string): Promise<{ url: string; cookie: string }> {
  const config = requireSso();
  let provider: oidc.Configuration;
  try {
    provider = await providerConfiguration(config);
  } catch (e) {
    ctx.log.warn({ err: e }, 'OIDC discovery failed');
    throw new AppError('SSO_FAILED', 502, `The identity provider ${config.issuer} cannot be reached.`);
  }
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const cookie = randomBytes(32).toString('base64url');
  await insertOidcLogin(ctx.db, {
    cookieHash: hashCookie(cookie),
    state,
    nonce,
    codeVerifier,
    nextPath,
    expiresAt: new Date(Date.now() + LOGIN_MINUTES * 60_000),
  });
  const url = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, cookie };
}

export type SsoOutcome =
  | { kind: 'session'; token: string; expiresAt: Date; session: SessionView; nextPath: string }
  | { kind: 'second-factor'; pendingToken: string; expiresAt: Date; nextPath: string };

/**
 * Finishes the login at the callback: exchanges the code (checking state, nonce and PKCE), then links the
 * provider's verified e-mail to an active Passage user. Unknown e-mails are refused unless
 * PASSAGE_OIDC_AUTO_CREATE_ORG names an organisation to create them in (with no roles).
 */
export async function finishSsoLogin(
  ctx: Ctx,
  cookie: string | undefined,
  callbackUrl: URL,
  userAgent: string | null,
): Promise<SsoOutcome> {
  const config = requireSso();
  if (!cookie)
    throw ssoFailed('The single sign-on was not started in this browser (or took too long). Try again.');
  const pending = await takeOidcLogin(ctx.db, hashCookie(cookie));
  if (!pending) throw ssoFailed('The single sign-on expired or was already used. Try again.');
  const provider = await providerConfiguration(config);
  let claims: Record<string, unknown> | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    claims = idToken;
    // Many providers put e-mail and name only in the UserInfo response, not in the ID token.
    if (idToken && typeof idToken.email !== 'string')
      claims = { ...(await oidc.fetchUserInfo(provider, tokens.access_token, idToken.sub)), ...idToken };
  } catch (e) {
    ctx.log.info({ err: e }, 'OIDC callback refused');
    throw ssoFailed(`The identity provider's answer was refused: ${(e as Error).message}`);
  }
  const email = typeof claims?.email === 'string' ? claims.email : undefined;
  if (!email || claims?.email_verified !== true)
    throw ssoFailed('The identity provider did not confirm a verified e-mail address.');
  const userId = await ctx.db.transaction((tx) => linkUser(tx, config, email, claims));
  const secondFactor = await beginSecondFactor(ctx.db, userId);
  if (secondFactor) return { kind: 'second-factor', ...secondFactor, nextPath: pending.next_path };
  return ctx.db.transaction(async (tx) => {
    const opened = await openSession(tx, userId, userAgent);
    await recordAudit(
      tx,
      sessionActor(opened.session),
      'auth.login',
      { type: 'user', id: userId },
      { method: 'oidc', issuer: config.issuer },
      { ip: ctx.ip },
    );
    return { kind: 'session', ...opened, nextPath: pending.next_path };
  });
}

async function linkUser(
  tx: Queryable,
  config: OidcConfig,
  email: string,
  claims: Record<string, unknown> | undefined,
) {
  const user = await findActiveUserIdByEmail(tx, email);
  if (user && !user.is_active)
    throw new AppError(
      'ACCOUNT_DISABLED',
      401,
      'This account is deactivated. Ask your dialogue secretariat.',
    );
  if (user) return user.id;
  if (!config.autoCreateOrg)
    throw ssoFailed(`No Passage account has the e-mail ${email}. Ask your dialogue secretariat to add you.`);
  const org = await findOrganisationByKey(tx, config.autoCreateOrg);
  if (!org) throw ssoFailed(`PASSAGE_OIDC_AUTO_CREATE_ORG names no organisation (${config.autoCreateOrg}).`);
  const name = typeof claims?.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
  const created = await insertUserInTransaction(tx, {
    organisationId: org.id,
    email,
    name,
    passwordHash: null,
  });
  await recordAudit(
    tx,
    null,
    'user.add',
    { type: 'user', id: created.id },
    { via: 'oidc', issuer: config.issuer },
  );
  return created.id;
}
