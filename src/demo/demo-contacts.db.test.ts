/** The demo's contact directory: a national contact point for every demo state, invented people at example.org. */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/databases';
import { DEMO_MEMBER_STATES } from './demo-dialogue';
import { seedDemo } from './seed-demo';

describe('demo contacts [pglite]', () => {
  let t: TestDb;
  let dialogueId: number;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    dialogueId = (await seedDemo(t.db, { withObservations: false })).dialogueId;
  });
  afterAll(() => t?.drop());

  it('has a national contact point for every state, liaison officers, and only example.org addresses', async () => {
    const rows = await t.db.query<{ topic: string; country: string | null; email: string }>(
      sql`SELECT topic, trim(country_iso3) AS country, email FROM contacts WHERE dialogue_id = ${dialogueId}`,
    );
    const ncp = rows
      .filter((r) => r.topic === 'national_contact_point')
      .map((r) => r.country)
      .sort();
    expect(ncp).toEqual([...DEMO_MEMBER_STATES].sort());
    expect(rows.filter((r) => r.topic === 'liaison_officer').length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.email.endsWith('@example.org'))).toBe(true);
    const revisions = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM contact_revisions WHERE dialogue_id = ${dialogueId}`,
    );
    expect(revisions[0]!.n).toBe(rows.length);
  });
});
