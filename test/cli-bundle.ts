/**
 * The `passage` command compiled once per test run into one ES module per lazily loaded part (esbuild, the
 * compiler tsx itself uses), for the tests that start it in child processes: the CLI and server-process tests,
 * the crash harness. Through tsx's loader every command resolved and loaded the CLI's ~460 modules one by one
 * (Node 20 runs loader hooks on a thread of their own, one message per module): ~1.6 s of CPU for
 * `passage --help`, against ~0.7 s for the bundle, and about 1 s less for every command and server start.
 *
 * The bundle is the same code: the same sources, the same transform, the packages loaded from node_modules as
 * the bin loads them. `import.meta.url` is replaced in each module by the URL of its source file, so what it
 * locates (migrations, worker threads, the repository root, packages through createRequire) is what the bin
 * locates. The bin itself (bin/passage.mjs) keeps its tests: `passage --help` in cli/tests/passage-cli.test.ts
 * and the production install test (test/production/).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { REPO_ROOT } from '../src/shared/config';

/** Replaces `import.meta.url` in the repository's TypeScript modules by the URL of the module's source file. */
const sourceUrls: Plugin = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
        loader: 'ts',
      };
    });
  },
};

/** Builds the bundle into `outDir` (emptied first) and returns the path of its entry module. */
export async function buildCliBundle(outDir: string): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { passage: 'cli/passage.ts' },
    bundle: true,
    // Dynamic imports stay lazy, as they are under tsx: `passage --help` loads no database code.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    plugins: [sourceUrls],
    logLevel: 'warning',
  });
  return join(outDir, 'passage.mjs');
}
