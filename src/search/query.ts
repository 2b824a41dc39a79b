/**
 * Turns what people type into a structured query: free-text terms plus filters on area, country and
 * city, given either as `area:education` or in words ("education practices in Norway").
 * Never throws: lunr's syntax characters are just separators here, because queries are built
 * through lunr's query API rather than its query-string parser.
 */
import { AREA_IDS, type AreaId } from '../content/schemas.js';
import { fold, words, QUERY_STOPWORDS } from './text.js';
import { CITY_WORDS } from './country-adjectives.js';
import { isStopword, rawWords } from './analysis.js';

export interface Filters {
  areas: AreaId[];
  countries: string[];
  cities: string[];
}

export interface ParsedQuery {
  /** The text as the user typed it, trimmed (for echoing back, escaped by the adapter). */
  raw: string;
  /** Content words to search for, folded, stopwords removed. */
  terms: string[];
  /** Each term as typed (lowercase, not folded: Ukrainian is stemmed before folding). */
  rawTerms?: string[];
  /**
   * Each term's part of the question, numbered from 0: "and", "or" and their equivalents in the
   * network's languages separate parts ("Sprachcafés und Digitalisierung der Bürgerämter"), each of
   * which may be answered on its own (relevance.ts). Absent: one part.
   */
  segments?: number[];
  filters: Filters;
}

/** Words joining the parts of a question, folded (and/or in the network's languages). */
const CONJUNCTIONS = new Set(['and', 'or', 'et', 'ou', 'y', 'o', 'e', 'ed', 'und', 'oder', 'sowie', 'та', 'і', 'и', 'або', 'чи']);

export interface Vocabulary {
  /** Folded country name -> display name. */
  countries: Map<string, string>;
  /** Folded city name or alias -> display name. */
  cities: Map<string, string>;
  /** Folded area phrase (id with spaces, English name, synonyms) -> area id. */
  areas: Map<string, AreaId>;
  /** Folded country adjective ("spanish", "deutschen", "українських") -> country display name (country-adjectives.ts). */
  adjectives?: Map<string, string>;
}

const FIELD_RE = /\b(area|country|city)\s*:\s*("([^"]*)"|'([^']*)'|([^\s,;]+))/giu;
const FIELD_START_RE = /\b(?:area|country|city)\s*:/iu;

/** Whether a text uses the query syntax's fields ("area:", "country:", "city:"): a search whatever the language. */
export function hasQueryField(text: string): boolean {
  return FIELD_START_RE.test(text);
}

/** Whether a query is one `area:<id>` field and nothing else: what an area button searches for. */
export function isAreaOnlyQuery(text: string): boolean {
  return /^area:\S+$/u.test(text);
}

function phraseRegex(phrase: string): RegExp {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s-]+');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, 'u');
}

/** [start, end) of a phrase's first whole-word occurrence in a text, or undefined. */
type Finder = (text: string) => [number, number] | undefined;

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** Is the code point ending just before `i` a letter or digit? (A surrogate pair counts as one.) */
function wordCharBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  let j = i - 1;
  const c = text.charCodeAt(j);
  if (c >= 0xdc00 && c <= 0xdfff && j > 0) {
    const high = text.charCodeAt(j - 1);
    if (high >= 0xd800 && high <= 0xdbff) j--;
  }
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(j)!));
}

function wordCharAt(text: string, i: number): boolean {
  return i < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i)!));
}

/**
 * What `phraseRegex(phrase)` finds, without a Unicode-class regex per phrase: V8 compiles each
 * such regex to native code on its second use, about 1 ms apiece, and a large city list has
 * thousands. The phrase itself becomes a plain regex (words joined by [\s-]+); the whole-word
 * boundaries are checked with one shared Unicode test.
 */
