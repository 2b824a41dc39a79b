/**
 * One search measurement in a fresh process: load the content, build the index, write it where the
 * start-up looks for it, load it back the way start-up does, then time the query mix.
 * `engine: "current"` is src/search; `engine: "lunr"` is the frozen copy of the original lunr search
 * (bench/baseline/), measured the same way on the same corpus.
 * Run with --expose-gc so memory is read after a full collection.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchSetup } from '../../src/app.js';
import { loadContent } from '../../src/content/loader.js';
import { buildSearchIndex, corpusHash, PracticeSearch } from '../../src/search/practice-search.js';
import * as lunrSearch from '../baseline/practice-search.js';
import { percentile } from '../lib/types.js';
import { queryMix } from './queries.js';

export interface SearchWorkerInput {
  contentDir: string;
  /** The real content dir (the query mix is built from the real corpus). */
  realContentDir: string;
  engine: 'current' | 'lunr';
  queries: number;
  warmup: number;
}

export interface SearchWorkerResult {
  practices: number;
  contentMs: number;
  buildMs: number;
  indexBytes: number;
  loadMs: number;
  /** V8 heap in use plus ArrayBuffers (typed-array postings live there), after a full GC. */
  memoryMB: number;
  rssMB: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  queries: number;
  /** Queries that threw (must be 0). */
  errors: number;
  /** Mean results per query over the first 100 queries (both engines answer those: a check they agree). */
  meanTotal100: number;
}

interface Engine {
  search(q: string, opts: { limit: number }): { total: number };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function main(input: SearchWorkerInput): SearchWorkerResult {
  const cacheDir = mkdtempSync(join(tmpdir(), 'icc-bench-index-'));
  try {
    let t = performance.now();
    const content = loadContent(input.contentDir);
    const contentMs = performance.now() - t;
    const setup = searchSetup(content);

    // Build (timed), then write the index file the way create() names it, so the next create() loads it.
    let indexFile: string;
    let buildMs: number;
    if (input.engine === 'current') {
      t = performance.now();
      const idx = buildSearchIndex(setup.practices, setup.areaNames);
      buildMs = performance.now() - t;
      indexFile = join(cacheDir, `search-index-${corpusHash(setup.practices, setup.areaNames)}.bin`);
      writeFileSync(indexFile, idx.serialize());
    } else {
      t = performance.now();
      const idx = lunrSearch.buildLunrIndex(setup.practices, setup.areaNames);
      buildMs = performance.now() - t;
      indexFile = join(cacheDir, `search-index-${lunrSearch.corpusHash(setup.practices, setup.areaNames)}.json`);
      writeFileSync(indexFile, JSON.stringify(idx));
    }
    const indexBytes = statSync(indexFile).size;
    gc();

    // Load as start-up does: hash the corpus, find the file, read it, construct the search.
    t = performance.now();
    const created = input.engine === 'current' ? PracticeSearch.create(setup, cacheDir) : lunrSearch.PracticeSearch.create(setup, cacheDir);
    const loadMs = performance.now() - t;
    if (!created.loadedFromCache) throw new Error('the index was rebuilt instead of loaded');
    const engine: Engine = created.search;
    gc();
    gc();
    const mem = process.memoryUsage();
    const memoryMB = (mem.heapUsed + mem.arrayBuffers) / 2 ** 20;
    const rssMB = mem.rss / 2 ** 20;

    const real = loadContent(input.realContentDir).practices;
    // Warm-up on different queries (JIT, lazily built filter sets), then the measured mix.
    for (const q of queryMix(real, input.warmup, 2, false)) engine.search(q, { limit: 5 });
    const mix = queryMix(real, input.queries, 1);
    const times: number[] = [];
    let errors = 0;
    let totals = 0;
    mix.forEach((q, i) => {
      const t0 = performance.now();
      try {
        const total = engine.search(q, { limit: 5 }).total;
        if (i < 100) totals += total;
      } catch {
        errors++;
      }
      times.push(performance.now() - t0);
    });
    return {
      practices: setup.practices.length,
      contentMs,
      buildMs,
      indexBytes,
      loadMs,
      memoryMB,
      rssMB,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      mean: times.reduce((a, b) => a + b, 0) / times.length,
      max: Math.max(...times),
      queries: mix.length,
      errors,
      meanTotal100: totals / Math.min(100, mix.length),
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

process.stdout.write(JSON.stringify(main(JSON.parse(process.argv[2]!) as SearchWorkerInput)) + '\n');
