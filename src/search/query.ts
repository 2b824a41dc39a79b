/**
 * Turns what people type into a structured query: free-text terms plus filters on area, country and
 * city, given either as `area:education` or in words ("education practices in Norway").
 * Never throws: lunr's syntax characters are just separators here, because queries are built
 * through lunr's query API rather than its query-string parser.
 */
import { AREA_IDS, type AreaId } from '../content/schemas.js';
import { fold, words, QUERY_STOPWORDS } from './text.js';

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
  filters: Filters;
}

export interface Vocabulary {
  /** Folded country name -> display name. */
  countries: Map<string, string>;
  /** Folded city name or alias -> display name. */
  cities: Map<string, string>;
  /** Folded area phrase (id with spaces, English name, synonyms) -> area id. */
  areas: Map<string, AreaId>;
}

const FIELD_RE = /\b(area|country|city)\s*:\s*("([^"]*)"|'([^']*)'|([^\s,;]+))/giu;

function phraseRegex(phrase: string): RegExp {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s-]+');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, 'u');
}

interface PhraseTable<T> {
  /** Longest first, so "public space" wins over "space"; equal lengths keep the table's order. */
  phrases: Array<{ phrase: string; words: string[]; re?: RegExp; value: T }>;
  /** Word -> positions in `phrases` of the phrases containing it. */
  byWord: Map<string, number[]>;
  /** Phrases without words (never in practice; kept so they behave as before). */
  wordless: number[];
  /** The table's size when compiled (vocabulary maps are built once; this guards against edits). */
  size: number;
}

// Indexed once per vocabulary table: with thousands of cities, building a regex per city per query
// cost more than the search itself.
const tables = new WeakMap<Map<string, unknown>, PhraseTable<unknown>>();

function phraseTable<T>(table: Map<string, T>): PhraseTable<T> {
  let t = tables.get(table) as PhraseTable<T> | undefined;
  if (!t || t.size !== table.size) {
    const phrases = [...table.keys()]
      .sort((a, b) => b.length - a.length)
      .map((phrase) => ({ phrase, words: words(phrase), value: table.get(phrase)! as T, re: undefined as RegExp | undefined }));
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

/** Longest phrases first, so "public space" wins over "space". */
function findPhrases<T>(text: string, table: Map<string, T>): Array<{ phrase: string; value: T; re: RegExp }> {
  const found: Array<{ phrase: string; value: T; re: RegExp }> = [];
  const { phrases, byWord, wordless } = phraseTable(table);
  // A phrase can only match when every one of its words is a word of the text.
  const present = new Set(words(text));
  const candidates = new Set<number>(wordless);
  for (const w of present) for (const i of byWord.get(w) ?? []) candidates.add(i);
  let rest = text;
  for (const i of [...candidates].sort((a, b) => a - b)) {
    const entry = phrases[i]!;
    const { phrase, words: ws, value } = entry;
    if (!ws.every((w) => present.has(w))) continue;
    // Compiled on first use: most of a large city list is never mentioned.
    const re = (entry.re ??= phraseRegex(phrase));
    if (re.test(rest)) {
      found.push({ phrase, value, re });
      rest = rest.replace(re, '$1 ');
    }
  }
  return found;
}

/** Removes the first whole-word occurrence of a phrase (its regex from findPhrases, compiled once). */
function stripPhrase(text: string, re: RegExp): string {
  return text.replace(re, '$1 ');
}

/** Index the vocabulary's phrase tables now (at start-up) rather than on the first query. */
export function prepareVocabulary(vocab: Vocabulary): void {
  phraseTable(vocab.cities);
  // Countries and areas are few and asked for often: compile their regexes now (V8 compiles a
  // regex on its first use, and Unicode classes make that ~1 ms each), cities on first mention.
  for (const table of [phraseTable(vocab.countries), phraseTable(vocab.areas)]) {
    for (const entry of table.phrases) (entry.re ??= phraseRegex(entry.phrase)).test('');
  }
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

  for (const { value, re } of findPhrases(text, vocab.countries)) {
    add('countries', value);
    text = stripPhrase(text, re);
  }
  for (const { value, re } of findPhrases(text, vocab.cities)) {
    add('cities', value);
    text = stripPhrase(text, re);
  }

  // Area words filter only when nothing else is asked for ("education practices in Norway");
  // otherwise they stay search terms, so "anti-rumour education" still finds anti-rumour work.
  const areaHits = findPhrases(text, vocab.areas);
  let withoutAreas = text;
  for (const { re } of areaHits) withoutAreas = stripPhrase(withoutAreas, re);
  const remaining = words(withoutAreas).filter((w) => !QUERY_STOPWORDS.has(w));
  if (areaHits.length > 0 && remaining.length === 0) {
    for (const { value } of areaHits) add('areas', value);
    text = withoutAreas;
  }

  // Nobody types a 40-letter word on purpose; capping length keeps typo matching cheap.
  const terms = [...new Set(words(text).filter((w) => !QUERY_STOPWORDS.has(w) && w.length <= 40))].slice(0, 16);
  return { raw, terms, filters };
}

export function hasFilters(f: Filters): boolean {
  return f.areas.length + f.countries.length + f.cities.length > 0;
}
