/**
 * Issue 19 item 1: one message must not freeze the server. A 40,000-character text (Slack's limit)
 * made of the words the intents' patterns and phrases look for, or of long runs of word characters,
 * spaces or punctuation, goes to every intent's `match`, to the router and to a whole bot turn, each
 * with a time budget. Before the fix, "send the channel " x 2,352 took over a minute in `match`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { intents } from '../intents/index.js';
import { PHRASES_DIR } from '../src/core/phrases.js';
import { classify, route } from '../src/core/router.js';
import { testApp, turn, type TestApp } from './helpers/app.js';

const MAX = 40_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
/** Per call; a bounded prefix takes ~1 ms, the cubic chains took seconds. Generous for a loaded CI box. */
const MATCH_BUDGET_MS = 50;
const TURN_BUDGET_MS = 1_500;

const fill = (s: string, n = MAX) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

/** Words the English patterns look for, and every word of every phrase file (all languages). */
const PATTERN_WORDS = [
  'send', 'post', 'give', 'the', 'this', 'our', 'my', 'channel', 'group', 'team', 'chat', 'tips', 'tip', 'digest', 'weekly', 'every', 'each',
  'monday', 'mon', 'tues', 'fri', 'nudge', 'how', 'did', 'do', 'cities', 'city', 'which', 'what', 'good', 'best', 'learn', 'from', 'opt', 'in', 'out',
  'contacts', 'peers', 'peer', 'find', 'suggest', 'introductions', 'share', 'with', 'working', 'my city is', 'language', 'speak', 'parla', 'set',
  'pause', 'hold', 'for', 'weeks', 'turn', 'back', 'on', 'off', 'topics', 'about', 'at', '9', '09:00', 'Europe/Rome', 'area:', 'country:',
  'self-check', 'assess', 'privacy', 'delete', 'export', 'help', 'what can you do', 'моє місто', 'search', 'look up', 'practices',
];
function phraseWords(): string[] {
  const out = new Set<string>();
  for (const f of readdirSync(PHRASES_DIR).filter((n) => n.endsWith('.json'))) {
    const file = JSON.parse(readFileSync(join(PHRASES_DIR, f), 'utf8')) as { groups: Array<{ phrases: Record<string, string[]> }> };
    for (const g of file.groups)
      for (const list of Object.values(g.phrases))
        for (const p of list) for (const w of p.replace(/[\^$*]|\.\.\./g, ' ').split(/\s+/)) if (w) out.add(w);
  }
  return [...out];
}
const WORDS = [...PATTERN_WORDS, ...phraseWords()];
const SEPARATORS = [' ', '  ', '\n', '-', "'", ':', ', ', '. ', '\t', ' … '];

/** Fixed adversarial texts: the reported one, repeated phrase fragments, and long runs. */
const FIXED: Array<[string, string]> = [
  ['send the channel x2352 (the report)', fill('send the channel ')],
  ['weekly', fill('weekly ')],
  ['every monday', fill('every monday ')],
  ['tips every', fill('tips every ')],
  ['how did', fill('how did ')],
  ['which cities', fill('which cities ')],
  ['learn from', fill('learn from ')],
  ['opt in', fill('opt in ')],
  ['find', fill('find ')],
  ['my city is + newline', fill('my city is \n')],
  ['language + spaces', 'language' + ' '.repeat(MAX - 9) + 'x'],
  ['pause', fill('pause ')],
  ['comment (fr phrase)', fill('comment ')],
  ['як (uk phrase)', fill('як ')],
  ['word characters', 'a'.repeat(MAX)],
  ['spaces', ' '.repeat(MAX)],
  ['newlines', '\n'.repeat(MAX)],
  ['punctuation', fill('!.,;:-')],
  ['apostrophes', fill("'")],
  ['angle brackets', fill('<')],
  ['colon words', fill('a:')],
  ['digits', '9'.repeat(MAX)],
  ['hyphens', fill('a-')],
  ['emoji', fill('😀 ')],
];

/** fast-check: texts of 40k characters from a random cycle of pattern words and separators. */
const adversarial = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 8 })
  .map((parts) => fill(parts.map(([w, s]) => w + s).join('')));

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
