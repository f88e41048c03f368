/**
 * PDF of a situation report, printed by headless Chromium (the same finder as the browser tests:
 * src/shared/chromium.ts). The page runs without JavaScript and may load nothing but data: URLs.
 */
export async function renderPdf(html: string): Promise<Buffer> {
  // Loaded on first use: the server and the CLI start without playwright-core.
  const { launchChromium } = await import('../../shared/chromium');
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}
