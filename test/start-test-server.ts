import { connect, type Db } from '../src/db/connect';
import { migrate } from '../src/db/migrate';
import { seedDemo } from '../src/demo/seed-demo';
import { syncCountries } from '../src/modules/reference/reference.service';
import { buildApp } from '../src/server/app';
import { readConfig } from '../src/server/config';

/**
 * Boots the API and the built web app on a random port over a fresh in-memory PGlite with the demo dialogue
 * (`demo: false`: an empty install, as a real secretariat starts).
 */
export async function startTestServer(
  opts: { demo?: boolean } = {},
): Promise<{ url: string; db: Db; close(): Promise<void> }> {
  const db = await connect({});
  await migrate(db);
  await syncCountries(db);
  if (opts.demo !== false) await seedDemo(db);
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
