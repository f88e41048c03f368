import type { Db } from '../src/db/connect';
import { seedDemo } from '../src/demo/seed-demo';
import { buildApp } from '../src/server/app';
import { readConfig } from '../src/shared/config';
import { createPgliteFrom, createTestDb, InMemoryTarball } from './databases';
import { TEST_DEMO_PASSWORD } from './demo-password';

/**
 * Boots the API and the built web app on a random port over a fresh in-memory PGlite with the demo dialogue,
 * whose accounts all use TEST_DEMO_PASSWORD (`demo: false`: an empty install, as a real secretariat starts).
 */
export async function startTestServer(
  opts: { demo?: boolean } = {},
): Promise<{ url: string; db: Db; close(): Promise<void> }> {
  const { db, drop } = opts.demo === false ? await createTestDb('pglite') : await createDemoDb();
  const app = await buildApp({ db, webDir: readConfig().webDir });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    db,
    async close() {
      await app.close();
      await drop();
    },
  };
}

/** The demo seeded once per test worker (test files share a worker's modules), as a dumped data directory. */
let demoTarball: Blob | undefined;

/**
 * A fresh database with the demo dialogue: the first one in a worker is seeded (a few seconds of CPU), the
 * next ones start from its dump, which holds the same data (the seed is deterministic for a given day).
 */
async function createDemoDb(): Promise<{ db: Db; drop(): Promise<void> }> {
  if (demoTarball) return createPgliteFrom(demoTarball);
  const { db } = await createTestDb('pglite');
  await seedDemo(db, { password: TEST_DEMO_PASSWORD });
  if (!db.dumpDataDir) throw new Error('PGlite connection without dumpDataDir');
  // The seed's WAL segments (three, 48 MB of a 100 MB dump) are removed at the checkpoint (connect.ts).
  await db.exec('CHECKPOINT');
  demoTarball = new InMemoryTarball(await (await db.dumpDataDir()).arrayBuffer());
  return { db, drop: () => db.close() };
}
