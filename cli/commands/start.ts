import type { Command } from 'commander';
import { readConfig } from '../../src/shared/config';
import { exitOnStartupError } from './shared';

/** Longest a shutdown may take (jobs get 5 s of it, see src/jobs/worker.ts) before the process exits anyway. */
const STOP_TIMEOUT_MS = 15_000;

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
      // The handlers come first: the banner is printed inside startServer, and whoever waits for it may
      // signal the process before startServer has returned; the stop then waits for the start to finish.
      const running = startServer(config).catch(exitOnStartupError);
      let isStopping = false;
      const stop = async (signal: NodeJS.Signals) => {
        // A second signal, or a close that hangs (a request that never ends), must not keep the process alive.
        if (isStopping) process.exit(1);
        isStopping = true;
        console.log(`passage: ${signal}: stopping (a running job goes back to the queue)`);
        setTimeout(() => {
          console.error(`passage: still stopping after ${STOP_TIMEOUT_MS / 1000} s; exiting anyway`);
          process.exit(1);
        }, STOP_TIMEOUT_MS).unref();
        await (await running).close();
        console.log('passage: stopped');
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
