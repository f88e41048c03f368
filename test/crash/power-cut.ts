/**
 * A power cut, simulated for the embedded database (issue 19; docs/operations.md, "A power cut"). A SIGKILL
 * (crash-harness.ts) leaves what the process wrote in the operating system's page cache, so the files are
 * whole afterwards; a power cut loses what was written but not flushed, possibly in part (a torn page) and
 * in any order. As SQLite's crash-simulating VFS does, this records the file-system calls that PGlite's WASM
 * PostgreSQL makes through Node's `fs` (Emscripten's NODEFS calls `fs.openSync`, `fs.writeSync`, … on the
 * module object, so wrapping those functions sees every one), and then builds, for any point of the
 * recording, the directory a disk could hold after a power cut there:
 * - every file's content as of its last fsync, plus, for what was written after it, nothing ('synced'), or a
 *   seeded random choice per write of applied, dropped or torn (a prefix of its 512-byte sectors) ('torn');
 * - the directory entries (create, rename, unlink, mkdir) that a later fsync of their directory made durable
 *   (and a file's creation, by an fsync of the file), plus ('torn' only) a random prefix of the others, in
 *   order (as a journaling file system commits them).
 * Pure bookkeeping, no PGlite here: the test (power-cut-pglite.test.ts) drives the database and checks.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** mulberry32 (the demo generator's): a seeded generator, so a failing run can be replayed from its seed. */
export { seededRandom as random } from '../../src/demo/generate-observations';

type Write = { kind: 'write'; pos: number; data: Buffer } | { kind: 'truncate'; size: number };

/** One call the recorder saw, on a path relative to the recorded root (inodes numbered by the recorder). */
export type Op =
  | { op: 'write'; ino: number; pos: number; data: Buffer }
  | { op: 'truncate'; ino: number; size: number }
  | { op: 'fsync'; ino: number }
  | { op: 'create'; path: string; ino: number }
  | { op: 'mkdir'; path: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'unlink'; path: string }
  | { op: 'rmdir'; path: string }
  | { op: 'dirsync'; path: string }
  /** Not a call: the workload's note that something returned (a COMMIT), at this point of the recording. */
  | { op: 'mark'; label: string };

/** The files and directories of a directory tree, read into memory (the state before the recording). */
export interface Snapshot {
  files: Map<string, Buffer>;
  dirs: Set<string>;
}

export function snapshotDir(root: string): Snapshot {
  const files = new Map<string, Buffer>();
  const dirs = new Set<string>(['.']);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = dir === '.' ? e.name : join(dir, e.name);
      if (e.isDirectory()) {
        dirs.add(rel);
        walk(rel);
      } else if (e.isFile()) files.set(rel, fs.readFileSync(join(root, rel)));
    }
  };
  walk('.');
  return { files, dirs };
}

export function writeSnapshot(s: Snapshot, root: string): void {
  fs.mkdirSync(root, { recursive: true });
  for (const d of [...s.dirs].sort()) fs.mkdirSync(join(root, d), { recursive: true });
  for (const [rel, data] of s.files) fs.writeFileSync(join(root, rel), data);
}

// Node's open flags (Linux): what the wrapped openSync receives from NODEFS.
const { O_CREAT, O_TRUNC } = fs.constants;

type FsModule = typeof fs;
type Patched = Pick<
  FsModule,
  | 'openSync'
  | 'closeSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'fdatasyncSync'
  | 'ftruncateSync'
  | 'truncateSync'
  | 'renameSync'
  | 'unlinkSync'
  | 'mkdirSync'
  | 'rmdirSync'
  | 'rmSync'
  | 'writeFileSync'
>;

/**
 * Records the calls under `root` made through the `fs` module object while started. Paths outside root
 * (PGlite's own WASM files, the test runner) pass through unrecorded. Each file gets an inode number, so a
 * rename keeps its pending writes with it.
 */
export class FsRecorder {
  readonly ops: Op[] = [];
  private readonly inoOf = new Map<string, number>();
  private readonly fdIno = new Map<number, number>();
  private readonly fdDir = new Map<number, string>();
  private readonly fdPos = new Map<number, number>();
  private nextIno = 1;
  private saved: Patched | undefined;
  /** The inode numbers given to the snapshot's files, for imageAt. */
  readonly baseInodes: ReadonlyMap<string, number>;

  constructor(
    private readonly root: string,
    base: Snapshot,
  ) {
    for (const rel of base.files.keys()) this.inoOf.set(rel, this.nextIno++);
    this.baseInodes = new Map(this.inoOf);
  }

