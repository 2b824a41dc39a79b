/**
 * Practice search with lunr's semantics. Queries go through lunr's query API (never its query-string
 * parser), so no user text can throw. Each word becomes an exact (stemmed) clause, a prefix clause
 * and, for longer words, a one-typo clause; glossary synonyms are added with a lower boost.
 *
 * The index is `SearchIndex` (engine.ts): lunr's tokens, weights, clause expansion and scoring, held
 * in typed arrays so 100k practices build in seconds and answer in milliseconds. `buildLunrIndex`
 * still builds the equivalent plain lunr index (the tests compare the two).
 */
import { LanguageStems, isStemmed } from './language-stems.js';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import lunr from 'lunr';
import { CompactTrie } from './compact-trie.js';
import { DocSet, SearchIndex, type IndexDoc, type WordList } from './engine.js';
import type { AreaId, Glossary, Practice } from '../content/schemas.js';
import { AREA_IDS } from '../content/schemas.js';
import { practicesDigest } from '../content/loader.js';
import { PracticeFilters } from './filters.js';
import { fold, words, QUERY_STOPWORDS } from './text.js';
import { parseQuery, prepareVocabulary, hasFilters, type Filters, type ParsedQuery, type Vocabulary } from './query.js';

/** Bump when the document shape or pipeline changes, so cached indexes are rebuilt. */
const INDEX_FORMAT = 5;

const BOOSTS = { title: 8, keywords: 6, areas: 3, city: 4, country: 2, summary: 1 } as const;

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
}

export interface SearchOptions {
  offset?: number;
  limit?: number;
  exclude?: string[];
  /** The language the query is written in (the user's locale): adds its own stemming. */
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

const FIELDS = Object.entries(BOOSTS).map(([name, boost]) => ({ name, boost }));
const INDEX_PIPELINE = ['trimmer', 'stemmer'];
const SEARCH_PIPELINE = ['stemmer'];

// The default lunr pipeline with our own word splitting: fields are fed as arrays of folded words.
const stems = new Map<string, string>();
function stemOne(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = (lunr.stemmer(new lunr.Token(word, {}) as lunr.Token) as unknown as lunr.Token).toString();
    if (stems.size > 50_000) stems.clear();
    stems.set(word, s);
  }
  return s;
}

/** Words of each area (id and names in every language), computed once per index build. */
function areaWordsOf(areaNames: Map<AreaId, string[]>): (a: AreaId) => string[] {
  const cache = new Map<AreaId, string[]>();
  return (a) => {
    let w = cache.get(a);
    if (!w) cache.set(a, (w = [...words(a), ...(areaNames.get(a) ?? []).flatMap((n) => words(n))]));
    return w;
  };
}

function docOf(p: Practice, areaWords: (a: AreaId) => string[]) {
  return {
    id: p.id,
    title: words(p.title),
    keywords: p.keywords.flatMap((k) => words(k)),
    areas: p.areas.flatMap((a) => areaWords(a)),
    city: words(p.city),
    country: words(p.country),
    summary: words(p.summary),
  };
}

function* indexDocs(practices: Practice[], areaNames: Map<AreaId, string[]>): Generator<IndexDoc> {
  const areaWords = areaWordsOf(areaNames);
  for (const p of practices) {
    const d = docOf(p, areaWords);
    yield { ref: d.id, fields: [d.title, d.keywords, d.areas, d.city, d.country, d.summary] };
  }
}

export function corpusHash(practices: Practice[], areaNames: Map<AreaId, string[]>): string {
  const h = createHash('sha256');
  h.update(String(INDEX_FORMAT));
  // The loader's hash of the practice files as read, when these are the practices it returned
  // (10x cheaper than serializing 10k practices again); otherwise one practice at a time.
  const digest = practicesDigest(practices);
  if (digest) h.update(`files:${digest}`);
  else for (const p of practices) h.update(JSON.stringify(p)).update('\n');
  h.update(JSON.stringify([...areaNames.entries()]));
  return h.digest('hex').slice(0, 16);
}

