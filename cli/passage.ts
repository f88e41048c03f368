#!/usr/bin/env -S npx tsx
import { Command } from 'commander';
import { registerAudit } from './commands/audit';
import { registerBackup } from './commands/backup';
import { registerDialogue } from './commands/dialogue';
import { registerExport } from './commands/export';
import { registerForecast } from './commands/forecast';
import { registerImport } from './commands/import';
import { registerMember } from './commands/member';
import { registerMigrate } from './commands/migrate';
import { registerSeedDemo } from './commands/seed-demo';
import { registerSetup } from './commands/setup';
import { registerStart } from './commands/start';
import { registerUser } from './commands/user';

const program = new Command()
  .name('passage')
  .description('Passage: information exchange for intergovernmental migration dialogues')
  .showHelpAfterError();

registerStart(program);
registerMigrate(program);
registerSetup(program);
registerSeedDemo(program);
registerDialogue(program);
registerMember(program);
registerUser(program);
registerAudit(program);
registerForecast(program);
registerImport(program);
registerExport(program);
registerBackup(program);

program.parseAsync().catch((e: unknown) => {
  console.error(`passage: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
