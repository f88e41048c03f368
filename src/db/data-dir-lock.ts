/**
 * One process at a time on an embedded data directory. PGlite has no postmaster to refuse a second process:
 * two processes writing the same directory (a server and a CLI command, or two servers) corrupt it. The
 * first to open the directory writes `passage.lock` holding its pid (exclusive create); the next one is
 * refused with a clear message naming that pid. A lock whose process is gone (a crash, a power cut) is stale
 * and taken over, so a restart after a kill never needs a hand-made clean-up.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'passage.lock';

export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by another Passage process (pid ${pid}). ` +
        'Stop it first, or run the command against the running server.',
    );
  }
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number {
  try {
    return Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  } catch {
    return Number.NaN;
  }
}

/** Takes the directory's lock for this process; returns its release. Throws DataDirInUseError if held. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readPid(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = readPid(file);
      if (pid === process.pid) throw new DataDirInUseError(dir, pid);
      if (isAlive(pid)) throw new DataDirInUseError(dir, pid);
      // Stale: its process is gone. Remove it and try once more (another process may win the race).
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(dir, readPid(file));
}
