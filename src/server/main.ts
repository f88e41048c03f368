import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import sql from 'sql-template-tag';
import { connect, connectOptionsOf, type Db } from '../db/connect';
import { migrate } from '../db/migrate';
import type { ReplicaOptions } from '../db/read-replica';
import { DEMO_SLUG, DEMO_USERS } from '../demo/demo-dialogue';
import type { DemoCredentials } from '../demo/demo-passwords';
import { seedDemo } from '../demo/seed-demo';
import { readInboundMailConfig } from '../domain/notices/inbound-mail';
import { readLeaseOptions } from '../jobs/queue';
import { startSchedule } from '../jobs/schedule';
import { startJobWorker } from '../jobs/worker';
import { checkpointSettings } from '../modules/audit/audit.checkpoint';
import { enqueueMissingForecasts } from '../modules/forecasting/forecasting.service';
import { type InboundSmtp, startInboundSmtp } from '../modules/notices/notices.inbound-smtp';
import { syncCountries } from '../modules/reference/reference.service';
import { readReportRenderingLimits } from '../modules/reports/reports.pdf';
import { setupBanner } from '../modules/setup/setup.service';
import type { Config } from '../shared/config';
import { readOutboundPolicy } from '../shared/outbound-url';
import { buildApp } from './app';
import { checkpointIntervalMs, startAuditCheckpoints } from './audit-checkpoints';
import { jobHandlers, scheduledJobs } from './jobs';
import { browserUrl, listenHost, startupBanner } from './startup-banner';

export interface Running {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

export interface PreparedDatabase {
  db: Db;
  seeded: boolean;
  /** Demo accounts created now, with their passwords (shown once; only hashes are stored). */
  accounts: DemoCredentials[];
  /** The database holds the demo dialogue (seeded now or before). */
  hasDemo: boolean;
}

/** Opens the database, brings the schema and reference data up to date, and seeds a fresh one. */
export async function prepareDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'seedDemo'> & {
    demoPassword?: string | undefined;
    pgliteSharedBuffers?: string | undefined;
    /** The server's read replica (DATABASE_READ_URL); the CLI's commands connect without one. */
    readReplica?: ReplicaOptions | undefined;
  },
  log: (msg: string) => void,
): Promise<PreparedDatabase> {
  const db = await connect({ ...connectOptionsOf(config), readReplica: config.readReplica });
  try {
    const applied = await migrate(db, log);
    await syncCountries(db);
    const isFresh = applied.includes('0001');
    let seeded = false;
    let accounts: DemoCredentials[] = [];
    if (config.seedDemo && isFresh) {
      const r = await seedDemo(db, config.demoPassword ? { password: config.demoPassword } : {});
      seeded = r.created;
      accounts = r.accounts;
      if (r.created) log(`seeded the demo dialogue (${r.observations} synthetic observations)`);
    }
    const [demo] = await db.query<{ is_present: boolean }>(
      sql`SELECT EXISTS (SELECT 1 FROM dialogues WHERE slug = ${DEMO_SLUG}) AS is_present`,
    );
    return { db, seeded, accounts, hasDemo: demo?.is_present === true };
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}

export async function startServer(config: Config): Promise<Running> {
  const say = (msg: string) => console.log(`passage: ${msg}`);
  // Settings read where they are used: read them once here, so a typo stops the start, not a later webhook.
  readOutboundPolicy();
  readLeaseOptions();
  readReportRenderingLimits();
  const inbound = readInboundMailConfig();
  const { db, accounts, hasDemo } = await prepareDatabase(config, say);
  const app = await buildApp({
    db,
    webDir: config.webDir,
    responseCache: config.responseCache,
    logger: {
      level: config.logLevel,
      ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty' } } : {}),
    },
  });
  const host = listenHost(config.host, hasDemo);
  await app.listen({ port: config.port, host });
  // Background jobs (forecasts, …) from the PostgreSQL queue; stopped before the database closes.
  await enqueueMissingForecasts(db); // e.g. the freshly seeded demo, or data from before forecasting existed
  const worker = startJobWorker(db, jobHandlers(), {
    onStart: (job) => app.log.info({ job: job.name, id: job.id }, 'job started'),
    onOutcome: (o) =>
      o.ok
        ? app.log.info({ job: o.name, id: o.id }, 'job done')
        : o.released
          ? app.log.info({ job: o.name, id: o.id }, 'job released for another run')
          : app.log.error({ job: o.name, id: o.id, error: o.error }, 'job failed'),
    onError: (e) => app.log.error({ err: e }, 'job worker error'),
  });
  // Recurring jobs (the reminders of the reporting calendars, every hour): idempotent, so any server may add them.
  const schedule = startSchedule(db, scheduledJobs(), {
    onEnqueued: () => worker.wake(),
    onError: (e) => app.log.error({ err: e }, 'job schedule error'),
  });
  // The audit chain's head, signed, outside the database: `passage audit verify` then detects truncation.
  const checkpoints = startAuditCheckpoints(db, checkpointSettings(config.dataDir), {
    intervalMs: checkpointIntervalMs(),
    log: app.log,
  });
  // The inbound e-mail address of the notices (PASSAGE_INBOUND_SMTP_PORT; off by default).
  let inboundSmtp: InboundSmtp | null = null;
  if (inbound.smtpPort !== undefined) {
    inboundSmtp = await startInboundSmtp(db, app.log, inbound);
    say(
      `inbound e-mail for notices on smtp://${inbound.smtpHost}:${inboundSmtp.port} (notices+<slug>@${inbound.domain})`,
    );
  }
  const url = browserUrl(host, (app.server.address() as AddressInfo).port); // listening on TCP: an AddressInfo
  const lines = startupBanner({
    url,
    database: db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)',
    host,
    isHostConfigured: config.host !== undefined,
    hasDemo,
    seeded: accounts,
    isDemoPasswordFixed: config.demoPassword !== undefined,
    demoUsers: DEMO_USERS,
    require2faRoles: config.identity.require2faRoles,
  });
  // No administrator yet (no demo, or a production database): a one-time set-up link (src/modules/setup).
  // Computed before anything is printed: whoever waits for the banner may signal the process right after it.
  const setupLines = await setupBanner(db, config.mail.publicUrl ?? url);
  for (const line of [...lines, ...setupLines]) say(line);
  return {
    app,
    db,
    url,
    async close() {
      // Stop taking requests and jobs together: in-flight requests finish, a running job is released.
      schedule.stop();
      await Promise.all([worker.stop(), app.close(), inboundSmtp?.close()]);
      await checkpoints.stop();
      await db.close();
    },
  };
}
