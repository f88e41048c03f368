/**
 * The production path of docs/production.md, for real: the built app is copied to a temporary directory
 * without the repository's node_modules, `npm ci --omit=dev --offline` installs the runtime dependencies only
 * (offline: the npm cache is warm after the CI's own `npm ci`), the server starts from that copy on PGlite
 * and renders a situation report as PDF through the API with the Chromium shipped in the @sparticuz/chromium
 * npm package (the one a server without a system Chromium uses). Slow (a real install, about a minute), so it
 * runs as `npm run test:production` (vitest.production.config.ts), called by .ci/run after `npm test`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect';
import { migrate } from '../../src/db/migrate';
import { seedDemo } from '../../src/demo/seed-demo';
import { syncCountries } from '../../src/modules/reference/reference.service';
import { REPO_ROOT } from '../../src/shared/config';
import { TEST_DEMO_PASSWORD } from '../demo-password';

/** What a production server needs from a checkout (docs/production.md): no tests, benchmarks or web sources. */
const SHIPPED = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'bin',
  'cli',
  'src',
  'scripts',
  'web/dist',
];

const work = mkdtempSync(join(tmpdir(), 'passage-production-'));
const app = join(work, 'app');
const dataDir = join(work, 'data');
let server: ChildProcess | undefined;

function seconds(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

function ensureWebBuild(): void {
  if (existsSync(join(REPO_ROOT, 'web/dist/index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
}

function copyBuiltApp(): void {
  mkdirSync(join(app, 'web'), { recursive: true });
  for (const entry of SHIPPED) cpSync(join(REPO_ROOT, entry), join(app, entry), { recursive: true });
}

/** A small demo (from 2024-01) so the start-up forecast job is short and does not slow the PDF down. */
async function prepareData(): Promise<void> {
  const db = await connect({ dataDir });
  try {
    await migrate(db);
    await syncCountries(db);
    await seedDemo(db, { from: '2024-01', password: TEST_DEMO_PASSWORD });
  } finally {
    await db.close();
  }
}

function startPrunedServer(): Promise<{ port: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['HOST', 'PORT', 'DATABASE_URL', 'PASSAGE_WEB_DIR', 'NODE_OPTIONS']) delete env[k];
  Object.assign(env, { PASSAGE_DATA_DIR: dataDir, PASSAGE_DEMO: 'off', PASSAGE_CHROMIUM: 'sparticuz' });
  const child = spawn(process.execPath, ['bin/passage.mjs', 'start', '--port', '0'], {
    cwd: app,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 90_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/);
      if (m && out.includes('Passage is running')) {
        clearTimeout(timer);
        resolve({ port: m[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${out}`));
    });
  });
}

describe('production install', () => {
  afterAll(() => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('npm ci --omit=dev of the built app starts the server and renders a situation report as PDF', {
    timeout: 300_000,
  }, async () => {
    let t0 = performance.now();
    ensureWebBuild();
    copyBuiltApp();
    const install = spawnSync('npm', ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'warn' },
    });
    expect(install.status, install.stderr).toBe(0);
    expect(`${install.stdout}${install.stderr}`).not.toContain('EBADENGINE');
    for (const dev of ['vite', 'vitest', 'typescript', '@biomejs/biome', 'react'])
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    for (const runtime of ['tsx', 'playwright-core', '@sparticuz/chromium', '@electric-sql/pglite'])
      expect(existsSync(join(app, 'node_modules', runtime)), runtime).toBe(true);
    console.log(`production install: copy + npm ci --omit=dev ${seconds(t0)}`);

    t0 = performance.now();
    await prepareData();
    const { port, output } = await startPrunedServer();
    const base = `http://127.0.0.1:${port}`;
    console.log(`production install: seed + start ${seconds(t0)}`);

    const home = await fetch(`${base}/`, { headers: { 'accept-encoding': 'br' } });
    expect(await home.text()).toContain('id="root"');
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'analyst@demo.passage', password: TEST_DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const session = { cookie, 'x-passage-csrf': '1', 'content-type': 'application/json' };

    t0 = performance.now();
    const created = await fetch(`${base}/api/dialogues/demo/reports`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ route: 'EMED', period: '2025-06' }),
    });
    const report = (await created.json()) as { id: number; hasPdf: boolean; pdfError: string | null };
    expect(created.status, JSON.stringify(report)).toBe(201);
    expect(report).toMatchObject({ hasPdf: true, pdfError: null });
    const pdf = await fetch(`${base}/api/dialogues/demo/reports/${report.id}/pdf`, { headers: { cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const body = Buffer.from(await pdf.arrayBuffer());
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.length).toBeGreaterThan(5000);
    console.log(`production install: report with PDF ${seconds(t0)} (${body.length} bytes)`);

    const exited = new Promise<number | null>((resolve) => server!.once('exit', resolve));
    server!.kill('SIGTERM');
    expect(await exited, output()).toBe(0);
  });
});
