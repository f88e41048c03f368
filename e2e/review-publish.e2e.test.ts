import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney, THIS_MONTH } from './harness';

/**
 * Journey: a data provider has submitted a month of figures (through the API); the secretariat's data manager
 * opens the submission, validates it and publishes it from the review panel; the figure is then in the
 * published data.
 */

describe('data manager reviews, validates and publishes a submission', () => {
  let journey: Journey;

  beforeAll(async () => {
    // Two-factor enrolment is tested elsewhere (two-factor.e2e.test.ts); this journey is about the review.
    journey = await startJourney({ requireTwoFactor: false });
  });

  afterAll(() => journey?.close());

  it('validates and publishes from the review panel; the figure becomes published data', async () => {
    const { page, context, foreignRequests, pageErrors } = await openPage(journey);
    const base = journey.target.url;
    const api = `${base}/api/dialogues/${DEMO_DIALOGUE}`;
    const write = { 'x-passage-csrf': '1' };

    // The provider sends one figure and submits it (the API path; the upload journey covers the page).
    await loginAs(journey, page, 'provider@demo.passage');
    const indicators = (await (
      await context.request.get(`${base}/api/dialogues/${DEMO_DIALOGUE}`)
    ).json()) as {
      indicators?: { code: string; breakdowns: string[] }[];
    };
    const indicator =
      indicators.indicators?.find((i) => i.breakdowns.length === 1 && i.breakdowns[0] === 'citizenship')
        ?.code ?? 'RET_DEC';
    // The current month: the demo's figures end with last month, published and locked.
    const period = THIS_MONTH;
    const created = await context.request.post(`${api}/submissions`, {
      headers: write,
      data: {
        reporter: 'ITA',
        observations: [{ indicator, period, breakdowns: { citizenship: 'SYR' }, value: 77 }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = ((await created.json()) as { id: number }).id;
    const findings = (await (await context.request.get(`${api}/submissions/${id}/findings`)).json()) as {
      key: string;
    }[];
    const submitted = await context.request.post(`${api}/submissions/${id}/submit`, {
      headers: write,
      data: { warningComments: Object.fromEntries(findings.map((f) => [f.key, 'checked'])) },
    });
    expect(submitted.status(), await submitted.text()).toBe(200);
    await context.clearCookies();

    // The data manager opens it: submitted, with the review panel.
    await loginAs(journey, page, 'manager@demo.passage');
    await page.goto(`${base}/d/${DEMO_DIALOGUE}/data/submissions/${id}`);
    const status = page.getByTestId('submission-status').first();
    await status.waitFor();
    await expect(status.getAttribute('data-status')).resolves.toBe('submitted');
    const review = page.getByTestId('review');
    await review.waitFor();
    await expect(review.getByRole('button', { name: 'Publish' }).count()).resolves.toBe(0);

    await review.getByRole('textbox', { name: 'Comment' }).fill('Checked against the national report');
    await review.getByRole('button', { name: 'Validate' }).click();
    await page.locator('[data-testid="submission-status"][data-status="validated"]').first().waitFor();
    await page.getByTestId('review').getByRole('button', { name: 'Publish' }).click();
    await page.locator('[data-testid="submission-status"][data-status="published"]').first().waitFor();
    await expect(page.getByTestId('submission-comments').textContent()).resolves.toContain(
      'Checked against the national report',
    );

    // The figure is in the published data now.
    const published = (await (
      await context.request.get(
        `${api}/observations?indicator=${indicator}&reporter=ITA&from=${period}&to=${period}`,
      )
    ).json()) as { value: number; status: string; breakdowns: { citizenship: string } }[];
    expect(published.find((o) => o.breakdowns.citizenship === 'SYR')).toMatchObject({
      value: 77,
      status: 'published',
    });

    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
