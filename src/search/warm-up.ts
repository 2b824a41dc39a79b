/** Warm-ups: the query kernels run on made-up data once per process, so V8 optimizes them before the first question. */
import lunr from 'lunr';
import { DocSet } from './doc-set.js';
import { SearchIndex } from './engine.js';
import type { FieldDef } from './index-types.js';
import { coverage, keepCovered } from './relevance.js';

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

/** PracticeSearch.warmUpQueries: (question, user language). */
export const WARM_UP_QUERIES: ReadonlyArray<readonly [string, string | undefined]> = [
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

let coverageWarmed = false;

/** coverage and keepCovered run on made-up matches until V8 optimizes them (once per process; see warmUpEngine). */
export function warmUpCoverage(): void {
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
    const cov = coverage(hitDocs, masks, strong, r % 2 === 0 ? allow : null, [1.5, 0.5, 2.25], r % 3 === 0 ? [7, 3, 4] : [7], [1, 0.5, 0.5], { phrases: r % 4 === 0 ? [3] : [], namedOnly: r % 2 === 1 });
    keepCovered(hitDocs, cov, r % 3 === 0 ? [cov.best[0]! * 0.4, cov.best[1]! * 0.4, cov.best[2]! * 0.4] : [cov.best[0]! * 0.4], r % 3 === 0 ? [true, true, false] : [true], keep, weights);
  }
}
