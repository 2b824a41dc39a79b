/**
 * Word lists in content (content/words/<name>.json): what people type for one meaning ("stop the weekly
 * tips", "more", "the second one"), per language, matched on words rather than with regular expressions.
 *
 * Why not more regexes: the lists are long, per language, and read by translators; and a token scan is
 * linear in the text whatever the list holds (no backtracking), so a 40k-character message costs one pass.
 *
 * Entry syntax (a subset of content/intents' phrase syntax, without "..."):
 *   words      whole words, next to each other, anywhere in the message (case, accents, punctuation ignored)
 *   word*      the word with any ending ("arrête*" = arrête, arrêter, arrêtez)
 *   a|b|c*     one word, any of these ("set|change|switch"), each one word
 *   ^words     the message starts with them;   words$   the message ends with them
 *
 * File shape: `{ "<list>": { "<lang>": ["entry", ...] } }`; a list's languages are all tried, so a
 * German word typed by a user whose language is set to English still works.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../package-root.js';
import { ContentError } from './errors.js';
import { fold, NETWORK_LANGUAGES, splitAnchors } from './phrases.js';

/** The package's content/words: where word lists are read before an app names its CONTENT_DIR. */
export const WORDS_DIR = join(PACKAGE_ROOT, 'content', 'words');

let wordsDir = WORDS_DIR;

/**
 * Word lists are read from `<contentDir>/words` from now on (createApp passes CONTENT_DIR, as it does to
 * `usePhrasesFrom`), so a deployment's own content changes what users can type, not only the phrases.
 */
export function useWordsFrom(contentDir: string): void {
  wordsDir = join(contentDir, 'words');
}

/** Where word lists are read from now. */
export function currentWordsDir(): string {
  return wordsDir;
}

/** One word of a message: its folded form and where it is in the original text. */
export interface Token {
  word: string;
  start: number;
  end: number;
}

const TOKEN_RE = /[\p{L}\p{N}\p{M}]+/gu;

/** Folded words, kept: a turn tokenizes its text several times (router, intents), and words repeat across turns. */
const foldedWords = new Map<string, string>();
const FOLDED_WORDS_MAX = 50_000;
const FOLDED_WORD_CHARS = 40;

function foldWord(w: string): string {
  if (w.length > FOLDED_WORD_CHARS) return fold(w);
  let f = foldedWords.get(w);
  if (f === undefined) {
    f = fold(w);
    if (foldedWords.size >= FOLDED_WORDS_MAX) foldedWords.clear();
    foldedWords.set(w, f);
  }
  return f;
}

