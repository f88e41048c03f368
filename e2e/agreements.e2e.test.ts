import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey (issue 16, agreements registry): the secretariat records a readmission agreement between North
 * Macedonia and the EU (first with an entry into force before the signature, which is refused at the field),
 * sees its status and timeline, then finds it in the party × party matrix and in the timeline of all agreements.
 */
describe('an agreement is recorded and appears in the matrix and the timeline', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney({ requireTwoFactor: false });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('records an agreement, refuses inconsistent dates, shows the matrix and the timeline', async () => {
    const { page } = await openPage(journey);
    await loginAs(journey, page, 'manager@demo.passage');
    await page.getByTestId('agreements-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/agreements`);
    await page
      .getByTestId('agreements-table')
      .getByText('EU–Türkiye readmission agreement (synthetic)')
      .waitFor();
    await page.getByTestId('agreement-new').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/agreements/new`);
    const form = page.getByTestId('agreement-form');
    await form.getByTestId('agreement-type').selectOption('readmission');
    await form.getByTestId('agreement-title').fill('North Macedonia–EU readmission (journey)');
    await form.getByTestId('party-state').first().selectOption('MKD');
    await form.getByTestId('agreement-signed').fill('2020-05-04');
    await form.getByTestId('agreement-in-force').fill('2020-01-01');
    await form.getByTestId('agreement-save').click();
    await form.getByText('in force on 2020-01-01, before it was signed (2020-05-04)').first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`/d/${DEMO_DIALOGUE}/agreements/new`);

    await form.getByTestId('agreement-in-force').fill('2021-01-01');
    await form.getByTestId('agreement-save').click();
    await page.waitForURL((url) => /^\/d\/demo\/agreements\/\d+$/.test(url.pathname));
    await expect(page.getByTestId('agreement-status').textContent()).resolves.toBe('In force');
    const steps = page.getByTestId('agreement-timeline').locator('li');
    await expect(steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).resolves.toEqual([
      'signed',
      'in_force',
    ]);

    await page.goto(`${journey.target.url}/d/${DEMO_DIALOGUE}/agreements?view=matrix`);
    const cell = page.getByTestId('matrix-table').locator('td[data-cell="MKD|EU"]');
    await cell.getByText('RA').waitFor();
    await expect(
      page.getByTestId('matrix-table').locator('td[data-cell="BGR|MKD"]').textContent(),
    ).resolves.toBe('RA');
    // The unfiltered matrix above has an MP in AUT|SRB too: wait for the filtered answer, then for the
    // readmission cell to leave the table (count() does not wait by itself).
    const filtered = page.waitForResponse(
      (r) => r.url().includes('/agreements/matrix') && r.url().includes('type=mobility_partnership'),
    );
    await page.getByTestId('matrix-type').selectOption('mobility_partnership');
    await filtered;
    await expect
      .poll(() => page.getByTestId('matrix-table').locator('td[data-cell="MKD|EU"]').count())
      .toBe(0);
    await page.getByTestId('matrix-table').locator('td[data-cell="AUT|SRB"]').getByText('MP').waitFor();

    // The type chosen in the matrix is a filter of the URL, so the timeline opens with it (only the
    // mobility partnerships); clearing it shows every dated agreement, the new one too.
    await page.getByTestId('agreements-view-timeline').click();
    await expect(page.getByTestId('filter-type').inputValue()).resolves.toBe('mobility_partnership');
    const rows = page.getByTestId('timeline-row');
    await rows.first().waitFor();
    await expect(rows.filter({ hasText: 'North Macedonia–EU readmission (journey)' }).count()).resolves.toBe(
      0,
    );
    await page.getByTestId('filter-type').selectOption('');
    await rows.filter({ hasText: 'North Macedonia–EU readmission (journey)' }).waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(12);

    // Restricted sharing from the form: the agreement is shared with one organisation, and editing it again
    // keeps both (the form once turned a restricted agreement into "originator only" on every save).
    await rows
      .filter({ hasText: 'North Macedonia–EU readmission (journey)' })
      .getByRole('link')
      .first()
      .click();
    await page.waitForURL((url) => /^\/d\/demo\/agreements\/\d+$/.test(url.pathname));
    const agreementPath = new URL(page.url()).pathname;
    await page.getByTestId('agreement-edit').click();
    const edit = page.getByTestId('agreement-form');
    await edit.getByTestId('agreement-classification').selectOption('restricted');
    const sharing = edit.getByTestId('shared-with');
    const firstOrg = sharing.getByRole('checkbox').first();
    await firstOrg.check();
    const orgName = (await sharing.locator('label').first().textContent()) ?? '';
    await edit.getByTestId('agreement-save').click();
    await page.waitForURL((url) => url.pathname === agreementPath);
    // The URL can change before the form is unmounted, and the form's select carries the same test id as the
    // page's badge: wait for the form to go, then read the badge itself.
    await edit.waitFor({ state: 'detached' });
    const badge = page.locator('span[data-testid="agreement-classification"]');
    await expect(badge.textContent()).resolves.toBe('Restricted');
    await page.getByTestId('agreement-edit').click();
    await expect(edit.getByTestId('agreement-classification').inputValue()).resolves.toBe('restricted');
    await expect(sharing.getByLabel(orgName, { exact: true }).isChecked()).resolves.toBe(true);
  });
});
