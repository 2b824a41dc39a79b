/**
 * The evaluation set as a gate: search hit@3 and MRR@10 and routing accuracy over eval/*.jsonl must
 * stay at or above eval/floors.json (set a little under the measured figures; see README).
 */
import { describe, expect, it } from 'vitest';
import { belowFloors } from '../scripts/eval-metrics.js';
import { join } from 'node:path';
import { EVAL_DIR, HOLDOUT_HALVES, readFloors, runEval } from '../scripts/eval.js';

describe('evaluation set', () => {
  it('keeps search and routing at or above their floors', async () => {
    const floors = readFloors();
    // Floors of 0 would let anything pass: they must say something.
    for (const v of [floors.search.hit3, floors.search.mrr10, floors.routing.accuracy]) expect(v).toBeGreaterThan(0.5);
    const run = await runEval();
    expect(run.counts.search).toBeGreaterThanOrEqual(280);
    expect(run.counts.routing).toBeGreaterThanOrEqual(200);
    expect(belowFloors(run.report, floors)).toEqual([]);
  }, 60_000);

  it('reads every held-out set (dev and test: 10 search and 7 routing questions per language; dev2 and dev3: 15 and 10; no floor)', async () => {
    const sizes = { dev: [10, 7], dev2: [15, 10], dev3: [15, 10], test: [10, 7] } as const;
    for (const half of HOLDOUT_HALVES) {
      const run = await runEval({ dir: join(EVAL_DIR, 'holdout'), searchFile: `search-${half}.jsonl`, routingFile: `routing-${half}.jsonl` });
      const [search, routing] = sizes[half];
      expect(run.counts).toEqual({ search: search * 7, routing: routing * 7 });
      for (const [lang, s] of run.report.search.hit3) if (lang !== 'all') expect(s.n, `${half} ${lang}`).toBe(search);
    }
  }, 60_000);
});
