/**
 * A compact search index with lunr's semantics, built for corpora of 100k practices.
 *
 * lunr's own Index keeps every posting as a JS object and scores a query by walking every matching
 * (document, field) vector: at 100k short documents that is ~26 s to build, ~1.8 GB of heap and
 * >100 ms per typo-tolerant query. This index computes exactly what lunr computes and keeps it in
 * typed arrays:
 *
 * - the same tokens: lunr's own pipeline functions (trimmer, stemmer, ...) run once per distinct word;
 * - the same weights: lunr's BM25 (k1 = 1.2, b = 0.75, its idf that counts a document once per field
 *   holding the term, field boosts, rounded to 3 decimals), stored as integer thousandths;
 * - the same query language: clauses are built with lunr.Query (term, boost, fields, usePipeline,
 *   wildcard, editDistance), and a clause's terms are expanded against the index's token set with
 *   lunr's own TokenSet automata (fromString / fromFuzzyString), intersected here with a trie that
 *   is implicit in the sorted term list instead of lunr's object graph (typos: the same automaton,
 *   walked on an explicit trie of the terms, compact-trie.ts);
 * - the same score: per field, the dot product of lunr's query vector (boosts summed per expanded
 *   term, every expanded term counted whether or not the field holds it) with the document's field
 *   vector, divided by the query vector's magnitude, summed over fields; ties keep lunr's order
 *   (first document reached first).
 *
 * Only optional clauses are supported (no required/prohibited presence): that is all the practice
 * search uses. test/search-index.test.ts checks results against lunr.Index.query on real and
 * synthetic corpora.
 *
 * What is faster: postings are (doc, weight) runs per (term, field) in one CSR layout, so a query
 * adds `weight x factor` straight into a score array instead of merging sparse vectors; term
 * expansions are cached; only the top `limit` documents are sorted; the serialized form is a few
 * typed arrays read back without parsing.
 */
import lunr from 'lunr';
import type { CompactTrie } from './compact-trie.js';
import { buildIndexParts } from './engine-build.js';
import { loadIndexParts, serializeIndex } from './index-format.js';
import type { FieldDef, IndexDoc, IndexOptions, IndexParts, QueryOptions, QueryResult, WordList } from './index-types.js';
import { pipelineOf, runPipeline } from './lunr-pipeline.js';
import { LISTS, scoreBlocks, scoreBlocksGrouped, TopDocs, type PostingLists, type Scratch, BLOCK } from './scoring.js';
import { SortedTrie, TokenSet } from './sorted-trie.js';

export { DocSet } from './doc-set.js';
export { SortedTrie } from './sorted-trie.js';
export type { FieldDef, IndexDoc, IndexOptions, QueryHit, QueryOptions, QueryResult, WordList } from './index-types.js';

const EXPANSION_CACHE = 4096;
const EMPTY = new Int32Array(0);
/** matchMasks' cache: at most this many words, holding at most this many document numbers (4 bytes each). */
const MATCH_CACHE = 1024;
const MATCH_CACHE_INTS = 1 << 21;

/** One cached matchMasks query: the documents it matches, first reached first, and those it matches in strong fields. */
interface WordMatch {
  docs: Int32Array;
  strongDocs: Int32Array;
}

type QueryClause = lunr.Query.Clause;

export class SearchIndex {
  readonly fieldNames: string[];
  private readonly fieldIndex: Map<string, number>;
  private readonly trie: SortedTrie;
  private readonly searchPipeline: lunr.Pipeline;
  private readonly searchMemo = new Map<string, string[]>();
  private readonly expansions = new Map<string, Int32Array>();
  // Per-query scratch, reused (queries run one at a time: they are synchronous).
  private _scratch: Scratch | undefined;

  private constructor(
    readonly fields: readonly FieldDef[],
    readonly refs: readonly string[],
    /** Sorted; a term's id is its position. */
    readonly terms: readonly string[],
    /** CSR over slots `term * fields + field`: postings of slot s are [offsets[s], offsets[s + 1]). */
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    /** lunr's field-vector weight x 1000 (lunr rounds weights to 3 decimals, so this is exact). */
    private readonly weights: Uint32Array,
    readonly pipelineLabels: string[],
    readonly searchPipelineLabels: string[],
    /** `IndexOptions.meta`, as stored. */
    readonly meta: unknown,
    /**
     * The terms as an explicit trie for typo expansion: built with the index and stored in its file,
     * not built at start-up or on the first typo (~40 ms for 100k practices' vocabulary).
     */
    private readonly typoTrie: CompactTrie,
    private readonly wordLists: ReadonlyMap<string, WordList>,
  ) {
    this.fieldNames = fields.map((f) => f.name);
    this.fieldIndex = new Map(this.fieldNames.map((n, i) => [n, i]));
    this.trie = new SortedTrie(terms);
    this.searchPipeline = pipelineOf(searchPipelineLabels);
  }

