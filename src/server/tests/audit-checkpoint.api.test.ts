/**
 * Deleting the newest audit entries leaves an intact, shorter chain: the signed checkpoint outside the table
 * (src/modules/audit/audit.checkpoint.ts) makes `passage audit verify` notice (issue 13, item 13).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditCheckpoint, runAuditVerify } from '../../../cli/commands/audit';
import { createTestDb, type TestDb, testDatabases } from '../../../test/databases';
import {
  type CheckpointSettings,
  checkpointSettings,
  writeAuditCheckpoint,
} from '../../modules/audit/audit.checkpoint';
import { recordAuditNow } from '../../modules/audit/audit.service';
import { startAuditCheckpoints } from '../audit-checkpoints';

const dirs: string[] = [];
function settings(env: NodeJS.ProcessEnv = {}): CheckpointSettings {
  const dir = mkdtempSync(join(tmpdir(), 'passage-audit-'));
  dirs.push(dir);
  return checkpointSettings(dir, env);
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const bypassTrigger = (script: string) =>
  `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; ${script}; ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;`;

describe.each(testDatabases())('audit checkpoints [%s]', (kind) => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb(kind);
  });
  afterAll(() => tdb?.drop());
  /** A fresh log of n entries in the shared test database (emptied behind its triggers first). */
  async function chainOf(n: number) {
    await tdb.db.exec(
      'ALTER TABLE audit_log DISABLE TRIGGER USER; TRUNCATE audit_log; ALTER TABLE audit_log ENABLE TRIGGER USER;',
    );
    const ids: number[] = [];
    for (let i = 0; i < n; i++)
      ids.push((await recordAuditNow(tdb.db, null, 'test.entry', { type: 'n', id: i }, { i })).id);
    return { db: tdb.db, ids };
  }

  it('passes with an intact checkpoint, also when entries were added after it', async () => {
    const c = await chainOf(3);
    const s = settings();
    expect((await runAuditVerify(c.db, s)).message).toContain('no checkpoint yet');
    expect(await runAuditCheckpoint(c.db, s)).toEqual({
      exitCode: 0,
      message: expect.stringContaining(`checkpoint of entry ${c.ids[2]}`),
    });
    expect((await runAuditCheckpoint(c.db, s)).message).toContain('nothing new');
    await recordAuditNow(c.db, null, 'test.later');
    const r = await runAuditVerify(c.db, s);
    expect(r).toEqual({ exitCode: 0, message: expect.stringMatching(/^passage: 4 entries, chain intact/) });
    expect(r.message).toContain(`(entry ${c.ids[2]}) is intact`);
  });

  it('reports the deletion of the newest entries after a checkpoint, with exit code 1', async () => {
    const c = await chainOf(5);
    const s = settings();
    await runAuditCheckpoint(c.db, s);
    await c.db.exec(bypassTrigger(`DELETE FROM audit_log WHERE id >= ${c.ids[3]}`));
    // The shorter chain is intact: only the checkpoint shows what is missing.
    expect((await runAuditVerify(c.db)).exitCode).toBe(0);
    const r = await runAuditVerify(c.db, s);
    expect(r.exitCode).toBe(1);
    expect(r.message).toContain(`entry ${c.ids[4]}`);
    expect(r.message).toContain(`newest entry is now ${c.ids[2]}`);
    expect(r.message).toContain('deleted');
    // New entries written after the deletion do not hide it.
    await recordAuditNow(c.db, null, 'test.cover_up');
    expect((await runAuditVerify(c.db, s)).exitCode).toBe(1);
  });

  it('refuses a checkpoint file that was altered, or signed with another key', async () => {
    const c = await chainOf(2);
    const s = settings();
    await runAuditCheckpoint(c.db, s);
    const line = JSON.parse(readFileSync(s.file, 'utf8').trim()) as Record<string, unknown>;
    writeFileSync(s.file, `${JSON.stringify({ ...line, id: c.ids[0] })}\n`);
    const altered = await runAuditVerify(c.db, s);
    expect(altered.exitCode).toBe(1);
    expect(altered.message).toContain('wrong signature');
    const withEnvKey = { ...s, key: 'an operator key from a secret store' };
    writeFileSync(s.file, '');
    await runAuditCheckpoint(c.db, withEnvKey);
    expect((await runAuditVerify(c.db, withEnvKey)).exitCode).toBe(0);
    expect((await runAuditVerify(c.db, { ...withEnvKey, key: 'another key' })).message).toContain(
      'wrong signature',
    );
  });

  it('the server writes checkpoints periodically to the file and to its log', async () => {
    const c = await chainOf(1);
    const s = settings();
    const lines: unknown[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const running = startAuditCheckpoints(c.db, s, { intervalMs: 50, log });
    const lineCount = () => (existsSync(s.file) ? readFileSync(s.file, 'utf8').trim().split('\n').length : 0);
    try {
      await expect.poll(lineCount, { timeout: 10_000 }).toBe(1); // written at start
      await recordAuditNow(c.db, null, 'test.more');
      await expect.poll(lineCount, { timeout: 10_000 }).toBe(2); // the head moved: the next tick writes it
      await running.stop();
      expect(lines).toContainEqual(
        expect.objectContaining({
          msg: 'audit checkpoint',
          auditCheckpoint: expect.objectContaining({ id: c.ids[0] }),
        }),
      );
      const last = await writeAuditCheckpoint(c.db, s);
      expect(last).toBeNull(); // stop() wrote the head already
      expect((await runAuditVerify(c.db, s)).exitCode).toBe(0);
    } finally {
      await running.stop();
    }
  });
});
