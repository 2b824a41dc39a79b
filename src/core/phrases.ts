/**
 * Multilingual routing phrases: what users type, per intent and language, in
 * content/intents/<intent>.json, validated by zod.
 *
 * Why content and not regexes in each intent file: eleven languages times every intent is a long
 * list that translators and the network's staff should be able to read and extend without writing
 * regular expressions (or knowing that JS `\b` ignores Cyrillic letters). One file per intent (not
 * one per language) so parallel feature branches never edit the same file, and so one meaning
 * ("how did other cities ...") sits with its translations side by side. The intent file still owns
 * its matching: `phraseMatcher('<intent>')`, with every language (English included) in the file.
 *
 * Phrase syntax, kept tiny on purpose:
 *   words          whole words, in order; case, accents, hyphens, apostrophes and punctuation are ignored
 *   word*          the word with any ending ("pratique*" = pratique, pratiques)
 *   a|b|c*         one word, any of these ("send|post|give"): one line instead of every combination
 *   a ... b        a, then b later in the message
 *   ^phrase        the message starts with it;   phrase$  the message ends with it (so ^aide$ = only "aide")
 *
 * The files are read from the app's content directory (CONTENT_DIR, which createApp passes to
 * `usePhrasesFrom`); until then, from the package's own content/intents (CONTENT_DIR's default), so
 * a routing test without an app routes the same. The loader validates them too, so
 * `icc-assistant content check` reports a broken phrase file like any other content error.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../package-root.js';
import { ContentError } from './errors.js';
import { inOrder } from './intent.js';
import { MATCH_TEXT_CHARS, boundText } from './text-limits.js';

/** The network's languages (ISO 639-1; `no` is Norwegian, as in content/i18n). */
export const NETWORK_LANGUAGES = ['en', 'fr', 'es', 'it', 'de', 'pt', 'uk', 'ca', 'no', 'ja', 'ko'] as const;
export type NetworkLanguage = (typeof NETWORK_LANGUAGES)[number];

/** The package's content/intents: where phrases are read before an app names its CONTENT_DIR. */
export const PHRASES_DIR = join(PACKAGE_ROOT, 'content', 'intents');

let phrasesDir = PHRASES_DIR;

/** Routing phrases are read from `<contentDir>/intents` from now on (createApp passes CONTENT_DIR). */
export function usePhrasesFrom(contentDir: string): void {
  phrasesDir = join(contentDir, 'intents');
}

/** Where routing phrases are read from now. */
export function currentPhrasesDir(): string {
  return phrasesDir;
}

/** Lower case, no accents, words separated by single spaces: the form phrases and texts are compared in. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Every intent folds the same message when the router classifies it: remember the last one, and its words.
let lastText: string | undefined;
let lastFolded = '';
let lastWords: readonly string[] = [];
function foldOnce(text: string): { folded: string; words: readonly string[] } {
  if (text !== lastText) {
    lastFolded = fold(text);
    lastWords = [...new Set(lastFolded.split(' '))];
    lastText = text;
  }
  return { folded: lastFolded, words: lastWords };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The phrase as a RegExp over folded text, or a string saying what is wrong with it. */
export function compilePhrase(raw: string): RegExp | string {
  const c = compilePhraseParts(raw);
  return typeof c === 'string' ? c : c.re;
}

interface CompiledPhrase {
  /** The whole phrase as one RegExp (what `compilePhrase` returns; tests and validation use it). */
  re: RegExp;
  /**
   * The same phrase for matching: one RegExp per "..." segment, searched left to right (`inOrder`), so a
   * phrase costs one pass over the text instead of backtracking through every word between its segments.
   */
  segments: RegExp[];
  /**
   * The phrase's first word (folded; several for `a|b`), one of which any matching text contains as a
   * whole word (or, when `prefix`, as a word's start).
   */
  first: Array<{ word: string; prefix: boolean }>;
}

/** `^phrase$` -> the phrase and whether it is anchored at the message's start and end (phrases and word lists alike). */
export function splitAnchors(raw: string): { body: string; start: boolean; end: boolean } {
  let body = raw.trim();
  const start = body.startsWith('^');
  if (start) body = body.slice(1);
  const end = body.endsWith('$');
  if (end) body = body.slice(0, -1);
  return { body, start, end };
}

