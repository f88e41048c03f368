import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Db } from '../src/db/connect';
import { demoEvents, demoPeriods, periodOfDay } from '../src/demo/generate-observations';
import { TEST_DEMO_PASSWORD } from '../test/demo-password';
import { releaseBrowser, sharedBrowser } from './browser';

/** The viewport every journey runs at (the smallest desktop the app is designed for). */
export const VIEWPORT = { width: 1280, height: 800 } as const;

/** The demo accounts' password: the in-process server seeds with it; an external one must be started with it. */
export const DEMO_PASSWORD = TEST_DEMO_PASSWORD;
export const DEMO_DIALOGUE = 'demo';

/**
 * The demo's months: seeded today, it ends with last month (src/demo/generate-observations.ts), and its surge
 * and route shift sit at fixed distances from that end. Journeys address months through these, never by date.
 */
export const DEMO_PERIODS = demoPeriods(new Date());
export const DEMO_EVENTS = demoEvents(DEMO_PERIODS.to);
/** The month after the demo's last: what a provider's first upload reports. */
export const THIS_MONTH = periodOfDay(new Date());

export interface Target {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The in-process server's database (none with PASSAGE_E2E_URL). */
  db?: Db;
  close(): Promise<void>;
}

/**
 * The server under test: a fresh in-process server with the seeded demo dialogue, or, when PASSAGE_E2E_URL
 * is set, an already running one (e.g. `PORT=3100 PASSAGE_DEMO_PASSWORD=… npm start` on a fresh data directory
 * and PASSAGE_E2E_URL=http://localhost:3100 with the same PASSAGE_DEMO_PASSWORD).
 */
export async function startTarget(opts: { demo?: boolean } = {}): Promise<Target> {
  const external = process.env.PASSAGE_E2E_URL;
  let started: Target;
  if (external) {
    started = { url: external, close: async () => {} };
  } else {
    // Imported only here, so a run against PASSAGE_E2E_URL does not load the server code.
    const { startTestServer } = await import('../test/start-test-server');
    started = await startTestServer(opts);
  }
  const target: Target = {
    url: started.url.replace(/\/+$/, ''),
    ...(started.db ? { db: started.db } : {}),
    close: () => started.close(),
  };
  const response = await fetch(`${target.url}/`);
  const html = await response.text();
  if (!html.includes('id="root"')) {
    await target.close();
    throw new Error(`${target.url}/ does not serve the web app: build it first with "npm run build:web"`);
  }
  return target;
}

export interface Journey {
  target: Target;
  browser: Browser;
  close(): Promise<void>;
}

export interface JourneyOptions {
  /**
   * false: nobody has to enrol in two-factor authentication while the journey runs
   * (PASSAGE_REQUIRE_2FA_ROLES=none, restored on close), for journeys about something else; enrolment has its
   * own journey (two-factor.e2e.test.ts). Default: the server's setting.
   */
  requireTwoFactor?: boolean;
  /**
   * Runs on the in-process server's database before the browser starts (e.g. to compute what the server's job
   * worker would). Such a journey cannot run against PASSAGE_E2E_URL.
   */
  prepare?: (db: Db) => Promise<void>;
  /** false: an empty install without the demo dialogue (needs the in-process server). Default: the demo. */
  demo?: boolean;
}

/** Server and browser for one spec file. */
export async function startJourney(options: JourneyOptions = {}): Promise<Journey> {
  const previous2fa = process.env.PASSAGE_REQUIRE_2FA_ROLES;
  const restore2fa = () => {
    if (options.requireTwoFactor !== false) return;
    if (previous2fa === undefined) delete process.env.PASSAGE_REQUIRE_2FA_ROLES;
    else process.env.PASSAGE_REQUIRE_2FA_ROLES = previous2fa;
  };
  if (options.requireTwoFactor === false) process.env.PASSAGE_REQUIRE_2FA_ROLES = 'none';
  let target: Target | undefined;
  let browser: Browser;
  try {
    target = await startTarget(options.demo === false ? { demo: false } : {});
    if (options.prepare) {
      if (!target.db) throw new Error('this journey prepares the database: it needs the in-process server');
      await options.prepare(target.db);
    }
    browser = await sharedBrowser();
  } catch (error) {
    await target?.close();
    restore2fa();
    throw error;
  }
  const started = target;
  return {
    target: started,
    browser,
    async close() {
      try {
        await releaseBrowser(browser);
        await started.close();
      } finally {
        restore2fa();
      }
    },
  };
}

export interface JourneyPage {
  context: BrowserContext;
  page: Page;
  /** Requests the page sent anywhere but the server under test (the app must work offline). */
  foreignRequests: string[];
  /** Uncaught exceptions and console errors on the page. */
  pageErrors: string[];
}

/** A fresh browser context (no cookies) with one page at 1280×800. */
export async function openPage(journey: Journey): Promise<JourneyPage> {
  const context = await journey.browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
  const page = await context.newPage();
  const origin = new URL(journey.target.url).origin;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))
      foreignRequests.push(url);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // A 401 from GET /api/auth/session is how the app learns nobody is logged in; Chromium logs it.
    const isExpected401 =
      message.text().startsWith('Failed to load resource') && message.text().includes('401');
    if (message.type() === 'error' && !isExpected401) pageErrors.push(message.text());
  });
  return { context, page, foreignRequests, pageErrors };
}

/** Fills in and submits the login form (the page must be on /login). */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
}

/** Path and query of the page's URL, e.g. "/login?next=%2Fd%2Fdemo". */
export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

/**
 * Logs in with the demo accounts' test password from /login (from /login?next=… when `next` is given) and waits for the
 * landing page: `next`, else the demo dialogue's home.
 */
export async function loginAs(journey: Journey, page: Page, email: string, next?: string): Promise<void> {
  const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
  await page.goto(`${journey.target.url}/login${query}`);
  await submitLogin(page, email, DEMO_PASSWORD);
  const landing = next ?? `/d/${DEMO_DIALOGUE}`;
  await page.waitForURL((url) => url.pathname === landing);
}
