/**
 * The Chromium browser processes this test process started (direct children whose command line names
 * Chromium), read from /proc: a check of how many browsers really run, independent of the code under test.
 * Renderer, GPU and zygote processes are children of the browser, not of us, so each browser counts once.
 * The browser journeys' shared browser (marked, see e2e/browser.ts) may run in the same worker and is skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { SHARED_BROWSER_MARK } from '../e2e/browser';

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback; // the process ended while we looked
  }
}

export function chromiumChildren(parentPid = process.pid): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOr(`/proc/${entry}/stat`, '');
    // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== parentPid) continue;
    const cmdline = readOr(`/proc/${entry}/cmdline`, '');
    if (/chrom/i.test(cmdline) && !cmdline.includes(SHARED_BROWSER_MARK)) pids.push(Number(entry));
  }
  return pids;
}

/** Samples chromiumChildren() every `everyMs` until stopped; returns the largest count seen. */
export function sampleChromiumChildren(everyMs = 50): { stop(): number } {
  let max = chromiumChildren().length;
  const timer = setInterval(() => {
    max = Math.max(max, chromiumChildren().length);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, chromiumChildren().length);
    },
  };
}
