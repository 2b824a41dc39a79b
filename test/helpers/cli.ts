/** Runs the real `icc-assistant` bin in a child process. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './app.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { input?: string; env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'icc-assistant.js'), ...args], {
      cwd: opts.cwd ?? ROOT,
      // A variable given as undefined is left out of the child's environment.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', STORE_URL: 'memory://', LOG_LEVEL: 'warn', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI timed out: ${args.join(' ')}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** `icc-assistant` in this process, for checks that need no separate process (usage errors, JSON output). */
export async function runCliInProcess(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { PassThrough } = await import('node:stream');
  const { main } = await import('../../src/cli.js');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d) => (o += d));
  stderr.on('data', (d) => (e += d));
  const code = await main(args, { stdin: new PassThrough(), stdout, stderr, env: { STORE_URL: 'memory://', LOG_LEVEL: 'silent', ...env }, cwd: ROOT });
  await new Promise((r) => setImmediate(r));
  return { code, stdout: o, stderr: e };
}
