/**
 * The demo accounts have no published password: seeding draws a random one per account, hands it back once
 * (for the start-up banner) and stores only its hash; a given password (tests, scripted demos) is used for
 * every account instead.
 */
import sql from 'sql-template-tag';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';
import { DEMO_USERS } from '../demo-dialogue';
import { seedDemo } from '../seed-demo';

describe.each(testDatabases())('demo accounts [%s]', (kind) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const login = (email: string, password: string) =>
    t!.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

  it('get a random password each, returned once and stored hashed; the old published one is refused', async () => {
    t = await createTestApp(kind);
    const r = await seedDemo(t.db, { withObservations: false });
    expect(r.accounts.map((a) => a.email)).toEqual(DEMO_USERS.map((u) => u.email));
    const passwords = r.accounts.map((a) => a.password);
    for (const p of passwords) expect(p).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(new Set(passwords).size).toBe(passwords.length);

    const viewer = r.accounts.find((a) => a.role === 'viewer')!;
    expect((await login(viewer.email, viewer.password)).statusCode).toBe(200);
    expect((await login(viewer.email, 'passage-demo')).statusCode).toBe(401);
    // Another account's password does not open this one.
    const analyst = r.accounts.find((a) => a.role === 'analyst')!;
    expect((await login(analyst.email, viewer.password)).statusCode).toBe(401);

    const stored = await t.db.query<{ email: string; password_hash: string }>(
      sql`SELECT email, password_hash FROM users WHERE email = ANY(${r.accounts.map((a) => a.email)})`,
    );
    expect(stored).toHaveLength(DEMO_USERS.length);
    for (const s of stored) {
      expect(s.password_hash).toMatch(/^\$argon2id\$/);
      expect(s.password_hash).not.toContain(r.accounts.find((a) => a.email === s.email)!.password);
    }
    // Seeding again changes nothing and reveals nothing.
    expect(await seedDemo(t.db, { withObservations: false })).toMatchObject({ created: false, accounts: [] });
  });

  it('use a given password for every account; one shorter than the minimum is refused before anything is written', async () => {
    t = await createTestApp(kind);
    await expect(seedDemo(t.db, { withObservations: false, password: 'short' })).rejects.toThrow(
      'PASSAGE_DEMO_PASSWORD must have at least 12 characters',
    );
    const none = await t.db.query(sql`SELECT 1 FROM dialogues WHERE slug = 'demo'`);
    expect(none).toHaveLength(0);

    const r = await seedDemo(t.db, { withObservations: false, password: 'scripted demo 2026' });
    expect(new Set(r.accounts.map((a) => a.password))).toEqual(new Set(['scripted demo 2026']));
    for (const email of ['viewer@demo.passage', 'observer@demo.passage'])
      expect((await login(email, 'scripted demo 2026')).statusCode).toBe(200);
  });
});
