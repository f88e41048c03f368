/**
 * A public dialogue holding, next to its public published figures, everything the public must never see:
 * a restricted indicator whose published figures are still classified public (as after a reclassification of
 * the indicator), a restricted route with public published figures, a draft figure, and figures classified for
 * the dialogue's members. Each secret carries a value found nowhere else, so a test can search any answer for it.
 * Used by the public-data leak tests (SDMX, portal).
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../src/db/connect';
import { makeIndicators } from './exchange-world';
import { makeDialogue, makeRoute } from './factories';

/** Values that only secret figures carry. */
export const SECRET_VALUES = {
  restrictedIndicator: 4242,
  restrictedRoute: 5151,
  draft: 6161,
  membersOnly: 7171,
} as const;

/** Codes and names of secret definitions. */
export const SECRET_CODES = {
  indicator: 'RSTX',
  indicatorName: 'Secret restricted indicator',
  route: 'SECR',
  routeName: 'Route SECR',
} as const;

/** Public figures: IBC on route EMR, reporter GRC, totals per month. */
export const PUBLIC_TOTALS: Record<string, number> = { '2024-01': 100, '2024-02': 110, '2024-03': 120 };

export interface PublicWorld {
  slug: string;
  dialogueId: number;
  secretariatOrgId: number;
}

/** `t`: a test app, or any database (the browser journey's server). */
export async function makePublicWorld(t: { db: Queryable }): Promise<PublicWorld> {
  const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
  await makeIndicators(t.db, d.id, d.secretariatOrgId, 'public');
  for (const code of ['EMR', 'CMR'])
    await makeRoute(t.db, {
      dialogueId: d.id,
      originatorOrgId: d.secretariatOrgId,
      code,
      classification: 'public',
    });
  await makeRoute(t.db, {
    dialogueId: d.id,
    originatorOrgId: d.secretariatOrgId,
    code: SECRET_CODES.route,
    classification: 'restricted',
  });
  const [secret] = await t.db.query<{ id: number }>(sql`INSERT INTO indicators
      (dialogue_id, code, name, unit, breakdowns, classification, originator_org_id)
    VALUES (${d.id}, ${SECRET_CODES.indicator}, ${JSON.stringify({ en: SECRET_CODES.indicatorName, fr: SECRET_CODES.indicatorName, ru: SECRET_CODES.indicatorName })}::jsonb,
      'persons', ${['route']}, 'restricted', ${d.secretariatOrgId}) RETURNING id`);
  const [ibc] = await t.db.query<{ id: number }>(
    sql`SELECT id FROM indicators WHERE dialogue_id = ${d.id} AND code = 'IBC'`,
  );
  const put = (o: {
    indicatorId: number;
    period: string;
    route: string;
    value: number;
    status?: 'published' | 'draft';
    classification?: 'public' | 'dialogue';
    reporter?: string;
  }) =>
    t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route, value, status,
        classification, published_at)
      VALUES (${d.id}, ${o.indicatorId}, ${o.reporter ?? 'GRC'}, ${`${o.period}-01`}::date, ${o.route}, ${o.value},
        ${o.status ?? 'published'}, ${o.classification ?? 'public'}::classification,
        ${o.status === 'draft' ? null : `${o.period}-20T10:00:00Z`}::timestamptz)`);
  for (const [period, value] of Object.entries(PUBLIC_TOTALS)) {
    await put({ indicatorId: ibc!.id, period, route: 'EMR', value });
    await put({ indicatorId: ibc!.id, period, route: 'EMR', value: value + 7, reporter: 'ITA' });
    await put({ indicatorId: secret!.id, period, route: 'EMR', value: SECRET_VALUES.restrictedIndicator });
    await put({
      indicatorId: ibc!.id,
      period,
      route: SECRET_CODES.route,
      value: SECRET_VALUES.restrictedRoute,
    });
  }
  // Route CMR, January: ITA 3 is below the threshold (primary), GRC 50 is withheld with it (secondary).
  await put({ indicatorId: ibc!.id, period: '2024-01', route: 'CMR', value: 50 });
  await put({ indicatorId: ibc!.id, period: '2024-01', route: 'CMR', value: 3, reporter: 'ITA' });
  await put({
    indicatorId: ibc!.id,
    period: '2024-04',
    route: 'EMR',
    value: SECRET_VALUES.draft,
    status: 'draft',
  });
  await put({
    indicatorId: ibc!.id,
    period: '2024-05',
    route: 'EMR',
    value: SECRET_VALUES.membersOnly,
    classification: 'dialogue',
  });
  return { slug: d.slug, dialogueId: d.id, secretariatOrgId: d.secretariatOrgId };
}

/** The secrets an answer must not contain (values and codes). */
export function secretsIn(body: string): string[] {
  const found: string[] = [];
  for (const [what, v] of Object.entries(SECRET_VALUES))
    if (body.includes(String(v))) found.push(`${what} ${v}`);
  for (const code of [SECRET_CODES.indicator, SECRET_CODES.route, SECRET_CODES.indicatorName])
    if (body.includes(code)) found.push(code);
  return found;
}
