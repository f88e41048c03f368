/**
 * Passage promises the Node.js versions in package.json `engines` (README: Quick start). Every installed
 * package that declares `engines.node` must accept the lowest version of each supported major line, or
 * `npm ci` prints EBADENGINE warnings and that package may use APIs the promised Node lacks. The lockfile
 * records each package's declared engines, so this reads it instead of installing anything.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/shared/config';

// semver is what npm itself uses to compare engines; it comes with the dev tree (fastify, dependency-cruiser).
const semver: { satisfies(version: string, range: string): boolean } = createRequire(import.meta.url)(
  'semver',
);

interface Lock {
  /** Path in node_modules → manifest excerpt; very old packages wrote engines as an array of strings. */
  packages: Record<string, { engines?: { node?: string } | string[] }>;
}

/** The lowest release of each Node.js line Passage supports: keep in step with `engines` and the README. */
const SUPPORTED_FLOORS = ['20.19.0', '22.13.0'];

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as T;

describe('supported Node.js versions', () => {
  it('package.json engines admits exactly the supported lines from their floors', () => {
    const range = readJson<{ engines: { node: string } }>('package.json').engines.node;
    for (const v of SUPPORTED_FLOORS) expect(semver.satisfies(v, range), `${v} in ${range}`).toBe(true);
    for (const v of ['20.18.3', '21.7.0', '22.12.0', '18.20.0'])
      expect(semver.satisfies(v, range), `${v} in ${range}`).toBe(false);
  });

  it('no locked package declares a Node.js range that excludes a supported line', () => {
    const lock = readJson<Lock>('package-lock.json');
    const refusing: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      const node = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (!path || !node) continue;
      for (const v of SUPPORTED_FLOORS)
        if (!semver.satisfies(v, node))
          refusing.push(`${path.replace(/^.*node_modules\//, '')} (${node}) refuses ${v}`);
    }
    expect(refusing).toEqual([]);
  });
});
