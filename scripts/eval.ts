/**
 * `npm run eval`: the evaluation set, scored like a benchmark. Search: hit@3 and MRR@10 per language over
 * eval/search.jsonl; routing: accuracy per language over eval/routing.jsonl, judged on the bot's own
 * decision (commands, interrupt words and the fallback included). Exits 1 when an overall figure falls
 * under eval/floors.json, 2 on a bad eval file.
 *
 *   npm run eval                 the table, then the held-out halves' tables (eval/holdout/)
 *   npm run eval -- --misses     also every query that missed, with what came first (main set and the
 *                                held-out dev half; the test half's misses are never printed, so fixes
 *                                cannot be fitted to it and its figure stays an honest estimate)
 *   npm run eval -- --json       the figures as JSON
 *
 * The floors apply to the main set only: the held-out halves measure generalisation, and a floor on them
 * would invite tuning to them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/core/log.js';
import { describeRoute } from '../src/core/router.js';
import { readJsonlRecords } from '../src/core/jsonl.js';
import { belowFloors, byLocale, scoreSearch, type EvalReport, type Floors, type RoutingCase, type SearchCase } from './eval-metrics.js';

const ROOT = join(import.meta.dirname, '..');
export const EVAL_DIR = join(ROOT, 'eval');

const SearchCaseSchema = z.strictObject({ q: z.string().min(1), locale: z.string().min(2), relevant: z.array(z.string().min(1)) });
const RoutingCaseSchema = z.strictObject({ text: z.string().min(1), locale: z.string().min(2), intent: z.string().min(1) });
const FloorsSchema = z.object({ search: z.object({ hit3: z.number(), mrr10: z.number() }), routing: z.object({ accuracy: z.number() }) });

export class EvalFileError extends Error {}

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  return readJsonlRecords(file, schema, (line, field, message) => {
    throw new EvalFileError(field === '(json)' ? `${file}:${line}: not valid JSON` : `${file}:${line}: field ${field || '(line)'}: ${message}`);
  });
}

export interface Miss {
  kind: 'search' | 'routing';
  locale: string;
  text: string;
  expected: string[];
  got: string[];
}

export interface EvalRun {
  report: EvalReport;
  misses: Miss[];
  counts: { search: number; routing: number };
}

/** The practices a user asking `c.q` in `c.locale` is shown, best first (what the search intent ranks). */
export function rankedIds(app: App, c: SearchCase): string[] {
  return app.search.search(c.q, { limit: 10, lang: c.locale }).hits.map((h) => h.practice.id);
}

/** A held-out half: eval/holdout/search-<name>.jsonl and routing-<name>.jsonl. */
export const HOLDOUT_HALVES = ['dev', 'dev2', 'dev3', 'test'] as const;

export async function runEval(opts: { dir?: string; app?: App; searchFile?: string; routingFile?: string } = {}): Promise<EvalRun> {
  const dir = opts.dir ?? EVAL_DIR;
  const searchCases = readJsonl(join(dir, opts.searchFile ?? 'search.jsonl'), SearchCaseSchema);
  const routingCases = readJsonl(join(dir, opts.routingFile ?? 'routing.jsonl'), RoutingCaseSchema);
  const app = opts.app ?? (await createApp(loadConfig({ STORE_URL: 'memory://', LOG_LEVEL: 'silent' }), { baseDir: ROOT, log: createLogger({ level: 'silent' }) }));
  try {
    const misses: Miss[] = [];
    const searchOutcomes = searchCases.map((c) => {
      const ids = rankedIds(app, c);
      const o = scoreSearch(c, ids);
      if (!o.hit3) misses.push({ kind: 'search', locale: c.locale, text: c.q, expected: c.relevant, got: ids.slice(0, 3) });
      return { locale: c.locale, ...o };
    });
    const routingOutcomes = routingCases.map((c: RoutingCase) => {
      const got = describeRoute(app.bot.decide(c.text)).intent;
      if (got !== c.intent) misses.push({ kind: 'routing', locale: c.locale, text: c.text, expected: [c.intent], got: [got] });
      return { locale: c.locale, ok: got === c.intent ? 1 : 0 };
    });
    return {
      report: {
        search: { hit3: byLocale(searchOutcomes, (o) => (o.hit3 ? 1 : 0)), mrr10: byLocale(searchOutcomes, (o) => o.rr10) },
        routing: byLocale(routingOutcomes, (o) => o.ok),
      },
      misses,
      counts: { search: searchCases.length, routing: routingCases.length },
    };
  } finally {
    if (!opts.app) await app.close();
  }
}

export function readFloors(dir = EVAL_DIR): Floors {
  return FloorsSchema.parse(JSON.parse(readFileSync(join(dir, 'floors.json'), 'utf8')));
}

export function formatReport(r: EvalReport): string {
  const locales = [...new Set([...r.search.hit3.keys(), ...r.routing.keys()])].filter((l) => l !== 'all').sort();
  const cell = (s: { n: number; value: number } | undefined) => (s ? `${s.value.toFixed(3)} (${s.n})` : '-');
  const rows = [...locales, 'all'].map((l) => [l, cell(r.search.hit3.get(l)), cell(r.search.mrr10.get(l)), cell(r.routing.get(l))]);
  const head = ['lang', 'search hit@3 (n)', 'search MRR@10', 'routing accuracy (n)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function printMisses(misses: readonly Miss[], label: string): void {
  for (const m of misses)
    process.stdout.write(`miss${label} ${m.kind} [${m.locale}] ${JSON.stringify(m.text)}: expected ${m.expected.join(', ') || '(nothing)'}; got ${m.got.join(', ') || '(nothing)'}\n`);
}

async function main(argv: string[]): Promise<number> {
  const app = await createApp(loadConfig({ STORE_URL: 'memory://', LOG_LEVEL: 'silent' }), { baseDir: ROOT, log: createLogger({ level: 'silent' }) });
  try {
    const run = await runEval({ app });
    const holdout = [];
    for (const half of HOLDOUT_HALVES)
      holdout.push({ half, run: await runEval({ app, dir: join(EVAL_DIR, 'holdout'), searchFile: `search-${half}.jsonl`, routingFile: `routing-${half}.jsonl` }) });
    const below = belowFloors(run.report, readFloors());
    const obj = (m: Map<string, { n: number; value: number }>) => Object.fromEntries([...m].map(([k, v]) => [k, Number(v.value.toFixed(4))]));
    const figures = (r: EvalRun) => ({ hit3: obj(r.report.search.hit3), mrr10: obj(r.report.search.mrr10), routing: obj(r.report.routing), counts: r.counts });
    if (argv.includes('--json')) {
      const held = Object.fromEntries(holdout.map((h) => [h.half, figures(h.run)]));
      process.stdout.write(`${JSON.stringify({ ...figures(run), below, holdout: held })}\n`);
    } else {
      process.stdout.write(`${formatReport(run.report)}\n`);
      if (argv.includes('--misses')) printMisses(run.misses, '');
      for (const h of holdout) {
        process.stdout.write(`\nheld-out ${h.half} (no floor)\n${formatReport(h.run.report)}\n`);
        if (argv.includes('--misses') && h.half !== 'test') printMisses(h.run.misses, ` ${h.half}`);
      }
      for (const b of below) process.stdout.write(`below floor: ${b}\n`);
    }
    return below.length ? 1 : 0;
  } finally {
    await app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
