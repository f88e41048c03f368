#!/usr/bin/env -S npx tsx
import { Command } from 'commander';
import { registerAudit } from './commands/audit';
import { registerForecast } from './commands/forecast';
import { registerMigrate } from './commands/migrate';
import { registerSeedDemo } from './commands/seed-demo';
import { registerStart } from './commands/start';
import { registerUser } from './commands/user';

const program = new Command()
  .name('passage')
  .description('Passage: information exchange for intergovernmental migration dialogues')
  .showHelpAfterError();

registerStart(program);
registerMigrate(program);
registerSeedDemo(program);
registerUser(program);
registerAudit(program);
registerForecast(program);

program.parseAsync().catch((e: unknown) => {
  console.error(`passage: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
