#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build`; `npm install` builds it through `prepare`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENTRY, ROOT, builtAt, changedSince } from './dist.js';

const at = builtAt();
if (at === undefined || !existsSync(ENTRY)) {
  process.stderr.write('icc-assistant: dist/ is not built: run `npm run build` (npm install runs it too)\n');
  process.exit(1);
}
// In a checkout, say when the sources changed after the build, rather than silently running old code.
const changed = existsSync(join(ROOT, 'src')) ? changedSince(at) : undefined;
if (changed) process.stderr.write(`icc-assistant: ${changed} changed after dist/ was built: run \`npm run build\` to run the change\n`);
// Stack traces name the .ts files (tsconfig.build.json writes source maps).
process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(ENTRY).href);
const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
