import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteTemplateTarball } from '../../test/databases';
import { connect, DatabaseStartupError } from './connect';
import { LOCK_FILE, lockDataDir, processIdentity } from './data-dir-lock';

/** One process at a time on an embedded data directory: a second is refused, a stale lock is taken over. */
describe('embedded data directory lock', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'passage-lock-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a second open of the same directory with a clear message, and frees it on close', async () => {
    const dir = fresh();
    // Started from the run's migrated template (no initdb on disk, ~10 s of WASM CPU): the lock is the subject.
    const db = await connect({ dataDir: dir, loadDataDir: pgliteTemplateTarball(), sharedBuffers: '16MB' });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const second = connect({ dataDir: dir });
    await expect(second).rejects.toBeInstanceOf(DatabaseStartupError);
    await expect(second).rejects.toThrow(`in use by another Passage process (pid ${process.pid})`);
    await db.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await connect({ dataDir: dir });
    await again.close();
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = fresh();
    // A pid that existed and has exited: a child we wait for.
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n`);
    const release = lockDataDir(dir);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses while another live process holds it', () => {
    const dir = fresh();
    // The parent of this worker is alive for the whole test: a lock of an older build (pid only), and one
    // with the process's identity.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`pid ${process.ppid}`);
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n${processIdentity(process.ppid) ?? ''}\n`);
    expect(() => lockDataDir(dir)).toThrow(`pid ${process.ppid}`);
  });

  it.runIf(processIdentity(process.pid) !== undefined)(
    'takes over a lock whose pid now belongs to another process (after a power cut or a container restart)',
    () => {
      const dir = fresh();
      // A live pid, but not the process that wrote the lock (another boot, another start time).
      writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\nan-earlier-boot/12345\n`);
      lockDataDir(dir)();
      // This very process's pid (a container's pid 1 again): not this process either.
      writeFileSync(join(dir, LOCK_FILE), `${process.pid}\nan-earlier-boot/12345\n`);
      const release = lockDataDir(dir);
      expect(() => lockDataDir(dir), 'this process now holds it').toThrow(`pid ${process.pid}`);
      release();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    },
  );
});
