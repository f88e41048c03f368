/**
 * One process at a time on an embedded data directory. PGlite has no postmaster to refuse a second process:
 * two processes writing the same directory (a server and a CLI command, or two servers) corrupt it. The
 * first to open the directory writes `passage.lock` holding its pid (exclusive create); the next one is
 * refused with a clear message naming that pid. A lock whose process is gone (a crash, a power cut) is stale
 * and taken over, so a restart after a kill never needs a hand-made clean-up; the lock also records who the
 * process is (boot and start time, processIdentity), so that a pid taken again after a power cut or a
 * container restart does not keep the directory locked.
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

/**
 * Who a process is beyond its pid, on Linux: the boot it runs in and its start time (clock ticks since that
 * boot, field 22 of /proc/<pid>/stat). After a power cut or a container restart the pid in a stale lock is
 * often taken again — by another process of the new boot, or by the new Passage itself (pid 1 in a
 * container) — and only this tells them apart. Undefined where /proc is not there.
 */
export function processIdentity(pid: number): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start ? `${boot}/${start}` : undefined;
  } catch {
    return undefined;
  }
}

/** The lock's content: the pid on the first line, the process identity (when known) on the second. */
function readLock(file: string): { pid: number; identity: string | undefined } {
  try {
    const [pid, identity] = readFileSync(file, 'utf8').split('\n');
    return { pid: Number.parseInt((pid ?? '').trim(), 10), identity: identity?.trim() || undefined };
  } catch {
    return { pid: Number.NaN, identity: undefined };
  }
}

const readPid = (file: string) => readLock(file).pid;

/** Whether the process that wrote the lock still runs: its pid is alive and, when recorded, is the same process. */
function isHolderAlive(lock: { pid: number; identity: string | undefined }): boolean {
  if (!isAlive(lock.pid)) return false;
  if (lock.identity === undefined) return true; // a lock of an older build, or no /proc: the pid decides
  const now = processIdentity(lock.pid);
  return now === undefined || now === lock.identity;
}

/** Takes the directory's lock for this process; returns its release. Throws DataDirInUseError if held. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n${processIdentity(process.pid) ?? ''}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readPid(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const lock = readLock(file);
      if (isHolderAlive(lock)) throw new DataDirInUseError(dir, lock.pid);
      // Stale: its process is gone. Remove it and try once more (another process may win the race).
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(dir, readPid(file));
}
