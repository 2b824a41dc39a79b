/**
 * Practice search with lunr's semantics. Queries go through lunr's query API (never its query-string
 * parser), so no user text can throw. Each word becomes an exact (stemmed) clause, a prefix clause
 * and, for longer words, a one-typo clause; glossary synonyms are added with a lower boost.
 *
 * The index is `SearchIndex` (engine.ts): lunr's tokens, weights, clause expansion and scoring, held
 * in typed arrays so 100k practices build in seconds and answer in milliseconds. `buildLunrIndex`
 * still builds the equivalent plain lunr index (the tests compare the two).
 */
import lunr from 'lunr';
import { DocSet, SearchIndex, type WordList } from './engine.js';
import type { AreaId, Glossary, Practice } from '../content/schemas.js';
import { newestFirst, PracticeFilters } from './filters.js';
import { fold, words, QUERY_STOPWORDS } from './text.js';
import { analyze, isSearchLang, isStopword, languageHints, LATIN_LANGS, langsOf, modifierTokens, rawWords, type SearchLang } from './analysis.js';
import { detectLanguage } from '../core/detect-language.js';
import { parseQuery, prepareVocabulary, hasFilters, type Filters, type ParsedQuery, type Vocabulary } from './query.js';
import { corpusWordsOf, langWordsOf, SUGGESTION_WORDS, wordListOf, type IndexMeta } from './practice-index.js';
import { suggestWords } from './suggest.js';
import { FIELD_GROUPS, STRONG_FIELDS } from './search-fields.js';
import { applyClauses, termClauses, type LangsOf, type QueryLangs } from './query-plan.js';
import { coverage, COVERAGE, GATE, keepCovered, matchedWithin, PART_GATE, partsOf } from './relevance.js';
import { warmUpCoverage, warmUpEngine, WARM_UP_QUERIES } from './warm-up.js';
import { createCached } from './search-cache.js';
import { compileGlossaryPhrases, findGlossaryPhrases, indexGlossaryWords, type GlossaryPhrase } from './glossary-phrases.js';
import { buildVocabulary } from './search-vocabulary.js';
import type { Ranked, SearchOptions, SearchResult, SearchSetup } from './search-types.js';

export { buildLunrIndex, buildSearchIndex, corpusHash } from './practice-index.js';
export { queryClauses, type LangsOf } from './query-plan.js';
export { matchesFilters } from './filters.js';
export type { SearchHit, SearchOptions, SearchResult, SearchSetup } from './search-types.js';

const RECENT_QUERIES = 256;
/** A German compound's modifier parts (Integrations- of Integrationsrat) rank, below the word itself. */
const MODIFIER_BOOST = 3;
/** GATE for a question of 3+ words none of which is a corpus word as typed (see rank). */
const ALL_TYPO_GATE = 0.6;
/**
 * When even the best practice covers little of what the matched words weigh (a rare word matched by
 * chance: "front" in "front desk staff"), practices this close to the best one are kept as well.
 */
const NEAR_BEST = 0.7;
const UK: readonly SearchLang[] = ['uk'];