  get size(): number {
    return this.refs.length;
  }

  /** Bytes held by the postings (typed arrays, outside the JS heap). */
  get postingBytes(): number {
    return this.offsets.byteLength + this.docs.byteLength + this.weights.byteLength;
  }

  static build(fields: readonly FieldDef[], docs: Iterable<IndexDoc>, opts: IndexOptions = {}): SearchIndex {
    return SearchIndex.fromParts(buildIndexParts(fields, docs, opts));
  }

  private static fromParts(p: IndexParts): SearchIndex {
    return new SearchIndex(p.fields, p.refs, p.terms, p.offsets, p.docs, p.weights, p.pipelineLabels, p.searchPipelineLabels, p.meta, p.typoTrie, p.wordLists);
  }

  /** A word list stored with the index (`IndexOptions.wordLists`), or undefined. */
  wordList(name: string): WordList | undefined {
    return this.wordLists.get(name);
  }

  /**
   * The index as bytes: a JSON header, then the typed arrays (postings, then the tries), then refs,
   * terms, meta and the word lists as JSON.
   */
  serialize(): Buffer {
    return serializeIndex({
      fields: this.fields,
      refs: this.refs,
      terms: this.terms,
      offsets: this.offsets,
      docs: this.docs,
      weights: this.weights,
      pipelineLabels: this.pipelineLabels,
      searchPipelineLabels: this.searchPipelineLabels,
      meta: this.meta,
      typoTrie: this.typoTrie,
      wordLists: this.wordLists,
    });
  }

  /** Reads `serialize()` output; throws on anything else (callers rebuild). */
  static load(input: Buffer): SearchIndex {
    return SearchIndex.fromParts(loadIndexParts(input));
  }

  /**
   * Term ids a clause term stands for: lunr's token-set intersection, cached. Always an Int32Array:
   * one array shape, whichever way the ids were found, keeps the query planner's loop optimized.
   */
  private expand(term: string, clause: QueryClause): Int32Array {
    const fuzzy = 'editDistance' in clause;
    if (!fuzzy && !term.includes('*')) {
      if (term === '') return EMPTY;
      const i = this.trie.indexOf(term);
      return i < 0 ? EMPTY : Int32Array.of(i);
    }
    const key = `${fuzzy ? clause.editDistance : '-'}|${term}`;
    const cached = this.expansions.get(key);
    if (cached) {
      this.expansions.delete(key);
      this.expansions.set(key, cached);
      return cached;
    }
    let ids: Int32Array;
    if (!fuzzy && term.indexOf('*') === term.length - 1 && term.length > 1) {
      const [lo, hi] = this.trie.prefixRange(term.slice(0, -1));
      ids = new Int32Array(hi - lo);
      let n = 0;
      for (let i = lo; i < hi; i++) if (this.terms[i] !== '') ids[n++] = i;
      ids = ids.subarray(0, n);
    } else {
      ids = Int32Array.from(
        fuzzy && clause.editDistance <= 3 && term.length < 60
          ? this.typoTrie.fuzzy(term, clause.editDistance)
          : this.trie.intersect(fuzzy ? TokenSet.fromFuzzyString(term, clause.editDistance) : TokenSet.fromString(term)),
      );
    }
    if (this.expansions.size >= EXPANSION_CACHE) this.expansions.delete(this.expansions.keys().next().value!);
    this.expansions.set(key, ids);
    return ids;
  }

  private pipelineTerms(term: string): string[] {
    let out = this.searchMemo.get(term);
    if (!out) {
      out = runPipeline(this.searchPipeline, term);
      if (this.searchMemo.size >= EXPANSION_CACHE) this.searchMemo.clear();
      this.searchMemo.set(term, out);
    }
    return out;
  }

