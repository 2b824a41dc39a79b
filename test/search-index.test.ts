/**
 * What matters functionally for search performance, without timing anything (speed is measured by
 * `npm run bench` only): the compact index answers exactly as lunr does, its cache round-trips, a
 * synthetic 1k corpus builds and answers, filters and paging agree with a plain scan, and queries
 * never throw.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import lunr from 'lunr';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryMix } from '../bench/search/queries.js';
import { syntheticCorpus } from '../bench/lib/synthetic.js';
import { searchSetup } from '../src/app.js';
import { loadContent, type Content } from '../src/content/loader.js';
import { CompactTrie } from '../src/search/compact-trie.js';
import { DocSet, SearchIndex } from '../src/search/engine.js';
import { buildLunrIndex, buildSearchIndex, matchesFilters, PracticeSearch, queryClauses, type SearchSetup } from '../src/search/practice-search.js';
import { ROOT } from './helpers/app.js';

let content: Content;
let real: SearchSetup;
let big: SearchSetup;
let search1k: PracticeSearch;

beforeAll(() => {
  content = loadContent(join(ROOT, 'content'));
  real = searchSetup(content);
  big = { ...real, practices: syntheticCorpus(content.practices, 1000) };
  search1k = PracticeSearch.create(big).search;
});

/** The clauses PracticeSearch sends for a query (terms + glossary expansions). */
function clausesFor(search: PracticeSearch, text: string) {
  const parsed = search.parse(text);
  // Each word's own glossary expansions (PracticeSearch.expand is per word since the multilingual analysis).
  const expansions = parsed.terms.flatMap((t) => (search as unknown as { expand(t: string): { words: string[] } }).expand(t).words);
  return queryClauses(parsed.terms, expansions);
}

/** Result lists are equal when the same refs come with the same scores, in the same order except among ties. */
function expectSameRanking(actual: Array<{ ref: string; score: number }>, expected: Array<{ ref: string; score: number }>, label: string) {
  expect(actual.length, label).toBe(expected.length);
  const byRef = new Map(actual.map((h) => [h.ref, h.score]));
  for (const h of expected) expect(byRef.get(h.ref), `${label}: ${h.ref}`).toBeCloseTo(h.score, 9);
  const groups = (hs: Array<{ ref: string; score: number }>) => hs.map((h) => h.score.toFixed(9));
  expect(groups(actual), label).toEqual(groups(expected));
}

describe('the compact index keeps lunr’s semantics', () => {
  const queries = [
    'how did other cities run an anti-rumour campaign?',
    'mediaton',
    'mediazione interculturale nei quartieri',
    'intercultral competence trainng',
    'refugess welcome',
    'школа',
    'roma inclusion schools',
    'participación ciudadana',
  ];

  it('ranks like lunr.Index#query on the real corpus and on 500 synthetic practices', () => {
    for (const setup of [real, { ...real, practices: big.practices.slice(0, 500) }]) {
      const reference = buildLunrIndex(setup.practices, setup.areaNames);
      const compact = buildSearchIndex(setup.practices, setup.areaNames);
      const search = new PracticeSearch(compact, setup);
      for (const q of queries) {
        const fn = clausesFor(search, q);
        const expected = reference.query(fn).map((r) => ({ ref: r.ref, score: r.score }));
        const actual = compact.query(fn).hits;
        expect(actual.length, q).toBeGreaterThan(0);
        expectSameRanking(actual, expected, `${setup.practices.length}: ${q}`);
      }
    }
  });

  it('expands typos exactly as lunr’s fuzzy automaton does', () => {
    const compact = buildSearchIndex(big.practices, big.areaNames);
    const trie = CompactTrie.fromSorted(compact.terms);
    const tokenSet = (lunr.TokenSet as unknown as { fromArray(a: string[]): { intersect(b: unknown): { toArray(): string[] } }; fromFuzzyString(s: string, d: number): unknown });
    const all = tokenSet.fromArray(compact.terms.filter((t) => t !== ''));
    for (const [word, edits] of [['mediaton', 1], ['intercultral', 2], ['rumuor', 1], ['ab', 2], ['neighbourhod', 2], ['integraiton', 2], ['xqzw', 1]] as const) {
      const ours = trie.fuzzy(word, edits).map((i) => compact.terms[i]);
      const theirs = all.intersect(tokenSet.fromFuzzyString(word, edits)).toArray();
      expect(ours.sort(), `${word}~${edits}`).toEqual(theirs.sort());
    }
  });

  it('returns the same best hits with a limit (top-k) as when scoring everything', () => {
    const compact = buildSearchIndex(big.practices, big.areaNames);
    const search = new PracticeSearch(compact, big);
    const allow = new DocSet(compact.size);
    for (let d = 0; d < compact.size; d += 3) allow.add(d);
    for (const q of queryMix(content.practices, 80, 5, false)) {
      const fn = clausesFor(search, q);
      for (const opts of [{}, { allow }]) {
        const full = compact.query(fn, opts);
        const top = compact.query(fn, { ...opts, limit: 7 });
        expect(top.total, q).toBe(full.total);
        expect(top.hits.map((h) => h.ref), q).toEqual(full.hits.slice(0, 7).map((h) => h.ref));
      }
    }
  });

  it('takes any limit: none, more than the corpus (all of it, ranked), or a huge one', () => {
    const compact = buildSearchIndex(big.practices, big.areaNames);
    const search = new PracticeSearch(compact, big);
    const fn = clausesFor(search, 'anti-rumour campaign');
    const full = compact.query(fn);
    expect(full.total).toBeGreaterThan(10);
    expect(compact.query(fn, { limit: 0 }).hits).toEqual([]);
    for (const limit of [full.total + 5, compact.size * 10, 2 ** 31]) {
      const r = compact.query(fn, { limit });
      expect(r.total).toBe(full.total);
      expect(r.hits.map((h) => [h.ref, h.score])).toEqual(full.hits.map((h) => [h.ref, h.score]));
    }
  });
});

