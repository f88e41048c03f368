/**
 * Finds and starts headless Chromium (playwright-core), for the browser journeys (e2e/) and the server's PDF
 * rendering of situation reports: Debian's /usr/bin/chromium when present (or the binary named by
 * PASSAGE_CHROMIUM / PASSAGE_E2E_CHROMIUM), else the Chromium shipped inside the @sparticuz/chromium npm package
 * (set either variable to `sparticuz` to force that one).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (apt package `chromium`); used when installed. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const COMMON_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * MapLibre needs WebGL. With --disable-gpu, Chromium draws WebGL on the SwiftShader software renderer; naming
 * it explicitly keeps that working on Chromium versions that no longer fall back to it on their own.
 */
const SOFTWARE_WEBGL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

export async function launchChromium(
  configured = process.env.PASSAGE_CHROMIUM ?? process.env.PASSAGE_E2E_CHROMIUM,
  extraArgs: readonly string[] = [],
): Promise<Browser> {
  const executablePath =
    configured === 'sparticuz'
      ? undefined
      : (configured ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined));
  if (executablePath !== undefined) {
    return chromium.launch({ executablePath, args: [...COMMON_ARGS, ...SOFTWARE_WEBGL_ARGS, ...extraArgs] });
  }
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: [...sparticuz.args, ...extraArgs],
  });
}
