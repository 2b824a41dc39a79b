/**
 * A self-check answer in the officer's own words ("we have a policy on paper but no budget", "wir haben
 * nur ein Konzept", "частково, є план але нема бюджету"): which answer it clearly means, from the word
 * lists in content/words/selfcheck-answers.json. Token checks, linear in the text.
 *
 * Three kinds of wording say how sure the officer is, and the first of them in the message decides
 * (leftmost, then longest: "not yet fully" is partly, "not yet" alone is not):
 *   - "unknown": don't know ("weiß ich nicht", "no lo sé", "не знаю", "not sure") is Don't know, never the
 *     No of the "nicht" / "no" / "не" it contains;
 *   - "not-yet": a hedged negative ("not yet", "not really", "noch nicht", "pas vraiment", "ще ні") is No:
 *     nothing is in place yet, which is what No scores; what follows ("not really, we only started last
 *     year", "noch nicht, nur ein Entwurf") is context, kept as the note, not a Partly;
 *   - "partly": a hedge ("but", "only", "no budget", "teilweise") is Partly.
 * Else a negation means No, else an affirmation Yes; none of these is unclear.
 */
import { tokenize, wordLists, type WordHit } from '../core/words.js';
import type { Response } from './scoring.js';

export const MAX_NOTE = 500;

const FIRST_SAYS: ReadonlyArray<[list: string, answer: Response]> = [
  ['unknown', 'unknown'],
  ['not-yet', 'no'],
  ['partly', 'partly'],
];

export function freeAnswer(text: string, locale: string): Response | undefined {
  const tokens = tokenize(text.slice(0, 2000));
  if (tokens.length === 0) return undefined;
  // The user's language only: short words mean different things across languages (pt "só", de "so").
  const w = wordLists('selfcheck-answers', locale);
  let first: { hit: WordHit; answer: Response } | undefined;
  for (const [list, answer] of FIRST_SAYS) {
    const hit = w[list]!.find(tokens);
    if (hit && (!first || hit.from < first.hit.from || (hit.from === first.hit.from && hit.to > first.hit.to))) first = { hit, answer };
  }
  if (first) return first.answer;
  if (w['no']!.has(tokens)) return 'no';
  if (w['yes']!.has(tokens)) return 'yes';
  return undefined;
}

/** The note kept with an answer: the officer's words, trimmed. */
export const noteOf = (text: string) => text.trim().replace(/\s+/g, ' ').slice(0, MAX_NOTE);

/** Whether the text speaks about the city or its people ("we", "our", "unsere", "у нас"): an answer in words. */
export function aboutUs(text: string, locale: string): boolean {
  return wordLists('selfcheck-answers', locale)['about-us']!.has(tokenize(text.slice(0, 2000)));
}
