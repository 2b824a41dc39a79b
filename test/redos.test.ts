/**
 * Issue 19 item 1: one message must not freeze the server. A 40,000-character text (Slack's limit)
 * made of the words the intents' patterns and phrases look for, or of long runs of word characters,
 * spaces or punctuation, goes to every intent's `match`, to the router and to a whole bot turn, each
 * with a time budget. Before the fix, "send the channel " x 2,352 took over a minute in `match`.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { classify, route } from '../src/core/router.js';
import { FIXED, adversarial } from './helpers/adversarial.js';
import { testApp, turn, type TestApp } from './helpers/app.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
/** Per call; a bounded prefix takes ~1 ms, the cubic chains took seconds. Generous for a loaded CI box. */
const MATCH_BUDGET_MS = 50;
const TURN_BUDGET_MS = 1_500;

function timed<T>(fn: () => T): { ms: number; value: T } {
  const s = performance.now();
  const value = fn();
  return { ms: performance.now() - s, value };
}

beforeAll(() => {
  // The phrase files are read and compiled on first use; that is not what is measured.
  for (const i of intents) i.match('warm up');
});

describe('intent matching is linear in the text', () => {
  for (const [name, text] of FIXED) {
    it(`every intent's match: ${name}`, () => {
      for (const intent of intents) {
        const { ms } = timed(() => intent.match(text));
        expect(ms, `${intent.name}.match on ${name}`).toBeLessThan(MATCH_BUDGET_MS);
      }
      expect(timed(() => classify(text, intents)).ms, `classify on ${name}`).toBeLessThan(MATCH_BUDGET_MS);
      expect(timed(() => route({ text }, intents, () => false)).ms, `route on ${name}`).toBeLessThan(MATCH_BUDGET_MS);
    });
  }

  it('every intent and the router, on generated 40k texts', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        for (const intent of intents) expect(timed(() => intent.match(text)).ms, `${intent.name}: ${JSON.stringify(text.slice(0, 60))}`).toBeLessThan(MATCH_BUDGET_MS);
        expect(timed(() => route({ text }, intents, () => false)).ms).toBeLessThan(MATCH_BUDGET_MS);
      }),
      { numRuns: RUNS },
    );
  });

  it('still routes what people type (the prefix keeps the meaning)', () => {
    const best = (text: string) => classify(text, intents)[0]?.intent;
    expect(best('send this channel a weekly tip every Monday at 9')).toBe('nudges');
    expect(best('how did other cities involve migrants in local councils?')).toBe('search');
    expect(best('which cities are good at welcoming newcomers?')).toBe('peers');
    expect(best('opt me in for contacts')).toBe('peers');
    expect(best('my city is Oslo')).toBe('settings');
    expect(best(`send this channel a weekly tip every Monday at 9 ${'and more words '.repeat(3000)}`)).toBe('nudges');
    // Whatever comes after the prefix does not route.
    expect(best(`${'x '.repeat(2000)} send this channel a weekly tip every Monday at 9`)).not.toBe('nudges');
    // Sequences keep their order: "tips ... send the channel" is not "send the channel ... tips".
    expect(best('tips: send the channel')).not.toBe('nudges');
  });
});

describe('a whole turn with a 40k text answers in bounded time', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await testApp();
    await app.bot.handle(turn('warm up'));
  });

  for (const [name, text] of FIXED.slice(0, 14)) {
    for (const kind of ['dm', 'channel'] as const) {
      it(`${name} in a ${kind}`, async () => {
        const t = turn(text, { conversation: { platform: 'console', tenant: 'T1', conversation: `C-${kind}`, kind } });
        const s = performance.now();
        const replies = await app.bot.handle(t);
        expect(performance.now() - s, name).toBeLessThan(TURN_BUDGET_MS);
        expect(replies.length).toBeGreaterThan(0);
        expect(JSON.stringify(replies)).not.toMatch(/at \S+\.(ts|js):\d+/); // no stack trace
      });
    }
  }
});
