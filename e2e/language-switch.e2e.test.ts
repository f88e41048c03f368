import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIALOGUE, DEMO_PASSWORD, type Journey, openPage, startJourney, submitLogin } from './harness';

/** Journey: the interface switches between English, French and Russian, and remembers the choice. */

describe('language switch', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('translates the login page and the app shell, and keeps the choice after a reload', async () => {
    const { page, context } = await openPage(journey);
    const base = journey.target.url;

    await page.goto(`${base}/login`);
    const submit = page.locator('form button[type="submit"]');
    await expect(submit.textContent()).resolves.toBe('Sign in');

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { documentElement: { lang: string } } }).document
          .documentElement.lang === 'ru',
    );
    await expect(submit.textContent()).resolves.toBe('Войти');
    await expect(page.getByLabel('Пароль').count()).resolves.toBe(1);

    await page.reload();
    await expect(page.locator('form button[type="submit"]').textContent()).resolves.toBe('Войти');

    await page.getByRole('button', { name: 'Français' }).click();
    await submitLogin(page, 'observer@demo.passage', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}`);
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor({ state: 'visible' });
    await expect(page.locator('#members-title').textContent()).resolves.toContain('États membres');
    await expect(page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    await context.close();
  });
});
