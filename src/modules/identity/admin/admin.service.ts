import { randomBytes } from 'node:crypto';
import { allows } from '../../../shared/access';
import type { Actor } from '../../../shared/actor';
import { administeredDialogues } from '../../../shared/actor';
import type { Ctx } from '../../../shared/ctx';
import { AppError, Conflict, Forbidden, Invalid, NotFound, Unauthenticated } from '../../../shared/errors';
import type { Role } from '../../../shared/roles';
import { recordAudit } from '../../audit/audit.service';
import { findUserAuth, hashToken, setUserPassword } from '../auth/auth.service';
import { assertPasswordAcceptable, hashPassword } from '../auth/passwords';
import { insertUserInTransaction } from '../users/users.service';
import { adminPolicy } from './admin.policy';
import type {
  AcceptInvitationBody,
  AddUserBody,
  AddUserResult,
  AdminUserView,
  OrganisationCreateBody,
  OrganisationRenameBody,
  OrganisationView,
} from './admin.schema';
import {
  type AdminUserRow,
  consumeInvitation,
  countryExists,
  deleteRole,
  dialogueExists,
  findOrganisationById,
  findUserForDialogue,
  insertInvitation,
  insertOrganisation,
  insertRole,
  isMemberStateOfAny,
  isOrganisationOfDialogue,
  listAdminDialoguesOf,
  listDialoguesOfOrganisation,
  listDialogueUsers,
  listOrganisationsOfDialogues,
  organisationNameTaken,
  setUserActive,
  updateOrganisation,
} from './admin.sql';

export const INVITATION_DAYS = 7;

function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new Unauthenticated();
  return ctx.actor;
}

/** 404 for a dialogue the actor is not in (its existence is not revealed), 403 for a member who is no admin. */
async function assertDialogueAdmin(ctx: Ctx, dialogueId: number): Promise<Actor> {
  const actor = requireActor(ctx);
  if (!adminPolicy.seeDialogue(actor, { dialogueId }) || !(await dialogueExists(ctx.db, dialogueId)))
    throw new NotFound(`Dialogue ${dialogueId}`);
  if (!allows(actor, adminPolicy.dialogueUsers, { dialogueId }))
    throw new Forbidden('Only an admin of this dialogue may manage its users.');
  return actor;
}

function assertNotSelf(actor: Actor, userId: number, what: string): void {
  if (!adminPolicy.changeUser(actor, { userId }))
    throw new AppError('SELF_ROLE_CHANGE', 403, `You cannot ${what} yourself; ask another admin.`);
}

function toView(row: AdminUserRow): AdminUserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isActive: row.is_active,
    hasTwoFactor: row.has_two_factor,
    hasPassword: row.has_password,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    roles: row.roles,
  };
}

export async function listUsersOfDialogue(ctx: Ctx, dialogueId: number): Promise<AdminUserView[]> {
  await assertDialogueAdmin(ctx, dialogueId);
  return (await listDialogueUsers(ctx.db, dialogueId)).map(toView);
}

/** A member's record, or 404 when the user holds no role in the dialogue. */
async function findMember(ctx: Ctx, dialogueId: number, userId: number): Promise<AdminUserRow> {
  const row = await findUserForDialogue(ctx.db, dialogueId, userId);
  if (!row || row.roles.length === 0) throw new NotFound(`User ${userId} in this dialogue`);
  return row;
}

/**
 * Adds a user of an organisation taking part in the dialogue, with roles in it. Without a password the
 * user gets an invitation token (shown once) to set their own.
 */
export async function addDialogueUser(
  ctx: Ctx,
  dialogueId: number,
  input: AddUserBody,
): Promise<AddUserResult> {
  const actor = await assertDialogueAdmin(ctx, dialogueId);
  if (!(await isOrganisationOfDialogue(ctx.db, dialogueId, input.organisationId)))
    throw new Invalid([
      {
        field: 'organisationId',
        message:
          'is not an organisation of this dialogue (secretariat, observer or authority of a member state)',
      },
    ]);
  if (input.password) assertPasswordAcceptable(input.password, { email: input.email, field: 'password' });
  const invitationToken = input.password ? undefined : `inv_${randomBytes(24).toString('base64url')}`;
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return ctx.db.transaction(async (tx) => {
    const user = await insertUserInTransaction(tx, {
      organisationId: input.organisationId,
      email: input.email,
      name: input.name,
      passwordHash,
    });
    for (const role of new Set(input.roles)) {
      await insertRole(tx, { userId: user.id, dialogueId, role, grantedBy: actor.userId });
    }
    if (invitationToken) {
      const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86400_000);
      await insertInvitation(tx, {
        tokenHash: hashToken(invitationToken),
        userId: user.id,
        createdBy: actor.userId,
        expiresAt,
      });
    }
    await recordAudit(
      tx,
      actor,
      'user.add',
      { type: 'user', id: user.id, dialogueId },
      { roles: [...new Set(input.roles)], invited: !input.password },
    );
    const row = await findUserForDialogue(tx, dialogueId, user.id);
    return { user: toView(row!), ...(invitationToken ? { invitationToken } : {}) };
  });
}

