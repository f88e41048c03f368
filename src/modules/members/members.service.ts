/**
 * Member states and observer organisations of a dialogue, with their history: adding one opens a period (joined
 * on a day), removing it closes the period (left on a day); rows are never deleted, figures a state reported are
 * kept, and the roles of a leaving member's users in the dialogue end with it. Each change is one transaction
 * with an audit entry. Country codes are taken in their kept form (Kosovo: XKK is stored as XKX).
 */
import type { Queryable } from '../../db/connect';
import type { MembershipHistories, MembershipPeriod } from '../../domain/members/membership';
import { canonicalCountryCode } from '../../domain/observations/country-codes';
import type { Ctx } from '../../shared/ctx';
import { AppError, type FieldError, Invalid, NotFound } from '../../shared/errors';
import { auditActor, type OperatorCtx, operatorDetails, operatorUserId } from '../../shared/operator';
import { recordAudit } from '../audit/audit.service';
import { requireDialogueAdmin } from '../dialogues/dialogue-admin.service';
import { requireMemberDialogue } from '../dialogues/dialogues.service';
import type {
  AddObserverBody,
  AddStateBody,
  DialogueOrganisation,
  MemberChange,
  MemberOrganisation,
  MemberPeriod,
  MembersView,
  RemoveMemberBody,
} from './members.schema';
import {
  closePeriod,
  countFiguresByReporter,
  findCountries,
  findLastLeft,
  findOpenPeriod,
  findOrganisation,
  insertObserverPeriod,
  insertStatePeriod,
  listDialogueUsers,
  listOrganisationsById,
  listParticipatingOrganisations,
  listPeriods,
  listStateOrganisations,
  listStatePeriods,
  type OrganisationRow,
  type PeriodRow,
  revokeRolesOfMember,
  type UserRoleRow,
} from './members.sql';

const iso = (d: Date) => d.toISOString();

/** Today as YYYY-MM-DD (UTC): membership dates may not lie in the future. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Who was a member state of the dialogue when: every state that ever was one → its periods (runs in the
 * caller's transaction; calendars, reminders and analytics read membership history through it).
 */
export async function loadStateMemberships(db: Queryable, dialogueId: number): Promise<MembershipHistories> {
  const histories = new Map<string, MembershipPeriod[]>();
  for (const r of await listStatePeriods(db, dialogueId)) {
    const list = histories.get(r.country_iso3) ?? [];
    list.push({ joinedOn: r.joined_on, leftOn: r.left_on });
    histories.set(r.country_iso3, list);
  }
  return histories;
}

const toDialogueOrganisation = (o: OrganisationRow): DialogueOrganisation => ({
  id: o.id,
  name: o.name,
  acronym: o.acronym,
  kind: o.kind,
  country: o.country_iso3,
});

/**
 * GET /api/dialogues/:slug/organisations: the organisations taking part in the dialogue now (its secretariat,
 * observers and the authorities of its member states), for the "shared with" choice of restricted records.
 */
export async function listDialogueOrganisations(ctx: Ctx, slug: string): Promise<DialogueOrganisation[]> {
  const d = await requireMemberDialogue(ctx, slug);
  return (await listParticipatingOrganisations(ctx.db, d.id)).map(toDialogueOrganisation);
}

/**
 * Checks the organisations a restricted record is shared with (runs in the caller's transaction): each must
 * exist and take part in the dialogue now. Errors name the field and the position (`body.sharedWithOrgIds[1]`).
 */
export async function checkSharedWith(
  db: Queryable,
  dialogueId: number,
  ids: readonly number[],
  field = 'body.sharedWithOrgIds',
): Promise<FieldError[]> {
  if (!ids.length) return [];
  const known = new Set((await listParticipatingOrganisations(db, dialogueId)).map((o) => o.id));
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    if (seen.has(id)) errors.push({ field: `${field}[${i}]`, message: `organisation ${id} is named twice` });
    else if (!known.has(id))
      errors.push({
        field: `${field}[${i}]`,
        message: `organisation ${id} does not take part in this dialogue (secretariat, observers, member states)`,
      });
    seen.add(id);
  });
  return errors;
}

