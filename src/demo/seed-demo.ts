import sql from 'sql-template-tag';
import type { Db, Queryable } from '../db/connect';
import { addMonths } from '../domain/periods';
import { refreshAggregates } from '../modules/analytics/analytics.service';
import { hashPassword } from '../modules/identity/auth/passwords';
import { STANDARD_INDICATORS } from '../reference/standard-indicators';
import { seedDemoAgreements } from './demo-agreements';
import { seedDemoConsultations } from './demo-consultations';
import { seedDemoContacts } from './demo-contacts';
import {
  DEMO_DIALOGUE,
  DEMO_MEMBER_STATES,
  DEMO_OBSERVERS,
  DEMO_ROUTE_NAME_TRANSLATIONS,
  DEMO_ROUTES,
  DEMO_SLUG,
  DEMO_USERS,
} from './demo-dialogue';
import { seedDemoDocuments } from './demo-documents';
import { seedDemoMeetings } from './demo-meetings';
import { seedDemoMonitoring } from './demo-monitoring';
import { seedDemoNotices } from './demo-notices';
import { type DemoCredentials, demoCredentials } from './demo-passwords';
import { seedDemoPractices } from './demo-practices';
import { seedDemoProfiles } from './demo-profiles';
import { seedDemoWatch } from './demo-watch';
import {
  demoReportingPlan,
  type GeneratedObservation,
  type GenerateOptions,
  generateDemoObservations,
  generatedPeriods,
} from './generate-observations';

export interface SeedResult {
  created: boolean;
  dialogueId: number;
  observations: number;
  /** The accounts created and their passwords, to be shown once (empty when the demo existed already). */
  accounts: DemoCredentials[];
}

async function insertOrg(
  tx: Queryable,
  kind: string,
  name: string,
  acronym: string | null,
  iso3: string | null,
) {
  const [row] = await tx.query<{ id: number }>(
    sql`INSERT INTO organisations (kind, name, acronym, country_iso3) VALUES (${kind}::organisation_kind, ${name}, ${acronym}, ${iso3}) RETURNING id`,
  );
  return row!.id;
}

/**
 * Creates the demo dialogue with its organisations, users, routes, indicators and synthetic observations,
 * all in one transaction. Does nothing if the demo dialogue exists already, so a restart never re-seeds.
 */
