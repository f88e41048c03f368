/**
 * The change-point detector of the level-shift rule: @bsull/augurs' Bayesian online detector with a
 * Normal-Gamma prior (WASM, loaded once per process). Reading the package's own .wasm binary is loading code,
 * not data (as in src/domain/forecasting/augurs.ts): the detector it returns does no I/O.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import init, { ChangepointDetector } from '@bsull/augurs/changepoint';
import type { ChangepointDetect } from './rules';

let ready: Promise<unknown> | undefined;

function wasmPath(): string {
  // The package exports no path for the .wasm file: find it next to its JS entry point.
  const entry = createRequire(import.meta.url).resolve('@bsull/augurs/changepoint');
  return join(dirname(entry), 'changepoint_bg.wasm');
}

/** Loads the detector (once) and returns a function giving the change points of a series. */
export async function loadChangepointDetector(): Promise<ChangepointDetect> {
  ready ??= init({ module_or_path: readFileSync(wasmPath()) });
  await ready;
  return (y) => {
    const detector = ChangepointDetector.normalGamma();
    try {
      return detector.detectChangepoints(y).indices;
    } finally {
      detector.free();
    }
  };
}
