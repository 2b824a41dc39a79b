/**
 * Practice search with lunr's semantics. Queries go through lunr's query API (never its query-string
 * parser), so no user text can throw. Each word becomes an exact (stemmed) clause, a prefix clause
 * and, for longer words, a one-typo clause; glossary synonyms are added with a lower boost.
 *
 * The index is `SearchIndex` (engine.ts): lunr's tokens, weights, clause expansion and scoring, held
 * in typed arrays so 100k practices build in seconds and answer in milliseconds. `buildLunrIndex`
 * still builds the equivalent plain lunr index (the tests compare the two).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import lunr from 'lunr';
import { CompactTrie } from './compact-trie.js';
import { DocSet, SearchIndex, warmUpEngine, type IndexDoc, type WordList } from './engine.js';
import type { AreaId, Glossary, Practice } from '../content/schemas.js';
import { AREA_IDS } from '../content/schemas.js';
import { practicesDigest } from '../content/loader.js';
import { PracticeFilters } from './filters.js';
import { fold, words, QUERY_STOPWORDS } from './text.js';
import { analyze, analyzeAll, analyzeText, isSearchLang, isStopword, languageHints, LATIN_LANGS, langsOf, rawWords, SEARCH_LANGS, type SearchLang } from './analysis.js';
import { detectLanguage } from '../core/detect-language.js';
import { cityExonyms, countryNames } from './places.js';
import { parseQuery, prepareVocabulary, hasFilters, type Filters, type ParsedQuery, type Vocabulary } from './query.js';

/** Bump when the document shape or pipeline changes, so cached indexes are rebuilt. */
const INDEX_FORMAT = 7;

/**
 * Fields. Keywords, areas, city and country are shared by every language (their words are analysed
 * in every language of their script); title and summary exist once per language, each analysed in
 * its own language (the English entry: `title`, `summary`; a translation: `title_fr`, `summary_fr`).
 */
const BOOSTS = { title: 8, keywords: 6, areas: 3, city: 4, country: 2, summary: 1 } as const;
const SHARED_FIELDS = ['keywords', 'areas', 'city', 'country'] as const;
const TRANSLATED = SEARCH_LANGS.filter((l) => l !== 'en');
const FIELDS = [
  ...Object.entries(BOOSTS).map(([name, boost]) => ({ name, boost })),
  ...TRANSLATED.flatMap((l) => [
    { name: `title_${l}`, boost: BOOSTS.title },
    { name: `summary_${l}`, boost: BOOSTS.summary },
  ]),
];
/** The fields a token of a language is looked for in. */
const FIELDS_OF: Record<SearchLang, string[]> = Object.fromEntries(
  SEARCH_LANGS.map((l) => [l, [...SHARED_FIELDS, ...(l === 'en' ? ['title', 'summary'] : [`title_${l}`, `summary_${l}`])]]),
) as Record<SearchLang, string[]>;
/** Shared fields add up; of the languages' own fields only the best language counts (group per language). */
const FIELD_GROUPS = Uint8Array.from(FIELDS.map((f) => {
  if ((SHARED_FIELDS as readonly string[]).includes(f.name)) return 0;
  const lang = f.name.includes('_') ? f.name.split('_')[1]! : 'en';
  return 1 + SEARCH_LANGS.indexOf(lang as SearchLang);
}));
/** Words are analysed before indexing (analysis.ts): the index's own pipelines are empty. */
const INDEX_PIPELINE: string[] = [];
const SEARCH_PIPELINE: string[] = [];

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

/** Words of each area (id and names in every language), computed once per index build. */
function areaWordsOf(areaNames: Map<AreaId, string[]>): (a: AreaId) => string[] {
  const cache = new Map<AreaId, string[]>();
  return (a) => {
    let w = cache.get(a);
    if (!w) cache.set(a, (w = [...rawWords(a.replace(/-/g, ' ')), ...(areaNames.get(a) ?? []).flatMap((n) => rawWords(n))].flatMap(analyzeAll)));
    return w;
  };
}

