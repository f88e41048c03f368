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
import { apiFromPage, horizontalOverflows, htmlLangDir, waitForLang } from './i18n-helpers';

/**
 * Journey: the right-to-left pseudo-locale (ar-XB, turned on with ?pseudo=on) lays every page out right to
 * left without horizontal overflow at 1280×800, mirrors the messages, and still formats numbers and dates.
 */

const RLO = '\u202E';

describe('right-to-left layout (pseudo-locale)', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('is not offered unless turned on', async () => {
    const { page, context } = await openPage(journey);
    await page.goto(`${journey.target.url}/login`);
    await page.locator('form button[type="submit"]').waitFor();
    await expect(page.locator('[data-language="ar-XB"]').count()).resolves.toBe(0);
    await context.close();
  });

  it('sets dir=rtl, mirrors the messages, keeps header and content within the page, formats figures', async () => {
    const { page, context, pageErrors } = await openPage(journey);
    const base = journey.target.url;
    await page.goto(`${base}/login?pseudo=on`);
    await page.locator('[data-language="ar-XB"]').click();
    await waitForLang(page, 'ar-XB');
    await expect(htmlLangDir(page)).resolves.toEqual({ lang: 'ar-XB', dir: 'rtl' });
    await expect(page.locator('form button[type="submit"]').textContent()).resolves.toBe(
      `${RLO}Sign\u202C ${RLO}in\u202C`,
    );

    await submitLogin(page, 'provider@demo.passage', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}`);
    await page.locator('[data-testid="routes"]').waitFor();
    await expect(htmlLangDir(page)).resolves.toEqual({ lang: 'ar-XB', dir: 'rtl' });
    // The header starts on the right: the brand is right of the language switch.
    const brand = await page.locator('.app-header .brand').boundingBox();
    const languageSwitch = await page.locator('.language-switch').boundingBox();
    expect(brand!.x).toBeGreaterThan(languageSwitch!.x);
    await expect(horizontalOverflows(page, ['html', '.app-header', 'main'])).resolves.toEqual([]);
    // Dates are formatted (English figures and dates under the pseudo-locale: British English, day first).
    const from = new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    }).format(Date.UTC(2015, 0, 1));
    await expect(page.locator('[data-testid="routes"]').textContent()).resolves.toContain(from);

    // A page with figures: a draft with one value, laid out right to left.
    const created = await apiFromPage<{ id: number }>(
      page,
      'POST',
      `/api/dialogues/${DEMO_DIALOGUE}/submissions`,
      {
        observations: [{ indicator: 'ASY', period: THIS_MONTH, value: 12345 }],
      },
    );
    await page.goto(`${base}/d/${DEMO_DIALOGUE}/data/submissions/${created.id}`);
    await page.locator('[data-testid="figures-table"]').waitFor();
    await expect(page.locator('[data-testid="figures-table"]').textContent()).resolves.toContain('12,345');
    await expect(horizontalOverflows(page, ['html', '.app-header', 'main'])).resolves.toEqual([]);
    await page
      .locator('[data-testid="figures-table"]')
      .screenshot({ path: '.tmp/e2e/rtl-figures.png' })
      .catch(() => {});
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
