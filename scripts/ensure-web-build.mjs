// Builds the web app once if it has not been built (so `npm ci && npm start` works on a clean clone).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('web/dist/index.html') && existsSync('web/vite.config.ts')) {
  console.log('passage: building the web app (first start only)…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
