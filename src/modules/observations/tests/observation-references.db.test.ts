/**
 * Migration 0009 checks the references of observations once per statement instead of by foreign keys: a
 * reference to a missing row is refused, and a referenced row cannot be deleted.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDatabases } from '../../../../test/databases';
import { makeIndicators } from '../../../../test/exchange-world';
import { makeDialogue, makeUser } from '../../../../test/factories';

describe.each(testDatabases())('observation references [%s]', (kind) => {
  let t: TestDb;
  let dialogueId: number;
  let indicatorId: number;
  let userId: number;
  beforeAll(async () => {
    t = await createTestDb(kind);
    const d = await makeDialogue(t.db, { classification: 'dialogue', states: ['ITA'] });
    dialogueId = d.id;
    await makeIndicators(t.db, d.id, d.secretariatOrgId);
    indicatorId = (
      await t.db.query<{ id: number }>(
        sql`SELECT id FROM indicators WHERE dialogue_id = ${d.id} AND code = 'IBC'`,
      )
    )[0]!.id;
    userId = (await makeUser(t.db, { orgId: d.secretariatOrgId })).id;
  });
  afterAll(() => t?.drop());

  let year = 2000;
  const insert = (o: { dialogue?: number; indicator?: number; reporter?: string; user?: number | null }) =>
    t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, value, recorded_by)
      SELECT ${o.dialogue ?? dialogueId}, ${o.indicator ?? indicatorId}, ${o.reporter ?? 'ITA'}, (${String(++year)} || '-' || lpad(g::text, 2, '0') || '-01')::date, g, ${o.user ?? null}::int
      FROM generate_series(1, 3) g`);

  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { code?: string }) => e.code,
    );

  it('accepts rows whose references exist, checked once for the statement', async () => {
    await insert({ user: userId });
    const [n] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM observations WHERE dialogue_id = ${dialogueId}`,
    );
    expect(n!.n).toBe(3);
  });

  it('refuses a missing dialogue, indicator, reporter or user (foreign_key_violation), writing nothing', async () => {
    expect(await code(insert({ dialogue: 999_999 }))).toBe('23503');
    expect(await code(insert({ indicator: 999_999 }))).toBe('23503');
    expect(await code(insert({ reporter: 'QQQ' }))).toBe('23503');
    expect(await code(insert({ user: 999_999 }))).toBe('23503');
    expect(
      await code(
        t.db.query(sql`UPDATE observations SET indicator_id = 999999 WHERE dialogue_id = ${dialogueId}`),
      ),
    ).toBe('23503');
    const [n] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM observations WHERE dialogue_id = ${dialogueId}`,
    );
    expect(n!.n).toBe(3);
  });

  it('refuses to delete a referenced indicator, user or country, and allows an unreferenced one', async () => {
    expect(await code(t.db.query(sql`DELETE FROM indicators WHERE id = ${indicatorId}`))).toBe('23503');
    expect(await code(t.db.query(sql`DELETE FROM users WHERE id = ${userId}`))).toBe('23503');
    expect(await code(t.db.query(sql`DELETE FROM countries WHERE iso3 = 'ITA'`))).toBe('23503');
    expect(
      await code(
        t.db.query(sql`DELETE FROM indicators WHERE dialogue_id = ${dialogueId} AND code = 'RET_EFF'`),
      ),
    ).toBe('ok');
  });
});