export class PracticeSearch {
  readonly vocabulary: Vocabulary;
  private readonly byId: Map<string, Practice>;
  private readonly docOf: Map<Practice, number>;
  /** Title and keyword words, for suggestions, and their trie. */
  private readonly corpus: WordList;
  /** Multi-word glossary terms, matched by their words' stems (glossary-phrases.ts). */
  private readonly glossaryPhrases: GlossaryPhrase[];
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
    this.glossaryPhrases = compileGlossaryPhrases(setup.glossary.groups);
    indexGlossaryWords(setup.glossary.groups, this.glossaryTokens, this.groupWords);
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
    return createCached(setup, cacheDir, (index) => new PracticeSearch(index, setup));
  }

  /**
   * This search with more practices (those approved in one workspace) and without some (those it
   * retired), built afresh and never written to the cache dir (the cache keeps one corpus; a workspace's
   * would replace the shared one). `cityAliases` adds those practices' city names to the place filters.
   */
  withPractices(extra: Practice[], cityAliases: ReadonlyMap<string, string> = new Map(), without: ReadonlySet<string> = new Set()): PracticeSearch {
    const aliases = new Map([...(this.setup.cityAliases ?? []), ...cityAliases]);
    const practices = [...this.setup.practices, ...extra].filter((p) => !without.has(p.id));
    return PracticeSearch.create({ ...this.setup, practices, cityAliases: aliases }).search;
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
    const phraseAreas = new Set<AreaId>();
    const phraseWords: string[] = [];
    // How much each word counts towards what a practice is about: a phrase's words share one.
    const counts = query.terms.map(() => 1);
    // The glossary groups of the phrases each word is in (its expansions depend on them: part of matchMasks' cache key).
    const phraseGroups = query.terms.map(() => '');
    const phraseMasks: number[] = [];
    for (const { group, at } of findGlossaryPhrases(raws, this.glossaryPhrases)) {
      // Words of a phrase across two parts ("old and new residents") are two things asked about.
      if (at.length > 1 && at.every((i) => query.segments?.[i] === query.segments?.[at[0]!])) phraseMasks.push(at.reduce((m, i) => m | (1 << i), 0));
      const groupWords = this.groupWords.get(group)!;
      phraseWords.push(...groupWords);
      for (const a of group.areas ?? []) phraseAreas.add(a);
      // Each word of the phrase matches what the phrase means: "gens du voyage" is about Travellers,
      // not about gens or voyage (and is not left out as a question about nothing we have).
      for (const i of at) {
        perTerm[i] = { words: [...new Set([...perTerm[i]!.words, ...groupWords])].slice(0, 48), areas: perTerm[i]!.areas };
        counts[i] = Math.min(counts[i]!, 1 / at.length);
        phraseGroups[i] += `${group.id},`;
      }
    }
    const relatedAreas = [...new Set([...perTerm.flatMap((e) => e.areas), ...phraseAreas])];
    // "More results" asks the same question again with an offset: the ranking is kept (LRU).
    const key = JSON.stringify([raws, query.segments ?? [], query.filters, boostAreas, opts.exclude ?? [], strict, raws.map((t) => langsOfWord(t))]);
    let ranked = this.recent.get(key);
    if (ranked && ranked.docs.length < offset + limit && ranked.docs.length < ranked.total) ranked = undefined;
    if (ranked) {
      this.recent.delete(key);
    } else {
      // Rank a little past the page asked for, so the next page comes from the cache.
      ranked = this.rank(query, raws, perTerm.map((e) => e.words), phraseWords, boostAreas, opts.exclude ?? [], offset + limit + 10, strict, langsOfWord, counts, phraseGroups, phraseMasks);
      if (this.recent.size >= RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value!);
    }
    this.recent.set(key, ranked);
    const practices = this.setup.practices;
    const hits = ranked.docs.slice(offset, offset + limit).map((d, i) => ({ practice: practices[d]!, score: ranked.scores[offset + i]! }));
    // Suggested words are English title words: for English readers only ("reception, voice" was
    // noise to a French officer asking about road works).
    const suggestions = ranked.total === 0 && (opts.lang ?? 'en') === 'en' ? suggestWords(this.corpus, query.terms) : [];
    return { query, hits, total: ranked.total, offset, suggestions, relatedAreas, unmatched: ranked.unmatched, matched: ranked.matched };
  }

  /** The best `k` practices for a query, and how many match. */
  private rank(query: ParsedQuery, raws: string[], termExpansions: string[][], phraseWords: string[], boostAreas: AreaId[], exclude: string[], k: number, strict: boolean, langsOfWord: LangsOf, counts: number[], phraseGroups: string[], phraseMasks: number[]): Ranked {
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
        raws.map((t, i) => (q: lunr.Query) => applyClauses(termClauses([t], expand(i) ? termExpansions[i]! : [], [], typoOf(i) ? known : exact, langsOfWord, 0))(q)),
        STRONG_FIELDS,
        langKey === undefined ? undefined : raws.map((t, i) => `${typoOf(i) ? 't' : 'x'}${expand(i) ? 'e' : '-'}|${langKey}|${phraseGroups[i]}|${t}`),
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
    // Matched by a practice the filters allow: "Rassismus an Schulen in deutschen Städten" says that
    // nothing in Germany is on racism, though practices elsewhere are.
    let allowedBits = -1;
    // (The filters only: the practice "more like this" starts from is excluded, not unmatched.)
    if (allow && hasFilters(query.filters)) {
      allowedBits = 0;
      allowedBits = matchedWithin(hitDocs, masks, allow.bits);
    }
    const isMatched = raws.map((_t, i) => (df[i] ?? 0) > 0 && (allowedBits & (1 << i)) !== 0);
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
      // A question in parts ("A and B", ParsedQuery.segments) is also answered part by part: a part
      // some practice is clearly about (PART_GATE of its words) is answered even when the other part
      // is a topic we have nothing on (said in `unmatched`), and practices covering enough of such a
      // part are kept next to those covering the whole question.
      const weight = df.map((n) => (n > 0 ? Math.log(1 + N / n) : 0));
      const parts = partsOf(query, counts);
      const judged = { phrases: phraseMasks, namedOnly: !hasFilters(query.filters) };
      let cov = coverage(hitDocs, masks, strong, allow?.bits ?? null, weight, parts.masks, counts, judged);
      // When every word of a question of three or more needed a typo correction, the corrections are
      // guesses: the best practice must be about more of it ("snow clearing contracts for the winter" is
      // no misspelt topic; "Sprachkruse Geflüchtte", two words, keeps the usual gate).
      const gate = typo.every(Boolean) && raws.length >= 3 ? ALL_TYPO_GATE : GATE;
      const open = parts.sizes.map((size, p) => cov.bestWords[p]! >= (p === 0 ? gate : PART_GATE) * size - 1e-9);
      if (!open.some(Boolean)) return { total: 0, docs: [], scores: [], unmatched, matched: [] };
      const closed = parts.masks.reduce((m, part, p) => (p > 0 && !open[p] ? m | part : m), 0);
      if (closed !== 0 && open.some((o, p) => o && p > 0)) {
        // A part no practice is clearly about while another part is: its words' stray matches
        // (electrónica in a Siemens internship) do not decide who covers the question.
        parts.masks[0] = parts.masks[0]! & ~closed;
        cov = coverage(hitDocs, masks, strong, allow?.bits ?? null, weight, parts.masks, counts, judged);
        open[0] = true;
      }
      // Kept: practices covering COVERAGE of what the (part's) matched words weigh together (its best one always).
      const floors = parts.masks.map((m, p) => Math.min(COVERAGE * weight.reduce((a, w, i) => a + (m & (1 << i) ? w : 0), 0), NEAR_BEST * cov.best[p]!));
      const keep = this.keep.size === N ? this.keep : (this.keep = new DocSet(N));
      keep.bits.fill(0);
      docWeights = this.docWeights.length === N ? this.docWeights : (this.docWeights = new Float64Array(N));
      keepCovered(hitDocs, cov, floors, open, keep.bits, docWeights);
      narrowed = keep;
    }
    const useRaws = raws.filter((_t, i) => isMatched[i]);
    const expansions = [...new Set([...termExpansions.filter((_e, i) => isMatched[i]).flat(), ...phraseWords])].slice(0, 48);
    const clauses = termClauses(useRaws, expansions, boostAreas, known, langsOfWord, MODIFIER_BOOST);
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
    // A German compound's modifiers are looked up only when the word and its head have no group:
    // Gründungsberatung is about Gründung, but a Sprachcafé is a language café, not any Sprache.
    for (const modifiers of [false, true]) {
      for (const l of langsOfWord(term)) {
        const mods = modifierTokens(l, term);
        for (const tok of analyze(l, term)) {
          if (mods.includes(tok) !== modifiers) continue;
          for (const group of this.glossaryTokens.get(`${l}|${tok}`) ?? []) {
            for (const w of this.groupWords.get(group)!) out.add(w);
            for (const a of group.areas ?? []) areas.add(a);
          }
        }
      }
      if (out.size > 0) break;
    }
    out.delete(term);
    return { words: [...out].slice(0, 40), areas: [...areas] };
  }

  /** How many practices each area has (for "try these areas"). */
  areaCounts(): Map<AreaId, number> {
    const counts = new Map<AreaId, number>();
    for (const p of this.setup.practices) for (const a of p.areas) counts.set(a, (counts.get(a) ?? 0) + 1);
    return counts;
  }
}