function compilePhraseParts(raw: string): CompiledPhrase | string {
  const { body: s, start, end } = splitAnchors(raw);
  const segments = s.split(/\s*\.\.\.\s*/);
  if (segments.some((seg) => !seg.trim())) return '"..." must stand between two words';
  const parts: string[] = [];
  let first: CompiledPhrase['first'] | undefined;
  for (const seg of segments) {
    const words: string[] = [];
    for (const w of seg.trim().split(/\s+/)) {
      const alternatives: string[] = [];
      const firsts: CompiledPhrase['first'] = [];
      for (const alt of w.split('|')) {
        const wild = alt.endsWith('*');
        const stem = wild ? alt.slice(0, -1) : alt;
        if (/[*^$]/.test(stem)) return `"${w}": * goes only at the end of a word, ^ only first and $ only last`;
        const folded = fold(stem);
        if (!folded) return `"${alt}" has no letters or digits`;
        // A word that folds to several ("l'école" -> "l ecole") still starts with the first of them.
        firsts.push({ word: folded.split(' ')[0]!, prefix: wild && !folded.includes(' ') });
        alternatives.push(escapeRe(folded) + (wild ? '\\S*' : ''));
      }
      first ??= firsts;
      words.push(alternatives.length === 1 ? alternatives[0]! : `(?:${alternatives.join('|')})`);
    }
    parts.push(words.join(' '));
  }
  const re = new RegExp(`${start ? '^' : '(?:^| )'}${parts.join('(?: \\S+)*? ')}${end ? '$' : '(?= |$)'}`, 'u');
  // Segment i starts a word (at the start, or after a space) and ends one; the first may be anchored at
  // the text's start and the last at its end. Folded text has single spaces, so this is `re` exactly.
  const ordered = parts.map((p, i) => new RegExp(`${i === 0 && start ? '^' : '(?:^| )'}${p}${i === parts.length - 1 && end ? '$' : '(?= |$)'}`, 'gu'));
  return { re, segments: ordered, first: first! };
}

const PhraseSchema = z
  .string()
  .min(1)
  .max(120)
  .superRefine((p, ctx) => {
    const r = compilePhrase(p);
    if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
  });

