/**
 * The image a shared portal link previews with (og:image): a 1200 × 630 card with the dialogue's name, what it
 * publishes and the date of its data, drawn as HTML and printed to PNG by the server's headless browser. Pure
 * text here; every value is escaped. No external resource: system fonts, no images, no script.
 */
import { escapeHtml } from './page-meta';

export const PREVIEW_CARD = { width: 1200, height: 630 } as const;

export interface PreviewCard {
  /** BCP 47 language of the texts. */
  language: string;
  site: string;
  title: string;
  /** One line under the title, e.g. "12 routes · 4 indicators". */
  subtitle: string;
  /** The last line, e.g. "Data as published on 2024-03-20", or empty. */
  footer: string;
}

export function previewCardHtml(card: PreviewCard): string {
  const e = (s: string) => escapeHtml(s.replace(/\s+/g, ' ').trim());
  const size = card.title.length > 60 ? 52 : card.title.length > 32 ? 64 : 80;
  return `<!doctype html>
<html lang="${e(card.language)}"><head><meta charset="utf-8" />
<style>
  html, body { margin: 0; width: ${PREVIEW_CARD.width}px; height: ${PREVIEW_CARD.height}px; }
  body { box-sizing: border-box; padding: 72px 80px; display: flex; flex-direction: column;
    justify-content: space-between; background: #0b3d5c; color: #ffffff;
    font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
  .site { font-size: 34px; letter-spacing: 0.08em; text-transform: uppercase; color: #9fd3f0; }
  h1 { margin: 0; font-size: ${size}px; line-height: 1.1; overflow: hidden; max-height: 3.4em; }
  .sub { margin-top: 28px; font-size: 36px; color: #e2f1fa; }
  .foot { font-size: 30px; color: #9fd3f0; border-top: 4px solid #2f8fc4; padding-top: 24px; }
</style></head>
<body>
  <div class="site">${e(card.site)}</div>
  <div><h1>${e(card.title)}</h1><div class="sub">${e(card.subtitle)}</div></div>
  <div class="foot">${e(card.footer) || '&nbsp;'}</div>
</body></html>`;
}
