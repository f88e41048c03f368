import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../src/domain/periods';
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
 * Journey: a data provider enters figures in the grid (typing, keyboard moves, pasting a 2×3 block copied
 * from a spreadsheet), sees them saved, reloads and finds them again, explains the warnings and submits.
 */

interface ObservationBody {
  period: string;
  value: number | null;
}
interface SubmissionBody {
  id: number;
  status: string;
  observationCount: number;
}

const SCREENSHOT_DIR = '.tmp/e2e';
const cell = (page: Page, row: number, col: number) =>
  page.locator(`[data-testid="figure-grid"] input[data-row="${row}"][data-col="${col}"]`);
const focusedCell = (page: Page) =>
  page.evaluate(() => {
    // The e2e code is type-checked without the DOM library: the page's globals are typed by hand.
    type Doc = { activeElement: { dataset?: Record<string, string | undefined> } | null };
    const data = (globalThis as unknown as { document: Doc }).document.activeElement?.dataset ?? {};
    return `${data.row ?? ''},${data.col ?? ''}`;
  });

/** Fires the paste event a spreadsheet copy produces (tab-separated cells, newline-separated rows). */
async function pasteInto(page: Page, row: number, col: number, text: string) {
  await cell(page, row, col).focus();
  await cell(page, row, col).evaluate((el, data) => {
    type Transfer = { setData(type: string, value: string): void };
    const g = globalThis as unknown as {
      DataTransfer: new () => Transfer;
      ClipboardEvent: new (
        type: string,
        init: { clipboardData: Transfer; bubbles: boolean; cancelable: boolean },
      ) => unknown;
    };
    const transfer = new g.DataTransfer();
    transfer.setData('text/plain', data);
    (el as unknown as { dispatchEvent(event: unknown): boolean }).dispatchEvent(
      new g.ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
  }, text);
}

describe('data provider enters figures in the grid and submits', () => {
  let journey: Journey;

  beforeAll(async () => {
    // Two-factor enrolment has its own journey; the data manager here only reopens months.
    journey = await startJourney({ requireTwoFactor: false });
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('types, moves with the keyboard, pastes a block, autosaves, reloads and submits', async () => {
    // The grid opens on the last three complete months, which the demo has published, so they are locked
    // (src/modules/period-locks): the data manager reopens them for Italy's corrections first.
    const manager = await openPage(journey);
    await loginAs(journey, manager.page, 'manager@demo.passage');
    for (const n of [3, 2, 1]) {
      const reopened = await manager.context.request.post(
        `${journey.target.url}/api/dialogues/${DEMO_DIALOGUE}/locks/reopen`,
        {
          headers: { 'x-passage-csrf': '1' },
          data: { reporter: 'ITA', indicator: 'IBC', period: addMonths(THIS_MONTH, -n), reason: 'grid test' },
        },
      );
      expect(reopened.status(), await reopened.text()).toBe(200);
    }
    await manager.context.close();
    const { page, context, foreignRequests, pageErrors } = await openPage(journey);
    const base = journey.target.url;
    const api = `${base}/api/dialogues/${DEMO_DIALOGUE}`;

    await page.goto(`${base}/login?next=${encodeURIComponent(`/d/${DEMO_DIALOGUE}/data`)}`);
    await submitLogin(page, 'provider@demo.passage', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/data`);

    await page.getByTestId('enter-figures').click();
    await page.waitForURL((url) => /\/data\/submissions\/\d+$/.test(url.pathname));
    const id = Number(page.url().match(/submissions\/(\d+)/)![1]);
    await cell(page, 0, 0).waitFor();
    await expect(page.getByTestId('save-status').textContent()).resolves.toBe('No changes yet');

    const periods = await page.locator('[data-testid="figure-grid"] thead th').allTextContents();
    expect(periods.slice(1)).toHaveLength(3);
    expect(periods.slice(1).every((p) => /^\d{4}-\d{2}$/.test(p))).toBe(true);
    expect(await page.locator('[data-testid="figure-grid"] tbody tr').count()).toBeGreaterThanOrEqual(2);
    // Cells are real inputs named after their row and month.
    await expect(cell(page, 0, 0).getAttribute('aria-label')).resolves.toBe(`Total, ${periods[1]}`);

    // Typing, then Enter moves down, the arrow keys move back and across.
    await cell(page, 0, 0).click();
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await expect(focusedCell(page)).resolves.toBe('1,0');
    await page.keyboard.press('ArrowUp');
    await expect(focusedCell(page)).resolves.toBe('0,0');
    await page.keyboard.press('ArrowRight');
    await expect(focusedCell(page)).resolves.toBe('0,1');
    await page.keyboard.press('ArrowDown');
    await expect(focusedCell(page)).resolves.toBe('1,1');

    // A 2×3 block from a spreadsheet, pasted into the first cell, fills two rows and three months.
    await pasteInto(page, 0, 0, '100\t110\t120\r\n100\t110\t120\r\n');
    const expected = [
      ['100', '110', '120'],
      ['100', '110', '120'],
    ];
    for (const [r, values] of expected.entries())
      for (const [c, value] of values.entries())
        await expect(cell(page, r, c).inputValue()).resolves.toBe(value);

    // Autosave: "Saving…" then "Saved", and the server has the six figures.
    await page
      .getByTestId('save-status')
      .filter({ hasText: /^Saved$/ })
      .waitFor({ timeout: 15_000 });
    await page.getByTestId('observation-count').filter({ hasText: /^6$/ }).waitFor({ timeout: 10_000 });
    const saved = (await (
      await context.request.get(`${api}/submissions/${id}/observations`)
    ).json()) as ObservationBody[];
    expect(saved).toHaveLength(6);
    expect(saved.map((o) => o.value).sort()).toEqual([100, 100, 110, 110, 120, 120]);
    expect(new Set(saved.map((o) => o.period))).toEqual(new Set(periods.slice(1)));

    // After a reload the grid shows the saved draft.
    await page.reload();
    await cell(page, 0, 0).waitFor();
    for (const [r, values] of expected.entries())
      for (const [c, value] of values.entries())
        await expect(cell(page, r, c).inputValue()).resolves.toBe(value);
    await expect(page.getByTestId('observation-count').textContent()).resolves.toBe('6');

    // Validation: no errors; each warning gets an explanation; then submit.
    await page.getByTestId('findings').waitFor();
    await expect(page.getByTestId('finding-error').count()).resolves.toBe(0);
    const warnings = page.getByTestId('finding-warning');
    const warningCount = await warnings.count();
    for (let i = 0; i < warningCount; i++)
      await warnings.nth(i).getByLabel('Explain this warning').fill('No sea arrivals in this test month.');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/data-grid.png`, fullPage: true });

    const submit = page.getByTestId('submit-submission');
    await expect(submit.isEnabled()).resolves.toBe(true);
    await submit.click();
    await page.locator('[data-testid="submission-status"][data-status="submitted"]').waitFor();
    // A submitted draft can no longer be edited here.
    await expect(page.getByTestId('figure-grid').count()).resolves.toBe(0);

    const after = (await (await context.request.get(`${api}/submissions/${id}`)).json()) as SubmissionBody & {
      findings: { comment: string | null }[];
    };
    expect(after.status).toBe('submitted');
    expect(after.observationCount).toBe(6);
    expect(after.findings).toHaveLength(warningCount);
    for (const f of after.findings) expect(f.comment).toBe('No sea arrivals in this test month.');

    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
