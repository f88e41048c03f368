/**
 * The `passage` command in a child process of its own, as an operator runs it, from the run's compiled bundle
 * of the same sources (test/cli-bundle.ts: about 1 s of CPU less per command than the bin's tsx loader, and the
 * CLI tests run about fifty commands). `PASSAGE_BIN` is the package bin itself (bin/passage.mjs), which its own
 * tests start, and the fallback outside a run of the suite's global setup.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT } from '../src/shared/config';

export const PASSAGE_BIN = join(REPO_ROOT, 'bin/passage.mjs');

/** The entry module the tests start `passage` from. */
export function passageEntry(): string {
  return inject('cliBundle') ?? PASSAGE_BIN;
}

/**
 * V8 flags for the short-lived Passage processes the tests start: WASM code from the baseline compiler only.
 * Each process compiles PGlite's 9 MB WebAssembly again, and the optimising tier's background compilation of
 * it cost more CPU than a command or a test server ever gains from it (opening a data directory: ~1.9 s of
 * CPU → ~1.1 s; `passage seed-demo`: 7.8 s → 6.1 s). Code generation only: what runs, and its results, are
 * the same.
 */
export const CHILD_NODE_FLAGS = ['--liftoff-only'];

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `passage …args` to its end (blocks the test's event loop: not for commands that talk to it). */
export function runPassage(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  entry: string = passageEntry(),
): CliResult {
  const r = spawnSync(process.execPath, [...CHILD_NODE_FLAGS, entry, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env,
    timeout: timeoutMs,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same without blocking the event loop (for commands that talk to a server in the test's process). */
export function runPassageAsync(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CHILD_NODE_FLAGS, passageEntry(), ...args], {
      cwd: REPO_ROOT,
      env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
