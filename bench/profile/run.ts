/**
 * `npm run bench:profile -- slack|teams [seconds]`: runs our real `serve` (sources through tsx, so
 * frames name src/ files) under the end-to-end load of `npm run bench` with `--cpu-prof`, then prints
 * the load figures and a summary of the profile (bench/profile/summary.ts). The profile is kept under
 * bench/results/profiles/ for Chrome DevTools or speedscope. For finding where time goes, not for
 * published figures (the profiler itself costs ~10%).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTIONS, serveEnv, startFake, waitForPort } from '../lib/e2e.js';
import type { LoadInput, LoadResult } from '../lib/loadgen.js';
import { freePort, minimalEnv, runWorker, stop, waitFor200 } from '../lib/proc.js';
import { summarize } from './summary.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SIGNING_SECRET = 'bench-profile-signing-secret';

const args = process.argv.slice(2);
// --bare profiles the bare framework app of the same section instead (bench/<kind>/bare.ts), for
// comparison; --bare-answer the bare app sending our rendered answer.
const answer = args.includes('--bare-answer');
const bare = answer || args.includes('--bare');
const [kind, secondsArg] = args.filter((a) => !a.startsWith('--'));
if (kind !== 'slack' && kind !== 'teams') {
  process.stderr.write('usage: npm run bench:profile -- slack|teams [seconds] [--bare | --bare-answer]\n');
  process.exit(2);
}
const seconds = Number(secondsArg ?? 8);
const tmp = mkdtempSync(join(tmpdir(), 'icc-profile-'));
const out = join(ROOT, 'bench', 'results', 'profiles');
mkdirSync(out, { recursive: true });
const ctx = { root: ROOT };

const fake = await startFake(ctx);
const port = await freePort();
const platformEnv: Record<string, string> =
  kind === 'slack' ? { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-1-2-profile', SLACK_API_URL: `${fake.url}/api/` } : { TEAMS_LOCAL: '1' };
const before = new Set(readdirSync(out));
const script = bare ? join(ROOT, 'bench', kind, 'bare.ts') : join(ROOT, 'bench', 'profile', 'entry.ts');
const answerEnv: Record<string, string> = {};
if (answer) {
  answerEnv.BARE_ANSWER_FILE = join(tmp, 'answer.json');
  writeFileSync(answerEnv.BARE_ANSWER_FILE, JSON.stringify(await runWorker<unknown>('bench/lib/answer.ts', { root: ROOT }, { root: ROOT })));
}
const env = bare ? { ...platformEnv, ...answerEnv, PORT: String(port), NODE_ENV: 'production' } : serveEnv(ctx, join(tmp, 'data'), port, platformEnv);
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, '--import', 'tsx', script, ...(bare ? [] : ['serve'])], {
  cwd: ROOT,
  env: { ...minimalEnv(), ...env },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let requests: number;
try {
  if (bare) await waitForPort(port, child, 60_000);
  else await waitFor200(`http://127.0.0.1:${port}/healthz`, child, 60_000);
  const input: LoadInput = {
    kind,
    url: `http://127.0.0.1:${port}${kind === 'slack' ? '/slack/events' : '/api/messages'}`,
    connections: CONNECTIONS,
    warmupMs: 2000,
    durationMs: seconds * 1000,
    fakeUrl: fake.url,
    ...(child.pid ? { serverPid: child.pid } : {}),
    ...(kind === 'slack' ? { signingSecret: SIGNING_SECRET } : {}),
  };
  const r = await runWorker<LoadResult>('bench/lib/loadgen.ts', input, { root: ROOT });
  // The profile also covers the warm-up, loaded at about the same rate: count its requests too.
  requests = Math.round(r.requests * ((seconds + 2) / seconds));
  process.stdout.write(
    `${bare ? `bare ${kind}` : kind}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.cpuMsPerRequest.toFixed(2)} CPU ms/request, errors ${r.errors}, replies ${JSON.stringify(r.replies)}\n`,
  );
} finally {
  await stop(child);
  await stop(fake.child);
  rmSync(tmp, { recursive: true, force: true });
}
// The main thread's profile is the largest new file (tsx's loader thread writes a small one too).
const written = readdirSync(out).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
const main = written.map((f) => join(out, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
for (const f of written.map((f) => join(out, f))) if (f !== main) rmSync(f);
if (main) process.stdout.write(`${summarize(main, requests)}\n`);
