/**
 * Set-up from nothing: an installation without an administrator (no demo, or a production database) prints a
 * one-time set-up link at start-up, and `passage setup` does the same on the terminal. Following the link (or
 * answering the terminal's questions) creates the first installation administrator and the secretariat
 * organisation; nothing else exists, and no account ever has a default password. The administrator then enrols
 * two-factor authentication, as PASSAGE_REQUIRE_2FA_ROLES requires of admins (two-factor.service.ts).
 *
 * The link's token is random (256 bits), stored as its SHA-256 (src/shared/secret-hash.ts), valid
 * SETUP_LINK_HOURS, usable once; printing a new one replaces the old. Once an active administrator exists, set-up
 * is refused (SETUP_DONE) whatever the token.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../db/connect';
import type { Actor } from '../../shared/actor';
import { AppError, Conflict, Invalid } from '../../shared/errors';
import type { Locale } from '../../shared/locales';
import { hashSecret } from '../../shared/secret-hash';
import { recordAudit } from '../audit/audit.service';
import { assertPasswordAcceptable, hashPassword } from '../identity/auth/passwords';
import { insertUserInTransaction } from '../identity/users/users.service';
import { SetupBody, type SetupStatus, type SetupTokenState } from './setup.schema';
import {
  closeSetupTokens,
  consumeSetupToken,
  countActivePlatformAdmins,
  findOrganisationByName,
  findSetupToken,
  insertSecretariat,
  isActivePlatformAdmin,
  listActivePlatformAdminIds,
  lockSetup,
  replaceSetupToken,
  setPlatformAdmin,
} from './setup.sql';

export const SETUP_LINK_HOURS = 24;
const TOKEN_PREFIX = 'setup_';

/** Set-up is open while no active installation administrator exists. */
export async function isSetupNeeded(db: Queryable): Promise<boolean> {
  return (await countActivePlatformAdmins(db)) === 0;
}

/**
 * A new one-time set-up token (replacing any earlier one), or null when an administrator exists. The token is
 * returned once, to be printed; only its hash is stored.
 */
export async function issueSetupToken(
  db: Db,
  hours = SETUP_LINK_HOURS,
): Promise<{ token: string; expiresAt: Date } | null> {
  return db.transaction(async (tx) => {
    await lockSetup(tx);
    if (!(await isSetupNeeded(tx))) return null;
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + hours * 3600_000);
    await replaceSetupToken(tx, hashSecret(token), expiresAt);
    return { token, expiresAt };
  });
}

