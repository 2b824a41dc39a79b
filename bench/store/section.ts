/**
 * Store: the operations a turn does, per second, on SQLite (the app's settings: WAL and
 * synchronous=NORMAL, checked here) next to SQLite's defaults, and on Redis when REDIS_URL is set.
 */
import { runWorker } from '../lib/proc.js';
import { median, row, type BenchSection, type Row } from '../lib/types.js';
import type { StoreWorkerInput, StoreWorkerResult } from './worker.js';

const SECTION = 'store';

export const storeSection: BenchSection = {
  id: 'store',
  title: 'Store',
  async run(ctx) {
    const seconds = ctx.options.quick ? 0.5 : 1;
    const runs = async (input: StoreWorkerInput, label: string) => {
      const out: StoreWorkerResult[] = [];
      for (let run = 0; run < ctx.options.runs; run++) {
        ctx.log(`store: ${label}, run ${run + 1}/${ctx.options.runs}`);
        out.push(await runWorker<StoreWorkerResult>('bench/store/worker.ts', input, { root: ctx.root }));
      }
      return out;
    };
    const rows: Row[] = [];
    const sqlite = await runs({ backend: 'sqlite', pragmas: 'app', seconds }, 'SQLite');
    const defaults = await runs({ backend: 'sqlite', pragmas: 'defaults', seconds }, 'SQLite with default pragmas');
    const med = (rs: StoreWorkerResult[], f: (r: StoreWorkerResult) => number) => median(rs.map(f));
    const kase = `SQLite (journal_mode=${sqlite[0]!.journalMode}, synchronous=${sqlite[0]!.synchronous === 1 ? 'NORMAL' : sqlite[0]!.synchronous})`;
    const metrics: Array<{ metric: string; pick: (r: StoreWorkerResult) => number }> = [
      { metric: 'turns/s (claim + profile get + dialog get/set)', pick: (r) => r.turnsPerSec },
      { metric: 'turns/s, 32 in flight', pick: (r) => r.turnsPerSecConcurrent },
      { metric: 'writes/s (dialog set)', pick: (r) => r.writesPerSec },
      { metric: 'reads/s (dialog get)', pick: (r) => r.readsPerSec },
      { metric: 'dedupe claims/s', pick: (r) => r.claimsPerSec },
    ];
    for (const m of metrics) {
      rows.push(
        row({
          section: SECTION,
          case: kase,
          metric: m.metric,
          unit: '/s',
          runs: sqlite.map(m.pick),
          baseline: { label: 'SQLite defaults', value: med(defaults, m.pick) },
          ...(m.metric.startsWith('writes') ? { target: { op: '>' as const, value: 13_000 } } : {}),
        }),
      );
    }
    if (sqlite.some((r) => r.journalMode !== 'wal' || r.synchronous !== 1)) throw new Error('the SQLite store is not in WAL mode with synchronous=NORMAL');

    // Bench settings may come from the bench's own environment; the app itself never sees it.
    const redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      ctx.log('store: Redis skipped (REDIS_URL is not set)');
      rows.push(row({ section: SECTION, case: 'Redis', metric: 'skipped: REDIS_URL is not set', unit: '', runs: [] }));
    } else {
      const redis = await runs({ backend: redisUrl, seconds }, 'Redis');
      for (const m of metrics) rows.push(row({ section: SECTION, case: `Redis (${new URL(redisUrl).host})`, metric: m.metric, unit: '/s', runs: redis.map(m.pick) }));
    }
    return rows;
  },
};
