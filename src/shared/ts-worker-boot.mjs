// Entry of a worker thread that runs a TypeScript module (src/shared/ts-worker.ts): tsx's loader hooks do
// not reach worker threads by themselves, so the worker registers them, as bin/passage.mjs does for the
// main thread, then imports the module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
