/**
 * The access matrix: every API route, discovered from the server's own route table, called as every role
 * (and anonymously, and with an API token of every scope) against seeded records at every classification level.
 *
 * - A route without an access rule fails; so does one whose rule is the bare `'user'` or admits every signed-in
 *   caller without a reason. A route missing from SAMPLES below fails: add it there (with a sample URL and
 *   body, who should pass its rule, and, if it returns classified records, what it returns) when you add a route.
 * - Per persona, the rule decides (src/shared/access.ts) and the response must agree: `public` and open rules
 *   are never refused; anonymous callers of the others get 401; an actor rule or a dialogue rule that says no
 *   gets 403 (404 for a dialogue the caller may not see, or, `membersOnly`, is not a member of); one that says
 *   yes is not refused at the door. A sample's `allowed` list is checked against the rule itself as well.
 * - Per token scope: a token of the admin persona holding only that scope is refused (403 TOKEN_SCOPE_MISSING)
 *   unless the route's scope is that one (or a read scope it grants); session-only routes refuse every token
 *   (403 TOKEN_NOT_ALLOWED); `public` routes refuse none.
 * - Routes returning classified records return exactly what canSee() allows: no leak, no false denial.
 */
import type { LightMyRequestResponse } from 'fastify';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugId } from '../src/domain/sdmx/sdmx-structure';
import {
  type AccessRule,
  admitsAnonymous,
  type RouteEntry,
  SESSION_ONLY,
  scopeOf,
} from '../src/shared/access';
import { type Actor, isMember } from '../src/shared/actor';
import { CLASSIFICATIONS, type Classification } from '../src/shared/classification';
import type { Role } from '../src/shared/roles';
import { scopesCover, TOKEN_SCOPE_NAMES, type TokenScope } from '../src/shared/token-scopes';
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
/** Every role in the sample dialogue (other_member belongs to another dialogue only). */
const MEMBERS: Persona[] = ['admin', 'data_manager', 'data_provider', 'analyst', 'observer', 'viewer'];
const SECRETARIAT: Persona[] = ['admin', 'data_manager'];
const SIGNED_IN: Persona[] = [...MEMBERS, 'other_member'];
/** Members who contribute shared records (alert rules, comments, responses to notices): all but viewers. */
const CONTRIBUTORS: Persona[] = ['admin', 'data_manager', 'data_provider', 'analyst', 'observer'];

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
  /** For rules with a check: the signed-in personas that pass it (checked against the rule itself too). */
  allowed?: Persona[];
  /** Classified records in the response: which codes it returns, and which it should (from canSee). */
  classified?: (body: unknown, w: World, actor: Actor | null) => { got: string[]; expected: string[] };
  /** The call ends the caller's session (log in again afterwards). */
  endsSession?: boolean;
}

/** Bodies that pass validation (so the access rule decides) and that the service refuses without writing. */
const WELL_FORMED_BODIES: Record<string, unknown> = {
  '/definitions/calendar-settings': {
    areRemindersEnabled: true,
    reminderOffsets: [0],
    isDigestEnabled: true,
    isLockingPublished: true,
    expectedRevision: 99,
  },
  '/locks/reopen': { reporter: 'GRC', period: '2019-01', reason: 'nothing is published' },
  '/rules/runs': { from: '2024-05', to: '2024-01' },
};

const visibleCodes = (records: SeededRecord[], actor: Actor | null, see = canSee) =>
  records
    .filter((r) => see(actor, r))
    .map((r) => r.code)
    .sort();
const codes = (items: { code: string }[]) => items.map((i) => i.code).sort();

/** `METHOD path` → sample, for a group of routes under one prefix. */
function group(
  prefix: string,
  entries: [string, Persona[] | undefined][],
  url: (w: World, path: string, method: string) => string,
): Record<string, Sample> {
  return Object.fromEntries(
    entries.map(([k, allowed]) => {
      const [method, path] = k.split(' ') as [string, string];
      const sample: Sample = {
        url: (w) => url(w, path, method),
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
        ...(allowed ? { allowed } : {}),
      };
      return [`${method} ${prefix}${path}`, sample];
    }),
  );
}