  mark(label: string): number {
    this.ops.push({ op: 'mark', label });
    return this.ops.length;
  }

  private rel(path: fs.PathLike): string | undefined {
    const r = relative(this.root, String(path));
    return r.startsWith('..') || r.startsWith('/') ? undefined : r === '' ? '.' : r;
  }

  start(): void {
    const f = fs;
    const s: Patched = {
      openSync: f.openSync,
      closeSync: f.closeSync,
      writeSync: f.writeSync,
      fsyncSync: f.fsyncSync,
      fdatasyncSync: f.fdatasyncSync,
      ftruncateSync: f.ftruncateSync,
      truncateSync: f.truncateSync,
      renameSync: f.renameSync,
      unlinkSync: f.unlinkSync,
      mkdirSync: f.mkdirSync,
      rmdirSync: f.rmdirSync,
      rmSync: f.rmSync,
      writeFileSync: f.writeFileSync,
    };
    this.saved = s;
    // Named imports (`import { openSync } from 'node:fs'`, as in src/db/data-dir-lock.ts) see the wrappers
    // only after this (see the end of start()).
    const created = (rel: string) => {
      const ino = this.nextIno++;
      this.inoOf.set(rel, ino);
      this.ops.push({ op: 'create', path: rel, ino });
      return ino;
    };
    // Each wrapper calls the original first: a call that fails (ENOENT, ENOSPC) changed nothing to record.
    const w = f as unknown as Record<keyof Patched, unknown>; // the module object's functions, replaced
    w.openSync = (path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      const rel = this.rel(path);
      const existed = rel !== undefined && this.inoOf.has(rel);
      const fd = s.openSync(path, flags ?? 'r', mode);
      if (rel === undefined) return fd;
      if (fs.fstatSync(fd).isDirectory()) {
        this.fdDir.set(fd, rel);
        return fd;
      }
      const n = typeof flags === 'number' ? flags : 0;
      const ino = existed ? (this.inoOf.get(rel) ?? created(rel)) : created(rel);
      if (existed && n & O_TRUNC) this.ops.push({ op: 'truncate', ino, size: 0 });
      if (!existed && !(n & O_CREAT) && typeof flags === 'number')
        throw new Error(`recorder: ${rel} opened without O_CREAT but unknown`);
      this.fdIno.set(fd, ino);
      return fd;
    };
    w.closeSync = (fd: number) => {
      this.fdIno.delete(fd);
      this.fdDir.delete(fd);
      this.fdPos.delete(fd);
      s.closeSync(fd);
    };
    w.writeSync = (fd: number, buffer: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
      // biome-ignore lint/suspicious/noExplicitAny: writeSync's overloads cannot be forwarded with a rest tuple
      const written: number = (s.writeSync as any)(fd, buffer, ...rest);
      const ino = this.fdIno.get(fd);
      if (ino === undefined) return written;
      // writeSync(fd, buffer, offset, length, position) (NODEFS) or writeSync(fd, string, position, encoding).
      let bytes: Buffer;
      let position: unknown;
      if (typeof buffer === 'string') {
        const encoding = typeof rest[1] === 'string' ? (rest[1] as BufferEncoding) : 'utf8'; // checked above
        bytes = Buffer.from(buffer, encoding).subarray(0, written);
        position = rest[0];
      } else {
        const offset = typeof rest[0] === 'number' ? rest[0] : 0;
        bytes = Buffer.from(buffer.buffer, buffer.byteOffset + offset, written);
        position = rest[2];
      }
      // Without a position: at the descriptor's own position, which then moves (write, not pwrite).
      const pos = typeof position === 'number' ? position : (this.fdPos.get(fd) ?? 0);
      if (typeof position !== 'number') this.fdPos.set(fd, pos + written);
      this.ops.push({ op: 'write', ino, pos, data: Buffer.from(bytes) });
      return written;
    };
    const sync = (orig: (fd: number) => void) => (fd: number) => {
      orig(fd);
      const ino = this.fdIno.get(fd);
      if (ino !== undefined) this.ops.push({ op: 'fsync', ino });
      const dir = this.fdDir.get(fd);
      if (dir !== undefined) this.ops.push({ op: 'dirsync', path: dir });
    };
    w.fsyncSync = sync(s.fsyncSync);
    w.fdatasyncSync = sync(s.fdatasyncSync);
    w.ftruncateSync = (fd: number, len?: number) => {
      s.ftruncateSync(fd, len);
      const ino = this.fdIno.get(fd);
      if (ino !== undefined) this.ops.push({ op: 'truncate', ino, size: len ?? 0 });
    };
    w.truncateSync = (path: fs.PathLike, len?: number) => {
      s.truncateSync(path, len);
      const rel = this.rel(path);
      const ino = rel === undefined ? undefined : this.inoOf.get(rel);
      if (ino !== undefined) this.ops.push({ op: 'truncate', ino, size: len ?? 0 });
    };
    w.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
      s.renameSync(from, to);
      const a = this.rel(from);
      const b = this.rel(to);
      if (a === undefined || b === undefined) return;
      const ino = this.inoOf.get(a);
      if (ino === undefined) return; // a directory: PostgreSQL renames files only
      this.inoOf.delete(a);
      this.inoOf.set(b, ino);
      this.ops.push({ op: 'rename', from: a, to: b });
    };
    w.unlinkSync = (path: fs.PathLike) => {
      s.unlinkSync(path);
      const rel = this.rel(path);
      if (rel === undefined) return;
      this.inoOf.delete(rel);
      this.ops.push({ op: 'unlink', path: rel });
    };
    w.mkdirSync = (path: fs.PathLike, options?: fs.Mode | fs.MakeDirectoryOptions) => {
      const r = s.mkdirSync(path, options);
      const rel = this.rel(path);
      if (rel !== undefined) this.ops.push({ op: 'mkdir', path: rel });
      return r;
    };
    w.rmSync = (path: fs.PathLike, options?: fs.RmOptions) => {
      const rel = this.rel(path);
      const isFile = rel !== undefined && this.inoOf.has(rel);
      s.rmSync(path, options);
      if (rel === undefined || !isFile || fs.existsSync(path)) return;
      this.inoOf.delete(rel);
      this.ops.push({ op: 'unlink', path: rel });
    };
    w.rmdirSync = (path: fs.PathLike, options?: fs.RmDirOptions) => {
      s.rmdirSync(path, options);
      const rel = this.rel(path);
      if (rel !== undefined) this.ops.push({ op: 'rmdir', path: rel });
    };
    // NODEFS creates an empty file with writeFileSync(path, "") (mknod).
    w.writeFileSync = (
      file: fs.PathOrFileDescriptor,
      data: string | NodeJS.ArrayBufferView,
      options?: fs.WriteFileOptions,
    ) => {
      s.writeFileSync(file, data, options);
      if (typeof file === 'number') {
        if (this.fdIno.has(file)) throw new Error('recorder: writeFileSync on a recorded descriptor');
        return;
      }
      const rel = this.rel(file);
      if (rel === undefined) return;
      const ino = this.inoOf.get(rel) ?? created(rel);
      const bytes =
        typeof data === 'string'
          ? Buffer.from(data)
          : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      this.ops.push({ op: 'truncate', ino, size: 0 });
      if (bytes.length) this.ops.push({ op: 'write', ino, pos: 0, data: Buffer.from(bytes) });
    };
    syncBuiltinESMExports();
  }

  stop(): void {
    if (!this.saved) return;
    Object.assign(fs as unknown as Record<keyof Patched, unknown>, this.saved);
    this.saved = undefined;
    syncBuiltinESMExports();
  }
}

