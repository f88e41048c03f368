/**
 * The built web app as browsers get it: precompressed hashed assets cached for a year, index.html
 * revalidated, the encoding chosen by Accept-Encoding, and no source maps in a default build. The app is
 * built here into a temporary directory with the project's own Vite config, so the test checks what
 * `npm run build:web` produces now, not whatever an older web/dist holds; under `npm test`, which has just
 * made web/dist a default build of the current sources (scripts/run-tests.mjs), that build is checked instead
 * of building the app a second time (PASSAGE_TEST_WEB_BUILD names it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../test/databases';
import type { Db } from '../../db/connect';
import { REPO_ROOT } from '../../shared/config';
import { buildApp } from '../app';

/** The run's default build of the current sources, when scripts/run-tests.mjs made one; else our own. */
const runBuild = process.env.PASSAGE_TEST_WEB_BUILD;
const outDir = runBuild ?? mkdtempSync(join(tmpdir(), 'passage-web-'));

function buildWeb(): void {
  const vite = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  const env = { ...process.env };
  delete env.PASSAGE_WEB_SOURCEMAP; // the default build
  const r = spawnSync(
    process.execPath,
    [
      vite,
      'build',
      '--config',
      'web/vite.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 180_000 },
  );
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr || r.stdout}`);
}

const assets = () => readdirSync(join(outDir, 'assets'));
/** The largest JavaScript asset (the map data chunk): the one compression matters most for. */
const largestJs = () =>
  assets()
    .filter((f) => f.endsWith('.js'))
    .sort((a, b) => statSync(join(outDir, 'assets', b)).size - statSync(join(outDir, 'assets', a)).size)[0]!;

describe('web assets', { timeout: 240_000 }, () => {
  // Static files touch no table: any database will do; the template copy starts fastest.
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    if (!runBuild) buildWeb();
    db = (await createTestDb('pglite')).db;
    app = await buildApp({ db, webDir: outDir });
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    if (!runBuild) rmSync(outDir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  it('a default build ships no source maps and a .br and .gz copy of every sizeable asset', () => {
    const files = assets();
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(readFileSync(join(outDir, 'index.html'), 'utf8').includes('sourceMappingURL')).toBe(false);
    const code = files.filter(
      (f) => /\.(js|mjs|css)$/.test(f) && statSync(join(outDir, 'assets', f)).size >= 1024,
    );
    expect(code.length).toBeGreaterThan(5);
    for (const f of code) {
      expect(files, f).toContain(`${f}.br`);
      expect(files, f).toContain(`${f}.gz`);
      // MapLibre's worker is copied as it ships (with a comment naming its own map); Vite's chunks name none.
      if (f.startsWith('maplibre-gl-worker-')) continue;
      const mentionsMap = readFileSync(join(outDir, 'assets', f), 'utf8').includes('sourceMappingURL');
      expect(mentionsMap, `${f} names a source map`).toBe(false);
    }
  });

  it('sends brotli to a browser that accepts it, immutable for a year, and the body decompresses to the file', async () => {
    const name = largestJs();
    const original = readFileSync(join(outDir, 'assets', name));
    const res = await get(`/assets/${name}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(res.rawPayload.length).toBeLessThan(original.length / 3);
    expect(brotliDecompressSync(res.rawPayload).equals(original)).toBe(true);
  });

  it('gzip when brotli is not accepted; the plain file when nothing is; a stylesheet the same way', async () => {
    const name = largestJs();
    const original = readFileSync(join(outDir, 'assets', name));
    const gz = await get(`/assets/${name}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(original)).toBe(true);
    const plain = await get(`/assets/${name}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(String(plain.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(plain.rawPayload.equals(original)).toBe(true);
    const css = assets().find((f) => f.endsWith('.css') && assets().includes(`${f}.br`))!;
    const style = await get(`/assets/${css}`, { 'accept-encoding': 'br' });
    expect(style.headers['content-type']).toMatch(/^text\/css/);
    expect(style.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(style.rawPayload).equals(readFileSync(join(outDir, 'assets', css)))).toBe(
      true,
    );
  });

  it('index.html, also for client-side routes, is revalidated: no-cache with an ETag that answers 304', async () => {
    const home = await get('/', { 'accept-encoding': 'br, gzip' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(home.headers['cache-control']).toBe('no-cache');
    // Once index.html is over the precompression floor (1 KiB, web/precompress.ts) it comes as brotli, like
    // any asset; below it, as it is.
    const html =
      home.headers['content-encoding'] === 'br'
        ? brotliDecompressSync(home.rawPayload).toString('utf8')
        : home.body;
    expect(html).toContain('id="root"');
    const etag = String(home.headers.etag);
    expect(etag).not.toBe('undefined');
    const again = await get('/', { 'accept-encoding': 'br, gzip', 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    const route = await get('/d/demo/analytics');
    expect(route.statusCode).toBe(200);
    expect(route.headers['cache-control']).toBe('no-cache');
    expect(route.body).toContain('id="root"');
  });

  it('an unknown asset or a path outside the web app is not served', async () => {
    expect((await get('/assets/no-such-chunk.js', { 'accept-encoding': 'br' })).statusCode).toBe(404);
    for (const url of [
      '/assets/..%2f..%2fpackage.json',
      '/../package.json',
      '/assets/%2e%2e/index.html.br',
    ]) {
      const res = await get(url, { 'accept-encoding': 'br' });
      expect(res.body.includes('"dependencies"'), url).toBe(false);
      expect(res.headers['cache-control'], url).not.toBe('public, max-age=31536000, immutable');
    }
  });
});
