// Runs src/cli.ts unbundled (through tsx) so a CPU profile names source files and lines; used by bench/profile/run.ts.
import { main } from '../../src/cli.js';

process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
