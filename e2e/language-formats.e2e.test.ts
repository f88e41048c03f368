import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_DIALOGUE,
  DEMO_PASSWORD,
  type Journey,
  openPage,
  startJourney,
  submitLogin,
  THIS_MONTH,
  VIEWPORT,
} from './harness';
import { apiFromPage, waitForLang } from './i18n-helpers';

/**
 * Journey: switching the language changes the visible texts and the number formats (12,345 in English,
 * 12 345 with a narrow no-break space in French, with a no-break space in Russian); translated content shows
 * in the chosen language, untranslated content says it falls back to English; a first visit follows the
 * browser's Accept-Language.
 */

describe('language switch: texts, number formats, translated content', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('formats figures and shows texts in English, French and Russian', async () => {
    const { page, context, pageErrors } = await openPage(journey);
    const base = journey.target.url;
    await page.goto(`${base}/login`);
    await submitLogin(page, 'provider@demo.passage', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}`);
    const created = await apiFromPage<{ id: number }>(
      page,
      'POST',
      `/api/dialogues/${DEMO_DIALOGUE}/submissions`,
      {
        observations: [{ indicator: 'ASY', period: THIS_MONTH, value: 12345 }],
      },
    );
    await page.goto(`${base}/d/${DEMO_DIALOGUE}/data/submissions/${created.id}`);
    const table = page.locator('[data-testid="figures-table"]');
    await table.waitFor();

    const expectations = [
      { button: 'English', lang: 'en', heading: 'Figures', figure: '12,345', logout: 'Log out' },
      {
        button: 'Français',
        lang: 'fr',
        heading: 'Chiffres',
        figure: '12\u202f345',
        logout: 'Se déconnecter',
      },
      { button: 'Русский', lang: 'ru', heading: 'Данные', figure: '12\u00a0345', logout: 'Выйти' },
    ];
    for (const e of expectations) {
      await page.getByRole('button', { name: e.button }).click();
      await waitForLang(page, e.lang);
      await expect(page.locator('#figures-title').textContent()).resolves.toBe(e.heading);
      await expect(table.textContent()).resolves.toContain(e.figure);
      await expect(page.getByRole('button', { name: e.logout }).count()).resolves.toBe(1);
    }

    // Content: route names are translated in the demo, descriptions are not (a fallback badge says so).
    await page.getByRole('button', { name: 'Français' }).click();
    await page.goto(`${base}/d/${DEMO_DIALOGUE}`);
    const routes = page.locator('[data-testid="routes"]');
    await routes.waitFor();
    await expect(routes.textContent()).resolves.toContain('Balkans occidentaux');
    const badge = page.locator('[data-testid="dialogue-description"] [data-testid="fallback-badge"]');
    await expect(badge.textContent()).resolves.toBe('(affiché en anglais — pas de traduction en français)');
    await expect(badge.getAttribute('lang')).resolves.toBe('fr');
    await expect(page.locator('[data-testid="dialogue-description"] span[lang="en"]').count()).resolves.toBe(
      1,
    );
    await expect(page.locator('h1 span[lang="fr"]').textContent()).resolves.toBe(
      'Dialogue de démonstration sur les routes migratoires',
    );
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("follows the browser's Accept-Language on a first visit", async () => {
    const context = await journey.browser.newContext({ viewport: VIEWPORT, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${journey.target.url}/login`);
    await waitForLang(page, 'ru');
    await expect(page.locator('form button[type="submit"]').textContent()).resolves.toBe('Войти');
    const problem = await page.evaluate(async () => (await fetch('/api/dialogues/nope')).json());
    expect(problem).toMatchObject({ code: 'NOT_FOUND', title: 'Ресурс не существует или недоступен вам' });
    await context.close();
  });
});
