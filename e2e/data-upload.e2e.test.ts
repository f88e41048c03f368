import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_DIALOGUE,
  DEMO_PASSWORD,
  type Journey,
  openPage,
  startJourney,
  submitLogin,
  THIS_MONTH,
} from './harness';

/**
 * Journey: a data provider uploads a CSV with a bad row, sees the problem with its row and column and that
 * nothing was saved; corrects the file, uploads it again and gets a draft submission.
 */

interface SubmissionBody {
  id: number;
  status: string;
  reporter: string;
  observationCount: number;
}

const SCREENSHOT_DIR = '.tmp/e2e';

/** Spreadsheet column letter of a 0-based index (0 → A). */
function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

describe('data provider uploads a file with errors, then a corrected one', () => {
  let journey: Journey;
  let dir: string;

  beforeAll(async () => {
    journey = await startJourney();
    dir = mkdtempSync(join(tmpdir(), 'passage-upload-'));
  });

  afterAll(async () => {
    await journey?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rejects the bad file with row and column, saves nothing, then accepts the fixed file', async () => {
    const { page, context, foreignRequests, pageErrors } = await openPage(journey);
    const base = journey.target.url;
    const api = `${base}/api/dialogues/${DEMO_DIALOGUE}`;

    await page.goto(`${base}/login`);
    await submitLogin(page, 'provider@demo.passage', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}`);

    // The header leads to the dialogue's data exchange.
    await page.getByTestId('data-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/data`);
    await page.getByRole('heading', { level: 1, name: 'Data exchange' }).waitFor();

    const before = (await (await context.request.get(`${api}/submissions`)).json()) as SubmissionBody[];
    await page.locator('[data-testid="no-submissions"], [data-testid="submissions"]').first().waitFor();
    await expect(page.getByTestId('submission-row').count()).resolves.toBe(before.length);

    // The template of the indicator gives the columns the importer expects.
    const templateHref = await page
      .getByTestId('templates')
      .getByRole('link', { name: 'CSV' })
      .first()
      .getAttribute('href');
    expect(templateHref).toMatch(/\/templates\/[A-Z_]+\?format=csv/);
    const template = await context.request.get(`${base}${templateHref}`);
    expect(template.status()).toBe(200);
    const header = (await template.text()).split(/\r?\n/)[0]!.split(',');
    expect(header).toContain('value');
    const indicator = decodeURIComponent(templateHref!.match(/\/templates\/([^?]+)/)![1]!);

    // The data page links the SDMX structure (DSD and code lists) of the dialogue.
    const structureHref = await page
      .getByTestId('sdmx-structure')
      .getByRole('link', { name: 'SDMX-ML 2.1 (XML)' })
      .getAttribute('href');
    expect(structureHref).toMatch(/\/sdmx\/structure\?format=sdmx-ml$/);
    const structure = await context.request.get(`${base}${structureHref}`);
    expect(structure.status()).toBe(200);
    expect(await structure.text()).toContain('<str:DataStructure id="DSD_');

    // Two rows for Italy: the second has a value that is not a number.
    // The current month: the demo's figures end with last month, published and locked.
    const period = THIS_MONTH;
    const row = (value: string, citizenship: string) =>
      header
        .map((column) => {
          if (column === 'indicator') return indicator;
          if (column === 'reporter') return 'ITA';
          if (column === 'period') return period;
          if (column === 'value') return value;
          if (column === 'citizenship') return citizenship;
          if (column === 'flags' || column === 'comment') return '';
          return '_T';
        })
        .join(',');
    const badFile = join(dir, 'italy-bad.csv');
    writeFileSync(badFile, [header.join(','), row('42', 'SYR'), row('12x', 'AFG'), ''].join('\n'));
    const valueColumn = columnLetter(header.indexOf('value'));

    await page.getByTestId('upload-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/data/upload`);
    await page.getByTestId('upload-file').setInputFiles(badFile);
    await page.getByTestId('upload-submit').click();

    // Every problem is listed in an alert that says nothing was saved.
    const alert = page.getByRole('alert').filter({ has: page.getByTestId('upload-error') });
    await alert.waitFor();
    await expect(alert.getByRole('heading').textContent()).resolves.toBe(
      'The file was rejected: nothing was saved',
    );
    const errors = alert.getByTestId('upload-error');
    await expect(errors.count()).resolves.toBe(1);
    await expect(errors.first().getByTestId('upload-error-row').textContent()).resolves.toBe('3');
    await expect(errors.first().getByTestId('upload-error-column').textContent()).resolves.toBe(valueColumn);
    await expect(errors.first().textContent()).resolves.toContain('12x');
    await expect(errors.first().textContent()).resolves.toContain('italy-bad.csv');
    expect(page.url()).toContain('/data/upload');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/data-upload-rejected.png`, fullPage: true });

    // Nothing was saved: the list of submissions is unchanged, in the API and on the page.
    const afterBad = (await (await context.request.get(`${api}/submissions`)).json()) as SubmissionBody[];
    expect(afterBad.map((s) => s.id)).toEqual(before.map((s) => s.id));
    await page.getByRole('link', { name: 'Back to data exchange' }).click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/data`);
    await page.locator('[data-testid="no-submissions"], [data-testid="submissions"]').first().waitFor();
    await expect(page.getByTestId('submission-row').count()).resolves.toBe(before.length);

    // The corrected file goes through and opens the new draft.
    const goodFile = join(dir, 'italy-fixed.csv');
    writeFileSync(goodFile, [header.join(','), row('42', 'SYR'), row('12', 'AFG'), ''].join('\n'));
    await page.getByTestId('upload-link').click();
    await page.getByTestId('upload-file').setInputFiles(goodFile);
    await page.getByTestId('upload-submit').click();
    await page.waitForURL((url) => /\/data\/submissions\/\d+$/.test(url.pathname));
    const id = Number(page.url().match(/submissions\/(\d+)/)![1]);
    await expect(page.getByTestId('submission-status').first().getAttribute('data-status')).resolves.toBe(
      'draft',
    );
    await expect(page.getByTestId('observation-count').textContent()).resolves.toBe('2');
    await page.getByTestId('figures-table').waitFor();
    const figuresText = (await page.getByTestId('figures-table').textContent()) ?? '';
    expect(figuresText).toContain('42');
    expect(figuresText).toContain('12');

    const afterGood = (await (await context.request.get(`${api}/submissions`)).json()) as SubmissionBody[];
    expect(afterGood).toHaveLength(before.length + 1);
    const created = afterGood.find((s) => s.id === id);
    expect(created).toMatchObject({ status: 'draft', reporter: 'ITA', observationCount: 2 });

    // And it is listed on the data page.
    await page.getByRole('link', { name: 'Back to data exchange' }).click();
    await page.getByTestId('submissions').waitFor();
    await expect(page.getByTestId('submission-row').count()).resolves.toBe(before.length + 1);
    await expect(page.getByTestId('submissions').textContent()).resolves.toContain('italy-fixed.csv');

    expect(foreignRequests).toEqual([]);
    expect(pageErrors.filter((e) => !e.includes('400'))).toEqual([]);
    await context.close();
  });
});