/**
 * The organisations a record of this classification is shared with, checked: those of a `restricted` record
 * must each take part in the dialogue (none: only the secretariat and the originator see it); any other
 * classification shares with none (naming some is an error, so a caller never believes a list applies).
 */
export async function checkSharing(
  db: Queryable,
  dialogueId: number,
  classification: string,
  ids: readonly number[],
  what: string,
): Promise<{ ids: number[]; errors: FieldError[] }> {
  const field = 'body.sharedWithOrgIds';
  if (classification !== 'restricted')
    return {
      ids: [],
      errors: ids.length
        ? [{ field, message: `only a restricted ${what} is shared with named organisations` }]
        : [],
    };
  return { ids: [...ids], errors: await checkSharedWith(db, dialogueId, ids, field) };
}

function toPeriod(p: PeriodRow): MemberPeriod {
  return {
    id: p.id,
    joinedOn: p.joined_on,
    leftOn: p.left_on,
    addedBy: p.added_by_id === null ? null : { id: p.added_by_id, name: p.added_by_name ?? '' },
    addedAt: iso(p.added_at),
    removedBy: p.removed_by_id === null ? null : { id: p.removed_by_id, name: p.removed_by_name ?? '' },
    removedAt: p.removed_at ? iso(p.removed_at) : null,
    reason: p.removal_reason,
  };
}

function toOrganisation(o: OrganisationRow, users: readonly UserRoleRow[]): MemberOrganisation {
  return {
    id: o.id,
    name: o.name,
    acronym: o.acronym,
    users: users
      .filter((u) => u.organisation_id === o.id)
      .map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        isActive: u.is_active,
        isInvited: u.is_invited,
        roles: u.roles,
      })),
  };
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const i of items) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
  return m;
}

/** Current members first, then former ones; by name within each. */
function byCurrentThenName<T extends { isCurrent: boolean }>(name: (t: T) => string) {
  return (a: T, b: T) => Number(b.isCurrent) - Number(a.isCurrent) || name(a).localeCompare(name(b));
}

async function buildMembersView(
  db: Queryable,
  d: { id: number; slug: string; name: string; secretariatOrgId: number; isArchived: boolean },
): Promise<MembersView> {
  // Sequential: db may be a transaction (one connection).
  const periods = await listPeriods(db, d.id);
  const users = await listDialogueUsers(db, d.id);
  const figures = await countFiguresByReporter(db, d.id);
  const statePeriods = groupBy(
    periods.filter((p) => p.kind === 'state'),
    (p) => p.country_iso3 ?? '',
  );
  const observerPeriods = groupBy(
    periods.filter((p) => p.kind === 'observer'),
    (p) => p.organisation_id ?? 0,
  );
  const countries = new Map((await findCountries(db, [...statePeriods.keys()])).map((c) => [c.iso3, c]));
  const stateOrgs = groupBy(
    await listStateOrganisations(db, [...statePeriods.keys()]),
    (o) => o.country_iso3 ?? '',
  );
  const orgs = new Map(
    (await listOrganisationsById(db, [d.secretariatOrgId, ...observerPeriods.keys()])).map((o) => [o.id, o]),
  );
  const states = [...statePeriods].map(([iso3, ps]) => {
    const c = countries.get(iso3);
    return {
      iso3,
      name: { en: c?.name_en ?? iso3, fr: c?.name_fr ?? iso3, ru: c?.name_ru ?? iso3 },
      isCurrent: ps.some((p) => p.left_on === null),
      periods: ps.map(toPeriod),
      figures: figures.get(iso3) ?? 0,
      organisations: (stateOrgs.get(iso3) ?? []).map((o) => toOrganisation(o, users)),
    };
  });
  const observers = [...observerPeriods].flatMap(([orgId, ps]) => {
    const o = orgs.get(orgId);
    return o
      ? [
          {
            organisation: toOrganisation(o, users),
            isCurrent: ps.some((p) => p.left_on === null),
            periods: ps.map(toPeriod),
          },
        ]
      : [];
  });
  const secretariat = orgs.get(d.secretariatOrgId);
  return {
    dialogueId: d.id,
    slug: d.slug,
    name: d.name,
    isArchived: d.isArchived,
    secretariat: secretariat
      ? toOrganisation(secretariat, users)
      : { id: d.secretariatOrgId, name: '', acronym: null, users: [] },
    states: states.sort(byCurrentThenName((s) => s.name.en)),
    observers: observers.sort(byCurrentThenName((o) => o.organisation.name)),
  };
}

