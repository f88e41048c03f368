/** Result lines (`bench: <name> <value> <unit> ratio=<value/reference> reference=<what>`) and latest.json. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round, type Timing } from './stats';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

export interface BenchResult {
  /** Benchmark the line belongs to (e.g. dashboard-api-vs-sql). */
  bench: string;
  /** Line name, dot-separated (e.g. dashboard.series.postgres.p95). */
  name: string;
  value: number;
  unit: string;
  /** value / reference value, measured in the same run; null when there is no reference. */
  ratio: number | null;
  /** What the reference is, with its value (e.g. bare-sql@2.1ms). */
  reference: string;
  /** Target from the issue, when there is one (e.g. "p95 < 50 ms"). */
  target?: string;
  /** Whether the target is met, when there is one. */
  isTargetMet?: boolean;
  timing?: Omit<Timing, 'samples'> & { runs: number };
  details?: Record<string, unknown>;
}

export interface MachineFacts {
  cpuCount: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  postgres: Record<string, string>;
  gitCommit: string | null;
}

export function machineFacts(): MachineFacts {
  let gitCommit: string | null = null;
  try {
    gitCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {}
  return {
    cpuCount: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    postgres: {},
    gitCommit,
  };
}

export function formatLine(r: BenchResult): string {
  const ratio = r.ratio === null ? 'n/a' : String(round(r.ratio));
  const target = r.target
    ? ` target="${r.target}"${r.isTargetMet === undefined ? '' : r.isTargetMet ? ' met' : ' MISSED'}`
    : '';
  return `bench: ${r.name} ${round(r.value)} ${r.unit} ratio=${ratio} reference=${r.reference}${target}`;
}

export class Reporter {
  readonly results: BenchResult[] = [];
  readonly notes: string[] = [];
  readonly machine = machineFacts();
  readonly startedAt = new Date();

  constructor(
    readonly scale: string,
    readonly args: string[],
  ) {}

  add(r: BenchResult): void {
    this.results.push(r);
    console.log(formatLine(r));
    this.write();
  }

  note(bench: string, text: string): void {
    this.notes.push(`${bench}: ${text}`);
    console.log(`bench-note: ${bench}: ${text}`);
    this.write();
  }

  /** Writes bench/results/latest.json (after every result, so an interrupted run keeps what it measured). */
  write(): void {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const finishedAt = new Date();
    const doc = {
      startedAt: this.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds: Math.round((finishedAt.getTime() - this.startedAt.getTime()) / 100) / 10,
      scale: this.scale,
      args: this.args,
      machine: this.machine,
      results: this.results,
      notes: this.notes,
    };
    writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(doc, null, 2)}\n`);
  }

  /** The results as a Markdown table, for notes and pull requests. */
  table(): string {
    const rows = this.results.map(
      (r) =>
        `| ${r.name} | ${round(r.value)} ${r.unit} | ${r.ratio === null ? 'n/a' : round(r.ratio)} | ${r.reference} | ${r.target ? `${r.target}${r.isTargetMet === undefined ? '' : r.isTargetMet ? ' ✓' : ' ✗'}` : ''} |`,
    );
    return ['| name | value | ratio | reference | target |', '|---|---|---|---|---|', ...rows].join('\n');
  }
}

/** Two result lines (median and p95) for a timing against a reference timing of the same run. */
export function timingResults(
  base: { bench: string; name: string; referenceName: string; details?: Record<string, unknown> },
  subject: Timing,
  reference: Timing,
  targets: { p95?: { ms: number; label: string }; ratio?: number } = {},
): BenchResult[] {
  const strip = ({ samples, ...t }: Timing) => ({ ...t, runs: samples.length });
  const ratioMedian = subject.median / reference.median;
  const ratioP95 = subject.p95 / reference.p95;
  const p95Target = targets.p95 ? `p95 < ${targets.p95.ms} ms (${targets.p95.label})` : undefined;
  const ratioTarget = targets.ratio ? `ratio ≤ ${targets.ratio}` : undefined;
  const combined = [p95Target, ratioTarget].filter(Boolean).join(', ');
  return [
    {
      bench: base.bench,
      name: `${base.name}.median`,
      value: subject.median,
      unit: 'ms',
      ratio: ratioMedian,
      reference: `${base.referenceName}@${round(reference.median)}ms`,
      ...(ratioTarget ? { target: ratioTarget, isTargetMet: ratioMedian <= targets.ratio! } : {}),
      timing: strip(subject),
      details: { reference: strip(reference), ...base.details },
    },
    {
      bench: base.bench,
      name: `${base.name}.p95`,
      value: subject.p95,
      unit: 'ms',
      ratio: ratioP95,
      reference: `${base.referenceName}@${round(reference.p95)}ms`,
      ...(combined
        ? {
            target: combined,
            isTargetMet:
              (!targets.p95 || subject.p95 < targets.p95.ms) && (!targets.ratio || ratioP95 <= targets.ratio),
          }
        : {}),
      timing: strip(subject),
      details: { reference: strip(reference), ...base.details },
    },
  ];
}
