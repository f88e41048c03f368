/**
 * The access matrix: every API route, discovered from the server's own route table, called as every role
 * (and anonymously) against seeded records at every classification level.
 *
 * - A route without an access rule fails. A route missing from SAMPLES below fails: add it there (with a
 *   sample URL and body, and, if it returns classified records, what it returns) when you add a route.
 * - `public` routes never answer 401/403; `user` routes answer 401 to anonymous callers; routes with a
 *   named check answer 403 exactly to the roles the check (and the sample's `allowed` list) refuses.
 * - Routes returning classified records return exactly what canSee() allows: no leak, no false denial.
 */
import type { FastifyRequest, LightMyRequestResponse } from 'fastify';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../src/shared/access';
import type { Actor } from '../src/shared/actor';
import { CLASSIFICATIONS, type Classification } from '../src/shared/classification';
import type { Role } from '../src/shared/roles';
import { canSee, canSeeIndicator } from '../src/shared/visibility';
import { createTestApp, loginCookie, type TestApp } from './app';
import { testDatabases } from './databases';
import { makeDialogue, makeOrganisation, makeRoute, makeUser } from './factories';

type Persona = 'anonymous' | Role | 'other_member';
const PERSONAS: Persona[] = [
  'anonymous',
  'admin',
  'data_manager',
  'data_provider',
  'analyst',
  'observer',
  'viewer',
  'other_member',
];

interface SeededRecord {
  code: string;
  classification: Classification;
  originatorOrgId: number;
  sharedWithOrgIds: number[];
  dialogueId: number;
}

interface World {
  slug: string;
  closedSlug: string;
  dialogueId: number;
  routes: SeededRecord[];
  indicators: SeededRecord[];
}

interface Sample {
  url: (w: World) => string;
  body?: unknown;
  /** Every caller the access rule lets through gets a 2xx. */
  expectOk?: boolean;
  /** For named checks: the personas that pass (checked against the rule itself as well). */
  allowed?: Persona[];
  /** Classified records in the response: which codes it returns, and which it should (from canSee). */
  classified?: (body: unknown, w: World, actor: Actor | null) => { got: string[]; expected: string[] };
  /** The call ends the caller's session (log in again afterwards). */
  endsSession?: boolean;
}

const visibleCodes = (records: SeededRecord[], actor: Actor | null, see = canSee) =>
  records
    .filter((r) => see(actor, r))
    .map((r) => r.code)
    .sort();
const codes = (items: { code: string }[]) => items.map((i) => i.code).sort();

