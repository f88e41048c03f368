import ICAL from 'ical.js';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../test/smtp';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey: the secretariat opens Contacts, adds a national contact point, exports the directory as vCard
 * (parsed with ical.js), sends the confirmation requests; the contact opens the e-mailed link (received by a
 * real SMTP server) without an account and confirms the entry with one click.
 */
describe('secretariat adds a contact, exports vCard, the contact confirms by the e-mailed link', () => {
  let journey: Journey;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.PASSAGE_SMTP_URL = smtp.url;
    journey = await startJourney({ requireTwoFactor: false });
  });
  afterAll(async () => {
    delete process.env.PASSAGE_SMTP_URL;
    await journey?.close();
    await smtp?.close();
  });

  it('adds, exports and confirms', async () => {
    const { page, pageErrors } = await openPage(journey);
    const base = journey.target.url;
    await loginAs(journey, page, 'admin@demo.passage');
    await page.getByTestId('contacts-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/contacts`);
    await page.getByTestId('contacts-table').waitFor();
    await expect(page.getByTestId('stale-mark').count()).resolves.toBeGreaterThan(0);

    await page.getByTestId('add-contact').click();
    const form = page.getByTestId('contact-form');
    await form.getByLabel('State').fill('MLT');
    await form.getByLabel('Name').fill('Robin Testwood');
    await form.getByLabel('Function').fill('Desk officer, returns');
    await form.getByLabel('Organisation').fill('Ministry; of, Home Affairs');
    await form.getByLabel('E-mail').fill('robin.testwood@example.org');
    await form.getByLabel('Phone').fill('+00 356 1234');
    await page.getByTestId('contact-save').click();
    const row = page.getByTestId('contacts-table').locator('tr', { hasText: 'Robin Testwood' });
    await row.waitFor();

    const href = await page.getByTestId('export-vcard').getAttribute('href');
    const vcf = await page.request.get(`${base}${href}`);
    expect(vcf.headers()['content-type']).toContain('text/vcard');
    const cards = (ICAL.parse(await vcf.text()) as unknown[]).map((c) => new ICAL.Component(c as unknown[]));
    const card = cards.find((c) => c.getFirstPropertyValue('fn') === 'Robin Testwood');
    expect(card?.getFirstPropertyValue('org')).toBe('Ministry; of, Home Affairs');
    expect(card?.getFirstPropertyValue('email')).toBe('robin.testwood@example.org');

    // A year and more later (the clock is moved in the database): the entry is due for confirmation.
    await journey.target.db!.query(sql`UPDATE contacts SET last_confirmed_at = now() - interval '400 days'
      WHERE email = 'robin.testwood@example.org'`);
    await page.getByRole('button', { name: 'Send confirmation requests now' }).click();
    await page.getByRole('status').filter({ hasText: 'confirmation requests sent' }).waitFor();
    const until = Date.now() + 10_000;
    while (!smtp.to('robin.testwood@example.org').length && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const mail = smtp.to('robin.testwood@example.org')[0]!;
    expect(mail.subject).toContain('please confirm your contact entry');
    const link = /(\/confirm-contact#\S+)/.exec(mail.text)![1]!;

    const other = await journey.browser.newContext();
    const visitor = await other.newPage();
    await visitor.goto(`${base}${link}`);
    await visitor.getByTestId('confirm-contact-page').waitFor();
    await visitor.getByText('Robin Testwood').waitFor();
    await visitor.getByTestId('confirm-button').click();
    await visitor.getByTestId('confirmed').waitFor();
    await other.close();

    await page.reload();
    const confirmed = page.getByTestId('contacts-table').locator('tr', { hasText: 'Robin Testwood' });
    await expect(confirmed.getAttribute('data-stale')).resolves.toBe('false');
    expect(pageErrors).toEqual([]);
  });
});