/** The index's word list of suggestion words. */
const SUGGESTION_WORDS = 'suggestions';

/** The practice index. */
export function buildSearchIndex(practices: Practice[], areaNames: Map<AreaId, string[]>): SearchIndex {
  // The words "did you mean" suggests from (title and keyword words of 4+ letters, folded) travel
  // with the index, trie included, so a start-up never derives them.
  const wordLists = { [SUGGESTION_WORDS]: corpusWordsOf(practices) };
  return SearchIndex.build(FIELDS, indexDocs(practices, areaNames), { pipeline: INDEX_PIPELINE, searchPipeline: SEARCH_PIPELINE, wordLists });
}


/** The same index as a plain lunr.Index (slow at scale; kept as the reference the tests compare with). */
export function buildLunrIndex(practices: Practice[], areaNames: Map<AreaId, string[]>): lunr.Index {
  const areaWords = areaWordsOf(areaNames);
  return lunr(function () {
    this.ref('id');
    for (const [field, boost] of Object.entries(BOOSTS)) this.field(field, { boost });
    // Stop words are removed from queries by us; keep the index pipeline to trimming and stemming.
    this.pipeline.reset();
    this.pipeline.add(lunr.trimmer, lunr.stemmer);
    this.searchPipeline.reset();
    this.searchPipeline.add(lunr.stemmer);
    for (const p of practices) this.add(docOf(p, areaWords));
  });
}

