/**
 * Where a message's CPU goes (bench/turn/worker.ts): the core's turn, rendering, and the Slack SDK
 * posting our answer against posting "ok". It explains the end-to-end ratios: the bare apps answer
 * "ok", and a real answer costs the SDK more to send than the whole turn costs the core.
 */
import { startFake } from '../lib/e2e.js';
import { runWorker, stop } from '../lib/proc.js';
import { median, row, type BenchSection, type Row } from '../lib/types.js';
import type { TurnWorkerInput, TurnWorkerResult } from './worker.js';

const SECTION = 'turn CPU';

export const turnSection: BenchSection = {
  id: 'turn',
  title: 'Where a turn CPU goes (in-process)',
  async run(ctx) {
    const fake = await startFake(ctx);
    const results: TurnWorkerResult[] = [];
    try {
      for (let run = 0; run < ctx.options.runs; run++) {
        ctx.log(`turn: run ${run + 1}/${ctx.options.runs}`);
        const input: TurnWorkerInput = { root: ctx.appRoot, fakeUrl: fake.url, iterations: ctx.options.quick ? 500 : 2000 };
        results.push(await runWorker<TurnWorkerResult>('bench/turn/worker.ts', input, { root: ctx.root }));
      }
    } finally {
      await stop(fake.child);
    }
    const pick = (f: (r: TurnWorkerResult) => number) => results.map(f);
    const kase = 'one answered question (real corpus)';
    const rows: Row[] = [
      row({ section: SECTION, case: kase, metric: 'bot.handle: route + search + reply (32 in flight)', unit: 'µs', runs: pick((r) => r.handleUs) }),
      row({ section: SECTION, case: kase, metric: 'render as Block Kit', unit: 'µs', runs: pick((r) => r.blockKitUs) }),
      row({ section: SECTION, case: kase, metric: 'render as an Adaptive Card', unit: 'µs', runs: pick((r) => r.adaptiveCardUs) }),
      row({
        section: SECTION,
        case: kase,
        metric: `Slack SDK chat.postMessage of the answer (${Math.round(median(pick((r) => r.blocksBytes)) / 100) / 10} kB of blocks)`,
        unit: 'µs',
        runs: pick((r) => r.postOursUs),
        baseline: { label: 'same SDK posting "ok"', value: median(pick((r) => r.postOkUs)) },
      }),
      row({ section: SECTION, case: kase, metric: 'Slack SDK chat.postMessage of "ok" (what bare Bolt sends)', unit: 'µs', runs: pick((r) => r.postOkUs) }),
    ];
    return rows;
  },
};
