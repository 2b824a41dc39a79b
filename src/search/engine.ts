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
import { CompactTrie } from './compact-trie.js';

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

const K1 = 1.2;
const B = 0.75;
const MAGIC = 'ICCSIDX1';
/** 2: the tries (typo expansion, word lists) are stored after the postings. */
const FORMAT = 2;
const EXPANSION_CACHE = 4096;
const EMPTY = new Int32Array(0);
/**
 * Posting lists a query's scratch arrays hold before they grow. Generous: replacing a scratch array
 * makes V8 throw away the optimized query code that assumed the field never changes (a 10-50 ms
 * query while it is optimized again).
 */
const LISTS = 4096;
/** matchMasks' cache: at most this many words, holding at most this many document numbers (4 bytes each). */
const MATCH_CACHE = 1024;
const MATCH_CACHE_INTS = 1 << 21;

/** One cached matchMasks query: the documents it matches, first reached first, and those it matches in strong fields. */
interface WordMatch {
  docs: Int32Array;
  strongDocs: Int32Array;
}

type QueryClause = lunr.Query.Clause;
interface TokenSetNode {
  id: number;
  final: boolean;
  edges: Record<string, TokenSetNode>;
}
const TokenSet = lunr.TokenSet as unknown as {
  fromString(s: string): TokenSetNode;
  fromFuzzyString(s: string, editDistance: number): TokenSetNode;
};

function pipelineOf(labels: string[]): lunr.Pipeline {
  return lunr.Pipeline.load(labels as unknown as object);
}

function runPipeline(pipeline: lunr.Pipeline, word: string, field?: string): string[] {
  const tokens = pipeline.run([new lunr.Token(word, field ? { fields: [field] } : {})]);
  return tokens.map((t) => t.toString());
}

/** First index in [lo, hi) whose char code at `depth` is >= code (all terms there are longer than depth). */
function lowerBound(terms: readonly string[], lo: number, hi: number, depth: number, code: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid]!.charCodeAt(depth) < code) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(terms: readonly string[], lo: number, hi: number, depth: number, code: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid]!.charCodeAt(depth) <= code) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The sorted word list read as a trie: a node is a range [lo, hi) of words sharing their first
 * `depth` characters; it is final when words[lo] has exactly `depth` characters.
 */
export class SortedTrie {
  constructor(readonly words: readonly string[]) {}

  /** Calls `visit(code, lo, hi)` for each child of the node (depth, lo, hi), in order. */
  children(depth: number, lo: number, hi: number, visit: (code: number, lo: number, hi: number) => void): void {
    const w = this.words;
    let start = lo < hi && w[lo]!.length === depth ? lo + 1 : lo;
    while (start < hi) {
      const code = w[start]!.charCodeAt(depth);
      const end = upperBound(w, start, hi, depth, code);
      visit(code, start, end);
      start = end;
    }
  }

  /** The child range for one character, or undefined. */
  child(depth: number, lo: number, hi: number, code: number): [number, number] | undefined {
    const w = this.words;
    const start = lo < hi && w[lo]!.length === depth ? lo + 1 : lo;
    const a = lowerBound(w, start, hi, depth, code);
    if (a >= hi || w[a]!.charCodeAt(depth) !== code) return undefined;
    return [a, upperBound(w, a, hi, depth, code)];
  }

