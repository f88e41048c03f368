import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIALOGUE, DEMO_PERIODS, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey: a data manager of the secretariat opens Definitions from the dialogue home, tries to create an
 * indicator with a code already in use (inline error from the problem+json), fixes it, and then sees the new
 * indicator on the dialogue home. The demo's reporting calendar shows in the grid.
 */

describe('secretariat defines an indicator', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney({ requireTwoFactor: false });
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('creates an indicator with inline errors first, then sees it on the dialogue home', async () => {
    const { page, context, pageErrors } = await openPage(journey);
    await loginAs(journey, page, 'manager@demo.passage');
    await page.locator('[data-testid="definitions-link"]').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/definitions`);

    // The seeded calendar: each state reports what it reports in the demo from its first month; Afghanistan, a
    // non-reporting origin country, nothing.
    const grid = page.locator('[data-testid="calendar-grid"]');
    await grid.waitFor();
    await expect(grid.locator('[data-cell="ITA|IBC"] input[type="month"]').inputValue()).resolves.toBe(
      DEMO_PERIODS.from,
    );
    await expect(grid.locator('[data-cell="AFG|IBC"] input[type="month"]').inputValue()).resolves.toBe('');

    await page.locator('[data-testid="new-indicator"]').click();
    const form = page.locator('[data-testid="indicator-form"]');
    await form.locator('input[name="code"]').fill('IBC');
    await form.locator('input[name="name-en"]').fill('Visa overstays');
    await form.locator('input[name="name-fr"]').fill('Dépassements de visa');
    await form.locator('input[name="unit"]').fill('persons');
    await form.locator('input[name="breakdown-citizenship"]').check();
    await form.locator('input[name="breakdown-sex"]').check();
    await form.locator('input[name="additive-sex"]').check();
    await form.getByRole('button', { name: 'Save' }).click();
    const codeError = form.locator('[data-testid="error-body.code"]');
    await codeError.waitFor();
    await expect(codeError.textContent()).resolves.toContain('already used');

    await form.locator('input[name="code"]').fill('VISA_OVERSTAY');
    // Restricted: the dialogue's organisations appear to choose who it is shared with.
    await form.locator('select[name="classification"]').selectOption('restricted');
    const sharedWith = form.getByTestId('shared-with');
    await sharedWith.getByLabel(/\(ITA\)$/).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const row = page.locator('[data-testid="indicator-definitions"] tr[data-code="VISA_OVERSTAY"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Sex (adds up)');
    const saved = (await (
      await page.request.get(`${journey.target.url}/api/dialogues/${DEMO_DIALOGUE}/definitions`)
    ).json()) as { indicators: { code: string; classification: string; sharedWithOrgIds: number[] }[] };
    const overstay = saved.indicators.find((i) => i.code === 'VISA_OVERSTAY');
    expect(overstay).toMatchObject({ classification: 'restricted', sharedWithOrgIds: [expect.any(Number)] });

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}`);
    const home = page.locator('[data-testid="indicators"] tr', { hasText: 'VISA_OVERSTAY' });
    await home.waitFor();
    await expect(home.textContent()).resolves.toContain('Visa overstays');
    expect(pageErrors.filter((e) => !e.includes('409'))).toEqual([]);
    await context.close();
  });
});
