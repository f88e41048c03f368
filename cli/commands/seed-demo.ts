import type { Command } from 'commander';
import { syncCountries } from '../../src/modules/reference/reference.service';
import { readConfig } from '../../src/shared/config';
import { withDatabase } from './shared';

export function registerSeedDemo(program: Command): void {
  program
    .command('seed-demo')
    .description(
      "Create the demo dialogue with synthetic data (does nothing if it exists); prints each demo account's random password once (PASSAGE_DEMO_PASSWORD: one given password for all, for tests)",
    )
    .option('--seed <n>', 'random seed of the generator', '20240101')
    .action(async (o: { seed: string }) => {
      const { seedDemo } = await import('../../src/demo/seed-demo');
      await withDatabase(async (db) => {
        await syncCountries(db);
        const password = readConfig().demoPassword;
        const r = await seedDemo(db, { seed: Number(o.seed), ...(password ? { password } : {}) });
        console.log(
          r.created
            ? `passage: demo dialogue created with ${r.observations} synthetic observations`
            : 'passage: the demo dialogue exists already; nothing changed',
        );
        if (r.created && !password) {
          // Only the hashes are stored: this is the one time the passwords can be shown.
          console.log('passage: demo accounts, with passwords shown this once:');
          for (const a of r.accounts)
            console.log(`passage:   ${a.email.padEnd(24)} ${a.role.padEnd(14)} ${a.password}`);
        }
      });
    });
}
