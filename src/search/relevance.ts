/**
 * Which practices are about the question: how much of it each covers (words weighted by rarity, strong
 * or weak fields). A question can have parts ("language cafés and digitised citizens' offices",
 * ParsedQuery.segments): each part is judged on its own, so a part nothing matches does not sink the
 * part we can answer, and a practice about one part is kept next to practices about the other.
 */
import type { ParsedQuery } from './query.js';

/** A practice must match query words worth this share of what the matched words weigh together (idf), or be the best. */
export const COVERAGE = 0.4;
/** A word found only in a practice's summary counts this much of a word in its title, keywords, areas or place. */
export const WEAK = 0.5;
/** The best practice must be about at least this share of the question's content words, or nothing is relevant. */
export const GATE = 0.4;
/**
 * A part of a question ("A and B") is answered on its own only when a practice is clearly about it:
 * this share of its words, so "sequía y gestión del agua" is not answered by one practice naming gestión.
 */
export const PART_GATE = 0.8;

/**
 * How much of the question each matched practice covers. Practices fall into few classes (which
 * words they match, which of them strongly): each class's cover is computed once, in word order.
 * `classOf[j]` is the class of hitDocs[j] (-1: not allowed); valid until the next call.
 */
export interface Coverage {
  /** The number of parts; covers and bests are per part. */
  parts: number;
  /** Per part, the best cover of an allowed practice. */
  best: Float64Array;
  /** Per part, the most words (strong ones 1, weak ones WEAK) an allowed practice matches. */
  bestWords: Float64Array;
  classOf: Int32Array;
  /** The cover of class c in part p at c * parts + p. */
  coverOf: Float64Array;
}

/** What coverage needs to know of how the words were matched. */
export interface Judged {
  /** Per glossary phrase of the question, the bits of its words: they count only all together. */
  phrases: readonly number[];
  /**
   * A practice naming none of the words outside its summary counts half (no place or area filter
   * narrows the question: "посередники в Японії" is answered by Japan's practice that has mediators).
   */
  namedOnly: boolean;
}
// One object shape for every call: the coverage kernel stays monomorphic (see warm-up.ts).
const NO_JUDGED: Judged = { phrases: [], namedOnly: false };

// The whole question and up to 16 one-word parts (parseQuery keeps 16 words).
const MAX_PARTS = 17;
let coverageScratch: Coverage = { parts: 1, best: new Float64Array(MAX_PARTS), bestWords: new Float64Array(MAX_PARTS), classOf: new Int32Array(1 << 16), coverOf: new Float64Array(4096) };
const classKeys = new Map<number, number>();

/**
 * `partMasks[p]`: the bits of the words of part p (one part: every word). `counts[i]`: how much word i
 * counts towards the words a practice is about (1; the words of a glossary phrase share one: "asylum
 * seekers" is one thing asked about).
 */
export function coverage(hitDocs: Int32Array, masks: Uint32Array, strong: Uint32Array, allow: Uint32Array | null, weight: readonly number[], partMasks: readonly number[] = [0xffff], counts?: readonly number[], judged: Judged = NO_JUDGED): Coverage {
  const s = coverageScratch.classOf.length >= hitDocs.length ? coverageScratch : (coverageScratch = { ...coverageScratch, classOf: new Int32Array(hitDocs.length * 2) });
  const { classOf, best, bestWords } = s;
  const P = Math.min(partMasks.length, MAX_PARTS);
  s.parts = P;
  best.fill(0);
  bestWords.fill(0);
  classKeys.clear();
  for (let j = 0; j < hitDocs.length; j++) {
    const d = hitDocs[j]!;
    if (allow !== null && (allow[d >>> 5]! & (1 << (d & 31))) === 0) {
      classOf[j] = -1;
      continue;
    }
    const m0 = masks[d]!;
    const st = strong[d]!;
    // At most 16 words (parseQuery): a (words, strong words) pair is one 32-bit key.
    const key = m0 * 65536 + st;
    let c = classKeys.get(key);
    if (c === undefined) {
      c = classKeys.size;
      classKeys.set(key, c);
      // Half a phrase is not what the phrase means: "personnes" alone is no "personnes âgées".
      let m = m0;
      const phrases = judged.phrases;
      for (let q = 0; q < phrases.length; q++) if ((m & phrases[q]!) !== phrases[q]!) m &= ~phrases[q]!;
      if (s.coverOf.length < (c + 1) * P) {
        const grown = new Float64Array(Math.max(s.coverOf.length * 2, (c + 1) * P));
        grown.set(s.coverOf);
        s.coverOf = grown;
      }
      for (let p = 0; p < P; p++) {
        const part = partMasks[p]!;
        let cover = 0;
        let words = 0;
        for (let i = 0; i < weight.length; i++) {
          if ((m & part & (1 << i)) === 0) continue;
          const f = st & (1 << i) ? 1 : WEAK;
          cover += weight[i]! * f;
          words += (counts ? counts[i]! : 1) * f;
        }
        // A practice that names none of the words in its title, keywords, areas or place is about them
        // less than its summary suggests ("iluminação" once in a park's renovation).
        if (judged.namedOnly && (m & part & st) === 0) words *= WEAK;
        s.coverOf[c * P + p] = cover;
        if (cover > best[p]!) best[p] = cover;
        if (words > bestWords[p]!) bestWords[p] = words;
      }
    }
    classOf[j] = c;
  }
  return s;
}

/**
 * Keeps the allowed practices covering at least `floors[p]` of some part p that `open[p]` says is
 * answered, each weighted by the square of its best share of a part's best cover.
 */
export function keepCovered(hitDocs: Int32Array, cov: Coverage, floors: readonly number[], open: readonly boolean[], keep: Uint32Array, docWeights: Float64Array): void {
  const { classOf, coverOf, best, parts: P } = cov;
  for (let j = 0; j < hitDocs.length; j++) {
    const cls = classOf[j]!;
    if (cls < 0) continue;
    let share = -1;
    for (let p = 0; p < P; p++) {
      const c = coverOf[cls * P + p]!;
      if (!open[p] || c <= 0 || c < floors[p]! - 1e-9) continue;
      // Relative to the whole question's best cover: practices about both parts come first.
      const sh = c / best[0]!;
      if (sh > share) share = sh;
    }
    if (share < 0) continue;
    const d = hitDocs[j]!;
    keep[d >>> 5]! |= 1 << (d & 31);
    docWeights[d] = share * share;
  }
}

/**
 * A question's parts (ParsedQuery.segments): per part, the bits of its words and how many words it
 * has (`counts`: a glossary phrase's words count as one); part 0 is the whole question.
 */
export function partsOf(query: ParsedQuery, counts: readonly number[]): { masks: number[]; sizes: number[] } {
  const n = query.terms.length;
  const masks = [n >= 16 ? 0xffff : (1 << n) - 1];
  const sizes = [counts.reduce((a, c) => a + c, 0)];
  query.segments?.forEach((p, i) => {
    masks[p + 1] = (masks[p + 1] ?? 0) | (1 << i);
    sizes[p + 1] = (sizes[p + 1] ?? 0) + counts[i]!;
  });
  return { masks, sizes };
}

/** The words (bits) some allowed practice matches: an indexed loop, cheap even before V8 optimises it. */
export function matchedWithin(hitDocs: Int32Array, masks: Uint32Array, allow: Uint32Array): number {
  let bits = 0;
  const n = hitDocs.length;
  for (let j = 0; j < n; j++) {
    const d = hitDocs[j]!;
    if ((allow[d >>> 5]! & (1 << (d & 31))) !== 0) bits |= masks[d]!;
  }
  return bits;
}
