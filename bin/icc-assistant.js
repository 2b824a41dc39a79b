#!/usr/bin/env node
// Runs the TypeScript sources with no build step: bin/load-cli.js bundles them once per source change
// (or falls back to tsx), so a fresh clone works after `npm install`.
import { loadCli } from './load-cli.js';

const { main } = await loadCli();
const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