export async function seedDemo(
  db: Db,
  opts: GenerateOptions & {
    /** false: create the dialogue, users, routes and indicators only (benchmarks load observations by COPY). */
    withObservations?: boolean;
    /** One password for every demo account (tests, scripted demos); absent: a random one per account. */
    password?: string;
  } = {},
): Promise<SeedResult> {
  const existing = await db.query<{ id: number }>(sql`SELECT id FROM dialogues WHERE slug = ${DEMO_SLUG}`);
  if (existing[0]) return { created: false, dialogueId: existing[0].id, observations: 0, accounts: [] };
  // The day of creation fixes the demo's months (they end with the month before it): read the clock once.
  const today = opts.today ?? new Date();
  const generate: GenerateOptions = { ...opts, today };
  const { from, to } = generatedPeriods(generate);
  const accounts = demoCredentials(DEMO_USERS, opts.password);
  const hashes = new Map<string, string>(); // e-mail → hash; a shared (fixed) password is hashed once
  const byPassword = new Map<string, string>();
  for (const a of accounts) {
    const hash = byPassword.get(a.password) ?? (await hashPassword(a.password));
    byPassword.set(a.password, hash);
    hashes.set(a.email, hash);
  }
  return db.transaction(async (tx) => {
    const secId = await insertOrg(
      tx,
      'secretariat',
      DEMO_DIALOGUE.secretariat.name,
      DEMO_DIALOGUE.secretariat.acronym,
      null,
    );
    const orgByKey = new Map<string, number>([['SEC', secId]]);
    const countryNames = new Map(
      (
        await tx.query<{ iso3: string; name_en: string }>(
          sql`SELECT iso3, name_en FROM countries WHERE iso3 = ANY(${[...DEMO_MEMBER_STATES]})`,
        )
      ).map((c) => [c.iso3, c.name_en]),
    );
    for (const iso3 of DEMO_MEMBER_STATES) {
      orgByKey.set(
        iso3,
        await insertOrg(
          tx,
          'state',
          `Ministry of Interior of ${countryNames.get(iso3) ?? iso3}`,
          `MOI-${iso3}`,
          iso3,
        ),
      );
    }
    for (const o of DEMO_OBSERVERS)
      orgByKey.set(o.acronym, await insertOrg(tx, 'international', o.name, o.acronym, null));

    const [d] = await tx.query<{
      id: number;
    }>(sql`INSERT INTO dialogues (slug, name, name_i18n, description, secretariat_org_id, working_languages, classification)
      VALUES (${DEMO_SLUG}, ${DEMO_DIALOGUE.name}, ${JSON.stringify({ en: DEMO_DIALOGUE.name, ...DEMO_DIALOGUE.nameTranslations })}::jsonb, ${DEMO_DIALOGUE.description}, ${secId}, ${DEMO_DIALOGUE.workingLanguages}, 'public') RETURNING id`);
    const dialogueId = d!.id;
    // Members since mid-2019, or since the first generated month when the data starts earlier (benchmark scales
    // from 2010): a month is expected only from states that were members then (membership history).
    const firstMonth = generatedPeriods(generate).from;
    const joinedOn = `${firstMonth}-01` < '2019-06-01' ? `${firstMonth}-01` : '2019-06-01';
    await tx.query(sql`INSERT INTO dialogue_states (dialogue_id, country_iso3, joined_on)
      SELECT ${dialogueId}, unnest(${[...new Set([...DEMO_MEMBER_STATES, ...(opts.extraReporters ?? [])])]}::text[]), ${joinedOn}::date`);
    for (const o of DEMO_OBSERVERS) {
      await tx.query(
        sql`INSERT INTO dialogue_observers (dialogue_id, organisation_id) VALUES (${dialogueId}, ${orgByKey.get(o.acronym)!})`,
      );
    }
    const userIds = new Map<string, number>();
    for (const u of DEMO_USERS) {
      const [user] = await tx.query<{
        id: number;
      }>(sql`INSERT INTO users (organisation_id, email, name, password_hash)
        VALUES (${orgByKey.get(u.org)!}, ${u.email}, ${u.name}, ${hashes.get(u.email)!}) RETURNING id`);
      userIds.set(u.role, user!.id);
      await tx.query(
        sql`INSERT INTO memberships (user_id, dialogue_id, role) VALUES (${user!.id}, ${dialogueId}, ${u.role}::dialogue_role)`,
      );
    }
    // The demo's admin also administers the installation (creates dialogues), so a demo needs no set-up link.
    await tx.query(sql`UPDATE users SET is_platform_admin = true WHERE id IN (SELECT user_id FROM memberships
      WHERE dialogue_id = ${dialogueId} AND role = 'admin')`);
    for (const r of DEMO_ROUTES) {
      const geometry = { type: 'LineString', coordinates: r.path };
      const nameI18n = { en: r.name, ...DEMO_ROUTE_NAME_TRANSLATIONS[r.code] };
      await tx.query(sql`INSERT INTO routes (dialogue_id, code, name, name_i18n, description, countries, geometry, valid_from, classification, originator_org_id)
        VALUES (${dialogueId}, ${r.code}, ${r.name}, ${JSON.stringify(nameI18n)}::jsonb, ${r.description}, ${r.countries}, ${JSON.stringify(geometry)}::jsonb, '2015-01-01', 'dialogue', ${secId})`);
    }
    const indicatorIds = new Map<string, number>();
    for (const i of STANDARD_INDICATORS) {
      const [row] = await tx.query<{
        id: number;
      }>(sql`INSERT INTO indicators (dialogue_id, code, name, unit, breakdowns, classification, originator_org_id)
        VALUES (${dialogueId}, ${i.code}, ${JSON.stringify(i.name)}::jsonb, ${i.unit}, ${i.breakdowns}, 'public', ${secId}) RETURNING id`);
      indicatorIds.set(i.code, row!.id);
    }
    // Reporting calendar: what each state reports in the generated data (demoReportingPlan), from the first
    // generated month, due on the 15th of the following month (src/modules/calendars). A state that reports
    // nothing (Afghanistan) or not an indicator (IBC away from its routes) is not expected to.
    const plan = demoReportingPlan({ ...generate, from });
    await tx.query(sql`INSERT INTO reporting_calendars (dialogue_id, reporter_iso3, indicator_id, from_period,
        deadline_day)
      SELECT ${dialogueId}, r, i.id, (f || '-01')::date, 15
      FROM unnest(${plan.map((p) => p.reporter)}::text[], ${plan.map((p) => p.indicator)}::text[],
        ${plan.map((p) => p.from)}::text[]) AS t(r, code, f)
      JOIN indicators i ON i.dialogue_id = ${dialogueId} AND i.code = t.code`);
    const observations =
      opts.withObservations === false
        ? 0
        : await insertGenerated(tx, dialogueId, indicatorIds, generateDemoObservations(generate), today);
    if (observations > 0) {
      await refreshAggregates(tx, dialogueId);
      // Published months are locked (src/modules/period-locks), as a publication through the workflow would.
      await tx.query(sql`INSERT INTO period_locks (dialogue_id, reporter_iso3, indicator_id, period, locked_at)
        SELECT dialogue_id, reporter_iso3, indicator_id, period, max(published_at) FROM observations
        WHERE dialogue_id = ${dialogueId} GROUP BY dialogue_id, reporter_iso3, indicator_id, period`);
      await seedDemoWatch(tx, dialogueId, indicatorIds, to);
    }
    // Synthetic notices of new national measures (src/demo/demo-notices.ts), entered by the secretariat.
    await seedDemoNotices(tx, dialogueId, orgByKey, userIds.get('data_manager')!);
    // A draft consultation open for comments (src/demo/demo-consultations.ts), with delegations' comments.
    await seedDemoConsultations(tx, dialogueId, orgByKey, userIds);
    await seedDemoContacts(tx, dialogueId, DEMO_MEMBER_STATES); // synthetic directory (src/modules/contacts)
    // A synthetic declaration with two reporting cycles (src/demo/demo-monitoring.ts, src/modules/monitoring).
    await seedDemoMonitoring(tx, dialogueId, orgByKey, userIds.get('data_manager')!);
    await seedDemoMeetings(tx, dialogueId, orgByKey, userIds.get('data_manager')!); // src/modules/meetings
    // Synthetic country profiles, endorsed, one with a draft (src/demo/demo-profiles.ts, src/modules/profiles).
    await seedDemoProfiles(tx, dialogueId, orgByKey, userIds);
    // A dozen synthetic agreements among the demo states (src/demo/demo-agreements.ts, src/modules/agreements).
    await seedDemoAgreements(tx, dialogueId, secId, userIds.get('data_manager')!);
    // Ten synthetic practices, eight published (src/demo/demo-practices.ts, src/modules/practices).
    await seedDemoPractices(tx, dialogueId, orgByKey, userIds.get('analyst')!, userIds.get('data_manager')!);
    // Synthetic library documents (src/demo/demo-documents.ts); then every demo record is indexed for search.
    await seedDemoDocuments(tx, dialogueId, secId, userIds.get('data_manager')!);
    return { created: true, dialogueId, observations, accounts };
  });
}

