/**
 * A real server process, as an operator starts it (`node bin/passage.mjs start --port 0`), with its output
 * collected and awaited by pattern: for the tests of start-up, shutdown and several servers on one database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { REPO_ROOT } from '../src/shared/config';

export interface Server {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

export function startServer(env: Record<string, string>): Server {
  const base = { ...process.env };
  for (const k of ['HOST', 'PORT', 'PASSAGE_DEMO_PASSWORD', 'PASSAGE_REQUIRE_2FA_ROLES', 'PASSAGE_DATA_DIR'])
    delete base[k];
  const child = spawn(process.execPath, ['bin/passage.mjs', 'start', '--port', '0'], {
    cwd: REPO_ROOT,
    env: { ...base, LOG_LEVEL: 'info', PASSAGE_DEMO: 'on', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (!m) return;
          finish();
          resolve(m);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${out.slice(-3000)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        exited.then(() => {
          if (!out.match(pattern)) {
            finish();
            reject(new Error(`exited before ${pattern}; output:\n${out.slice(-3000)}`));
          }
        });
        check();
      });
    },
  };
}
