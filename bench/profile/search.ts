/**
 * `npx tsx bench/profile/search.ts [size] [--prof]`: the search bench's corpus and query mix in one
 * process, for finding where query time goes. Builds the synthetic corpus of `size` practices
 * (default 10k, cached under the OS temp dir), builds the index, runs the bench's warm-up and
 * measured mix the way bench/search/worker.ts does, then prints the slowest queries and their time
 * with cold query caches (each query's ranking and term expansions forgotten, 5 runs, median).
 * Run under `node --cpu-prof --import tsx` for a profile of the repeated runs.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchSetup } from '../../src/app.js';
import { loadContent } from '../../src/content/loader.js';
import type { SearchIndex } from '../../src/search/engine.js';
import { PracticeSearch } from '../../src/search/practice-search.js';
import { syntheticCorpus, writeContentDir } from '../lib/synthetic.js';
import { percentile } from '../lib/types.js';
import { queryMix } from '../search/queries.js';

const ROOT = join(import.meta.dirname, '..', '..');
const size = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000);
const repeat = Number(process.env.REPEAT ?? 5);
const real = loadContent(join(ROOT, 'content')).practices;
const dir = join(tmpdir(), `icc-profile-corpus-${size}`);
if (!existsSync(join(dir, 'practices'))) writeContentDir(dir, join(ROOT, 'content'), syntheticCorpus(real, size));
const setup = searchSetup(loadContent(dir));
// Built, written and loaded back the way the bench worker does (start-up reads the index file).
const cacheDir = join(tmpdir(), `icc-profile-index-${size}`);
PracticeSearch.create(setup, cacheDir);
const { search } = PracticeSearch.create(setup, cacheDir);
const index = (search as unknown as { index: SearchIndex }).index;
const forget = () => {
  (search as unknown as { recent: Map<string, unknown> }).recent.clear();
  index.clearCaches();
};

const dumpAt = process.argv.indexOf('--dump');
if (dumpAt > 0) {
  // Every answer of a larger mix, in the languages users set, for comparing two versions' behaviour.
  const out: unknown[] = [];
  for (const q of [...queryMix(real, 600, 7), ...queryMix(real, 200, 1)]) {
    for (const lang of [undefined, 'de', 'uk', 'fr']) {
      for (const offset of [0, 5]) {
        const r = search.search(q, { limit: 5, offset, ...(lang ? { lang } : {}) });
        out.push([q, lang, offset, r.total, r.hits.map((h) => [h.practice.id, h.score]), r.unmatched, r.matched, r.suggestions, r.relatedAreas]);
      }
    }
    const mlt = search.moreLikeThis(setup.practices[q.length % setup.practices.length]!.id);
    out.push([q, 'mlt', mlt?.total, mlt?.hits.map((h) => [h.practice.id, h.score])]);
  }
  writeFileSync(process.argv[dumpAt + 1]!, JSON.stringify(out));
  process.exit(0);
}
// As the bench worker: two full collections, the warm-up, then the measured mix.
(globalThis as { gc?: () => void }).gc?.();
(globalThis as { gc?: () => void }).gc?.();
for (const q of queryMix(real, Number(process.env.WARM ?? 50), 2, false)) search.search(q, { limit: 5 });
const mix = queryMix(real, 200, 1);
const first: number[] = [];
// With --prof: a CPU profile of the first runs only (what the bench measures), sampled every 50 µs.
const session = process.argv.includes('--prof') ? new Session() : undefined;
let connected = false;
const startProfile = async () => {
  if (!connected) session!.connect();
  connected = true;
  await session!.post('Profiler.enable');
  await session!.post('Profiler.setSamplingInterval', { interval: 50 });
  await session!.post('Profiler.start');
};
const stopProfile = async (name: string) => {
  const { profile } = await session!.post('Profiler.stop');
  const file = join(tmpdir(), `icc-search-${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(`profile: ${file}\n`);
};
if (session) await startProfile();
const cpu: number[] = [];
if (process.env.MARK) process.stdout.write('--- measured\n');
for (const q of mix) {
  const c = process.cpuUsage();
  const t = performance.now();
  search.search(q, { limit: 5 });
  first.push(performance.now() - t);
  const d = process.cpuUsage(c);
  cpu.push((d.user + d.system) / 1000);
}
if (process.env.MARK) process.stdout.write('--- end\n');
if (session) await stopProfile('first');
if (process.argv.includes('--heap')) {
  // Where the first runs allocate (sampled every 1 KB), by function, self bytes.
  const hs = new Session();
  hs.connect();
  await hs.post('HeapProfiler.enable');
  await hs.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  for (const q of queryMix(real, 200, 3)) search.search(q, { limit: 5 });
  const { profile } = await hs.post('HeapProfiler.stopSampling');
  type N = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: N[] };
  const by = new Map<string, number>();
  const walk = (n: N, stack: string) => {
    const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/')}`;
    by.set(`${stack} > ${name}`, (by.get(`${stack} > ${name}`) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c, name);
  };
  walk(profile.head as unknown as N, '');
  let total = 0;
  for (const v of by.values()) total += v;
  process.stdout.write(`allocated ~${(total / 200 / 1024).toFixed(0)} KB per query\n`);
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`${(v / 200 / 1024).toFixed(1).padStart(7)} KB  ${k}\n`);
}
if (session) await startProfile();
const cold = mix.map((q) => {
  const ts: number[] = [];
  for (let r = 0; r < repeat; r++) {
    forget();
    const t = performance.now();
    search.search(q, { limit: 5 });
    ts.push(performance.now() - t);
  }
  return percentile(ts, 50);
});
if (session) await stopProfile('cold');
const f = (x: number) => x.toFixed(2);
process.stdout.write(`first run: p50 ${f(percentile(first, 50))} p99 ${f(percentile(first, 99))} max ${f(Math.max(...first))} ms\n`);
process.stdout.write(`first run, process CPU: p50 ${f(percentile(cpu, 50))} p99 ${f(percentile(cpu, 99))} max ${f(Math.max(...cpu))} ms\n`);
process.stdout.write(`cold median of ${repeat}: p50 ${f(percentile(cold, 50))} p99 ${f(percentile(cold, 99))} max ${f(Math.max(...cold))} sum ${f(cold.reduce((a, b) => a + b, 0))} ms\n`);
const order = mix.map((_q, i) => i).sort((a, b) => (process.env.BY_FIRST ? first[b]! - first[a]! : cold[b]! - cold[a]!));
for (const i of order.slice(0, 15)) process.stdout.write(`${f(cold[i]!).padStart(7)} ${f(first[i]!).padStart(7)}  ${JSON.stringify(mix[i]).slice(0, 90)}\n`);
