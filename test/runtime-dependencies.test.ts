import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm ci --omit=dev` installs only `dependencies`: a package the server imports at run time but lists under
// `devDependencies` starts fine in development and crashes in production (CI found `smtp-server` that way).
// The production-install test only reaches what starting the server loads; this reads every server source.
const root = join(import.meta.dirname, '..');
const serverDirs = ['src', 'cli', 'bin'];
const isTestFile = (path: string): boolean =>
  /\.(test|e2e\.test|db\.test|api\.test)\.[cm]?[jt]s$/.test(path) || /(^|\/)tests?\//.test(path);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|mjs|js)$/.test(entry.name) && !isTestFile(relative(root, path))) out.push(path);
  }
  return out;
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or null for relative/builtin. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
  return builtinModules.includes(name) ? null : name;
}

function importedPackages(text: string): string[] {
  // Value imports only: `import type` and `export type` vanish at run time.
  const pattern =
    /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  const names: string[] = [];
  for (const match of text.matchAll(pattern)) {
    const name = packageOf(match[1] ?? match[2] ?? '');
    if (name) names.push(name);
  }
  return names;
}

describe('run-time dependencies', () => {
  it('names a specifier’s package', () => {
    expect(packageOf('@fastify/cookie')).toBe('@fastify/cookie');
    expect(packageOf('pg-copy-streams/lib/copy')).toBe('pg-copy-streams');
    expect(packageOf('node:fs')).toBeNull();
    expect(packageOf('fs')).toBeNull();
    expect(packageOf('../x')).toBeNull();
  });

  it('lists every package the server imports under `dependencies`, not only `devDependencies`', () => {
    const pkg: { dependencies: Record<string, string>; name: string } = JSON.parse(
      readFileSync(join(root, 'package.json'), 'utf8'),
    );
    const missing: string[] = [];
    for (const dir of serverDirs) {
      for (const file of sourceFiles(join(root, dir))) {
        for (const name of importedPackages(readFileSync(file, 'utf8'))) {
          // @passage/contract is this repository's own workspace alias for shared types.
          if (name === '@passage/contract' || name === pkg.name) continue;
          if (!pkg.dependencies[name]) missing.push(`${relative(root, file)} imports ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
