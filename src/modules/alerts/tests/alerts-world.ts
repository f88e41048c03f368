/** Test world for alerts and reports: a members-only dialogue with routes, indicators, figures and users. */
import type { LightMyRequestResponse } from 'fastify';
import sql, { raw } from 'sql-template-tag';
import type { TestApp } from '../../../../test/app';
import { loginCookie, sessionHeaders } from '../../../../test/app';
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

export interface StoredForecastPoint {
  /** Default: the chosen model. */
  model?: string;
  horizon: number;
  /** YYYY-MM */
  period: string;
  point: number;
  /** The 80 % and 95 % intervals, [low, high]. */
  p80: [number, number];
  p95: [number, number];
}

/** A stored forecast of IBC on a route, as the forecasting job would leave it (origin YYYY-MM). */
export async function insertForecast(
  db: Queryable,
  dialogueId: number,
  f: { route: string; chosenModel: string; origin: string; points: StoredForecastPoint[] },
): Promise<void> {
  const [series] = await db.query<{ id: number }>(sql`INSERT INTO forecast_series (dialogue_id, indicator_id,
      route, classification, status, chosen_model, origin, data_as_of)
    SELECT ${dialogueId}, id, ${f.route}, 'dialogue', 'ok', ${f.chosenModel}, ${`${f.origin}-01`}::date, now()
    FROM indicators WHERE dialogue_id = ${dialogueId} AND code = 'IBC' RETURNING id`);
  for (const p of f.points)
    await db.query(sql`INSERT INTO forecast_points (series_id, model, horizon, period, point, lo80, hi80, lo95, hi95)
      VALUES (${series!.id}, ${p.model ?? f.chosenModel}, ${p.horizon}, ${`${p.period}-01`}::date, ${p.point},
        ${p.p80[0]}, ${p.p80[1]}, ${p.p95[0]}, ${p.p95[1]})`);
}

export interface AlertsWorld {
  slug: string;
  dialogueId: number;
  users: { analyst: TestUser; viewer: TestUser; manager: TestUser; admin: TestUser; outsider: TestUser };
  cookies: { analyst: string; viewer: string; manager: string; admin: string; outsider: string };
  /** A request to /api/dialogues/<slug><path> as the holder of `cookie`. */
  api(cookie: string, method: Method, path: string, payload?: object): Promise<LightMyRequestResponse>;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A request to /api/notifications<path> as the holder of `cookie` (the bell). */
export const notificationsApi = (t: TestApp, cookie: string, method: 'GET' | 'POST', path = '') =>
  t.app.inject({ method, url: `/api/notifications${path}`, headers: sessionHeaders(cookie) });

/** How many rows of `table` belong to the dialogue (to check that refused input wrote nothing). */
export async function countDialogueRows(db: Queryable, table: string, dialogueId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${raw(table)} WHERE dialogue_id = ${dialogueId}`,
  );
  return row!.n;
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
  const api: AlertsWorld['api'] = (cookie, method, path, payload) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${d.slug}${path}`,
      headers: sessionHeaders(cookie),
      ...(payload ? { payload } : {}),
    });
  return { slug: d.slug, dialogueId: d.id, users, cookies, api };
}
