/** A practice query's lunr clauses: per word and language, prefix and typo clauses, glossary expansions. */
import lunr from 'lunr';
import type { AreaId } from '../content/schemas.js';
import { fold, words } from './text.js';
import { analyze, langsOf, modifierTokens, type SearchLang } from './analysis.js';
import { FIELDS_OF } from './search-fields.js';

/** One query clause, as lunr's query API takes it. */
export interface Clause {
  term: string;
  boost: number;
  fields?: string[];
  wildcard?: boolean;
  editDistance?: number;
}

export function applyClauses(clauses: readonly Clause[]): (q: lunr.Query) => void {
  return (q) => {
    for (const c of clauses) {
      q.term(c.term, {
        boost: c.boost,
        usePipeline: false,
        ...(c.fields ? { fields: c.fields } : {}),
        ...(c.wildcard ? { wildcard: lunr.Query.wildcard.TRAILING } : {}),
        ...(c.editDistance ? { editDistance: c.editDistance } : {}),
      });
    }
  };
}

/** The languages a query word (or a glossary word it is expanded with) is analysed in (see SearchOptions.lang). */
export type LangsOf = (word: string) => readonly SearchLang[];

/** The fields of some languages (shared fields included), for clauses that are not per language. */
const fieldsCache = new Map<string, string[]>();
function fieldsOfLangs(langs: readonly SearchLang[]): string[] {
  const key = langs.join(',');
  let f = fieldsCache.get(key);
  if (!f) fieldsCache.set(key, (f = [...new Set(langs.flatMap((l) => FIELDS_OF[l]))]));
  return f;
}

/**
 * Exact clauses for a word in each of its languages, each language's tokens in its own fields. A
 * German compound's modifiers (modifierTokens) get `modifierBoost`, or no clause when it is 0.
 */
function wordClauses(word: string, boost: number, out: Clause[], seen: Set<string>, langsOfWord: LangsOf, modifierBoost = boost): void {
  for (const l of langsOfWord(word)) {
    const modifiers = modifierBoost === boost ? [] : modifierTokens(l, word);
    for (const tok of analyze(l, word)) {
      const key = `${l}|${tok}`;
      if (seen.has(key)) continue;
      const b = modifiers.includes(tok) ? modifierBoost : boost;
      if (b === 0) continue;
      seen.add(key);
      out.push({ term: tok, boost: b, fields: FIELDS_OF[l] });
    }
  }
}

/**
 * The clauses of a practice query (shared by the index and the lunr reference): each word's tokens
 * in each of its languages, a prefix clause for longer words, glossary expansions with a lower boost.
 * With `known` (the index's terms), a one- or two-typo clause is added only for a word none of whose
 * tokens is a word of the corpus: typo tolerance never pulls other words in for a real word.
 * Without `langsOfWord`, a word is analysed in every language of its script.
 */
export function queryClauses(terms: string[], expansions: string[] = [], boostAreas: AreaId[] = [], known?: (token: string) => boolean, langsOfWord: LangsOf = langsOf): (q: lunr.Query) => void {
  return applyClauses(termClauses(terms, expansions, boostAreas, known, langsOfWord));
}

/**
 * `modifierBoost`: the boost of a German compound's modifier parts (10, as the word, when absent; 0:
 * none, for deciding which practices a word matches: Integrationsrat matches councils, not every
 * practice on integration).
 */
export function termClauses(terms: string[], expansions: string[], boostAreas: AreaId[], known: ((token: string) => boolean) | undefined, langsOfWord: LangsOf, modifierBoost = 10): Clause[] {
  const clauses: Clause[] = [];
  const seen = new Set<string>();
  for (const term of terms) {
    wordClauses(term, 10, clauses, seen, langsOfWord, modifierBoost);
    const langs = langsOfWord(term);
    const fields = fieldsOfLangs(langs);
    const folded = fold(term);
    if (folded.length >= 4) clauses.push({ term: folded, boost: 2, wildcard: true, fields });
    if (folded.length >= 5 && folded.length <= 20) {
      const tokens = [...new Set(langs.flatMap((l) => analyze(l, term)))];
      if (!known || !tokens.some(known)) {
        // The word as typed and its main stem (stems of other languages are shorter and close to
        // unrelated words: clim(ate) is one letter from claim).
        const main = analyze(langs[0]!, term)[0];
        for (const tok of new Set([folded, ...(main && main.length >= 5 ? [main] : [])])) clauses.push({ term: tok, boost: 1, editDistance: tok.length >= 8 ? 2 : 1, fields });
      }
    }
  }
  for (const e of expansions) wordClauses(e, 5, clauses, seen, langsOfWord, modifierBoost === 10 ? 5 : Math.min(modifierBoost, 5));
  for (const area of boostAreas) for (const w of words(area)) clauses.push({ term: analyze('en', w)[0] ?? w, boost: 2, fields: ['areas'] });
  return clauses;
}

/** A query's LangsOf, with a key naming what it answers (equal keys: the same languages for every word). */
export type QueryLangs = LangsOf & { key: string };
