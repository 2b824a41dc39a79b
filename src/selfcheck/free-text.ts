/**
 * A self-check answer in the officer's own words ("we have a policy on paper but no budget", "wir haben
 * nur ein Konzept", "частково, є план але нема бюджету"): which of yes / partly / no it clearly means, from
 * the word lists in content/words/selfcheck-answers.json. A hedge ("but", "only", "no budget", "teilweise")
 * means partly; else a negation means no; else an affirmation means yes; nothing of these is unclear.
 * Token checks, linear in the text.
 */
import { tokenize, wordLists } from '../core/words.js';
import type { Response } from './scoring.js';

export const MAX_NOTE = 500;

export function freeAnswer(text: string, locale: string): Exclude<Response, 'unknown'> | undefined {
  const tokens = tokenize(text.slice(0, 2000));
  if (tokens.length === 0) return undefined;
  // The user's language only: short words mean different things across languages (pt "só", de "so").
  const w = wordLists('selfcheck-answers', locale);
  if (w['partly']!.has(tokens)) return 'partly';
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