/** The message's words, folded (lower case, no accents), with their offsets in the original text. Linear. */
export function tokenize(text: string, max = 50_000): Token[] {
  const out: Token[] = [];
  for (const m of text.slice(0, max).matchAll(TOKEN_RE)) {
    const word = foldWord(m[0]);
    if (word) out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

interface WordAlt {
  word: string;
  prefix: boolean;
}

interface Entry {
  /** One position per word; `a|b` gives a position several alternatives. */
  words: WordAlt[][];
  start: boolean;
  end: boolean;
  raw: string;
}

function compileEntry(raw: string): Entry | string {
  const { body: s, start, end } = splitAnchors(raw);
  const words: Entry['words'] = [];
  for (const w of s.trim().split(/\s+/)) {
    if (w.includes('|')) {
      const alts: WordAlt[] = [];
      for (const alt of w.split('|')) {
        const prefix = alt.endsWith('*');
        const stem = prefix ? alt.slice(0, -1) : alt;
        if (/[*^$]/.test(stem) || stem.includes('...')) return `"${w}": * goes only at the end of a word, ^ only first and $ only last; "..." is not allowed here`;
        const folded = fold(stem);
        // One position, so one word each: "l'école" (two words once folded) cannot be an alternative.
        if (!folded || folded.includes(' ')) return `"${alt}" in "${w}" must be one word`;
        alts.push({ word: folded, prefix });
      }
      words.push(alts);
      continue;
    }
    const prefix = w.endsWith('*');
    const stem = prefix ? w.slice(0, -1) : w;
    if (/[*^$]/.test(stem) || stem.includes('...')) return `"${w}": * goes only at the end of a word, ^ only first and $ only last; "..." is not allowed here`;
    const folded = fold(stem);
    if (!folded) return `"${w}" has no letters or digits`;
    const parts = folded.split(' ');
    parts.forEach((p, i) => words.push([{ word: p, prefix: prefix && i === parts.length - 1 }]));
  }
  return { words, start, end, raw };
}

const EntrySchema = z
  .string()
  .min(1)
  .max(80)
  .superRefine((e, ctx) => {
    const r = compileEntry(e);
    if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
  });

export const WordListsSchema = z.record(
  z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a list name is a lowercase slug'),
  z.partialRecord(z.enum(NETWORK_LANGUAGES), z.array(EntrySchema).min(1)),
);

/** A match: the list's entry and the tokens it covered (`from` inclusive, `to` exclusive). */
export interface WordHit {
  entry: string;
  from: number;
  to: number;
}

export interface WordList {
  /** The first (leftmost, then longest) place where an entry matches, or null. */
  find(tokens: readonly Token[]): WordHit | null;
  has(tokens: readonly Token[]): boolean;
}

const tokenMatches = (t: string, alts: readonly WordAlt[]) => alts.some((w) => (w.prefix ? t.startsWith(w.word) : t === w.word));

export function compileWordList(entries: readonly string[]): WordList {
  const compiled = entries.map(compileEntry).filter((e): e is Entry => typeof e !== 'string');
  // Entries by their first word, so a message is only tried against the entries that can start at each
  // of its words (lists run to hundreds of entries, and every intent's match reads several lists).
  const byFirst = new Map<string, number[]>();
  const byPrefix: Array<[prefix: string, entry: number]> = [];
  compiled.forEach((e, i) => {
    for (const alt of e.words[0] ?? []) {
      if (alt.prefix) byPrefix.push([alt.word, i]);
      else byFirst.set(alt.word, [...(byFirst.get(alt.word) ?? []), i]);
    }
  });
  const startingAt = (word: string): number[] => {
    const out = [...(byFirst.get(word) ?? [])];
    for (const [prefix, i] of byPrefix) if (word.startsWith(prefix)) out.push(i);
    // In list order, so that of two equally long matches at one place the earlier entry wins.
    return out.length > 1 ? [...new Set(out)].sort((a, b) => a - b) : out;
  };
  const find = (tokens: readonly Token[]): WordHit | null => {
    // Leftmost first, then longest: the first position where any entry matches decides.
    for (let i = 0; i < tokens.length; i++) {
      let best: WordHit | null = null;
      for (const k of startingAt(tokens[i]!.word)) {
        const e = compiled[k]!;
        const n = e.words.length;
        if (e.start && i !== 0) continue;
        if (i + n > tokens.length || (e.end && i + n !== tokens.length)) continue;
        let ok = true;
        for (let j = 1; j < n && ok; j++) ok = tokenMatches(tokens[i + j]!.word, e.words[j]!);
        if (ok && (!best || i + n > best.to)) best = { entry: e.raw, from: i, to: i + n };
      }
      if (best) return best;
    }
    return null;
  };
  return { find, has: (tokens) => find(tokens) !== null };
}

export type WordLists = Record<string, WordList>;

const cache = new Map<string, WordLists>();
const files = new Map<string, z.infer<typeof WordListsSchema>>();

/**
 * content/words/<name>.json, validated (problems become a ContentError naming file, list and field),
 * compiled once: every language's entries together, or with `locale` only that language's (English
 * where a list has none for it), for lists whose short words mean different things in different
 * languages (Portuguese "só" folds to German "so").
 */
export function wordLists(name: string, locale?: string, dir: string = wordsDir): WordLists {
  const path = join(dir, `${name}.json`);
  const cacheKey = `${path}\u0000${locale ?? ''}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const data = readWordLists(path);
  const lists: WordLists = {};
  for (const [list, byLang] of Object.entries(data)) {
    const own = locale ? (byLang as Record<string, string[]>)[locale] ?? byLang.en ?? [] : Object.values(byLang).flat();
    lists[list] = compileWordList(own);
  }
  cache.set(cacheKey, lists);
  return lists;
}

function readWordLists(path: string): z.infer<typeof WordListsSchema> {
  const known = files.get(path);
  if (known) return known;
  const file = relative(process.cwd(), path);
  if (!existsSync(path)) throw new ContentError(file, '', '(file)', 'is missing');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ContentError(file, '', '(json)', `is not valid JSON: ${(err as Error).message}`);
  }
  const res = WordListsSchema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    throw new ContentError(file, String(issue.path[0] ?? ''), issue.path.map(String).join('.') || '(record)', issue.message);
  }
  files.set(path, res.data);
  return res.data;
}

/** Validates every content/words/*.json of a content directory (the loader calls it, so `content check` covers them). */
export function checkWordListsDir(dir: string): number {
  if (!existsSync(dir)) return 0;
  const names = readdirSync(dir).filter((f) => f.endsWith('.json'));
  for (const f of names) readWordLists(join(dir, f));
  return names.length;
}

/** The list `list` of content/words/<name>.json; an unknown list name is a programming error. */
export function wordList(name: string, list: string): WordList {
  const l = wordLists(name)[list];
  if (!l) throw new Error(`content/words/${name}.json has no list "${list}"`);
  return l;
}

/** The text after the first phrase of `list` found in it ("nous sommes la ville de Lyon" -> "Lyon"), or undefined. Linear. */
export function afterPhrase(list: WordList, text: string): string | undefined {
  const tokens = tokenize(text);
  const hit = list.find(tokens);
  if (!hit) return undefined;
  return text.slice(tokens[hit.to - 1]!.end).replace(/^[\s\p{P}\p{S}]+/u, '');
}
