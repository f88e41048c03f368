import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../src/domain/periods';
import { runJobsNow } from '../src/jobs/worker';
import { issueSetupToken } from '../src/modules/setup/setup.service';
import { jobHandlers } from '../src/server/jobs';
import { startSmtp, type TestSmtp } from '../test/smtp';
import { type Journey, openPage, startJourney, submitLogin, THIS_MONTH } from './harness';

/**
 * Journey of a new secretariat, from an empty install without the demo: the set-up link printed at start-up →
 * the first administrator (who enrols two-factor authentication, as admins must) → a dialogue → three member
 * states and an observer → a data provider invited by CSV (the e-mail reaches a real SMTP server here; its link
 * sets the password) → the provider enters and submits a figure → the secretariat validates and publishes it →
 * a reporting calendar expects another figure from Italy by yesterday, and "Send today's reminders now" e-mails
 * the late state's provider a reminder (real SMTP server) and the secretariat a digest.
 */

const SLUG = 'test-process';
const ADMIN = { name: 'Eva Admin', email: 'eva@secretariat.example', password: 'Eva-setup-9f4k-orchid' };
const PROVIDER = { email: 'paola@interior.example', password: 'Paola-figures-7q2m-lark' };
/** The states were members before the dialogue came to Passage (membership history counts for lateness). */
const JOINED_ON = `${addMonths(THIS_MONTH, -3)}-01`;

/**
 * A month whose deadline (a day 1–28 of the month after it) fell three to nine days ago, whatever today is:
 * with the default offsets (-5, 0, 3 days) today's run sends the "3 days after" reminder for it, which makes
 * the state late and the day a digest day.
 */
function monthDueLately(): { period: string; deadlineDay: number } {
  const day = new Date().getUTCDate();
  if (day >= 4) return { period: addMonths(THIS_MONTH, -1), deadlineDay: day - 3 };
  return { period: addMonths(THIS_MONTH, -2), deadlineDay: 25 };
}

const grid = (page: Page, row: number, col: number) =>
  page.locator(`[data-testid="figure-grid"] input[data-row="${row}"][data-col="${col}"]`);

