/** Test world for alerts and reports: a members-only dialogue with routes, indicators, figures and users. */
import sql from 'sql-template-tag';
import type { TestApp } from '../../../../test/app';
import { loginCookie } from '../../../../test/app';
import {
  makeDialogue,
  makeOrganisation,
  makeRoute,
  makeUser,
  type TestUser,
} from '../../../../test/factories';
import type { Queryable } from '../../../db/connect';
import { periodRange } from '../../../domain/periods';
import { STANDARD_INDICATORS } from '../../../reference/standard-indicators';
import { refreshAggregates } from '../../analytics/analytics.service';

export interface Figure {
  period: string;
  route: string;
  citizenship?: string;
  value: number;
  reporter?: string;
}

export async function insertFigures(db: Queryable, dialogueId: number, indicator: string, rows: Figure[]) {
  const [ind] = await db.query<{ id: number }>(
    sql`SELECT id FROM indicators WHERE dialogue_id = ${dialogueId} AND code = ${indicator}`,
  );
  const col = <T>(f: (r: Figure) => T) => rows.map(f);
  await db.query(sql`UPDATE observations o SET superseded_at = now()
    FROM unnest(${col((r) => r.reporter ?? 'GRC')}::text[], ${col((r) => r.period)}::text[], ${col((r) => r.route)}::text[],
      ${col((r) => r.citizenship ?? '_T')}::text[]) AS t(rep, p, rt, c)
    WHERE o.indicator_id = ${ind!.id} AND o.reporter_iso3 = t.rep AND o.period = (t.p || '-01')::date
      AND o.route = t.rt AND o.citizenship = t.c AND o.superseded_at IS NULL`);
  await db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route, citizenship,
      value, classification, status, published_at)
    SELECT ${dialogueId}, ${ind!.id}, rep, (p || '-01')::date, rt, c, v, 'dialogue', 'published', now()
    FROM unnest(${col((r) => r.reporter ?? 'GRC')}::text[], ${col((r) => r.period)}::text[], ${col((r) => r.route)}::text[],
      ${col((r) => r.citizenship ?? '_T')}::text[], ${col((r) => r.value)}::numeric[]) AS t(rep, p, rt, c, v)`);
  await refreshAggregates(db, dialogueId);
}

export interface AlertsWorld {
  slug: string;
  dialogueId: number;
  users: { analyst: TestUser; viewer: TestUser; manager: TestUser; admin: TestUser; outsider: TestUser };
  cookies: { analyst: string; viewer: string; manager: string; admin: string; outsider: string };
}

/**
 * IBC on route EMR, 2023-01 … 2024-12: about 1000 a month (SYR 600, AFG 100, other 300), and 2024-12 jumps to
 * 2000 (AFG 900): a threshold, a month-on-month rise and a route shift of AFG.
 */
export function emrFigures(): Figure[] {
  const rows: Figure[] = [];
  for (const period of periodRange('2023-01', '2024-12')) {
    const isJump = period === '2024-12';
    const afg = isJump ? 900 : 100;
    const syr = 600;
    rows.push({ period, route: 'EMR', value: isJump ? 2000 : 1000 });
    rows.push({ period, route: 'EMR', citizenship: 'AFG', value: afg });
    rows.push({ period, route: 'EMR', citizenship: 'SYR', value: syr });
  }
  return rows;
}

export async function makeAlertsWorld(t: TestApp): Promise<AlertsWorld> {
  const d = await makeDialogue(t.db, { classification: 'dialogue', states: ['ITA', 'GRC'] });
  const other = await makeDialogue(t.db, { classification: 'dialogue' });
  for (const i of STANDARD_INDICATORS) {
    await t.db.query(sql`INSERT INTO indicators (dialogue_id, code, name, unit, breakdowns, classification, originator_org_id)
      VALUES (${d.id}, ${i.code}, ${JSON.stringify(i.name)}::jsonb, ${i.unit}, ${i.breakdowns}, 'dialogue', ${d.secretariatOrgId})`);
  }
  await makeRoute(t.db, { dialogueId: d.id, originatorOrgId: d.secretariatOrgId, code: 'EMR' });
  await makeRoute(t.db, { dialogueId: d.id, originatorOrgId: d.secretariatOrgId, code: 'CMR' });
  await insertFigures(t.db, d.id, 'IBC', emrFigures());
  const ita = await makeOrganisation(t.db, { country: 'ITA' });
  const grc = await makeOrganisation(t.db, { country: 'GRC' });
  const users = {
    analyst: await makeUser(t.db, { orgId: ita.id, roles: [{ dialogueId: d.id, role: 'analyst' }] }),
    viewer: await makeUser(t.db, { orgId: grc.id, roles: [{ dialogueId: d.id, role: 'viewer' }] }),
    manager: await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'data_manager' }],
    }),
    admin: await makeUser(t.db, { orgId: d.secretariatOrgId, roles: [{ dialogueId: d.id, role: 'admin' }] }),
    outsider: await makeUser(t.db, { country: 'ITA', roles: [{ dialogueId: other.id, role: 'analyst' }] }),
  };
  const cookies = {} as AlertsWorld['cookies'];
  for (const [k, u] of Object.entries(users))
    cookies[k as keyof AlertsWorld['cookies']] = await loginCookie(t.app, u.email, u.password);
  return { slug: d.slug, dialogueId: d.id, users, cookies };
}