const SECTOR = 512;

function applyWrite(content: Buffer, w: Write): Buffer {
  if (w.kind === 'truncate') {
    if (w.size <= content.length) return Buffer.from(content.subarray(0, w.size));
    return Buffer.concat([content, Buffer.alloc(w.size - content.length)]);
  }
  const end = w.pos + w.data.length;
  const out = end > content.length ? Buffer.concat([content, Buffer.alloc(end - content.length)]) : content;
  w.data.copy(out, w.pos);
  return out;
}

type Meta = Extract<Op, { op: 'create' | 'mkdir' | 'rename' | 'unlink' | 'rmdir' }>;

/** The directories a metadata change touches (the ones whose fsync makes it durable). */
const parentsOf = (m: Meta): string[] =>
  m.op === 'rename' ? [dirname(m.from), dirname(m.to)] : [dirname(m.path)];

export interface CutStats {
  /** Writes after their file's last fsync: applied whole, torn, dropped. */
  applied: number;
  torn: number;
  dropped: number;
  /** Directory changes kept though not made durable, and lost. */
  metaKept: number;
  metaLost: number;
}

/**
 * The directory a disk could hold after a power cut just after ops[0..cut): see the file's opening comment.
 * `baseInodes` are FsRecorder.baseInodes of the recorder that made `ops` from `base`.
 */
