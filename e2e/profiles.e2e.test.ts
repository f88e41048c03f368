import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey (issue 16, country profiles): the secretariat updates the draft of Greece's profile; Italy's data
 * provider still reads the endorsed version without the change; Greece's analyst endorses the draft; Italy
 * then reads the new version, and the restricted section never.
 */
describe('the secretariat drafts, the state endorses, another state sees only the endorsed version', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney({ requireTwoFactor: false });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('shows a draft only to the editors until the state endorses it', async () => {
    const profilePath = `/d/${DEMO_DIALOGUE}/profiles/GRC`;
    const marker = 'Journey change: a new inter-ministerial council.';

    const sec = await openPage(journey);
    await loginAs(journey, sec.page, 'manager@demo.passage');
    await sec.page.getByTestId('profiles-link').click();
    await sec.page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/profiles`);
    await sec.page.getByTestId('profiles-table').getByText('Greece').click();
    await sec.page.waitForURL((url) => url.pathname === profilePath);
    await sec.page.getByTestId('profile-editor').waitFor();
    const body = sec.page.getByTestId('editor-governance-body');
    await body.fill(`${await body.inputValue()} ${marker}`);
    await sec.page.getByTestId('profile-save').click();
    await sec.page.getByTestId('profile-section-governance').getByText(marker).waitFor();
    await expect(sec.page.getByTestId('profile-version-status').textContent()).resolves.toBe(
      'Version 2 (draft)',
    );
    await sec.context.close();

    const ita = await openPage(journey);
    await loginAs(journey, ita.page, 'provider@demo.passage');
    await ita.page.goto(`${journey.target.url}${profilePath}`);
    await ita.page.getByTestId('profile-section-governance').waitFor();
    await expect(ita.page.getByTestId('profile-version-status').textContent()).resolves.toBe(
      'Version 1 (endorsed)',
    );
    await expect(ita.page.getByTestId('profile-narrative').textContent()).resolves.not.toContain(marker);
    await expect(ita.page.getByTestId('profile-section-challenges').count()).resolves.toBe(0);
    await expect(ita.page.getByTestId('profile-editor').count()).resolves.toBe(0);

    const grc = await openPage(journey);
    await loginAs(journey, grc.page, 'analyst@demo.passage');
    await grc.page.goto(`${journey.target.url}${profilePath}`);
    await grc.page.getByTestId('profile-endorse').click();
    await grc.page
      .locator('[data-testid="profile-version-status"]', { hasText: 'Version 2 (endorsed)' })
      .waitFor();
    await grc.context.close();

    await ita.page.reload();
    await ita.page.getByTestId('profile-section-governance').getByText(marker).waitFor();
    await expect(ita.page.getByTestId('profile-version-status').textContent()).resolves.toBe(
      'Version 2 (endorsed)',
    );
    await expect(ita.page.getByTestId('profile-section-challenges').count()).resolves.toBe(0);
    await ita.context.close();
  });
});
