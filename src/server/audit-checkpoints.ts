import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/connect';
import { type CheckpointSettings, writeAuditCheckpoint } from '../modules/audit/audit.checkpoint';

/** PASSAGE_AUDIT_CHECKPOINT_MINUTES (default 5; 0 turns the periodic checkpoint off). */
export function checkpointIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const minutes = Number(env.PASSAGE_AUDIT_CHECKPOINT_MINUTES ?? 5);
  return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 0;
}

/**
 * Writes a checkpoint of the audit chain's head at start, every interval while the server runs (only when the
 * log has grown), and once more when it stops, to the checkpoint file and to the server log
 * (src/modules/audit/audit.checkpoint.ts). A failure is logged and retried at the next tick.
 */
export function startAuditCheckpoints(
  db: Db,
  settings: CheckpointSettings,
  opts: { intervalMs: number; log: FastifyBaseLogger },
): { stop(): Promise<void> } {
  if (opts.intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running
      .then(() =>
        writeAuditCheckpoint(db, settings, (checkpoint) =>
          opts.log.info({ auditCheckpoint: checkpoint }, 'audit checkpoint'),
        ),
      )
      .catch((e: unknown) => opts.log.error({ err: e }, 'could not write an audit checkpoint'));
    return running;
  };
  void tick();
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await tick();
    },
  };
}
