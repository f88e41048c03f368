/**
 * What the server says when it starts: where it listens and why, the demo accounts (with their passwords
 * only right after seeding, since only hashes are stored) and how two-factor enrolment works for the roles
 * that need it. Pure functions, so the wording is tested without starting a server; main.ts prints the lines.
 */
import type { DemoCredentials } from '../demo/demo-passwords';
import type { Role } from '../shared/roles';

/** The loopback address a demo server listens on unless HOST says otherwise. */
export const DEMO_HOST = '127.0.0.1';

/**
 * HOST when set; otherwise loopback while the database holds the demo dialogue (its accounts are known
 * from the README), every interface for a real installation.
 */
export function listenHost(configured: string | undefined, hasDemo: boolean): string {
  return configured ?? (hasDemo ? DEMO_HOST : '0.0.0.0');
}

/** The address to open in a browser, e.g. http://localhost:3000 for a server on 0.0.0.0 or loopback. */
export function browserUrl(host: string, port: number): string {
  const local = ['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'].includes(host);
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export interface BannerInfo {
  url: string;
  database: string;
  host: string;
  /** HOST was set explicitly. */
  isHostConfigured: boolean;
  /** The database holds the demo dialogue. */
  hasDemo: boolean;
  /** Accounts seeded by this start, with their passwords; empty when the demo existed already. */
  seeded: readonly DemoCredentials[];
  /** The seeded passwords came from PASSAGE_DEMO_PASSWORD. */
  isDemoPasswordFixed: boolean;
  /** Demo accounts (e-mail, role), also when not seeded now. */
  demoUsers: readonly { email: string; role: Role }[];
  require2faRoles: readonly Role[];
}

export function startupBanner(i: BannerInfo): string[] {
  const lines = [`database: ${i.database}`, `Passage is running at ${i.url}  (API docs: ${i.url}/api/docs)`];
  if (i.hasDemo && !i.isHostConfigured)
    lines.push(
      `listening on ${i.host} only: the database holds the demo dialogue; set HOST=0.0.0.0 (or an address) to open it to the network`,
    );
  if (i.hasDemo) lines.push(...demoAccountLines(i));
  lines.push(...twoFactorLines(i));
  return lines;
}

function demoAccountLines(i: BannerInfo): string[] {
  if (i.seeded.length === 0)
    return [
      'demo accounts (their passwords were printed when the demo was seeded and are stored hashed only; to get new ones, start on a fresh database):',
      ...i.demoUsers.map((u) => `  ${u.email.padEnd(24)} ${u.role}`),
    ];
  const heading = i.isDemoPasswordFixed
    ? 'demo accounts (password from PASSAGE_DEMO_PASSWORD):'
    : 'demo accounts, with passwords shown this once (stored hashed only; write them down):';
  return [
    heading,
    ...i.seeded.map((a) =>
      `  ${a.email.padEnd(24)} ${a.role.padEnd(14)} ${i.isDemoPasswordFixed ? '' : a.password}`.trimEnd(),
    ),
  ];
}

function twoFactorLines(i: BannerInfo): string[] {
  if (i.require2faRoles.length === 0)
    return [
      'two-factor authentication: required of nobody (PASSAGE_REQUIRE_2FA_ROLES=none); anyone may enrol under Account',
    ];
  const roles = i.require2faRoles.join(', ');
  const demo = i.hasDemo
    ? i.demoUsers.filter((u) => i.require2faRoles.includes(u.role)).map((u) => u.email)
    : [];
  return [
    `two-factor authentication: required for ${roles} (PASSAGE_REQUIRE_2FA_ROLES)${demo.length ? `, e.g. ${demo.join(', ')}` : ''}.`,
    '  At first login such an account is taken to Account > Two-factor authentication: scan the QR code with an',
    '  authenticator app, confirm with a 6-digit code and keep the recovery codes; until then it can do nothing',
    '  else. PASSAGE_REQUIRE_2FA_ROLES=none lifts the requirement (e.g. to try the demo).',
  ];
}