/** One entry per API route. New route? Add it here. */
const SAMPLES: Record<string, Sample> = {
  'GET /api/health': { url: () => '/api/health', expectOk: true },
  'GET /api/health/live': { url: () => '/api/health/live', expectOk: true },
  'GET /api/health/ready': { url: () => '/api/health/ready', expectOk: true },
  'GET /api/metrics': { url: () => '/api/metrics', expectOk: true, allowed: ['admin'] },
  'GET /api/operations/status': { url: () => '/api/operations/status', expectOk: true, allowed: ['admin'] },
  'GET /api/openapi.json': { url: () => '/api/openapi.json', expectOk: true },
  'POST /api/auth/login': {
    url: () => '/api/auth/login',
    body: { email: 'nobody@test.passage', password: 'wrong-password' },
  },
  'POST /api/auth/logout': { url: () => '/api/auth/logout', expectOk: true, endsSession: true },
  'GET /api/auth/session': { url: () => '/api/auth/session', expectOk: true, allowed: SIGNED_IN },
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
  ...group(
    '/api/admin/dialogues/:dialogueId/users',
    [
      ['GET ', ['admin']],
      ['POST ', ['admin']],
      ['PUT /:userId/roles/:role', ['admin']],
      ['DELETE /:userId/roles/:role', ['admin']],
      ['POST /:userId/deactivate', ['admin']],
      ['POST /:userId/reactivate', ['admin']],
    ],
    (w, path) =>
      `/api/admin/dialogues/${w.dialogueId}/users${path.replace(':userId', '999999').replace(':role', 'viewer')}`,
  ),
  'GET /api/admin/organisations': { url: () => '/api/admin/organisations', allowed: ['admin'] },
  'POST /api/admin/organisations': { url: () => '/api/admin/organisations', body: {}, allowed: ['admin'] },
  'PATCH /api/admin/organisations/:organisationId': {
    url: () => '/api/admin/organisations/999999',
    body: {},
    allowed: ['admin'],
  },
  'POST /api/account/password': { url: () => '/api/account/password', body: {}, allowed: SIGNED_IN },
  'GET /api/account/two-factor': { url: () => '/api/account/two-factor', allowed: SIGNED_IN },
  'POST /api/account/two-factor/enrolment': {
    url: () => '/api/account/two-factor/enrolment',
    body: { x: 1 },
    allowed: SIGNED_IN,
  },
  'POST /api/account/two-factor/enrolment/confirm': {
    url: () => '/api/account/two-factor/enrolment/confirm',
    body: {},
    allowed: SIGNED_IN,
  },
  'POST /api/account/two-factor/recovery-codes': {
    url: () => '/api/account/two-factor/recovery-codes',
    body: {},
    allowed: SIGNED_IN,
  },
  'POST /api/account/two-factor/disable': {
    url: () => '/api/account/two-factor/disable',
    body: {},
    allowed: SIGNED_IN,
  },
  'GET /api/tokens': { url: () => '/api/tokens', allowed: SIGNED_IN },
  'POST /api/tokens': { url: () => '/api/tokens', body: {}, allowed: SIGNED_IN },
  'DELETE /api/tokens/:tokenId': { url: () => '/api/tokens/999999', allowed: SIGNED_IN },
  'PUT /api/users/me/locale': {
    url: () => '/api/users/me/locale',
    body: { locale: 'en' },
    allowed: SIGNED_IN,
  },
  // Content translations (the secretariat) and the negotiated interface language (anyone).
  'GET /api/i18n/language': { url: () => '/api/i18n/language', expectOk: true },
  'GET /api/dialogues/:slug/translations': {
    url: (w) => `/api/dialogues/${w.slug}/translations`,
    allowed: SECRETARIAT,
  },
  'PUT /api/dialogues/:slug/translations': {
    url: (w) => `/api/dialogues/${w.slug}/translations`,
    body: {},
    allowed: SECRETARIAT,
  },
  'GET /api/dialogues/:slug/translations/history': {
    url: (w) => `/api/dialogues/${w.slug}/translations/history?entity=route&id=999999&field=name&language=fr`,
    allowed: SECRETARIAT,
  },
  // The organisations of a dialogue (what a restricted record is shared with): its members only.
  'GET /api/dialogues/:slug/organisations': {
    url: (w) => `/api/dialogues/${w.slug}/organisations`,
    allowed: MEMBERS,
    expectOk: true,
  },
  // Secretariat definitions: the desk, indicators, routes and the calendar (members read it).
  ...group(
    '/api/dialogues/:slug/definitions',
    [
      ['GET ', SECRETARIAT],
      ['GET /history', SECRETARIAT],
      ['POST /indicators', SECRETARIAT],
      ['PUT /indicators/:id', SECRETARIAT],
      ['DELETE /indicators/:id', SECRETARIAT],
      ['POST /routes', SECRETARIAT],
      ['PUT /routes/:id', SECRETARIAT],
      ['GET /calendar', MEMBERS],
      ['PUT /calendar', SECRETARIAT],
      ['DELETE /calendar/:reporter/:indicator', SECRETARIAT],
      ['GET /overdue', SECRETARIAT],
    ],
    (w, path, method) => {
      const query =
        path === '/history' ? '?entity=route&id=999999' : method === 'DELETE' ? '?expectedRevision=1' : '';
      return `/api/dialogues/${w.slug}/definitions${path.replace(':id', '999999').replace(':reporter', 'GRC').replace(':indicator', 'NOPE')}${query}`;
    },
  ),
  // Alerts and situation reports: members only (404 to others); the services narrow rules to their owner or
  // the secretariat and records by classification.
  ...group(
    '/api/dialogues/:slug',
    [
      ['GET /alerts', MEMBERS],
      ['GET /alerts/:id', MEMBERS],
      ['POST /alerts/:id/acknowledge', MEMBERS],
      ['POST /alerts/:id/comments', CONTRIBUTORS],
      ['GET /alerts/deliveries', MEMBERS],
      ['POST /alerts/evaluate', SECRETARIAT],
      ['GET /alerts/rules', MEMBERS],
      ['POST /alerts/rules', CONTRIBUTORS],
      ['GET /alerts/rules/:id', MEMBERS],
      ['PATCH /alerts/rules/:id', MEMBERS],
      ['DELETE /alerts/rules/:id', MEMBERS],
      ['POST /alerts/rules/:id/evaluate', MEMBERS],
      ['GET /alerts/subscriptions', MEMBERS],
      ['POST /alerts/subscriptions', MEMBERS],
      ['DELETE /alerts/subscriptions/:id', MEMBERS],
      ['GET /reports', MEMBERS],
      ['POST /reports', ['admin', 'data_manager', 'analyst']],
      ['GET /reports/:id', MEMBERS],
      ['GET /reports/:id/html', MEMBERS],
      ['GET /reports/:id/pdf', MEMBERS],
      ['GET /reports/schedules', SECRETARIAT],
      ['POST /reports/schedules', SECRETARIAT],
      ['DELETE /reports/schedules/:id', SECRETARIAT],
    ],
    (w, path) => `/api/dialogues/${w.slug}${path.replace(':id', '999999')}`,
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
  // Calendars that chase, locks, re-runs of the rules: named rules at the door (member / secretariat / data
  // manager of a dialogue); the services narrow to this dialogue (404 for members of another). Bodies are
  // empty or wrong, so nothing is written.
  ...Object.fromEntries(
    (
      [
        ['GET /definitions/reporting-rates', MEMBERS],
        ['GET /definitions/calendar-settings', MEMBERS],
        ['PUT /definitions/calendar-settings', SECRETARIAT],
        ['GET /locks', MEMBERS],
        ['POST /locks/reopen', SECRETARIAT],
        ['GET /reminders', MEMBERS],
        ['POST /reminders/run', SECRETARIAT],
        ['GET /messages/outbox', MEMBERS],
        ['GET /rules/runs', ['data_manager']],
        ['POST /rules/runs', ['data_manager']],
        ['GET /rules/runs/:runId/violations', ['data_manager']],
      ] as [string, Persona[]][]
    ).map(([k, allowed]) => {
      const [method, path] = k.split(' ') as [string, string];
      const sample: Sample = {
        url: (w) => `/api/dialogues/${w.slug}${path.replace(':runId', '999999')}`,
        allowed,
        ...(method === 'GET' ? {} : { body: WELL_FORMED_BODIES[path] ?? {} }),
      };
      return [`${method} /api/dialogues/:slug${path}`, sample];
    }),
  ),
  // Notices (src/modules/notices): reading is open (a public dialogue's public notices; a token needs
  // notices:read); posting and changing for a state's analysts and the secretariat; responding for members.
  // Bodies are empty (400) and ids unknown (404), so nothing is written.
  ...group(
    '/api/dialogues/:slug/notices',
    [
      ['GET ', undefined],
      ['POST ', ['admin', 'data_manager', 'analyst']],
      ['GET /feed.atom', undefined],
      ['GET /effective.ics', undefined],
      ['GET /:id', undefined],
      ['GET /:id/history', undefined],
      ['PATCH /:id', ['admin', 'data_manager', 'analyst']],
      ['POST /:id/send', ['admin', 'data_manager', 'analyst']],
      ['POST /:id/acknowledge', CONTRIBUTORS],
      ['POST /:id/comments', CONTRIBUTORS],
      ['POST /:id/comments/:commentId/answer', ['admin', 'data_manager', 'analyst']],
      ['POST /:id/outcome', ['admin', 'data_manager', 'analyst']],
      // Saved filters: every member, their own only (unknown ids 404); the uptake: the secretariat.
      ['GET /subscriptions', MEMBERS],
      ['POST /subscriptions', MEMBERS],
      ['PATCH /subscriptions/:subscriptionId', MEMBERS],
      ['DELETE /subscriptions/:subscriptionId', MEMBERS],
      ['GET /uptake', SECRETARIAT],
      ['POST /uptake/nudges', SECRETARIAT],
      // Attachments (notices.attachments.ts): read with the notice; added by the notifying side. The upload
      // sample has no query string (400): nothing is written.
      ['GET /inbound-address', ['admin', 'data_manager', 'analyst']],
      ['GET /:id/attachments', undefined],
      ['POST /:id/attachments', ['admin', 'data_manager', 'analyst']],
      ['GET /:id/attachments/:attachmentId', undefined],
    ],
    (w, path) =>
      `/api/dialogues/${w.slug}/notices${path
        .replace(':id', '999999')
        .replace(':commentId', '999999')
        .replace(':subscriptionId', '999999')
        .replace(':attachmentId', '999999')}`,
  ),
  // A mail relay forwards an e-mail to a dialogue's notices address: open at the door (the shared secret is the
  // credential; tokens are refused); inbound e-mail is not configured here, so every call is a 404.
  'POST /api/inbound-mail': { url: () => '/api/inbound-mail', body: {} },
  // Implementation monitoring (src/modules/monitoring): members read; the secretariat imports, opens and closes
  // cycles and reviews; a state's analysts and data providers report. Empty bodies (400), unknown ids (404).
  ...group(
    '/api/dialogues/:slug/monitoring',
    [
      ['POST /split', SECRETARIAT],
      ['GET /declarations', MEMBERS],
      ['POST /declarations', SECRETARIAT],
      ['GET /declarations/:id', MEMBERS],
      ['GET /declarations/:id/progress', MEMBERS],
      ['POST /declarations/:id/commitments/:commitmentId/actions', SECRETARIAT],
      ['POST /declarations/:id/cycles', SECRETARIAT],
      ['GET /cycles/:id', MEMBERS],
      ['POST /cycles/:id/close', SECRETARIAT],
      ['PUT /cycles/:id/reports/:commitmentId', ['data_provider', 'analyst']],
      ['GET /cycles/:id/dashboard', MEMBERS],
      ['GET /cycles/:id/dashboard.xlsx', MEMBERS],
      ['GET /cycles/:id/dashboard.pdf', MEMBERS],
      ['PATCH /reports/:id', ['data_provider', 'analyst']],
      ['POST /reports/:id/submit', ['data_provider', 'analyst']],
      ['POST /reports/:id/review', SECRETARIAT],
      ['GET /reports/:id/history', MEMBERS],
    ],
    (w, path) =>
      `/api/dialogues/${w.slug}/monitoring${path.replace(':id', '999999').replace(':commitmentId', '999999')}`,
  ),
  // Country profiles (src/modules/profiles): members read; the secretariat and the state's analysts and data
  // providers write drafts; only the state's analysts and data providers endorse or return. A country that is not
  // a member state (ZZZ), an unknown version: 404; empty bodies: 400.
  ...group(
    '/api/dialogues/:slug/profiles',
    [
      ['GET ', MEMBERS],
      ['GET /:state', MEMBERS],
      ['GET /:state/figures', MEMBERS],
      ['PUT /:state/draft', ['admin', 'data_manager', 'data_provider', 'analyst']],
      ['GET /:state/versions/:number', MEMBERS],
      ['POST /:state/versions/:number/endorse', ['data_provider', 'analyst']],
      ['POST /:state/versions/:number/return', ['data_provider', 'analyst']],
      ['GET /:state/compare', MEMBERS],
    ],
    (w, path) =>
      `/api/dialogues/${w.slug}/profiles${path.replace(':state', 'ZZZ').replace(':number', '999999')}${
        path.endsWith('/compare') ? '?from=1&to=2' : ''
      }`,
  ),
  // Best-practice inventory (src/modules/practices): reading is open (published practices by classification,
  // the service filters), the history for members; members but viewers write and submit; the secretariat
  // verifies. Empty bodies (400), unknown ids (404).
  ...group(
    '/api/dialogues/:slug/practices',
    [
      ['GET ', undefined],
      ['GET /export.csv', undefined],
      ['GET /compare', undefined],
      ['POST ', CONTRIBUTORS],
      ['GET /:id', undefined],
      ['PATCH /:id', CONTRIBUTORS],
      ['POST /:id/submit', CONTRIBUTORS],
      ['POST /:id/verify', SECRETARIAT],
      ['GET /:id/history', MEMBERS],
      // Files (practices.attachments.ts): read with the practice; added by who may change it. The upload
      // sample has no query string (400): nothing is written.
      ['GET /:id/attachments', undefined],
      ['POST /:id/attachments', CONTRIBUTORS],
      ['GET /:id/attachments/:attachmentId', undefined],
    ],
    (w, path, method) =>
      `/api/dialogues/${w.slug}/practices${path.replace(':id', '999999').replace(':attachmentId', '999999')}${
        method === 'GET' && path === '/compare' ? '?a=999998&b=999999' : ''
      }`,
  ),
  // Meetings (src/modules/meetings): members read (and the calendar feed, their follow-up actions); the
  // secretariat plans and changes; members pass the door to complete an action (the service checks the owner).
  ...group(
    '/api/dialogues/:slug/meetings',
    [
      ['GET ', MEMBERS],
      ['POST ', SECRETARIAT],
      ['GET /calendar.ics', MEMBERS],
      ['GET /actions/mine', MEMBERS],
      ['GET /:id', MEMBERS],
      ['PATCH /:id', SECRETARIAT],
      ['GET /:id/history', MEMBERS],
      ['POST /:id/actions', SECRETARIAT],
      ['POST /:id/actions/:actionId/done', MEMBERS],
    ],
    (w, path) =>
      `/api/dialogues/${w.slug}/meetings${path.replace(':id', '999999').replace(':actionId', '999999')}`,
  ),
  // Draft consultations (src/modules/consultations): members read; the secretariat manages; delegations
  // (members but viewers) comment. Bodies are empty (400) and ids unknown (404), so nothing is written.
  ...group(
    '/api/dialogues/:slug/consultations',
    [
      ['GET ', MEMBERS],
      ['POST ', SECRETARIAT],
      ['GET /:id', MEMBERS],
      ['PATCH /:id', SECRETARIAT],
      ['PUT /:id/split', SECRETARIAT],
      ['POST /:id/open', SECRETARIAT],
      ['POST /:id/comments', CONTRIBUTORS],
      ['PATCH /:id/comments/:commentId', CONTRIBUTORS],
      ['POST /:id/comments/:commentId/response', SECRETARIAT],
      ['GET /:id/matrix', MEMBERS],
      ['GET /:id/matrix.xlsx', MEMBERS],
      ['GET /:id/matrix.docx', MEMBERS],
      ['GET /:id/matrix.pdf', MEMBERS],
      ['GET /:id/summary', MEMBERS],
      ['PUT /:id/summary', SECRETARIAT],
      ['POST /:id/summary/generate', SECRETARIAT],
      ['GET /:id/summary.docx', MEMBERS],
      ['POST /:id/versions', SECRETARIAT],
      ['GET /:id/compare', MEMBERS],
    ],
    (w, path) =>
      `/api/dialogues/${w.slug}/consultations${path.replace(':id', '999999').replace(':commentId', '999999')}`,
  ),
  // Agreements registry (src/modules/agreements): members read; the secretariat and state analysts record and
  // change (the service checks the parties and the originator). Empty bodies (400), unknown ids (404).
  ...group(
    '/api/dialogues/:slug/agreements',
    [
      ['GET ', MEMBERS],
      ['POST ', ['admin', 'data_manager', 'analyst']],
      ['GET .csv', MEMBERS],
      ['GET /matrix', MEMBERS],
      ['GET /partners', MEMBERS],
      ['GET /:id', MEMBERS],
      ['PUT /:id', ['admin', 'data_manager', 'analyst']],
      ['GET /:id/history', MEMBERS],
    ],
    (w, path) => `/api/dialogues/${w.slug}/agreements${path.replace(':id', '999999')}`,
  ),
  // Document library (src/modules/documents): reading is open (by classification); uploading for the
  // secretariat and analysts. Query strings lack the metadata (400) and ids are unknown (404): nothing written.
  ...group(
    '/api/dialogues/:slug/documents',
    [
      ['GET ', undefined],
      ['POST ', ['admin', 'data_manager', 'analyst']],
      ['GET /:id', undefined],
      ['POST /:id/revisions', ['admin', 'data_manager', 'analyst']],
      ['GET /:id/file', undefined],
    ],
    (w, path) => `/api/dialogues/${w.slug}/documents${path.replace(':id', '999999')}`,
  ),
  // One search across Passage (src/modules/search): open, filtered by visibility in SQL.
  'GET /api/search': { url: () => '/api/search?q=migration', expectOk: true },
  'GET /api/dialogues/:slug/notices/feed.atom': {
    url: (w) => `/api/dialogues/${w.slug}/notices/feed.atom`,
    expectOk: true,
  },
  'GET /api/dialogues/:slug/notices/effective.ics': {
    url: (w) => `/api/dialogues/${w.slug}/notices/effective.ics`,
    expectOk: true,
  },
  // Contact directory: members read (outsiders 404), editors pass the door (the service narrows a state to its
  // own entries), the secretariat manages; the samples name no entry and carry empty bodies: nothing is written.
  ...group(
    '/api/dialogues/:slug/contacts',
    [
      ['GET ', MEMBERS],
      ['POST ', ['admin', 'data_manager', 'analyst']],
      ['GET /export.vcf', MEMBERS],
      ['GET /export.csv', MEMBERS],
      ['GET /stale', SECRETARIAT],
      ['PUT /settings', SECRETARIAT],
      ['POST /confirmations/run', SECRETARIAT],
      ['PUT /:id', ['admin', 'data_manager', 'analyst']],
      ['DELETE /:id', ['admin', 'data_manager', 'analyst']],
      ['GET /:id/history', MEMBERS],
      ['GET /:id/contact.vcf', MEMBERS],
    ],
    (w, path) => `/api/dialogues/${w.slug}/contacts${path.replace(':id', '999999')}`,
  ),
  // Public confirmation of an entry: the token in the body is the credential (a wrong one is a 400).
  'POST /api/contact-confirmations/lookup': {
    url: () => '/api/contact-confirmations/lookup',
    body: { token: '1.1.x' },
  },
  'POST /api/contact-confirmations/confirm': {
    url: () => '/api/contact-confirmations/confirm',
    body: { token: '1.1.x' },
  },
  'GET /api/notifications': { url: () => '/api/notifications', expectOk: true, allowed: SIGNED_IN },
  'GET /api/notifications/unread-count': {
    url: () => '/api/notifications/unread-count',
    expectOk: true,
    allowed: SIGNED_IN,
  },
  'POST /api/notifications/:id/read': { url: () => '/api/notifications/999999/read', allowed: SIGNED_IN },
  'POST /api/notifications/read-all': {
    url: () => '/api/notifications/read-all',
    expectOk: true,
    allowed: SIGNED_IN,
  },
  // Forecasts: reading is for members (a forecast's history is not disclosure-controlled; the service filters by
  // classification); recomputing is for the secretariat. The sample dialogue has no forecasts yet: the list is
  // empty, the series a 404.
  'GET /api/dialogues/:slug/forecasts': {
    url: (w) => `/api/dialogues/${w.slug}/forecasts`,
    expectOk: true,
    allowed: MEMBERS,
  },
  'GET /api/dialogues/:slug/forecasts/series': {
    url: (w) => `/api/dialogues/${w.slug}/forecasts/series?indicator=I_public&route=_T`,
    allowed: MEMBERS,
  },
  'POST /api/dialogues/:slug/forecasts/refresh': {
    url: (w) => `/api/dialogues/${w.slug}/forecasts/refresh`,
    body: {},
    allowed: SECRETARIAT,
    expectOk: true,
  },
  // Figures, submissions, validation rules and analytics (for members: dashboards are not disclosure-controlled,
  // the public reads figures through the portal and SDMX): the samples name no existing record or carry an
  // empty body, so nothing is written. Routes on one submission admit members at the door (the service then
  // answers 404 for a submission the caller may not see, 403 to those who may not act on it).
  ...group(
    '/api/dialogues/:slug',
    [
      ['GET /analytics/breakdown', MEMBERS],
      ['GET /analytics/choropleth', MEMBERS],
      ['GET /analytics/compare', MEMBERS],
      ['GET /analytics/completeness', MEMBERS],
      ['GET /analytics/flows', MEMBERS],
      ['GET /analytics/reporter-month', MEMBERS],
      ['GET /analytics/route-month', MEMBERS],
      ['GET /analytics/route-shifts', MEMBERS],
      ['GET /analytics/series', MEMBERS],
      ['GET /analytics/top-citizenships', MEMBERS],
      ['GET /figures/history', MEMBERS],
      ['GET /observations', undefined],
      ['GET /sdmx/structure', undefined],
      ['GET /templates/:indicator', SIGNED_IN],
      ['POST /imports', ['data_manager', 'data_provider']],
      ['GET /submission-grants', SECRETARIAT],
      ['PUT /submission-grants/:orgId', SECRETARIAT],
      ['GET /rules', MEMBERS],
      ['POST /rules', ['data_manager']],
      ['PATCH /rules/:id', ['data_manager']],
      ['GET /submissions', MEMBERS],
      ['POST /submissions', ['data_manager', 'data_provider']],
      ['GET /submissions/:id', MEMBERS],
      ['GET /submissions/:id/diff', MEMBERS],
      ['GET /submissions/:id/findings', MEMBERS],
      ['GET /submissions/:id/observations', MEMBERS],
      ['PUT /submissions/:id/figures', MEMBERS],
      ['DELETE /submissions/:id/figures', MEMBERS],
      ['POST /submissions/:id/submit', MEMBERS],
      ['POST /submissions/:id/validate', MEMBERS],
      ['POST /submissions/:id/return', MEMBERS],
      ['POST /submissions/:id/publish', MEMBERS],
      ['POST /submissions/:id/release', MEMBERS],
      ['DELETE /submissions/:id/release', MEMBERS],
    ],
    (w, path) =>
      `/api/dialogues/${w.slug}${path.replace(':id', '999999').replace(':indicator', 'IBC').replace(':orgId', '999999')}`,
  ),
  // Import mappings (src/modules/import-mappings): for those who import, data providers and data managers.
  // The samples name no existing mapping or send an empty body, so nothing is written.
  ...group(
    '/api/dialogues/:slug/import-mappings',
    [
      ['GET ', ['data_manager', 'data_provider']],
      ['POST /propose', ['data_manager', 'data_provider']],
      ['GET /:name', ['data_manager', 'data_provider']],
      ['PUT /:name', ['data_manager', 'data_provider']],
      ['POST /:name/imports', ['data_manager', 'data_provider']],
    ],
    (w, path) => `/api/dialogues/${w.slug}/import-mappings${path.replace(':name', 'no-such-mapping')}`,
  ),
  // SDMX REST API: open; what it lists depends on the caller (the indicator codelist: canSeeIndicator).
  ...Object.fromEntries(
    ['dataflow', 'datastructure', 'codelist', 'conceptscheme'].flatMap((r) =>
      ['', '/:agency', '/:agency/:id', '/:agency/:id/:version'].map((p): [string, Sample] => [
        `GET /api/sdmx/2.1/${r}${p}`,
        {
          url: () =>
            `/api/sdmx/2.1/${r}${p.replace(':agency', 'PASSAGE').replace(':id', 'all').replace(':version', 'latest')}`,
        },
      ]),
    ),
  ),
  'GET /api/sdmx/2.1/codelist/:agency/:id': {
    url: (w) => `/api/sdmx/2.1/codelist/PASSAGE/CL_INDICATOR_${slugId(w.slug)}?format=sdmx-json`,
    expectOk: true,
    classified: (body, w, actor) => ({
      got: codes(
        (body as { data: { codelists: { codes: { id: string }[] }[] } }).data.codelists[0]!.codes.map(
          (c) => ({
            code: c.id,
          }),
        ),
      ),
      expected: visibleCodes(w.indicators, actor, canSeeIndicator),
    }),
  },
  'GET /api/sdmx/2.1/data/:flow': { url: (w) => `/api/sdmx/2.1/data/DF_${slugId(w.slug)}` },
  'GET /api/sdmx/2.1/data/:flow/:key': { url: (w) => `/api/sdmx/2.1/data/DF_${slugId(w.slug)}/all` },
  'GET /api/sdmx/2.1/data/:flow/:key/:provider': {
    url: (w) => `/api/sdmx/2.1/data/DF_${slugId(w.slug)}/all/all`,
  },
  // SDMX REST 3.0: the same rule (open, scope observations:read) and the same visibility as 2.1.
  ...Object.fromEntries(
    ['dataflow', 'datastructure', 'codelist', 'conceptscheme'].flatMap((r) =>
      ['', '/:agency', '/:agency/:id', '/:agency/:id/:version'].map((p): [string, Sample] => [
        `GET /api/sdmx/3.0/structure/${r}${p}`,
        {
          url: () =>
            `/api/sdmx/3.0/structure/${r}${p.replace(':agency', 'PASSAGE').replace(':id', '*').replace(':version', '~')}`,
        },
      ]),
    ),
  ),
  'GET /api/sdmx/3.0/structure/codelist/:agency/:id': {
    url: (w) => `/api/sdmx/3.0/structure/codelist/PASSAGE/CL_INDICATOR_${slugId(w.slug)}`,
    expectOk: true,
    classified: (body, w, actor) => ({
      got: codes(
        (body as { data: { codelists: { codes: { id: string }[] }[] } }).data.codelists[0]!.codes.map(
          (c) => ({ code: c.id }),
        ),
      ),
      expected: visibleCodes(w.indicators, actor, canSeeIndicator),
    }),
  },
  'GET /api/sdmx/3.0/data/:context/:agencyID/:resourceID': {
    url: (w) => `/api/sdmx/3.0/data/dataflow/PASSAGE/DF_${slugId(w.slug)}`,
  },
  'GET /api/sdmx/3.0/data/:context/:agencyID/:resourceID/:version': {
    url: (w) => `/api/sdmx/3.0/data/dataflow/PASSAGE/DF_${slugId(w.slug)}/~`,
  },
  'GET /api/sdmx/3.0/data/:context/:agencyID/:resourceID/:version/:key': {
    url: (w) => `/api/sdmx/3.0/data/dataflow/PASSAGE/DF_${slugId(w.slug)}/1.0/*`,
  },
  // Public portal: open, and the same for everyone (read as an anonymous caller): public routes and indicators.
  'GET /api/portal/:slug': {
    url: (w) => `/api/portal/${w.slug}`,
    expectOk: true,
    classified: (body, w) => {
      const o = body as { routes: { code: string }[]; indicators: { code: string }[] };
      return {
        got: [...codes(o.routes), ...codes(o.indicators)],
        expected: [...visibleCodes(w.routes, null), ...visibleCodes(w.indicators, null, canSeeIndicator)],
      };
    },
  },
  'GET /api/portal/:slug/routes/:route': { url: (w) => `/api/portal/${w.slug}/routes/UNKNOWN` },
  'GET /api/portal/:slug/releases': { url: (w) => `/api/portal/${w.slug}/releases`, expectOk: true },
  // The map's values: the same for everyone (public indicators only; an unknown one is a 400).
  'GET /api/portal/:slug/map': {
    url: (w) => `/api/portal/${w.slug}/map`,
    expectOk: true,
    classified: (body, w) => {
      const o = body as { indicators: string[]; indicator: { code: string } | null };
      const visible = new Set(visibleCodes(w.indicators, null, canSeeIndicator));
      return {
        got: [...o.indicators, ...(o.indicator ? [o.indicator.code] : [])].filter((c) => !visible.has(c)),
        expected: [],
      };
    },
  },
  'GET /api/portal/:slug/downloads/:indicator': { url: (w) => `/api/portal/${w.slug}/downloads/UNKNOWN` },
  // The link-preview card: drawn once per text (cached), the same for everyone.
  'GET /api/portal/:slug/preview.png': { url: (w) => `/api/portal/${w.slug}/preview.png`, expectOk: true },
  // Public notices and documents on the portal: open, read as the public (only public, sent notices).
  'GET /api/portal/:slug/notices': { url: (w) => `/api/portal/${w.slug}/notices`, expectOk: true },
  'GET /api/portal/:slug/notices/:id': { url: (w) => `/api/portal/${w.slug}/notices/999999` },
  'GET /api/portal/:slug/documents': { url: (w) => `/api/portal/${w.slug}/documents`, expectOk: true },
  'GET /api/portal/:slug/documents/:id': { url: (w) => `/api/portal/${w.slug}/documents/999999` },
  // Public practices, agreements and profiles on the portal: open, read as the public (published, public ones;
  // profiles: the endorsed version's public sections).
  'GET /api/portal/:slug/practices': { url: (w) => `/api/portal/${w.slug}/practices`, expectOk: true },
  'GET /api/portal/:slug/practices/:id': { url: (w) => `/api/portal/${w.slug}/practices/999999` },
  // A public practice's file: anonymous, 404 for any practice that is not published and public.
  'GET /api/portal/:slug/practices/:id/files/:fileId': {
    url: (w) => `/api/portal/${w.slug}/practices/999999/files/999999`,
  },
  'GET /api/portal/:slug/agreements': { url: (w) => `/api/portal/${w.slug}/agreements`, expectOk: true },
  'GET /api/portal/:slug/agreements/:id': { url: (w) => `/api/portal/${w.slug}/agreements/999999` },
  'GET /api/portal/:slug/profiles': { url: (w) => `/api/portal/${w.slug}/profiles`, expectOk: true },
  'GET /api/portal/:slug/profiles/:state': { url: (w) => `/api/portal/${w.slug}/profiles/ZZZ` },
};
// DELETE …/figures carries a body (the figure's key); an empty one is enough here.
SAMPLES['DELETE /api/dialogues/:slug/submissions/:id/figures']!.body = {};

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

/** What the door must answer: let the caller through, or refuse with this status. */
type Verdict = 'pass' | 401 | 403 | 404;

/** The rule's own answer for this caller and sample URL (the world has one visible, public dialogue). */
function ruleVerdict(
  rule: AccessRule,
  actor: Actor | null,
  routeUrl: string,
  url: string,
  w: World,
): Verdict {
  if (rule === 'public') return 'pass';
  if (!actor) return admitsAnonymous(rule) ? 'pass' : 401;
  if (rule === 'user' || rule.kind === 'open') return 'pass';
  if (rule.kind === 'actor') return rule.check(actor) ? 'pass' : 403;
  const params = paramsOf(routeUrl, url);
  const dialogueId =
    params.slug !== undefined ? (params.slug === w.slug ? w.dialogueId : -1) : Number(params.dialogueId);
  if (dialogueId === -1) throw new Error(`${routeUrl}: samples use the world's dialogue`);
  if ((params.slug === undefined || rule.membersOnly) && !isMember(actor, dialogueId)) return 404;
  return rule.check(actor, { dialogueId }) ? 'pass' : 403;
}

/** What the door answered, or 'pass' when it let the request through (whatever the service then said). */
function doorAnswer(res: LightMyRequestResponse): Verdict {
  const body = res.headers['content-type']?.toString().includes('json') ? res.json() : {};
  if (res.statusCode === 401 && body.code === 'UNAUTHENTICATED') return 401;
  if (res.statusCode === 403 && String(body.detail ?? '').startsWith('This requires')) return 403;
  if (res.statusCode === 404 && /^Dialogue .* was not found$/.test(String(body.detail ?? ''))) return 404;
  return 'pass';
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

  it('every API route declares a named rule (or public) and has a sample here', () => {
    const routes = apiRoutes(t.app.routeTable);
    expect(routes.length).toBeGreaterThan(5);
    const noRule = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    expect(noRule, 'routes without config.access').toEqual([]);
    const missing = routes.map((r) => `${r.method} ${r.url}`).filter((k) => !SAMPLES[k]);
    expect(missing, 'routes missing from SAMPLES in test/access-matrix.test.ts').toEqual([]);
    // `user` says nothing about who may call the route: name a rule in the module's policy file, or, for a
    // person's own things, rule.signedIn(name, scope, reason).
    const bare = routes
      .filter(
        (r) =>
          r.access === 'user' ||
          (typeof r.access === 'object' &&
            r.access.kind === 'actor' &&
            r.access.admitsEveryone &&
            !r.access.reason?.trim()),
      )
      .map((r) => `${r.method} ${r.url}`);
    expect(bare, "routes whose rule is 'user' (any signed-in caller) without a reason").toEqual([]);
    // One name, one rule: a 403 or the OpenAPI document naming a rule points at exactly one.
    const byName = new Map<string, AccessRule>();
    const clashes: string[] = [];
    for (const r of routes) {
      if (typeof r.access !== 'object') continue;
      const seen = byName.get(r.access.name);
      if (seen && seen !== r.access) clashes.push(r.access.name);
      byName.set(r.access.name, r.access);
    }
    expect(clashes, 'rule names used by two different rules').toEqual([]);
    const named = routes.filter((r) => typeof r.access === 'object').length;
    console.log(
      `access rules [${kind}]: ${named} of ${routes.length} routes name a rule, ${routes.length - named} public`,
    );
  });

  it('answers every route × role × classification as its rule says, without a leak or a false denial', async () => {
    const routes = apiRoutes(t.app.routeTable);
    const failures: string[] = [];
    let checks = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const sample = SAMPLES[key];
      const rule = route.access;
      if (!sample || !rule) continue;
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
        const expected = ruleVerdict(rule, actor, route.url, url, w);
        const answered = doorAnswer(res);
        if (answered !== expected)
          failures.push(`${where}: the rule says ${expected}, the door said ${answered}`);
        if (actor && sample.allowed && sample.allowed.includes(persona) !== (expected === 'pass'))
          failures.push(
            `${where}: the rule disagrees with the expected roles (${sample.allowed.join(', ')})`,
          );
        if (expected === 'pass' && sample.expectOk && (res.statusCode < 200 || res.statusCode > 299))
          failures.push(`${where}: expected 2xx`);
        if (expected === 'pass' && sample.classified && res.statusCode === 200) {
          const { got, expected: visible } = sample.classified(res.json(), w, actor);
          if (JSON.stringify(got) !== JSON.stringify(visible))
            failures.push(`${where}: returned [${got}] but canSee allows [${visible}]`);
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
    // Routes × roles × classifications (1,300+ calls): more than the default minute on a loaded machine.
  }, 300_000);

  // The door decides a token's scopes the same way on both databases (the token row is read by the same
  // query; token storage is tested on both in src/modules/identity): this sweep of every route runs once, on
  // the embedded database. Per route it tries the tokens that decide whether the route checks the right
  // scope: one holding exactly the scope it needs (passes), one holding a scope that grants it (passes), and
  // one holding every other scope (refused; it would pass if the route checked any scope but its own). The
  // door's verdict is a pure function of the token's scopes (scopesCover, src/shared/token-scopes.ts, tested
  // on its own), so these stand for every combination: the sweep of every route × every single scope made
  // 8,470 calls for the same verdicts.
  const onOneDatabase = kind === 'pglite' ? it : undefined;
  onOneDatabase?.(
    'refuses every API token without the route’s scope, and every token on session-only routes',
    async () => {
      const admin = cookies.get('admin')!;
      const secrets = new Map<string, { scopes: TokenScope[]; secret: string }>();
      const token = async (scopes: TokenScope[]) => {
        const name = scopes.length === 1 ? `only ${scopes[0]}` : `${scopes.length} scopes (${scopes[0]}…)`;
        const key = [...scopes].sort().join(' ');
        const known = secrets.get(key);
        if (known) return { name, ...known };
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/tokens',
          headers: { cookie: admin, 'x-passage-csrf': '1' },
          payload: { name, dialogueId: w.dialogueId, scopes, expiresInDays: 1 },
        });
        expect(res.statusCode, res.body).toBe(201);
        const made = { scopes, secret: res.json().secret as string };
        secrets.set(key, made);
        return { name, ...made };
      };
      const everyScope: TokenScope[] = [...TOKEN_SCOPE_NAMES];
      const [first, ...rest] = TOKEN_SCOPE_NAMES;
      const last = rest.at(-1) ?? first;
      const triedFor = async (needed: TokenScope | typeof SESSION_ONLY | null) => {
        if (needed === null) return [await token([first]), await token([last])];
        if (needed === SESSION_ONLY) return [await token(everyScope), await token([first])];
        const granting = everyScope.find((s) => s !== needed && scopesCover([s], needed));
        return [
          await token([needed]),
          ...(granting ? [await token([granting])] : []),
          await token(everyScope.filter((s) => !scopesCover([s], needed))),
        ];
      };
      const routes = apiRoutes(t.app.routeTable);
      const failures: string[] = [];
      let checks = 0;
      for (const route of routes) {
        const key = `${route.method} ${route.url}`;
        const sample = SAMPLES[key];
        if (!sample || !route.access) continue;
        const needed = scopeOf(route.access);
        for (const tried of await triedFor(needed)) {
          const res = await t.app.inject({
            method: route.method as 'GET',
            url: sample.url(w),
            headers: { authorization: `Bearer ${tried.secret}` },
            ...(sample.body === undefined ? {} : { payload: sample.body as object }),
          });
          checks++;
          const code = res.headers['content-type']?.toString().includes('json') ? res.json().code : undefined;
          const refused =
            res.statusCode === 403 && (code === 'TOKEN_SCOPE_MISSING' || code === 'TOKEN_NOT_ALLOWED');
          const expected =
            needed === null
              ? 'pass'
              : needed === SESSION_ONLY
                ? 'TOKEN_NOT_ALLOWED'
                : scopesCover(tried.scopes, needed)
                  ? 'pass'
                  : 'TOKEN_SCOPE_MISSING';
          const where = `${key} with a token of ${tried.name} (route needs ${needed ?? 'nothing'}): ${res.statusCode} ${res.body.slice(0, 160)}`;
          if (expected === 'pass' ? refused : !refused || code !== expected)
            failures.push(`${where}: expected ${expected}`);
        }
      }
      console.log(`token scopes [${kind}]: ${routes.length} routes, ${secrets.size} tokens, ${checks} calls`);
      expect(failures).toEqual([]);
      // Every route gets a refused token: a sweep that tried none would prove nothing.
      expect(checks).toBeGreaterThanOrEqual(
        2 * routes.filter((r) => r.access && SAMPLES[`${r.method} ${r.url}`]).length,
      );
    },
    300_000,
  );

  it("the session's abilities say who may act, and agree with the door where the door decides", async () => {
    // Who should hold each ability in the sample dialogue (an independent statement of the rules)…
    const holders: Record<string, Persona[]> = {
      canSubmit: ['data_manager', 'data_provider'],
      canSubmitForAnyState: ['data_manager'],
      canReview: ['data_manager'],
      canManageValidationRules: ['data_manager'],
      canManageDefinitions: SECRETARIAT,
      canTranslate: SECRETARIAT,
      canRefreshForecasts: SECRETARIAT,
      canEvaluateAlerts: SECRETARIAT,
      canCreateAlertRules: CONTRIBUTORS,
      canComment: CONTRIBUTORS,
      canGenerateReports: ['admin', 'data_manager', 'analyst'],
      canScheduleReports: SECRETARIAT,
      canAdministerUsers: ['admin'],
      canReadAudit: ['admin'],
      canPostNotices: ['admin', 'data_manager', 'analyst'],
      canPostNoticesForAnyState: SECRETARIAT,
    };
    // …and the route whose rule at the door decides the same thing.
    const doorOf: Record<string, string> = {
      canSubmit: 'POST /api/dialogues/:slug/submissions',
      canManageValidationRules: 'POST /api/dialogues/:slug/rules',
      canManageDefinitions: 'POST /api/dialogues/:slug/definitions/indicators',
      canTranslate: 'PUT /api/dialogues/:slug/translations',
      canRefreshForecasts: 'POST /api/dialogues/:slug/forecasts/refresh',
      canEvaluateAlerts: 'POST /api/dialogues/:slug/alerts/evaluate',
      canCreateAlertRules: 'POST /api/dialogues/:slug/alerts/rules',
      canComment: 'POST /api/dialogues/:slug/alerts/:id/comments',
      canGenerateReports: 'POST /api/dialogues/:slug/reports',
      canScheduleReports: 'POST /api/dialogues/:slug/reports/schedules',
      canAdministerUsers: 'POST /api/admin/dialogues/:dialogueId/users',
      canPostNotices: 'POST /api/dialogues/:slug/notices',
    };
    const table = new Map(apiRoutes(t.app.routeTable).map((r) => [`${r.method} ${r.url}`, r]));
    for (const persona of MEMBERS) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/auth/session',
        headers: { cookie: cookies.get(persona)! },
      });
      const membership = (
        res.json() as { memberships: { dialogueId: number; abilities: Record<string, unknown> }[] }
      ).memberships.find((m) => m.dialogueId === w.dialogueId)!;
      for (const [ability, who] of Object.entries(holders)) {
        expect({ persona, ability, holds: membership.abilities[ability] }).toEqual({
          persona,
          ability,
          holds: who.includes(persona),
        });
        const key = doorOf[ability];
        if (!key) continue;
        const route = table.get(key)!;
        const url = SAMPLES[key]!.url(w);
        const passes = ruleVerdict(route.access!, actors.get(persona) ?? null, route.url, url, w) === 'pass';
        expect({ persona, ability, passes }).toEqual({ persona, ability, passes: who.includes(persona) });
      }
    }
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