export function imageAt(
  base: Snapshot,
  baseInodes: ReadonlyMap<string, number>,
  ops: readonly Op[],
  cut: number,
  mode: 'synced' | 'torn',
  rnd: () => number,
  /** Ops before this index count as flushed (long written back by the operating system). */
  durableUpTo = 0,
): { image: Snapshot; stats: CutStats } {
  const durable = new Map<number, Buffer>();
  const pending = new Map<number, Write[]>();
  for (const [rel, ino] of baseInodes) durable.set(ino, base.files.get(rel) ?? Buffer.alloc(0));
  const metas: { m: Meta; isDurable: boolean }[] = [];
  // Buffers this call may write in place: copies, never the snapshot's (they serve every cut point).
  const owned = new Set<number>();
  const flush = (ino: number, writes: readonly Write[]) => {
    let c: Buffer = durable.get(ino) ?? Buffer.alloc(0);
    if (!owned.has(ino)) c = Buffer.from(c);
    for (const w of writes) c = applyWrite(c, w);
    durable.set(ino, c);
    owned.add(ino);
  };
  for (const [i, o] of ops.slice(0, cut).entries()) {
    if (i < durableUpTo && (o.op === 'write' || o.op === 'truncate')) {
      flush(o.ino, [
        o.op === 'write' ? { kind: 'write', pos: o.pos, data: o.data } : { kind: 'truncate', size: o.size },
      ]);
      continue;
    }
    const isMeta =
      o.op === 'create' || o.op === 'mkdir' || o.op === 'rename' || o.op === 'unlink' || o.op === 'rmdir';
    if (i < durableUpTo && isMeta) {
      metas.push({ m: o, isDurable: true });
      continue;
    }
    switch (o.op) {
      case 'write':
      case 'truncate': {
        const list = pending.get(o.ino) ?? [];
        list.push(
          o.op === 'write' ? { kind: 'write', pos: o.pos, data: o.data } : { kind: 'truncate', size: o.size },
        );
        pending.set(o.ino, list);
        break;
      }
      case 'fsync': {
        // A new file's fsync also makes the directory entry that created it durable (ext4, XFS and btrfs do;
        // PostgreSQL relies on it: a relation file created since the last checkpoint is fsynced at the
        // next, its directory is not).
        for (const x of metas) if (x.m.op === 'create' && x.m.ino === o.ino) x.isDurable = true;
        flush(o.ino, pending.get(o.ino) ?? []);
        pending.delete(o.ino);
        break;
      }
      case 'dirsync':
        for (const x of metas) if (parentsOf(x.m).includes(o.path)) x.isDurable = true;
        break;
      case 'mark':
        break;
      default:
        metas.push({ m: o, isDurable: false });
    }
  }
  const stats: CutStats = { applied: 0, torn: 0, dropped: 0, metaKept: 0, metaLost: 0 };
  // Directory changes: the durable ones, and (torn) a prefix of the others in order.
  const open = metas.filter((x) => !x.isDurable).length;
  let keepOpen = mode === 'torn' ? Math.floor(rnd() * (open + 1)) : 0;
  const names = new Map<string, number>(baseInodes);
  const dirs = new Set(base.dirs);
  for (const { m, isDurable } of metas) {
    if (!isDurable) {
      if (keepOpen === 0) {
        stats.metaLost++;
        continue;
      }
      keepOpen--;
      stats.metaKept++;
    }
    if (m.op === 'create') names.set(m.path, m.ino);
    else if (m.op === 'mkdir') dirs.add(m.path);
    else if (m.op === 'rmdir') dirs.delete(m.path);
    else if (m.op === 'unlink') names.delete(m.path);
    else {
      const ino = names.get(m.from);
      names.delete(m.from);
      if (ino !== undefined) names.set(m.to, ino);
    }
  }
  const files = new Map<string, Buffer>();
  for (const [rel, ino] of names) {
    if (!dirs.has(dirname(rel))) continue;
    let c: Buffer = Buffer.from(durable.get(ino) ?? Buffer.alloc(0));
    for (const w of pending.get(ino) ?? []) {
      if (mode === 'synced') {
        stats.dropped++;
        continue;
      }
      const r = rnd();
      if (r < 0.45) {
        c = applyWrite(c, w);
        stats.applied++;
      } else if (r < 0.65 && w.kind === 'write' && w.data.length > SECTOR) {
        const sectors = Math.ceil(w.data.length / SECTOR);
        const keep = 1 + Math.floor(rnd() * (sectors - 1));
        c = applyWrite(c, { kind: 'write', pos: w.pos, data: w.data.subarray(0, keep * SECTOR) });
        stats.torn++;
      } else stats.dropped++;
    }
    files.set(rel, c);
  }
  return { image: { files, dirs }, stats };
}
