/**
 * Embeds (issue 18): pages under /embed/ may be framed by other sites (CSP frame-ancestors, no X-Frame-Options);
 * every other page, the portal's included, still may not be framed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';

describe.each(testDatabases())('embeddable pages [%s]', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'passage-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    t = await createTestApp(kind, { webDir });
  });
  afterAll(() => t?.close());

  it('lets other sites frame /embed/ pages only: the route chart and the map', async () => {
    for (const url of [
      '/embed/demo/routes/EMR?indicator=IBC',
      '/embed/demo/map?indicator=IBC&period=2024-03',
      '/embed/demo/map',
    ]) {
      const embed = await t.app.inject({ url });
      expect(embed.statusCode, url).toBe(200);
      const csp = embed.headers['content-security-policy'] as string;
      expect(csp, url).toContain('frame-ancestors *');
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(embed.headers['x-frame-options'], url).toBeUndefined();
    }
    for (const url of [
      '/p/demo',
      '/p/demo/routes/EMR',
      '/p/demo/map?indicator=IBC',
      '/d/demo',
      '/api/portal/demo',
      '/api/portal/demo/map',
      '/embedded',
    ]) {
      const res = await t.app.inject({ url });
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
  });
});
