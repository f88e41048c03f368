/**
 * search_terms (migration 0050) is what a search matches on: kept equal to search_items by a trigger, and
 * readable by its GIN index for a member. Under search_items' row-level security PostgreSQL could not use the
 * index for the non-leakproof @@, and every search read the whole table; the plan check here fails if the
 * match is ever moved back under a policy.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation } from '../../../../test/factories';
import { withActor } from '../../../db/with-actor';
import type { Actor } from '../../../shared/actor';
import { type SearchSpec, searchPage, upsertSearchItem } from '../search.sql';

describe.each(testDatabases())('search_terms [%s]', (kind) => {
  let t: TestDb;
  let dialogueId: number;
  let originator: number;
  let member: Actor;

  const item = (recordId: string, classification: 'dialogue' | 'originator', title: string) => ({
    itemType: 'document',
    recordId,
    dialogueId,
    classification,
    originatorOrgId: originator,
    sharedWithOrgIds: [],
    country: 'GRC',
    date: '2026-03-01',
    language: 'en',
    title,
    body: 'Liaison officers met at the border crossing.',
    link: `/d/x/documents/${recordId}`,
  });
  const spec = (q: string): SearchSpec => ({
    q,
    prefix: null,
    mode: 'fulltext',
    filter: {},
    limit: 20,
    offset: 0,
  });

  beforeAll(async () => {
    t = await createTestDb(kind);
    const d = await makeDialogue(t.db);
    dialogueId = d.id;
    originator = (await makeOrganisation(t.db, { country: 'GRC' })).id;
    const other = await makeOrganisation(t.db, { country: 'ITA' });
    member = {
      userId: 1,
      orgId: other.id,
      orgKind: 'state',
      countryIso3: 'ITA',
      email: 'm@example.org',
      name: 'Member',
      roles: { [dialogueId]: ['viewer'] },
    };
  });
  afterAll(() => t?.drop());

  it('follows search_items: insert, a change of words and classification, and delete', async () => {
    await upsertSearchItem(t.db, item('1', 'dialogue', 'Readmission agreement signed'));
    const terms = () =>
      t.db.query<{ classification: string; words: string }>(
        sql`SELECT st.classification, array_to_string(tsvector_to_array(st.tsv), ' ') AS words
          FROM search_terms st JOIN search_items si ON si.id = st.id WHERE si.record_id = '1'`,
      );
    expect((await terms())[0]?.words).toContain('readmiss');
    expect(
      (await withActor(t.db, member, (tx) => searchPage(tx, member, spec('readmission')))).hits,
    ).toHaveLength(1);

    await upsertSearchItem(t.db, item('1', 'originator', 'Visa facilitation talks'));
    const [changed] = await terms();
    expect(changed?.classification).toBe('originator');
    expect(changed?.words).not.toContain('readmiss');
    // The member is not the originator: the item is gone from results, total and facets alike.
    const hidden = await withActor(t.db, member, (tx) => searchPage(tx, member, spec('visa')));
    expect(hidden).toEqual({ facets: [], hits: [] });

    await t.db.query(sql`DELETE FROM search_items WHERE record_id = '1'`);
    expect(await terms()).toHaveLength(0);
    const [left] = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM search_terms`);
    expect(left?.n).toBe(0);
  });

  it("a member's match can use the GIN index", async () => {
    await upsertSearchItem(t.db, item('2', 'dialogue', 'Border cooperation report'));
    const plan = await withActor(t.db, member, async (tx) => {
      // A tiny table is scanned whatever the indexes; without sequential scans the planner shows whether the
      // index is usable at all under the caller's role.
      await tx.query(sql`SELECT set_config('enable_seqscan', 'off', true)`);
      const rows = await tx.query<{ 'QUERY PLAN': string }>(
        sql`EXPLAIN SELECT id FROM search_terms WHERE tsv @@ (SELECT websearch_to_tsquery('english', 'border'))`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('search_terms_tsv_idx');
  });
});
