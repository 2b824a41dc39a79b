/** The search index's public shapes (engine.ts), and the parts an index is made of (built, stored, loaded). */
import type { CompactTrie } from './compact-trie.js';
import type { DocSet } from './doc-set.js';


export interface FieldDef {
  name: string;
  boost: number;
}

/** A document as the index sees it: its ref and, per field (in FieldDef order), its words. */
export interface IndexDoc {
  ref: string;
  fields: ReadonlyArray<ReadonlyArray<string>>;
}

export interface IndexOptions {
  /** lunr pipeline functions for indexing, by registered label (default: trimmer, stemmer). */
  pipeline?: string[];
  /** lunr pipeline functions for query terms that use the pipeline (default: stemmer). */
  searchPipeline?: string[];
  /** Anything JSON the owner wants stored and loaded with the index (derived data it would recompute). */
  meta?: unknown;
  /**
   * Word lists stored with the index, each with its trie, by name (PracticeSearch: the words "did
   * you mean" suggests). Loading reads the trie back instead of building it again.
   */
  wordLists?: Record<string, readonly string[]>;
}

/** A stored word list (sorted, distinct) and its trie; a word's trie position is its list position. */
export interface WordList {
  words: readonly string[];
  trie: CompactTrie;
}

export interface QueryHit {
  ref: string;
  /** Position of the document in the build order. */
  doc: number;
  score: number;
}

export interface QueryOptions {
  /** Only these documents are counted and ranked (filters, exclusions); default: all. */
  allow?: DocSet;
  /** How many of the best documents to return, best first (default: all, scored as lunr does). */
  limit?: number;
  /**
   * A group per field (FieldDef order): fields of group 0 add up as in lunr; of the other groups
   * (one per language), only the best group's sum counts. So a practice written in more languages
   * scores no higher than its best language. Without it, scores are lunr's.
   */
  fieldGroups?: Uint8Array;
  /** With fieldGroups: each document's score is multiplied by its weight (default 1). */
  docWeights?: Float64Array;
}

export interface QueryResult {
  /** Allowed documents that matched any clause. */
  total: number;
  hits: QueryHit[];
}

/** What a SearchIndex is made of: built (engine-build.ts), written and read (index-format.ts). */
export interface IndexParts {
  fields: readonly FieldDef[];
  refs: readonly string[];
  /** Sorted; a term's id is its position. */
  terms: readonly string[];
  /** CSR over slots `term * fields + field`: postings of slot s are [offsets[s], offsets[s + 1]). */
  offsets: Uint32Array;
  docs: Uint32Array;
  /** lunr's field-vector weight x 1000 (lunr rounds weights to 3 decimals, so this is exact). */
  weights: Uint32Array;
  pipelineLabels: string[];
  searchPipelineLabels: string[];
  /** `IndexOptions.meta`, as stored. */
  meta: unknown;
  /** The terms as an explicit trie for typo expansion. */
  typoTrie: CompactTrie;
  wordLists: ReadonlyMap<string, WordList>;
}
