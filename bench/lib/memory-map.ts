/**
 * Where this process's resident memory lives, from /proc/self/smaps (Linux): the RSS split by kind of
 * mapping, to tell a leak (anonymous data that keeps growing) from code a JIT keeps compiling (V8's tier-up of
 * hot JavaScript and WebAssembly functions lands in executable anonymous mappings, and is bounded by the code
 * there is) and from files read through mmap. `undefined` where there is no /proc.
 */
import { readFileSync } from 'node:fs';

export interface MemoryMap {
  /** Anonymous mappings that may execute: JIT-compiled JavaScript and WebAssembly code. */
  codeMiB: number;
  /** Anonymous data: malloc's heap and arenas, V8's heap, WebAssembly linear memory, thread stacks. */
  anonDataMiB: number;
  /** Mapped files: the node binary, shared libraries, anything mmap'ed. */
  fileMiB: number;
  /** The same memory counted by mapping size class: anonymous data mappings of at least 64 MiB (WASM memory, V8 cages). */
  largeAnonDataMiB: number;
}

const MIB = 1024 * 1024;

/** Sums the resident kB of every mapping in smaps text, by kind. */
export function classifySmaps(text: string): MemoryMap {
  let code = 0;
  let data = 0;
  let file = 0;
  let large = 0;
  let kind: 'code' | 'data' | 'file' = 'data';
  let size = 0;
  for (const line of text.split('\n')) {
    // A mapping's header: "start-end perms offset dev inode [path]".
    const header = /^[0-9a-f]+-[0-9a-f]+ (\S{4}) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (header) {
      const [, perms = '', inode = '0', path = ''] = header;
      const isFile = inode !== '0' && path.startsWith('/');
      kind = isFile ? 'file' : perms.includes('x') ? 'code' : 'data';
      continue;
    }
    const sizeLine = /^Size:\s+(\d+) kB/.exec(line);
    if (sizeLine) size = Number(sizeLine[1]);
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss) continue;
    const kb = Number(rss[1]);
    if (kind === 'code') code += kb;
    else if (kind === 'file') file += kb;
    else {
      data += kb;
      if (size >= 64 * 1024) large += kb;
    }
  }
  const mib = (kb: number) => (kb * 1024) / MIB;
  return { codeMiB: mib(code), anonDataMiB: mib(data), fileMiB: mib(file), largeAnonDataMiB: mib(large) };
}

export function memoryMap(): MemoryMap | undefined {
  try {
    return classifySmaps(readFileSync('/proc/self/smaps', 'utf8'));
  } catch {
    return undefined;
  }
}
