/**
 * The language of a longer free text, used only when nothing better is known (no explicit
 * setting, no platform locale): see bot.localeFor.
 *
 * franc (trigram profiles, pure JS, about 300 KB, installs from the npm registry alone) restricted
 * to the network's languages, so a query is never taken for Latin or Interlingua. Short texts and
 * close calls give `undefined` rather than a guess: English is the fallback, and answering an
 * English speaker in Italian because "anti-rumour campaign in Barcelona" has Italian-looking
 * trigrams is worse than answering in the workspace default. So a language other than English
 * must beat English clearly, and any language must beat the runner-up.
 */
import { francAll } from 'franc';
import type { NetworkLanguage } from './phrases.js';

/** Below this many characters (after removing commands, links, mentions and filters) nothing is guessed. */
export const MIN_DETECT_LENGTH = 25;

const FROM_ISO3: Record<string, NetworkLanguage> = {
  eng: 'en',
  fra: 'fr',
  spa: 'es',
  ita: 'it',
  deu: 'de',
  por: 'pt',
  ukr: 'uk',
  cat: 'ca',
  nob: 'no',
  nno: 'no',
  jpn: 'ja',
  kor: 'ko',
};
const ONLY = Object.keys(FROM_ISO3);

/** franc scores the best language 1 and the others relative to it (0..1). */
const RUNNER_UP_MAX = 0.9;
const ENGLISH_MAX = 0.8;

/** The text without what says nothing about its language: `/icc cmd`, links, mentions, `area:x` filters, digits. */
export function languageBearingText(text: string): string {
  return text
    .replace(/^\s*\/?icc\s+\S+/iu, ' ')
    .replace(/https?:\/\/\S+/giu, ' ')
    .replace(/<[^<>]*>/gu, ' ')
    .replace(/[@#]\S+/gu, ' ')
    .replace(/\b[a-z]+:\S+/giu, ' ')
    .replace(/[\p{N}\p{P}\p{S}\s]+/gu, ' ')
    .trim();
}

export interface DetectOptions {
  minLength?: number;
}

/** One of the network's languages, or undefined when the text is short or the call is close. */
/**
 * Short English questions are full of function words that trigram models confuse with French
 * ("what do you store about me?"); when English function words dominate, trust them.
 */
const ENGLISH_FUNCTION_WORDS = new Set(
  'the a an and or of to in on for with about what which who how why when where do does did you your me my i we our is are was were be have has can could would should this that these those other from'.split(' '),
);

function mostlyEnglishFunctionWords(clean: string): boolean {
  const words = clean.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = words.filter((w) => ENGLISH_FUNCTION_WORDS.has(w)).length;
  return hits >= 3 && hits / words.length >= 0.4;
}

export function detectLanguage(text: string | undefined, opts: DetectOptions = {}): NetworkLanguage | undefined {
  if (!text) return undefined;
  const clean = languageBearingText(text.slice(0, 2000));
  if (clean.length < (opts.minLength ?? MIN_DETECT_LENGTH)) return undefined;
  if (mostlyEnglishFunctionWords(clean)) return 'en';
  const scores = new Map<NetworkLanguage, number>();
  for (const [iso3, score] of francAll(clean, { only: ONLY, minLength: 1 })) {
    const lang = FROM_ISO3[iso3];
    if (lang && score > (scores.get(lang) ?? -1)) scores.set(lang, score);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] <= 0) return undefined;
  if (second && second[1] > RUNNER_UP_MAX) return undefined;
  if (best[0] !== 'en' && (scores.get('en') ?? 0) > ENGLISH_MAX) return undefined;
  return best[0];
}