describe('a secretariat sets Passage up from nothing and runs a first exchange', () => {
  let journey: Journey;
  let smtp: TestSmtp;
  let setupToken = '';
  const previousSmtp = process.env.PASSAGE_SMTP_URL;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.PASSAGE_SMTP_URL = smtp.url;
    journey = await startJourney({
      demo: false,
      // What the server prints at start-up when no administrator exists (src/server/main.ts → setupBanner).
      prepare: async (db) => {
        setupToken = (await issueSetupToken(db))?.token ?? '';
      },
    });
  });
  afterAll(async () => {
    if (previousSmtp === undefined) delete process.env.PASSAGE_SMTP_URL;
    else process.env.PASSAGE_SMTP_URL = previousSmtp;
    await journey?.close();
    await smtp?.close();
  });

  it('set-up link → admin with 2FA → dialogue → members → invitation → figure published → reminder e-mailed', async () => {
    const base = journey.target.url;
    const admin = await openPage(journey);
    const page = admin.page;

    // 1. The set-up link: the first administrator and the secretariat.
    expect(setupToken).toMatch(/^setup_/);
    await page.goto(`${base}/setup?token=${encodeURIComponent(setupToken)}`);
    const form = page.getByTestId('setup-form');
    await form.getByLabel('Your name').fill(ADMIN.name);
    await form.getByLabel('E-mail').fill(ADMIN.email);
    await form.getByLabel('Password (at least 12 characters)').fill(ADMIN.password);
    await form.getByLabel('The same password again').fill(ADMIN.password);
    await form
      .getByLabel('Organisation running the dialogues (secretariat)')
      .fill('Test Process Secretariat');
    await form.getByLabel('Its acronym (optional)').fill('TPS');
    await form.getByRole('button', { name: 'Create the administrator' }).click();

    // 2. Admins must use two-factor authentication: the account page asks to enrol first.
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByTestId('two-factor-required').waitFor();
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    await page.getByLabel('Code from the app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('two-factor-on').waitFor();
    // The link is used up.
    const reused = await admin.context.request.get(
      `${base}/api/setup?token=${encodeURIComponent(setupToken)}`,
    );
    expect(await reused.json()).toMatchObject({ isSetupNeeded: false, token: 'used' });

    // 3. A dialogue.
    await page.getByTestId('dialogues-admin-link').click();
    await page.waitForURL((url) => url.pathname === '/admin/dialogues');
    const create = page.getByTestId('create-dialogue');
    await create.getByLabel(/^Address/).fill(SLUG);
    await create.getByLabel('Name (English)').fill('Test Process');
    await create.getByLabel('Description (English)').fill('A dialogue set up from nothing');
    await create.getByRole('button', { name: 'Create dialogue' }).click();
    await page.waitForURL((url) => /^\/admin\/dialogues\/\d+\/members$/.test(url.pathname));
    const dialogueId = Number(/dialogues\/(\d+)\//.exec(page.url())?.[1]);

    // 4. Three member states and an observer organisation.
    for (const iso3 of ['GRC', 'ITA', 'TUR']) {
      const add = page.getByTestId('add-state');
      await add.getByLabel('State').selectOption(iso3);
      await add.getByLabel('Joined on').fill(JOINED_ON);
      await add.getByRole('button', { name: 'Add' }).click();
      await page
        .locator(`[data-testid="member-states"] tr[data-iso3="${iso3}"][data-current="true"]`)
        .waitFor();
    }
    await expect(page.locator('[data-testid="member-states"] tbody tr').count()).resolves.toBe(3);
    const newOrg = page.getByTestId('new-organisation');
    await newOrg.getByLabel('Kind').selectOption('international');
    await newOrg.getByLabel('Name').fill('International Organization for Migration');
    await newOrg.getByLabel('Acronym (optional)').fill('IOM');
    await newOrg.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByTestId('org-message').filter({ hasText: 'was created' }).waitFor();
    const addObserver = page.getByTestId('add-observer');
    await addObserver
      .getByLabel('Organisation')
      .selectOption({ label: 'International Organization for Migration' });
    await addObserver.getByRole('button', { name: 'Add' }).click();
    await page.locator('[data-testid="member-observers"] tr[data-current="true"]').waitFor();
    // The provider's ministry, an authority of a member state.
    await newOrg.getByLabel('Kind').selectOption('state');
    await newOrg.getByLabel('Member state').selectOption('ITA');
    await newOrg.getByLabel('Name').fill('Ministry of Interior of Italy');
    await newOrg.getByLabel('Acronym (optional)').fill('MOI-ITA');
    await newOrg.getByRole('button', { name: 'Create organisation' }).click();
    await page
      .getByTestId('org-message')
      .filter({ hasText: 'Ministry of Interior of Italy was created' })
      .waitFor();

    // 5. Invite the data provider from a CSV: check (dry run), then send; the e-mail reaches the SMTP server.
    const invitations = page.getByTestId('invitations');
    await invitations.getByLabel('CSV file').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `email,name,organisation,role\n${PROVIDER.email},Paola Provider,MOI-ITA,data_provider\n`,
      ),
    });
    await invitations.getByRole('button', { name: 'Check the file' }).click();
    await page.locator('[data-testid="invitation-report"][data-dry-run="true"]').waitFor();
    await expect(page.getByTestId('invitation-report').textContent()).resolves.toContain('No problems');
    expect(smtp.mails).toHaveLength(0);
    await invitations.getByRole('button', { name: 'Send the invitations' }).click();
    await page.locator('[data-testid="invitation-report"][data-dry-run="false"]').waitFor();
    await expect(page.getByTestId('invitation-report').textContent()).resolves.toContain('e-mail sent');
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual([PROVIDER.email]);
    const link = /(https?:\/\/\S+\/invitation\?token=[\w-]+)/.exec(mail!.text)?.[1];
    expect(link, mail!.text).toBeTruthy();

    // 6. The provider follows the link, sets a password, logs in, enters a figure and submits it.
    const provider = await openPage(journey);
    const p = provider.page;
    await p.goto(link!);
    await p.getByLabel('Password (at least 12 characters)').fill(PROVIDER.password);
    await p.getByLabel('The same password again').fill(PROVIDER.password);
    await p.getByRole('button', { name: 'Set password' }).click();
    await p.getByTestId('invitation-done').waitFor();
    await p.goto(`${base}/login?next=${encodeURIComponent(`/d/${SLUG}/data`)}`);
    await submitLogin(p, PROVIDER.email, PROVIDER.password);
    await p.waitForURL((url) => url.pathname === `/d/${SLUG}/data`);
    await p.getByTestId('enter-figures').click();
    await p.waitForURL((url) => /\/data\/submissions\/\d+$/.test(url.pathname));
    const submissionId = Number(/submissions\/(\d+)/.exec(p.url())?.[1]);
    await grid(p, 0, 0).click();
    await p.keyboard.type('42');
    await p.keyboard.press('Enter');
    await p
      .getByTestId('save-status')
      .filter({ hasText: /^Saved$/ })
      .waitFor({ timeout: 15_000 });
    await p.getByTestId('findings').waitFor();
    const warnings = p.getByTestId('finding-warning');
    for (let i = 0; i < (await warnings.count()); i++)
      await warnings.nth(i).getByLabel('Explain this warning').fill('First month reported in Passage.');
    await p.getByTestId('submit-submission').click();
    await p.locator('[data-testid="submission-status"][data-status="submitted"]').first().waitFor();

    // 7. The secretariat (the first administrator is also the dialogue's data manager) validates and publishes.
    await page.goto(`${base}/d/${SLUG}/data/submissions/${submissionId}`);
    const review = page.getByTestId('review');
    await review.waitFor();
    await review.getByRole('textbox', { name: 'Comment' }).fill('Checked');
    await review.getByRole('button', { name: 'Validate' }).click();
    await page.locator('[data-testid="submission-status"][data-status="validated"]').first().waitFor();
    await page.getByTestId('review').getByRole('button', { name: 'Publish' }).click();
    await page.locator('[data-testid="submission-status"][data-status="published"]').first().waitFor();

    const published = (await (
      await admin.context.request.get(`${base}/api/dialogues/${SLUG}/observations?reporter=ITA`)
    ).json()) as { value: number; status: string }[];
    expect(published).toEqual([expect.objectContaining({ value: 42, status: 'published' })]);
    const members = (await (
      await admin.context.request.get(`${base}/api/admin/dialogues/${dialogueId}/members`)
    ).json()) as { states: { iso3: string; figures: number }[]; observers: unknown[] };
    expect(members.states.find((s) => s.iso3 === 'ITA')?.figures).toBe(1);
    expect(members.observers).toHaveLength(1);

    // 8. A reporting calendar expects another indicator from Italy for a month due a few days ago; the
    // secretariat sends today's reminders from the definitions page and the late state's provider is e-mailed.
    const submitted = (await (
      await admin.context.request.get(`${base}/api/dialogues/${SLUG}/observations?reporter=ITA`)
    ).json()) as { indicator: string }[];
    const definitions = (await (
      await admin.context.request.get(`${base}/api/dialogues/${SLUG}/definitions`)
    ).json()) as { indicators: { code: string }[] };
    const late = definitions.indicators.find((i) => i.code !== submitted[0]?.indicator)!.code;
    const { period, deadlineDay } = monthDueLately();
    const calendar = await admin.context.request.put(`${base}/api/dialogues/${SLUG}/definitions/calendar`, {
      headers: { 'x-passage-csrf': '1' },
      data: {
        entries: [
          { reporter: 'ITA', indicator: late, from: period, to: period, deadlineDay, expectedRevision: 0 },
        ],
      },
    });
    expect(calendar.status(), await calendar.text()).toBe(200);
    await page.goto(`${base}/d/${SLUG}/definitions`);
    await page.getByRole('button', { name: "Send today's reminders now" }).click();
    await page.getByText('Reminders sent: 1; digests: 1.').waitFor();
    // The e-mails leave through the outbox job: run the queue as the server's worker would.
    await runJobsNow(journey.target.db!, jobHandlers());
    // Workflow e-mails (validated, published) leave with them: pick the reminder and the digest.
    const isReminder = (m: { subject: string }) => / due for ITA$/.test(m.subject);
    const isDigest = (m: { subject: string }) => / late$/.test(m.subject);
    for (let waited = 0; waited < 10_000; waited += 100) {
      if (smtp.to(PROVIDER.email).some(isReminder) && smtp.to(ADMIN.email).some(isDigest)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [reminder, ...more] = smtp.to(PROVIDER.email).filter(isReminder);
    expect(more).toEqual([]);
    expect(reminder?.subject).toMatch(/1 figure set due for ITA$/);
    expect(reminder?.text).toContain(`${late} ${period}: was due on ${addMonths(period, 1)}-`);
    const digest = smtp.to(ADMIN.email).find(isDigest);
    expect(digest?.text).toContain(`ITA: 1 overdue figure set, the oldest ${period}`);

    for (const j of [admin, provider]) {
      expect(j.foreignRequests).toEqual([]);
      // The account page probes what enrolment blocks (403) before the admin enrols; nothing else may fail.
      expect(j.pageErrors.filter((e) => !e.includes('403'))).toEqual([]);
    }
    await admin.context.close();
    await provider.context.close();
  });
});
