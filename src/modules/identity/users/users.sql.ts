import sql from 'sql-template-tag';
import type { Queryable } from '../../../db/connect';
import type { Role } from '../../../shared/roles';

export async function findOrganisation(
  db: Queryable,
  key: string,
): Promise<{ id: number; name: string } | undefined> {
  const asId = /^\d+$/.test(key) ? Number(key) : -1;
  const rows = await db.query<{ id: number; name: string }>(sql`SELECT id, name FROM organisations
    WHERE id = ${asId} OR lower(acronym) = lower(${key}) OR lower(name) = lower(${key}) ORDER BY id LIMIT 1`);
  return rows[0];
}

export async function insertUser(
  db: Queryable,
  u: { organisationId: number; email: string; name: string; passwordHash: string | null },
): Promise<{ id: number; email: string }> {
  const rows = await db.query<{
    id: number;
    email: string;
  }>(sql`INSERT INTO users (organisation_id, email, name, password_hash)
    VALUES (${u.organisationId}, ${u.email}, ${u.name}, ${u.passwordHash}) RETURNING id, email`);
  return rows[0]!;
}

export async function emailTaken(db: Queryable, email: string): Promise<boolean> {
  return (await db.query(sql`SELECT 1 FROM users WHERE lower(email) = lower(${email})`)).length > 0;
}

export async function findDialogueIdBySlug(db: Queryable, slug: string): Promise<number | undefined> {
  return (await db.query<{ id: number }>(sql`SELECT id FROM dialogues WHERE slug = ${slug}`))[0]?.id;
}

export async function insertMembership(
  db: Queryable,
  m: { userId: number; dialogueId: number; role: Role; grantedBy: number | null },
) {
  await db.query(sql`INSERT INTO memberships (user_id, dialogue_id, role, granted_by)
    VALUES (${m.userId}, ${m.dialogueId}, ${m.role}::dialogue_role, ${m.grantedBy}) ON CONFLICT DO NOTHING`);
}

export async function updateUserLocale(db: Queryable, userId: number, locale: string): Promise<void> {
  await db.query(sql`UPDATE users SET locale = ${locale} WHERE id = ${userId}`);
}