/** Keywords and place names: mostly English, some in their own language: the English stem and the folded word. */
const enAndRaw = (text: string) => rawWords(text).flatMap((w) => [...new Set([...analyze('en', w), fold(w)])]);

/** A practice's fields, analysed, in FIELDS order. */
function docFields(p: Practice, areaWords: (a: AreaId) => string[]): string[][] {
  const fields: string[][] = [
    analyzeText('en', p.title),
    p.keywords.flatMap(enAndRaw),
    p.areas.flatMap((a) => areaWords(a)),
    enAndRaw(p.city),
    enAndRaw(p.country),
    analyzeText('en', p.summary),
  ];
  for (const l of TRANSLATED) {
    const t = p.translations?.[l];
    fields.push(t ? analyzeText(l, t.title) : [], t ? analyzeText(l, t.summary) : []);
  }
  return fields;
}

function* indexDocs(practices: Practice[], areaNames: Map<AreaId, string[]>): Generator<IndexDoc> {
  const areaWords = areaWordsOf(areaNames);
  for (const p of practices) yield { ref: p.id, fields: docFields(p, areaWords) };
}

export function corpusHash(practices: Practice[], areaNames: Map<AreaId, string[]>): string {
  const h = createHash('sha256');
  h.update(String(INDEX_FORMAT));
  // The loader's hash of the practice files as read, when these are the practices it returned
  // (10x cheaper than serializing 10k practices again); otherwise one practice at a time.
  const digest = practicesDigest(practices);
  if (digest) h.update(`files:${digest}`);
  else for (const p of practices) h.update(JSON.stringify(p)).update('\n');
  // Translations are added after loading: hashed apart (the files' digest does not cover them).
  if (digest) for (const p of practices) if (p.translations) h.update(p.id).update(JSON.stringify(p.translations));
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
  const meta: IndexMeta = { langWords: langWordsOf(practices) };
  return SearchIndex.build(FIELDS, indexDocs(practices, areaNames), { pipeline: INDEX_PIPELINE, searchPipeline: SEARCH_PIPELINE, wordLists, meta });
}

/** What the practice index stores besides the postings. */
interface IndexMeta {
  /** Per translated language, its words (folded, as written) that no English title or summary has. */
  langWords: Partial<Record<SearchLang, string[]>>;
}

/**
 * The words that say a query word is in a translated language: the words of that language's titles
 * and summaries, folded, that no English title or summary uses ("mediazione", "antirrumores",
 * "Flüchtlingen"; not "migrants" or "integration", which English shares).
 */
function langWordsOf(practices: Practice[]): Partial<Record<SearchLang, string[]>> {
  const english = new Set<string>();
  const seenTitles = new Set<string>();
  for (const p of practices) for (const w of words(`${p.title} ${p.summary}`)) english.add(w);
  const out: Partial<Record<SearchLang, string[]>> = {};
  for (const l of TRANSLATED) {
    if (l === 'uk') continue; // Cyrillic words are Ukrainian by their script.
    const set = new Set<string>();
    seenTitles.clear();
    for (const p of practices) {
      const t = p.translations?.[l];
      // Synthetic corpora repeat translations: each distinct text once.
      if (!t || seenTitles.has(t.title + t.summary)) continue;
      seenTitles.add(t.title + t.summary);
      for (const w of words(`${t.title} ${t.summary}`)) if (w.length >= 3 && !english.has(w) && !/^\d+$/.test(w)) set.add(w);
    }
    out[l] = [...set].sort();
  }
  return out;
}

/**
 * The same index as a plain lunr.Index, fed the same analysed words (slow at scale; kept as the
 * reference the tests compare the engine with, on lunr's own scoring: no field groups).
 */
