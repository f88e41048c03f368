/**
 * The embedded database after a failed write of its write-ahead log (measured in docs/operations.md, "A full
 * disk"): PostgreSQL would PANIC and restart; WASM PostgreSQL in PGlite instead leaves every later query
 * waiting forever, so every request of the server would hang. Once such a failure is seen, every operation
 * fails at once with DatabaseStoppedError (503, the reason and what to do) instead, including operations
 * already waiting. The data directory keeps every committed transaction: the next start after space is freed
 * opens it (tested in src/db/tests/pglite-full-disk.test.ts).
 */
import { AppError } from '../shared/errors';

export class DatabaseStoppedError extends AppError {
  constructor(cause: string) {
    super(
      'DATABASE_STOPPED',
      503,
      `The embedded database stopped: it could not write its log (${cause}). Usually the disk is full: free space, then restart Passage; every committed change is kept.`,
    );
  }
}

/** A failure to write the log (pg_wal): PostgreSQL cannot go on after it. Other errors roll back as usual. */
export function isLogWriteFailure(e: unknown): boolean {
  const message = e instanceof Error ? e.message : String(e);
  const severity = (e as { severity?: unknown } | null)?.severity;
  return severity === 'PANIC' || /could not (write to|create|extend|open|fsync) file "pg_wal\//.test(message);
}

export interface StopGuard {
  /** Runs op unless the database stopped; fails at once (pending ops too) when it stops. */
  run<T>(op: () => Promise<T>): Promise<T>;
  stopped(): DatabaseStoppedError | undefined;
}

export function stopGuard(): StopGuard {
  let stopped: DatabaseStoppedError | undefined;
  // The operations under way, each by the function that fails it. Not a race against one long-lived "stopped"
  // promise: every Promise.race would leave a reaction on that never-settled promise, holding the race's
  // result (the query's rows) for the life of the process (~1 KB per session look-up, the PGlite soak's
  // 16 MiB/min of JS heap; bench/README.md, member-api-soak).
  const pending = new Set<(e: Error) => void>();
  const stop = (e: unknown) => {
    stopped = new DatabaseStoppedError(e instanceof Error ? e.message : String(e));
    for (const fail of pending) fail(stopped);
    pending.clear();
  };
  return {
    stopped: () => stopped,
    run<T>(op: () => Promise<T>): Promise<T> {
      if (stopped) return Promise.reject(stopped);
      return new Promise<T>((resolve, reject) => {
        pending.add(reject);
        const settle = () => pending.delete(reject);
        let running: Promise<T>;
        try {
          running = op();
        } catch (e) {
          settle();
          reject(e);
          return;
        }
        running.then(
          (v) => {
            settle();
            resolve(v);
          },
          (e: unknown) => {
            settle();
            if (!stopped && isLogWriteFailure(e)) stop(e);
            reject(stopped ?? e);
          },
        );
      });
    },
  };
}
