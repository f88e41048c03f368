import type { Command } from 'commander';
import { syncCountries } from '../../src/modules/reference/reference.service';
import { withDatabase } from './shared';

export function registerSeedDemo(program: Command): void {
  program
    .command('seed-demo')
    .description('Create the demo dialogue with synthetic data (does nothing if it exists)')
    .option('--seed <n>', 'random seed of the generator', '20240101')
    .action(async (o: { seed: string }) => {
      const { seedDemo } = await import('../../src/demo/seed-demo');
      await withDatabase(async (db) => {
        await syncCountries(db);
        const r = await seedDemo(db, { seed: Number(o.seed) });
        console.log(
          r.created
            ? `passage: demo dialogue created with ${r.observations} synthetic observations`
            : 'passage: the demo dialogue exists already; nothing changed',
        );
      });
    });
}
