import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Journey, openPage, startJourney, submitLogin } from './harness';

/**
 * Journey: the demo data manager, whose role requires two-factor authentication, logs in, is sent to the
 * account page to enrol (QR code and key), confirms with a code from the "app" (computed here with
 * otplib from the key shown on the page), keeps the recovery codes, logs out, and logs in again with
 * password + code. At the end the second factor is switched off again so the demo account stays as it was.
 */
describe('data manager enrols in two-factor authentication and logs in with it', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney();
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('enrols, logs out, and logs in with password and code', async () => {
    const { page, context, pageErrors, foreignRequests } = await openPage(journey);
    const base = journey.target.url;
    const email = 'manager@demo.passage';

    await page.goto(`${base}/login`);
    await submitLogin(page, email, DEMO_PASSWORD);
    // Until enrolled, the data manager is guided to the account page.
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByTestId('two-factor-required').waitFor();
    const blocked = await context.request.get(`${base}/api/tokens`);
    expect(blocked.status()).toBe(403);
    expect((await blocked.json()).code).toBe('TOTP_ENROLMENT_REQUIRED');

    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect(
      page.locator('img[alt="QR code for your authenticator app"]').getAttribute('src'),
    ).resolves.toMatch(/^data:image\/png;base64,/);
    const enrolStep = Math.floor(Date.now() / 30_000);
    await page.getByLabel('Code from the app').fill(await generate({ secret, epoch: enrolStep * 30 }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = page.getByTestId('recovery-codes').locator('code');
    await codes.first().waitFor();
    await expect(codes.count()).resolves.toBe(10);
    const recoveryCode = (await codes.first().textContent()) ?? '';
    await page.getByTestId('two-factor-on').waitFor();
    expect((await context.request.get(`${base}/api/tokens`)).status()).toBe(200);

    // Log out, then log in: the password alone is not enough any more.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await submitLogin(page, email, DEMO_PASSWORD);
    const totpForm = page.getByTestId('totp-form');
    await totpForm.waitFor();
    expect((await context.request.get(`${base}/api/auth/session`)).status()).toBe(401);
    // A wrong code is refused with a message; then the next code (never the one used to enrol) works.
    await totpForm.getByLabel('Code').fill('000000');
    await totpForm.getByRole('button', { name: 'Verify' }).click();
    await totpForm.getByRole('alert').waitFor();
    const loginStep = Math.max(Math.floor(Date.now() / 30_000), enrolStep + 1);
    await totpForm.getByLabel('Code').fill(await generate({ secret, epoch: loginStep * 30 }));
    await totpForm.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/d/'));
    const session = await context.request.get(`${base}/api/auth/session`);
    expect(session.status()).toBe(200);
    expect((await session.json()).user.email).toBe(email);

    // Leave the demo account as it was: switch the second factor off with a recovery code.
    const off = await context.request.post(`${base}/api/account/two-factor/disable`, {
      data: { code: recoveryCode },
      headers: { 'x-passage-csrf': '1' },
    });
    expect(off.status()).toBe(204);

    expect(foreignRequests).toEqual([]);
    expect(pageErrors.filter((e) => !e.includes('403') && !e.includes('401'))).toEqual([]);
    await context.close();
  });
});
