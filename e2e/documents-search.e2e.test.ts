import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocx } from '../test/library-files';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey (issue 16): an analyst uploads a DOCX to the document library, searches a word of its text from the
 * header search box, sees it highlighted in the results, and opens the document (its extracted text and its
 * download link).
 */
describe('upload a document, find it with the header search, open it', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney();
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('uploads, searches and opens', async () => {
    const { page } = await openPage(journey);
    await loginAs(journey, page, 'analyst@demo.passage');
    await page.getByTestId('documents-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/documents`);
    const form = page.getByTestId('documents-upload');
    await form.waitFor();
    await page.getByTestId('document-file').setInputFiles({
      name: 'kittiwake-briefing.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await makeDocx([
        'Briefing note on coastal surveillance',
        'The kittiwake operation monitors departures along the northern coast.',
      ]),
    });
    await page.getByTestId('document-title').fill('Kittiwake briefing note');
    await page.getByTestId('document-upload-submit').click();
    const outcome = await Promise.race([
      page
        .getByTestId('document-uploaded')
        .waitFor()
        .then(() => 'uploaded'),
      form
        .getByRole('alert')
        .waitFor()
        .then(async () => `refused: ${await form.getByRole('alert').textContent()}`),
    ]);
    expect(outcome).toBe('uploaded');
    await page.getByTestId('documents-table').getByText('Kittiwake briefing note').waitFor();

    await page.getByTestId('header-search').fill('kittiwake operation');
    await page.getByTestId('header-search').press('Enter');
    await page.waitForURL((url) => url.pathname === '/search');
    const hits = page.getByTestId('search-hits');
    await hits.waitFor();
    const first = hits.locator('li').first();
    await expect(first.getByRole('link').textContent()).resolves.toBe('Kittiwake briefing note');
    await expect(first.locator('mark').first().textContent()).resolves.toMatch(/kittiwake/i);
    await page.getByTestId('search-facets').getByText('Document', { exact: false }).first().waitFor();

    await first.getByRole('link').click();
    await page.waitForURL((url) => /^\/d\/demo\/documents\/\d+$/.test(url.pathname));
    await expect(page.getByTestId('document-excerpt').textContent()).resolves.toContain(
      'kittiwake operation',
    );
    const href = await page.getByTestId('document-download').getAttribute('href');
    expect(href).toMatch(/\/api\/dialogues\/demo\/documents\/\d+\/file/);
    const res = await page.request.get(`${journey.target.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toContain('kittiwake-briefing.docx');
  });
});