describe('the index cache', () => {
  it('loads an index that answers exactly like the freshly built one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-index-'));
    const built = PracticeSearch.create(big, dir);
    expect(built.loadedFromCache).toBe(false);
    const loaded = PracticeSearch.create(big, dir);
    expect(loaded.loadedFromCache).toBe(true);
    for (const q of [...queryMix(content.practices, 60, 9), 'education practices in Norway', 'city:Bergen']) {
      for (const opts of [{ limit: 5 }, { limit: 5, offset: 5 }]) {
        const a = built.search.search(q, opts);
        const b = loaded.search.search(q, opts);
        expect(b.total, q).toBe(a.total);
        expect(b.hits.map((h) => [h.practice.id, h.score]), q).toEqual(a.hits.map((h) => [h.practice.id, h.score]));
        expect(b.suggestions, q).toEqual(a.suggestions);
      }
    }
  });

  it('rebuilds when the cache file is truncated or foreign, and keeps one index per cache dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-index-'));
    PracticeSearch.create(real, dir);
    const [file] = readdirSync(dir).filter((f) => f.startsWith('search-index-'));
    writeFileSync(join(dir, file!), Buffer.from('ICCSIDX1 not really'));
    const again = PracticeSearch.create(real, dir);
    expect(again.loadedFromCache).toBe(false);
    expect(again.search.search('anti-rumour').total).toBeGreaterThan(0);
    PracticeSearch.create(big, dir);
    expect(readdirSync(dir).filter((f) => f.startsWith('search-index-'))).toHaveLength(1);
  });

  it('round-trips through bytes', () => {
    const idx = buildSearchIndex(real.practices, real.areaNames);
    const copy = SearchIndex.load(idx.serialize());
    expect(copy.terms).toEqual(idx.terms);
    expect(copy.refs).toEqual(idx.refs);
    expect(copy.serialize().equals(idx.serialize())).toBe(true);
    // The suggestion words and their trie travel with the index.
    const words = copy.wordList('suggestions')!.words;
    expect(words).toEqual(idx.wordList('suggestions')!.words);
    expect(words).toContain('rumour');
    const near = copy.wordList('suggestions')!.trie.withinDistance('rumuor', 2).index.map((i) => words[i]);
    expect(near).toContain('rumour');
    expect(() => SearchIndex.load(idx.serialize().subarray(0, 100))).toThrow();
  });
});

describe('a synthetic corpus of 1k practices', () => {
  it('builds and answers: real practices still rank for their topics, filters and paging hold', () => {
    expect(search1k.size).toBe(1000);
    const r = search1k.search('how did other cities run an anti-rumour campaign?', { limit: 5 });
    expect(r.total).toBeGreaterThan(5);
    for (const h of r.hits) expect(`${h.practice.title} ${h.practice.keywords.join(' ')}`.toLowerCase()).toMatch(/rumou?r/);

    const norway = search1k.search('education practices in Norway', { limit: 50 });
    expect(norway.query.filters).toMatchObject({ countries: ['Norway'], areas: ['education'] });
    const expected = big.practices.filter((p) => matchesFilters(p, norway.query.filters));
    expect(norway.total).toBe(expected.length);

    const filtered = search1k.search('mediation country:Spain', { limit: 50 });
    expect(filtered.total).toBeGreaterThan(0);
    for (const h of filtered.hits) expect(h.practice.country).toBe('Spain');

    const pages = [0, 5, 10].map((offset) => search1k.search('newcomers', { offset, limit: 5 }).hits.map((h) => h.practice.id));
    expect(new Set(pages.flat()).size).toBe(15);
    expect(search1k.search('newcomers', { limit: 15 }).hits.map((h) => h.practice.id)).toEqual(pages.flat());

    const similar = search1k.moreLikeThis('barcelona-anti-rumour-strategy', { limit: 5 })!;
    expect(similar.hits.map((h) => h.practice.id)).not.toContain('barcelona-anti-rumour-strategy');
    expect(search1k.search('qwertyuiop zxcvb').total).toBe(0);
    expect(search1k.search('antirumorz campaing').total).toBeGreaterThan(0);
  });

  it('never throws, whatever is typed', () => {
    for (const q of queryMix(content.practices, 120, 11)) expect(() => search1k.search(q, { limit: 5 })).not.toThrow();
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.nat(60), (q, offset) => {
        const r = search1k.search(q, { limit: 5, offset });
        return r.hits.length <= 5 && r.total >= r.hits.length;
      }),
      { numRuns: 200 },
    );
  });
});
