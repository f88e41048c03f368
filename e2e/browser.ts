import type { Browser } from 'playwright-core';
import { launchChromium } from '../src/shared/chromium';

/**
 * Starts headless Chromium for the browser journeys: Debian's /usr/bin/chromium when present (or the binary
 * named by PASSAGE_E2E_CHROMIUM), else the Chromium shipped inside the @sparticuz/chromium npm package
 * (PASSAGE_E2E_CHROMIUM=sparticuz forces that one). The finder lives in src/shared/chromium.ts, which the
 * server also uses to render situation reports as PDF.
 */
export function launchBrowser(): Promise<Browser> {
  return launchChromium(process.env.PASSAGE_E2E_CHROMIUM);
}

/**
 * A switch Chromium ignores, on the journeys' shared browser only: the /proc counts of the report-rendering
 * tests (test/child-processes.ts) skip the process that carries it, since it outlives the journey that started it.
 */
export const SHARED_BROWSER_MARK = '--passage-e2e-shared-browser';

let shared: Promise<Browser> | undefined;

/**
 * One Chromium per test worker for the journeys (test files share a worker's modules): each journey works in
 * its own browser contexts (no shared cookies or storage) and closes them (`releaseBrowser`); starting a
 * browser per file cost about a second of CPU each. A browser that died is replaced. Playwright kills it when
 * the worker exits.
 */
export async function sharedBrowser(): Promise<Browser> {
  const current = shared ? await shared.catch(() => undefined) : undefined;
  if (current?.isConnected()) return current;
  shared = launchChromium(process.env.PASSAGE_E2E_CHROMIUM, [SHARED_BROWSER_MARK]);
  return shared;
}

/** Ends a journey's use of the shared browser: its contexts (and their pages) close. */
export async function releaseBrowser(browser: Browser): Promise<void> {
  await Promise.all(browser.contexts().map((c) => c.close()));
}
