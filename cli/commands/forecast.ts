import type { Command } from 'commander';
import sql from 'sql-template-tag';
import { withDatabase } from './shared';

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description(
      'Recompute the forecasts of a dialogue now (every indicator × route total and its top-10 citizenships, with backtests) and print a summary',
    )
    .option('--dialogue <slug>', 'dialogue slug (default: every dialogue)')
    .addHelpText(
      'after',
      '\nRuns synchronously as the database owner, like the background job "forecast.refresh" that publication\nqueues. See docs/forecasting.md.',
    )
    .action(async (o: { dialogue?: string }) => {
      const { refreshForecasts } = await import('../../src/modules/forecasting/forecasting.service');
      await withDatabase(async (db) => {
        const dialogues = await db.query<{ id: number; slug: string }>(
          o.dialogue
            ? sql`SELECT id, slug FROM dialogues WHERE slug = ${o.dialogue}`
            : sql`SELECT id, slug FROM dialogues ORDER BY slug`,
        );
        if (!dialogues.length) {
          console.error(
            o.dialogue ? `passage: no dialogue "${o.dialogue}"` : 'passage: there is no dialogue yet',
          );
          process.exitCode = 1;
          return;
        }
        for (const d of dialogues) {
          const r = await refreshForecasts(db, d.id);
          const chosen = Object.entries(r.chosen)
            .sort((a, b) => b[1] - a[1])
            .map(([m, n]) => `${m} ${n}`)
            .join(', ');
          console.log(
            `passage: ${d.slug}: ${r.series} series, ${r.ok} forecast, ${r.tooShort} too short, ${r.allZero} all zero, ${r.failed} failed in ${r.seconds.toFixed(1)} s${chosen ? `; chosen models: ${chosen}` : ''}`,
          );
        }
      });
    });
}