export async function listMembers(c: OperatorCtx, dialogueId: number): Promise<MembersView> {
  const d = await requireDialogueAdmin(c, c.db, dialogueId);
  return buildMembersView(c.db, d);
}

function assertNotFuture(day: string, field: string): void {
  if (day > today())
    throw new Invalid([
      { field, message: `${day} is in the future: record the change on the day it happens` },
    ]);
}

/** A new period must start on or after the day the member last left (periods never overlap). */
async function assertNoOverlap(
  tx: Queryable,
  dialogueId: number,
  member: { country: string } | { organisationId: number },
  joinedOn: string,
  label: string,
): Promise<void> {
  const lastLeft = await findLastLeft(tx, dialogueId, member);
  if (lastLeft && joinedOn < lastLeft)
    throw new Invalid([
      {
        field: 'joinedOn',
        message: `${joinedOn} is before ${label} left the dialogue (${lastLeft}): periods cannot overlap`,
      },
    ]);
}

function alreadyMember(label: string, since: string, field: string): AppError {
  return new AppError(
    'ALREADY_EXISTS',
    409,
    `${label} is a member of this dialogue already (since ${since}).`,
    {
      errors: [{ field, message: `is a member already, since ${since}` }],
    },
  );
}

export async function addMemberState(
  c: OperatorCtx,
  dialogueId: number,
  input: AddStateBody,
): Promise<MemberChange> {
  const country = canonicalCountryCode(input.country.toUpperCase());
  assertNotFuture(input.joinedOn, 'joinedOn');
  return c.db.transaction(async (tx) => {
    const d = await requireDialogueAdmin(c, tx, dialogueId, { forWrite: true });
    const [found] = await findCountries(tx, [country]);
    if (!found?.can_be_member)
      throw new Invalid([
        { field: 'country', message: `"${input.country}" is not a known country (ISO 3166-1 alpha-3)` },
      ]);
    const open = await findOpenPeriod(tx, d.id, { country });
    if (open) throw alreadyMember(found.name_en, open.joined_on, 'country');
    await assertNoOverlap(tx, d.id, { country }, input.joinedOn, found.name_en);
    await insertStatePeriod(tx, {
      dialogueId: d.id,
      country,
      joinedOn: input.joinedOn,
      addedBy: operatorUserId(c.operator),
    });
    await recordAudit(
      tx,
      auditActor(c.operator),
      'member.add',
      { type: 'member_state', id: country, dialogueId: d.id },
      { joinedOn: input.joinedOn, ...operatorDetails(c.operator) },
      { ip: c.ip },
    );
    return { members: await buildMembersView(tx, d), rolesRevoked: 0 };
  });
}

