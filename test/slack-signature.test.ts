/** The receiver's signature check agrees with Bolt's verifySlackRequest, in constant time, on every kind of signature. */
import { createHmac } from 'node:crypto';
import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { signatureMatches } from '../src/adapters/slack/receiver.js';

const secret = 'test-signing-secret';
const sign = (ts: number, body: string, key = secret) => `v0=${createHmac('sha256', key).update(`v0:${ts}:${body}`).digest('hex')}`;
const bolt = (ts: number, body: string, signature: string) => {
  try {
    verifySlackRequest({ signingSecret: secret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts }, nowMilliseconds: ts * 1000 });
    return true;
  } catch {
    return false;
  }
};

describe('signatureMatches', () => {
  const ts = 1_765_000_000;
  const body = JSON.stringify({ type: 'event_callback', event: { text: 'héllo <@U1> 🌍' } });
  const good = sign(ts, body);
  const cases: Array<[string, string, number, string]> = [
    ['the right signature', good, ts, body],
    ['another body', good, ts, `${body} `],
    ['another timestamp', good, ts + 1, body],
    ['another secret', sign(ts, body, 'other-secret'), ts, body],
    ['upper-case hex', good.toUpperCase().replace('V0=', 'v0='), ts, body],
    ['a short hash', good.slice(0, -2), ts, body],
    ['a longer hash', `${good}00`, ts, body],
    ['another version', good.replace('v0=', 'v1='), ts, body],
    ['no hash', 'v0=', ts, body],
    ['not hex', `v0=${'z'.repeat(64)}`, ts, body],
    ['empty', '', ts, body],
  ];
  for (const [what, signature, t, b] of cases)
    it(`${what}: as Bolt decides`, () => {
      expect(signatureMatches(secret, t, b, signature)).toBe(bolt(t, b, signature));
    });
  it('accepts only the right one', () => {
    expect(cases.filter(([, s, t, b]) => signatureMatches(secret, t, b, s)).map(([w]) => w)).toEqual(['the right signature']);
  });
  it('refuses everything without a secret', () => {
    expect(signatureMatches('', ts, body, sign(ts, body, ''))).toBe(false);
  });
});
