import type { Command } from 'commander';
import { connect, connectOptionsOf } from '../../src/db/connect';
import { migrate } from '../../src/db/migrate';
import { syncCountries } from '../../src/modules/reference/reference.service';
import { readConfig } from '../../src/shared/config';
import { exitOnStartupError } from './shared';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending SQL migrations and refresh reference data, then exit')
    .action(async () => {
      const config = readConfig();
      const db = await connect(connectOptionsOf(config)).catch(exitOnStartupError);
      try {
        const applied = await migrate(db, (m) => console.log(`passage: ${m}`));
        const n = await syncCountries(db);
        console.log(`passage: ${applied.length} migration(s) applied; ${n} countries in reference data`);
      } finally {
        await db.close();
      }
    });
}
