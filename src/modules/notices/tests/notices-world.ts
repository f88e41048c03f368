/**
 * Test world for notices: a public dialogue of three member states (Greece notifies, Italy and Austria
 * receive), its secretariat, an observer, an outsider, a route, and a helper to call the notices API.
 */
import type { LightMyRequestResponse } from 'fastify';
import { makePersonas, sessionHeaders, type TestApp } from '../../../../test/app';
import { makeDialogue, makeOrganisation, makeRoute } from '../../../../test/factories';

export type Who =
  | 'analystGrc'
  | 'viewerGrc'
  | 'analystIta'
  | 'viewerAut'
  | 'analystAut'
  | 'manager'
  | 'observer'
  | 'outsider';

export interface NoticesWorld {
  slug: string;
  dialogueId: number;
  orgs: { grc: number; ita: number; aut: number; intl: number };
  users: Record<Who, number>;
  cookies: Record<Who, string>;
  api(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    who?: Who,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

export async function makeNoticesWorld(t: TestApp): Promise<NoticesWorld> {
  const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA', 'AUT'] });
  const other = await makeDialogue(t.db, { classification: 'dialogue', states: ['TUR'] });
  const grc = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Ministry ${d.slug}` });
  const ita = await makeOrganisation(t.db, { country: 'ITA', name: `Italian Ministry ${d.slug}` });
  const aut = await makeOrganisation(t.db, { country: 'AUT', name: `Austrian Ministry ${d.slug}` });
  const intl = await makeOrganisation(t.db, { kind: 'international' });
  await makeRoute(t.db, { dialogueId: d.id, originatorOrgId: d.secretariatOrgId, code: 'EMR' });
  const spec: Record<
    Who,
    { orgId: number; dialogueId: number; role: 'analyst' | 'viewer' | 'data_manager' | 'observer' }
  > = {
    analystGrc: { orgId: grc.id, dialogueId: d.id, role: 'analyst' },
    viewerGrc: { orgId: grc.id, dialogueId: d.id, role: 'viewer' },
    analystIta: { orgId: ita.id, dialogueId: d.id, role: 'analyst' },
    viewerAut: { orgId: aut.id, dialogueId: d.id, role: 'viewer' },
    analystAut: { orgId: aut.id, dialogueId: d.id, role: 'analyst' },
    manager: { orgId: d.secretariatOrgId, dialogueId: d.id, role: 'data_manager' },
    observer: { orgId: intl.id, dialogueId: d.id, role: 'observer' },
    outsider: { orgId: ita.id, dialogueId: other.id, role: 'analyst' },
  };
  const { users, cookies } = await makePersonas(t, spec);
  return {
    slug: d.slug,
    dialogueId: d.id,
    orgs: { grc: grc.id, ita: ita.id, aut: aut.id, intl: intl.id },
    users,
    cookies,
    api: (method, path, who, body) =>
      t.app.inject({
        method,
        url: `/api/dialogues/${d.slug}/notices${path}`,
        headers: who ? sessionHeaders(cookies[who]) : {},
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

/** The four required fields of a notice posted by a state. */
export const MINIMAL_NOTICE = {
  title: 'Visa requirement for nationals of Freedonia',
  measureType: 'visa_regime',
  summary: 'Nationals of Freedonia will need a short-stay visa to enter.',
  stage: 'adopted',
} as const;
