import type { Db, Queryable } from '../../../db/connect';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems } from '../../../domain/password-rule';
import type { Ctx } from '../../../shared/ctx';
import { Conflict, Invalid, NotFound, Unauthenticated } from '../../../shared/errors';
import type { Role } from '../../../shared/roles';
import { recordAudit } from '../../audit/audit.service';
import { hashPassword } from '../auth/passwords';
import type { LocaleBody } from './users.schema';
import {
  emailTaken,
  findDialogueIdBySlug,
  findOrganisation,
  insertMembership,
  insertUser,
  updateUserLocale,
} from './users.sql';

export interface AddUserInput {
  email: string;
  name: string;
  /** Organisation id, acronym or name. */
  org: string;
  password: string;
  grant?: { dialogueSlug: string; role: Role } | undefined;
}

/** Creates a user (and optionally a role in a dialogue) in one transaction. Used by the CLI and admin API. */
export async function addUser(db: Db, input: AddUserInput): Promise<{ id: number; email: string }> {
  const errors = [];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email))
    errors.push({ field: 'email', message: 'is not an e-mail address' });
  for (const p of passwordProblems(input.password, { email: input.email }))
    errors.push({ field: 'password', message: PASSWORD_PROBLEM_MESSAGES[p] });
  if (!input.name.trim()) errors.push({ field: 'name', message: 'must not be empty' });
  if (errors.length) throw new Invalid(errors);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const org = await findOrganisation(tx, input.org);
    if (!org) throw new NotFound(`Organisation "${input.org}"`);
    if (await emailTaken(tx, input.email))
      throw new Conflict(`A user with e-mail ${input.email} exists already`, undefined, 'ALREADY_EXISTS');
    const user = await insertUser(tx, {
      organisationId: org.id,
      email: input.email,
      name: input.name.trim(),
      passwordHash,
    });
    if (input.grant) {
      const dialogueId = await findDialogueIdBySlug(tx, input.grant.dialogueSlug);
      if (!dialogueId) throw new NotFound(`Dialogue "${input.grant.dialogueSlug}"`);
      await insertMembership(tx, { userId: user.id, dialogueId, role: input.grant.role, grantedBy: null });
      await recordAudit(
        tx,
        null,
        'membership.grant',
        { type: 'user', id: user.id, dialogueId },
        {
          role: input.grant.role,
          via: 'cli',
        },
      );
    }
    return user;
  });
}

/**
 * Inserts a user inside the caller's transaction (admin API): 409 when the e-mail is taken. Without a
 * password hash the user cannot log in until they accept an invitation or sign in with SSO.
 */
export async function insertUserInTransaction(
  tx: Queryable,
  u: { organisationId: number; email: string; name: string; passwordHash: string | null },
): Promise<{ id: number; email: string }> {
  if (await emailTaken(tx, u.email))
    throw new Conflict(`A user with e-mail ${u.email} exists already`, undefined, 'ALREADY_EXISTS');
  return insertUser(tx, u);
}

/** The language switch remembers the choice per user, so it follows them to other devices. */
export async function setOwnLocale(ctx: Ctx, input: LocaleBody): Promise<LocaleBody> {
  if (!ctx.actor) throw new Unauthenticated();
  await updateUserLocale(ctx.db, ctx.actor.userId, input.locale);
  return { locale: input.locale };
}

/** An organisation by id, acronym or name (single sign-on's auto-creation setting). */
export function findOrganisationByKey(
  db: Queryable,
  key: string,
): Promise<{ id: number; name: string } | undefined> {
  return findOrganisation(db, key);
}
