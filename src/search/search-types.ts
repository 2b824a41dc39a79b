/** What the practice search takes and answers (PracticeSearch, practice-search.ts). */
import type { AreaId, Glossary, Practice } from '../content/schemas.js';
import type { ParsedQuery } from './query.js';

export interface SearchHit {
  practice: Practice;
  score: number;
}

export interface SearchResult {
  query: ParsedQuery;
  hits: SearchHit[];
  total: number;
  offset: number;
  /** Close words from the corpus when nothing matched. */
  suggestions: string[];
  /** Areas the query is about (from the glossary), for "try these areas" replies. */
  relatedAreas: AreaId[];
  /** The query's content words (stop words aside) that no practice matches, as typed (folded). */
  unmatched: string[];
  /** The query's words the results were found for. */
  matched: string[];
}

export interface SearchOptions {
  offset?: number;
  limit?: number;
  exclude?: string[];
  /**
   * The user's language ('de', 'de-AT'...). A query word is analysed in English (the corpus's
   * language), in this language, in the language detected in the query (longer texts), and in the
   * languages whose translations hold the word as written; never in any other.
   */
  lang?: string;
}

export interface SearchSetup {
  practices: Practice[];
  glossary: Glossary;
  /** Area id -> display names in any language (the first is used in replies). */
  areaNames: Map<AreaId, string[]>;
  /** Extra city names/aliases (folded -> display) from content/cities. */
  cityAliases?: Map<string, string>;
}

export interface Ranked {
  total: number;
  /** Practice positions, best first, and their scores. */
  docs: number[];
  scores: number[];
  unmatched: string[];
  matched: string[];
}