export async function addObserver(
  c: OperatorCtx,
  dialogueId: number,
  input: AddObserverBody,
): Promise<MemberChange> {
  assertNotFuture(input.joinedOn, 'joinedOn');
  return c.db.transaction(async (tx) => {
    const d = await requireDialogueAdmin(c, tx, dialogueId, { forWrite: true });
    const org = await findOrganisation(tx, input.organisationId);
    if (!org)
      throw new Invalid([
        { field: 'organisationId', message: `organisation ${input.organisationId} does not exist` },
      ]);
    if (org.kind === 'state')
      throw new Invalid([
        {
          field: 'organisationId',
          message: `${org.name} is a state authority: add its state as a member state instead`,
        },
      ]);
    if (org.id === d.secretariatOrgId)
      throw new Invalid([
        { field: 'organisationId', message: `${org.name} runs this dialogue (its secretariat)` },
      ]);
    const member = { organisationId: org.id };
    const open = await findOpenPeriod(tx, d.id, member);
    if (open) throw alreadyMember(org.name, open.joined_on, 'organisationId');
    await assertNoOverlap(tx, d.id, member, input.joinedOn, org.name);
    await insertObserverPeriod(tx, {
      dialogueId: d.id,
      organisationId: org.id,
      joinedOn: input.joinedOn,
      addedBy: operatorUserId(c.operator),
    });
    await recordAudit(
      tx,
      auditActor(c.operator),
      'member.add',
      { type: 'observer', id: org.id, dialogueId: d.id },
      { joinedOn: input.joinedOn, name: org.name, ...operatorDetails(c.operator) },
      { ip: c.ip },
    );
    return { members: await buildMembersView(tx, d), rolesRevoked: 0 };
  });
}

/**
 * Ends a membership on `leftOn`: the period is closed (kept), the member leaves the current list, the roles
 * of its users in the dialogue are revoked; its figures stay, and the history shows it was a member then.
 */
async function removeMember(
  c: OperatorCtx,
  dialogueId: number,
  member: { country: string } | { organisationId: number },
  input: RemoveMemberBody,
): Promise<MemberChange> {
  assertNotFuture(input.leftOn, 'leftOn');
  return c.db.transaction(async (tx) => {
    const d = await requireDialogueAdmin(c, tx, dialogueId, { forWrite: true });
    const label = 'country' in member ? member.country : `organisation ${member.organisationId}`;
    const open = await findOpenPeriod(tx, d.id, member);
    if (!open) throw new NotFound(`A current membership of ${label}`);
    if (input.leftOn < open.joined_on)
      throw new Invalid([
        {
          field: 'leftOn',
          message: `${input.leftOn} is before ${label} joined the dialogue (${open.joined_on})`,
        },
      ]);
    await closePeriod(tx, {
      periodId: open.id,
      dialogueId: d.id,
      member,
      leftOn: input.leftOn,
      removedBy: operatorUserId(c.operator),
      reason: input.reason ?? null,
    });
    const revoked = await revokeRolesOfMember(tx, d.id, member);
    for (const r of revoked)
      await recordAudit(
        tx,
        auditActor(c.operator),
        'membership.revoke',
        { type: 'user', id: r.user_id, dialogueId: d.id },
        { role: r.role, because: 'member.remove' },
      );
    await recordAudit(
      tx,
      auditActor(c.operator),
      'member.remove',
      {
        type: 'country' in member ? 'member_state' : 'observer',
        id: 'country' in member ? member.country : member.organisationId,
        dialogueId: d.id,
      },
      {
        leftOn: input.leftOn,
        reason: input.reason ?? null,
        rolesRevoked: revoked.length,
        ...operatorDetails(c.operator),
      },
      { ip: c.ip },
    );
    return { members: await buildMembersView(tx, d), rolesRevoked: revoked.length };
  });
}

export function removeMemberState(
  c: OperatorCtx,
  dialogueId: number,
  country: string,
  input: RemoveMemberBody,
) {
  return removeMember(c, dialogueId, { country: canonicalCountryCode(country.toUpperCase()) }, input);
}

export function removeObserver(
  c: OperatorCtx,
  dialogueId: number,
  organisationId: number,
  input: RemoveMemberBody,
) {
  return removeMember(c, dialogueId, { organisationId }, input);
}
