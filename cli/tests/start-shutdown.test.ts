import sql from 'sql-template-tag';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases';
import { emptyDatabase, type Server, startServer } from '../../test/server-process';

/** How long SIGTERM may take before the test fails (the worker's grace period is 5 s). */
const STOP_BOUND_MS = 20_000;

/** Resolves with the exit code, or fails when the process is still alive after `ms`. */
function exitWithin(s: Server, ms: number): Promise<number | null> {
  return Promise.race([
    s.exited,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`still running ${ms} ms after SIGTERM:\n${s.output().slice(-2000)}`)),
        ms,
      ),
    ),
  ]);
}

const PASSWORD_LINE = /^passage: {3}(\S+@demo\.passage) +(\w+) +([a-z2-9]{4}(?:-[a-z2-9]{4}){3})$/gm;

describe.each(testDatabases())('passage start [%s]', (kind) => {
  const started: Server[] = [];
  afterEach(() => {
    for (const s of started)
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  });

  it('demo on loopback with one-time random passwords; SIGTERM during a forecast job stops within seconds and releases the job', {
    timeout: 400_000,
  }, async () => {
    const database = await emptyDatabase(kind);
    try {
      const first = startServer(database.env);
      started.push(first);
      const [, port] = await first.waitFor(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/, 240_000);
      await first.waitFor(/two-factor authentication: required for admin, data_manager/, 10_000);
      // The enrolment hint is the banner's next line; it may arrive in a later chunk of output.
      await first.waitFor(/scan the QR code with an/, 10_000);
      const banner = first.output();
      expect(banner).toContain('listening on 127.0.0.1 only: the database holds the demo dialogue');
      expect(banner).toContain('scan the QR code with an');
      expect(banner).not.toContain('passage-demo');
      const accounts = [...banner.matchAll(PASSWORD_LINE)].map((m) => ({ email: m[1]!, password: m[3]! }));
      expect(accounts.map((a) => a.email)).toContain('viewer@demo.passage');
      const viewer = accounts.find((a) => a.email === 'viewer@demo.passage')!;
      const login = (password: string) =>
        fetch(`http://127.0.0.1:${port}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: viewer.email, password }),
        });
      expect((await login(viewer.password)).status).toBe(200);
      expect((await login('passage-demo')).status).toBe(401);

      await first.waitFor(/"job":"forecast\.refresh".*"msg":"job started"/, 60_000);
      const t0 = performance.now();
      first.child.kill('SIGTERM');
      expect(await exitWithin(first, STOP_BOUND_MS)).toBe(0);
      console.log(`passage start [${kind}]: SIGTERM to exit ${Math.round(performance.now() - t0)} ms`);
      expect(first.output()).toContain('job released for another run');

      const db = await database.open();
      try {
        const jobs = await db.query<{ status: string; attempts: number; locked_at: Date | null }>(
          sql`SELECT status, attempts, locked_at FROM jobs WHERE name = 'forecast.refresh'`,
        );
        expect(jobs).toHaveLength(1);
        expect(['queued', 'done']).toContain(jobs[0]!.status);
        if (jobs[0]!.status === 'queued') expect(jobs[0]).toMatchObject({ attempts: 0, locked_at: null });
      } finally {
        await db.close();
      }

      // A restart seeds nothing and shows no password: only the hashes exist.
      const second = startServer(database.env);
      started.push(second);
      await second.waitFor(/two-factor authentication: required/, 120_000);
      expect(second.output()).toContain('their passwords were printed when the demo was seeded');
      expect([...second.output().matchAll(PASSWORD_LINE)]).toEqual([]);
      second.child.kill('SIGTERM');
      expect(await exitWithin(second, STOP_BOUND_MS)).toBe(0);
    } finally {
      await database.drop();
    }
  });
});
