/**
 * A small tmpfs of its own, for the full-disk tests (src/db/tests/*-full-disk.test.ts): mounting needs root on
 * Linux, and root in a container may still not be allowed to, so `tmpfsUnavailable()` tries once and says why
 * not (the tests skip with that reason printed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' }).toString();

/** Why a tmpfs cannot be mounted here, or undefined when it can. */
export function tmpfsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (mounting a small tmpfs needs it)';
  const probe = mkdtempSync(join(tmpdir(), 'passage-mount-probe-'));
  try {
    run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
    run('umount', [probe]);
    return undefined;
  } catch (e) {
    return `cannot mount a tmpfs here (${String(e).split('\n')[0]})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** MiB used under dir. */
export const usedMiB = (dir: string) => Number(run('du', ['-sm', dir]).split('\t')[0]);

/** A tmpfs mounted on a new temp directory: fill it with a ballast file, free it, resize it, unmount it. */
export function mountTmpfs(prefix: string, sizeMiB: number) {
  const mnt = mkdtempSync(join(tmpdir(), prefix));
  run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0755`, 'tmpfs', mnt]);
  const ballast = join(mnt, 'ballast');
  return {
    mnt,
    /** Writes a ballast file until the disk is full. */
    fill() {
      try {
        run('dd', ['if=/dev/zero', `of=${ballast}`, 'bs=1M', 'count=4000']);
      } catch {
        // dd stops with "No space left on device": the disk is full, as wanted.
      }
    },
    resize(mib: number) {
      run('mount', ['-o', `remount,size=${mib}m`, mnt]);
    },
    /** Removes the ballast and gives the disk `mib` MiB. */
    free(mib: number) {
      rmSync(ballast, { force: true });
      run('mount', ['-o', `remount,size=${mib}m`, mnt]);
    },
    unmount() {
      try {
        // Lazily: a stopped engine may still hold files open there.
        run('umount', ['-l', mnt]);
      } finally {
        rmSync(mnt, { recursive: true, force: true });
      }
    },
  };
}
