import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../test/images';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey (issue 15): a state's analyst (Greece) posts a notice with a request for comments from the notices
 * page, counting the fields it had to fill; another state's user (Italy's data provider) acknowledges receipt
 * and raises a formal concern — Austria's viewer reads the notice but may not respond (docs/identity.md); the
 * author answers nothing yet and reports the outcome, which the history keeps. The author attaches a map
 * (PNG); Italy downloads it with its name. Then Austria's viewer saves the feed's filter as a daily digest
 * subscription and finds it on their subscriptions page, and the secretariat opens the uptake dashboard and
 * nudges the silent states.
 */
describe('a state notifies a measure, another acknowledges and comments, the author reports the outcome', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney({ requireTwoFactor: false });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('posts, acknowledges, comments and reports the outcome', async () => {
    const author = await openPage(journey);
    const page = author.page;
    await loginAs(journey, page, 'analyst@demo.passage');
    await page.getByTestId('notices-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/notices`);
    const form = page.getByTestId('notice-form');
    await form.waitFor();

    let filled = 0;
    const fill = async (label: string, value: string) => {
      await form.getByLabel(label).fill(value);
      filled++;
    };
    const select = async (label: string, value: string) => {
      await form.getByLabel(label).selectOption(value);
      filled++;
    };
    await fill('Title', 'Temporary border checks on the northern land border');
    await select('Type of measure', 'border_management');
    // The template filled the summary's structure; the analyst completes it.
    await expect(form.getByLabel('Summary').inputValue()).resolves.toMatch(/^What changes at the border: /);
    await fill(
      'Summary',
      'What changes at the border: checks at three crossing points for six months.\nContact for questions: border police HQ.',
    );
    await select('Stage', 'adopted');
    await form.getByLabel('Request comments from the members').check();
    filled++;
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await fill('Comments until', deadline);
    console.log(`notices journey: ${filled} fields filled to post a notice with a request for comments`);
    expect(filled).toBeLessThanOrEqual(6);

    await form.getByTestId('notice-send').click();
    await page.waitForURL((url) => /^\/d\/demo\/notices\/\d+$/.test(url.pathname));
    const noticePath = new URL(page.url()).pathname;
    await expect(page.getByTestId('notice-status').textContent()).resolves.toBe('Adopted');
    await expect(page.getByTestId('notice-pending').textContent()).resolves.toContain('Austria');
    const png = makePng(16, 16);
    await page
      .getByTestId('notice-attachment-file')
      .setInputFiles({ name: 'crossing-points.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('notice-attachment-upload').click();
    await page.getByTestId('notice-attachment').getByText('crossing-points.png').waitFor();
    await page.getByTestId('notice-history').locator('li[data-event="attached"]').waitFor();

    const viewer = await openPage(journey);
    await loginAs(journey, viewer.page, 'viewer@demo.passage');
    await viewer.page.goto(`${journey.target.url}${noticePath}`);
    await viewer.page.getByTestId('notice-details').waitFor();
    await expect(viewer.page.getByTestId('notice-acknowledge').count()).resolves.toBe(0);
    await expect(viewer.page.getByTestId('notice-comment-form').count()).resolves.toBe(0);
    await viewer.context.close();

    const other = await openPage(journey);
    await loginAs(journey, other.page, 'provider@demo.passage');
    await other.page.goto(`${journey.target.url}${noticePath}`);
    await other.page.getByTestId('notice-acknowledge').click();
    await other.page.getByTestId('notice-acknowledged').getByText('Italy', { exact: false }).waitFor();
    const commentForm = other.page.getByTestId('notice-comment-form');
    await commentForm.getByLabel('Kind').selectOption('concern');
    await commentForm
      .getByLabel('Your comment')
      .fill('The checks may shift crossings to our section of the border.');
    await commentForm.getByRole('button', { name: 'Post' }).click();
    await other.page.getByTestId('notice-comments').locator('li[data-kind="concern"]').waitFor();
    const href = await other.page.getByTestId('notice-attachment').getAttribute('href');
    const file = await other.page.request.get(`${journey.target.url}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-disposition']).toContain('crossing-points.png');
    expect(Buffer.compare(await file.body(), png)).toBe(0);

    await page.reload();
    await page.getByTestId('notice-comments').getByText('may shift crossings', { exact: false }).waitFor();
    await expect(page.getByTestId('notice-acknowledged').textContent()).resolves.toContain('Italy');
    const outcome = page.getByTestId('notice-outcome');
    await outcome.locator('select[name="outcome"]').selectOption('changed');
    await outcome
      .getByLabel('What became of it')
      .fill('Checks limited to two crossing points after comments.');
    await outcome.getByTestId('notice-report-outcome').click();
    await page.getByTestId('notice-details').getByText('Adopted with changes', { exact: false }).waitFor();
    await page.getByTestId('notice-history').locator('li[data-event="outcome"]').waitFor();
    await expect(page.getByTestId('notice-history').locator('li').count()).resolves.toBeGreaterThanOrEqual(4);

    expect([...author.pageErrors, ...other.pageErrors]).toEqual([]);
    expect([...author.foreignRequests, ...other.foreignRequests]).toEqual([]);
    await author.context.close();
    await other.context.close();
  });

  it('saves a filter as a subscription, manages it, and the secretariat opens the uptake page', async () => {
    const viewer = await openPage(journey);
    const page = viewer.page;
    await loginAs(journey, page, 'viewer@demo.passage');
    await page.goto(`${journey.target.url}/d/${DEMO_DIALOGUE}/notices`);
    const filters = page.getByTestId('notices-filters');
    await filters.locator('select[name="type"]').selectOption('border_management');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await page.getByTestId('notices-subscribe').click();
    const form = page.getByTestId('notices-subscribe-form');
    await form.getByLabel('Name').fill('Border measures');
    await form.getByLabel('Delivery').selectOption('daily');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('notices-subscribed').getByText('Border measures', { exact: false }).waitFor();
    await page.getByTestId('notices-subscriptions-link').click();
    const table = page.getByTestId('notice-subscriptions-table');
    await table.getByText('Border measures').waitFor();
    await expect(table.textContent()).resolves.toContain('Daily e-mail digest');
    await expect(table.textContent()).resolves.toContain('Border management');
    // A viewer is not the secretariat: no uptake link, and the page refuses.
    await expect(page.getByTestId('notices-uptake-link').count()).resolves.toBe(0);

    const secretariat = await openPage(journey);
    await loginAs(journey, secretariat.page, 'manager@demo.passage');
    await secretariat.page.goto(`${journey.target.url}/d/${DEMO_DIALOGUE}/notices/uptake`);
    const uptake = secretariat.page.getByTestId('notice-uptake-table');
    await uptake.waitFor();
    // Greece notified in the journey above (and in the demo data).
    await expect(uptake.locator('tr', { hasText: 'GRC' }).count()).resolves.toBe(1);
    await secretariat.page.getByTestId('uptake-ack-rate').waitFor();
    await secretariat.page.getByTestId('uptake-nudge').click();
    await secretariat.page.getByTestId('uptake-nudged').waitFor();

    expect([...viewer.pageErrors, ...secretariat.pageErrors]).toEqual([]);
    expect([...viewer.foreignRequests, ...secretariat.foreignRequests]).toEqual([]);
    await viewer.context.close();
    await secretariat.context.close();
  });
});
