/**
 * `npm run bench`: runs every section (bench/sections.ts), prints one table on stdout and writes it
 * as JSON to bench/results/latest.json and bench/results/<timestamp>.json. Progress goes to stderr.
 *
 *   npm run bench                          everything, 3 runs per figure
 *   npm run bench -- --only search,store   some sections
 *   npm run bench -- --runs 5              more runs per figure (at least 3 for published figures)
 *   npm run bench -- --sizes 1000,10000    synthetic corpus sizes (default 1000,10000,100000)
 *   npm run bench -- --quick               1 run, sizes 1000,10000: a smoke test, not for the README
 *   npm run bench -- --baseline-up-to N    measure the lunr baseline live up to N practices (default 10000)
 *   npm run bench -- --keep                keep the scratch directory (generated corpora)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadContent } from '../src/content/loader.js';
import { syntheticCorpus, writeContentDir } from './lib/synthetic.js';
import { renderTable } from './lib/table.js';
import { sizeLabel, type BenchContext, type BenchOptions, type Row } from './lib/types.js';
import { sections } from './sections.js';

const ROOT = join(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');

function options(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      runs: { type: 'string' },
      sizes: { type: 'string' },
      quick: { type: 'boolean' },
      keep: { type: 'boolean' },
      'baseline-up-to': { type: 'string' },
    },
    strict: true,
  });
  const quick = Boolean(values.quick);
  const runs = values.runs ? Number(values.runs) : quick ? 1 : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number >= 1');
  const sizes = (values.sizes ?? (quick ? '1000,10000' : '1000,10000,100000')).split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 140)) throw new Error('--sizes are practice counts of at least 140');
  const only = values.only?.split(',').map((s) => s.trim());
  for (const id of only ?? []) if (!sections.some((s) => s.id === id)) throw new Error(`unknown section ${id} (sections: ${sections.map((s) => s.id).join(', ')})`);
  return {
    runs,
    sizes,
    quick,
    keep: Boolean(values.keep),
    baselineUpTo: values['baseline-up-to'] !== undefined ? Number(values['baseline-up-to']) : 10_000,
    ...(only ? { only } : {}),
  };
}

function storedBaseline(): (section: string, kase: string, metric: string) => number | undefined {
  const file = join(RESULTS, 'baseline.json');
  if (!existsSync(file)) return () => undefined;
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as { rows: Row[] }).rows;
  return (section, kase, metric) => rows.find((r) => r.section === section && r.case === kase && r.metric === metric)?.median;
}

/** The context sections run in: scratch dir, generated corpora (written once), stored baseline. */
export function createContext(opts: BenchOptions, appRoot = ROOT): BenchContext {
  const tmp = mkdtempSync(join(tmpdir(), 'icc-bench-'));
  const real = loadContent(join(ROOT, 'content')).practices;
  const corpora = new Map<number, Promise<string>>();
  const ctx: BenchContext = {
    root: ROOT,
    appRoot,
    tmp,
    options: opts,
    log: (m) => process.stderr.write(`[bench] ${m}\n`),
    stored: storedBaseline(),
    corpus: (size) => {
      let dir = corpora.get(size);
      if (!dir) {
        dir = (async () => {
          if (size === real.length) return join(ROOT, 'content');
          ctx.log(`generating a corpus of ${sizeLabel(size)} practices`);
          const d = join(tmp, `corpus-${size}`);
          writeContentDir(d, join(ROOT, 'content'), syntheticCorpus(real, size));
          return d;
        })();
        corpora.set(size, dir);
      }
      return dir;
    },
  };
  return ctx;
}

/** The commit measured, with `+dirty` when the working tree has uncommitted changes to tracked files. */
export function commit(root = ROOT): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function machine() {
  return { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memGB: Math.round(totalmem() / 2 ** 30), node: process.version, os: `${platform()} ${release()}`, loadavgAtStart: loadavg() };
}

export async function main(argv: string[]): Promise<number> {
  const opts = options(argv);
  const ctx = createContext(opts);
  const started = new Date();
  const host = machine();
  const measured = commit();
  const rows: Row[] = [];
  let failed = false;
  try {
    for (const section of sections) {
      if (opts.only && !opts.only.includes(section.id)) continue;
      ctx.log(`${section.title}…`);
      try {
        rows.push(...(await section.run(ctx)));
      } catch (err) {
        failed = true;
        ctx.log(`${section.title} failed: ${(err as Error).message}`);
        rows.push({ section: section.id, case: 'error', metric: (err as Error).message.slice(0, 120), unit: '', runs: [], median: NaN });
      }
    }
  } finally {
    if (!opts.keep) rmSync(ctx.tmp, { recursive: true, force: true });
    else ctx.log(`scratch kept in ${ctx.tmp}`);
  }

  const table = renderTable(rows);
  const header = `icc-assistant bench — commit ${measured} — ${started.toISOString()} — ${host.cpus} × ${host.cpu}, node ${host.node}, load average at start ${host.loadavgAtStart.map((l) => l.toFixed(1)).join(' ')}\nmedians of ${opts.runs} run(s); baseline = the original lunr search / SQLite's default pragmas / the code before this work, measured in the same run unless marked (stored)`;
  process.stdout.write(`${header}\n\n${table}\n`);

  const result = {
    generatedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: measured,
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    machine: { ...host, loadavgAtEnd: loadavg() },
    options: opts,
    rows,
    table,
  };
  mkdirSync(RESULTS, { recursive: true });
  const json = JSON.stringify(result, null, 2) + '\n';
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  writeFileSync(join(RESULTS, `${stamp}.json`), json);
  writeFileSync(join(RESULTS, 'latest.json'), json);
  ctx.log(`written to bench/results/latest.json and bench/results/${stamp}.json`);
  return failed ? 1 : 0;
}
