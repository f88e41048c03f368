import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobsNow } from '../src/jobs/worker';
import { VALIDATION_RUN_JOB } from '../src/modules/validation-rules/validation-rules.run';
import { jobHandlers } from '../src/server/jobs';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey: a data manager checks who reports on time (reporting rates on the definitions page), sets when
 * reminders go out, reopens a published month with a reason, then writes a validation rule as left side,
 * operator and right side on the rules page and re-runs the rules over published figures, ending with the
 * violations as a CSV link.
 */

describe('secretariat chases reporters and checks published figures', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney({ requireTwoFactor: false });
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('reads rates, sets reminders, reopens a month, and re-runs a rule it wrote', async () => {
    const { page, context, pageErrors } = await openPage(journey);
    await loginAs(journey, page, 'manager@demo.passage', `/d/${DEMO_DIALOGUE}/definitions`);

    const rates = page.locator('[data-testid="reporting-rates"]');
    await rates.waitFor();
    await expect(rates.locator('tr[data-reporter="ITA"]').count()).resolves.toBe(1);
    // Afghanistan reports nothing in the demo: it is expected nothing and has no rate.
    await expect(rates.locator('tr[data-reporter="AFG"]').count()).resolves.toBe(0);

    const settings = page.locator('[data-testid="chase-settings"]');
    await settings.getByLabel('Days relative to the deadline').fill('-3, 0, 5');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByRole('status').waitFor();
    await expect(settings.getByLabel('Days relative to the deadline').inputValue()).resolves.toBe('-3, 0, 5');

    const reopen = page.locator('[data-testid="reopen-form"]');
    await reopen.getByLabel('State').selectOption('ITA');
    await reopen.getByLabel('Month').fill('2025-09');
    await reopen.getByLabel('Indicator').selectOption('IBC');
    await reopen.getByLabel('Reason').fill('Border police corrected September');
    await reopen.getByRole('button', { name: 'Reopen' }).click();
    const reopened = page.locator('[data-testid="reopened-months"] tr', {
      hasText: 'Border police corrected September',
    });
    await reopened.waitFor();

    await page.locator('[data-testid="rules-link"]').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/rules`);
    await page.locator('[data-testid="new-rule"]').click();
    const form = page.locator('[data-testid="rule-form"]');
    await form.getByLabel('Name', { exact: true }).fill('Route totals below the ceiling');
    await form.getByLabel('Left side').fill('value');
    await form.getByLabel('Operator').selectOption('<=');
    await form.getByLabel('Right side').fill('ceiling');
    await form.getByLabel('Parameters (name=number, …)').fill('ceiling=500');
    await form.getByLabel('IBC', { exact: true }).check();
    await form.getByLabel('Only figures broken down by').selectOption('citizenship');
    await form.getByLabel('with the codes (_T = total)').fill('_T');
    await form.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('[data-testid="rules-table"] tr[data-rule="Route totals below the ceiling"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('value <= ceiling');

    const run = page.locator('[data-testid="run-form"]');
    await run.getByLabel('From').fill('2025-07');
    await run.getByLabel('To').fill('2025-09');
    await run.getByRole('button', { name: 'Re-run the rules' }).click();
    await page.locator('[data-testid="runs-table"] tr[data-run]').first().waitFor();
    // The server under test has no job worker: run the queued re-run as it would. Only that job: the demo's
    // first start queued forecasts for every series too, which this journey does not read (~20 s of work).
    await runJobsNow(journey.target.db!, { [VALIDATION_RUN_JOB]: jobHandlers()[VALIDATION_RUN_JOB]! });
    const csv = page.locator('[data-testid="violations-csv"]').first();
    await csv.waitFor({ timeout: 15_000 });
    await expect(csv.getAttribute('href')).resolves.toMatch(/\/rules\/runs\/\d+\/violations\?format=csv$/);
    // The rules list reloads with the run: the rule flagged figures in it.
    await row.locator('[data-testid="flagged-run"]', { hasText: /^[1-9]\d*$/ }).waitFor({ timeout: 15_000 });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
