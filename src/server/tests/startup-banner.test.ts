import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../demo/demo-dialogue';
import { type BannerInfo, browserUrl, listenHost, startupBanner } from '../startup-banner';

const base: BannerInfo = {
  url: 'http://localhost:3000',
  database: 'embedded PGlite in /srv/data',
  host: '127.0.0.1',
  isHostConfigured: false,
  hasDemo: true,
  seeded: [],
  isDemoPasswordFixed: false,
  demoUsers: DEMO_USERS,
  require2faRoles: ['admin', 'data_manager'],
};

describe('where the server listens', () => {
  it('on loopback while the database holds the demo, unless HOST is set; everywhere otherwise', () => {
    expect(listenHost(undefined, true)).toBe('127.0.0.1');
    expect(listenHost(undefined, false)).toBe('0.0.0.0');
    expect(listenHost('0.0.0.0', true)).toBe('0.0.0.0');
    expect(listenHost('10.0.0.5', false)).toBe('10.0.0.5');
  });

  it('prints an address a browser can open', () => {
    expect(browserUrl('0.0.0.0', 3000)).toBe('http://localhost:3000');
    expect(browserUrl('127.0.0.1', 41234)).toBe('http://localhost:41234');
    expect(browserUrl('10.0.0.5', 3000)).toBe('http://10.0.0.5:3000');
    expect(browserUrl('fd00::5', 3000)).toBe('http://[fd00::5]:3000');
  });
});

describe('start-up banner', () => {
  const seeded = DEMO_USERS.map((u, i) => ({ email: u.email, role: u.role, password: `pw${i}-abcd-efgh` }));

  it('shows freshly seeded random passwords once, says why it listens on loopback and how 2FA enrolment works', () => {
    const text = startupBanner({ ...base, seeded }).join('\n');
    expect(text).toContain(
      'listening on 127.0.0.1 only: the database holds the demo dialogue; set HOST=0.0.0.0',
    );
    for (const a of seeded) expect(text).toMatch(new RegExp(`${a.email} +${a.role} +${a.password}`));
    expect(text).toContain('shown this once');
    expect(text).toContain(
      'two-factor authentication: required for admin, data_manager (PASSAGE_REQUIRE_2FA_ROLES), e.g. admin@demo.passage, manager@demo.passage.',
    );
    expect(text).toContain('scan the QR code with an');
    expect(text).not.toContain('passage-demo');
  });

  it('on a later start lists the accounts without passwords; a fixed test password is never echoed', () => {
    const later = startupBanner(base).join('\n');
    expect(later).toContain('their passwords were printed when the demo was seeded');
    expect(later).not.toMatch(/pw\d-abcd/);
    const fixed = startupBanner({
      ...base,
      seeded: seeded.map((a) => ({ ...a, password: 'fixed test password' })),
      isDemoPasswordFixed: true,
    }).join('\n');
    expect(fixed).toContain('password from PASSAGE_DEMO_PASSWORD');
    expect(fixed).not.toContain('fixed test password');
  });

  it('a real installation: no demo lines, no loopback note; 2FA off is said plainly', () => {
    const lines = startupBanner({ ...base, hasDemo: false, host: '0.0.0.0', require2faRoles: [] });
    const text = lines.join('\n');
    expect(text).not.toContain('demo');
    expect(text).not.toContain('listening on');
    expect(text).toContain('two-factor authentication: required of nobody (PASSAGE_REQUIRE_2FA_ROLES=none)');
    const withHost = startupBanner({ ...base, isHostConfigured: true, host: '0.0.0.0' }).join('\n');
    expect(withHost).not.toContain('listening on');
  });
});