function phraseFinder(phrase: string): Finder {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s-]+');
  if (!/^[\p{L}\p{N}]/u.test(phrase)) {
    // Never for real names (they start with a letter); the general regex keeps the old behaviour.
    const re = phraseRegex(phrase);
    return (text) => {
      const m = re.exec(text);
      return m ? [m.index + m[1]!.length, m.index + m[0].length] : undefined;
    };
  }
  const core = new RegExp(escaped, 'g');
  return (text) => {
    core.lastIndex = 0;
    for (;;) {
      const m = core.exec(text);
      if (!m) return undefined;
      const start = m.index;
      const end = start + m[0].length;
      if (!wordCharBefore(text, start) && !wordCharAt(text, end)) return [start, end];
      core.lastIndex = start + 1;
    }
  };
}

interface PhraseEntry<T> {
  phrase: string;
  words: string[];
  value: T;
  /** Built on first use: most of a large city list is never mentioned. */
  find?: Finder;
}

interface PhraseTable<T> {
  /** Longest first, so "public space" wins over "space"; equal lengths keep the table's order. */
  phrases: Array<PhraseEntry<T>>;
  /** Word -> positions in `phrases` of the phrases containing it. */
  byWord: Map<string, number[]>;
  /** Phrases without words (never in practice; kept so they behave as before). */
  wordless: number[];
  /** The table's size when indexed (vocabulary maps are built once; this guards against edits). */
  size: number;
}

// Indexed once per vocabulary table: with thousands of cities, building a regex per city per query
// cost more than the search itself.
const tables = new WeakMap<Map<string, unknown>, PhraseTable<unknown>>();

function phraseTable<T>(table: Map<string, T>): PhraseTable<T> {
  let t = tables.get(table) as PhraseTable<T> | undefined;
  if (!t || t.size !== table.size) {
    const phrases: Array<PhraseEntry<T>> = [...table.keys()].sort((a, b) => b.length - a.length).map((phrase) => ({ phrase, words: words(phrase), value: table.get(phrase)! }));
    const byWord = new Map<string, number[]>();
    const wordless: number[] = [];
    phrases.forEach((p, i) => {
      if (p.words.length === 0) wordless.push(i);
      for (const w of new Set(p.words)) {
        const list = byWord.get(w);
        if (list) list.push(i);
        else byWord.set(w, [i]);
      }
    });
    t = { phrases, byWord, wordless, size: table.size };
    tables.set(table, t as PhraseTable<unknown>);
  }
  return t;
}

/** Replaces a found occurrence with a space, as `text.replace(phraseRegex(phrase), '$1 ')` does. */
function cut(text: string, [start, end]: [number, number]): string {
  return `${text.slice(0, start)} ${text.slice(end)}`;
}

/** Longest phrases first, so "public space" wins over "space". */
function findPhrases<T>(text: string, table: Map<string, T>): Array<{ phrase: string; value: T; find: Finder }> {
  const found: Array<{ phrase: string; value: T; find: Finder }> = [];
  const { phrases, byWord, wordless } = phraseTable(table);
  // A phrase can only match when every one of its words is a word of the text.
  const present = new Set(words(text));
  const candidates = new Set<number>(wordless);
  for (const w of present) for (const i of byWord.get(w) ?? []) candidates.add(i);
  let rest = text;
  for (const i of [...candidates].sort((a, b) => a - b)) {
    const entry = phrases[i]!;
    if (!entry.words.every((w) => present.has(w))) continue;
    const find = (entry.find ??= phraseFinder(entry.phrase));
    const at = find(rest);
    if (at) {
      found.push({ phrase: entry.phrase, value: entry.value, find });
      rest = cut(rest, at);
    }
  }
  return found;
}

/** Removes the first whole-word occurrence of a phrase. */
function stripPhrase(text: string, find: Finder): string {
  const at = find(text);
  return at ? cut(text, at) : text;
}

/** Index the vocabulary's phrase tables now (at start-up) rather than on the first query. */
export function prepareVocabulary(vocab: Vocabulary): void {
  phraseTable(vocab.countries);
  phraseTable(vocab.cities);
  phraseTable(vocab.areas);
}