export const IntentPhrasesSchema = z
  .object({
    intent: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be the intent name'),
    groups: z
      .array(
        z
          .object({
            /** What the phrases mean, e.g. "how-did-cities"; names the group in errors. */
            id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug'),
            /** Confidence 0..1 given to the intent when one of the phrases matches (the router's threshold is 0.5). */
            weight: z.number().gt(0).max(1),
            phrases: z.partialRecord(z.enum(NETWORK_LANGUAGES), z.array(PhraseSchema).min(1)),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type IntentPhrases = z.infer<typeof IntentPhrasesSchema>;

export interface PhraseHit {
  weight: number;
  group: string;
  locale: NetworkLanguage;
  phrase: string;
}

export interface CompiledPhrases {
  intent: string;
  /** The best matching phrase (highest weight), or null. */
  best(text: string): PhraseHit | null;
  /** Confidence for `Intent.match`: the best hit's weight, or null. */
  match(text: string): number | null;
}

export function compilePhrases(file: IntentPhrases): CompiledPhrases {
  const compiled: Array<CompiledPhrase & PhraseHit> = [];
  for (const g of file.groups)
    for (const [locale, phrases] of Object.entries(g.phrases) as Array<[NetworkLanguage, string[]]>)
      for (const phrase of phrases) {
        const c = compilePhraseParts(phrase);
        if (typeof c !== 'string') compiled.push({ ...c, weight: g.weight, group: g.id, locale, phrase });
      }
  compiled.sort((a, b) => b.weight - a.weight);
  // Every message is tested against hundreds of phrases, on every turn. A phrase can only match a
  // text that has its first word, so the regexes run only for phrases whose first word is there.
  const byFirstWord = new Map<string, number[]>();
  // `word*` first words by their stem: a text's word is looked up by each of its beginnings (a few map
  // reads) instead of being compared with every stem of every phrase.
  const byFirstPrefix = new Map<string, number[]>();
  let longestPrefix = 0;
  compiled.forEach((c, i) => {
    for (const f of c.first) {
      const index = f.prefix ? byFirstPrefix : byFirstWord;
      index.set(f.word, [...(index.get(f.word) ?? []), i]);
      if (f.prefix) longestPrefix = Math.max(longestPrefix, f.word.length);
    }
  });
  const candidates = (words: readonly string[]): number[] => {
    const out: number[] = [];
    for (const word of words) {
      const exact = byFirstWord.get(word);
      if (exact) for (const i of exact) out.push(i);
      if (byFirstPrefix.size === 0) continue;
      for (let n = Math.min(word.length, longestPrefix); n >= 1; n--) {
        const stems = byFirstPrefix.get(word.slice(0, n));
        if (stems) for (const i of stems) out.push(i);
      }
    }
    // Lowest index first = highest weight first, as when every phrase is tried in order.
    return out.length > 1 ? [...new Set(out)].sort((a, b) => a - b) : out;
  };
  const best = (text: string): PhraseHit | null => {
    const { folded, words } = foldOnce(boundText(text, MATCH_TEXT_CHARS));
    if (!folded) return null;
    for (const i of candidates(words)) {
      const hit = compiled[i]!;
      if (inOrder(folded, hit.segments)) return { weight: hit.weight, group: hit.group, locale: hit.locale, phrase: hit.phrase };
    }
    return null;
  };
  return { intent: file.intent, best, match: (text) => best(text)?.weight ?? null };
}

/** Reads and validates one phrase file; problems become a ContentError naming file, group and field. */
export function loadIntentPhrases(path: string): IntentPhrases {
  const file = relative(process.cwd(), path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ContentError(file, '', code ? '(file)' : '(json)', code ? `cannot be read: ${code}` : `is not valid JSON: ${(err as Error).message}`);
  }
  const res = IntentPhrasesSchema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    const [, gi] = issue.path;
    const groups = (raw as { groups?: Array<{ id?: unknown }> })?.groups;
    const gid = typeof gi === 'number' && typeof groups?.[gi]?.id === 'string' ? `group ${groups[gi].id}` : '';
    throw new ContentError(file, gid, issue.path.length ? issue.path.map(String).join('.') : '(record)', issue.message);
  }
  const expected = basename(path, '.json');
  if (res.data.intent !== expected) throw new ContentError(file, '', 'intent', `must be "${expected}", the file's name`);
  return res.data;
}

/** Validates every content/intents/*.json of a content directory (used by the loader). */
export function checkIntentPhrasesDir(dir: string): number {
  if (!existsSync(dir)) return 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  for (const f of files) loadIntentPhrases(join(dir, f));
  return files.length;
}

/**
 * `match` for an intent file: compiled from content/intents/<intent>.json on first use (so a broken
 * file surfaces as a ContentError in the turn's error boundary or the CLI, never at import time),
 * then cached. A missing file means no phrases.
 */
export function phraseMatcher(intent: string, dir?: string): (text: string) => number | null {
  const m = phraseGroupMatcher(intent, dir);
  return (text) => m.best(text)?.weight ?? null;
}

/** Like phraseMatcher, for intents that answer by which group matched (small talk's greeting / thanks / bye). */
export function phraseGroupMatcher(intent: string, dir?: string): { best(text: string): PhraseHit | null } {
  let compiled: CompiledPhrases | null | undefined;
  let compiledFrom = '';
  return {
    best(text) {
      const from = dir ?? phrasesDir;
      if (compiled === undefined || compiledFrom !== from) {
        const path = join(from, `${intent}.json`);
        compiled = existsSync(path) ? compilePhrases(loadIntentPhrases(path)) : null;
        compiledFrom = from;
      }
      return compiled ? compiled.best(text) : null;
    },
  };
}

/** The highest of several confidences, ignoring nulls (null when all are null). */
export function bestOf(...scores: Array<number | null>): number | null {
  const real = scores.filter((s): s is number => s !== null);
  return real.length ? Math.max(...real) : null;
}
