import type { Page } from 'playwright-core';

/** The page's <html lang> and <html dir>. */
export function htmlLangDir(page: Page): Promise<{ lang: string; dir: string }> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { lang: string; dir: string } } })
      .document.documentElement;
    return { lang: root.lang, dir: root.dir };
  });
}

/** Waits until the interface language (the <html lang>) is `lang`. */
export async function waitForLang(page: Page, lang: string): Promise<void> {
  await page.waitForFunction(
    (want) =>
      (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement
        .lang === want,
    lang,
  );
}

/** Calls the API from the page, with its session cookie and the web app's CSRF header. */
export function apiFromPage<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-passage-csrf': '1' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, path, body },
  );
}

/** Elements (by CSS selector) whose content is wider than their box: they would scroll sideways. */
export function horizontalOverflows(page: Page, selectors: string[]): Promise<string[]> {
  return page.evaluate((list) => {
    type El = { scrollWidth: number; clientWidth: number };
    const doc = (globalThis as unknown as { document: { querySelector(s: string): El | null } }).document;
    return list.flatMap((selector) => {
      const el = doc.querySelector(selector);
      if (!el) return [`${selector}: missing`];
      return el.scrollWidth > el.clientWidth ? [`${selector}: ${el.scrollWidth} > ${el.clientWidth}`] : [];
    });
  }, selectors);
}
