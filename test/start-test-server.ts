import type { Db } from '../src/db/connect';
import { seedDemo } from '../src/demo/seed-demo';
import { buildApp } from '../src/server/app';
import { readConfig } from '../src/shared/config';
import { createTestDb } from './databases';
import { TEST_DEMO_PASSWORD } from './demo-password';

/**
 * Boots the API and the built web app on a random port over a fresh in-memory PGlite with the demo dialogue,
 * whose accounts all use TEST_DEMO_PASSWORD (`demo: false`: an empty install, as a real secretariat starts).
 */
export async function startTestServer(
  opts: { demo?: boolean } = {},
): Promise<{ url: string; db: Db; close(): Promise<void> }> {
  const { db } = await createTestDb('pglite');
  if (opts.demo !== false) await seedDemo(db, { password: TEST_DEMO_PASSWORD });
  const app = await buildApp({ db, webDir: readConfig().webDir });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
