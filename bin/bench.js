#!/usr/bin/env node
// `npm run bench`: runs the TypeScript bench runner (bench/run.ts) through tsx (a devDependency).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/run.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
