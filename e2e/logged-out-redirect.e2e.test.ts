import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_DIALOGUE,
  DEMO_PASSWORD,
  type Journey,
  openPage,
  pathOf,
  startJourney,
  submitLogin,
} from './harness';

/**
 * Journey: a logged-out visitor who opens a dialogue address is sent to /login (the web app has no public
 * view yet), and after logging in lands on the page first asked for.
 */

describe('logged-out visitor opens a dialogue', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('is sent to /login and returned to the dialogue after logging in', async () => {
    const { page, context } = await openPage(journey);
    const base = journey.target.url;
    const dialoguePath = `/d/${DEMO_DIALOGUE}`;

    await page.goto(`${base}${dialoguePath}`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(pathOf(page)).toBe(`/login?next=${encodeURIComponent(dialoguePath)}`);
    await page.locator('input[name="password"]').waitFor({ state: 'visible' });
    // Nothing of the dialogue is shown to the anonymous visitor.
    await expect(page.getByTestId('member-states').count()).resolves.toBe(0);
    await expect(page.getByTestId('dialogue-map').count()).resolves.toBe(0);

    await submitLogin(page, 'viewer@demo.passage', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === dialoguePath);
    await page.getByTestId('member-states').waitFor({ state: 'visible' });
    await context.close();
  });
});
