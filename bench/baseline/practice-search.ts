/**
 * Practice search over a lunr index. Queries go through lunr's query API (never its query-string
 * parser), so no user text can throw. Each word becomes an exact (stemmed) clause, a prefix clause
 * and, for longer words, a one-typo clause; glossary synonyms are added with a lower boost.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import lunr from 'lunr';
import type { AreaId, Glossary, Practice } from '../../src/content/schemas.js';
import { AREA_IDS } from '../../src/content/schemas.js';
import { editDistance, fold, words, QUERY_STOPWORDS } from './text.js';
import { parseQuery, hasFilters, type Filters, type ParsedQuery, type Vocabulary } from './query.js';

/** Bump when the document shape or pipeline changes, so cached indexes are rebuilt. */
const INDEX_FORMAT = 3;

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
}

export interface SearchSetup {
  practices: Practice[];
  glossary: Glossary;
  /** Area id -> display names in any language (the first is used in replies). */
  areaNames: Map<AreaId, string[]>;
  /** Extra city names/aliases (folded -> display) from content/cities. */
  cityAliases?: Map<string, string>;
}

// The default lunr pipeline with our own word splitting: fields are fed as arrays of folded words.
function stemOne(word: string): string {
  const t = lunr.stemmer(new lunr.Token(word, {}) as lunr.Token) as unknown as lunr.Token;
  return t.toString();
}

function docOf(p: Practice, areaNames: Map<AreaId, string[]>) {
  return {
    id: p.id,
    title: words(p.title),
    keywords: p.keywords.flatMap((k) => words(k)),
    areas: p.areas.flatMap((a) => [...words(a), ...(areaNames.get(a) ?? []).flatMap((n) => words(n))]),
    city: words(p.city),
    country: words(p.country),
    summary: words(p.summary),
  };
}

export function corpusHash(practices: Practice[], areaNames: Map<AreaId, string[]>): string {
  const h = createHash('sha256');
  h.update(String(INDEX_FORMAT));
  h.update(JSON.stringify(practices));
  h.update(JSON.stringify([...areaNames.entries()]));
  return h.digest('hex').slice(0, 16);
}

export function buildLunrIndex(practices: Practice[], areaNames: Map<AreaId, string[]>): lunr.Index {
  return lunr(function () {
    this.ref('id');
    for (const [field, boost] of Object.entries(BOOSTS)) this.field(field, { boost });
    // Stop words are removed from queries by us; keep the index pipeline to trimming and stemming.
    this.pipeline.reset();
    this.pipeline.add(lunr.trimmer, lunr.stemmer);
    this.searchPipeline.reset();
    this.searchPipeline.add(lunr.stemmer);
    for (const p of practices) this.add(docOf(p, areaNames));
  });
}

export class PracticeSearch {
  readonly vocabulary: Vocabulary;
  private readonly byId: Map<string, Practice>;
  private readonly corpusWords: string[];
  private readonly glossaryPhrases: Array<{ words: string[]; group: Glossary['groups'][number] }>;

  constructor(
    private readonly index: lunr.Index,
    private readonly setup: SearchSetup,
  ) {
    this.byId = new Map(setup.practices.map((p) => [p.id, p]));
    this.vocabulary = buildVocabulary(setup);
    const vocabWords = new Set<string>();
    for (const p of setup.practices) for (const w of [...words(p.title), ...p.keywords.flatMap((k) => words(k))]) if (w.length >= 4) vocabWords.add(w);
    this.corpusWords = [...vocabWords].sort();
    this.glossaryPhrases = setup.glossary.groups.flatMap((group) => group.terms.map((t) => ({ words: words(t), group })));
  }

  /** Build, or load the serialized index from `cacheDir` when the corpus is unchanged. */
  static create(setup: SearchSetup, cacheDir?: string): { search: PracticeSearch; loadedFromCache: boolean } {
    const hash = corpusHash(setup.practices, setup.areaNames);
    const file = cacheDir ? join(cacheDir, `search-index-${hash}.json`) : undefined;
    if (file && existsSync(file)) {
      try {
        const idx = lunr.Index.load(JSON.parse(readFileSync(file, 'utf8')));
        return { search: new PracticeSearch(idx, setup), loadedFromCache: true };
      } catch {
        // A truncated or foreign cache file is rebuilt below.
      }
    }
    const idx = buildLunrIndex(setup.practices, setup.areaNames);
    if (file && cacheDir) {
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(idx));
        renameSync(tmp, file);
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
    const exclude = new Set(opts.exclude ?? []);
    const { expansions, areas: relatedAreas } = this.expand(query.terms);

    let hits: SearchHit[];
    if (query.terms.length === 0) {
      hits = hasFilters(query.filters)
        ? this.setup.practices
            .filter((p) => matchesFilters(p, query.filters))
            .sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.title.localeCompare(b.title))
            .map((practice) => ({ practice, score: 0 }))
        : [];
    } else {
      const raw = this.index.query((q) => {
        for (const term of query.terms) {
          q.term(term, { boost: 10 });
          if (term.length >= 4) q.term(term, { boost: 2, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
          // Index tokens are stemmed, so the typo clause compares against the stem, not the raw word.
          if (term.length >= 5 && term.length <= 20) q.term(stemOne(term), { boost: 1, usePipeline: false, editDistance: term.length >= 8 ? 2 : 1 });
        }
        for (const term of expansions) q.term(term, { boost: 5 });
        for (const area of boostAreas) for (const w of words(area)) q.term(w, { boost: 2, fields: ['areas'] });
      });
      hits = raw
        .map((r) => ({ practice: this.byId.get(r.ref)!, score: r.score }))
        .filter((h) => h.practice && matchesFilters(h.practice, query.filters));
    }
    hits = hits.filter((h) => !exclude.has(h.practice.id));
    const suggestions = hits.length === 0 ? this.suggest(query.terms) : [];
    return { query, hits: hits.slice(offset, offset + limit), total: hits.length, offset, suggestions, relatedAreas };
  }

  /** Glossary expansion: a query phrase found in a group adds the group's other terms. */
  private expand(terms: string[]): { expansions: string[]; areas: AreaId[] } {
    const out = new Set<string>();
    const areas = new Set<AreaId>();
    const joined = ` ${terms.join(' ')} `;
    for (const { words: phrase, group } of this.glossaryPhrases) {
      if (phrase.length === 0 || !joined.includes(` ${phrase.join(' ')} `)) continue;
      for (const t of group.terms) for (const w of words(t)) if (!QUERY_STOPWORDS.has(w) && w.length > 1) out.add(w);
      for (const a of group.areas ?? []) areas.add(a);
    }
    for (const t of terms) out.delete(t);
    return { expansions: [...out].slice(0, 40), areas: [...areas] };
  }

  private suggest(terms: string[]): string[] {
    const scored: Array<{ w: string; d: number }> = [];
    for (const t of terms) {
      if (t.length < 4) continue;
      for (const w of this.corpusWords) {
        const d = editDistance(t, w, 2);
        if (d <= 2 && w !== t) scored.push({ w, d });
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

function buildVocabulary(setup: SearchSetup): Vocabulary {
  const countries = new Map<string, string>();
  const cities = new Map<string, string>();
  const areas = new Map<string, AreaId>();
  for (const p of setup.practices) {
    countries.set(words(p.country).join(' '), p.country);
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
