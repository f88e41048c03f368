import { describe, expect, it } from 'vitest';
import { escapeHtml, injectPageMeta, robotsTxt, shorten, sitemapIndexXml, sitemapXml } from './page-meta';

const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="description" content="Passage: statistics" />
    <title>Passage</title>
  </head>
  <body><div id="root"></div></body>
</html>`;

const meta = {
  title: 'Route "EMR" <script>alert(1)</script> & co',
  description: "It's   a\nroute",
  url: 'https://example.org/p/demo?x=1&y=2',
  siteName: 'Passage',
  language: 'fr',
};

describe('page meta', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('replaces the title and description, adds Open Graph tags, all escaped; sets the language', () => {
    const html = injectPageMeta(INDEX, meta);
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/name="description"/g)).toHaveLength(1);
    expect(html).toContain(
      '<title>Route &quot;EMR&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>',
    );
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('<meta name="description" content="It&#39;s a route" />');
    expect(html).toContain('<meta property="og:url" content="https://example.org/p/demo?x=1&amp;y=2" />');
    expect(html).toContain('<meta property="og:locale" content="fr" />');
    expect(html).toContain('<html lang="fr">');
    expect(html).not.toContain('Passage: statistics');
    // Everything stays inside the head.
    expect(html.indexOf('og:title')).toBeLessThan(html.indexOf('</head>'));
  });

  it('lists the page in every language: hreflang links, x-default the first, og:locale:alternate', () => {
    const html = injectPageMeta(INDEX, {
      ...meta,
      alternates: [
        { language: 'en', url: 'https://e.org/p/a' },
        { language: 'fr', url: 'https://e.org/p/a?lang=fr' },
        { language: 'ru', url: 'https://e.org/p/a?lang=ru&x="' },
      ],
    });
    expect(html).toContain('<link rel="alternate" hreflang="en" href="https://e.org/p/a" />');
    expect(html).toContain(
      '<link rel="alternate" hreflang="ru" href="https://e.org/p/a?lang=ru&amp;x=&quot;" />',
    );
    expect(html).toContain('<link rel="alternate" hreflang="x-default" href="https://e.org/p/a" />');
    expect(html).toContain('<meta property="og:locale:alternate" content="en" />');
    expect(html).not.toContain('<meta property="og:locale:alternate" content="fr" />');
  });

  it('shortens long descriptions at a word, on one line', () => {
    const long = `${'word '.repeat(100)}end`;
    const s = shorten(long, 50);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s.endsWith('…')).toBe(true);
    expect(s).not.toMatch(/wor…$/);
    expect(shorten('a\u0001b')).toBe('ab');
  });

  it('writes sitemaps and a sitemap index with escaped locations', () => {
    const xml = sitemapXml([
      { loc: 'https://e.org/p/a?x=1&y=<2>', lastmod: '2024-03-20T10:00:00.000Z' },
      { loc: 'https://e.org/p/a/routes' },
    ]);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org/,
    );
    expect(xml).toContain(
      '<url><loc>https://e.org/p/a?x=1&amp;y=&lt;2&gt;</loc><lastmod>2024-03-20T10:00:00.000Z</lastmod></url>',
    );
    expect(xml).toContain('<url><loc>https://e.org/p/a/routes</loc></url>');
    const index = sitemapIndexXml([{ loc: 'https://e.org/p/a/sitemap.xml' }]);
    expect(index).toContain('<sitemapindex');
    expect(index).toContain('<sitemap><loc>https://e.org/p/a/sitemap.xml</loc></sitemap>');
    expect(sitemapXml([])).toContain(
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>',
    );
  });

  it('robots.txt opens the portal only and names the sitemap', () => {
    const txt = robotsTxt('https://e.org');
    expect(txt).toContain('Allow: /p/\n');
    expect(txt).toContain('Disallow: /\n');
    expect(txt).toContain('Sitemap: https://e.org/sitemap.xml');
  });
});
