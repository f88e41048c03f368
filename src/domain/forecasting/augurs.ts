/**
 * Loads the WebAssembly modules of @bsull/augurs (MSTL and ETS) once per process. Reading the package's own
 * .wasm binaries is loading code, not data: the forecasting functions stay free of I/O once this resolved.
 * Server side only (the web app never forecasts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import initEts, { AutoETS } from '@bsull/augurs/ets';
import initMstl, { MSTL } from '@bsull/augurs/mstl';

export interface AugursRuntime {
  MSTL: typeof MSTL;
  AutoETS: typeof AutoETS;
}

let loading: Promise<AugursRuntime> | undefined;

function wasmBytes(entry: '@bsull/augurs/mstl' | '@bsull/augurs/ets'): Buffer {
  // The package exports only its .js entry points; the .wasm sits next to each of them.
  const js = createRequire(import.meta.url).resolve(entry);
  return readFileSync(js.replace(/\.js$/, '_bg.wasm'));
}

/** Initialises augurs (idempotent). Await it before calling forecastSeries. */
export function loadAugurs(): Promise<AugursRuntime> {
  loading ??= (async () => {
    await initMstl({ module_or_path: wasmBytes('@bsull/augurs/mstl') });
    await initEts({ module_or_path: wasmBytes('@bsull/augurs/ets') });
    return { MSTL, AutoETS };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
