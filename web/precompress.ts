/**
 * Vite plugin: after `vite build`, writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text asset of
 * the output, so the server sends them as they are (@fastify/static `preCompressed`, src/server/web-assets.ts)
 * instead of compressing on every request or not at all. Uses node:zlib only: brotli at its densest setting
 * is affordable once per build, never per request. A copy that would not be smaller is not written, and
 * source maps (when asked for) are left alone: only developer tools fetch them.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Logger, Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|wasm|webmanifest)$/;
/** Below this size compression saves less than the extra request headers. */
const MIN_BYTES = 1024;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

async function compressFile(file: string): Promise<number> {
  const raw = await readFile(file);
  const [br, gzipped] = await Promise.all([
    brotli(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gz(raw, { level: 9 }),
  ]);
  let written = 0;
  for (const [ext, body] of [
    ['.br', br],
    ['.gz', gzipped],
  ] as const) {
    if (body.length >= raw.length) continue;
    await writeFile(`${file}${ext}`, body);
    written++;
  }
  return written;
}

/** Compresses every compressible file of `dir` (recursively); returns how many copies were written. */
export async function precompressDir(dir: string): Promise<number> {
  const files = (await filesUnder(dir)).filter((f) => COMPRESSIBLE.test(f));
  const large: string[] = [];
  for (const f of files) if ((await stat(f)).size >= MIN_BYTES) large.push(f);
  // zlib's asynchronous calls run on libuv's thread pool, so files compress in parallel.
  const counts = await Promise.all(large.map(compressFile));
  return counts.reduce((a, b) => a + b, 0);
}

export function precompress(): Plugin {
  let outDir = '';
  let logger: Logger | undefined;
  return {
    name: 'passage-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    async closeBundle() {
      const n = await precompressDir(outDir);
      logger?.info(`passage: wrote ${n} precompressed copies (.br, .gz) in ${outDir}`);
    },
  };
}
