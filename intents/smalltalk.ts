/**
 * Hello, thanks and goodbye: a short answer in the user's language, never a search. Phrases (whole
 * messages, so "hello, how did cities run anti-rumour work?" stays a search) are in
 * content/intents/smalltalk.json, one group per kind of remark.
 *
 * People string these remarks together ("thanks, bye", "merci et au revoir", "дякую, до побачення").
 * Listing every pair in every language would never end, so a short message is also small talk when it
 * splits wholly into small-talk phrases, optionally joined by words like "and" (content/words/smalltalk.json).
 *
 * The router also sends here what its classifier takes for small talk when no phrase matched ("great,
 * thanks a lot!", "Danke, schönes Wochenende!"). The answer then follows the remarks' words found anywhere
 * in the message (the greeting / thanks / bye lists of content/words/smalltalk.json, well-wishes like
 * "have a nice weekend" or "гарних вихідних" counting as a goodbye): thanks gets the thanks, a goodbye the
 * goodbye, thanks and a goodbye both; the greeting only when the message greets, or says none of these.
 */
import { defineIntent } from '../src/core/intent.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { currentPhrasesDir, fold, loadIntentPhrases, phraseGroupMatcher, splitAnchors, type PhraseHit } from '../src/core/phrases.js';
import { tokenize, wordLists } from '../src/core/words.js';

const phrases = phraseGroupMatcher('smalltalk');
const KINDS = ['greeting', 'thanks', 'bye'] as const;
type Kind = (typeof KINDS)[number];
const isKind = (g: string | undefined): g is Kind => (KINDS as readonly string[]).includes(g ?? '');

/** Longer messages carry a request, even when they open with thanks; they are never split into remarks. */
const MAX_COMBO_WORDS = 10;

const isJoiner = (word: string) => wordLists('smalltalk').joiners?.has(tokenize(word)) ?? false;

/**
 * Every word any small-talk phrase uses (the phrases have no `...` or `word*`, so a piece can only be made
 * of these). A message with any other word, bar joiners, is no string of remarks, and most messages are
 * ruled out here without trying their every run of words as a phrase (routing runs this on every message).
 */
let vocabulary: { dir: string; words: Set<string> } | undefined;
function smalltalkWords(): Set<string> {
  const dir = currentPhrasesDir();
  if (vocabulary?.dir !== dir) {
    const words = new Set<string>();
    const file = join(dir, 'smalltalk.json');
    for (const g of existsSync(file) ? loadIntentPhrases(file).groups : [])
      for (const list of Object.values(g.phrases))
        for (const phrase of list ?? []) for (const w of fold(splitAnchors(phrase).body.replace(/\|/g, ' ')).split(' ')) if (w) words.add(w);
    vocabulary = { dir, words };
  }
  return vocabulary.words;
}

/**
 * The small-talk phrases a message consists of, left to right, when it is two or more of them (each piece
 * matched as a whole message, so no request word can hide inside); null otherwise.
 */
export function smalltalkPieces(text: string): PhraseHit[] | null {
  const words = fold(text.slice(0, 200)).split(' ').filter(Boolean);
  const n = words.length;
  if (n < 2 || n > MAX_COMBO_WORDS) return null;
  const known = smalltalkWords();
  if (words.some((w) => !known.has(w) && !isJoiner(w))) return null;
  // cover[i]: the pieces that cover words[i..], or null when they cannot be covered. Filled right to left.
  const cover: Array<PhraseHit[] | null> = new Array<PhraseHit[] | null>(n + 1).fill(null);
  cover[n] = [];
  for (let i = n - 1; i >= 0; i--) {
    for (let j = n; j > i && !cover[i]; j--) {
      const rest = cover[j];
      if (!rest) continue;
      const hit = phrases.best(words.slice(i, j).join(' '));
      if (hit) cover[i] = [hit, ...rest];
    }
    // A joiner between two remarks ("thanks and bye") belongs to neither.
    if (!cover[i] && i > 0 && cover[i + 1]?.length && isJoiner(words[i]!)) cover[i] = cover[i + 1]!;
  }
  const pieces = cover[0];
  return pieces && pieces.length >= 2 ? pieces : null;
}

/** The remark to answer: a goodbye wins (the user is leaving), then thanks, then a greeting. */
function kindOf(text: string): { kind: Kind; weight: number } | null {
  const whole = phrases.best(text);
  if (whole) return { kind: isKind(whole.group) ? whole.group : 'greeting', weight: whole.weight };
  const pieces = smalltalkPieces(text);
  if (!pieces) return null;
  const groups = pieces.map((p) => p.group);
  const kind = [...KINDS].reverse().find((k) => groups.includes(k)) ?? 'greeting';
  return { kind, weight: Math.max(...pieces.map((p) => p.weight)) };
}

/** The kinds of remark whose words the message holds anywhere (content/words/smalltalk.json), in KINDS order. */
export function remarkKinds(text: string): Kind[] {
  const tokens = tokenize(text, 2000);
  const lists = wordLists('smalltalk');
  return KINDS.filter((k) => lists[k]?.has(tokens));
}

/**
 * What to answer: thanks and a goodbye together get both replies; else a goodbye, then thanks, then a
 * greeting. A whole-message phrase decides alone ("ciao" is a greeting there); otherwise the remarks the
 * message splits into and the remark words found anywhere in it count together.
 */
export function repliesFor(text: string): Kind[] {
  const whole = phrases.best(text);
  const found = new Set<Kind>(whole ? [isKind(whole.group) ? whole.group : 'greeting'] : remarkKinds(text));
  if (!whole) for (const p of smalltalkPieces(text) ?? []) if (isKind(p.group)) found.add(p.group);
  if (found.has('thanks') && found.has('bye')) return ['thanks', 'bye'];
  if (found.has('bye')) return ['bye'];
  if (found.has('thanks')) return ['thanks'];
  return ['greeting'];
}

export default defineIntent({
  name: 'smalltalk',
  description: 'intent.smalltalk.description',
  examples: ['hello', "thanks, that's all"],
  commands: [],
  inHelp: false,
  match: (text) => kindOf(text)?.weight ?? null,
  async handle(_turn, ctx, input) {
    return [{ text: repliesFor(input.text).map((k) => ctx.t(`smalltalk.${k}`)).join(' ') }];
  },
});
