/**
 * Run by xlsx-bombs.api.test.ts in a child process with a small heap (node --max-old-space-size=…): imports one
 * XLSX file into a fresh in-memory database through the importer's own code path and prints one JSON line with
 * the outcome and the memory it took. A reader that keeps a bomb's content in memory dies of "Reached heap
 * limit" here instead of taking the test runner down. Arguments: the repository root (so the same script can
 * be pointed at another checkout), the file, and optionally the run's migrated template database (the test
 * suite's tarball, test/templates.ts) to start from instead of running initdb and the migrations.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import sql from 'sql-template-tag';

const [root, file, template] = process.argv.slice(2);
if (!root || !file)
  throw new Error('usage: xlsx-import-child.ts <repository root> <file.xlsx> [template.tar]');
const at = (p: string) => pathToFileURL(`${root}/${p}`).href;

const { connect } = await import(at('src/db/connect.ts'));
const { migrate } = await import(at('src/db/migrate.ts'));
const { syncCountries } = await import(at('src/modules/reference/reference.service.ts'));
const { makeDialogue } = await import(at('test/factories.ts'));
const { makeIndicators } = await import(at('test/exchange-world.ts'));
const { importObservationsCsvFile } = await import(at('src/modules/observations/observations.import.ts'));

const db = template
  ? await connect({ loadDataDir: new Blob([readFileSync(template)]), sharedBuffers: '16MB' })
  : await connect({});
if (!template) {
  await migrate(db);
  await syncCountries(db);
}
const d = await makeDialogue(db, { states: ['ITA'] });
await makeIndicators(db, d.id, d.secretariatOrgId);

let heapPeak = 0;
const sample = () => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
};
const timer = setInterval(sample, 10);
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
let result: Record<string, unknown>;
try {
  const r = await importObservationsCsvFile(db, 'system', {
    slug: d.slug,
    path: file,
    reporter: 'ITA',
    format: 'xlsx',
  });
  result = { outcome: 'imported', observations: r.observations };
} catch (e) {
  // An AppError (code, status, extra) or any other Error: read what is there.
  const err = e as { code?: string; status?: number; extra?: { limit?: string }; message?: string };
  result = {
    outcome: 'refused',
    code: err.code,
    status: err.status,
    limit: err.extra?.limit,
    message: err.message,
  };
}
clearInterval(timer);
sample();
const mb = (n: number) => Math.round(n / 1024 / 1024);
const rows: { n: number }[] = await db.query(sql`SELECT count(*)::int AS n FROM observations`);
process.stdout.write(
  `${JSON.stringify({
    ...result,
    observationsInDatabase: rows[0]?.n,
    heapBeforeMb: mb(heapBefore),
    heapPeakMb: mb(heapPeak),
    rssBeforeMb: mb(rssBefore),
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
  })}\n`,
);
await db.close();
