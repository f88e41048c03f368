import { connect, connectOptionsOf, DatabaseStartupError, type Db } from '../../src/db/connect';
import { migrate } from '../../src/db/migrate';
import { readConfig } from '../../src/shared/config';

/** Start-up problems get one clear line and a non-zero exit code, not a stack trace. */
export function exitOnStartupError(e: unknown): never {
  if (e instanceof DatabaseStartupError) {
    console.error(`passage: ${e.message}`);
  } else if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`passage: port already in use (${(e as Error).message}). Set PORT to a free port.`);
  } else {
    console.error(`passage: could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  process.exit(1);
}

/** Opens the configured database with the schema up to date, runs fn, closes. */
export async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = readConfig();
  const db = await connect(connectOptionsOf(config)).catch(exitOnStartupError);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}