  /**
   * Runs a query built with lunr's query API (`q.term(...)`), ranked as lunr.Index#query ranks it:
   * the same documents, the same scores, equal scores in the order lunr first reaches them. With a
   * `limit`, only the best `limit` are kept (nothing else is sorted); `total` counts every allowed match.
   */
  query(build: (q: lunr.Query) => void, opts: QueryOptions = {}): QueryResult {
    const lists = this.plan(build);
    const limit = opts.limit ?? Infinity;
    // No more slots than documents: a huge finite limit must not allocate a huge ranking.
    const top = new TopDocs(Number.isFinite(limit) ? Math.min(Math.max(0, Math.floor(limit)), this.refs.length) : Infinity);
    const scratch = this.scratch(lists.count);
    const groups = opts.fieldGroups;
    const total =
      groups && groups.some((g) => g > 0)
        ? scoreBlocksGrouped(lists, groups, this.fields.length, this.docs, this.weights, this.refs.length, opts.allow?.bits ?? null, top, scratch, opts.docWeights ?? null)
        : scoreBlocks(lists, this.docs, this.weights, this.refs.length, opts.allow?.bits ?? null, top, scratch);
    return { total, hits: top.ranked().map((h) => ({ ref: this.refs[h.doc]!, doc: h.doc, score: h.score })) };
  }

  /** Is this token one of the index's terms? */
  hasTerm(term: string): boolean {
    return term !== '' && this.trie.indexOf(term) >= 0;
  }

  /**
   * Which documents each query matches (any clause), as one bitmask per document (bit i: query i,
   * at most 31 queries), and how many documents each matches. For "which words of the question
   * did a practice match" without scoring. With `strongFields` (1 per field, FieldDef order), `strong`
   * has the bits of the queries a document matches in one of those fields; `matched` lists the documents
   * any query matches. The arrays are the index's own, valid until the next call.
   *
   * With `keys` (one per query, undefined: not cached), a query's matches are kept under its key
   * (its documents in the order first reached, and those matched in strong fields) and replayed
   * on the next call with that key: the caller promises that one key always stands for the same
   * query and the same `strongFields`. A broad word's clauses reach the same documents through
   * many (term, field) lists; the replay touches each document once.
   */
  matchMasks(builds: ReadonlyArray<(q: lunr.Query) => void>, strongFields?: Uint8Array, keys?: ReadonlyArray<string | undefined>): { masks: Uint32Array; strong: Uint32Array; df: number[]; matched: Int32Array } {
    const N = this.refs.length;
    const F = this.fields.length;
    // Reused between calls: only the documents touched last time are cleared.
    const masks = this._masks && this._masks.length === N ? this._masks : (this._masks = new Uint32Array(N));
    const strong = this._strong && this._strong.length === N ? this._strong : (this._strong = new Uint32Array(N));
    const hit = this._hit && this._hit.length === N ? this._hit : (this._hit = new Int32Array(N));
    for (let i = 0; i < this._hits; i++) {
      masks[hit[i]!] = 0;
      strong[hit[i]!] = 0;
    }
    let hits = 0;
    const df: number[] = [];
    const count = Math.min(builds.length, 31);
    for (let i = 0; i < count; i++) {
      const bit = 1 << i;
      const key = keys?.[i];
      const cached = key === undefined ? undefined : this.matchCache.get(key);
      if (cached) {
        // Least recently used first: a hit moves to the end.
        this.matchCache.delete(key!);
        this.matchCache.set(key!, cached);
        const { docs, strongDocs } = cached;
        for (let j = 0; j < docs.length; j++) {
          const d = docs[j]!;
          const m = masks[d]!;
          if (m === 0) hit[hits++] = d;
          masks[d] = m | bit;
        }
        for (let j = 0; j < strongDocs.length; j++) strong[strongDocs[j]!] = strong[strongDocs[j]!]! | bit;
        df.push(docs.length);
        continue;
      }
      const lists = this.plan(builds[i]!);
      const own = this._own && this._own.length === N ? this._own : (this._own = new Int32Array(N));
      const ownStrong = this._ownStrong && this._ownStrong.length === N ? this._ownStrong : (this._ownStrong = new Int32Array(N));
      let n = 0;
      let ns = 0;
      for (let l = 0; l < lists.count; l++) {
        const isStrong = strongFields !== undefined && strongFields[lists.slot[l]! % F] === 1;
        for (let p = lists.start[l]!; p < lists.end[l]!; p++) {
          const d = this.docs[p]!;
          const m = masks[d]!;
          if ((m & bit) === 0) {
            if (m === 0) hit[hits++] = d;
            masks[d] = m | bit;
            own[n++] = d;
          }
          if (isStrong && (strong[d]! & bit) === 0) {
            strong[d] = strong[d]! | bit;
            ownStrong[ns++] = d;
          }
        }
      }
      df.push(n);
      if (key !== undefined) this.cacheMatch(key, { docs: own.slice(0, n), strongDocs: ownStrong.slice(0, ns) });
    }
    this._hits = hits;
    return { masks, strong, df, matched: hit.subarray(0, hits) };
  }

