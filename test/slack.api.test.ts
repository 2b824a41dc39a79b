/** The Web API wrapper's retry policy, against the local fake (waits recorded, not slept). */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackApi, SlackCallError } from '../src/adapters/slack/api.js';
import { createLogger } from '../src/core/log.js';
import { FakeSlackApi } from './fakes/slack-api.js';

let fake: FakeSlackApi;
let waits: number[];
const logs: string[] = [];
const log = createLogger({ level: 'debug', write: (l) => logs.push(l) });
const TOKEN = 'xoxb-api-test-token';

const api = (over: Partial<ConstructorParameters<typeof SlackApi>[0]> = {}) =>
  new SlackApi({ apiUrl: fake.url, log, retry: { baseMs: 10, sleep: async (ms) => void waits.push(ms) }, ...over });

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

describe('SlackApi retries', () => {
  it('waits what Retry-After says after a 429, then succeeds', async () => {
    fake.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } });
    const r = await api().call(TOKEN, 'chat.postMessage', { channel: 'C1', text: 'hi' });
    expect(r.ok).toBe(true);
    expect(waits).toEqual([7000]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.callsTo('chat.postMessage')[0]!.token).toBe(TOKEN);
  });

  it('backs off exponentially on 5xx, then succeeds', async () => {
    fake.failNext('chat.postMessage', { status: 500, body: 'oops' });
    fake.failNext('chat.postMessage', { status: 503, body: 'oops' });
    await api().call(TOKEN, 'chat.postMessage', { channel: 'C1', text: 'hi' });
    expect(waits).toEqual([10, 20]);
  });

  it('gives up after the retries with a transient SendError', async () => {
    for (let i = 0; i < 4; i++) fake.failNext('chat.postMessage', { status: 502, body: 'bad gateway' });
    await expect(api().call(TOKEN, 'chat.postMessage', {})).rejects.toMatchObject({ name: 'SlackCallError', reason: 'transient', slackError: 'http_502' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(4);
    expect(waits).toEqual([10, 20, 40]);
  });

  it('does not retry a 429 asking for longer than the policy allows', async () => {
    fake.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '600' }, body: { ok: false } });
    await expect(api().call(TOKEN, 'chat.postMessage', {})).rejects.toMatchObject({ reason: 'rate-limited' });
    expect(waits).toEqual([]);
  });

  it('maps Slack errors to SendError reasons without retrying', async () => {
    const cases: Array<[string, string]> = [
      ['channel_not_found', 'gone'],
      ['not_in_channel', 'forbidden'],
      ['token_revoked', 'forbidden'],
      ['invalid_blocks', 'unsupported'],
    ];
    for (const [error, reason] of cases) {
      fake.failNext('chat.postMessage', { body: { ok: false, error } });
      const err = await api().call(TOKEN, 'chat.postMessage', {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SlackCallError);
      expect(err).toMatchObject({ reason, slackError: error });
    }
    expect(waits).toEqual([]);
  });

  it('retries Slack-side transient errors (internal_error)', async () => {
    fake.failNext('chat.postMessage', { body: { ok: false, error: 'internal_error' } });
    await api().call(TOKEN, 'chat.postMessage', {});
    expect(waits).toEqual([10]);
  });

  it('retries network errors and then reports them as transient', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dead = new SlackApi({ apiUrl: `http://127.0.0.1:${port}/api/`, log, retry: { retries: 2, baseMs: 5, sleep: async (ms) => void waits.push(ms) } });
    await expect(dead.call(TOKEN, 'auth.test')).rejects.toMatchObject({ reason: 'transient', slackError: 'request_error' });
    expect(waits).toEqual([5, 10]);
  });

  it('posts to response URLs with the same policy, and only to Slack (or the configured API host)', async () => {
    fake.failNext('response', { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' });
    await api().respond(fake.responseUrl('r1'), { text: 'hi' });
    expect(waits).toEqual([2000]);
    expect(fake.responses.map((r) => r.body)).toEqual([{ text: 'hi' }]);
    await expect(api().respond('https://evil.example/hook', { text: 'x' })).rejects.toMatchObject({ reason: 'unsupported' });
    fake.failNext('response', { status: 200, body: { ok: false, error: 'expired_url' } });
    await expect(api().respond(fake.responseUrl('r2'), { text: 'late' })).rejects.toMatchObject({ reason: 'gone', slackError: 'expired_url' });
    expect(api().responseUrlAllowed('https://hooks.slack.com/actions/T1/1/x')).toBe(true);
    expect(api().responseUrlAllowed('http://hooks.slack.com/actions/T1/1/x')).toBe(false);
  });

  it('never logs the token', async () => {
    fake.failNext('chat.postMessage', { status: 500, body: 'oops' });
    await api().call(TOKEN, 'chat.postMessage', { channel: 'C1' });
    expect(logs.join('\n')).toContain('slack call will be retried');
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});
