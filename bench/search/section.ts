/**
 * Search: the real corpus and synthetic corpora (1k, 10k, 100k practices by default). Per corpus and
 * run, a fresh worker process builds, writes, loads and queries the index; the original lunr search
 * (bench/baseline/) is measured the same way in the same run up to --baseline-up-to practices, and
 * taken from bench/results/baseline.json above that (lunr needs minutes and gigabytes at 100k).
 */
import { join } from 'node:path';
import { runWorker } from '../lib/proc.js';
import { row, sizeLabel, type BenchContext, type BenchSection, type Row, type Target } from '../lib/types.js';
import type { SearchWorkerInput, SearchWorkerResult } from './worker.js';

const SECTION = 'search';
/** The same mix for every engine and size (the lunr baseline at 10k answers in ~50 ms a query). */
const QUERIES = 200;
const WARMUP = 50;

/** Targets from the issue: p99 under 5 ms at 10k and under 50 ms at 100k. */
function p99Target(size: number): Target | undefined {
  if (size === 10_000) return { op: '<', value: 5 };
  if (size === 100_000) return { op: '<', value: 50 };
  return undefined;
}

async function measure(ctx: BenchContext, size: number, engine: 'current' | 'lunr'): Promise<SearchWorkerResult[]> {
  const contentDir = await ctx.corpus(size);
  const out: SearchWorkerResult[] = [];
  for (let run = 0; run < ctx.options.runs; run++) {
    ctx.log(`search: ${sizeLabel(size)} practices, ${engine === 'current' ? 'current index' : 'lunr baseline'}, run ${run + 1}/${ctx.options.runs}`);
    const input: SearchWorkerInput = {
      contentDir,
      realContentDir: join(ctx.root, 'content'),
      engine,
      queries: QUERIES,
      warmup: WARMUP,
    };
    const r = await runWorker<SearchWorkerResult>('bench/search/worker.ts', input, {
      root: ctx.root,
      nodeArgs: ['--expose-gc', `--max-old-space-size=${engine === 'lunr' ? 6144 : 2048}`],
    });
    if (r.errors > 0) throw new Error(`${r.errors} queries threw on ${sizeLabel(size)} practices (${engine})`);
    out.push(r);
  }
  return out;
}

export { QUERIES, WARMUP };

export const searchSection: BenchSection = {
  id: 'search',
  title: 'Practice search',
  async run(ctx) {
    const rows: Row[] = [];
    const sizes = [140, ...ctx.options.sizes];
    for (const size of sizes) {
      const current = await measure(ctx, size, 'current');
      const live = size <= ctx.options.baselineUpTo ? await measure(ctx, size, 'lunr') : undefined;
      const kase = size === 140 ? 'real corpus (140)' : `${sizeLabel(size)} practices`;
      const metrics: Array<{ metric: string; unit: string; pick: (r: SearchWorkerResult) => number; target?: Target }> = [
        { metric: 'index build', unit: 'ms', pick: (r) => r.buildMs },
        { metric: 'index size', unit: 'MB', pick: (r) => r.indexBytes / 2 ** 20 },
        { metric: 'index load (start-up path)', unit: 'ms', pick: (r) => r.loadMs },
        { metric: 'memory, index loaded (heap + buffers)', unit: 'MB', pick: (r) => r.memoryMB },
        { metric: 'RSS, index loaded', unit: 'MB', pick: (r) => r.rssMB, ...(size === 10_000 ? { target: { op: '<' as const, value: 250 } } : {}) },
        { metric: 'query p50', unit: 'ms', pick: (r) => r.p50 },
        { metric: 'query p99', unit: 'ms', pick: (r) => r.p99, ...(p99Target(size) ? { target: p99Target(size)! } : {}) },
        { metric: 'results per query (first 100 queries, mean)', unit: '', pick: (r) => r.meanTotal100 },
      ];
      for (const m of metrics) {
        const runs = current.map(m.pick);
        let baseline: Row['baseline'];
        if (live) {
          const v = live.map(m.pick).sort((a, b) => a - b)[live.length >> 1]!;
          baseline = { label: 'lunr', value: v };
        } else {
          const v = ctx.stored(SECTION, kase, m.metric);
          if (v !== undefined) baseline = { label: 'lunr', value: v, stored: true };
        }
        rows.push(row({ section: SECTION, case: kase, metric: m.metric, unit: m.unit, runs, ...(baseline ? { baseline } : {}), ...(m.target ? { target: m.target } : {}) }));
      }
      if (live) {
        // Kept so a later run (or a --baseline-up-to 0 run) can show the ratio without re-measuring lunr.
        for (const r of rows.slice(-metrics.length)) if (r.baseline) r.note = `lunr ${live.length} runs, ${live[0]!.queries} queries`;
      }
    }
    return rows;
  },
};
