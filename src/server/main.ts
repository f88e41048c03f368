import type { FastifyInstance } from 'fastify';
import { connect, type Db } from '../db/connect';
import { migrate } from '../db/migrate';
import { DEMO_PASSWORD, DEMO_USERS } from '../demo/demo-dialogue';
import { seedDemo } from '../demo/seed-demo';
import { startSchedule } from '../jobs/schedule';
import { startJobWorker } from '../jobs/worker';
import { enqueueMissingForecasts } from '../modules/forecasting/forecasting.service';
import { syncCountries } from '../modules/reference/reference.service';
import type { Config } from '../shared/config';
import { buildApp } from './app';
import { jobHandlers, scheduledJobs } from './jobs';

export interface Running {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, brings the schema and reference data up to date, seeds a fresh one, and listens. */
export async function prepareDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'seedDemo'>,
  log: (msg: string) => void,
): Promise<{ db: Db; seeded: boolean }> {
  const db = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrate(db, log);
    await syncCountries(db);
    const isFresh = applied.includes('0001');
    let seeded = false;
    if (config.seedDemo && isFresh) {
      const r = await seedDemo(db);
      seeded = r.created;
      if (r.created) log(`seeded the demo dialogue (${r.observations} synthetic observations)`);
    }
    return { db, seeded };
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}

export async function startServer(config: Config): Promise<Running> {
  const say = (msg: string) => console.log(`passage: ${msg}`);
  const { db, seeded } = await prepareDatabase(config, say);
  const app = await buildApp({
    db,
    webDir: config.webDir,
    logger: {
      level: config.logLevel,
      ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty' } } : {}),
    },
  });
  await app.listen({ port: config.port, host: config.host });
  // Background jobs (forecasts, …) from the PostgreSQL queue; stopped before the database closes.
  await enqueueMissingForecasts(db); // e.g. the freshly seeded demo, or data from before forecasting existed
  const worker = startJobWorker(db, jobHandlers(), {
    onOutcome: (o) =>
      o.ok
        ? app.log.info({ job: o.name, id: o.id }, 'job done')
        : app.log.error({ job: o.name, id: o.id, error: o.error }, 'job failed'),
    onError: (e) => app.log.error({ err: e }, 'job worker error'),
  });
  // Recurring jobs (the reminders of the reporting calendars, every hour): idempotent, so any server may add them.
  const schedule = startSchedule(db, scheduledJobs(), {
    onEnqueued: () => worker.wake(),
    onError: (e) => app.log.error({ err: e }, 'job schedule error'),
  });
  const url = `http://localhost:${config.port}`;
  say(
    `database: ${db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
  );
  say(`Passage is running at ${url}  (API docs: ${url}/api/docs)`);
  if (seeded || config.seedDemo) {
    say(`demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const u of DEMO_USERS) say(`  ${u.email.padEnd(24)} ${u.role}`);
  }
  return {
    app,
    db,
    url,
    async close() {
      schedule.stop();
      await worker.stop();
      await app.close();
      await db.close();
    },
  };
}