/** The clauses of a practice query, in lunr's query API (shared by the index and the lunr reference). */
export function queryClauses(terms: string[], expansions: string[] = [], boostAreas: AreaId[] = []): (q: lunr.Query) => void {
  return (q) => {
    for (const term of terms) {
      q.term(term, { boost: 10 });
      if (term.length >= 4) q.term(term, { boost: 2, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      // Index tokens are stemmed, so the typo clause compares against the stem, not the raw word.
      if (term.length >= 5 && term.length <= 20) q.term(stemOne(term), { boost: 1, usePipeline: false, editDistance: term.length >= 8 ? 2 : 1 });
    }
    for (const term of expansions) q.term(term, { boost: 5 });
    for (const area of boostAreas) for (const w of words(area)) q.term(w, { boost: 2, fields: ['areas'] });
  };
}

const RECENT_QUERIES = 256;

interface Ranked {
  total: number;
  /** Practice positions, best first, and their scores. */
  docs: number[];
  scores: number[];
}

export class PracticeSearch {
  readonly vocabulary: Vocabulary;
  private readonly byId: Map<string, Practice>;
  private readonly docOf: Map<Practice, number>;
  /** Title and keyword words, for suggestions, and their trie. */
  private readonly corpus: WordList;
  /** Each glossary term as ` w1 w2 ` (matched against the query's words joined the same way); wordless terms left out. */
  private readonly glossaryPhrases: Array<{ phrase: string; group: Glossary['groups'][number] }>;
  /** Per glossary group, the words its terms expand a query with (folded once, not per query). */
  private readonly groupWords = new Map<Glossary['groups'][number], string[]>();
  private readonly filters: PracticeFilters;
  /** Rankings of recent queries, least recently used first. */
  private readonly recent = new Map<string, Ranked>();

  constructor(
    private readonly index: SearchIndex,
    private readonly setup: SearchSetup,
  ) {
    if (index.size !== setup.practices.length || index.refs.some((ref, i) => ref !== setup.practices[i]!.id)) {
      throw new Error('the search index does not belong to these practices');
    }
    this.byId = new Map(setup.practices.map((p) => [p.id, p]));
    this.docOf = new Map(setup.practices.map((p, d) => [p, d]));
    this.filters = new PracticeFilters(setup.practices);
    this.vocabulary = buildVocabulary(setup);
    prepareVocabulary(this.vocabulary);
    // An index built without the list (by hand, in tests) gets it here.
    this.corpus = index.wordList(SUGGESTION_WORDS) ?? wordListOf(corpusWordsOf(setup.practices));
    this.glossaryPhrases = setup.glossary.groups.flatMap((group) => group.terms.flatMap((t) => (words(t).length > 0 ? [{ phrase: ` ${words(t).join(' ')} `, group }] : [])));
    for (const group of setup.glossary.groups) {
      this.groupWords.set(group, [...new Set(group.terms.flatMap((t) => words(t)).filter((w) => !QUERY_STOPWORDS.has(w) && w.length > 1))]);
    }
    this.stems = new LanguageStems(() => {
      const all = new Set<string>();
      for (const p of setup.practices) for (const w of [...words(p.title), ...p.keywords.flatMap((k) => words(k))]) all.add(w);
      for (const g of setup.glossary.groups) for (const t of g.terms) for (const w of words(t)) all.add(w);
      return all;
    });
  }

  private readonly stems: LanguageStems;

  /** Build, or load the serialized index from `cacheDir` when the corpus is unchanged. */
  static create(setup: SearchSetup, cacheDir?: string): { search: PracticeSearch; loadedFromCache: boolean } {
    const hash = corpusHash(setup.practices, setup.areaNames);
    const file = cacheDir ? join(cacheDir, `search-index-${hash}.bin`) : undefined;
    if (file && existsSync(file)) {
      try {
        return { search: new PracticeSearch(SearchIndex.load(readFileSync(file)), setup), loadedFromCache: true };
      } catch {
        // A truncated or foreign cache file is rebuilt below.
      }
    }
    const idx = buildSearchIndex(setup.practices, setup.areaNames);
    if (file && cacheDir) {
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, idx.serialize());
        renameSync(tmp, file);
        // Indexes of earlier corpora are dead weight (tens of MB at 100k practices).
        for (const f of readdirSync(cacheDir)) {
          if (/^search-index-[0-9a-f]+\.(json|bin)$/.test(f) && join(cacheDir, f) !== file) unlinkSync(join(cacheDir, f));
        }
      } catch {
        // The cache is an optimisation; a read-only data dir only costs a rebuild next start.
      }
    }
    return { search: new PracticeSearch(idx, setup), loadedFromCache: false };
  }

  get size(): number {
    return this.byId.size;
  }

  practice(id: string): Practice | undefined {
    return this.byId.get(id);
  }

  areaName(id: AreaId): string {
    return this.setup.areaNames.get(id)?.[0] ?? id;
  }

  parse(text: string): ParsedQuery {
    return parseQuery(text, this.vocabulary);
  }

  search(text: string, opts: SearchOptions = {}): SearchResult {
    return this.run(this.parse(text), opts);
  }

  /** Practices sharing words and areas with `id`, the practice itself excluded. */
  moreLikeThis(id: string, opts: SearchOptions = {}): SearchResult | undefined {
    const p = this.byId.get(id);
    if (!p) return undefined;
    const terms = [...new Set([...p.keywords.flatMap((k) => words(k)), ...words(p.title)].filter((w) => w.length > 2 && !QUERY_STOPWORDS.has(w)))].slice(0, 20);
    const query: ParsedQuery = { raw: p.title, terms, filters: { areas: [], countries: [], cities: [] } };
    return this.run(query, { ...opts, exclude: [...(opts.exclude ?? []), id] }, p.areas);
  }

  run(query: ParsedQuery, opts: SearchOptions = {}, boostAreas: AreaId[] = []): SearchResult {
    const offset = Math.max(0, opts.offset ?? 0);
    const limit = Math.max(1, Math.min(opts.limit ?? 5, 50));
    // Words of the corpus and glossary that share a stem with a query word in the query's language.
    const inflected = [...new Set(query.terms.flatMap((t) => this.stems.related(opts.lang, t)))];
    const glossary = this.expand([...query.terms, ...inflected]);
    const expansions = [...new Set([...inflected, ...glossary.expansions])].filter((w) => !query.terms.includes(w)).slice(0, 48);
    const relatedAreas = glossary.areas;
    // "More results" asks the same question again with an offset: the ranking is kept (LRU).
    const key = JSON.stringify([query.terms, query.filters, boostAreas, opts.exclude ?? [], isStemmed(opts.lang) ? opts.lang : '']);
    let ranked = this.recent.get(key);
    if (ranked && ranked.docs.length < offset + limit && ranked.docs.length < ranked.total) ranked = undefined;
    if (ranked) {
      this.recent.delete(key);
    } else {
      // Rank a little past the page asked for, so the next page comes from the cache.
      ranked = this.rank(query, expansions, boostAreas, opts.exclude ?? [], offset + limit + 10);
      if (this.recent.size >= RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value!);
    }
    this.recent.set(key, ranked);
    const practices = this.setup.practices;
    const hits = ranked.docs.slice(offset, offset + limit).map((d, i) => ({ practice: practices[d]!, score: ranked.scores[offset + i]! }));
    const suggestions = ranked.total === 0 ? this.suggest(query.terms) : [];
    return { query, hits, total: ranked.total, offset, suggestions, relatedAreas };
  }

  /** The best `k` practices for a query, and how many match. */
  private rank(query: ParsedQuery, expansions: string[], boostAreas: AreaId[], exclude: string[], k: number): Ranked {
    const allow = this.allowed(query.filters, exclude);
    if (query.terms.length === 0) {
      // Filters alone: newest first, then by title; only the page asked for is sorted.
      const page = hasFilters(query.filters) ? newestFirst(this.setup.practices, allow, k) : { total: 0, docs: [] };
      return { total: page.total, docs: page.docs, scores: page.docs.map(() => 0) };
    }
    const r = this.index.query(queryClauses(query.terms, expansions, boostAreas), { allow, limit: k });
    return { total: r.total, docs: r.hits.map((h) => h.doc), scores: r.hits.map((h) => h.score) };
  }

  /** The practices filters and exclusions leave (undefined: all of them). */
  private allowed(f: Filters, exclude: string[]): DocSet | undefined {
    let set: DocSet | undefined;
    const narrow = (s: DocSet) => (set = set ? set.and(s) : s.clone());
    if (f.areas.length) narrow(this.filters.unionOf('area', f.areas));
    if (f.countries.length) narrow(this.filters.unionOf('country', f.countries.map((c) => fold(c))));
    if (f.cities.length) narrow(this.filters.unionOf('city', f.cities.map((c) => ` ${words(c).join(' ')} `)));
    for (const id of exclude) {
      const p = this.byId.get(id);
      if (p) (set ??= DocSet.all(this.setup.practices.length)).delete(this.docOf.get(p)!);
    }
    return set;
  }

  /** Glossary expansion: a query phrase found in a group adds the group's other terms. */
  private expand(terms: string[]): { expansions: string[]; areas: AreaId[] } {
    const out = new Set<string>();
    const areas = new Set<AreaId>();
    const joined = ` ${terms.join(' ')} `;
    for (const { phrase, group } of this.glossaryPhrases) {
      if (!joined.includes(phrase)) continue;
      for (const w of this.groupWords.get(group)!) out.add(w);
      for (const a of group.areas ?? []) areas.add(a);
    }
    for (const t of terms) out.delete(t);
    return { expansions: [...out].slice(0, 40), areas: [...areas] };
  }

  private suggest(terms: string[]): string[] {
    // Close title and keyword words, found by walking a trie of them (pruned where no prefix can be close).
    const { words: corpusWords, trie } = this.corpus;
    const scored: Array<{ w: string; d: number }> = [];
    for (const t of terms) {
      if (t.length < 4) continue;
      const near = trie.withinDistance(t, 2);
      for (let i = 0; i < near.index.length; i++) {
        const w = corpusWords[near.index[i]!]!;
        if (w !== t) scored.push({ w, d: near.distance[i]! });
      }
    }
    scored.sort((a, b) => a.d - b.d || a.w.localeCompare(b.w));
    return [...new Set(scored.map((s) => s.w))].slice(0, 3);
  }

  /** How many practices each area has (for "try these areas"). */
  areaCounts(): Map<AreaId, number> {
    const counts = new Map<AreaId, number>();
    for (const p of this.setup.practices) for (const a of p.areas) counts.set(a, (counts.get(a) ?? 0) + 1);
    return counts;
  }
}

