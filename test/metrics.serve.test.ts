/**
 * Issue 18, "metrics and health": over real HTTP against the running server, a Slack turn moves
 * icc_turns_total and the turn histogram, an empty search moves icc_search_no_match_total, a 429 from
 * the Web API moves icc_platform_api_errors_total, METRICS_TOKEN is enforced, /readyz is 503 while
 * draining, and a stopped Redis makes /readyz 503 until the service recovers on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER_KIND } from '../src/selfcheck/model.js';
import { sample } from './helpers/metrics.js';
import { dm, postEvent, startSlackServer, type SlackHarness } from './helpers/slack.js';

async function scrape(base: string, token?: string): Promise<string> {
  const res = await fetch(`${base}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(res.status).toBe(200);
  return res.text();
}

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const readyz = async (base: string) => {
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: (await res.json()) as { ready: boolean; reason?: string } };
};

describe('GET /metrics and /readyz (Slack, memory store)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackServer();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a DM moves icc_turns_total and the turn histogram; the text is Prometheus with process metrics', async () => {
    const res = await fetch(`${h.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const before = await res.text();
    expect(sample(before, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(before, 'nodejs_eventloop_lag_seconds')).toBeDefined();
    const turns = (t: string) => sample(t, 'icc_turns_total', { platform: 'slack', intent: 'search', outcome: 'ok' }) ?? 0;
    const count = (t: string) => sample(t, 'icc_turn_duration_seconds_count', { platform: 'slack' }) ?? 0;

    expect((await postEvent(h.base, dm('Which anti-rumour practices do other cities have?'))).status).toBe(200);
    await h.fake.until(() => h.fake.callsTo('chat.postMessage').length > 0, 10_000);
    const after = await scrape(h.base);
    expect(turns(after)).toBe(turns(before) + 1);
    expect(count(after)).toBe(count(before) + 1);
    expect(sample(after, 'icc_turn_duration_seconds_bucket', { platform: 'slack', le: '+Inf' })).toBe(count(after));
    // The turn read and wrote the store; the Web API call was counted, without errors.
    expect(sample(after, 'icc_store_operation_duration_seconds_count', { namespace: 'address' })).toBeGreaterThan(0);
    expect(sample(after, 'icc_platform_api_calls_total', { platform: 'slack' })).toBeGreaterThan(0);
    expect(sample(after, 'icc_platform_api_errors_total', { platform: 'slack', kind: '429' })).toBe(0);
    expect(sample(after, 'icc_search_no_match_total', { platform: 'slack' }) ?? 0).toBe(0);
  });

  it('a search with no result moves icc_search_no_match_total (a found one does not)', async () => {
    const noMatch = async () => sample(await scrape(h.base), 'icc_search_no_match_total', { platform: 'slack' }) ?? 0;
    const before = await noMatch();
    const posts = h.fake.callsTo('chat.postMessage').length;
    await postEvent(h.base, dm('search qwzxv plorkinth'));
    await h.fake.until(() => h.fake.callsTo('chat.postMessage').length > posts, 10_000);
    expect(await noMatch()).toBe(before + 1);
    await postEvent(h.base, dm('search mediation'));
    await h.fake.until(() => h.fake.callsTo('chat.postMessage').length > posts + 1, 10_000);
    expect(await noMatch()).toBe(before + 1);
  });

  it('a 429 from the Web API moves icc_platform_api_errors_total{kind="429"} and the retry is a second call', async () => {
    const text = await scrape(h.base);
    const errors = sample(text, 'icc_platform_api_errors_total', { platform: 'slack', kind: '429' })!;
    const calls = sample(text, 'icc_platform_api_calls_total', { platform: 'slack' })!;
    h.fake.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } });
    const posts = h.fake.callsTo('chat.postMessage').length;
    await postEvent(h.base, dm('search mediation'));
    await h.fake.until(() => h.fake.callsTo('chat.postMessage').length >= posts + 2, 10_000);
    await until('the retried post to be counted', async () => sample(await scrape(h.base), 'icc_platform_api_calls_total', { platform: 'slack' })! >= calls + 2, 5_000);
    expect(sample(await scrape(h.base), 'icc_platform_api_errors_total', { platform: 'slack', kind: '429' })).toBe(errors + 1);
  });

  it('a due job run by the scheduler tick moves icc_jobs_run_total', async () => {
    const before = sample(await scrape(h.base), 'icc_jobs_run_total') ?? 0;
    // A reminder with a payload the handler drops: it runs (and completes) without sending anything.
    await h.server.app.jobs.schedule({ platform: 'slack', tenant: 'T1' }, { id: 'metrics-job', kind: REMINDER_KIND, dueAt: new Date(Date.now() - 1000), data: {} });
    await h.server.tick();
    expect(sample(await scrape(h.base), 'icc_jobs_run_total')).toBe(before + 1);
    expect(sample(await scrape(h.base), 'icc_nudges_sent_total')).toBe(0);
  });

  it('/readyz is 200 while the store answers; /healthz stays the liveness check', async () => {
    expect(await readyz(h.base)).toEqual({ status: 200, body: { ready: true } });
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
  });
});

describe('METRICS_TOKEN', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackServer({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is required as a bearer token', async () => {
    const get = (authorization?: string) => fetch(`${h.base}/metrics`, authorization ? { headers: { authorization } } : {});
    for (const bad of [undefined, 'Bearer', 'Bearer wrong', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const res = await get(bad);
      expect(res.status, String(bad)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain('icc_turns_total');
    }
    const ok = await get(`Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE icc_turns_total counter');
    // Probes need no token.
    expect((await fetch(`${h.base}/readyz`)).status).toBe(200);
  });
});

describe('/readyz while draining (SIGTERM)', () => {
  it('answers 503 from the start of the shutdown while /healthz and the routes still answer', async () => {
    const h = await startSlackServer({ SHUTDOWN_DRAIN_SECONDS: '1' });
    try {
      expect((await readyz(h.base)).status).toBe(200);
      const closing = h.server.close();
      expect(await readyz(h.base)).toEqual({ status: 503, body: { ready: false, reason: 'draining' } });
      expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
      expect((await postEvent(h.base, dm('search mediation'))).status).toBe(200);
      await closing;
    } finally {
      await h.close();
    }
  });
});

describe('/readyz with Redis', () => {
  // Our own Redis (never the machine's on 6379, which other tests use).
  const PORT = 6390;
  let redis: ChildProcess | undefined;
  const startRedis = async () => {
    const child = spawn('redis-server', ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
      child.stdout!.on('data', (d) => {
        out += d;
        if (/Ready to accept connections/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}):\n${out}`));
      });
    });
    return child;
  };
  const stopRedis = async () => {
    const child = redis;
    redis = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  afterAll(stopRedis);

  it('a stopped Redis makes /readyz 503 and the service recovers on its own', async () => {
    redis = await startRedis();
    const h = await startSlackServer({ STORE_URL: `redis://127.0.0.1:${PORT}` });
    try {
      expect(await readyz(h.base)).toEqual({ status: 200, body: { ready: true } });

      await stopRedis();
      await until('/readyz to turn 503', async () => (await readyz(h.base)).status === 503, 5_000);
      expect((await readyz(h.base)).body).toEqual({ ready: false, reason: 'store' });
      // Liveness is not readiness: the process still answers.
      expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
      // A turn meanwhile fails on the store, and that is counted.
      await postEvent(h.base, dm('search mediation'));
      await until('a store error to be counted', async () => Object.values(storeErrors(await scrape(h.base))).some((n) => n > 0), 10_000);

      redis = await startRedis();
      await until('/readyz to recover', async () => (await readyz(h.base)).status === 200, 15_000);
      const posts = h.fake.callsTo('chat.postMessage').length;
      await postEvent(h.base, dm('Which anti-rumour practices do other cities have?'));
      await h.fake.until(() => h.fake.callsTo('chat.postMessage').length > posts, 10_000);
      expect(sample(await scrape(h.base), 'icc_turns_total', { platform: 'slack', intent: 'search', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    } finally {
      await h.close();
      await stopRedis();
    }
  }, 60_000);
});

function storeErrors(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^icc_store_errors_total\{namespace="([^"]+)"\} (\S+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}
