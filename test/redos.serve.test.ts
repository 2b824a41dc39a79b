/**
 * Issue 19 item 1, from outside: the real `icc-assistant serve` process gets signed Slack DMs of 40,000
 * hostile characters (the reported "send the channel " x 2,352, the other fixed texts, and fast-check
 * generated ones) and `/healthz` must keep answering in under 100 ms while each turn runs. Before the fix
 * the first DM blocked the event loop for a minute and `/healthz` timed out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from './fakes/slack-api.js';
import { FIXED, adversarial } from './helpers/adversarial.js';
import { ROOT } from './helpers/app.js';
import { BOT_TOKEN, SIGNING_SECRET, dm, postEvent } from './helpers/slack.js';

const HEALTH_BUDGET_MS = 100;
const GENERATED = Number(process.env.FUZZ_RUNS ?? 6);

let fake: FakeSlackApi;
let child: ChildProcess;
let base: string;
let stderr = '';

beforeAll(async () => {
  fake = await new FakeSlackApi().start();
  child = spawn(process.execPath, [join(ROOT, 'bin', 'icc-assistant.js'), 'serve', '--port', '0'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      STORE_URL: 'memory://',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'icc-redos-')),
      LOG_LEVEL: 'warn',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: fake.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 30_000);
    child.stderr!.on('data', () => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  base = `http://127.0.0.1:${port}`;
  // First, ordinary turns build the search index, load the phrase files and the language detector's
  // models (a longer text): one-off start-up work, not what is measured.
  await postEvent(base, dm('anti-rumour practices'));
  await fake.until(() => fake.callsTo('chat.postMessage').length === 1, 30_000);
  await postEvent(base, dm(`Which practices have other cities tried to welcome newcomers in their neighbourhoods? ${'We would like to learn more about them. '.repeat(30)}`));
  await fake.until(() => fake.callsTo('chat.postMessage').length === 2, 30_000);
}, 60_000);

afterAll(async () => {
  child?.kill('SIGTERM');
  await fake?.close();
});

/** GET /healthz; the time it took, or Infinity when it did not answer within a second. */
async function health(): Promise<number> {
  const s = performance.now();
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) });
    await res.text();
    return res.ok ? performance.now() - s : Infinity;
  } catch {
    return Infinity;
  }
}

/** Sends the DM and probes /healthz every 10 ms until the reply is posted; the slowest probe. */
async function slowestHealthDuring(text: string): Promise<{ slowest: number; probes: number }> {
  const before = fake.callsTo('chat.postMessage').length;
  const res = await postEvent(base, dm(text));
  expect(res.status).toBe(200);
  const times: number[] = [];
  const deadline = Date.now() + 20_000;
  while (fake.callsTo('chat.postMessage').length === before && Date.now() < deadline) {
    times.push(await health());
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(fake.callsTo('chat.postMessage').length, 'the turn was answered').toBeGreaterThan(before);
  return { slowest: Math.max(0, ...times), probes: times.length };
}

describe('icc-assistant serve stays responsive during 40k hostile DMs', () => {
  for (const [name, text] of FIXED.slice(0, 6)) {
    it(`/healthz < ${HEALTH_BUDGET_MS} ms while "${name}" is handled`, async () => {
      const { slowest } = await slowestHealthDuring(text);
      expect(slowest, name).toBeLessThan(HEALTH_BUDGET_MS);
    }, 30_000);
  }

  it(`/healthz < ${HEALTH_BUDGET_MS} ms during ${GENERATED} generated 40k DMs`, async () => {
    const texts = fc.sample(adversarial, { numRuns: GENERATED, seed: Number(process.env.FUZZ_SEED ?? 19) });
    for (const text of texts) {
      const { slowest } = await slowestHealthDuring(text);
      expect(slowest, JSON.stringify(text.slice(0, 80))).toBeLessThan(HEALTH_BUDGET_MS);
    }
    expect(stderr).not.toMatch(/\n\s+at \S+ \(/); // no stack traces
  }, 120_000);
});
