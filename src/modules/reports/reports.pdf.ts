/**
 * PDF of a situation report, printed by the one shared headless Chromium of this server (src/shared/
 * browser-pool.ts; the finder is src/shared/chromium.ts, shared with the browser tests). The page runs
 * without JavaScript and may load nothing but data: URLs.
 *
 * Limits (issue 13, item 5), read from the environment when the first report is rendered:
 * - PASSAGE_REPORT_CONCURRENCY (default 2): PDFs rendered at once; the others wait in line;
 * - PASSAGE_REPORT_QUEUE (default 20): how many may wait; beyond, a new report is refused (503, retry later);
 * - PASSAGE_REPORT_TIMEOUT_SECONDS (default 60): a rendering that takes longer is stopped (its page closed)
 *   and the report keeps its HTML with `pdfError` saying so;
 * - PASSAGE_REPORT_RATE_LIMIT (default 5): reports one user may generate per minute (429 beyond), applied by
 *   reports.service.ts.
 */
import type { Route } from 'playwright-core';
import { BrowserPool, type BrowserPoolStats, RenderTimeout } from '../../shared/browser-pool';

export interface ReportRenderingLimits {
  concurrency: number;
  maxQueue: number;
  timeoutMs: number;
  /** Reports per user and minute. */
  perUserPerMinute: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number of at least 1, not "${raw}"`);
  return n;
}

export function readReportRenderingLimits(env: NodeJS.ProcessEnv = process.env): ReportRenderingLimits {
  return {
    concurrency: positiveInt(env, 'PASSAGE_REPORT_CONCURRENCY', 2),
    maxQueue: positiveInt(env, 'PASSAGE_REPORT_QUEUE', 20),
    timeoutMs: positiveInt(env, 'PASSAGE_REPORT_TIMEOUT_SECONDS', 60) * 1000,
    perUserPerMinute: positiveInt(env, 'PASSAGE_REPORT_RATE_LIMIT', 5),
  };
}

let limits: ReportRenderingLimits | undefined;
let pool: BrowserPool | undefined;

export function reportRenderingLimits(): ReportRenderingLimits {
  limits ??= readReportRenderingLimits();
  return limits;
}

function reportBrowser(): BrowserPool {
  pool ??= new BrowserPool({
    // Loaded on first use: the server and the CLI start without playwright-core.
    launch: async () => (await import('../../shared/chromium')).launchChromium(),
    concurrency: reportRenderingLimits().concurrency,
    maxQueue: reportRenderingLimits().maxQueue,
    timeoutMs: reportRenderingLimits().timeoutMs,
    contextOptions: { javaScriptEnabled: false },
  });
  return pool;
}

/**
 * Replaces the limits (an operator's settings are read once; tests shorten the time-out). Closes the current
 * browser; the next report launches one with the new limits.
 */
export async function configureReportRendering(next: Partial<ReportRenderingLimits> = {}): Promise<void> {
  await closeReportBrowser();
  limits = { ...readReportRenderingLimits(), ...next };
}

/** Server shutdown: close the shared browser. */
export async function closeReportBrowser(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}

/** Launches, queue and open contexts of the shared browser (for tests and diagnostics). */
export function reportRenderingStats(): Promise<BrowserPoolStats> {
  return reportBrowser().stats();
}

/** Whether every rendering slot is busy and the queue is full (a new report would be refused). */
export function isReportQueueFull(): boolean {
  return reportBrowser().isFull();
}

export async function renderPdf(html: string): Promise<Buffer> {
  try {
    return await reportBrowser().withContext(async (context) => {
      const page = await context.newPage();
      await page.route('**/*', (route: Route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      // No time-out of playwright's own: the pool's (PASSAGE_REPORT_TIMEOUT_SECONDS) governs the whole render.
      await page.setContent(html, { waitUntil: 'load', timeout: 0 });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
      });
    });
  } catch (e) {
    if (e instanceof RenderTimeout)
      throw new Error(`The PDF ${e.message} (PASSAGE_REPORT_TIMEOUT_SECONDS); the HTML report is kept`);
    throw e;
  }
}

/**
 * A PNG of an HTML page of the given size (the portal's link-preview card), printed by the same shared browser
 * and within the same limits as the PDFs; the page may load nothing but data: URLs either.
 */
export async function renderPng(html: string, size: { width: number; height: number }): Promise<Buffer> {
  return reportBrowser().withContext(async (context) => {
    const page = await context.newPage();
    await page.route('**/*', (route: Route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    await page.setViewportSize(size);
    await page.setContent(html, { waitUntil: 'load', timeout: 0 });
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, ...size } });
  });
}
