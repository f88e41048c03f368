/**
 * Report rendering is bounded (issue 13, item 5): parallel reports share one Chromium, one user may generate
 * PASSAGE_REPORT_RATE_LIMIT (5) reports a minute, and a rendering that outlasts its time-out is stopped and
 * reported clearly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../test/app';
import { sampleChromiumChildren } from '../../../../test/child-processes';
import { testDatabases } from '../../../../test/databases';
import { makeUser } from '../../../../test/factories';
import { type AlertsWorld, makeAlertsWorld } from '../../alerts/tests/alerts-world';
import { configureReportRendering, reportRenderingStats } from '../reports.pdf';

describe.each(testDatabases())('report rendering limits [%s]', (kind) => {
  let t: TestApp;
  let w: AlertsWorld;
  /** A fresh analyst of the world's dialogue (each test has its own rate-limit budget). */
  const newAnalyst = async () => {
    const u = await makeUser(t.db, {
      orgId: w.users.analyst.orgId,
      roles: [{ dialogueId: w.dialogueId, role: 'analyst' }],
    });
    return loginCookie(t.app, u.email, u.password);
  };

  beforeAll(async () => {
    await configureReportRendering();
    t = await createTestApp(kind);
    w = await makeAlertsWorld(t);
  });
  afterAll(async () => {
    await configureReportRendering();
    await t?.close();
  });

  it('five parallel reports of one analyst share ONE browser; the sixth in the minute answers 429', async () => {
    const cookie = await newAnalyst();
    const before = (await reportRenderingStats()).launches;
    const sampler = sampleChromiumChildren();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() => w.api(cookie, 'POST', '/reports', { route: 'EMR', period: '2024-12' })),
    );
    const maxBrowsers = sampler.stop();
    for (const r of results) {
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ hasPdf: true, pdfError: null });
    }
    // Counted by the module and, independently, in /proc: one browser process for all five.
    expect((await reportRenderingStats()).launches - before).toBeLessThanOrEqual(1);
    expect(maxBrowsers).toBe(1);
    expect(await reportRenderingStats()).toMatchObject({ isBrowserRunning: true, openContexts: 0 });

    const sixth = await w.api(cookie, 'POST', '/reports', { route: 'EMR', period: '2024-12' });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['content-type']).toContain('application/problem+json');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(sixth.json()).toMatchObject({
      status: 429,
      code: 'REPORT_RATE_LIMITED',
      detail: expect.stringMatching(/^You may generate 5 reports a minute .*try again in \d+ s\.$/),
    });
    // Someone else is not held back by that analyst.
    const other = await w.api(await newAnalyst(), 'POST', '/reports', { route: 'EMR', period: '2024-12' });
    expect(other.statusCode).toBe(201);
  });

  it('a rendering that outlasts the time-out is stopped: the report keeps its HTML and says why it has no PDF', async () => {
    await configureReportRendering({ timeoutMs: 1 });
    try {
      const cookie = await newAnalyst();
      const res = await w.api(cookie, 'POST', '/reports', { route: 'EMR', period: '2024-12' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        hasPdf: false,
        pdfError:
          'The PDF rendering took longer than 1 ms and was stopped (PASSAGE_REPORT_TIMEOUT_SECONDS); the HTML report is kept',
      });
      const id = res.json().id as number;
      expect((await w.api(cookie, 'GET', `/reports/${id}/html`)).statusCode).toBe(200);
      const pdf = await w.api(cookie, 'GET', `/reports/${id}/pdf`);
      expect(pdf.statusCode).toBe(404);
      expect(pdf.json().detail).toContain('took longer than 1 ms and was stopped');
      // Nothing is left open in the browser.
      expect((await reportRenderingStats()).openContexts).toBe(0);
    } finally {
      await configureReportRendering();
    }
  });
});
