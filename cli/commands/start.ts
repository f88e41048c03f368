import type { Command } from 'commander';
import { readConfig } from '../../src/shared/config';
import { exitOnStartupError } from './shared';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Start the Passage server (embedded database unless DATABASE_URL is set)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--data-dir <dir>', 'embedded database directory (env PASSAGE_DATA_DIR, default ./data)')
    .action(async (o: { port?: string; dataDir?: string }) => {
      const config = readConfig();
      if (o.port) config.port = Number(o.port);
      if (o.dataDir) config.dataDir = o.dataDir;
      // Loaded on demand: the server pulls in every module, which other commands do not need.
      const { startServer } = await import('../../src/server/main');
      const running = await startServer(config).catch(exitOnStartupError);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
