/**
 * How the built web app (web/dist) is served. Vite names everything under /assets/ by a hash of its
 * content, so those files never change under their URL and may be cached for a year without asking again;
 * index.html (and any other unhashed file) names the current assets, so browsers must revalidate it on every
 * load (`no-cache` still lets them keep it and get a 304). The build writes .br and .gz copies beside each
 * asset (web/precompress.ts); `preCompressed` picks the one the request's Accept-Encoding allows (brotli
 * first), sets Content-Encoding and adds `Vary: Accept-Encoding` so shared caches keep the variants apart.
 */
import { relative, sep } from 'node:path';
import type { FastifyStaticOptions } from '@fastify/static';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** The Cache-Control of a file of the built app, by its path inside `webDir` (a .br/.gz copy too). */
export function cacheControlFor(webDir: string, file: string): string {
  const inside = relative(webDir, file).split(sep);
  return inside.length > 1 && inside[0] === 'assets' ? IMMUTABLE : REVALIDATE;
}

export function webStaticOptions(webDir: string): FastifyStaticOptions {
  return {
    root: webDir,
    wildcard: true,
    index: 'index.html',
    preCompressed: true,
    // Cache-Control is ours (setHeaders); @fastify/send's default would be `public, max-age=0`.
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', cacheControlFor(webDir, file));
    },
  };
}
