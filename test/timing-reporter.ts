import type { Reporter, TestModule } from 'vitest/node';

/**
 * Per-file times, longest first: wall from the file being queued to its end (as the main process sees it, set-up
 * and import included), the tests' own duration, the import ("collect") and when the file started after the
 * run began. For the longest-first list of test/sequencer.ts: `npm test -- --reporter=./test/timing-reporter.ts`.
 */
export default class TimingReporter implements Reporter {
  #start = new Map<string, number>();
  #rows: { file: string; wall: number; dur: number; collect: number; at: number }[] = [];
  #t0 = performance.now();
  onTestModuleQueued(m: TestModule) {
    this.#start.set(m.moduleId, performance.now());
  }
  onTestModuleEnd(m: TestModule) {
    const s = this.#start.get(m.moduleId) ?? this.#t0;
    const d = m.diagnostic();
    this.#rows.push({
      file: m.moduleId.replace(`${process.cwd()}/`, ''),
      wall: (performance.now() - s) / 1000,
      dur: d.duration / 1000,
      collect: d.collectDuration / 1000,
      at: (s - this.#t0) / 1000,
    });
  }
  onTestRunEnd() {
    const rows = this.#rows.sort((a, b) => b.wall - a.wall);
    const sum = rows.reduce((n, r) => n + r.wall, 0);
    console.log(`\nper-file wall (s), sum ${sum.toFixed(0)} s over ${rows.length} files:`);
    for (const r of rows.slice(0, 40))
      console.log(
        `${r.wall.toFixed(1).padStart(7)} ${r.dur.toFixed(1).padStart(7)} collect ${r.collect.toFixed(1).padStart(5)} at ${r.at.toFixed(0).padStart(4)}  ${r.file}`,
      );
  }
}