export function buildLunrIndex(practices: Practice[], areaNames: Map<AreaId, string[]>): lunr.Index {
  const areaWords = areaWordsOf(areaNames);
  return lunr(function () {
    this.ref('id');
    for (const f of FIELDS) this.field(f.name, { boost: f.boost });
    this.pipeline.reset();
    this.searchPipeline.reset();
    for (const p of practices) {
      const fields = docFields(p, areaWords);
      this.add(Object.fromEntries([['id', p.id], ...FIELDS.map((f, i) => [f.name, fields[i]!])]));
    }
  });
}

/** One query clause, as lunr's query API takes it. */
interface Clause {
  term: string;
  boost: number;
  fields?: string[];
  wildcard?: boolean;
  editDistance?: number;
}

function applyClauses(clauses: readonly Clause[]): (q: lunr.Query) => void {
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

/** Exact clauses for a word in each of its languages, each language's tokens in its own fields. */
function wordClauses(word: string, boost: number, out: Clause[], seen: Set<string>, langsOfWord: LangsOf): void {
  for (const l of langsOfWord(word)) {
    for (const tok of analyze(l, word)) {
      const key = `${l}|${tok}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ term: tok, boost, fields: FIELDS_OF[l] });
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

function termClauses(terms: string[], expansions: string[], boostAreas: AreaId[], known: ((token: string) => boolean) | undefined, langsOfWord: LangsOf): Clause[] {
  const clauses: Clause[] = [];
  const seen = new Set<string>();
  for (const term of terms) {
    wordClauses(term, 10, clauses, seen, langsOfWord);
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
  for (const e of expansions) wordClauses(e, 5, clauses, seen, langsOfWord);
  for (const area of boostAreas) for (const w of words(area)) clauses.push({ term: analyze('en', w)[0] ?? w, boost: 2, fields: ['areas'] });
  return clauses;
}

/** A query's LangsOf, with a key naming what it answers (equal keys: the same languages for every word). */
type QueryLangs = LangsOf & { key: string };

const RECENT_QUERIES = 256;
/** PracticeSearch.warmUpQueries: (question, user language). */
const WARM_UP_QUERIES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['language courses for refugees', undefined],
  ['rumour campaing in schools', undefined],
  ['Sprachkurse für Geflüchtete', 'de'],
  ['mediazione nelle scuole', undefined],
  ['acolhimento de refugiados', 'pt'],
  ['accueil des migrants dans les quartiers', undefined],
  ['participación de mujeres migrantes', 'es'],
  ['мовні курси для мігрантів', 'uk'],
  ['festivals area:education', undefined],
];
const UK: readonly SearchLang[] = ['uk'];

interface Ranked {
  total: number;
  /** Practice positions, best first, and their scores. */
  docs: number[];
  scores: number[];
  unmatched: string[];
  matched: string[];
}

/** A practice must match query words worth this share of what the matched words weigh together (idf), or be the best. */
const COVERAGE = 0.4;
/** A word found only in a practice's summary counts this much of a word in its title, keywords, areas or place. */
const WEAK = 0.5;
/** The best practice must be about at least this share of the question's content words, or nothing is relevant. */
const GATE = 0.4;
/** Fields whose words say what a practice is about (titles in every language, keywords, areas, place). */
const STRONG_FIELDS = Uint8Array.from(FIELDS.map((f) => (f.name.startsWith('summary') ? 0 : 1)));

/**
 * How much of the question each matched practice covers. Practices fall into few classes (which
 * words they match, which of them strongly): each class's cover is computed once, in word order.
 * `classOf[j]` is the class of hitDocs[j] (-1: not allowed); valid until the next call.
 */
interface Coverage {
  /** The best cover of an allowed practice. */
  best: number;
  /** The most words (strong ones 1, weak ones WEAK) an allowed practice matches. */
  bestWords: number;
  classOf: Int32Array;
  coverOf: Float64Array;
}

let coverageScratch: Coverage = { best: 0, bestWords: 0, classOf: new Int32Array(1 << 16), coverOf: new Float64Array(4096) };
const classKeys = new Map<number, number>();

function coverage(hitDocs: Int32Array, masks: Uint32Array, strong: Uint32Array, allow: Uint32Array | null, weight: readonly number[]): Coverage {
  const s = coverageScratch.classOf.length >= hitDocs.length ? coverageScratch : (coverageScratch = { ...coverageScratch, classOf: new Int32Array(hitDocs.length * 2) });
  const { classOf } = s;
  classKeys.clear();
  let best = 0;
  let bestWords = 0;
  for (let j = 0; j < hitDocs.length; j++) {
    const d = hitDocs[j]!;
    if (allow !== null && (allow[d >>> 5]! & (1 << (d & 31))) === 0) {
      classOf[j] = -1;
      continue;
    }
    const m = masks[d]!;
    const st = strong[d]!;
    // At most 16 words (parseQuery): a (words, strong words) pair is one 32-bit key.
    const key = m * 65536 + st;
    let c = classKeys.get(key);
    if (c === undefined) {
      c = classKeys.size;
      classKeys.set(key, c);
      let cover = 0;
      for (let i = 0; i < weight.length; i++) if (m & (1 << i)) cover += weight[i]! * (st & (1 << i) ? 1 : WEAK);
      if (s.coverOf.length <= c) {
        const grown = new Float64Array(s.coverOf.length * 2);
        grown.set(s.coverOf);
        s.coverOf = grown;
      }
      s.coverOf[c] = cover;
      if (cover > best) best = cover;
      const words = bitCount(st) + WEAK * bitCount(m & ~st);
      if (words > bestWords) bestWords = words;
    }
    classOf[j] = c;
  }
  s.best = best;
  s.bestWords = bestWords;
  return s;
}

/** Keeps the allowed practices covering at least `floor`, each weighted by the square of its share of the best cover. */
function keepCovered(hitDocs: Int32Array, cov: Coverage, floor: number, keep: Uint32Array, docWeights: Float64Array): void {
  const { classOf, coverOf, best } = cov;
  for (let j = 0; j < hitDocs.length; j++) {
    const cls = classOf[j]!;
    if (cls < 0) continue;
    const c = coverOf[cls]!;
    if (c < floor - 1e-9) continue;
    const d = hitDocs[j]!;
    const share = c / best;
    keep[d >>> 5]! |= 1 << (d & 31);
    docWeights[d] = share * share;
  }
}

let coverageWarmed = false;

/** coverage and keepCovered run on made-up matches until V8 optimizes them (once per process; see warmUpEngine). */
function warmUpCoverage(): void {
  if (coverageWarmed) return;
  coverageWarmed = true;
  const N = 512;
  const hitDocs = Int32Array.from({ length: N }, (_d, i) => i);
  const masks = Uint32Array.from({ length: N }, (_d, i) => (i % 7) + 1);
  const strong = Uint32Array.from({ length: N }, (_d, i) => (i % 7) & (i % 3));
  const allow = new Uint32Array(N >>> 5).fill(0x5555_5555);
  const keep = new Uint32Array(N >>> 5);
  const weights = new Float64Array(N);
  for (let r = 0; r < 300; r++) {
    const cov = coverage(hitDocs, masks, strong, r % 2 === 0 ? allow : null, [1.5, 0.5, 2.25]);
    keepCovered(hitDocs, cov, cov.best * 0.4, keep, weights);
  }
}

function bitCount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

export class PracticeSearch {
  readonly vocabulary: Vocabulary;
  private readonly byId: Map<string, Practice>;
  private readonly docOf: Map<Practice, number>;
  /** Title and keyword words, for suggestions, and their trie. */
  private readonly corpus: WordList;
  /** Multi-word glossary terms as ` w1 w2 ` (matched against the query's words joined the same way). */
  private readonly glossaryPhrases: Array<{ phrase: string; group: Glossary['groups'][number] }>;
  /** One-word glossary terms by their tokens in each language of their script (`lang|token`). */
  private readonly glossaryTokens = new Map<string, Array<Glossary['groups'][number]>>();
  /** Per glossary group, the words its terms expand a query with (lowercase, not folded). */
  private readonly groupWords = new Map<Glossary['groups'][number], string[]>();
  private readonly filters: PracticeFilters;
  /** Per Latin-script translated language, the words that show a query word is in it (IndexMeta.langWords). */
  private readonly langWords = new Map<SearchLang, ReadonlySet<string>>();
  /** Per-practice score weights of the query being ranked (only kept practices' entries are read). */
  private docWeights = new Float64Array(0);
  /** The practices the query being ranked keeps (reused: see SearchIndex.plan on allocation). */
  private keep = new DocSet(0);
  /** Rankings of recent queries, least recently used first. */
  private readonly recent = new Map<string, Ranked>();

  constructor(
    private readonly index: SearchIndex,
    private readonly setup: SearchSetup,
  ) {
    if (index.size !== setup.practices.length || index.refs.some((ref, i) => ref !== setup.practices[i]!.id)) {
      throw new Error('the search index does not belong to these practices');
    }
    // The query kernels optimized before the first question (once per process; see warmUpEngine).
    warmUpEngine();
    warmUpCoverage();
    this.byId = new Map(setup.practices.map((p) => [p.id, p]));
    this.docOf = new Map(setup.practices.map((p, d) => [p, d]));
    this.filters = new PracticeFilters(setup.practices);
    this.vocabulary = buildVocabulary(setup);
    prepareVocabulary(this.vocabulary);
    // An index built without the list (by hand, in tests) gets it here.
    this.corpus = index.wordList(SUGGESTION_WORDS) ?? wordListOf(corpusWordsOf(setup.practices));
    const meta = index.meta as Partial<IndexMeta> | null;
    const langWords = meta?.langWords ?? langWordsOf(setup.practices);
    for (const l of LATIN_LANGS) if (langWords[l]) this.langWords.set(l, new Set(langWords[l]));
    this.glossaryPhrases = [];
    for (const group of setup.glossary.groups) {
      for (const t of group.terms) {
        const ws = rawWords(t);
        if (ws.length > 1) this.glossaryPhrases.push({ phrase: ` ${words(t).join(' ')} `, group });
        else if (ws.length === 1) {
          for (const l of langsOf(ws[0]!)) {
            for (const tok of analyze(l, ws[0]!)) {
              if (tok.length < 3) continue;
              const list = this.glossaryTokens.get(`${l}|${tok}`) ?? [];
              if (!list.includes(group)) list.push(group);
              this.glossaryTokens.set(`${l}|${tok}`, list);
            }
          }
        }
      }
      // One-word terms only: the words of "health services" would expand to every practice about services.
      const single = group.terms.map((t) => rawWords(t)).filter((ws) => ws.length === 1).map((ws) => ws[0]!);
      this.groupWords.set(group, [...new Set(single.filter((w) => !isStopword(w) && !QUERY_STOPWORDS.has(fold(w)) && w.length > 1))]);
    }
    this.warmUpQueries();
  }

  /**
   * A few questions in the network's languages (stemmers, language detection, typo and glossary
   * paths), answered and forgotten, so the first users' questions do not run that code cold.
   */
  private warmUpQueries(): void {
    try {
      for (const [q, lang] of WARM_UP_QUERIES) this.search(q, { limit: 5, ...(lang ? { lang } : {}) });
    } catch {
      // A warm-up only.
    }
    this.recent.clear();
    this.index.clearCaches();
  }

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

  /**
   * The languages the query's words are analysed in: English (the corpus's language), the user's
   * language, the language detected in the text (longer texts only: franc, see detect-language.ts),
   * and the languages its words show (stop words, letters, German compounds: languageHints; words
   * that only that language's translations use: "mediazione"). Cyrillic words are Ukrainian. No other
   * language's analysis applies: "climate change and migrants" is not stemmed as French (climat) or
   * Italian (clima), so the answer says that nothing matched climate.
   */
  private queryLangs(raw: string, lang: string | undefined): QueryLangs {
    // The languages the words show, by votes: "acolhimento de migrantes" is Portuguese (acolhimento,
    // de), not also French and Spanish (de alone).
    const votes = new Map<SearchLang, number>();
    for (const w of rawWords(raw).slice(0, 64)) for (const l of this.wordLangs(w)) votes.set(l, (votes.get(l) ?? 0) + 1);
    const most = Math.max(0, ...votes.values());
    const langs = new Set<SearchLang>([...votes].filter(([, n]) => n === most).map(([l]) => l));
    const add = (l: string | undefined) => {
      const primary = l?.toLowerCase().split(/[-_]/)[0];
      if (isSearchLang(primary) && primary !== 'uk') langs.add(primary);
    };
    add(lang);
    add(detectLanguage(raw));
    add('en');
    const latin = [...langs];
    // Ukrainian words (a Ukrainian query's, or glossary synonyms of a word) only for a question in
    // Ukrainian: an English question on rumours does not score practices by their Ukrainian titles.
    const uk = /^uk\b/i.test(lang ?? '') || /[\u0400-\u04ff]/.test(raw) ? UK : [];
    return Object.assign((word: string) => (langsOf(word)[0] === 'uk' ? uk : latin), { key: `${latin.join(',')}/${uk.join(',')}` });
  }

  /** The Latin-script translated languages one word shows (languageHints, or only their translations use it). */
  private wordLangs(word: string): SearchLang[] {
    const out = new Set(languageHints(word));
    const f = fold(word);
    for (const [l, set] of this.langWords) if (set.has(f)) out.add(l);
    return [...out];
  }

  /** Practices sharing words and areas with `id`, the practice itself excluded. */
  moreLikeThis(id: string, opts: SearchOptions = {}): SearchResult | undefined {
    const p = this.byId.get(id);
    if (!p) return undefined;
    const terms = [...new Set([...p.keywords.flatMap((k) => words(k)), ...words(p.title)].filter((w) => w.length > 2 && !QUERY_STOPWORDS.has(w) && !isStopword(w)))].slice(0, 20);
    const query: ParsedQuery = { raw: p.title, terms, filters: { areas: [], countries: [], cities: [] } };
    return this.run(query, { ...opts, exclude: [...(opts.exclude ?? []), id] }, p.areas, false);
  }

  /**
   * Runs a parsed query. With `strict` (every search but "more like this"), a practice must match
   * enough of the question: words weighted by rarity, at least COVERAGE of the best practice's
   * share, so "intercultural mediation in hospitals" returns the health practices, not every
   * mediation one; words nothing matches are reported in `unmatched`.
   */
  run(query: ParsedQuery, opts: SearchOptions = {}, boostAreas: AreaId[] = [], strict = true): SearchResult {
    const offset = Math.max(0, opts.offset ?? 0);
    const limit = Math.max(1, Math.min(opts.limit ?? 5, 50));
    const raws = query.rawTerms ?? query.terms;
    const langsOfWord = this.queryLangs(strict ? query.raw : '', opts.lang);
    const perTerm = raws.map((t) => this.expand(t, langsOfWord));
    const joined = ` ${query.terms.join(' ')} `;
    const phraseAreas = new Set<AreaId>();
    const phraseWords: string[] = [];
    for (const { phrase, group } of this.glossaryPhrases) {
      if (!joined.includes(phrase)) continue;
      phraseWords.push(...this.groupWords.get(group)!);
      for (const a of group.areas ?? []) phraseAreas.add(a);
    }
    const relatedAreas = [...new Set([...perTerm.flatMap((e) => e.areas), ...phraseAreas])];
    // "More results" asks the same question again with an offset: the ranking is kept (LRU).
    const key = JSON.stringify([raws, query.filters, boostAreas, opts.exclude ?? [], strict, raws.map((t) => langsOfWord(t))]);
    let ranked = this.recent.get(key);
    if (ranked && ranked.docs.length < offset + limit && ranked.docs.length < ranked.total) ranked = undefined;
    if (ranked) {
      this.recent.delete(key);
    } else {
      // Rank a little past the page asked for, so the next page comes from the cache.
      ranked = this.rank(query, raws, perTerm.map((e) => e.words), phraseWords, boostAreas, opts.exclude ?? [], offset + limit + 10, strict, langsOfWord);
      if (this.recent.size >= RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value!);
    }
    this.recent.set(key, ranked);
    const practices = this.setup.practices;
    const hits = ranked.docs.slice(offset, offset + limit).map((d, i) => ({ practice: practices[d]!, score: ranked.scores[offset + i]! }));
    const suggestions = ranked.total === 0 ? this.suggest(query.terms) : [];
    return { query, hits, total: ranked.total, offset, suggestions, relatedAreas, unmatched: ranked.unmatched, matched: ranked.matched };
  }

  /** The best `k` practices for a query, and how many match. */
  private rank(query: ParsedQuery, raws: string[], termExpansions: string[][], phraseWords: string[], boostAreas: AreaId[], exclude: string[], k: number, strict: boolean, langsOfWord: LangsOf): Ranked {
    const allow = this.allowed(query.filters, exclude);
    if (raws.length === 0) {
      // Filters alone: newest first, then by title; only the page asked for is sorted.
      const page = hasFilters(query.filters) ? newestFirst(this.setup.practices, allow, k) : { total: 0, docs: [] };
      return { total: page.total, docs: page.docs, scores: page.docs.map(() => 0), unmatched: [], matched: [] };
    }
    // Which practices each query word (with its own glossary expansions) matches, typos aside.
    // Clauses are built only for words whose matches are not cached (matchMasks' keys: the word,
    // the languages it and its expansions are analysed in, and how its clauses are made).
    const exact = () => true;
    const known = (t: string) => this.index.hasTerm(t);
    const langKey = (langsOfWord as Partial<QueryLangs>).key;
    const masksOf = (typoOf: (i: number) => boolean, expand: (i: number) => boolean) =>
      this.index.matchMasks(
        raws.map((t, i) => (q: lunr.Query) => applyClauses(termClauses([t], expand(i) ? termExpansions[i]! : [], [], typoOf(i) ? known : exact, langsOfWord))(q)),
        STRONG_FIELDS,
        langKey === undefined ? undefined : raws.map((t, i) => `${typoOf(i) ? 't' : 'x'}${expand(i) ? 'e' : '-'}|${langKey}|${t}`),
      );
    let { masks, strong, df, matched: hitDocs } = masksOf(() => false, () => true);
    // A word no practice has as typed, next to words that match ("anti-rumuor campaign"): a typo
    // of a corpus word counts; a word that is no typo of one ("climate") stays unmatched.
    const typo = raws.map((_t, i) => df[i] === 0);
    if (typo.some(Boolean) && !typo.every(Boolean)) {
      ({ masks, strong, df, matched: hitDocs } = masksOf((i) => typo[i]!, (i) => !typo[i]));
    }
    if (typo.every(Boolean)) {
      // Nothing matches any word as typed: the question may be misspelt ("mediaton"): typo clauses
      // for the words that are no corpus words, then the same coverage and relevance as any question.
      ({ masks, strong, df, matched: hitDocs } = masksOf(() => true, () => true));
    }
    const isMatched = raws.map((_t, i) => (df[i] ?? 0) > 0);
    const matched = query.terms.filter((_t, i) => isMatched[i]);
    if (matched.length === 0) {
      // No word matches, but a place or area was named ("qué hace Tenerife"): that place's practices.
      const page = hasFilters(query.filters) ? newestFirst(this.setup.practices, allow, k) : { total: 0, docs: [] };
      return { total: page.total, docs: page.docs, scores: page.docs.map(() => 0), unmatched: [...query.terms], matched: [] };
    }
    const unmatched = query.terms.filter((_t, i) => !isMatched[i]);
    const N = this.setup.practices.length;
    let narrowed = allow;
    let docWeights: Float64Array | undefined;
    if (strict) {
      // How much of the question a practice is about: a word in its title, keywords, areas or place
      // counts fully, a word only in its summary counts WEAK; rarer words weigh more (idf). A practice
      // keeps its score in proportion to the square of its share of the best practice's coverage, and
      // one under COVERAGE of what the matched words weigh together is left out (the best practice
      // never): "mediation in hospitals" keeps the health practices, "anti-rumour campaign" every
      // anti-rumour one, campaigns first. When even the best practice is about less than GATE of
      // the question's words (unmatched ones included), nothing is relevant: no results.
      const weight = df.map((n) => (n > 0 ? Math.log(1 + N / n) : 0));
      const cov = coverage(hitDocs, masks, strong, allow?.bits ?? null, weight);
      if (cov.bestWords < GATE * query.terms.length - 1e-9) return { total: 0, docs: [], scores: [], unmatched, matched: [] };
      // Kept: practices covering COVERAGE of what the matched words weigh together (the best one always).
      const floor = Math.min(COVERAGE * weight.reduce((a, b) => a + b, 0), cov.best);
      const keep = this.keep.size === N ? this.keep : (this.keep = new DocSet(N));
      keep.bits.fill(0);
      docWeights = this.docWeights.length === N ? this.docWeights : (this.docWeights = new Float64Array(N));
      keepCovered(hitDocs, cov, floor, keep.bits, docWeights);
      narrowed = keep;
    }
    const useRaws = raws.filter((_t, i) => isMatched[i]);
    const expansions = [...new Set([...termExpansions.filter((_e, i) => isMatched[i]).flat(), ...phraseWords])].slice(0, 48);
    const clauses = termClauses(useRaws, expansions, boostAreas, known, langsOfWord);
    const r = this.index.query(applyClauses(clauses), { ...(narrowed ? { allow: narrowed } : {}), limit: k, fieldGroups: FIELD_GROUPS, ...(docWeights ? { docWeights } : {}) });
    return { total: r.total, docs: r.hits.map((h) => h.doc), scores: r.hits.map((h) => h.score), unmatched, matched };
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

  /**
   * Glossary expansion of one query word: a group one of whose one-word terms shares a token with
   * the word in the same language (Geflüchtete, Flüchtlinge, refugees, біженці...) adds its other terms.
   */
  private expand(term: string, langsOfWord: LangsOf = langsOf): { words: string[]; areas: AreaId[] } {
    const out = new Set<string>();
    const areas = new Set<AreaId>();
    for (const l of langsOfWord(term)) {
      for (const tok of analyze(l, term)) {
        for (const group of this.glossaryTokens.get(`${l}|${tok}`) ?? []) {
          for (const w of this.groupWords.get(group)!) out.add(w);
          for (const a of group.areas ?? []) areas.add(a);
        }
      }
    }
    out.delete(term);
    return { words: [...out].slice(0, 40), areas: [...areas] };
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
      for (const n of countryNames(p.country)) if (!countries.has(words(n).join(' '))) countries.set(words(n).join(' '), p.country);
    }
    if (seenCities.has(p.city)) continue;
    seenCities.add(p.city);
    for (const part of [p.city, ...p.city.split(/[/,()]/)]) {
      const name = part.trim();
      if (name !== p.city && name.length >= 3 && !/^multiple\b/i.test(name)) cities.set(words(name).join(' '), name);
      for (const n of cityExonyms(name)) if (!cities.has(words(n).join(' '))) cities.set(words(n).join(' '), name === p.city || name.length < 3 ? p.city : name);
    }
    if (!/^multiple\b/i.test(p.city) && !/[/,(]/.test(p.city)) cities.set(words(p.city).join(' '), p.city);
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
