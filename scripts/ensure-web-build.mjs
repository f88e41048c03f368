// Builds the web app once if it has not been built (so `npm ci && npm start` works on a clean clone).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('web/dist/index.html') && existsSync('web/vite.config.ts')) {
  if (!existsSync('node_modules/vite')) {
    // A production install (npm ci --omit=dev) has no Vite: the app must have been built before pruning.
    console.error(
      'passage: web/dist is missing; build it with "npm run build:web" before "npm ci --omit=dev"',
    );
    process.exit(1);
  }
  console.log('passage: building the web app (first start only)…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