  private cacheMatch(key: string, m: WordMatch): void {
    const size = m.docs.length + m.strongDocs.length;
    if (size > MATCH_CACHE_INTS / 8) return;
    while (this.matchCache.size > 0 && (this.matchCache.size >= MATCH_CACHE || this.matchCacheInts + size > MATCH_CACHE_INTS)) {
      const [oldest, old] = this.matchCache.entries().next().value!;
      this.matchCache.delete(oldest);
      this.matchCacheInts -= old.docs.length + old.strongDocs.length;
    }
    this.matchCache.set(key, m);
    this.matchCacheInts += size;
  }

  /** matchMasks' cache: a query word's documents by the caller's key, least recently used first. */
  private readonly matchCache = new Map<string, WordMatch>();
  private matchCacheInts = 0;
  private _own: Int32Array | undefined;
  private _ownStrong: Int32Array | undefined;
  private _masks: Uint32Array | undefined;
  private _lists: PostingLists = { count: 0, slot: new Uint32Array(LISTS), start: new Uint32Array(LISTS), end: new Uint32Array(LISTS), factor: new Float64Array(LISTS) };
  private _strong: Uint32Array | undefined;
  private _hit: Int32Array | undefined;
  private _hits = 0;

  /**
   * The query's posting lists, in the order lunr first reaches them, each with the factor its weights
   * are multiplied by: lunr's query vector per field holds the summed boost of every expanded term
   * (present in that field or not), and a field's score is the dot product over the vector's magnitude.
   */
  private plan(build: (q: lunr.Query) => void): PostingLists {
    const F = this.fields.length;
    const q = new lunr.Query(this.fieldNames);
    build.call(q, q);
    const slotAt = new Map<number, number>();
    const slots: number[] = [];
    const qWeights: number[] = [];
    for (const clause of q.clauses) {
      const presence = (clause as { presence?: number }).presence;
      if (presence !== undefined && presence !== lunr.Query.presence.OPTIONAL) throw new Error('only optional clauses are supported');
      const fieldIds = (clause.fields ?? this.fieldNames).map((name) => {
        const f = this.fieldIndex.get(name);
        if (f === undefined) throw new Error(`unknown field ${name}`);
        return f;
      });
      const terms = clause.usePipeline ? this.pipelineTerms(clause.term) : [clause.term];
      for (const term of terms) {
        // Indexed loops: expansions come as arrays of different kinds (cached, literal, filtered),
        // and for...of over them deoptimized plan whenever a new kind came along.
        const ids = this.expand(term, clause);
        for (let i = 0; i < ids.length; i++) {
          const t = ids[i]!;
          for (const f of fieldIds) {
            const slot = t * F + f;
            const at = slotAt.get(slot);
            if (at === undefined) {
              slotAt.set(slot, slots.length);
              slots.push(slot);
              qWeights.push(clause.boost);
            } else qWeights[at]! += clause.boost;
          }
        }
      }
    }
    const sumSq = new Float64Array(F);
    for (let i = 0; i < slots.length; i++) sumSq[slots[i]! % F]! += qWeights[i]! * qWeights[i]!;
    // One set of arrays reused by every plan (a plan is consumed before the next is made): typed arrays
    // allocated per query add external memory, whose pressure triggers garbage collections mid-query.
    let lists = this._lists;
    if (lists.slot.length < slots.length) {
      const n = Math.max(slots.length, lists.slot.length * 2);
      lists = this._lists = { count: 0, slot: new Uint32Array(n), start: new Uint32Array(n), end: new Uint32Array(n), factor: new Float64Array(n) };
    }
    lists.count = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const a = this.offsets[slot]!;
      const b = this.offsets[slot + 1]!;
      if (a === b) continue;
      const magnitude = Math.sqrt(sumSq[slot % F]!);
      lists.slot[lists.count] = slot;
      lists.start[lists.count] = a;
      lists.end[lists.count] = b;
      lists.factor[lists.count++] = magnitude > 0 ? qWeights[i]! / magnitude / 1000 : 0;
    }
    return lists;
  }

  private scratch(lists: number): Scratch {
    const s = (this._scratch ??= { scores: new Float64Array(BLOCK), first: new Int32Array(BLOCK), mark: new Uint8Array(BLOCK), touched: new Int32Array(BLOCK), cursor: new Uint32Array(LISTS) });
    if (s.cursor.length < lists) s.cursor = new Uint32Array(Math.max(lists, s.cursor.length * 2));
    return s;
  }

  /** Forget cached term expansions (the bench measures queries on a cold cache too). */
  clearCaches(): void {
    this.expansions.clear();
    this.matchCache.clear();
    this.matchCacheInts = 0;
    this.searchMemo.clear();
  }
}
