/**
 * Prints the README's performance tables from a results file (default bench/results/latest.json),
 * so the README quotes the figures exactly:  node --import tsx bench/readme.ts [results.json]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt } from './lib/table.js';
import type { Row } from './lib/types.js';

const file = process.argv[2] ?? join(import.meta.dirname, 'results', 'latest.json');
const result = JSON.parse(readFileSync(file, 'utf8')) as { generatedAt: string; machine: { cpus: number; cpu: string; node: string; loadavgAtStart: number[] }; options: { runs: number }; rows: Row[] };
const rows = result.rows;
const find = (section: string, kase: string, metric: string) => rows.find((r) => r.section === section && r.case === kase && r.metric === metric);

function cell(r: Row | undefined, withBaseline = true): string {
  if (!r || !Number.isFinite(r.median)) return '–';
  let s = fmt(r.median, r.unit);
  if (withBaseline && r.baseline && Number.isFinite(r.baseline.value)) {
    const ratio = r.median / r.baseline.value;
    const rel = ratio >= 1 ? `${ratio.toFixed(ratio >= 10 ? 0 : 1)}×` : `1/${(1 / ratio).toFixed(1 / ratio >= 10 ? 0 : 1)}`;
    s += ` (${r.baseline.label === 'lunr' ? 'lunr' : r.baseline.label} ${fmt(r.baseline.value, r.unit)}${r.baseline.stored ? '*' : ''}, ${rel})`;
  }
  if (r.target) s += r.pass ? ' ✓' : ' ✗';
  return s;
}

const out: string[] = [];
out.push(`Medians of ${result.options.runs} runs, ${result.generatedAt.slice(0, 10)}, ${result.machine.cpus} × ${result.machine.cpu}, Node ${result.machine.node}, load average at start ${result.machine.loadavgAtStart.map((l) => l.toFixed(1)).join(' ')}.`);
out.push('');
const searchCases = [...new Set(rows.filter((r) => r.section === 'search').map((r) => r.case))];
if (searchCases.length) {
  const metrics = ['index build', 'index size', 'index load (start-up path)', 'memory, index loaded (heap + buffers)', 'query p50', 'query p99'];
  out.push(`| corpus | ${metrics.join(' | ')} |`);
  out.push(`|${' --- |'.repeat(metrics.length + 1)}`);
  for (const c of searchCases) out.push(`| ${c} | ${metrics.map((m) => cell(find('search', c, m))).join(' | ')} |`);
  out.push('');
}
const coldCases = [...new Set(rows.filter((r) => r.section === 'cold start').map((r) => r.case))];
if (coldCases.length) {
  const metrics = rows.filter((r) => r.section === 'cold start' && r.case === coldCases[coldCases.length - 1]).map((r) => r.metric);
  out.push(`| cold start | ${coldCases.join(' | ')} |`);
  out.push(`|${' --- |'.repeat(coldCases.length + 1)}`);
  for (const m of metrics) out.push(`| ${m.trim()} | ${coldCases.map((c) => cell(find('cold start', c, m))).join(' | ')} |`);
  out.push('');
}
const storeRows = rows.filter((r) => r.section === 'store');
if (storeRows.length) {
  const cases = [...new Set(storeRows.map((r) => r.case))];
  const metrics = [...new Set(storeRows.map((r) => r.metric))].filter((m) => !m.startsWith('skipped'));
  out.push(`| store | ${cases.join(' | ')} |`);
  out.push(`|${' --- |'.repeat(cases.length + 1)}`);
  for (const m of metrics) out.push(`| ${m} | ${cases.map((c) => cell(find('store', c, m))).join(' | ')} |`);
  out.push('');
}
process.stdout.write(out.join('\n'));