const BATCH = 5000;

/**
 * When a generated month was published: the 20th of the following month, or the start of the day of creation
 * if that is earlier (the last month, published "this month": never in the future, so as-of views show it).
 */
export function demoPublishedAt(period: string, today: Date): string {
  const usual = `${addMonths(period, 1)}-20T12:00:00.000Z`;
  const startOfToday = `${today.toISOString().slice(0, 10)}T00:00:00.000Z`;
  return usual < startOfToday ? usual : startOfToday;
}

/** Writes generated observations as published (see demoPublishedAt). */
async function insertGenerated(
  tx: Queryable,
  dialogueId: number,
  indicatorIds: Map<string, number>,
  rows: Iterable<GeneratedObservation>,
  today: Date,
): Promise<number> {
  let batch: GeneratedObservation[] = [];
  let n = 0;
  const flush = async () => {
    if (!batch.length) return;
    const col = <T>(f: (o: GeneratedObservation) => T) => batch.map(f);
    await tx.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route, citizenship, border_type,
        value, status, classification, recorded_at, published_at)
      SELECT ${dialogueId}, i, r, p::date, rt, c, b, v, 'published', 'dialogue', pub::timestamptz, pub::timestamptz
      FROM unnest(${col((o) => indicatorIds.get(o.indicator)!)}::int[], ${col((o) => o.reporter)}::text[],
        ${col((o) => `${o.period}-01`)}::text[], ${col((o) => o.route)}::text[], ${col((o) => o.citizenship)}::text[],
        ${col((o) => o.borderType)}::text[], ${col((o) => o.value)}::numeric[],
        ${col((o) => demoPublishedAt(o.period, today))}::text[]) AS t(i, r, p, rt, c, b, v, pub)`);
    n += batch.length;
    batch = [];
  };
  for (const o of rows) {
    batch.push(o);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return n;
}
