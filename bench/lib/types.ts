/**
 * The contract between the bench runner and its sections. A section is one module exporting a
 * `BenchSection`; bench/sections.ts lists them in order. Each returns rows of one shared table.
 */

export interface Target {
  /** The figure must be below (`<`) or above (`>`) `value`. */
  op: '<' | '>';
  value: number;
}

export interface Row {
  section: string;
  /** What was measured on: "10k practices", "SQLite (WAL, NORMAL)", "bare Bolt"... */
  case: string;
  metric: string;
  unit: string;
  /** One figure per run; the table shows their median. */
  runs: number[];
  median: number;
  /** What the figure is compared with: a live measurement in the same run, or a stored one. */
  baseline?: { label: string; value: number; stored?: boolean };
  /** median / baseline. */
  ratio?: number;
  target?: Target;
  pass?: boolean;
  note?: string;
}

export interface BenchOptions {
  runs: number;
  /** Section ids to run (default: all). */
  only?: string[];
  /** Synthetic corpus sizes for search and cold start. */
  sizes: number[];
  /** Measure the lunr baseline live up to this many practices (above: the stored baseline). */
  baselineUpTo: number;
  quick: boolean;
  keep: boolean;
}

export interface BenchContext {
  /** Repository root (where package.json is). */
  root: string;
  /** The checkout whose CLI the cold-start section starts (the repository root, or an older checkout for a baseline). */
  appRoot: string;
  /** Scratch directory for this bench run (removed at the end unless --keep). */
  tmp: string;
  options: BenchOptions;
  /** Progress on stderr (the table goes to stdout). */
  log(message: string): void;
  /** A content dir with `size` practices (the real ones plus synthetic ones), written once per run. */
  corpus(size: number): Promise<string>;
  /** Figures of an earlier run kept in bench/results/baseline.json, for rows without a live baseline. */
  stored(section: string, kase: string, metric: string): number | undefined;
}

export interface BenchSection {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** A table row from per-run figures, with its median, ratio to the baseline and target check. */
export function row(r: Omit<Row, 'median' | 'ratio' | 'pass'>): Row {
  const med = median(r.runs);
  const out: Row = { ...r, median: med };
  if (r.baseline && Number.isFinite(r.baseline.value) && r.baseline.value !== 0) out.ratio = med / r.baseline.value;
  if (r.target) out.pass = r.target.op === '<' ? med < r.target.value : med > r.target.value;
  return out;
}

export const sizeLabel = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
