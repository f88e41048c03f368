import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIALOGUE, DEMO_PERIODS, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey: an analyst opens Alerts from the header, creates a threshold rule on the Central Mediterranean,
 * evaluates it, sees the alert in the feed and the bell's unread count go up, acknowledges it (the count goes
 * down), then generates a situation report and opens it.
 */
describe('analyst sets an alert rule, sees the alert and the bell, writes a situation report', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney();
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('creates a rule, triggers it, sees it in the feed and the bell count', async () => {
    const { page, pageErrors, foreignRequests } = await openPage(journey);
    const base = journey.target.url;
    await loginAs(journey, page, 'analyst@demo.passage');
    const count = page.getByTestId('notification-count');
    await expect(count.textContent()).resolves.toBe('0');

    await page.getByTestId('alerts-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/alerts`);
    const form = page.getByTestId('alert-rule-form');
    await form.waitFor();
    await form.getByLabel('Name').fill('Central Med surge');
    await form.getByLabel('Indicator').selectOption('IBC');
    await form.getByLabel('Route').selectOption('CMED');
    await form.getByLabel('Type').selectOption('threshold');
    await form.getByLabel('Threshold (value above)').fill('10');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const rules = page.getByTestId('alert-rules');
    await rules.getByText('Central Med surge').waitFor();

    await rules.getByRole('button', { name: 'Evaluate now' }).click();
    await expect(page.getByTestId('alerts-notice').textContent()).resolves.toMatch(
      /Evaluated: 1 new alert\./,
    );
    const item = page.getByTestId('alert-item').filter({ hasText: 'Central Med surge' });
    await item.waitFor();
    await expect(item.getByTestId('alert-description').textContent()).resolves.toMatch(
      /is above the threshold of 10\./,
    );
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
        ).document.querySelector('[data-testid="notification-count"]')?.textContent === '1',
    );

    // The bell lists it; acknowledging the alert marks it read.
    await page.getByTestId('notification-bell').click();
    await page.locator('.notification-panel').getByText('Central Med surge').waitFor();
    await page.getByTestId('notification-bell').click();
    await item.getByRole('button', { name: 'Acknowledge' }).click();
    await item.getByText('Acknowledged').waitFor();
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
        ).document.querySelector('[data-testid="notification-count"]')?.textContent === '0',
    );

    // A situation report for the route, opened as HTML.
    await page.getByTestId('reports-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/reports`);
    const reportForm = page.getByTestId('report-form');
    await reportForm.getByLabel('Route').selectOption('CMED');
    await reportForm.getByLabel('Month').fill(DEMO_PERIODS.to); // the demo's last month
    await reportForm.getByRole('button', { name: 'Generate' }).click();
    const table = page.getByTestId('reports-table');
    await table.getByText(new RegExp(`Situation report: .*${DEMO_PERIODS.to}`)).waitFor({ timeout: 60_000 });
    const href = await table.getByTestId('report-html').first().getAttribute('href');
    const html = await page.request.get(`${base}${href}`);
    expect(html.status()).toBe(200);
    const text = await html.text();
    expect(text).toContain('Key figures');
    expect(text).toContain('Central Med surge');
    await expect(table.getByTestId('report-pdf').count()).resolves.toBe(1);

    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
