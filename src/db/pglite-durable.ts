/**
 * Durable commits for the embedded database's data directory (issue 19; docs/operations.md, "A power cut").
 *
 * As shipped, PGlite does not flush anything it writes to a data directory (measured on 0.5.16 with the
 * power-cut harness, test/crash/power-cut-pglite.test.ts):
 * - it starts PostgreSQL with `-F` (PGlite.defaultStartParams, src/pglite.ts line 152: `fsync = off`);
 * - even with fsync on, Emscripten's NODEFS (dist/pglite.js) has no `fsync` stream operation, so `fsync()`
 *   (`_fd_sync`) does nothing, and `fdatasync()` (`___syscall_fdatasync`), the default wal_sync_method on
 *   Linux, only checks the descriptor;
 * - `relaxedDurability: false` changes nothing for a directory on Node: NodeFS's syncToFs is empty
 *   (EmscriptenBuiltinFilesystem, src/fs/base.ts line 62).
 * So a COMMIT returned while its write-ahead log was still in the operating system's page cache; after a power
 * cut the harness found every commit since the start lost, and a directory that would not open at most cut
 * points (a data page or pg_control written back before the log that describes it).
 *
 * This makes the engine's own flushes real: NODEFS gets an fsync operation that calls Node's `fs.fsyncSync`
 * on the file's descriptor (a failure becomes the errno PostgreSQL expects, so a failed flush PANICs as on a
 * server, and src/db/pglite-stop.ts stops the database), and PostgreSQL runs with `fsync = on` and
 * `wal_sync_method = fsync` (the method that reaches that operation). PostgreSQL then flushes the log at every
 * commit, the data files and pg_control at checkpoints, and pg_wal after creating a segment, as a server does.
 * Files the engine writes outside PostgreSQL's own flushes (initdb's output or a loaded dump, written when a
 * new directory is made) are flushed once by syncDataDir.
 */
import fs from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** The part of Emscripten's NODEFS that is patched: its stream operations and its errno conversion. */
interface NodeFsInternals {
  stream_ops: { fsync?: (stream: { nfd: number }) => void };
  tryFSOperation<T>(f: () => T): T;
}

function isNodeFsInternals(x: unknown): x is NodeFsInternals {
  if (typeof x !== 'object' || x === null || !('stream_ops' in x) || !('tryFSOperation' in x)) return false;
  return typeof x.stream_ops === 'object' && x.stream_ops !== null && typeof x.tryFSOperation === 'function';
}

/** NodeFS whose fsync reaches the disk. */
export class DurableNodeFS extends NodeFS {
  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(...args);
    const flushes = (mod: unknown) => {
      const nodefs = typeof mod === 'object' && mod !== null && 'NODEFS' in mod ? mod.NODEFS : undefined;
      // A PGlite whose file system is built differently: refuse to start rather than run without flushes.
      if (!isNodeFsInternals(nodefs))
        throw new Error('PGlite: Emscripten NODEFS not found; commits could not be made durable');
      // Through the module object (not a bound copy), so a test that wraps fs.fsyncSync sees each call.
      nodefs.stream_ops.fsync = (stream) => nodefs.tryFSOperation(() => fs.fsyncSync(stream.nfd));
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), flushes] } };
  }
}

/** PGlite's start parameters with fsync on (without its `-F`) and a sync method that reaches DurableNodeFS. */
export function durableStartParams(): string[] {
  return [
    ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
    '-c',
    'fsync=on',
    '-c',
    'wal_sync_method=fsync',
  ];
}

/**
 * Flushes every file and directory under dir (a new data directory: the files PGlite wrote there come from a
 * dump unpacked through its file system, which PostgreSQL never flushes, not even at a checkpoint).
 */
export function syncDataDir(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) syncDataDir(path);
    else if (e.isFile()) syncPath(path);
  }
  syncPath(dir);
}

function syncPath(path: string): void {
  const fd = fs.openSync(path, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * PostgreSQL's lock file in the data directory. PGlite's engine always runs as pid 42 and Passage's own lock
 * (data-dir-lock.ts) is what keeps a second process out, so a leftover file guards nothing; but a power cut
 * during a start can leave it empty (its creation reached the disk, its content did not), and PostgreSQL then
 * refuses to start ("lock file postmaster.pid is empty"). Removed before every start, under Passage's lock.
 */
export function removeStaleLockFile(dataDir: string): void {
  fs.rmSync(join(dataDir, 'postmaster.pid'), { force: true });
}
