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
