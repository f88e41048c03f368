import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable, Transform } from 'node:stream';
import type { Command } from 'commander';
import { type ApiProblem, authHeaders, call, problemOf, type ServerOptions, serverUrl } from './http';
import { printResult, problemLines } from './output';

interface ImportOptions extends ServerOptions {
  dialogue: string;
  reporter?: string;
  format?: string;
  json?: boolean;
  /** A saved import mapping (issue 22): the file is read through it. */
  mapping?: string;
  dryRun?: boolean;
  historical?: boolean;
}

interface MappedResult {
  dryRun: boolean;
  mapping: string;
  submissions: {
    reporter: string;
    submissionId: number | null;
    observations: number;
    derivedTotals: number;
  }[];
  observations: number;
  skippedRows: number;
  preview: Record<string, string>[];
}

/** The lines printed for an import through a mapping (or its dry run). */
export function mappedResultLines(r: MappedResult, base: string, dialogue: string): string[] {
  const lines = r.submissions.map((s) => {
    const derived = s.derivedTotals ? ` (${s.derivedTotals} derived total(s))` : '';
    return r.dryRun
      ? `passage: ${s.observations} figure(s) for ${s.reporter} would be imported${derived}`
      : `passage: ${s.observations} figure(s) for ${s.reporter} imported into draft submission ${s.submissionId}${derived}: review it at ${base}/d/${dialogue}/data/submissions/${s.submissionId}`;
  });
  if (r.skippedRows)
    lines.push(`passage: ${r.skippedRows} row(s) left out as the mapping "${r.mapping}" says`);
  if (r.dryRun) {
    lines.push(`passage: dry run through the mapping "${r.mapping}": nothing was written. First figures:`);
    for (const c of r.preview.slice(0, 10))
      lines.push(
        `  ${[
          c.indicator,
          c.reporter,
          c.period,
          ...Object.entries(c)
            .filter(
              ([k, v]) =>
                !['indicator', 'reporter', 'period', 'value', 'flags', 'comment'].includes(k) && v !== '_T',
            )
            .map(([k, v]) => `${k}=${v}`),
          c.value,
        ]
          .filter(Boolean)
          .join(' ')}`,
      );
  }
  return lines;
}

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  'sdmx-csv': 'application/vnd.sdmx.data+csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Files larger than this show a progress bar (or, without a terminal, a line per quarter). */
const PROGRESS_FROM_BYTES = 1024 * 1024;

function formatOf(file: string, given: string | undefined): string {
  if (given) {
    if (!CONTENT_TYPES[given])
      throw new Error(`--format must be one of ${Object.keys(CONTENT_TYPES).join(', ')}`);
    return given;
  }
  return /\.xlsx$/i.test(file) ? 'xlsx' : 'csv';
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Counts the bytes going up and draws the bar on stderr (the server checks as it receives). */
function progress(total: number): Transform {
  let sent = 0;
  let lastQuarter = 0;
  const isTty = process.stderr.isTTY === true;
  const draw = () => {
    const share = total ? sent / total : 1;
    if (isTty) {
      const width = 30;
      const done = Math.round(share * width);
      process.stderr.write(
        `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.floor(share * 100)}% ${mb(sent)} of ${mb(total)}`,
      );
    } else if (Math.floor(share * 4) > lastQuarter) {
      lastQuarter = Math.floor(share * 4);
      process.stderr.write(`passage: sent ${lastQuarter * 25}% (${mb(sent)} of ${mb(total)})\n`);
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      if (total >= PROGRESS_FROM_BYTES) draw();
      done(null, chunk);
    },
    flush(done) {
      if (total >= PROGRESS_FROM_BYTES) {
        if (isTty) process.stderr.write('\n');
        process.stderr.write('passage: file sent; the server is checking and writing it…\n');
      }
      done();
    },
  });
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'Upload a CSV, SDMX-CSV or XLSX file of figures into a new draft submission (through the API)',
    )
    .argument('<file>', 'the file')
    .requiredOption('--dialogue <slug>', 'the dialogue')
    .option('--reporter <iso3>', 'the reporting state (default: your own)')
    .option('--format <format>', 'csv, sdmx-csv or xlsx (default: from the file name)')
    .option('--url <url>', 'the server (env PASSAGE_URL, default http://localhost:PORT)')
    .option('--token <token>', 'API token with observations:write (env PASSAGE_TOKEN)')
    .option(
      '--mapping <name>',
      'read the file through a saved import mapping (wide tables, labels, several reporters)',
    )
    .option(
      '--dry-run',
      'with --mapping: check the whole file and show the first figures; nothing is written',
    )
    .option('--historical', 'with --mapping: a historical load outside the reporting calendar (secretariat)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nAll or nothing: a file with any bad row writes nothing, and every problem is listed with its row, column\n' +
        'and field (exit code 1). The draft is then reviewed and submitted in the web app or with the API.',
    )
    .action(async (file: string, o: ImportOptions) => {
      const format = formatOf(file, o.format);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new Error(`cannot read ${file}`);
      }
      if ((o.dryRun || o.historical) && !o.mapping)
        throw new Error('--dry-run and --historical go with --mapping <name>');
      const query = new URLSearchParams({ fileName: basename(file), format });
      if (o.reporter) query.set('reporter', o.reporter.toUpperCase());
      if (o.dryRun) query.set('dryRun', 'true');
      if (o.historical) query.set('historical', 'true');
      const base = serverUrl(o);
      const slug = encodeURIComponent(o.dialogue);
      const path = o.mapping
        ? `/api/dialogues/${slug}/import-mappings/${encodeURIComponent(o.mapping)}/imports`
        : `/api/dialogues/${slug}/imports`;
      const body = Readable.toWeb(createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(progress(size)));
      const res = await call(`${base}${path}?${query}`, {
        method: 'POST',
        headers: {
          'content-type': CONTENT_TYPES[format] ?? 'text/csv',
          'content-length': String(size),
          ...authHeaders(o),
        },
        // Node's fetch streams a request body only in half-duplex mode.
        body: body as unknown as RequestInit['body'],
        duplex: 'half',
      });
      if (!res.ok) return reportProblem(o, await problemOf(res));
      if (o.mapping) {
        const mapped = (await res.json()) as MappedResult;
        return printResult(o, mapped, (r) => mappedResultLines(r, base, o.dialogue).join('\n'));
      }
      const result = (await res.json()) as { submissionId: number; reporter: string; observations: number };
      printResult(
        o,
        result,
        (r) =>
          `passage: ${r.observations} figure(s) for ${r.reporter} imported into draft submission ${r.submissionId}: review and submit it at ${base}/d/${o.dialogue}/data/submissions/${r.submissionId}`,
      );
    });
}

export function reportProblem(o: { json?: boolean }, p: ApiProblem): void {
  if (o.json)
    console.error(
      JSON.stringify({ code: p.code, status: p.status, detail: p.message, errors: p.errors }, null, 2),
    );
  else for (const line of problemLines(p.message, p.errors)) console.error(line);
  process.exitCode = 1;
}
