/**
 * Scoring for the evaluation set (`npm run eval`): hit@3, MRR@10 and routing accuracy, per language and
 * overall. Pure functions over what the engine returned, so the metrics have tests of their own.
 */

export interface SearchCase {
  q: string;
  locale: string;
  /** Practice ids a careful reader judges relevant; empty when the corpus has nothing on it. */
  relevant: string[];
}

export interface RoutingCase {
  text: string;
  locale: string;
  /** The intent the bot should hand the text to ('cancel' for the interrupt word). */
  intent: string;
}

export interface SearchOutcome {
  hit3: boolean;
  /** 1/rank of the first relevant practice in the top 10, 0 when none is. */
  rr10: number;
}

/**
 * One query's outcome. When nothing in the corpus is relevant, the right answer is an honest "nothing":
 * it counts as a hit (reciprocal rank 1) only when the engine returned no practice.
 */
export function scoreSearch(c: SearchCase, rankedIds: readonly string[]): SearchOutcome {
  if (c.relevant.length === 0) {
    const honest = rankedIds.length === 0;
    return { hit3: honest, rr10: honest ? 1 : 0 };
  }
  const relevant = new Set(c.relevant);
  const rank = rankedIds.slice(0, 10).findIndex((id) => relevant.has(id));
  return { hit3: rank >= 0 && rank < 3, rr10: rank >= 0 ? 1 / (rank + 1) : 0 };
}

export interface Summary {
  n: number;
  value: number;
}

/** Mean of `value(x)` per locale and over everything ('all'). */
export function byLocale<T extends { locale: string }>(items: readonly T[], value: (x: T) => number): Map<string, Summary> {
  const sums = new Map<string, { n: number; total: number }>();
  const add = (key: string, v: number) => {
    const s = sums.get(key) ?? { n: 0, total: 0 };
    s.n++;
    s.total += v;
    sums.set(key, s);
  };
  for (const x of items) {
    const v = value(x);
    add(x.locale, v);
    add('all', v);
  }
  return new Map([...sums].map(([k, s]) => [k, { n: s.n, value: s.n ? s.total / s.n : 0 }]));
}

export interface Floors {
  search: { hit3: number; mrr10: number };
  routing: { accuracy: number };
}

export interface EvalReport {
  search: { hit3: Map<string, Summary>; mrr10: Map<string, Summary> };
  routing: Map<string, Summary>;
}

/** Every overall figure under its floor, as one line each; empty when all hold. */
export function belowFloors(r: EvalReport, floors: Floors): string[] {
  const out: string[] = [];
  const check = (name: string, got: number | undefined, floor: number) => {
    if (got === undefined || got < floor) out.push(`${name} ${got === undefined ? 'missing' : got.toFixed(3)} is below its floor ${floor}`);
  };
  check('search hit@3', r.search.hit3.get('all')?.value, floors.search.hit3);
  check('search MRR@10', r.search.mrr10.get('all')?.value, floors.search.mrr10);
  check('routing accuracy', r.routing.get('all')?.value, floors.routing.accuracy);
  return out;
}