  /** Index of `word`, or -1. */
  indexOf(word: string): number {
    const w = this.words;
    let lo = 0;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (w[mid]! < word) lo = mid + 1;
      else hi = mid;
    }
    return lo < w.length && w[lo] === word ? lo : -1;
  }

  /** [lo, hi) of the words starting with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    let lo = 0;
    let hi = this.words.length;
    for (let d = 0; d < prefix.length && lo < hi; d++) {
      const r = this.child(d, lo, hi, prefix.charCodeAt(d));
      if (!r) return [0, 0];
      [lo, hi] = r;
    }
    return [lo, hi];
  }

  /**
   * Words accepted by a lunr TokenSet automaton ('*' edges match any one character, a '*' self-loop
   * any run), i.e. lunr's `indexTokenSet.intersect(queryTokenSet)`. The empty word is never matched.
   */
  intersect(root: TokenSetNode): number[] {
    const out = new Set<number>();
    const stack: Array<[TokenSetNode, number, number, number]> = [[root, 0, 0, this.words.length]];
    while (stack.length > 0) {
      const [q, depth, lo, hi] = stack.pop()!;
      for (const edge in q.edges) {
        const next = q.edges[edge]!;
        const push = (clo: number, chi: number) => {
          if (next.final && this.words[clo]!.length === depth + 1) out.add(clo);
          stack.push([next, depth + 1, clo, chi]);
        };
        if (edge === '*') this.children(depth, lo, hi, (_c, clo, chi) => push(clo, chi));
        else {
          const r = this.child(depth, lo, hi, edge.charCodeAt(0));
          if (r) push(r[0], r[1]);
        }
      }
    }
    return [...out].sort((a, b) => a - b);
  }
}

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
    const pipelineLabels = opts.pipeline ?? ['trimmer', 'stemmer'];
    const searchPipelineLabels = opts.searchPipeline ?? ['stemmer'];
    const pipeline = pipelineOf(pipelineLabels);
    const F = fields.length;

    // Terms get provisional ids in order of appearance; the pipeline runs once per distinct word.
    const termId = new Map<string, number>();
    const termList: string[] = [];
    const memo = new Map<string, number[]>();
    const idsOf = (word: string): number[] => {
      let ids = memo.get(word);
      if (ids === undefined) {
        ids = runPipeline(pipeline, String(word).toLowerCase()).map((t) => {
          let id = termId.get(t);
          if (id === undefined) {
            id = termList.length;
            termId.set(t, id);
            termList.push(t);
          }
          return id;
        });
        memo.set(word, ids);
      }
      return ids;
    };

    const refs: string[] = [];
    const fieldLength: number[] = [];
    const entryStart: number[] = [0];
    let entryTerm = new Int32Array(1 << 16);
    let entryTf = new Int32Array(1 << 16);
    let entries = 0;
    let df = new Int32Array(1 << 12);
    let counts = new Int32Array(1 << 12);
    const touched: number[] = [];

    for (const doc of docs) {
      refs.push(doc.ref);
      for (let f = 0; f < F; f++) {
        const ws = doc.fields[f] ?? [];
        let len = 0;
        touched.length = 0;
        for (const w of ws) {
          for (const id of idsOf(w)) {
            if (id >= counts.length) {
              const grown = new Int32Array(Math.max(id + 1, counts.length * 2));
              grown.set(counts);
              counts = grown;
            }
            len++;
            const c = counts[id]!;
            if (c === 0) touched.push(id);
            counts[id] = c + 1;
          }
        }
        fieldLength.push(len);
        if (entries + touched.length > entryTerm.length) {
          const size = Math.max(entries + touched.length, entryTerm.length * 2);
          const t = new Int32Array(size);
          t.set(entryTerm);
          entryTerm = t;
          const c = new Int32Array(size);
          c.set(entryTf);
          entryTf = c;
        }
        if (termList.length > df.length) {
          const grown = new Int32Array(Math.max(termList.length, df.length * 2));
          grown.set(df);
          df = grown;
        }
        for (const id of touched) {
          entryTerm[entries] = id;
          entryTf[entries] = counts[id]!;
          entries++;
          df[id] = df[id]! + 1;
          counts[id] = 0;
        }
        entryStart.push(entries);
      }
    }

    const N = refs.length;
    const avg = new Float64Array(F);
    for (let d = 0; d < N; d++) for (let f = 0; f < F; f++) avg[f] = avg[f]! + fieldLength[d * F + f]!;
    for (let f = 0; f < F; f++) avg[f] = avg[f]! / N;

    // Final term ids: sorted order, so prefixes are ranges and the term list is the trie.
    const order = termList.map((_, i) => i).sort((a, b) => (termList[a]! < termList[b]! ? -1 : termList[a]! > termList[b]! ? 1 : 0));
    const rank = new Int32Array(termList.length);
    order.forEach((tmp, r) => (rank[tmp] = r));
    const terms = order.map((i) => termList[i]!);
    const idf = new Float64Array(termList.length);
    for (let i = 0; i < termList.length; i++) {
      const x = (N - df[i]! + 0.5) / (df[i]! + 0.5);
      idf[i] = Math.log(1 + Math.abs(x));
    }

    const slots = terms.length * F;
    const offsets = new Uint32Array(slots + 1);
    for (let d = 0; d < N; d++)
      for (let f = 0; f < F; f++)
        for (let e = entryStart[d * F + f]!; e < entryStart[d * F + f + 1]!; e++) offsets[rank[entryTerm[e]!]! * F + f + 1]!++;
    for (let s = 0; s < slots; s++) offsets[s + 1]! += offsets[s]!;
    const cursor = offsets.slice(0, slots);
    const postDocs = new Uint32Array(entries);
    const postWeights = new Uint32Array(entries);
    for (let d = 0; d < N; d++) {
      for (let f = 0; f < F; f++) {
        const fieldBoost = fields[f]!.boost || 1;
        const len = fieldLength[d * F + f]!;
        for (let e = entryStart[d * F + f]!; e < entryStart[d * F + f + 1]!; e++) {
          const tmp = entryTerm[e]!;
          const tf = entryTf[e]!;
          // lunr.Builder#createFieldVectors, operation for operation (document boost is 1).
          let score = (idf[tmp]! * ((K1 + 1) * tf)) / (K1 * (1 - B + B * (len / avg[f]!)) + tf);
          score *= fieldBoost;
          const slot = rank[tmp]! * F + f;
          const at = cursor[slot]!++;
          postDocs[at] = d;
          postWeights[at] = Math.round(score * 1000);
        }
      }
    }
    const wordLists = new Map<string, WordList>();
    for (const [name, list] of Object.entries(opts.wordLists ?? {})) {
      const words = [...new Set(list)].sort();
      wordLists.set(name, { words, trie: CompactTrie.fromSorted(words) });
    }
    return new SearchIndex(fields, refs, terms, offsets, postDocs, postWeights, pipelineLabels, searchPipelineLabels, opts.meta ?? null, CompactTrie.fromSorted(terms), wordLists);
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
    const refs = Buffer.from(JSON.stringify(this.refs));
    const terms = Buffer.from(JSON.stringify(this.terms));
    const meta = Buffer.from(JSON.stringify(this.meta ?? null));
    const listNames = [...this.wordLists.keys()];
    const lists = Buffer.from(JSON.stringify(listNames.map((n) => this.wordLists.get(n)!.words)));
    const tries = [this.typoTrie, ...listNames.map((n) => this.wordLists.get(n)!.trie)].map((t) => t.toBytes());
    const header = Buffer.from(
      JSON.stringify({
        format: FORMAT,
        fields: this.fields,
        pipeline: this.pipelineLabels,
        searchPipeline: this.searchPipelineLabels,
        docs: this.refs.length,
        terms: this.terms.length,
        postings: this.docs.length,
        refsBytes: refs.length,
        termsBytes: terms.length,
        metaBytes: meta.length,
        triesBytes: tries.reduce((n, t) => n + t.length, 0),
        listNames,
        listsBytes: lists.length,
      }),
    );
    const headLen = 8 + 4 + header.length;
    const pad = (4 - (headLen % 4)) % 4;
    const prefix = Buffer.alloc(headLen + pad);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(header.length, 8);
    header.copy(prefix, 12);
    const bytes = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return Buffer.concat([prefix, bytes(this.offsets), bytes(this.docs), bytes(this.weights), ...tries, refs, terms, meta, lists]);
  }

  /** Reads `serialize()` output; throws on anything else (callers rebuild). */
  static load(input: Buffer): SearchIndex {
    if (input.length < 12 || input.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a search index');
    const headerLen = input.readUInt32LE(8);
    const h = JSON.parse(input.toString('utf8', 12, 12 + headerLen)) as {
      format: number;
      fields: FieldDef[];
      pipeline: string[];
      searchPipeline: string[];
      docs: number;
      terms: number;
      postings: number;
      refsBytes: number;
      termsBytes: number;
      metaBytes: number;
      triesBytes: number;
      listNames: string[];
      listsBytes: number;
    };
    if (h.format !== FORMAT) throw new Error(`search index format ${h.format}, expected ${FORMAT}`);
    let at = 12 + headerLen;
    at += (4 - (at % 4)) % 4;
    const slots = h.terms * h.fields.length;
    const expected = at + 4 * (slots + 1 + 2 * h.postings) + h.triesBytes + h.refsBytes + h.termsBytes + h.metaBytes + h.listsBytes;
    if (input.length !== expected) throw new Error('search index is truncated');
    // Typed-array views need 4-byte alignment; a pooled Buffer may not give it.
    const buf = input.byteOffset % 4 === 0 ? input : Buffer.from(input);
    const u32 = (n: number) => {
      const a = new Uint32Array(buf.buffer, buf.byteOffset + at, n);
      at += 4 * n;
      return a;
    };
    const offsets = u32(slots + 1);
    const docs = u32(h.postings);
    const weights = u32(h.postings);
    const tries: CompactTrie[] = [];
    const triesEnd = at + h.triesBytes;
    for (let i = 0; i <= h.listNames.length; i++) {
      const read = CompactTrie.fromBytes(buf, at);
      tries.push(read.trie);
      at = read.end;
    }
    if (at !== triesEnd) throw new Error('search index is inconsistent');
    const refs = JSON.parse(buf.toString('utf8', at, at + h.refsBytes)) as string[];
    at += h.refsBytes;
    const terms = JSON.parse(buf.toString('utf8', at, at + h.termsBytes)) as string[];
    at += h.termsBytes;
    const meta = JSON.parse(buf.toString('utf8', at, at + h.metaBytes)) as unknown;
    at += h.metaBytes;
    const lists = JSON.parse(buf.toString('utf8', at, at + h.listsBytes)) as string[][];
    if (refs.length !== h.docs || terms.length !== h.terms || offsets[slots] !== h.postings || lists.length !== h.listNames.length) {
      throw new Error('search index is inconsistent');
    }
    const wordLists = new Map(h.listNames.map((name, i) => [name, { words: lists[i]!, trie: tries[i + 1]! }]));
    return new SearchIndex(h.fields, refs, terms, offsets, docs, weights, h.pipeline, h.searchPipeline, meta, tries[0]!, wordLists);
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

/**
 * A query's posting lists, in lunr's order: list i is postings [start[i], end[i]), its weights times
 * factor[i] (query weight / field magnitude / 1000: weights are stored in thousandths). Typed arrays
 * rather than one object per list: the scoring loop then sees one shape only and V8 keeps it
 * optimized (objects whose factor was sometimes a small integer deoptimized it mid-run).
 */
interface PostingLists {
  count: number;
  /** The slot (term * fields + field) of each list. */
  slot: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  factor: Float64Array;
}

/** Documents per block: a block's scores stay in the CPU's nearest caches. */
const BLOCK = 4096;

interface Scratch {
  scores: Float64Array;
  /** Per-group score rows (scoreBlocksGrouped), kept zeroed between queries. */
  grouped?: Float64Array;
  /** The group of each posting list (scoreBlocksGrouped). */
  groupOf?: Uint8Array;
  first: Int32Array;
  mark: Uint8Array;
  touched: Int32Array;
  cursor: Uint32Array;
}

/**
 * Term-at-a-time scoring, one block of documents at a time: every list adds its postings for the
 * block, then the block's matches are counted and offered to `top`. Per document, lists add in
 * lunr's order, so the sums are lunr's; and the first list to touch a document is the one lunr
 * reached it by (ties rank by it). Returns how many allowed documents matched.
 */
function scoreBlocks(lists: PostingLists, docs: Uint32Array, weights: Uint32Array, N: number, allow: Uint32Array | null, top: TopDocs, s: Scratch): number {
  const { scores, first, mark, touched, cursor } = s;
  const m = lists.count;
  const { end: ends, factor: factors } = lists;
  cursor.set(lists.start.subarray(0, m));
  let total = 0;
  for (let base = 0; base < N; base += BLOCK) {
    const end = base + BLOCK;
    let n = 0;
    for (let i = 0; i < m; i++) {
      let p = cursor[i]!;
      const b = ends[i]!;
      const factor = factors[i]!;
      for (; p < b; p++) {
        const x = docs[p]! - base;
        if (x >= BLOCK) break;
        if (mark[x] === 0) {
          mark[x] = 1;
          scores[x] = factor * weights[p]!;
          first[x] = i;
          touched[n++] = x;
        } else scores[x] = scores[x]! + factor * weights[p]!;
      }
      cursor[i] = p;
    }
    for (let t = 0; t < n; t++) {
      const x = touched[t]!;
      mark[x] = 0;
      const d = base + x;
      if (allow !== null && (allow[d >>> 5]! & (1 << (d & 31))) === 0) continue;
      total++;
      top.offer(d, scores[x]!, first[x]!);
    }
    if (end >= N) break;
  }
  return total;
}

/**
 * scoreBlocks with field groups (QueryOptions.fieldGroups): per document, the sum over group-0 lists
 * plus the largest of the other groups' sums. One score row per group, reset as documents are offered.
 */
function scoreBlocksGrouped(lists: PostingLists, fieldGroups: Uint8Array, F: number, docs: Uint32Array, weights: Uint32Array, N: number, allow: Uint32Array | null, top: TopDocs, s: Scratch, docWeights: Float64Array | null): number {
  const { first, mark, touched, cursor } = s;
  const m = lists.count;
  let G = 0;
  for (const g of fieldGroups) if (g > G) G = g;
  const rows = G + 1;
  if (!s.grouped || s.grouped.length < rows * BLOCK) s.grouped = new Float64Array(rows * BLOCK);
  const scores = s.grouped;
  if (!s.groupOf || s.groupOf.length < m) s.groupOf = new Uint8Array(Math.max(m, LISTS));
  const groupOf = s.groupOf;
  for (let i = 0; i < m; i++) groupOf[i] = fieldGroups[lists.slot[i]! % F] ?? 0;
  cursor.set(lists.start.subarray(0, m));
  let total = 0;
  for (let base = 0; base < N; base += BLOCK) {
    let n = 0;
    for (let i = 0; i < m; i++) {
      let p = cursor[i]!;
      const b = lists.end[i]!;
      const factor = lists.factor[i]!;
      const row = groupOf[i]! * BLOCK;
      for (; p < b; p++) {
        const x = docs[p]! - base;
        if (x >= BLOCK) break;
        if (mark[x] === 0) {
          mark[x] = 1;
          first[x] = i;
          touched[n++] = x;
        }
        scores[row + x] = scores[row + x]! + factor * weights[p]!;
      }
      cursor[i] = p;
    }
    for (let t = 0; t < n; t++) {
      const x = touched[t]!;
      mark[x] = 0;
      let best = 0;
      for (let g = 1; g < rows; g++) {
        const v = scores[g * BLOCK + x]!;
        if (v > best) best = v;
        scores[g * BLOCK + x] = 0;
      }
      const d = base + x;
      const score = (scores[x]! + best) * (docWeights === null ? 1 : docWeights[d]!);
      scores[x] = 0;
      if (allow !== null && (allow[d >>> 5]! & (1 << (d & 31))) === 0) continue;
      total++;
      top.offer(d, score, first[x]!);
    }
    if (base + BLOCK >= N) break;
  }
  return total;
}

/**
 * The best `k` documents by score, then by the list that reached them first, then by position. With
 * a finite k (every real query) they are kept sorted in typed arrays of k slots, so offering a match
 * allocates nothing; with k = Infinity everything is kept and sorted at the end.
 */
class TopDocs {
  private readonly docs: Int32Array | number[];
  private readonly scores: Float64Array | number[];
  private readonly firsts: Int32Array | number[];
  private n = 0;
  constructor(private readonly k: number) {
    const bounded = Number.isFinite(k);
    this.docs = bounded ? new Int32Array(k) : [];
    this.scores = bounded ? new Float64Array(k) : [];
    this.firsts = bounded ? new Int32Array(k) : [];
  }

  /** True when (s1, f1, d1) ranks before (s2, f2, d2). */
  private static before(s1: number, f1: number, d1: number, s2: number, f2: number, d2: number): boolean {
    return s1 > s2 || (s1 === s2 && (f1 < f2 || (f1 === f2 && d1 < d2)));
  }

  offer(d: number, score: number, first: number): void {
    const { docs, scores, firsts, k } = this;
    const n = this.n;
    if (k === Infinity) {
      (docs as number[]).push(d);
      (scores as number[]).push(score);
      (firsts as number[]).push(first);
      this.n++;
      return;
    }
    if (k === 0) return;
    if (n === k && !TopDocs.before(score, first, d, scores[n - 1]!, firsts[n - 1]!, docs[n - 1]!)) return;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (TopDocs.before(scores[mid]!, firsts[mid]!, docs[mid]!, score, first, d)) lo = mid + 1;
      else hi = mid;
    }
    // Shift [lo, n) one slot right (the last one falls off when full), then insert at lo.
    for (let i = Math.min(n, k - 1); i > lo; i--) {
      docs[i] = docs[i - 1]!;
      scores[i] = scores[i - 1]!;
      firsts[i] = firsts[i - 1]!;
    }
    docs[lo] = d;
    scores[lo] = score;
    firsts[lo] = first;
    if (n < k) this.n = n + 1;
  }

  ranked(): Array<{ doc: number; score: number }> {
    const idx = Array.from({ length: this.n }, (_d, i) => i);
    const { docs, scores, firsts } = this;
    if (this.k === Infinity) idx.sort((a, b) => (TopDocs.before(scores[a]!, firsts[a]!, docs[a]!, scores[b]!, firsts[b]!, docs[b]!) ? -1 : 1));
    return idx.map((i) => ({ doc: docs[i]!, score: scores[i]! }));
  }
}

/** A set of documents by position, as a bitset (filters: which documents a query may return). */
export class DocSet {
  readonly bits: Uint32Array;
  constructor(
    readonly size: number,
    bits?: Uint32Array,
  ) {
    this.bits = bits ?? new Uint32Array((size + 31) >>> 5);
  }
  static all(size: number): DocSet {
    const set = new DocSet(size);
    set.bits.fill(0xffffffff);
    if (size % 32) set.bits[set.bits.length - 1] = (1 << size % 32) - 1;
    return set;
  }
  has(d: number): boolean {
    return (this.bits[d >>> 5]! & (1 << (d & 31))) !== 0;
  }
  add(d: number): this {
    this.bits[d >>> 5]! |= 1 << (d & 31);
    return this;
  }
  delete(d: number): this {
    this.bits[d >>> 5]! &= ~(1 << (d & 31));
    return this;
  }
  /** A new set: this one and `other`. */
  and(other: DocSet): DocSet {
    const out = new Uint32Array(this.bits.length);
    for (let i = 0; i < out.length; i++) out[i] = this.bits[i]! & other.bits[i]!;
    return new DocSet(this.size, out);
  }
  /** A new set: this one or `other`. */
  or(other: DocSet): DocSet {
    const out = new Uint32Array(this.bits.length);
    for (let i = 0; i < out.length; i++) out[i] = this.bits[i]! | other.bits[i]!;
    return new DocSet(this.size, out);
  }
  clone(): DocSet {
    return new DocSet(this.size, this.bits.slice());
  }
  count(): number {
    let n = 0;
    for (let i = 0; i < this.bits.length; i++) {
      let x = this.bits[i]!;
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }
}

let warmedUp = false;
/** The warm-up's index, kept: code V8 optimized on it would be thrown away if it were collected. */
let _warmIndex: SearchIndex | undefined;

/**
 * Runs the query kernels (planning, matchMasks with and without its cache, scoring with and without
 * field groups, filters and weights, prefix and typo expansion) on a small made-up index, once per
 * process, so V8 has optimized them before the first real query. Without it, the first few hundred
 * queries after start-up ran them unoptimized: 10-50 ms each on a 10k index instead of 1-2 ms.
 * Returns how long it took (ms).
 */
export function warmUpEngine(rounds = 200): number {
  if (warmedUp) return 0;
  warmedUp = true;
  const t0 = performance.now();
  const syllables = ['ka', 'ri', 'mo', 've', 'la', 'sto', 'na', 'bel', 'dor', 'fin', 'gra', 'hel'];
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const word = () => syllables[next(12)]! + syllables[next(12)]! + syllables[next(12)]!;
  const vocab = Array.from({ length: 60 }, word);
  const fields: FieldDef[] = [
    { name: 'a', boost: 8 },
    { name: 'b', boost: 1 },
    { name: 'c', boost: 8 },
    { name: 'd', boost: 1 },
  ];
  const N = 200;
  const docs = Array.from({ length: N }, (_d, i) => ({ ref: `w${i}`, fields: fields.map(() => Array.from({ length: 2 + next(8) }, () => vocab[next(vocab.length)]!)) }));
  const idx = (_warmIndex = SearchIndex.build(fields, docs, { pipeline: [], searchPipeline: [] }));
  const groups = Uint8Array.of(0, 0, 1, 1);
  const strongFields = Uint8Array.of(1, 0, 1, 0);
  const allow = DocSet.all(N);
  for (let d = 0; d < N; d += 3) allow.delete(d);
  const weights = new Float64Array(N).fill(0.5);
  const trailing = lunr.Query.wildcard.TRAILING;
  for (let r = 0; r < rounds; r++) {
    const w = vocab[r % vocab.length]!;
    const v = vocab[(r * 7) % vocab.length]!;
    const typo = w.slice(0, 2) + w.slice(3);
    const one = (q: lunr.Query) => {
      q.term(w, { boost: 10, usePipeline: false, fields: ['a', 'b'] });
      q.term(w, { boost: 10, usePipeline: false, fields: ['c', 'd'] });
      q.term(w.slice(0, 4), { boost: 2, usePipeline: false, wildcard: trailing, fields: ['a', 'b', 'c', 'd'] });
      if (r % 16 === 0) q.term(typo, { boost: 1, usePipeline: false, editDistance: 1, fields: ['a', 'b'] });
    };
    const two = (q: lunr.Query) => q.term(v, { boost: 5, usePipeline: false, fields: ['a', 'b', 'c', 'd'] });
    idx.matchMasks([one, two], strongFields, r % 2 === 0 ? [`${w}|1`, `${v}|2`] : undefined);
    const both = (q: lunr.Query) => {
      one(q);
      two(q);
    };
    idx.query(both, { limit: 15, fieldGroups: groups, ...(r % 2 === 0 ? { allow, docWeights: weights } : {}) });
    if (r % 4 === 1) idx.query(both, { limit: 10, ...(r % 8 === 1 ? { allow } : {}) });
  }
  return performance.now() - t0;
}
