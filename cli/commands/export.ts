import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { authHeaders, call, problemOf, type ServerOptions, serverUrl } from './http';
import { reportProblem } from './import';

interface ExportOptions extends ServerOptions {
  dialogue: string;
  format: string;
  out?: string;
  indicator?: string;
  reporter?: string;
  from?: string;
  to?: string;
  asOf?: string;
  json?: boolean;
}

const FORMATS = ['csv', 'xlsx', 'sdmx-csv', 'json'];

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'Download published figures of a dialogue (through the API), current or as published on a day',
    )
    .requiredOption('--dialogue <slug>', 'the dialogue')
    .option('--format <format>', `${FORMATS.join(', ')}`, 'csv')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--indicator <code>', 'one indicator')
    .option('--reporter <iso3>', 'one reporting state')
    .option('--from <YYYY-MM>', 'first month')
    .option('--to <YYYY-MM>', 'last month')
    .option('--as-of <YYYY-MM-DD>', 'the figures as published at the end of that day (vintage)')
    .option('--url <url>', 'the server (env PASSAGE_URL, default http://localhost:PORT)')
    .option(
      '--token <token>',
      'API token with observations:read (env PASSAGE_TOKEN); without: public figures only',
    )
    .option('--json', 'the same as --format json')
    .action(async (o: ExportOptions) => {
      const format = o.json ? 'json' : o.format;
      if (!FORMATS.includes(format)) throw new Error(`--format must be one of ${FORMATS.join(', ')}`);
      const query = new URLSearchParams({ format });
      for (const [k, v] of [
        ['indicator', o.indicator],
        ['reporter', o.reporter?.toUpperCase()],
        ['from', o.from],
        ['to', o.to],
        ['asOf', o.asOf],
      ] as const)
        if (v) query.set(k, v);
      if (format === 'json') query.set('limit', '50000');
      const res = await call(
        `${serverUrl(o)}/api/dialogues/${encodeURIComponent(o.dialogue)}/observations?${query}`,
        { headers: authHeaders(o) },
      );
      if (!res.ok || !res.body) return reportProblem(o, await problemOf(res));
      const source = Readable.fromWeb(res.body as Parameters<typeof Readable.fromWeb>[0]);
      await pipeline(source, o.out ? createWriteStream(o.out) : process.stdout);
      if (o.out) console.error(`passage: written to ${o.out}`);
    });
}
