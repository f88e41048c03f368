/**
 * User administration from the terminal (`passage user list|disable|role`): the installation's operator, who
 * can open the database, acts without logging in (`cli`, src/shared/operator.ts). Every change is one
 * transaction with an audit entry marked `via: 'cli'`. Roles in a dialogue are granted and revoked here as in
 * the admin API; turning a user into an installation administrator is setup.service's.
 */
import type { Db } from '../../../db/connect';
import { NotFound } from '../../../shared/errors';
import type { Role } from '../../../shared/roles';
import { recordAudit } from '../../audit/audit.service';
import {
  findOrganisationIdOfUser,
  findUserIdByEmail,
  grantRole,
  listUsersWithRoles,
  type OperatorUserRow,
  revokeRole,
  setActive,
} from './users.operator.sql';

export interface UserListItem {
  id: number;
  email: string;
  name: string;
  organisation: string;
  isActive: boolean;
  isPlatformAdmin: boolean;
  hasTwoFactor: boolean;
  hasPassword: boolean;
  roles: { dialogue: string; role: Role }[];
}

function toItem(r: OperatorUserRow): UserListItem {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    organisation: r.organisation_name,
    isActive: r.is_active,
    isPlatformAdmin: r.is_platform_admin,
    hasTwoFactor: r.has_two_factor,
    hasPassword: r.has_password,
    roles: r.roles,
  };
}

export async function listUsersForOperator(db: Db, dialogueId: number | null): Promise<UserListItem[]> {
  return (await listUsersWithRoles(db, dialogueId)).map(toItem);
}

export async function requireUserIdByEmail(db: Db, email: string): Promise<number> {
  const id = await findUserIdByEmail(db, email);
  if (id === undefined) throw new NotFound(`User "${email}"`);
  return id;
}

/** The organisation a user belongs to. */
export async function organisationOfUser(db: Db, userId: number): Promise<number> {
  const orgId = await findOrganisationIdOfUser(db, userId);
  if (orgId === undefined) throw new NotFound(`User ${userId}`);
  return orgId;
}

/** Deactivates (sessions end, API tokens are revoked) or reactivates an account. */
export async function setUserActiveByOperator(db: Db, email: string, isActive: boolean): Promise<number> {
  const userId = await requireUserIdByEmail(db, email);
  await db.transaction(async (tx) => {
    await setActive(tx, userId, isActive);
    await recordAudit(
      tx,
      null,
      isActive ? 'user.reactivate' : 'user.deactivate',
      { type: 'user', id: userId },
      { via: 'cli' },
    );
  });
  return userId;
}

/** Grants or revokes a role in a dialogue; false when nothing changed (had it already / did not have it). */
export async function changeRoleByOperator(
  db: Db,
  c: { email: string; dialogueId: number; role: Role; grant: boolean },
): Promise<boolean> {
  const userId = await requireUserIdByEmail(db, c.email);
  return db.transaction(async (tx) => {
    const changed = c.grant
      ? await grantRole(tx, userId, c.dialogueId, c.role)
      : await revokeRole(tx, userId, c.dialogueId, c.role);
    if (changed)
      await recordAudit(
        tx,
        null,
        c.grant ? 'membership.grant' : 'membership.revoke',
        { type: 'user', id: userId, dialogueId: c.dialogueId },
        { role: c.role, via: 'cli' },
      );
    return changed;
  });
}
