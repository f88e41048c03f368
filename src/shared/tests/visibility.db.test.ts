/**
 * canSee and visibleTo are twins (src/shared/visibility.ts): the JS rule for one record and the SQL condition
 * for lists. This test puts every combination of classification, dialogue, originator and sharing in a table
 * and asks, for a set of actors covering every role, organisation and country case, whether the SQL selects
 * exactly the records the JS allows. Same for the reporting-state variant (figures, canSeeFigure) and the
 * dialogue twins.
 */
import sql, { join } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDatabases } from '../../../test/databases';
import type { Actor, MaybeActor } from '../actor';
import { CLASSIFICATIONS } from '../classification';
import { ROLES } from '../roles';
import {
  canSee,
  canSeeDialogue,
  canSeeFigure,
  dialogueVisibleTo,
  sharedClassesVisibleTo,
  visibleTo,
} from '../visibility';

const D1 = 1;
const D2 = 2;
const ORIGINATOR = 10;
const SHARED = 11;
const OTHER = 12;

interface Row {
  id: number;
  dialogueId: number;
  classification: (typeof CLASSIFICATIONS)[number];
  originatorOrgId: number;
  sharedWithOrgIds: number[];
  reporterIso3: string;
}

/** Every combination: 4 classifications × 2 dialogues × 2 originators × 2 sharings × 2 reporters. */
const ROWS: Row[] = CLASSIFICATIONS.flatMap((classification) =>
  [D1, D2].flatMap((dialogueId) =>
    [ORIGINATOR, OTHER].flatMap((originatorOrgId) =>
      [[], [SHARED]].flatMap((sharedWithOrgIds) =>
        ['GRC', 'ITA'].map((reporterIso3) => ({
          classification,
          dialogueId,
          originatorOrgId,
          sharedWithOrgIds,
          reporterIso3,
        })),
      ),
    ),
  ),
).map((r, i) => ({ ...r, id: i + 1 }));

function actor(orgId: number, countryIso3: string | null, roles: Actor['roles']): Actor {
  return { userId: 1, orgId, orgKind: 'state', countryIso3, email: 'a@b.c', name: 'a', roles };
}

/** Anonymous; each role in D1 for the originator, a sharer and an outsider organisation, with and without a country; members of D2 or of both. */
const ACTORS: MaybeActor[] = [
  null,
  actor(OTHER, 'GRC', {}),
  ...ROLES.flatMap((role) =>
    [ORIGINATOR, SHARED, OTHER].flatMap((orgId) =>
      ['GRC', null].map((country) => actor(orgId, country, { [D1]: [role] })),
    ),
  ),
  actor(SHARED, 'ITA', { [D2]: ['viewer'] }),
  actor(ORIGINATOR, 'GRC', { [D1]: ['viewer'], [D2]: ['data_manager'] }),
];

const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);

describe.each(testDatabases())('visibility twins [%s]', (kind) => {
  let t: TestDb;

  beforeAll(async () => {
    t = await createTestDb(kind);
    await t.db.query(sql`CREATE TABLE visibility_probe (id int PRIMARY KEY, dialogue_id int NOT NULL,
      classification classification NOT NULL, originator_org_id int NOT NULL, shared_with_org_ids int[] NOT NULL,
      reporter_iso3 char(3) NOT NULL)`);
    await t.db.query(
      sql`INSERT INTO visibility_probe VALUES ${join(
        ROWS.map(
          (r) =>
            sql`(${r.id}, ${r.dialogueId}, ${r.classification}::classification, ${r.originatorOrgId}, ${r.sharedWithOrgIds}::int[], ${r.reporterIso3})`,
        ),
      )}`,
    );
    await t.db.query(
      sql`CREATE TABLE dialogue_probe (id int PRIMARY KEY, classification classification NOT NULL)`,
    );
    await t.db.query(sql`INSERT INTO dialogue_probe VALUES (1, 'public'), (2, 'dialogue'), (3, 'dialogue')`);
  });
  afterAll(() => t?.drop());

  it('visibleTo selects exactly the records canSee allows, for every actor', async () => {
    let compared = 0;
    for (const a of ACTORS) {
      const got = ids(
        await t.db.query<{ id: number }>(sql`SELECT id FROM visibility_probe v WHERE ${visibleTo(a, 'v')}`),
      );
      expect(got, JSON.stringify(a)).toEqual(ids(ROWS.filter((r) => canSee(a, r))));
      compared += ROWS.length;
    }
    // Not a vacuous comparison: some actors see some records and not others.
    expect(new Set(ACTORS.map((a) => ROWS.filter((r) => canSee(a, r)).length)).size).toBeGreaterThan(4);
    expect(compared).toBe(ACTORS.length * ROWS.length);
  });

  it('the reporting-state variant (figures) agrees with canSee on reported records', async () => {
    for (const a of ACTORS) {
      const got = ids(
        await t.db.query<{ id: number }>(
          sql`SELECT id FROM visibility_probe v WHERE ${visibleTo(a, 'v', { originator: 'reporting-state' })}`,
        ),
      );
      const expected = ids(
        ROWS.filter((r) =>
          canSeeFigure(a, {
            dialogueId: r.dialogueId,
            classification: r.classification,
            reporterIso3: r.reporterIso3,
          }),
        ),
      );
      expect(got, JSON.stringify(a)).toEqual(expected);
    }
  });

  it('dialogueVisibleTo selects the dialogues canSeeDialogue allows; shared classes follow canSee', async () => {
    const dialogues = [
      { id: 1, classification: 'public' as const },
      { id: 2, classification: 'dialogue' as const },
      { id: 3, classification: 'dialogue' as const },
    ];
    for (const a of ACTORS) {
      const got = ids(
        await t.db.query<{ id: number }>(
          sql`SELECT id FROM dialogue_probe d WHERE ${dialogueVisibleTo(a, 'd')}`,
        ),
      );
      expect(got, JSON.stringify(a)).toEqual(ids(dialogues.filter((d) => canSeeDialogue(a, d))));
    }
    expect(sharedClassesVisibleTo(null, D1)).toEqual(['public']);
    expect(sharedClassesVisibleTo(actor(OTHER, null, { [D1]: ['viewer'] }), D1)).toEqual([
      'public',
      'dialogue',
    ]);
    expect(sharedClassesVisibleTo(actor(OTHER, null, { [D1]: ['admin'] }), D2)).toEqual(['public']);
  });
});
