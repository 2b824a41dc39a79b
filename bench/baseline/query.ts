/**
 * Turns what people type into a structured query: free-text terms plus filters on area, country and
 * city, given either as `area:education` or in words ("education practices in Norway").
 * Never throws: lunr's syntax characters are just separators here, because queries are built
 * through lunr's query API rather than its query-string parser.
 */
import { AREA_IDS, type AreaId } from '../../src/content/schemas.js';
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

/** Longest phrases first, so "public space" wins over "space". */
function findPhrases<T>(text: string, table: Map<string, T>): Array<{ phrase: string; value: T }> {
  const found: Array<{ phrase: string; value: T }> = [];
  let rest = text;
  const phrases = [...table.keys()].sort((a, b) => b.length - a.length);
  for (const phrase of phrases) {
    const re = phraseRegex(phrase);
    if (re.test(rest)) {
      found.push({ phrase, value: table.get(phrase)! });
      rest = rest.replace(re, '$1 ');
    }
  }
  return found;
}

function stripPhrase(text: string, phrase: string): string {
  return text.replace(phraseRegex(phrase), '$1 ');
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

  for (const { phrase, value } of findPhrases(text, vocab.countries)) {
    add('countries', value);
    text = stripPhrase(text, phrase);
  }
  for (const { phrase, value } of findPhrases(text, vocab.cities)) {
    add('cities', value);
    text = stripPhrase(text, phrase);
  }

  // Area words filter only when nothing else is asked for ("education practices in Norway");
  // otherwise they stay search terms, so "anti-rumour education" still finds anti-rumour work.
  const areaHits = findPhrases(text, vocab.areas);
  let withoutAreas = text;
  for (const { phrase } of areaHits) withoutAreas = stripPhrase(withoutAreas, phrase);
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
