/**
 * Hostile texts for the ReDoS tests (issue 19 item 1): 40,000 characters (Slack's limit) made of the words
 * the intents' patterns and phrase files look for, or long runs of word characters, spaces, punctuation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PHRASES_DIR } from '../../src/core/phrases.js';

export const MAX = 40_000;

export const fill = (s: string, n = MAX) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

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
export const FIXED: Array<[string, string]> = [
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
export const adversarial = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 8 })
  .map((parts) => fill(parts.map(([w, s]) => w + s).join('')));
