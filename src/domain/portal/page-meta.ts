/**
 * What a shared link to the public portal previews, and what crawlers find: the `<title>`, description and
 * Open Graph tags the server writes into the web app's index.html for /p/… pages, the sitemaps and robots.txt.
 * Pure text functions; every value is escaped for where it goes (HTML text and attributes, XML).
 */

export interface PageMeta {
  title: string;
  description: string;
  /** The page's absolute URL (og:url), or its path when the server does not know its address. */
  url: string;
  siteName: string;
  /** BCP 47 language of the texts (og:locale takes it with an underscore). */
  language: string;
  /** The same page in each language (hreflang links, og:locale:alternate); the first is the default. */
  alternates?: readonly { language: string; url: string }[];
  /** The preview image (og:image), with its size and a text alternative. */
  image?: { url: string; width: number; height: number; alt: string };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an HTML element or a quoted attribute (also XML: the same five characters). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Control characters other than tab and line breaks are not allowed in XML 1.0 (nor useful in a preview). */
const stripControls = (text: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');

/** A description of at most `max` characters, on one line, cut at a word where it can be. */
export function shorten(text: string, max = 200): string {
  const oneLine = stripControls(text).replace(/\s+/g, ' ').trim();
  if (oneLine.length <= max) return oneLine;
  const cut = oneLine.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The head tags of a page: title, description, canonical link and Open Graph / Twitter card. */
export function metaTags(m: PageMeta): string {
  const title = escapeHtml(stripControls(m.title));
  const description = escapeHtml(shorten(m.description));
  const url = escapeHtml(m.url);
  const attr = (kind: 'name' | 'property', key: string, value: string) =>
    `<meta ${kind}="${key}" content="${value}" />`;
  return [
    `<title>${title}</title>`,
    attr('name', 'description', description),
    `<link rel="canonical" href="${url}" />`,
    attr('property', 'og:type', 'website'),
    attr('property', 'og:site_name', escapeHtml(stripControls(m.siteName))),
    attr('property', 'og:title', title),
    attr('property', 'og:description', description),
    attr('property', 'og:url', url),
    attr('property', 'og:locale', escapeHtml(m.language.replace('-', '_'))),
    ...(m.alternates ?? [])
      .filter((a) => a.language !== m.language)
      .map((a) => attr('property', 'og:locale:alternate', escapeHtml(a.language.replace('-', '_')))),
    ...(m.alternates ?? []).map(
      (a) => `<link rel="alternate" hreflang="${escapeHtml(a.language)}" href="${escapeHtml(a.url)}" />`,
    ),
    ...(m.alternates?.[0]
      ? [`<link rel="alternate" hreflang="x-default" href="${escapeHtml(m.alternates[0].url)}" />`]
      : []),
    ...(m.image
      ? [
          attr('property', 'og:image', escapeHtml(m.image.url)),
          attr('property', 'og:image:type', 'image/png'),
          attr('property', 'og:image:width', String(m.image.width)),
          attr('property', 'og:image:height', String(m.image.height)),
          attr('property', 'og:image:alt', escapeHtml(stripControls(m.image.alt))),
        ]
      : []),
    attr('name', 'twitter:card', m.image ? 'summary_large_image' : 'summary'),
  ].join('\n    ');
}

/**
 * index.html with the page's own head tags: its `<title>` and description are replaced (a build without them
 * gets them added), the Open Graph tags are added before `</head>`, and `<html lang>` follows the texts.
 */
export function injectPageMeta(html: string, m: PageMeta): string {
  const withoutOld = html
    .replace(/<title>[\s\S]*?<\/title>\s*/i, '')
    .replace(/<meta\s+name=["']description["'][^>]*>\s*/i, '');
  const withLang = withoutOld.replace(/<html([^>]*?)\slang=["'][^"']*["']/i, (_all, before: string) => {
    return `<html${before} lang="${escapeHtml(m.language)}"`;
  });
  const at = withLang.search(/<\/head>/i);
  if (at < 0) return withLang;
  return `${withLang.slice(0, at)}  ${metaTags(m)}\n  ${withLang.slice(at)}`;
}

export interface SitemapEntry {
  /** Absolute URL. */
  loc: string;
  /** W3C date-time (ISO 8601) of the page's last change, when known. */
  lastmod?: string | null;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const xml = (text: string) => escapeHtml(stripControls(text));

function entries(tag: 'url' | 'sitemap', items: readonly SitemapEntry[]): string {
  return items
    .map(
      (e) =>
        `  <${tag}><loc>${xml(e.loc)}</loc>${e.lastmod ? `<lastmod>${xml(e.lastmod)}</lastmod>` : ''}</${tag}>\n`,
    )
    .join('');
}

/** A sitemap (sitemaps.org 0.9) of the given pages. */
export function sitemapXml(items: readonly SitemapEntry[]): string {
  return `${XML_HEAD}<urlset xmlns="${SITEMAP_NS}">\n${entries('url', items)}</urlset>\n`;
}

/** A sitemap index (sitemaps.org 0.9): one sitemap per public dialogue. */
export function sitemapIndexXml(items: readonly SitemapEntry[]): string {
  return `${XML_HEAD}<sitemapindex xmlns="${SITEMAP_NS}">\n${entries('sitemap', items)}</sitemapindex>\n`;
}

/** robots.txt: crawlers may read the portal (and its sitemaps), nothing else of the installation. */
export function robotsTxt(base: string): string {
  return [
    'User-agent: *',
    'Allow: /p/',
    'Allow: /sitemap.xml',
    'Disallow: /',
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ].join('\n');
}
