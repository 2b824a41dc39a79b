/**
 * vitest globalSetup. Tests that spawn bin/icc-assistant.js run the compiled CLI in dist/, as users do;
 * so dist/ is rebuilt first when it is missing or older than the sources (`node bin/build.js --if-stale`;
 * after `npm ci` it is up to date and this costs a directory walk). In-process tests import the
 * TypeScript directly.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function buildDist(): void {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'build.js'), '--if-stale'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('`npm run build` failed: the tests that spawn the CLI need dist/');
}
