/** The practice index's cache file: loaded when the corpus is unchanged, else built and written for the next start. */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SearchIndex } from './engine.js';
import { buildSearchIndex, corpusHash } from './practice-index.js';
import type { SearchSetup } from './search-types.js';

/**
 * Build, or load the serialized index from `cacheDir` when the corpus is unchanged (PracticeSearch.create);
 * `make` makes the search of an index, and a loaded index it rejects is rebuilt too.
 */
export function createCached<T>(setup: SearchSetup, cacheDir: string | undefined, make: (index: SearchIndex) => T): { search: T; loadedFromCache: boolean } {
  const hash = corpusHash(setup.practices, setup.areaNames);
  const file = cacheDir ? join(cacheDir, `search-index-${hash}.bin`) : undefined;
  if (file && existsSync(file)) {
    try {
      return { search: make(SearchIndex.load(readFileSync(file))), loadedFromCache: true };
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
  return { search: make(idx), loadedFromCache: false };
}
