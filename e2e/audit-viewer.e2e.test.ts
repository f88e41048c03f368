import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey: an administrator opens the audit log from the header, sees their own login, and filters it;
 * an analyst has no such link and is refused. The whole journey (map included) runs under the server's
 * Content-Security-Policy without a single violation.
 */
describe('admin reads the audit log; the web app passes the CSP', () => {
  let journey: Journey;
  beforeAll(async () => {
    // Two-factor enrolment for admins has its own journey; here the admin goes straight in.
    journey = await startJourney({ requireTwoFactor: false });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('shows the audit log to an admin, with filters, and no CSP violations anywhere', async () => {
    const { page, pageErrors, foreignRequests } = await openPage(journey);
    const violations: string[] = [];
    await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
    // Runs in the page (a string: the test is compiled without the DOM library).
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) =>
        window.reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));`,
    });
    await loginAs(journey, page, 'admin@demo.passage');
    // The map (MapLibre: a worker, canvas, data: and blob: images) must come up under the CSP.
    await page
      .locator('[data-testid="dialogue-map"][data-map-ready="true"]')
      .waitFor({ state: 'attached', timeout: 45_000 });

    await page.getByTestId('audit-link').click();
    await page.waitForURL((url) => url.pathname === '/audit');
    const table = page.getByTestId('audit-table');
    await table.waitFor();
    await expect(table.textContent()).resolves.toContain('auth.login');
    await expect(table.textContent()).resolves.toContain('admin@demo.passage');

    await page.getByLabel('Action').fill('auth.logout');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.search.includes('action=auth.logout'));
    await page.getByText('No entries match these filters.').waitFor();

    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('gives an analyst no audit link and refuses the page', async () => {
    const { page } = await openPage(journey);
    const base = journey.target.url;
    await loginAs(journey, page, 'analyst@demo.passage');
    await expect(page.getByTestId('audit-link').count()).resolves.toBe(0);
    await page.goto(`${base}/audit`);
    await page.getByText('Only dialogue administrators can see the audit log.').waitFor();
  });
});
