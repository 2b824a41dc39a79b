/**
 * Cold start: the real CLI (`icc-assistant serve`) spawned as a fresh process, from spawn to the first
 * 200 on /healthz, polled from this (separate) process. Content comes from CONTENT_DIR (the real
 * corpus, or a generated dir with only practices/ replaced); the index cache in DATA_DIR is built by
 * one unmeasured first start, so the measured starts load it as a restarted bot would. RSS is read
 * once /healthz answers. The start-up phases come from the app's own "app ready" debug line.
 *
 * "Still answers": the same corpus through `icc-assistant search --json`, process start to answer.
 *
 * The bin runs the compiled dist/, so the section first builds it when the sources changed since
 * (`bin/build.js --if-stale`; an --app-root checked out before the build step has no bin/build.js).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, minimalEnv, rssMB, stop, waitFor200 } from '../lib/proc.js';
import { row, sizeLabel, type BenchContext, type BenchSection, type Row } from '../lib/types.js';

const SECTION = 'cold start';

interface Start {
  readyMs: number;
  rssMB: number;
  phases: Record<string, number>;
}

function envFor(contentDir: string, dataDir: string, port: number): Record<string, string> {
  return {
    ...minimalEnv(),
    CONTENT_DIR: contentDir,
    DATA_DIR: dataDir,
    STORE_URL: `sqlite://${join(dataDir, 'icc.sqlite')}`,
    PORT: String(port),
    LOG_LEVEL: 'debug',
  };
}

async function startOnce(ctx: BenchContext, contentDir: string, dataDir: string): Promise<Start> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ctx.appRoot, 'bin', 'icc-assistant.js'), 'serve'], {
    cwd: ctx.appRoot,
    env: envFor(contentDir, dataDir, port),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    const t1 = await waitFor200(`http://127.0.0.1:${port}/healthz`, child, 300_000);
    const rss = rssMB(child.pid!);
    const ready = stderr
      .split('\n')
      .map((l) => {
        try {
          return JSON.parse(l) as { msg?: string; ms?: Record<string, number> };
        } catch {
          return undefined;
        }
      })
      .find((l) => l?.msg === 'app ready');
    return { readyMs: t1 - t0, rssMB: rss, phases: ready?.ms ?? {} };
  } finally {
    await stop(child);
  }
}

/** Process start to a printed answer: `icc-assistant search "<q>" --json`. */
function searchOnce(ctx: BenchContext, contentDir: string, dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(ctx.appRoot, 'bin', 'icc-assistant.js'), 'search', 'anti-rumour campaign', '--json', '--limit', '5'], {
      cwd: ctx.appRoot,
      env: { ...envFor(contentDir, dataDir, 0), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const t1 = performance.now();
      try {
        const r = JSON.parse(out) as { results: unknown[] };
        if (code !== 0 || r.results.length === 0) throw new Error('no results');
        resolve(t1 - t0);
      } catch {
        reject(new Error(`search CLI failed (${code}): ${out.slice(0, 200)}`));
      }
    });
  });
}

export const coldStartSection: BenchSection = {
  id: 'coldstart',
  title: 'Cold start',
  async run(ctx) {
    const build = join(ctx.appRoot, 'bin', 'build.js');
    if (existsSync(build) && spawnSync(process.execPath, [build, '--if-stale'], { cwd: ctx.appRoot, stdio: 'inherit' }).status !== 0) {
      throw new Error(`the build of ${ctx.appRoot} failed`);
    }
    const rows: Row[] = [];
    const sizes = [140, ...ctx.options.sizes.filter((s) => s >= 10_000)];
    for (const size of sizes) {
      const contentDir = size === 140 ? join(ctx.root, 'content') : await ctx.corpus(size);
      const dataDir = join(ctx.tmp, `coldstart-${size}`);
      mkdirSync(dataDir, { recursive: true });
      const kase = size === 140 ? 'real corpus (140)' : `${sizeLabel(size)} practices`;
      ctx.log(`cold start: ${kase}, first start (builds the index cache)`);
      const first = await startOnce(ctx, contentDir, dataDir);
      const starts: Start[] = [];
      for (let run = 0; run < ctx.options.runs; run++) {
        ctx.log(`cold start: ${kase}, run ${run + 1}/${ctx.options.runs}`);
        starts.push(await startOnce(ctx, contentDir, dataDir));
      }
      const stored = (metric: string) => {
        const v = ctx.stored(SECTION, kase, metric);
        return v === undefined ? {} : { baseline: { label: 'before', value: v, stored: true } };
      };
      const ready = 'start to /healthz 200 (cached index)';
      rows.push(
        row({
          section: SECTION,
          case: kase,
          metric: ready,
          unit: 'ms',
          runs: starts.map((s) => s.readyMs),
          ...stored(ready),
          ...(size === 10_000 ? { target: { op: '<' as const, value: 1500 } } : {}),
        }),
      );
      const phases: Array<[string, (s: Start) => number]> = [
        ['node start + module loading', (s) => s.phases.boot ?? NaN],
        ['content load + validation', (s) => s.phases.content ?? NaN],
        ['index load (cached)', (s) => s.phases.search ?? NaN],
        ['store open', (s) => s.phases.store ?? NaN],
        // What is left: the rest of the app, the platform adapters (Teams loads botbuilder), listen.
        ['adapters (SDK imports) + listen', (s) => s.readyMs - (s.phases.boot ?? NaN) - (s.phases.total ?? NaN)],
      ];
      for (const [phase, pick] of phases) {
        const metric = `  of which ${phase}`;
        rows.push(row({ section: SECTION, case: kase, metric, unit: 'ms', runs: starts.map(pick), ...stored(metric) }));
      }
      const rss = 'RSS at /healthz 200';
      rows.push(row({ section: SECTION, case: kase, metric: rss, unit: 'MB', runs: starts.map((s) => s.rssMB), ...stored(rss), ...(size === 10_000 ? { target: { op: '<' as const, value: 250 } } : {}) }));
      const firstMetric = 'first start (builds the index)';
      rows.push(row({ section: SECTION, case: kase, metric: firstMetric, unit: 'ms', runs: [first.readyMs], ...stored(firstMetric), note: 'one run' }));
      if (size >= 10_000) {
        const answers: number[] = [];
        for (let run = 0; run < ctx.options.runs; run++) answers.push(await searchOnce(ctx, contentDir, dataDir));
        const metric = 'CLI search: start to answer';
        rows.push(row({ section: SECTION, case: kase, metric, unit: 'ms', runs: answers, ...stored(metric) }));
      }
    }
    return rows;
  },
};
