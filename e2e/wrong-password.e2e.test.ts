import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Journey, openPage, startJourney, submitLogin } from './harness';

/** Journey: a wrong password shows the server's message in an alert, and the user stays on /login. */

describe('login with a wrong password', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('shows the problem detail in role="alert" and stays on the login page', async () => {
    const { page, context } = await openPage(journey);
    const base = journey.target.url;
    const credentials = { email: 'analyst@demo.passage', password: 'not-the-password' };

    // What the API answers to these credentials (a 401 problem+json with a detail).
    const api = await context.request.post(`${base}/api/auth/login`, { data: credentials });
    expect(api.status()).toBe(401);
    const problem = (await api.json()) as { detail?: string; code?: string };
    expect(problem.code).toBe('INVALID_CREDENTIALS');
    expect(problem.detail).toMatch(/\S/);

    await page.goto(`${base}/login`);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await submitLogin(page, credentials.email, credentials.password);

    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible' });
    await expect(alert.textContent()).resolves.toBe(problem.detail);
    expect(new URL(page.url()).pathname).toBe('/login');
    // The form is still there to try again, and no session was opened.
    await expect(page.locator('input[name="email"]').inputValue()).resolves.toBe(credentials.email);
    expect((await context.request.get(`${base}/api/auth/session`)).status()).toBe(401);
    await context.close();
  });
});
