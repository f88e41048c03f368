import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDatabases } from '../../../test/databases';
import { makeDialogue, makeOrganisation, makeRoute } from '../../../test/factories';
import type { Actor } from '../../shared/actor';
import { CLASSIFICATIONS } from '../../shared/classification';
import type { Role } from '../../shared/roles';
import { canSee } from '../../shared/visibility';
import { withActor } from '../with-actor';

function actor(orgId: number, country: string | null, roles: Record<number, Role[]>, userId = orgId): Actor {
  return { userId, orgId, orgKind: 'state', countryIso3: country, email: `${userId}@x`, name: 'x', roles };
}

describe.each(testDatabases())('row-level security [%s]', (kind) => {
  let t: TestDb;
  let dialogue: Awaited<ReturnType<typeof makeDialogue>>;
  let other: Awaited<ReturnType<typeof makeDialogue>>;
  let greece: { id: number };
  let italy: { id: number };
  let shared: { id: number };
  let indicatorId: number;
  const routes: {
    code: string;
    classification: (typeof CLASSIFICATIONS)[number];
    originatorOrgId: number;
  }[] = [];
  const actors: Record<string, Actor | null> = {};

  beforeAll(async () => {
    t = await createTestDb(kind);
    dialogue = await makeDialogue(t.db, { states: ['GRC', 'ITA'] });
    other = await makeDialogue(t.db, { states: ['TUR'] });
    greece = await makeOrganisation(t.db, { country: 'GRC' });
    italy = await makeOrganisation(t.db, { country: 'ITA' });
    shared = await makeOrganisation(t.db, { kind: 'international' });
    for (const classification of CLASSIFICATIONS) {
      for (const [who, originatorOrgId] of [
        ['grc', greece.id],
        ['sec', dialogue.secretariatOrgId],
      ] as const) {
        const code = `${classification}-${who}`;
        await makeRoute(t.db, {
          dialogueId: dialogue.id,
          originatorOrgId,
          classification,
          code,
          sharedWith: [shared.id],
        });
        routes.push({ code, classification, originatorOrgId });
      }
    }
    const [ind] = await t.db.query<{
      id: number;
    }>(sql`INSERT INTO indicators (dialogue_id, code, name, originator_org_id)
      VALUES (${dialogue.id}, 'IBC', '{"en":"IBC"}'::jsonb, ${dialogue.secretariatOrgId}) RETURNING id`);
    indicatorId = ind!.id;
    let month = 0;
    for (const [reporter, status, classification] of [
      ['GRC', 'published', 'public'],
      ['GRC', 'published', 'dialogue'],
      ['GRC', 'draft', 'dialogue'],
      ['ITA', 'published', 'dialogue'],
      ['ITA', 'submitted', 'dialogue'],
      ['ITA', 'published', 'originator'],
    ] as const) {
      await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, value, status,
          classification, comment)
        VALUES (${dialogue.id}, ${indicatorId}, ${reporter}, ${`2024-0${++month}-01`}::date, 1, ${status},
          ${classification}::classification, ${`${reporter}-${status}-${classification}`})`);
    }
    actors.anonymous = null;
    actors.nonMember = actor(italy.id, 'ITA', { [other.id]: ['analyst'] });
    actors.greekProvider = actor(greece.id, 'GRC', { [dialogue.id]: ['data_provider'] });
    actors.italianViewer = actor(italy.id, 'ITA', { [dialogue.id]: ['viewer'] });
    actors.secretariat = actor(dialogue.secretariatOrgId, null, { [dialogue.id]: ['data_manager'] });
    actors.sharedObserver = actor(shared.id, null, { [dialogue.id]: ['observer'] });
  });
  afterAll(() => t?.drop());

  // The raw statement has no visibility filter: only row-level security decides.
  const visibleRoutes = (a: Actor | null) =>
    withActor(t.db, a, async (tx) =>
      (await tx.query<{ code: string }>(sql`SELECT code FROM routes ORDER BY code`)).map((r) => r.code),
    );

  it('hides routes from a non-member and shows anonymous callers public rows only, without any WHERE filter', async () => {
    expect(await visibleRoutes(actors.nonMember!)).toEqual(['public-grc', 'public-sec']);
    expect(await visibleRoutes(null)).toEqual(['public-grc', 'public-sec']);
    // The owner (migrations, seeding) is not restricted.
    expect((await t.db.query(sql`SELECT code FROM routes`)).length).toBe(8);
  });

  it('agrees with canSee() for every actor and every classification', async () => {
    for (const [name, a] of Object.entries(actors)) {
      const expected = routes
        .filter((r) => canSee(a, { ...r, dialogueId: dialogue.id, sharedWithOrgIds: [shared.id] }))
        .map((r) => r.code)
        .sort();
      expect({ name, codes: await visibleRoutes(a) }).toEqual({ name, codes: expected });
    }
  });

  it('shows unpublished observations only to the reporting state and the secretariat', async () => {
    const seen = (a: Actor | null) =>
      withActor(t.db, a, async (tx) =>
        (await tx.query<{ comment: string }>(sql`SELECT comment FROM observations ORDER BY comment`)).map(
          (r) => r.comment,
        ),
      );
    expect(await seen(null)).toEqual(['GRC-published-public']);
    expect(await seen(actors.nonMember!)).toEqual(['GRC-published-public']);
    expect(await seen(actors.greekProvider!)).toEqual([
      'GRC-draft-dialogue',
      'GRC-published-dialogue',
      'GRC-published-public',
      'ITA-published-dialogue',
    ]);
    expect(await seen(actors.italianViewer!)).toEqual([
      'GRC-published-dialogue',
      'GRC-published-public',
      'ITA-published-dialogue',
      'ITA-published-originator',
      'ITA-submitted-dialogue',
    ]);
    expect((await seen(actors.secretariat!)).length).toBe(6);
  });

  it('lets a data provider write observations for their own country only', async () => {
    const insert = (a: Actor, reporter: string) =>
      withActor(t.db, a, (tx) =>
        tx.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, value, status)
          VALUES (${dialogue.id}, ${indicatorId}, ${reporter}, '2023-05-01', 7, 'draft')`),
      );
    await expect(insert(actors.greekProvider!, 'ITA')).rejects.toThrow(/row-level security/);
    await expect(insert(actors.italianViewer!, 'ITA')).rejects.toThrow(/row-level security/);
    await insert(actors.greekProvider!, 'GRC');
    const rows = await t.db.query<{ reporter_iso3: string }>(
      sql`SELECT reporter_iso3 FROM observations WHERE period = '2023-05-01'`,
    );
    expect(rows.map((r) => r.reporter_iso3)).toEqual(['GRC']);
  });

  it('refuses route writes from non-secretariat members, and deleting observations at all', async () => {
    await expect(
      withActor(t.db, actors.greekProvider!, (tx) =>
        tx.query(sql`UPDATE routes SET name = 'x' WHERE dialogue_id = ${dialogue.id} RETURNING id`),
      ),
    ).resolves.toEqual([]);
    const deleted = await withActor(t.db, actors.secretariat!, (tx) =>
      tx.query(sql`DELETE FROM observations RETURNING id`),
    );
    expect(deleted).toEqual([]);
    const renamed = await withActor(t.db, actors.secretariat!, (tx) =>
      tx.query(sql`UPDATE routes SET description = 'checked' WHERE code = 'public-grc' RETURNING id`),
    );
    expect(renamed.length).toBe(1);
  });

  it('leaves nothing behind: after the transaction the connection is the owner again with no settings', async () => {
    await visibleRoutes(actors.secretariat!);
    const [row] = await t.db.query<{ who: string; org: string | null }>(
      sql`SELECT current_user AS who, current_setting('passage.org_id', true) AS org`,
    );
    expect(row!.who).not.toBe('passage_app');
    expect(row!.org ?? '').toBe('');
  });

  it('runs as a role that cannot bypass row-level security', async () => {
    const [role] = await withActor(t.db, null, (tx) =>
      tx.query<{ who: string; bypass: boolean; superuser: boolean }>(
        sql`SELECT current_user AS who, r.rolbypassrls AS bypass, r.rolsuper AS superuser
            FROM pg_roles r WHERE r.rolname = current_user`,
      ),
    );
    expect(role).toEqual({ who: 'passage_app', bypass: false, superuser: false });
  });
});
