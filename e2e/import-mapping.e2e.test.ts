import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_DIALOGUE,
  DEMO_PASSWORD,
  type Journey,
  loginAs,
  openPage,
  startJourney,
  submitLogin,
  THIS_MONTH,
} from './harness';

/**
 * Journey (issue 22): Italy's data provider uploads the table its office really has — one row per
 * nationality named in English, the month as a column ("Dec 2026"), no template columns. The upload is
 * refused with the header's problems and offers the mapping step; Passage proposes the nationality column and
 * the month column, the provider fixes the indicator for the file, confirms the one unknown label once,
 * saves the mapping, checks the whole file (a preview of the figures, nothing written) and imports it; a
 * corrected file with the same header then goes through the plain upload, the saved mapping applied by itself.
 * Then the secretariat makes the citizenship breakdown additive and uploads the same table as an XLSX workbook
 * for Italy: the saved mapping is applied by itself there too, and the total Passage derives from the parts is
 * shown as a derived total among the submission's figures.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe('a data provider imports its own table through the mapping step', () => {
  let journey: Journey;
  let dir: string;
  let indicator = '';
  let month = '';
  beforeAll(async () => {
    // The secretariat takes part (the second journey): no two-factor enrolment needed for it here.
    journey = await startJourney({ requireTwoFactor: false });
    dir = mkdtempSync(join(tmpdir(), 'passage-mapping-'));
  });
  afterAll(async () => {
    await journey?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('proposes, lets the user fix and confirm, previews, saves the mapping and imports', async () => {
    const { page, context, foreignRequests } = await openPage(journey);
    const base = journey.target.url;
    const api = `${base}/api/dialogues/${DEMO_DIALOGUE}`;
    await page.goto(`${base}/login`);
    await submitLogin(page, 'provider@demo.passage', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}`);
    await page.getByTestId('data-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/data`);
    // An indicator Italy reports (the first template offered).
    const templateHref = await page
      .getByTestId('templates')
      .getByRole('link', { name: 'CSV' })
      .first()
      .getAttribute('href');
    indicator = decodeURIComponent(templateHref!.match(/\/templates\/([^?]+)/)![1]!);

    month = `${MONTHS[Number(THIS_MONTH.slice(5)) - 1]} ${THIS_MONTH.slice(0, 4)}`;
    const file = join(dir, 'italy-office-table.csv');
    writeFileSync(file, [`Nationality,${month}`, 'Syria,42', 'Afghanistan,12', 'Atlantis,3', ''].join('\n'));
    const before = (await (await context.request.get(`${api}/submissions`)).json()) as { id: number }[];

    await page.getByTestId('upload-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/data/upload`);
    await page.getByTestId('upload-file').setInputFiles(file);
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('upload-errors').waitFor();
    await page.getByTestId('upload-offer-mapping').click();

    const step = page.getByTestId('mapping-step');
    await step.waitFor();
    const roles = step.getByTestId('mapping-role');
    await roles.first().waitFor();
    await expect(roles.nth(0).inputValue()).resolves.toBe('field:citizenship');
    await expect(roles.nth(1).inputValue()).resolves.toBe(`period:${THIS_MONTH}`);
    await step.getByTestId('mapping-indicator').selectOption(indicator);
    // The one label Passage does not know is shown once, for the user to answer.
    const answers = step.getByTestId('mapping-label-answer');
    await expect(answers.count()).resolves.toBe(1);
    await expect(step.getByTestId('mapping-labels').textContent()).resolves.toContain('Atlantis');
    await answers.first().selectOption('UNK');
    await step.getByTestId('mapping-name').fill('italy office table');

    await step.getByTestId('mapping-check').click();
    const checked = step.getByTestId('mapping-checked');
    await checked.waitFor();
    await expect(checked.getByTestId('mapping-preview-row').count()).resolves.toBe(3);
    const preview = (await checked.textContent()) ?? '';
    expect(preview).toContain('citizenship SYR');
    expect(preview).toContain('citizenship UNK');
    // A dry run: nothing written yet.
    const afterCheck = (await (await context.request.get(`${api}/submissions`)).json()) as { id: number }[];
    expect(afterCheck.length).toBe(before.length);

    await step.getByTestId('mapping-import').click();
    await page.waitForURL((url) => /\/data\/submissions\/\d+$/.test(url.pathname));
    await expect(page.getByTestId('observation-count').textContent()).resolves.toBe('3');
    // The mapping is saved for Italy, with the confirmed label, for next month's file.
    const saved = await context.request.get(`${api}/import-mappings/italy%20office%20table`);
    expect(saved.status()).toBe(200);
    const body = (await saved.json()) as {
      reporter: string;
      mapping: { codes: Record<string, Record<string, string>> };
    };
    expect(body.reporter).toBe('ITA');
    expect(body.mapping.codes.citizenship).toEqual({ Atlantis: 'UNK' });

    // Next time the same header comes back, the plain upload goes through the saved mapping by itself.
    const again = join(dir, 'italy-office-table-corrected.csv');
    writeFileSync(again, [`Nationality,${month}`, 'Syria,43', 'Afghanistan,12', 'Atlantis,4', ''].join('\n'));
    const first = new URL(page.url()).pathname;
    await page.goto(`${base}/d/${DEMO_DIALOGUE}/data/upload`);
    await page.getByTestId('upload-file').setInputFiles(again);
    await page.getByTestId('upload-submit').click();
    await page.waitForURL((url) => /\/data\/submissions\/\d+$/.test(url.pathname) && url.pathname !== first);
    await expect(page.getByTestId('observation-count').textContent()).resolves.toBe('3');
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('applies the saved mapping to an XLSX with the same header and shows the derived total', async () => {
    expect(indicator).not.toBe('');
    const { page, context, foreignRequests } = await openPage(journey);
    const base = journey.target.url;
    const api = `${base}/api/dialogues/${DEMO_DIALOGUE}`;
    await loginAs(journey, page, 'manager@demo.passage');
    const csrf = { 'x-passage-csrf': '1' };
    const got = await context.request.get(`${api}/definitions`);
    expect(got.status(), await got.text()).toBe(200);
    const definitions = (await got.json()) as {
      indicators: { id: number; code: string; revision: number }[];
    };
    const ind = definitions.indicators.find((i) => i.code === indicator)!;
    const additive = await context.request.put(`${api}/definitions/indicators/${ind.id}`, {
      headers: csrf,
      data: { additiveBreakdowns: ['citizenship'], expectedRevision: ind.revision },
    });
    expect(additive.status(), await additive.text()).toBe(200);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('office');
    ws.addRow(['Nationality', month]);
    ws.addRow(['Syria', 50]);
    ws.addRow(['Afghanistan', 10]);
    const file = join(dir, 'italy-office-table.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    await page.goto(`${base}/d/${DEMO_DIALOGUE}/data/upload?reporter=ITA`);
    await page.getByTestId('upload-file').setInputFiles(file);
    await page.getByTestId('upload-submit').click();
    await page.waitForURL((url) => /\/data\/submissions\/\d+$/.test(url.pathname));
    // Two parts and the total Passage derived from them.
    await expect(page.getByTestId('observation-count').textContent()).resolves.toBe('3');
    const table = page.getByTestId('figures-table');
    await table.waitFor();
    const derived = table.getByTestId('figure-derived');
    await expect(derived.count()).resolves.toBe(1);
    await expect(derived.textContent()).resolves.toBe('derived total');
    const id = new URL(page.url()).pathname.split('/').at(-1);
    const figures = (await (await context.request.get(`${api}/submissions/${id}/observations`)).json()) as {
      value: number;
      derived: boolean;
    }[];
    expect(figures.filter((f) => f.derived).map((f) => Number(f.value))).toEqual([60]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
