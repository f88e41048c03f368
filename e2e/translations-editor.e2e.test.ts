import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey: a data manager of the secretariat translates a route description into French on
 * /d/demo/translations; a French reader then sees it on the dialogue home without the fallback badge.
 */

describe('secretariat translates content', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney({ requireTwoFactor: false });
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('edits a translation, counts coverage, and shows it to readers', async () => {
    const { page, context, pageErrors } = await openPage(journey);
    const base = journey.target.url;
    await loginAs(journey, page, 'manager@demo.passage');
    await page.locator('[data-testid="translations-link"]').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/translations`);
    const coverage = page.locator('[data-testid="translation-coverage"]');
    await expect(coverage.textContent()).resolves.toBe('14 of 19 texts translated');

    const row = page.locator(
      '[data-testid="translation-row"][data-entity="route"][data-code="EMED"][data-field="description"]',
    );
    const french = 'De la Turquie vers la Grèce, Chypre et la Bulgarie, par mer et par terre.';
    await row.locator('textarea').fill(french);
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByText('Saved').waitFor();
    await expect(row.textContent()).resolves.toContain('Revision 1');
    await expect(coverage.textContent()).resolves.toBe('15 of 19 texts translated');

    await page.getByRole('button', { name: 'Français' }).click();
    await page.goto(`${base}/d/${DEMO_DIALOGUE}`);
    const routes = page.locator('[data-testid="routes"]');
    await routes.waitFor();
    const emed = routes.locator('li', { hasText: 'EMED' });
    await expect(emed.locator('p span[lang="fr"]').first().textContent()).resolves.toBe(french);
    await expect(emed.locator('[data-testid="fallback-badge"]').count()).resolves.toBe(0);
    // The other descriptions are still English only.
    await expect(routes.locator('[data-testid="fallback-badge"]').count()).resolves.toBe(3);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