/** The address of the set-up page for a token. */
export function setupLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/setup?token=${encodeURIComponent(token)}`;
}

/** The start-up banner's lines when no administrator exists (a fresh link each start), else none. */
export async function setupBanner(db: Db, baseUrl: string): Promise<string[]> {
  const issued = await issueSetupToken(db);
  if (!issued) return [];
  return [
    'no administrator exists yet. To create the first one, open (once, within 24 hours):',
    `  ${setupLink(baseUrl, issued.token)}`,
    'or run "passage setup" on this machine. There is no default account or password.',
  ];
}

async function tokenState(db: Queryable, token: string): Promise<SetupTokenState> {
  const row = await findSetupToken(db, hashSecret(token));
  if (!row) return 'unknown';
  if (row.used_at) return 'used';
  if (row.replaced_at) return 'replaced';
  return row.is_expired ? 'expired' : 'valid';
}

export async function getSetupStatus(db: Queryable, token: string | undefined): Promise<SetupStatus> {
  return {
    isSetupNeeded: await isSetupNeeded(db),
    token: token === undefined ? null : await tokenState(db, token),
  };
}

const TOKEN_MESSAGES: Record<Exclude<SetupTokenState, 'valid'>, string> = {
  used: 'This set-up link was used already: log in with the account it created.',
  replaced:
    'A newer set-up link was printed since (each start of the server prints a new one): use the latest.',
  expired: `This set-up link expired (links are valid ${SETUP_LINK_HOURS} hours): restart the server or run "passage setup --link" for a new one.`,
  unknown: 'This set-up link is not known: copy the whole link the server printed.',
};

function setupDone(): AppError {
  return new AppError(
    'SETUP_DONE',
    409,
    'Passage has an administrator already. Log in, or ask an administrator to add you.',
  );
}

/** How the first administrator is being created: through the set-up link, or on the terminal. */
export type SetupOrigin = { via: 'link'; token: string } | { via: 'cli' };

export interface FirstAdmin {
  userId: number;
  organisationId: number;
  email: string;
}

/**
 * Creates the first installation administrator and the secretariat organisation, in one transaction: the
 * link is used up in the same transaction, so a refused set-up leaves it usable and writes nothing.
 */
export async function createFirstAdmin(
  db: Db,
  input: Omit<SetupBody, 'token'> & { locale?: Locale },
  origin: SetupOrigin,
  meta: { ip?: string | null } = {},
): Promise<FirstAdmin> {
  assertFirstAdminInput(input);
  // The one password rule (length, not blank, not the e-mail, not common), as everywhere a password is set.
  assertPasswordAcceptable(input.password, { email: input.email, field: 'body.password' });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await lockSetup(tx);
    if (!(await isSetupNeeded(tx))) throw setupDone();
    if (origin.via === 'link') {
      const state = await tokenState(tx, origin.token);
      if (state !== 'valid')
        throw new AppError('SETUP_LINK_INVALID', 400, TOKEN_MESSAGES[state], {
          errors: [{ field: 'token', message: `the link is ${state}` }],
        });
    }
    const organisationId = await secretariatFor(tx, input.organisation);
    const user = await insertUserInTransaction(tx, {
      organisationId,
      email: input.email,
      name: input.name,
      passwordHash,
    });
    await setPlatformAdmin(tx, user.id, true);
    if (origin.via === 'link') await consumeSetupToken(tx, hashSecret(origin.token), user.id);
    else await closeSetupTokens(tx);
    const actor: Actor = {
      userId: user.id,
      orgId: organisationId,
      orgKind: 'secretariat',
      countryIso3: null,
      email: user.email,
      name: input.name,
      roles: {},
      isPlatformAdmin: true,
    };
    await recordAudit(
      tx,
      actor,
      'setup.first_admin',
      { type: 'user', id: user.id },
      { via: origin.via, organisationId },
      meta,
    );
    return { userId: user.id, organisationId, email: user.email };
  });
}

/** The same rules as the set-up page's (the terminal's answers do not pass the route's schema). */
function assertFirstAdminInput(input: Omit<SetupBody, 'token'>): void {
  const parsed = SetupBody.omit({ token: true }).safeParse(input);
  if (parsed.success) return;
  throw new Invalid(
    parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', message: i.message })),
  );
}

/** The secretariat organisation of that name, created if there is none; another kind of that name is refused. */
async function secretariatFor(tx: Queryable, o: SetupBody['organisation']): Promise<number> {
  const existing = await findOrganisationByName(tx, o.name);
  if (existing?.kind === 'secretariat') return existing.id;
  if (existing)
    throw new Conflict(
      `An organisation named "${existing.name}" exists already and is not a secretariat; choose another name.`,
      undefined,
      'ALREADY_EXISTS',
    );
  return insertSecretariat(tx, o.name, o.acronym ?? null);
}

/**
 * Makes an account an installation administrator, or not (`passage user role EMAIL --platform-admin on|off`).
 * The last active one cannot be turned off: Passage would be without an administrator.
 */
export async function setInstallationAdmin(db: Db, userId: number, isOn: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await lockSetup(tx);
    if (!isOn && (await countActivePlatformAdmins(tx)) <= 1 && (await isActivePlatformAdmin(tx, userId)))
      throw new Conflict('This is the last installation administrator: make another one first.');
    await setPlatformAdmin(tx, userId, isOn);
    await recordAudit(
      tx,
      null,
      isOn ? 'user.platform_admin_grant' : 'user.platform_admin_revoke',
      { type: 'user', id: userId },
      { via: 'cli' },
    );
  });
}

/** The only active installation administrator, if there is exactly one (the terminal's default dialogue admin). */
export async function soleInstallationAdmin(db: Queryable): Promise<number | null> {
  const ids = await listActivePlatformAdminIds(db);
  return ids.length === 1 ? (ids[0] ?? null) : null;
}
