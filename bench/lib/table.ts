/** The one table `npm run bench` prints. */
import type { Row } from './types.js';

export function fmt(v: number, unit = ''): string {
  if (!Number.isFinite(v)) return '–';
  const abs = Math.abs(v);
  const n = abs >= 10_000 ? Math.round(v).toLocaleString('en-US') : abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : abs >= 1 ? v.toFixed(2) : v.toFixed(3);
  return unit && unit !== '/s' ? `${n} ${unit}` : unit === '/s' ? `${n}/s` : n;
}

function ratio(r: number): string {
  if (!Number.isFinite(r)) return '';
  return r >= 10 ? `${r.toFixed(0)}×` : r >= 0.1 ? `${r.toFixed(2)}×` : `1/${(1 / r).toFixed(0)}`;
}

export function renderTable(rows: Row[]): string {
  const head = ['section', 'case', 'metric', 'median', 'runs (min–max)', 'baseline', 'vs baseline', 'target', ''];
  const body = rows.map((r) => {
    const spread = r.runs.length > 1 ? `${r.runs.length}: ${fmt(Math.min(...r.runs))}–${fmt(Math.max(...r.runs))}` : r.runs.length === 1 ? '1' : '';
    const base = r.baseline ? `${r.baseline.label} ${fmt(r.baseline.value, r.unit)}${r.baseline.stored ? ' (stored)' : ''}` : '';
    const target = r.target ? `${r.target.op} ${fmt(r.target.value, r.unit)}` : '';
    const pass = r.pass === undefined ? '' : r.pass ? 'ok' : 'MISS';
    return [r.section, r.case, r.metric, r.runs.length ? fmt(r.median, r.unit) : '', spread, base, r.ratio === undefined ? '' : ratio(r.ratio), target, pass];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 3 || i === 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  let last = '';
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    const key = `${b[0]}|${b[1]}`;
    // Section and case are printed once per group.
    const cells = key === last ? ['', '', ...b.slice(2)] : b;
    if (key !== last && i > 0 && b[0] !== body[i - 1]![0]) out.push('');
    last = key;
    out.push(line(cells));
  }
  return out.join('\n');
}
