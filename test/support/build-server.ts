/**
 * Vitest globalSetup of the projects that start the standalone server: builds out/server once per run,
 * so tests always run the CLI users get from `npm run server`, never a stale build.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './server-process';

export default function buildServer(): void {
  const result = spawnSync(process.execPath, ['scripts/build-server.mjs'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('npm run build:server failed; see above.');
}