/**
 * Grants a role in the dialogue to a user of an organisation taking part in it (another user is 404).
 * Nobody changes their own roles.
 */
export async function grantRole(
  ctx: Ctx,
  dialogueId: number,
  userId: number,
  role: Role,
): Promise<AdminUserView> {
  const actor = await assertDialogueAdmin(ctx, dialogueId);
  assertNotSelf(actor, userId, 'change the roles of');
  const row = await findUserForDialogue(ctx.db, dialogueId, userId);
  const isEligible =
    row &&
    (row.roles.length > 0 || (await isOrganisationOfDialogue(ctx.db, dialogueId, row.organisation_id)));
  if (!row || !isEligible) throw new NotFound(`User ${userId} in this dialogue`);
  return ctx.db.transaction(async (tx) => {
    const isNew = await insertRole(tx, { userId, dialogueId, role, grantedBy: actor.userId });
    if (isNew)
      await recordAudit(tx, actor, 'membership.grant', { type: 'user', id: userId, dialogueId }, { role });
    return toView((await findUserForDialogue(tx, dialogueId, userId))!);
  });
}

export async function revokeRole(
  ctx: Ctx,
  dialogueId: number,
  userId: number,
  role: Role,
): Promise<AdminUserView> {
  const actor = await assertDialogueAdmin(ctx, dialogueId);
  assertNotSelf(actor, userId, 'change the roles of');
  const member = await findMember(ctx, dialogueId, userId);
  if (!member.roles.includes(role)) throw new NotFound(`Role ${role} of user ${userId}`);
  return ctx.db.transaction(async (tx) => {
    await deleteRole(tx, { userId, dialogueId, role });
    await recordAudit(tx, actor, 'membership.revoke', { type: 'user', id: userId, dialogueId }, { role });
    return toView((await findUserForDialogue(tx, dialogueId, userId))!);
  });
}

/**
 * Deactivates (ends all sessions and API tokens) or reactivates a member of the dialogue. An admin of
 * another dialogue that the actor does not administer is out of reach (403).
 */
export async function setMemberActive(
  ctx: Ctx,
  dialogueId: number,
  userId: number,
  isActive: boolean,
): Promise<AdminUserView> {
  const actor = await assertDialogueAdmin(ctx, dialogueId);
  assertNotSelf(actor, userId, isActive ? 'reactivate' : 'deactivate');
  await findMember(ctx, dialogueId, userId);
  const theirAdminDialogues = await listAdminDialoguesOf(ctx.db, userId);
  const outOfReach = theirAdminDialogues.filter(
    (d) => !allows(actor, adminPolicy.dialogueUsers, { dialogueId: d }),
  );
  if (outOfReach.length > 0)
    throw new Forbidden(
      'This user administers a dialogue you do not; ask its admins or the installation admin.',
    );
  return ctx.db.transaction(async (tx) => {
    await setUserActive(tx, userId, isActive);
    await recordAudit(tx, actor, isActive ? 'user.reactivate' : 'user.deactivate', {
      type: 'user',
      id: userId,
      dialogueId,
    });
    return toView((await findUserForDialogue(tx, dialogueId, userId))!);
  });
}

/** An invited user sets their password with the one-time invitation token. */
export async function acceptInvitation(ctx: Ctx, input: AcceptInvitationBody): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    const userId = await consumeInvitation(tx, hashToken(input.token));
    if (userId === undefined)
      throw new AppError(
        'INVITATION_INVALID',
        400,
        'This invitation is unknown, already used or expired. Ask your dialogue admin for a new one.',
      );
    // A refused password rolls the transaction back: the invitation stays usable for a better one.
    const user = await findUserAuth(tx, userId);
    assertPasswordAcceptable(input.password, { email: user?.email ?? '', field: 'password' });
    await setUserPassword(tx, userId, passwordHash);
    await recordAudit(tx, null, 'user.invitation_accepted', { type: 'user', id: userId });
  });
}