export function parseQuery(input: string, vocab: Vocabulary): ParsedQuery {
  const raw = input.trim().slice(0, 500);
  let text = fold(raw);
  const filters: Filters = { areas: [], countries: [], cities: [] };
  const add = <K extends keyof Filters>(k: K, v: Filters[K][number]) => {
    if (!(filters[k] as string[]).includes(v as string)) (filters[k] as string[]).push(v as string);
  };

  // Explicit field filters: area:education country:"united kingdom" city:oslo
  text = text.replace(FIELD_RE, (_m, field: string, _all, dq?: string, sq?: string, bare?: string) => {
    const value = fold((dq ?? sq ?? bare ?? '').trim());
    if (!value) return ' ';
    if (field === 'area') {
      const id = vocab.areas.get(value) ?? vocab.areas.get(value.replace(/-/g, ' ')) ?? (AREA_IDS as readonly string[]).find((a) => a.startsWith(value));
      if (id) add('areas', id as AreaId);
    } else if (field === 'country') {
      add('countries', vocab.countries.get(value) ?? value);
    } else {
      add('cities', vocab.cities.get(value) ?? value);
    }
    return ' ';
  });

  for (const { value, find } of findPhrases(text, vocab.countries)) {
    add('countries', value);
    text = stripPhrase(text, find);
  }
  text = countryByAdjective(text, vocab, (c) => add('countries', c));
  for (const { value, find } of findPhrases(text, vocab.cities)) {
    add('cities', value);
    text = stripPhrase(text, find);
  }

  // Area words filter only when nothing else is asked for ("education practices in Norway");
  // otherwise they stay search terms, so "anti-rumour education" still finds anti-rumour work.
  const areaHits = findPhrases(text, vocab.areas);
  let withoutAreas = text;
  for (const { find } of areaHits) withoutAreas = stripPhrase(withoutAreas, find);
  const remaining = words(withoutAreas).filter((w) => !stop(w));
  if (areaHits.length > 0 && remaining.length === 0) {
    for (const { value } of areaHits) add('areas', value);
    text = withoutAreas;
  }

  // Nobody types a 40-letter word on purpose; capping length keeps typo matching cheap.
  const segmentOf = new Map<string, number>();
  let segment = 0;
  for (const w of words(text)) {
    if (CONJUNCTIONS.has(w)) {
      if (segmentOf.size > 0) segment = Math.max(...segmentOf.values()) + 1;
    } else if (!stop(w) && w.length <= 40 && !segmentOf.has(w)) segmentOf.set(w, segment);
  }
  const terms = [...segmentOf.keys()].slice(0, 16);
  const rawOf = new Map<string, string>();
  for (const w of rawWords(raw)) if (!rawOf.has(fold(w))) rawOf.set(fold(w), w);
  const segments = terms.map((t) => segmentOf.get(t)!);
  return { raw, terms, rawTerms: terms.map((t) => rawOf.get(t) ?? t), ...(segments.some((x) => x > 0) ? { segments } : {}), filters };
}

/** "Spanish cities", "città italiane": the country filter, and the adjective taken out of the text. */
function countryByAdjective(text: string, vocab: Vocabulary, add: (country: string) => void): string {
  const adjectives = vocab.adjectives;
  if (!adjectives || adjectives.size === 0) return text;
  const ws = words(text);
  let out = text;
  for (let i = 0; i < ws.length; i++) {
    for (const n of [2, 1]) {
      const key = ws.slice(i, i + n).join(' ');
      const country = adjectives.get(key);
      if (!country || !(CITY_WORDS.has(ws[i - 1] ?? '') || CITY_WORDS.has(ws[i + n] ?? ''))) continue;
      add(country);
      out = stripPhrase(out, phraseFinder(key));
      i += n - 1;
      break;
    }
  }
  return out;
}

/** Stop words of every network language, question words and this domain's generic words. */
function stop(w: string): boolean {
  return QUERY_STOPWORDS.has(w) || isStopword(w);
}

export function hasFilters(f: Filters): boolean {
  return f.areas.length + f.countries.length + f.cities.length > 0;
}