/** One entry per API route. New route? Add it here. */
const SAMPLES: Record<string, Sample> = {
  'GET /api/health': { url: () => '/api/health', expectOk: true },
  'GET /api/openapi.json': { url: () => '/api/openapi.json', expectOk: true },
  'POST /api/auth/login': {
    url: () => '/api/auth/login',
    body: { email: 'nobody@test.passage', password: 'wrong-password' },
  },
  'POST /api/auth/logout': { url: () => '/api/auth/logout', expectOk: true, endsSession: true },
  'GET /api/auth/session': { url: () => '/api/auth/session', expectOk: true },
  'POST /api/auth/invitation': {
    url: () => '/api/auth/invitation',
    body: { token: 'x'.repeat(20), password: 'x'.repeat(12) },
  },
  'POST /api/auth/login/totp': { url: () => '/api/auth/login/totp', body: {} },
  'GET /api/auth/providers': { url: () => '/api/auth/providers', expectOk: true },
  'GET /api/auth/oidc/start': { url: () => '/api/auth/oidc/start' },
  'GET /api/auth/oidc/callback': { url: () => '/api/auth/oidc/callback?code=x&state=y' },
  'GET /api/reference/countries': { url: () => '/api/reference/countries', expectOk: true },
  'GET /api/reference/codelists': { url: () => '/api/reference/codelists', expectOk: true },
  'GET /api/reference/geometry/countries.topojson': {
    url: () => '/api/reference/geometry/countries.topojson',
    expectOk: true,
  },
  'GET /api/dialogues': {
    url: () => '/api/dialogues',
    expectOk: true,
    classified: (body, w, actor) => {
      const slugs = (body as { slug: string }[]).map((d) => d.slug).sort();
      const member = actor ? Object.keys(actor.roles).map(Number) : [];
      const closedVisible = member.some((d) => d !== w.dialogueId);
      return { got: slugs, expected: [w.slug, ...(closedVisible ? [w.closedSlug] : [])].sort() };
    },
  },
  'GET /api/dialogues/:slug': {
    url: (w) => `/api/dialogues/${w.slug}`,
    expectOk: true,
    classified: (body, w, actor) => {
      const home = body as { routes: { code: string }[]; indicators: { code: string }[] };
      return {
        got: [...codes(home.routes), ...codes(home.indicators)],
        expected: [...visibleCodes(w.routes, actor), ...visibleCodes(w.indicators, actor, canSeeIndicator)],
      };
    },
  },
  'GET /api/audit': { url: (w) => `/api/audit?dialogue=${w.dialogueId}`, expectOk: true, allowed: ['admin'] },
  // Identity (admin, account, tokens, two-factor): the services narrow further; bodies are harmless.
  'GET /api/admin/dialogues/:dialogueId/users': { url: (w) => `/api/admin/dialogues/${w.dialogueId}/users` },
  'POST /api/admin/dialogues/:dialogueId/users': {
    url: (w) => `/api/admin/dialogues/${w.dialogueId}/users`,
    body: {},
  },
  'PUT /api/admin/dialogues/:dialogueId/users/:userId/roles/:role': {
    url: (w) => `/api/admin/dialogues/${w.dialogueId}/users/999999/roles/viewer`,
  },
  'DELETE /api/admin/dialogues/:dialogueId/users/:userId/roles/:role': {
    url: (w) => `/api/admin/dialogues/${w.dialogueId}/users/999999/roles/viewer`,
  },
  'POST /api/admin/dialogues/:dialogueId/users/:userId/deactivate': {
    url: (w) => `/api/admin/dialogues/${w.dialogueId}/users/999999/deactivate`,
  },
  'POST /api/admin/dialogues/:dialogueId/users/:userId/reactivate': {
    url: (w) => `/api/admin/dialogues/${w.dialogueId}/users/999999/reactivate`,
  },
  'GET /api/admin/organisations': { url: () => '/api/admin/organisations' },
  'POST /api/admin/organisations': { url: () => '/api/admin/organisations', body: {} },
  'PATCH /api/admin/organisations/:organisationId': {
    url: () => '/api/admin/organisations/999999',
    body: {},
  },
  'POST /api/account/password': { url: () => '/api/account/password', body: {} },
  'GET /api/account/two-factor': { url: () => '/api/account/two-factor' },
  'POST /api/account/two-factor/enrolment': {
    url: () => '/api/account/two-factor/enrolment',
    body: { x: 1 },
  },
  'POST /api/account/two-factor/enrolment/confirm': {
    url: () => '/api/account/two-factor/enrolment/confirm',
    body: {},
  },
  'POST /api/account/two-factor/recovery-codes': {
    url: () => '/api/account/two-factor/recovery-codes',
    body: {},
  },
  'POST /api/account/two-factor/disable': { url: () => '/api/account/two-factor/disable', body: {} },
  'GET /api/tokens': { url: () => '/api/tokens' },
  'POST /api/tokens': { url: () => '/api/tokens', body: {} },
  'DELETE /api/tokens/:tokenId': { url: () => '/api/tokens/999999' },
  'PUT /api/users/me/locale': { url: () => '/api/users/me/locale', body: { locale: 'en' } },
  // Content translations (secretariat only, checked by the service) and the negotiated interface language.
  'GET /api/i18n/language': { url: () => '/api/i18n/language', expectOk: true },
  'GET /api/dialogues/:slug/translations': { url: (w) => `/api/dialogues/${w.slug}/translations` },
  'PUT /api/dialogues/:slug/translations': { url: (w) => `/api/dialogues/${w.slug}/translations`, body: {} },
  'GET /api/dialogues/:slug/translations/history': {
    url: (w) => `/api/dialogues/${w.slug}/translations/history?entity=route&id=999999&field=name&language=fr`,
  },
  // Secretariat definitions (src/modules/definitions): any logged-in user at the door; the service allows the
  // secretariat (403 for other members, 404 when the dialogue is not visible), any member for the calendar.
  ...Object.fromEntries(
    [
      'GET ',
      'GET /history',
      'POST /indicators',
      'PUT /indicators/:id',
      'DELETE /indicators/:id',
      'POST /routes',
      'PUT /routes/:id',
      'GET /calendar',
      'PUT /calendar',
      'DELETE /calendar/:reporter/:indicator',
      'GET /overdue',
    ].map((k) => {
      const [method, path] = k.split(' ') as [string, string];
      const query =
        path === '/history' ? '?entity=route&id=999999' : method === 'DELETE' ? '?expectedRevision=1' : '';
      const sample: Sample = {
        url: (w) =>
          `/api/dialogues/${w.slug}/definitions${path.replace(':id', '999999').replace(':reporter', 'GRC').replace(':indicator', 'NOPE')}${query}`,
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
      };
      return [`${method} /api/dialogues/:slug/definitions${path}`, sample];
    }),
  ),
  // Alerts, notifications and situation reports (src/modules/{alerts,reports}): any logged-in user at the door;
  // the services narrow to members (404 otherwise), rules to owner/secretariat, records by classification.
  ...Object.fromEntries(
    [
      'GET /alerts',
      'GET /alerts/:id',
      'POST /alerts/:id/acknowledge',
      'POST /alerts/:id/comments',
      'GET /alerts/deliveries',
      'POST /alerts/evaluate',
      'GET /alerts/rules',
      'POST /alerts/rules',
      'GET /alerts/rules/:id',
      'PATCH /alerts/rules/:id',
      'DELETE /alerts/rules/:id',
      'POST /alerts/rules/:id/evaluate',
      'GET /alerts/subscriptions',
      'POST /alerts/subscriptions',
      'DELETE /alerts/subscriptions/:id',
      'GET /reports',
      'POST /reports',
      'GET /reports/:id',
      'GET /reports/:id/html',
      'GET /reports/:id/pdf',
      'GET /reports/schedules',
      'POST /reports/schedules',
      'DELETE /reports/schedules/:id',
    ].map((k) => {
      const [method, path] = k.split(' ') as [string, string];
      const sample: Sample = {
        url: (w) => `/api/dialogues/${w.slug}${path.replace(':id', '999999')}`,
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
      };
      return [`${method} /api/dialogues/:slug${path}`, sample];
    }),
  ),
  // Set-up from nothing (public: the one-time link is the credential) and dialogue/member administration
  // (installation administrators create; a dialogue's admins manage it). Empty bodies: nothing is written.
  'GET /api/setup': { url: () => '/api/setup', expectOk: true },
  'POST /api/setup': { url: () => '/api/setup', body: {} },
  'GET /api/admin/dialogues': { url: () => '/api/admin/dialogues', allowed: ['admin'], expectOk: true },
  'POST /api/admin/dialogues': { url: () => '/api/admin/dialogues', body: {}, allowed: [] },
  'GET /api/admin/dialogues/secretariats': {
    url: () => '/api/admin/dialogues/secretariats',
    allowed: ['admin'],
    expectOk: true,
  },
  'GET /api/dialogues/:slug/logo': { url: (w) => `/api/dialogues/${w.slug}/logo` },
  ...Object.fromEntries(
    [
      ['GET', '', false],
      ['PATCH', '', true],
      ['POST', '/archive', true],
      ['POST', '/unarchive', true],
      ['PUT', '/logo', false],
      ['DELETE', '/logo', false],
      ['GET', '/history', false],
      ['GET', '/members', false],
      ['POST', '/members/states', true],
      ['POST', '/members/states/:country/remove', true],
      ['POST', '/members/observers', true],
      ['POST', '/members/observers/:organisationId/remove', true],
      ['POST', '/invitations', true],
    ].map(([method, path, hasBody]) => {
      const sample: Sample = {
        url: (w) =>
          `/api/admin/dialogues/${w.dialogueId}${String(path).replace(':country', 'TUR').replace(':organisationId', '999999')}`,
        allowed: ['admin'],
        ...(method === 'GET' ? { expectOk: true } : {}),
        ...(hasBody ? { body: {} } : {}),
      };
      return [`${method} /api/admin/dialogues/:dialogueId${path}`, sample];
    }),
  ),
  'GET /api/notifications': { url: () => '/api/notifications', expectOk: true },
  'GET /api/notifications/unread-count': { url: () => '/api/notifications/unread-count', expectOk: true },
  'POST /api/notifications/:id/read': { url: () => '/api/notifications/999999/read' },
  'POST /api/notifications/read-all': { url: () => '/api/notifications/read-all', expectOk: true },
  // Forecasts: reading is public at the door (the service filters by classification); recomputing is for the
  // secretariat. The sample dialogue has no forecasts yet: the list is empty, the series a 404.
  'GET /api/dialogues/:slug/forecasts': { url: (w) => `/api/dialogues/${w.slug}/forecasts`, expectOk: true },
  'GET /api/dialogues/:slug/forecasts/series': {
    url: (w) => `/api/dialogues/${w.slug}/forecasts/series?indicator=I_public&route=_T`,
  },
  'POST /api/dialogues/:slug/forecasts/refresh': {
    url: (w) => `/api/dialogues/${w.slug}/forecasts/refresh`,
    body: {},
    allowed: ['admin', 'data_manager'],
    expectOk: true,
  },
  // Exchange (submissions, imports, rules) and analytics: the services narrow by dialogue and role; the
  // samples name no existing record or carry an empty body, so nothing is written.
  ...Object.fromEntries(
    [
      'GET /analytics/breakdown',
      'GET /analytics/choropleth',
      'GET /analytics/compare',
      'GET /analytics/completeness',
      'GET /analytics/flows',
      'GET /analytics/reporter-month',
      'GET /analytics/route-month',
      'GET /analytics/route-shifts',
      'GET /analytics/series',
      'GET /analytics/top-citizenships',
      'GET /figures/history',
      'GET /observations',
      'GET /rules',
      'GET /sdmx/structure',
      'GET /submissions',
      'GET /submissions/:id',
      'GET /submissions/:id/diff',
      'GET /submissions/:id/findings',
      'GET /submissions/:id/observations',
      'GET /templates/:indicator',
      'PATCH /rules/:id',
      'POST /imports',
      'POST /rules',
      'POST /submissions',
      'POST /submissions/:id/publish',
      'POST /submissions/:id/return',
      'POST /submissions/:id/submit',
      'POST /submissions/:id/validate',
      'DELETE /submissions/:id/figures',
      'PUT /submissions/:id/figures',
    ].map((k) => {
      const [method, path] = k.split(' ') as [string, string];
      const sample: Sample = {
        url: (w) => `/api/dialogues/${w.slug}${path.replace(':id', '999999').replace(':indicator', 'IBC')}`,
        ...(method === 'GET' ? {} : { body: {} }),
      };
      return [`${method} /api/dialogues/:slug${path}`, sample];
    }),
  ),
};