export function matchesFilters(p: Practice, f: Filters): boolean {
  if (f.areas.length && !f.areas.some((a) => p.areas.includes(a))) return false;
  if (f.countries.length && !f.countries.some((c) => fold(c) === fold(p.country))) return false;
  if (f.cities.length) {
    const place = ` ${words(p.city).join(' ')} `;
    if (!f.cities.some((c) => place.includes(` ${words(c).join(' ')} `))) return false;
  }
  return true;
}

// localeCompare with no arguments, without building the collator again on every call (a filter-only
// query on a 100k corpus sorts thousands of titles).
let collator: Intl.Collator | undefined;
function titleOrder(a: string, b: string): number {
  return (collator ??= new Intl.Collator()).compare(a, b);
}

/** The `k` first practices by year (newest first) then title, among those `allow`ed; and how many are. */
function newestFirst(practices: Practice[], allow: DocSet | undefined, k: number): { total: number; docs: number[] } {
  const before = (a: Practice, b: Practice) => (b.year ?? 0) - (a.year ?? 0) || titleOrder(a.title, b.title);
  const top: number[] = [];
  let total = 0;
  for (let d = 0; d < practices.length; d++) {
    if (allow && !allow.has(d)) continue;
    total++;
    const p = practices[d]!;
    if (top.length === k && before(p, practices[top[k - 1]!]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(practices[top[mid]!]!, p) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, d);
    if (top.length > k) top.pop();
  }
  return { total, docs: top };
}

function wordListOf(sortedWords: string[]): WordList {
  return { words: sortedWords, trie: CompactTrie.fromSorted(sortedWords) };
}

function corpusWordsOf(practices: Practice[]): string[] {
  const vocabWords = new Set<string>();
  for (const p of practices) for (const w of [...words(p.title), ...p.keywords.flatMap((k) => words(k))]) if (w.length >= 4) vocabWords.add(w);
  return [...vocabWords].sort();
}

function buildVocabulary(setup: SearchSetup): Vocabulary {
  const countries = new Map<string, string>();
  const cities = new Map<string, string>();
  const areas = new Map<string, AreaId>();
  // Distinct names only: a 10k corpus names a few hundred places.
  const seenCountries = new Set<string>();
  const seenCities = new Set<string>();
  for (const p of setup.practices) {
    if (!seenCountries.has(p.country)) {
      seenCountries.add(p.country);
      countries.set(words(p.country).join(' '), p.country);
    }
    if (seenCities.has(p.city)) continue;
    seenCities.add(p.city);
    for (const part of p.city.split(/[/,()]/)) {
      const name = part.trim();
      if (name.length >= 3 && !/^multiple\b/i.test(name)) cities.set(words(name).join(' '), name);
    }
  }
  for (const [alias, display] of setup.cityAliases ?? []) if (alias.length >= 3 && !cities.has(alias)) cities.set(alias, display);
  for (const id of AREA_IDS) {
    areas.set(words(id).join(' '), id);
    for (const n of setup.areaNames.get(id) ?? []) areas.set(words(n).join(' '), id);
  }
  // A city named like a country or an area would hijack those words; countries and areas win.
  for (const k of [...countries.keys(), ...areas.keys()]) cities.delete(k);
  return { countries, cities, areas };
}
