/**
 * Factories for test records. Each call creates fresh rows with unique names, so tests share no state.
 * They write through SQL directly (setting up the world is not what the tests test).
 */
import { randomBytes } from 'node:crypto';
import { generateSecret } from 'otplib';
import sql from 'sql-template-tag';
import type { Queryable } from '../src/db/connect';
import { hashPassword } from '../src/modules/identity/auth/passwords';
import type { Classification } from '../src/shared/classification';
import { readIdentityConfig } from '../src/shared/identity-config';
import type { Role } from '../src/shared/roles';
import { totpSecrets } from './totp';

const uid = () => randomBytes(4).toString('hex');
export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export async function makeOrganisation(
  db: Queryable,
  o: { kind?: 'state' | 'secretariat' | 'international'; country?: string; name?: string } = {},
): Promise<{ id: number; name: string }> {
  const kind = o.kind ?? (o.country ? 'state' : 'international');
  const name = o.name ?? `Org ${uid()}`;
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO organisations (kind, name, country_iso3)
    VALUES (${kind}::organisation_kind, ${name}, ${kind === 'state' ? (o.country ?? 'ITA') : null}) RETURNING id`);
  return { id: row!.id, name };
}

export async function makeDialogue(
  db: Queryable,
  d: {
    classification?: Classification;
    states?: string[];
    slug?: string;
    /** The day the states joined (default 2000-01-01: members for every month a test writes). */
    joinedOn?: string;
  } = {},
): Promise<{ id: number; slug: string; secretariatOrgId: number }> {
  const sec = await makeOrganisation(db, { kind: 'secretariat' });
  const slug = d.slug ?? `d-${uid()}`;
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO dialogues (slug, name, secretariat_org_id, classification)
    VALUES (${slug}, ${`Dialogue ${slug}`}, ${sec.id}, ${d.classification ?? 'public'}::classification) RETURNING id`);
  const id = row!.id;
  for (const c of d.states ?? ['ITA', 'GRC']) {
    await db.query(sql`INSERT INTO dialogue_states (dialogue_id, country_iso3, joined_on)
      VALUES (${id}, ${c}, ${d.joinedOn ?? '2000-01-01'}::date)`);
  }
  return { id, slug, secretariatOrgId: sec.id };
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
  orgId: number;
  /** Set when the user is enrolled in two-factor authentication. */
  totpSecret?: string;
}

export async function makeUser(
  db: Queryable,
  u: {
    orgId?: number;
    country?: string;
    roles?: { dialogueId: number; role: Role }[];
    isActive?: boolean;
    /**
     * Enrol in two-factor authentication. Default: when a role requires it (PASSAGE_REQUIRE_2FA_ROLES,
     * default admin and data_manager), as the server insists; loginCookie() then answers the code step.
     */
    totp?: boolean;
    /** An installation administrator (creates dialogues); enrolled in two-factor authentication like an admin. */
    isPlatformAdmin?: boolean;
  } = {},
): Promise<TestUser> {
  const orgId = u.orgId ?? (await makeOrganisation(db, { country: u.country ?? 'ITA' })).id;
  const email = `user-${uid()}@test.passage`;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO users (organisation_id, email, name, password_hash, is_active)
    VALUES (${orgId}, ${email}, ${`User ${email}`}, ${await passwordHash}, ${u.isActive ?? true}) RETURNING id`);
  for (const r of u.roles ?? []) {
    await db.query(
      sql`INSERT INTO memberships (user_id, dialogue_id, role) VALUES (${row!.id}, ${r.dialogueId}, ${r.role}::dialogue_role)`,
    );
  }
  if (u.isPlatformAdmin) await db.query(sql`UPDATE users SET is_platform_admin = true WHERE id = ${row!.id}`);
  const required = readIdentityConfig().require2faRoles;
  const needsTotp =
    (u.roles ?? []).some((r) => required.includes(r.role)) ||
    (!!u.isPlatformAdmin && required.includes('admin'));
  const totpSecret = (u.totp ?? needsTotp) ? generateSecret() : undefined;
  if (totpSecret) {
    await db.query(
      sql`UPDATE users SET totp_secret = ${totpSecret}, totp_enrolled_at = now() WHERE id = ${row!.id}`,
    );
    totpSecrets.set(email.toLowerCase(), totpSecret);
  }
  return { id: row!.id, email, password: TEST_PASSWORD, orgId, ...(totpSecret ? { totpSecret } : {}) };
}

export async function makeRoute(
  db: Queryable,
  r: {
    dialogueId: number;
    originatorOrgId: number;
    classification?: Classification;
    sharedWith?: number[];
    code?: string;
  },
): Promise<{ id: number; code: string }> {
  const code = r.code ?? `R${uid()}`;
  const geometry = JSON.stringify({
    type: 'LineString',
    coordinates: [
      [20, 40],
      [15, 45],
    ],
  });
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO routes (dialogue_id, code, name, countries, geometry, valid_from,
      classification, shared_with_org_ids, originator_org_id)
    VALUES (${r.dialogueId}, ${code}, ${`Route ${code}`}, ${['GRC', 'ITA']}, ${geometry}::jsonb, '2020-01-01',
      ${r.classification ?? 'dialogue'}::classification, ${r.sharedWith ?? []}::int[], ${r.originatorOrgId}) RETURNING id`);
  return { id: row!.id, code };
}
