/**
 * The installation's Prometheus metrics (prom-client), one registry per app so that several apps in one
 * process (the tests) do not share counters. Request latency is observed by the server's onResponse hook
 * (src/server/app.ts) per method, route template and status class; job queue depth and failures are read
 * from the jobs table at each scrape (they are shared by every server on the database, so each server reports
 * the same numbers: aggregate with max, not sum); the native PostgreSQL pool reports its connections; the
 * process metrics of prom-client (CPU, memory, event-loop delay, handles) start with the first scrape.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../../db/connect';
import { countJobsByStatus, oldestDueJobWait } from './operations.sql';

/** Seconds: from a cached 1 ms answer to a 30 s export. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class PassageMetrics {
  readonly registry = new Registry();
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  private hasProcessMetrics = false;

  constructor(private readonly db: Db) {
    this.requestSeconds = new Histogram({
      name: 'passage_http_request_duration_seconds',
      help: 'Time from request to response, by method, route template and status class (2xx, 4xx …)',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    const jobs: Gauge<'status'> = new Gauge({
      name: 'passage_jobs',
      help: 'Background jobs in the queue table by status (done and failed accumulate)',
      labelNames: ['status'],
      registers: [this.registry],
      collect: async (): Promise<void> => {
        jobs.reset();
        for (const s of ['queued', 'running', 'done', 'failed'] as const) jobs.set({ status: s }, 0);
        for (const row of await countJobsByStatus(this.db)) jobs.set({ status: row.status }, row.jobs);
      },
    });
    const wait: Gauge = new Gauge({
      name: 'passage_jobs_oldest_due_wait_seconds',
      help: 'How long the longest-waiting due job has waited (a growing value: no worker is taking jobs)',
      registers: [this.registry],
      collect: async (): Promise<void> => {
        wait.set(await oldestDueJobWait(this.db));
      },
    });
    const pool = this.db.poolStats;
    if (pool) {
      const connections: Gauge<'state'> = new Gauge({
        name: 'passage_db_pool_connections',
        help: 'Native PostgreSQL connections of this server by state (waiting: requests queued for one)',
        labelNames: ['state'],
        registers: [this.registry],
        collect: (): void => {
          const s = pool();
          connections.set({ state: 'total' }, s.total);
          connections.set({ state: 'idle' }, s.idle);
          connections.set({ state: 'waiting' }, s.waiting);
        },
      });
    }
    const replica = this.db.replicaStatus;
    if (replica) this.replicaMetrics(replica);
  }

  /** The read replica's lag, whether reads may go there, and the reads each side served (DATABASE_READ_URL). */
  private replicaMetrics(status: NonNullable<Db['replicaStatus']>): void {
    const lag: Gauge = new Gauge({
      name: 'passage_db_replica_lag_seconds',
      help: 'How long the primary has held WAL the read replica has not replayed (-1: replica not reached)',
      registers: [this.registry],
      collect: (): void => {
        lag.set(status().lagSeconds ?? -1);
      },
    });
    const usable: Gauge = new Gauge({
      name: 'passage_db_replica_usable',
      help: '1 while reads may go to the read replica (reached, a standby, within the lag bound), else 0',
      registers: [this.registry],
      collect: (): void => {
        usable.set(status().state === 'streaming' ? 1 : 0);
      },
    });
    const reads: Counter<'target'> = new Counter({
      name: 'passage_db_reads_total',
      help: 'Read-only use cases (dashboards, public data, search) run by this server, by where they ran',
      labelNames: ['target'],
      registers: [this.registry],
      collect: (): void => {
        const s = status().reads;
        reads.reset();
        reads.inc({ target: 'replica' }, s.replica);
        reads.inc({ target: 'primary' }, s.primary);
      },
    });
  }

  /** One answered request. `route` is the template Fastify matched, or `unmatched` (never the raw URL). */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.requestSeconds.observe(
      { method, route: route ?? 'unmatched', status: `${Math.floor(statusCode / 100)}xx` },
      seconds,
    );
  }

  /** The text exposition format Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    if (!this.hasProcessMetrics) {
      collectDefaultMetrics({ register: this.registry, prefix: 'passage_' });
      this.hasProcessMetrics = true;
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
