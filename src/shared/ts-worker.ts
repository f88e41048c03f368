/**
 * A worker thread running a TypeScript module, with one request in flight at a time and typed replies: for
 * CPU-bound work (the forecast models) that would otherwise hold the event loop, and with it every other
 * request, for hundreds of milliseconds at a time. The module answers each message `{ id, request }` with
 * `{ id, reply }` or `{ id, error }` (see `serveRequests`).
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

export interface TsWorker<Req, Res> {
  /** Sends one request and resolves with its reply; rejects if the handler threw or the thread died. */
  request(req: Req): Promise<Res>;
  /** Ends the thread. */
  close(): Promise<void>;
}

interface Reply<Res> {
  id: number;
  reply?: Res;
  error?: string;
}

/** Starts the module at `entry` (a file URL of a .ts file that calls `serveRequests`) in a worker thread. */
export function startTsWorker<Req, Res>(entry: URL): TsWorker<Req, Res> {
  const worker = new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), {
    workerData: { entry: entry.href },
  });
  let next = 0;
  const pending = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void }>();
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (m: Reply<Res>) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    // The reply was produced by the handler for this request type (serveRequests).
    else p.resolve(m.reply as Res);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`worker thread ${entry.pathname} exited (${code})`)));
  return {
    request(req) {
      const id = next++;
      return new Promise<Res>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, request: req });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

/** In the worker module: answers each request with `handle`'s result (or its error's message). */
export function serveRequests<Req, Res>(handle: (req: Req) => Res | Promise<Res>): void {
  if (isMainThread || !parentPort) throw new Error('serveRequests runs in a worker thread');
  const port = parentPort;
  port.on('message', async (m: { id: number; request: Req }) => {
    try {
      port.postMessage({ id: m.id, reply: await handle(m.request) });
    } catch (e) {
      port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
}