/** The route's path parameters as strings, read from a sample URL (e.g. :slug from /api/dialogues/demo). */
function paramsOf(pattern: string, url: string): Record<string, string> {
  const parts = url.split('?')[0]!.split('/');
  return Object.fromEntries(
    pattern
      .split('/')
      .map((p, i) => [p, parts[i] ?? ''] as const)
      .filter(([p]) => p.startsWith(':'))
      .map(([p, v]) => [p.slice(1), decodeURIComponent(v)]),
  );
}

function apiRoutes(table: RouteEntry[]): RouteEntry[] {
  return table.filter(
    (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD',
  );
}

describe.each(testDatabases())('access matrix [%s]', (kind) => {
  let t: TestApp;
  let w: World;
  const actors = new Map<Persona, Actor | null>();
  const credentials = new Map<Persona, { email: string; password: string }>();
  const cookies = new Map<Persona, string>();

  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
    const closed = await makeDialogue(t.db, { classification: 'dialogue', states: ['TUR'] });
    const greece = await makeOrganisation(t.db, { country: 'GRC' });
    const italy = await makeOrganisation(t.db, { country: 'ITA' });
    const intl = await makeOrganisation(t.db, { kind: 'international' });
    w = { slug: d.slug, closedSlug: closed.slug, dialogueId: d.id, routes: [], indicators: [] };
    for (const classification of CLASSIFICATIONS) {
      const rec = {
        classification,
        originatorOrgId: greece.id,
        sharedWithOrgIds: [intl.id],
        dialogueId: d.id,
      };
      const route = await makeRoute(t.db, {
        ...rec,
        sharedWith: rec.sharedWithOrgIds,
        code: `R_${classification}`,
      });
      w.routes.push({ ...rec, code: route.code });
      const code = `I_${classification}`;
      await t.db.query(sql`INSERT INTO indicators (dialogue_id, code, name, classification, shared_with_org_ids,
          originator_org_id)
        VALUES (${d.id}, ${code}, '{"en":"x"}'::jsonb, ${classification}::classification, ${rec.sharedWithOrgIds}::int[],
          ${greece.id})`);
      w.indicators.push({ ...rec, code });
    }
    const orgOf: Record<Role, number> = {
      admin: d.secretariatOrgId,
      data_manager: d.secretariatOrgId,
      data_provider: greece.id,
      analyst: italy.id,
      observer: intl.id,
      viewer: italy.id,
    };
    actors.set('anonymous', null);
    for (const persona of PERSONAS.slice(1)) {
      const isOther = persona === 'other_member';
      const role: Role = isOther ? 'analyst' : (persona as Role);
      const dialogueId = isOther ? closed.id : d.id;
      const u = await makeUser(t.db, {
        orgId: isOther ? italy.id : orgOf[role],
        roles: [{ dialogueId, role }],
      });
      credentials.set(persona, u);
      actors.set(persona, {
        userId: u.id,
        orgId: u.orgId,
        orgKind: 'state',
        countryIso3: null,
        email: u.email,
        name: u.email,
        roles: { [dialogueId]: [role] },
      });
      cookies.set(persona, await loginCookie(t.app, u.email, u.password));
    }
  });
  afterAll(() => t?.close());

  it('every API route declares an access rule and has a sample here', () => {
    const routes = apiRoutes(t.app.routeTable);
    expect(routes.length).toBeGreaterThan(5);
    const noRule = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    expect(noRule, 'routes without config.access').toEqual([]);
    const missing = routes.map((r) => `${r.method} ${r.url}`).filter((k) => !SAMPLES[k]);
    expect(missing, 'routes missing from SAMPLES in test/access-matrix.test.ts').toEqual([]);
  });

  it('answers every route × role × classification without a leak or a false denial', async () => {
    const routes = apiRoutes(t.app.routeTable);
    const failures: string[] = [];
    let checks = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const sample = SAMPLES[key];
      if (!sample || !route.access) continue;
      for (const persona of PERSONAS) {
        const actor = actors.get(persona) ?? null;
        const cookie = cookies.get(persona);
        const headers: Record<string, string> = cookie ? { cookie, 'x-passage-csrf': '1' } : {};
        const url = sample.url(w);
        const res: LightMyRequestResponse = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers,
          ...(sample.body === undefined ? {} : { payload: sample.body as object }),
        });
        checks++;
        const where = `${key} as ${persona}: ${res.statusCode} ${res.body.slice(0, 160)}`;
        const rule = route.access;
        const deniedByRule = res.statusCode === 403 && res.json().detail?.startsWith('This requires');
        let mayPass: boolean;
        if (rule === 'public') mayPass = true;
        else if (!actor) mayPass = false;
        else if (rule === 'user') mayPass = true;
        else {
          // The checks read only the actor and the request's params, query and body.
          const req = { params: paramsOf(route.url, url), query: {}, body: sample.body };
          mayPass = rule.check(actor, req as unknown as FastifyRequest);
          if (sample.allowed && sample.allowed.includes(persona) !== mayPass) {
            failures.push(`${where}: the rule "${rule.name}" disagrees with the expected roles`);
          }
        }
        // Refused by the access layer (not, say, a wrong password on the login route).
        const refusedByAccess = res.statusCode === 401 ? res.json().code === 'UNAUTHENTICATED' : deniedByRule;
        if (rule === 'public' && refusedByAccess) failures.push(`${where}: public route refused`);
        if (rule !== 'public' && !actor && res.statusCode !== 401) failures.push(`${where}: expected 401`);
        if (actor && typeof rule === 'object' && mayPass === deniedByRule)
          failures.push(`${where}: expected ${mayPass ? 'access' : '403'}`);
        if (
          mayPass &&
          actor !== undefined &&
          sample.expectOk &&
          (res.statusCode < 200 || res.statusCode > 299)
        )
          failures.push(`${where}: expected 2xx`);
        if (mayPass && sample.classified && res.statusCode === 200) {
          const { got, expected } = sample.classified(res.json(), w, actor);
          if (JSON.stringify(got) !== JSON.stringify(expected))
            failures.push(`${where}: returned [${got}] but canSee allows [${expected}]`);
        }
        if (sample.endsSession && cookie) {
          const c = credentials.get(persona)!;
          cookies.set(persona, await loginCookie(t.app, c.email, c.password));
        }
      }
    }
    console.log(
      `access matrix [${kind}]: ${routes.length} routes × ${PERSONAS.length} roles × ${CLASSIFICATIONS.length} classifications (${w.routes.length + w.indicators.length} classified records) = ${checks} calls`,
    );
    expect(failures).toEqual([]);
  });

  it('hides a members-only dialogue (404) from everyone but its members', async () => {
    for (const persona of PERSONAS) {
      const cookie = cookies.get(persona);
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/dialogues/${w.closedSlug}`,
        headers: cookie ? { cookie } : {},
      });
      expect({ persona, status: res.statusCode }).toEqual({
        persona,
        status: persona === 'other_member' ? 200 : 404,
      });
    }
  });
});
