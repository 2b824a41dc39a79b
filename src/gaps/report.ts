/** `report gaps` as data: the `--since` window and the plain-text table (the CLI prints either this or JSON). */
import type { Gap } from './store.js';

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * `30d`, `12h`, `2w` (back from `now`) or a date `2026-11-01` (from its start, UTC); undefined when it is
 * neither, so the caller can say what is accepted.
 */
export function parseSince(text: string, now: Date): Date | undefined {
  const rel = /^(\d{1,4})([hdw])$/.exec(text.trim());
  if (rel) {
    const n = Number(rel[1]);
    return n > 0 ? new Date(now.getTime() - n * UNIT_MS[rel[2] as keyof typeof UNIT_MS]) : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) {
    const d = new Date(`${text.trim()}T00:00:00Z`);
    // `2026-02-31` parses to March: only a date that reads back the same is one.
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text.trim()) && d.getTime() <= now.getTime() ? d : undefined;
  }
  return undefined;
}

/** One line per gap, most asked first: count, not helpful marks, results of the last ask, last asked, the question. */
export function gapsText(gaps: readonly Gap[], where: string, since: Date): string {
  if (gaps.length === 0) return `No gaps in ${where} since ${since.toISOString().slice(0, 10)}: every search found something relevant.\n`;
  const lines = [`Gaps in ${where} since ${since.toISOString().slice(0, 10)}, most asked first:`, 'count  not-helpful  results  last asked  question'];
  for (const g of gaps) lines.push(`${String(g.count).padStart(5)}  ${String(g.notHelpful).padStart(11)}  ${String(g.results).padStart(7)}  ${g.lastAsked.slice(0, 10)}  ${g.query.replace(/[\r\n\t]+/g, ' ')}`);
  return lines.join('\n') + '\n';
}