function toOrganisationView(o: {
  id: number;
  kind: OrganisationView['kind'];
  name: string;
  acronym: string | null;
  country_iso3: string | null;
}): OrganisationView {
  return {
    id: o.id,
    kind: o.kind,
    name: o.name,
    acronym: o.acronym,
    countryIso3: o.country_iso3?.trim() ?? null,
  };
}

function assertOrganisationAdmin(ctx: Ctx): Actor {
  const actor = requireActor(ctx);
  if (!adminPolicy.organisations.check(actor))
    throw new Forbidden('Only an admin of a dialogue may manage organisations.');
  return actor;
}

/** Organisations of the dialogues the actor administers (and those taking part in none yet). */
export async function listAllOrganisations(ctx: Ctx): Promise<OrganisationView[]> {
  const actor = assertOrganisationAdmin(ctx);
  return (await listOrganisationsOfDialogues(ctx.db, administeredDialogues(actor))).map(toOrganisationView);
}

/**
 * Creates an organisation. A state authority only for a member state of a dialogue the actor administers
 * (403 otherwise). The audit entry names every dialogue the new organisation takes part in, so each one's
 * admins see it.
 */
export async function createOrganisation(ctx: Ctx, input: OrganisationCreateBody): Promise<OrganisationView> {
  const actor = assertOrganisationAdmin(ctx);
  if (input.kind === 'state' && !input.countryIso3)
    throw new Invalid([{ field: 'countryIso3', message: 'is required for a state authority' }]);
  if (input.kind !== 'state' && input.countryIso3)
    throw new Invalid([{ field: 'countryIso3', message: 'is only for state authorities' }]);
  if (input.countryIso3 && !(await countryExists(ctx.db, input.countryIso3)))
    throw new Invalid([{ field: 'countryIso3', message: `${input.countryIso3} is not a known country` }]);
  if (input.countryIso3) {
    const isMember = await isMemberStateOfAny(ctx.db, input.countryIso3, administeredDialogues(actor));
    if (!adminPolicy.createStateOrganisation(actor, { isMemberOfAdministeredDialogue: isMember }))
      throw new Forbidden(
        `countryIso3: ${input.countryIso3} is not a member state of a dialogue you administer; ` +
          'ask an admin of a dialogue it belongs to.',
      );
  }
  return ctx.db.transaction(async (tx) => {
    if (await organisationNameTaken(tx, input.name))
      throw new Conflict(`An organisation named "${input.name}" exists already`, undefined, 'ALREADY_EXISTS');
    const row = await insertOrganisation(tx, {
      kind: input.kind,
      name: input.name,
      acronym: input.acronym ?? null,
      countryIso3: input.countryIso3 ?? null,
    });
    await recordAudit(
      tx,
      actor,
      'organisation.create',
      { type: 'organisation', id: row.id, dialogueIds: await listDialoguesOfOrganisation(tx, row.id) },
      { name: row.name },
    );
    return toOrganisationView(row);
  });
}

/**
 * Renames an organisation of a dialogue the actor administers; another dialogue's organisation is a 404
 * (not revealed). The audit entry names every dialogue it takes part in.
 */
export async function renameOrganisation(
  ctx: Ctx,
  id: number,
  input: OrganisationRenameBody,
): Promise<OrganisationView> {
  const actor = assertOrganisationAdmin(ctx);
  const current = await findOrganisationById(ctx.db, id);
  const dialogueIds = current ? await listDialoguesOfOrganisation(ctx.db, id) : [];
  if (!current || !adminPolicy.manageOrganisation(actor, { dialogueIds }))
    throw new NotFound(`Organisation ${id}`);
  const name = input.name ?? current.name;
  const acronym = input.acronym === undefined ? current.acronym : input.acronym;
  return ctx.db.transaction(async (tx) => {
    if (await organisationNameTaken(tx, name, id))
      throw new Conflict(`An organisation named "${name}" exists already`, undefined, 'ALREADY_EXISTS');
    const row = await updateOrganisation(tx, id, { name, acronym });
    await recordAudit(
      tx,
      actor,
      'organisation.rename',
      { type: 'organisation', id, dialogueIds },
      { from: { name: current.name, acronym: current.acronym }, to: { name, acronym } },
    );
    return toOrganisationView(row);
  });
}
