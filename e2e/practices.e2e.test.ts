import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../test/images';
import { makePdf } from '../test/library-files';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey (issue 16, best-practice inventory): Greece's analyst writes a practice with an impact indicator
 * and submits it; the secretariat verifies and publishes it; the list filtered by thematic area and country
 * shows it (and the map's counts name its countries); ticking it and a demo practice compares the two side by
 * side. The practice is public and has an evaluation report (a PDF): after publication the one search finds it by
 * a word found only in the report, and the public portal's practice page lists the file and downloads it.
 */
describe('a practice is submitted, verified, found by the filters and compared', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney({ requireTwoFactor: false });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('submits, publishes, filters and compares', async () => {
    const analyst = await openPage(journey);
    const page = analyst.page;
    await loginAs(journey, page, 'analyst@demo.passage');
    await page.getByTestId('practices-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/practices`);
    await page.getByTestId('practice-new').click();
    const form = page.getByTestId('practice-form');
    await form.getByTestId('practice-title').fill('Border liaison journey practice');
    await form.getByTestId('practice-area').selectOption('irregular_migration');
    await form.getByTestId('practice-countries').fill('GRC ALB');
    await form.getByTestId('practice-from').fill('2022-01');
    await form.getByTestId('practice-to').fill('2021-01');
    await form.getByTestId('practice-tags').fill('liaison officers, journey');
    await form.getByTestId('practice-classification').selectOption('public');
    await form.getByTestId('practice-add-indicator').click();
    await form.getByTestId('indicator-0-name').fill('Networks dismantled');
    await form.getByTestId('indicator-0-before').fill('4');
    await form.getByTestId('indicator-0-after').fill('9');
    await form.getByTestId('practice-save').click();
    // the period ends before it starts: said under the field, nothing saved
    await form.getByText('the period ends (2021-01) before it starts (2022-01)').first().waitFor();
    await form.getByTestId('practice-to').fill('2024-06');
    await form.getByTestId('practice-save').click();
    await page.waitForURL((url) => /^\/d\/demo\/practices\/\d+$/.test(url.pathname));
    const practicePath = new URL(page.url()).pathname;
    const id = practicePath.split('/').at(-1)!;
    await expect(page.getByTestId('practice-status').textContent()).resolves.toBe('Draft');
    // A file on the draft (a new revision): listed with its name, then the practice is submitted with it.
    await page
      .getByTestId('practice-file-file')
      .setInputFiles({ name: 'liaison-network.png', mimeType: 'image/png', buffer: makePng(16, 16) });
    await page.getByTestId('practice-file-upload').click();
    await page.getByTestId('practice-file').getByText('liaison-network.png').waitFor();
    await page.getByTestId('practice-history').getByText('file attached').waitFor();
    // An image has no text to search: the list says so. The report's words will find the practice.
    await page.getByTestId('practice-file-not-searchable').waitFor();
    const report = await makePdf(['Evaluation of the liaison network', 'The Kestrelgrove rota worked best']);
    await page
      .getByTestId('practice-file-file')
      .setInputFiles({ name: 'liaison-report.pdf', mimeType: 'application/pdf', buffer: report });
    await page.getByTestId('practice-file-upload').click();
    await page.getByTestId('practice-file').getByText('liaison-report.pdf').waitFor();
    await expect(page.getByTestId('practice-file-not-searchable').count()).resolves.toBe(1);
    await page.getByTestId('practice-submit').click();
    await page.getByTestId('practice-status').getByText('Submitted').waitFor();
    await analyst.context.close();

    const sec = await openPage(journey);
    await loginAs(journey, sec.page, 'manager@demo.passage');
    await sec.page.goto(`${journey.target.url}${practicePath}`);
    await sec.page.getByTestId('practice-publish').click();
    await sec.page.getByTestId('practice-status').getByText('Published').waitFor();
    await sec.page.getByTestId('practice-file').getByText('liaison-network.png').waitFor();
    await expect(sec.page.getByTestId('practice-impact').textContent()).resolves.toContain('+5');

    // The one search finds the practice by a word of its report only.
    await sec.page.goto(`${journey.target.url}/search?q=Kestrelgrove`);
    const hit = sec.page.getByTestId('search-hits').locator('li[data-type="practice"]');
    await expect(hit.locator('a').getAttribute('href')).resolves.toBe(practicePath);
    await expect(hit.locator('mark').first().textContent()).resolves.toBe('Kestrelgrove');

    // The public portal's page of the practice lists its files; the report's link downloads it, anonymously.
    const visitor = await openPage(journey);
    await visitor.page.goto(`${journey.target.url}/p/${DEMO_DIALOGUE}/practices/${id}`);
    const files = visitor.page.getByTestId('portal-practice-files');
    await files.getByText('liaison-report.pdf').waitFor();
    await expect(files.textContent()).resolves.toContain('PDF');
    await expect(files.textContent()).resolves.toContain('liaison-network.png');
    const [download] = await Promise.all([
      visitor.page.waitForEvent('download'),
      files.getByTestId('portal-practice-file').filter({ hasText: 'liaison-report.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('liaison-report.pdf');
    expect(Buffer.compare(readFileSync((await download.path())!), report)).toBe(0);
    await visitor.context.close();

    await sec.page.goto(`${journey.target.url}/d/${DEMO_DIALOGUE}/practices`);
    const filters = sec.page.getByTestId('practices-filters');
    await filters.getByTestId('filter-area').selectOption('irregular_migration');
    await filters.getByTestId('filter-country').fill('GRC');
    await filters.getByTestId('filter-apply').click();
    await sec.page.waitForURL((url) => url.searchParams.get('country') === 'GRC');
    const table = sec.page.getByTestId('practices-table');
    await table.locator(`tr[data-practice="${id}"]`).waitFor();
    // The filtered list replaces the unfiltered one after the URL changes: read the titles until the
    // filtered answer is on screen (a single read once caught the table between the two renders).
    const titles = () => table.locator('tbody tr th').allTextContents();
    await expect
      .poll(
        async () => {
          const shown = await titles();
          return (
            shown.includes('Border liaison journey practice') &&
            shown.includes('Anti-smuggling liaison desk on the land border (demo)') &&
            !shown.includes('Local integration desks in reception municipalities (demo)')
          );
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await sec.page.getByTestId('practice-map-counts').locator('tr[data-country="ALB"]').waitFor();

    const demoRow = table.locator('tbody tr', { hasText: 'Anti-smuggling liaison desk' });
    const demoId = await demoRow.getAttribute('data-practice');
    await sec.page.getByTestId(`practice-pick-${id}`).check();
    await sec.page.getByTestId(`practice-pick-${demoId}`).check();
    await sec.page.getByTestId('practices-compare').click();
    await sec.page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/practices/compare`);
    const fields = sec.page.getByTestId('compare-fields');
    await fields.waitFor();
    await expect(fields.locator('tr[data-field="area"]').getAttribute('data-same')).resolves.toBe('true');
    await expect(fields.locator('tr[data-field="countries"]').textContent()).resolves.toContain('GRC');
    await expect(fields.locator('tr[data-field="countries"]').getAttribute('data-same')).resolves.toBe(
      'false',
    );
    await expect(sec.page.getByTestId('compare-indicators').textContent()).resolves.toContain(
      'Networks dismantled',
    );
  }, 180_000);
});
