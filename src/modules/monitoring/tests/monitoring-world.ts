/**
 * Test world for monitoring: a dialogue of three member states (Greece, Italy, Austria; Greece with two
 * ministries), its secretariat, a viewer, an outsider, and a helper to call the monitoring API.
 */
import type { LightMyRequestResponse } from 'fastify';
import { makePersonas, sessionHeaders, type TestApp } from '../../../../test/app';
import { makeDialogue, makeOrganisation } from '../../../../test/factories';

export type Who =
  | 'manager'
  | 'analystGrc'
  | 'analystGrc2'
  | 'viewerGrc'
  | 'providerIta'
  | 'analystAut'
  | 'outsider';

export interface MonitoringWorld {
  slug: string;
  dialogueId: number;
  users: Record<Who, number>;
  api(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    path: string,
    who?: Who,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

export async function makeMonitoringWorld(t: TestApp): Promise<MonitoringWorld> {
  const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA', 'AUT'] });
  const other = await makeDialogue(t.db, { classification: 'dialogue', states: ['TUR'] });
  const grc = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Ministry ${d.slug}` });
  const grc2 = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Police ${d.slug}` });
  const ita = await makeOrganisation(t.db, { country: 'ITA', name: `Italian Ministry ${d.slug}` });
  const aut = await makeOrganisation(t.db, { country: 'AUT', name: `Austrian Ministry ${d.slug}` });
  const spec: Record<
    Who,
    { orgId: number; dialogueId: number; role: 'analyst' | 'viewer' | 'data_manager' | 'data_provider' }
  > = {
    manager: { orgId: d.secretariatOrgId, dialogueId: d.id, role: 'data_manager' },
    analystGrc: { orgId: grc.id, dialogueId: d.id, role: 'analyst' },
    analystGrc2: { orgId: grc2.id, dialogueId: d.id, role: 'analyst' },
    viewerGrc: { orgId: grc.id, dialogueId: d.id, role: 'viewer' },
    providerIta: { orgId: ita.id, dialogueId: d.id, role: 'data_provider' },
    analystAut: { orgId: aut.id, dialogueId: d.id, role: 'analyst' },
    outsider: { orgId: ita.id, dialogueId: other.id, role: 'analyst' },
  };
  const { users, cookies } = await makePersonas(t, spec);
  return {
    slug: d.slug,
    dialogueId: d.id,
    users,
    api: (method, path, who, body) =>
      t.app.inject({
        method,
        url: `/api/dialogues/${d.slug}/monitoring${path}`,
        headers: who ? sessionHeaders(cookies[who]) : {},
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

/** A small declaration in the Istanbul style: two numbered paragraphs and one thematic area. */
export const SMALL_DECLARATION = `WE, the Ministers,
ARE COMMITTED TO
(1) Establish a partnership for migration.
(2) Mandate our Senior Officials to:
a) Implement the objectives,
b) Oversee the implementation through yearly Senior Officials' Meetings,
I. Irregular Migration
a) Furthering the exchange of information,
b) Consider establishing contact points.
`;
