/**
 * The typing indicator: only for answers slower than TYPING_DELAY_MS, and never after the answer.
 * Unit tests of the timer (fake clock), then the real server over HTTP with the fake Bot Connector,
 * where a deliberately slow intent stands in for a slow answer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TYPING_DELAY_MS, typingAfter } from '../src/adapters/teams/typing.js';
import { defineIntent } from '../src/core/intent.js';
import { intents } from '../src/app.js';
import { cardOf, cardText, startTeams, type TeamsHarness } from './helpers/teams.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('typingAfter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends nothing when the answer is ready before the delay', async () => {
    vi.useFakeTimers();
    const send = vi.fn(async () => undefined);
    const typing = typingAfter(400, send, () => undefined);
    vi.advanceTimersByTime(399);
    await typing.settle();
    vi.advanceTimersByTime(10_000);
    expect(send).not.toHaveBeenCalled();
  });

  it('sends once after the delay, and settle waits until the connector has accepted it', async () => {
    vi.useFakeTimers();
    const accepted = deferred();
    const send = vi.fn(() => accepted.promise);
    const typing = typingAfter(400, send, () => undefined);
    vi.advanceTimersByTime(400);
    expect(send).toHaveBeenCalledTimes(1);

    let settled = false;
    const done = typing.settle().then(() => (settled = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(false);
    accepted.resolve();
    await done;
    expect(settled).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('a failed indicator goes to onError and does not hold up the answer', async () => {
    vi.useFakeTimers();
    const onError = vi.fn();
    const typing = typingAfter(400, () => Promise.reject(new Error('connector down')), onError);
    vi.advanceTimersByTime(400);
    await expect(typing.settle()).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'connector down' }));
  });
});

const SLOW_MS = TYPING_DELAY_MS + 300;
const slow = defineIntent({
  name: 'slow',
  description: 'intent.help.description',
  examples: [],
  commands: ['slow'],
  match: () => null,
  async handle() {
    await new Promise((r) => setTimeout(r, SLOW_MS));
    return [{ text: 'finally done' }];
  },
});

describe('typing indicator over HTTP', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams({}, { intents: [...intents, slow] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a quick answer is the card alone, with no typing indicator before or after it', async () => {
    h.connector.clear();
    const res = await h.post(h.activity('personal-message', { text: 'anti-rumour campaign' }));
    expect(res.status).toBe(200);
    // A late indicator would arrive after the HTTP answer: give it the time to show up.
    await new Promise((r) => setTimeout(r, TYPING_DELAY_MS + 100));
    expect(h.connector.requests.map((r) => r.body.type)).toEqual(['message']);
  });

  it('a slow answer shows typing first, after the delay, in the same conversation', async () => {
    h.connector.clear();
    const activity = h.activity('personal-message', { text: '/icc slow' });
    const started = Date.now();
    expect((await h.post(activity)).status).toBe(200);
    const [typing, message] = h.connector.requests;
    expect(h.connector.requests.map((r) => r.body.type)).toEqual(['typing', 'message']);
    expect(typing!.at - started).toBeGreaterThanOrEqual(TYPING_DELAY_MS - 20);
    expect(typing!.kind).toBe('reply');
    expect(typing!.conversationId).toBe(message!.conversationId);
    expect(cardText(cardOf(message!.body))).toBe('finally done');
  });

  it('the answer waits for a slow connector to accept the indicator, so it never overtakes it', async () => {
    h.connector.clear();
    const acceptAfter = SLOW_MS + 200; // the indicator is still unanswered when the turn's answer is ready
    h.connector.delayNext(acceptAfter);
    expect((await h.post(h.activity('personal-message', { text: '/icc slow' }))).status).toBe(200);
    const [typing, message] = h.connector.requests;
    expect(h.connector.requests.map((r) => r.body.type)).toEqual(['typing', 'message']);
    expect(message!.at - typing!.at).toBeGreaterThanOrEqual(acceptAfter - 20);
  });
});
