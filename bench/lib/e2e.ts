/**
 * Shared by the Slack and Teams end-to-end sections: each run starts the fake platforms (own process),
 * then, one after the other (order alternating between runs), our real `icc-assistant serve` and the
 * bare framework app (own processes), loads each from the load generator (own process) and stops it.
 * Only one server is under load at a time; the machine's cores are shared by the load generator, the
 * server under test and the fake platforms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { LoadInput, LoadResult } from './loadgen.js';
import { freePort, minimalEnv, runWorker, stop, waitFor200 } from './proc.js';
import { row, type BenchContext, type Row } from './types.js';

export const CONNECTIONS = 32;
/** The open-loop offered load (messages/s) at which p99 must stay under 50 ms. */
export const OPEN_LOOP_RATE = 150;

export interface Service {
  child: ChildProcess;
  port: number;
  stderr(): string;
}

/** Spawns `args` (after node) with `env`; output is drained (stderr kept, the last 64 kB). */
export function spawnService(ctx: BenchContext, args: string[], env: Record<string, string>, port: number): Service {
  const child = spawn(process.execPath, args, { cwd: ctx.root, env: { ...minimalEnv(), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
    if (err.length > 128 * 1024) err = err.slice(-64 * 1024);
  });
  return { child, port, stderr: () => err };
}

/** Resolves once `port` accepts TCP connections (for apps without a GET route answering 200). */
export async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before listening on ${port}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (performance.now() > deadline) throw new Error(`nothing listening on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Fake {
  url: string;
  child: ChildProcess;
}

export async function startFake(ctx: Pick<BenchContext, 'root'>): Promise<Fake> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ctx.root, 'bench', 'lib', 'fake-platforms.ts')], { cwd: ctx.root, env: minimalEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`fake platforms exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Env for our real server: store on (SQLite in the run's temp dir), the real corpus, logs at info. */
export function serveEnv(ctx: Pick<BenchContext, 'root'>, dataDir: string, port: number, extra: Record<string, string>): Record<string, string> {
  mkdirSync(dataDir, { recursive: true });
  return {
    CONTENT_DIR: join(ctx.root, 'content'),
    DATA_DIR: dataDir,
    STORE_URL: `sqlite://${join(dataDir, 'icc.sqlite')}`,
    PORT: String(port),
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    ...extra,
  };
}

export interface Contender {
  label: string;
  /** Starts the server (ready to take load) on a free port. */
  start(port: number, run: number, fakeUrl: string): Promise<Service>;
  path: string;
}

export interface E2eSpec {
  section: string;
  kind: LoadInput['kind'];
  ours: Contender;
  bare: Contender;
  /**
   * Optional: the bare app sending the answer ours sends (same Block Kit / card, rendered once at
   * start), so the table also shows how much of the gap is the platform SDK sending a real answer.
   */
  bareSameAnswer?: Contender;
  signingSecret?: string;
  /** Which fake counters are "replies" (e.g. chat.postMessage, connector.send). */
  replyKind: string;
  /** Checks a sample of what ours sent (Block Kit / an Adaptive Card with results); throws when wrong. */
  checkOurs(sample: LoadResult['sample']): void;
}

async function measure(ctx: BenchContext, spec: E2eSpec, who: Contender, fake: Fake, run: number, rate?: number): Promise<LoadResult> {
  const port = await freePort();
  const svc = await who.start(port, run, fake.url);
  try {
    const quick = ctx.options.quick;
    const input: LoadInput = {
      kind: spec.kind,
      url: `http://127.0.0.1:${port}${who.path}`,
      connections: CONNECTIONS,
      warmupMs: quick ? 1000 : 3000,
      durationMs: quick ? 3000 : 10_000,
      fakeUrl: fake.url,
      ...(rate ? { rate } : {}),
      ...(svc.child.pid ? { serverPid: svc.child.pid } : {}),
      ...(spec.signingSecret ? { signingSecret: spec.signingSecret } : {}),
    };
    const r = await runWorker<LoadResult>('bench/lib/loadgen.ts', input, { root: ctx.root, timeoutMs: 120_000 });
    ctx.log(
      `${spec.section}: ${who.label}${rate ? `, open loop ${rate}/s` : ''}, run ${run + 1}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.cpuMsPerRequest.toFixed(2)} CPU ms/req, errors ${r.errors}, ${spec.replyKind} ${r.replies[spec.replyKind] ?? 0}`,
    );
    if (who === spec.ours) spec.checkOurs(r.sample);
    if (r.errors > 0) ctx.log(`${spec.section}: ${who.label} statuses ${JSON.stringify(r.statuses)}; stderr tail: ${svc.stderr().slice(-600)}`);
    return r;
  } finally {
    await stop(svc.child);
  }
}

/** Writes our rendered answer for both platforms (bench/lib/answer.ts) to a file; returns its path. */
export async function answerFile(ctx: BenchContext): Promise<string> {
  const file = join(ctx.tmp, 'answer.json');
  writeFileSync(file, JSON.stringify(await runWorker<unknown>('bench/lib/answer.ts', { root: ctx.appRoot }, { root: ctx.root })));
  return file;
}

export async function runEndToEnd(ctx: BenchContext, spec: E2eSpec): Promise<Row[]> {
  const fake = await startFake(ctx);
  const ours: LoadResult[] = [];
  const bare: LoadResult[] = [];
  const same: LoadResult[] = [];
  const openOurs: LoadResult[] = [];
  const openSame: LoadResult[] = [];
  try {
    for (let run = 0; run < ctx.options.runs; run++) {
      // Alternate which goes first, so neither always gets the cooler machine.
      const order: Array<[Contender, LoadResult[]]> = run % 2 === 0 ? [[spec.ours, ours], [spec.bare, bare]] : [[spec.bare, bare], [spec.ours, ours]];
      if (spec.bareSameAnswer) order.splice(1, 0, [spec.bareSameAnswer, same]);
      for (const [who, into] of order) into.push(await measure(ctx, spec, who, fake, run));
      // The fixed offered load: ours, and the bare app sending the same answer as a reference.
      openOurs.push(await measure(ctx, spec, spec.ours, fake, run, OPEN_LOOP_RATE));
      if (spec.bareSameAnswer) openSame.push(await measure(ctx, spec, spec.bareSameAnswer, fake, run, OPEN_LOOP_RATE));
    }
  } finally {
    await stop(fake.child);
  }

  const S = spec.section;
  const rows: Row[] = [];
  const per = (rs: LoadResult[], f: (r: LoadResult) => number) => rs.map(f);
  const bareMedian = (f: (r: LoadResult) => number) => row({ section: S, case: '', metric: '', unit: '', runs: per(bare, f) }).median;
  const sides: Array<[Contender, LoadResult[], boolean]> = [
    [spec.ours, ours, true],
    [spec.bare, bare, false],
    ...(spec.bareSameAnswer ? [[spec.bareSameAnswer, same, false] as [Contender, LoadResult[], boolean]] : []),
  ];
  for (const [who, rs, isOurs] of sides) {
    const cmp = (f: (r: LoadResult) => number) => (isOurs ? { baseline: { label: spec.bare.label, value: bareMedian(f) } } : {});
    const kase = `${who.label}, ${CONNECTIONS} conn.`;
    const replies = (r: LoadResult) => (r.replies[spec.replyKind] ?? 0) / r.seconds;
    rows.push(
      row({ section: S, case: kase, metric: 'requests/s', unit: '/s', runs: per(rs, (r) => r.rps), ...cmp((r) => r.rps) }),
      row({ section: S, case: kase, metric: 'latency p50', unit: 'ms', runs: per(rs, (r) => r.p50), ...cmp((r) => r.p50) }),
      row({ section: S, case: kase, metric: 'latency p99', unit: 'ms', runs: per(rs, (r) => r.p99), ...cmp((r) => r.p99), ...(isOurs ? { target: { op: '<' as const, value: 50 } } : {}) }),
      row({ section: S, case: kase, metric: `replies posted/s (${spec.replyKind})`, unit: '/s', runs: per(rs, replies), ...cmp(replies) }),
      row({ section: S, case: kase, metric: 'server CPU per request', unit: 'ms', runs: per(rs, (r) => r.cpuMsPerRequest), ...cmp((r) => r.cpuMsPerRequest) }),
      row({ section: S, case: kase, metric: 'errors (non-2xx, resets)', unit: '', runs: per(rs, (r) => r.errors) }),
    );
  }
  rows.push(row({ section: S, case: `ours / ${spec.bare.label}`, metric: 'throughput ratio (same run)', unit: '', runs: ours.map((o, i) => o.rps / bare[i]!.rps) }));
  if (spec.bareSameAnswer) {
    rows.push(
      row({ section: S, case: `${spec.bareSameAnswer.label} / ${spec.bare.label}`, metric: 'throughput ratio (same run)', unit: '', runs: same.map((o, i) => o.rps / bare[i]!.rps) }),
      // What we are held to: the bare framework doing the same work, i.e. sending the same answer.
      row({ section: S, case: `ours / ${spec.bareSameAnswer.label}`, metric: 'throughput ratio (same run)', unit: '', runs: ours.map((o, i) => o.rps / same[i]!.rps), target: { op: '>', value: 0.8 } }),
    );
  }
  const openSides: Array<[string, LoadResult[], boolean]> = [[spec.ours.label, openOurs, true], ...(spec.bareSameAnswer ? [[spec.bareSameAnswer.label, openSame, false] as [string, LoadResult[], boolean]] : [])];
  for (const [label, rs, isOurs] of openSides) {
    const kase = `${label}, open loop ${OPEN_LOOP_RATE} msg/s`;
    // One reply per message sent, no more (a retried or doubled answer counts against it), no less.
    const answeredOnce = (r: LoadResult) => ((r.repliesAfterDrain?.[spec.replyKind] ?? 0) === r.sent && r.errors === 0 ? 1 : 0);
    rows.push(
      row({ section: S, case: kase, metric: 'latency p50 (from schedule)', unit: 'ms', runs: per(rs, (r) => r.p50) }),
      row({ section: S, case: kase, metric: 'latency p99 (from schedule)', unit: 'ms', runs: per(rs, (r) => r.p99), ...(isOurs ? { target: { op: '<' as const, value: 50 } } : {}) }),
      row({ section: S, case: kase, metric: `${spec.replyKind} posted per message sent`, unit: '', runs: per(rs, (r) => (r.repliesAfterDrain?.[spec.replyKind] ?? 0) / (r.sent || 1)) }),
      row({ section: S, case: kase, metric: 'every message answered once (1 = yes)', unit: '', runs: per(rs, answeredOnce), ...(isOurs ? { target: { op: '>' as const, value: 0.99 } } : {}) }),
    );
  }
  return rows;
}

/** Our real CLI: `node bin/icc-assistant.js serve`, ready when /healthz answers 200. */
export async function startServe(ctx: BenchContext, port: number, env: Record<string, string>): Promise<Service> {
  const svc = spawnService(ctx, [join(ctx.root, 'bin', 'icc-assistant.js'), 'serve'], env, port);
  await waitFor200(`http://127.0.0.1:${port}/healthz`, svc.child, 120_000);
  return svc;
}

/** A bare framework app under bench/ (TypeScript through tsx), ready when its port accepts connections. */
export async function startBare(ctx: BenchContext, file: string, port: number, env: Record<string, string>): Promise<Service> {
  const svc = spawnService(ctx, ['--import', 'tsx', join(ctx.root, file)], { ...env, PORT: String(port), NODE_ENV: 'production' }, port);
  await waitForPort(port, svc.child, 60_000);
  return svc;
}
