#!/usr/bin/env node
/**
 * Initial JavaScript of the built web app, gzipped: the entry chunk named in web/dist/index.html plus every
 * chunk it imports statically (transitively), i.e. what the browser must load before the first page shows.
 * Lazy chunks (import()) are listed separately. Run after `npm run build:web` (or vite build).
 *
 *   node scripts/bundle-size.mjs [distDir] [--max-kb 1024]   exits 1 when the initial JS exceeds the limit
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const maxIndex = args.indexOf('--max-kb');
const maxKb = maxIndex >= 0 ? Number(args[maxIndex + 1]) : 1024;
const dist = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--max-kb') ?? 'web/dist');

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]);
const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
const fileOf = (url) => join(dist, url.replace(/^\//, ''));

// Static imports: `import … from "./x.js"` and bare `import "./x.js"` (minified: from"./x.js").
const STATIC = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
const DYNAMIC = /import\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g;

const initial = new Set();
const lazy = new Set();
function walk(file) {
  if (initial.has(file)) return;
  initial.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(STATIC)) walk(resolve(dirname(file), m[1]));
  for (const m of code.matchAll(DYNAMIC)) lazy.add(resolve(dirname(file), m[1]));
}
for (const url of [...entries, ...preloads]) walk(fileOf(url));

const size = (file) => {
  const raw = readFileSync(file);
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
let total = { raw: 0, gzip: 0 };
console.log('initial JS (entry + static imports):');
for (const f of initial) {
  const s = size(f);
  total = { raw: total.raw + s.raw, gzip: total.gzip + s.gzip };
  console.log(`  ${f.slice(dist.length + 1)}  ${kb(s.raw)}  gzip ${kb(s.gzip)}`);
}
console.log(`  total  ${kb(total.raw)}  gzip ${kb(total.gzip)}`);
console.log('lazy chunks (loaded on demand):');
for (const f of [...lazy].filter((f) => !initial.has(f)).sort()) {
  const s = size(f);
  console.log(`  ${f.slice(dist.length + 1)}  ${kb(s.raw)}  gzip ${kb(s.gzip)}`);
}
if (total.gzip > maxKb * 1024) {
  console.error(`initial JS ${kb(total.gzip)} gzipped exceeds ${maxKb} KiB`);
  process.exit(1);
}
