/** Which practices are about the question: how much of it each covers (words weighted by rarity, strong or weak fields). */

/** A practice must match query words worth this share of what the matched words weigh together (idf), or be the best. */
export const COVERAGE = 0.4;
/** A word found only in a practice's summary counts this much of a word in its title, keywords, areas or place. */
export const WEAK = 0.5;
/** The best practice must be about at least this share of the question's content words, or nothing is relevant. */
export const GATE = 0.4;

/**
 * How much of the question each matched practice covers. Practices fall into few classes (which
 * words they match, which of them strongly): each class's cover is computed once, in word order.
 * `classOf[j]` is the class of hitDocs[j] (-1: not allowed); valid until the next call.
 */
export interface Coverage {
  /** The best cover of an allowed practice. */
  best: number;
  /** The most words (strong ones 1, weak ones WEAK) an allowed practice matches. */
  bestWords: number;
  classOf: Int32Array;
  coverOf: Float64Array;
}

let coverageScratch: Coverage = { best: 0, bestWords: 0, classOf: new Int32Array(1 << 16), coverOf: new Float64Array(4096) };
const classKeys = new Map<number, number>();

export function coverage(hitDocs: Int32Array, masks: Uint32Array, strong: Uint32Array, allow: Uint32Array | null, weight: readonly number[]): Coverage {
  const s = coverageScratch.classOf.length >= hitDocs.length ? coverageScratch : (coverageScratch = { ...coverageScratch, classOf: new Int32Array(hitDocs.length * 2) });
  const { classOf } = s;
  classKeys.clear();
  let best = 0;
  let bestWords = 0;
  for (let j = 0; j < hitDocs.length; j++) {
    const d = hitDocs[j]!;
    if (allow !== null && (allow[d >>> 5]! & (1 << (d & 31))) === 0) {
      classOf[j] = -1;
      continue;
    }
    const m = masks[d]!;
    const st = strong[d]!;
    // At most 16 words (parseQuery): a (words, strong words) pair is one 32-bit key.
    const key = m * 65536 + st;
    let c = classKeys.get(key);
    if (c === undefined) {
      c = classKeys.size;
      classKeys.set(key, c);
      let cover = 0;
      for (let i = 0; i < weight.length; i++) if (m & (1 << i)) cover += weight[i]! * (st & (1 << i) ? 1 : WEAK);
      if (s.coverOf.length <= c) {
        const grown = new Float64Array(s.coverOf.length * 2);
        grown.set(s.coverOf);
        s.coverOf = grown;
      }
      s.coverOf[c] = cover;
      if (cover > best) best = cover;
      const words = bitCount(st) + WEAK * bitCount(m & ~st);
      if (words > bestWords) bestWords = words;
    }
    classOf[j] = c;
  }
  s.best = best;
  s.bestWords = bestWords;
  return s;
}

/** Keeps the allowed practices covering at least `floor`, each weighted by the square of its share of the best cover. */
export function keepCovered(hitDocs: Int32Array, cov: Coverage, floor: number, keep: Uint32Array, docWeights: Float64Array): void {
  const { classOf, coverOf, best } = cov;
  for (let j = 0; j < hitDocs.length; j++) {
    const cls = classOf[j]!;
    if (cls < 0) continue;
    const c = coverOf[cls]!;
    if (c < floor - 1e-9) continue;
    const d = hitDocs[j]!;
    const share = c / best;
    keep[d >>> 5]! |= 1 << (d & 31);
    docWeights[d] = share * share;
  }
}

function bitCount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}
