import type { Command } from 'commander';
import type { Db } from '../../src/db/connect';
import { verifyAuditLog } from '../../src/modules/audit/audit.service';
import { withDatabase } from './shared';

/** The outcome of `passage audit verify`: the line to print and the exit code. */
export async function runAuditVerify(db: Db): Promise<{ exitCode: number; message: string }> {
  const r = await verifyAuditLog(db);
  if (r.ok) {
    return { exitCode: 0, message: `passage: ${r.count} entries, chain intact (head ${r.headHash})` };
  }
  return {
    exitCode: 1,
    message: `passage: audit chain broken at entry ${r.brokenId}: ${r.reason} (${r.count - 1} entries before it are intact)`,
  };
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('Audit log');
  audit
    .command('verify')
    .description(
      'Re-compute the hash chain of the audit log; exit 1 naming the first altered or deleted entry',
    )
    .action(async () => {
      const { exitCode, message } = await withDatabase(runAuditVerify);
      (exitCode === 0 ? console.log : console.error)(message);
      process.exitCode = exitCode;
    });
}
