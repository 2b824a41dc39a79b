/**
 * Bounded retries with backoff and jitter, request timeouts, and no duplicate replies: the Slack Web
 * API wrapper against the local fake (one call that never answers; 429 / 5xx storms), and the whole
 * adapter (a DM whose chat.postMessage times out is not posted twice).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, SlackApi, backoff, retryAfterWait } from '../src/adapters/slack/api.js';
import { createLogger } from '../src/core/log.js';
import { FakeSlackApi } from './fakes/slack-api.js';
import { dm, postEvent, startSlackServer } from './helpers/slack.js';

const log = createLogger({ level: 'silent' });
const TOKEN = 'xoxb-retry-test-token';
let fake: FakeSlackApi;
let waits: number[];

beforeAll(async () => {
  fake = await new FakeSlackApi().start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  waits = [];
});

const api = (timeoutMs = 300, random = () => 0.5) => new SlackApi({ apiUrl: fake.url, log, timeoutMs, retry: { baseMs: 10, sleep: async (ms) => void waits.push(ms), random } });

describe('jitter', () => {
  it('backoff stays between half and all of base * 2^attempt, capped, and really varies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const full = Math.min(DEFAULT_RETRY.maxBackoffMs, DEFAULT_RETRY.baseMs * 2 ** attempt);
        const w = backoff({ ...DEFAULT_RETRY, random: () => r }, attempt);
        expect(w).toBeGreaterThanOrEqual(Math.floor(full / 2));
        expect(w).toBeLessThanOrEqual(full);
      }),
    );
    const spread = new Set(Array.from({ length: 50 }, () => backoff(DEFAULT_RETRY, 2)));
    expect(spread.size).toBeGreaterThan(5);
  });

  it('a 429 waits at least Retry-After, at most 10% (<= 1 s) more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (s, r) => {
        const w = retryAfterWait({ random: () => r }, s);
        expect(w).toBeGreaterThanOrEqual(s * 1000);
        expect(w).toBeLessThanOrEqual(s * 1000 + Math.min(1000, s * 100));
      }),
    );
  });

  it('retries of a 5xx storm use the jittered waits and stop after the bounded number of attempts', async () => {
    for (let i = 0; i < 10; i++) fake.failNext('users.info', { status: 503, body: 'busy' });
    await expect(api(10_000, () => 0).call(TOKEN, 'users.info', { user: 'U1' })).rejects.toMatchObject({ reason: 'transient' });
    expect(fake.callsTo('users.info')).toHaveLength(DEFAULT_RETRY.retries + 1);
    // random() = 0: half of 10, 20, 40.
    expect(waits).toEqual([5, 10, 20]);
  });
});

describe('timeouts', () => {
  it('a Web API call that never answers fails after the timeout instead of hanging', async () => {
    fake.stall('users.info', 10);
    const started = Date.now();
    await expect(api(200).call(TOKEN, 'users.info', { user: 'U1' })).rejects.toMatchObject({ name: 'SlackCallError', reason: 'transient' });
    // Four attempts of 200 ms each (sleeps are recorded, not slept), not forever (generous bound for loaded CI).
    expect(Date.now() - started).toBeLessThan(8000);
    expect(fake.callsTo('users.info')).toHaveLength(DEFAULT_RETRY.retries + 1);
  });

  it('a read that timed out once is retried and succeeds', async () => {
    fake.stall('users.info', 1);
    const r = await api(200).call(TOKEN, 'users.info', { user: 'U1' });
    expect(r.ok).toBe(true);
    expect(fake.callsTo('users.info')).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it('a chat.postMessage that timed out is not sent again (Slack may have posted it): no duplicate reply', async () => {
    fake.stall('chat.postMessage', 1);
    await expect(api(200).call(TOKEN, 'chat.postMessage', { channel: 'C1', text: 'hi' })).rejects.toMatchObject({ reason: 'transient', slackError: 'timeout' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a response_url post that timed out is not sent again either', async () => {
    fake.stall('response', 1);
    await expect(api(200).respond(fake.responseUrl('late'), { text: 'hi' })).rejects.toMatchObject({ reason: 'transient', slackError: 'timeout' });
    expect(fake.responses).toHaveLength(1);
  });

  it('a connection refused (nothing was sent) is still retried for chat.postMessage', async () => {
    const dead = new SlackApi({ apiUrl: 'http://127.0.0.1:1/api/', log, timeoutMs: 200, retry: { retries: 2, baseMs: 1, sleep: async (ms) => void waits.push(ms) } });
    await expect(dead.call(TOKEN, 'chat.postMessage', {})).rejects.toMatchObject({ slackError: 'request_error' });
    expect(waits).toHaveLength(2);
  });
});

describe('through the whole adapter', () => {
  it('one DM, 429 then 5xx on chat.postMessage: exactly one reply is posted in the end', async () => {
    const h = await startSlackServer();
    try {
      h.fake.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } });
      h.fake.failNext('chat.postMessage', { status: 502, body: 'bad gateway' });
      expect((await postEvent(h.base, dm('anti-rumour campaign'))).status).toBe(200);
      await h.slack.idle();
      const posts = h.fake.callsTo('chat.postMessage');
      expect(posts).toHaveLength(3);
      // The same message each time: one reply, delivered once Slack accepted it.
      expect(new Set(posts.map((p) => JSON.stringify(p.args.blocks))).size).toBe(1);
      expect(h.logs.some((l) => /slack call will be retried/.test(l))).toBe(true);
    } finally {
      await h.close();
    }
  });
});
