/**
 * Records bench/results/baseline.json: the "before" figures that `npm run bench` cannot measure live
 * in every run.
 *
 * - Cold start of the code before this work: the cold-start section run against another checkout
 *   (`--app-root`, e.g. `git archive <commit> | tar -x -C /tmp/before` with node_modules linked in).
 * - The lunr search at sizes too slow to repeat in every run (default 100k practices: minutes and
 *   gigabytes per run), measured with the same worker as the live baseline.
 *
 *   node --import tsx bench/baseline/record.ts --app-root /tmp/before [--runs 3] [--lunr-sizes 100000]
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { coldStartSection } from '../coldstart/section.js';
import { runWorker } from '../lib/proc.js';
import { renderTable } from '../lib/table.js';
import { row, sizeLabel, type BenchOptions, type Row } from '../lib/types.js';
import { createContext, machine } from '../run.js';
import { QUERIES, WARMUP } from '../search/section.js';
import type { SearchWorkerInput, SearchWorkerResult } from '../search/worker.js';

const { values } = parseArgs({
  options: { 'app-root': { type: 'string' }, runs: { type: 'string' }, 'lunr-sizes': { type: 'string' }, sizes: { type: 'string' } },
  strict: true,
});
const runs = Number(values.runs ?? 3);
const lunrSizes = (values['lunr-sizes'] ?? '100000').split(',').filter(Boolean).map(Number);
const opts: BenchOptions = { runs, sizes: (values.sizes ?? '10000,100000').split(',').map(Number), quick: false, keep: false, baselineUpTo: 0 };
const ctx = createContext(opts, values['app-root'] ?? join(import.meta.dirname, '..', '..'));
const started = new Date();
const host = machine();
const rows: Row[] = [];
try {
  if (values['app-root']) rows.push(...(await coldStartSection.run(ctx)));
  for (const size of lunrSizes) {
    const results: SearchWorkerResult[] = [];
    for (let run = 0; run < runs; run++) {
      ctx.log(`lunr baseline: ${sizeLabel(size)} practices, run ${run + 1}/${runs}`);
      const input: SearchWorkerInput = { contentDir: await ctx.corpus(size), realContentDir: join(ctx.root, 'content'), engine: 'lunr', queries: QUERIES, warmup: WARMUP };
      results.push(await runWorker<SearchWorkerResult>('bench/search/worker.ts', input, { root: ctx.root, nodeArgs: ['--expose-gc', '--max-old-space-size=8192'] }));
    }
    const kase = `${sizeLabel(size)} practices`;
    const metrics: Array<[string, string, (r: SearchWorkerResult) => number]> = [
      ['index build', 'ms', (r) => r.buildMs],
      ['index size', 'MB', (r) => r.indexBytes / 2 ** 20],
      ['index load (start-up path)', 'ms', (r) => r.loadMs],
      ['memory, index loaded (heap + buffers)', 'MB', (r) => r.memoryMB],
      ['RSS, index loaded', 'MB', (r) => r.rssMB],
      ['query p50', 'ms', (r) => r.p50],
      ['query p99', 'ms', (r) => r.p99],
      ['results per query (first 100 queries, mean)', '', (r) => r.meanTotal100],
    ];
    for (const [metric, unit, pick] of metrics) rows.push(row({ section: 'search', case: kase, metric, unit, runs: results.map(pick), note: `lunr, ${results[0]!.queries} queries` }));
  }
} finally {
  rmSync(ctx.tmp, { recursive: true, force: true });
}
const file = join(ctx.root, 'bench', 'results', 'baseline.json');
let previous: Row[] = [];
try {
  previous = (JSON.parse(readFileSync(file, 'utf8')) as { rows: Row[] }).rows;
} catch {
  // first recording
}
// New figures replace old ones for the same (section, case, metric); others are kept.
const key = (r: Row) => `${r.section}|${r.case}|${r.metric}`;
const merged = [...previous.filter((r) => !rows.some((n) => key(n) === key(r))), ...rows];
const table = renderTable(merged);
writeFileSync(
  file,
  JSON.stringify(
    {
      what: 'Figures from before this work, for rows npm run bench cannot measure live: cold start of the previous code (--app-root) and the lunr search at 100k practices.',
      recordedAt: started.toISOString(),
      appRoot: values['app-root'] ?? null,
      machine: { ...host },
      rows: merged,
      table,
    },
    null,
    2,
  ) + '\n',
);
process.stdout.write(`${table}\n`);
