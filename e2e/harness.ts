import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser';

/** The viewport every journey runs at (the smallest desktop the app is designed for). */
export const VIEWPORT = { width: 1280, height: 800 } as const;

export const DEMO_PASSWORD = 'passage-demo';
export const DEMO_DIALOGUE = 'demo';

export interface Target {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * The server under test: a fresh in-process server with the seeded demo dialogue, or, when PASSAGE_E2E_URL
 * is set, an already running one (e.g. `PORT=3100 npm start` and PASSAGE_E2E_URL=http://localhost:3100).
 */
export async function startTarget(): Promise<Target> {
  const external = process.env.PASSAGE_E2E_URL;
  let started: Target;
  if (external) {
    started = { url: external, close: async () => {} };
  } else {
    // Imported only here, so a run against PASSAGE_E2E_URL does not load the server code.
    const { startTestServer } = await import('../test/start-test-server');
    started = await startTestServer();
  }
  const target: Target = { url: started.url.replace(/\/+$/, ''), close: () => started.close() };
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

/** Server and browser for one spec file. */
export async function startJourney(): Promise<Journey> {
  const target = await startTarget();
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await target.close();
    throw error;
  }
  return {
    target,
    browser,
    async close() {
      await browser.close();
      await target.close();
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
