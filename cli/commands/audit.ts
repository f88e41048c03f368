import type { Command } from 'commander';
import type { Db } from '../../src/db/connect';
import {
  type CheckpointSettings,
  checkAuditCheckpoint,
  checkpointSettings,
  writeAuditCheckpoint,
} from '../../src/modules/audit/audit.checkpoint';
import { verifyAuditLog } from '../../src/modules/audit/audit.service';
import { readConfig } from '../../src/shared/config';
import { withDatabase } from './shared';

/**
 * The outcome of `passage audit verify`: the line to print and the exit code. The chain is re-computed
 * entry by entry; then, when checkpoints are given, the table must still hold the last checkpoint's head
 * entry with its hash (the newest entries were not cut off).
 */
export async function runAuditVerify(
  db: Db,
  checkpoints?: CheckpointSettings,
): Promise<{ exitCode: number; message: string }> {
  const r = await verifyAuditLog(db);
  if (!r.ok) {
    return {
      exitCode: 1,
      message: `passage: audit chain broken at entry ${r.brokenId}: ${r.reason} (${r.count - 1} entries before it are intact)`,
    };
  }
  const intact = `passage: ${r.count} entries, chain intact (head ${r.headHash})`;
  if (!checkpoints) return { exitCode: 0, message: intact };
  const c = await checkAuditCheckpoint(db, checkpoints);
  if (c.status === 'failed')
    return { exitCode: 1, message: `passage: audit log truncated or rewritten: ${c.reason}` };
  if (c.status === 'none')
    return {
      exitCode: 0,
      message: `${intact}; no checkpoint yet in ${checkpoints.file} (the newest entries are not covered)`,
    };
  return {
    exitCode: 0,
    message: `${intact}; the checkpoint of ${c.checkpoint.at} (entry ${c.checkpoint.id}) is intact`,
  };
}

/** The outcome of `passage audit checkpoint`. */
export async function runAuditCheckpoint(
  db: Db,
  checkpoints: CheckpointSettings,
): Promise<{ exitCode: number; message: string }> {
  const c = await writeAuditCheckpoint(db, checkpoints);
  return {
    exitCode: 0,
    message: c
      ? `passage: checkpoint of entry ${c.id} (hash ${c.hash}) appended to ${checkpoints.file}`
      : 'passage: nothing new since the last checkpoint',
  };
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('Audit log');
  const settings = () => checkpointSettings(readConfig().dataDir);
  const run = async (fn: (db: Db) => Promise<{ exitCode: number; message: string }>) => {
    const { exitCode, message } = await withDatabase(fn);
    (exitCode === 0 ? console.log : console.error)(message);
    process.exitCode = exitCode;
  };
  audit
    .command('verify')
    .description(
      'Re-compute the hash chain of the audit log and compare its head with the last signed checkpoint; ' +
        'exit 1 naming the first altered or deleted entry, or a truncation after the checkpoint',
    )
    .action(() => run((db) => runAuditVerify(db, settings())));
  audit
    .command('checkpoint')
    .description(
      'Append a signed checkpoint of the chain head to PASSAGE_AUDIT_CHECKPOINT_FILE (the server does it every ' +
        'PASSAGE_AUDIT_CHECKPOINT_MINUTES)',
    )
    .action(() => run((db) => runAuditCheckpoint(db, settings())));
}
