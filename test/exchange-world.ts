/** Test world for the exchange API: a dialogue with indicators, routes and users in every role. */
import sql from 'sql-template-tag';
import type { Queryable } from '../src/db/connect';
import { STANDARD_INDICATORS } from '../src/reference/standard-indicators';
import type { TestApp } from './app';
import { loginCookie } from './app';
import { makeDialogue, makeOrganisation, makeRoute, makeUser } from './factories';

export async function makeIndicators(
  db: Queryable,
  dialogueId: number,
  originatorOrgId: number,
  classification = 'dialogue',
) {
  for (const i of STANDARD_INDICATORS) {
    await db.query(sql`INSERT INTO indicators (dialogue_id, code, name, unit, breakdowns, classification, originator_org_id)
      VALUES (${dialogueId}, ${i.code}, ${JSON.stringify(i.name)}::jsonb, ${i.unit}, ${i.breakdowns}, ${classification}::classification, ${originatorOrgId})`);
  }
}

export interface ExchangeWorld {
  slug: string;
  dialogueId: number;
  cookies: {
    providerIta: string;
    providerGrc: string;
    manager: string;
    analystIta: string;
    outsider: string;
  };
}

export async function makeExchangeWorld(
  t: TestApp,
  opts: { routes?: string[] } = {},
): Promise<ExchangeWorld> {
  const d = await makeDialogue(t.db, { classification: 'dialogue', states: ['ITA', 'GRC', 'TUR'] });
  const other = await makeDialogue(t.db, { classification: 'dialogue' });
  await makeIndicators(t.db, d.id, d.secretariatOrgId);
  for (const code of opts.routes ?? ['EMR', 'CMR'])
    await makeRoute(t.db, { dialogueId: d.id, originatorOrgId: d.secretariatOrgId, code });
  const ita = await makeOrganisation(t.db, { country: 'ITA' });
  const grc = await makeOrganisation(t.db, { country: 'GRC' });
  const users = {
    providerIta: await makeUser(t.db, {
      orgId: ita.id,
      roles: [{ dialogueId: d.id, role: 'data_provider' }],
    }),
    providerGrc: await makeUser(t.db, {
      orgId: grc.id,
      roles: [{ dialogueId: d.id, role: 'data_provider' }],
    }),
    manager: await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'data_manager' }],
    }),
    analystIta: await makeUser(t.db, { orgId: ita.id, roles: [{ dialogueId: d.id, role: 'analyst' }] }),
    outsider: await makeUser(t.db, {
      country: 'ITA',
      roles: [{ dialogueId: other.id, role: 'data_provider' }],
    }),
  };
  const cookies = {} as ExchangeWorld['cookies'];
  for (const [k, u] of Object.entries(users))
    cookies[k as keyof ExchangeWorld['cookies']] = await loginCookie(t.app, u.email, u.password);
  return { slug: d.slug, dialogueId: d.id, cookies };
}

export const IBC_HEADER =
  'indicator,reporter,period,route,border_type,citizenship,sex,age_group,value,flags,comment';

export function countObservations(db: Queryable, dialogueId: number): Promise<number> {
  return db
    .query<{ n: number }>(sql`SELECT count(*)::int AS n FROM observations WHERE dialogue_id = ${dialogueId}`)
    .then((r) => r[0]!.n);
}
