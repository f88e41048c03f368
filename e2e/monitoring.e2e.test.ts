import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey (issue 17, monitoring): the secretariat imports a declaration (Passage proposes the commitments
 * from its numbering) and opens a reporting cycle; Greece's analyst and Italy's data provider report on a
 * commitment and submit; the secretariat's progress dashboard shows both states' status and completeness.
 */
const DECLARATION = `WE, the Ministers,
ARE COMMITTED TO
(1) Establish a partnership for migration along the Silk Routes.
(2) Mandate our Senior Officials to:
a) Implement the objectives,
b) Oversee the implementation through yearly Senior Officials' Meetings,
IV. Irregular Migration
a) Furthering the exchange of information on irregular migration,
d) Consider establishing contact points.
`;

describe('a cycle is opened, two states report, the dashboard shows it', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney({ requireTwoFactor: false });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('imports a declaration, opens a cycle, collects two reports and shows the dashboard', async () => {
    const sec = await openPage(journey);
    const page = sec.page;
    await loginAs(journey, page, 'manager@demo.passage');
    await page.getByTestId('monitoring-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/monitoring`);
    const form = page.getByTestId('declaration-import');
    await form.getByTestId('declaration-title').fill('Silk Routes declaration (journey)');
    await form.getByTestId('declaration-place').fill('Istanbul');
    await form.getByTestId('declaration-text').fill(DECLARATION);
    await form.getByTestId('split-propose').click();
    await expect(form.getByTestId('split-count').textContent()).resolves.toMatch(/^6 commitments proposed/);
    const inputs = form.getByTestId('segment-number');
    const numbers: string[] = [];
    for (let k = 0; k < (await inputs.count()); k++) numbers.push(await inputs.nth(k).inputValue());
    expect(numbers).toEqual(['1', '2', '2 a', '2 b', 'IV a', 'IV d']);
    await form.getByTestId('declaration-save').click();
    await page.waitForURL((url) => /^\/d\/demo\/monitoring\/declarations\/\d+$/.test(url.pathname));
    await page.getByTestId('commitments-table').getByText('Consider establishing contact points.').waitFor();

    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('cycle-title').fill('Cycle 2026 (journey)');
    await page.getByTestId('cycle-deadline').fill(deadline);
    await page.getByTestId('cycle-open-submit').click();
    await page.waitForURL((url) => /^\/d\/demo\/monitoring\/cycles\/\d+$/.test(url.pathname));
    const cyclePath = new URL(page.url()).pathname;
    await expect(page.getByTestId('cycle-status').textContent()).resolves.toBe('Open');

    const report = async (email: string, progress: string, narrative: string) => {
      const state = await openPage(journey);
      await loginAs(journey, state.page, email);
      await state.page.goto(`${journey.target.url}${cyclePath}`);
      const section = state.page.getByTestId('commitment-1');
      const f = section.getByTestId('report-form');
      await f.getByTestId('report-progress').selectOption(progress);
      await f.getByTestId('report-narrative').fill(narrative);
      await f.getByTestId('report-save').click();
      await section.locator('[data-testid="report-form"][data-status="draft"]').waitFor();
      await section.getByTestId('report-submit').click();
      await section.locator('[data-testid="report-form"][data-status="submitted"]').waitFor();
      await state.context.close();
    };
    await report('analyst@demo.passage', 'implemented', 'Partnership office set up in Athens');
    await report('provider@demo.passage', 'in_progress', 'Agreement under negotiation');

    await page.reload();
    const submitted = page.getByTestId('commitment-1').getByTestId('report-item');
    await submitted.nth(1).waitFor();
    await expect(
      submitted.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')).sort()),
    ).resolves.toEqual(['GRC', 'ITA']);
    await page.getByTestId('cycle-dashboard-link').click();
    await page.waitForURL((url) => url.pathname === `${cyclePath}/dashboard`);
    const matrix = page.getByTestId('matrix-table');
    await matrix.waitFor();
    await expect(matrix.locator('td[data-state="GRC"]').first().getAttribute('data-progress')).resolves.toBe(
      'implemented',
    );
    await expect(matrix.locator('td[data-state="ITA"]').first().getAttribute('data-progress')).resolves.toBe(
      'in_progress',
    );
    const completeness = await page.getByTestId('dashboard-completeness').textContent();
    expect(completeness).toContain('1 / 6');
    const xlsx = await page.request.get(
      `${journey.target.url}${await page.getByTestId('dashboard-xlsx').getAttribute('href')}`,
    );
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  });
});
