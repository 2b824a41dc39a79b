/** Scoring a query's posting lists (SearchIndex.query, engine.ts): block-at-a-time sums, and the best k documents. */

/**
 * Posting lists a query's scratch arrays hold before they grow. Generous: replacing a scratch array
 * makes V8 throw away the optimized query code that assumed the field never changes (a 10-50 ms
 * query while it is optimized again).
 */
export const LISTS = 4096;


/**
 * A query's posting lists, in lunr's order: list i is postings [start[i], end[i]), its weights times
 * factor[i] (query weight / field magnitude / 1000: weights are stored in thousandths). Typed arrays
 * rather than one object per list: the scoring loop then sees one shape only and V8 keeps it
 * optimized (objects whose factor was sometimes a small integer deoptimized it mid-run).
 */
export interface PostingLists {
  count: number;
  /** The slot (term * fields + field) of each list. */
  slot: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  factor: Float64Array;
}

/** Documents per block: a block's scores stay in the CPU's nearest caches. */
export const BLOCK = 4096;

export interface Scratch {
  scores: Float64Array;
  /** Per-group score rows (scoreBlocksGrouped), kept zeroed between queries. */
  grouped?: Float64Array;
  /** The group of each posting list (scoreBlocksGrouped). */
  groupOf?: Uint8Array;
  first: Int32Array;
  mark: Uint8Array;
  touched: Int32Array;
  cursor: Uint32Array;
}

/**
 * Term-at-a-time scoring, one block of documents at a time: every list adds its postings for the
 * block, then the block's matches are counted and offered to `top`. Per document, lists add in
 * lunr's order, so the sums are lunr's; and the first list to touch a document is the one lunr
 * reached it by (ties rank by it). Returns how many allowed documents matched.
 */
export function scoreBlocks(lists: PostingLists, docs: Uint32Array, weights: Uint32Array, N: number, allow: Uint32Array | null, top: TopDocs, s: Scratch): number {
  const { scores, first, mark, touched, cursor } = s;
  const m = lists.count;
  const { end: ends, factor: factors } = lists;
  cursor.set(lists.start.subarray(0, m));
  let total = 0;
  for (let base = 0; base < N; base += BLOCK) {
    const end = base + BLOCK;
    let n = 0;
    for (let i = 0; i < m; i++) {
      let p = cursor[i]!;
      const b = ends[i]!;
      const factor = factors[i]!;
      for (; p < b; p++) {
        const x = docs[p]! - base;
        if (x >= BLOCK) break;
        if (mark[x] === 0) {
          mark[x] = 1;
          scores[x] = factor * weights[p]!;
          first[x] = i;
          touched[n++] = x;
        } else scores[x] = scores[x]! + factor * weights[p]!;
      }
      cursor[i] = p;
    }
    for (let t = 0; t < n; t++) {
      const x = touched[t]!;
      mark[x] = 0;
      const d = base + x;
      if (allow !== null && (allow[d >>> 5]! & (1 << (d & 31))) === 0) continue;
      total++;
      top.offer(d, scores[x]!, first[x]!);
    }
    if (end >= N) break;
  }
  return total;
}

/**
 * scoreBlocks with field groups (QueryOptions.fieldGroups): per document, the sum over group-0 lists
 * plus the largest of the other groups' sums. One score row per group, reset as documents are offered.
 */
export function scoreBlocksGrouped(lists: PostingLists, fieldGroups: Uint8Array, F: number, docs: Uint32Array, weights: Uint32Array, N: number, allow: Uint32Array | null, top: TopDocs, s: Scratch, docWeights: Float64Array | null): number {
  const { first, mark, touched, cursor } = s;
  const m = lists.count;
  let G = 0;
  for (const g of fieldGroups) if (g > G) G = g;
  const rows = G + 1;
  if (!s.grouped || s.grouped.length < rows * BLOCK) s.grouped = new Float64Array(rows * BLOCK);
  const scores = s.grouped;
  if (!s.groupOf || s.groupOf.length < m) s.groupOf = new Uint8Array(Math.max(m, LISTS));
  const groupOf = s.groupOf;
  for (let i = 0; i < m; i++) groupOf[i] = fieldGroups[lists.slot[i]! % F] ?? 0;
  cursor.set(lists.start.subarray(0, m));
  let total = 0;
  for (let base = 0; base < N; base += BLOCK) {
    let n = 0;
    for (let i = 0; i < m; i++) {
      let p = cursor[i]!;
      const b = lists.end[i]!;
      const factor = lists.factor[i]!;
      const row = groupOf[i]! * BLOCK;
      for (; p < b; p++) {
        const x = docs[p]! - base;
        if (x >= BLOCK) break;
        if (mark[x] === 0) {
          mark[x] = 1;
          first[x] = i;
          touched[n++] = x;
        }
        scores[row + x] = scores[row + x]! + factor * weights[p]!;
      }
      cursor[i] = p;
    }
    for (let t = 0; t < n; t++) {
      const x = touched[t]!;
      mark[x] = 0;
      let best = 0;
      for (let g = 1; g < rows; g++) {
        const v = scores[g * BLOCK + x]!;
        if (v > best) best = v;
        scores[g * BLOCK + x] = 0;
      }
      const d = base + x;
      const score = (scores[x]! + best) * (docWeights === null ? 1 : docWeights[d]!);
      scores[x] = 0;
      if (allow !== null && (allow[d >>> 5]! & (1 << (d & 31))) === 0) continue;
      total++;
      top.offer(d, score, first[x]!);
    }
    if (base + BLOCK >= N) break;
  }
  return total;
}

/**
 * The best `k` documents by score, then by the list that reached them first, then by position. With
 * a finite k (every real query) they are kept sorted in typed arrays of k slots, so offering a match
 * allocates nothing; with k = Infinity everything is kept and sorted at the end.
 */
export class TopDocs {
  private readonly docs: Int32Array | number[];
  private readonly scores: Float64Array | number[];
  private readonly firsts: Int32Array | number[];
  private n = 0;
  constructor(private readonly k: number) {
    const bounded = Number.isFinite(k);
    this.docs = bounded ? new Int32Array(k) : [];
    this.scores = bounded ? new Float64Array(k) : [];
    this.firsts = bounded ? new Int32Array(k) : [];
  }

  /** True when (s1, f1, d1) ranks before (s2, f2, d2). */
  private static before(s1: number, f1: number, d1: number, s2: number, f2: number, d2: number): boolean {
    return s1 > s2 || (s1 === s2 && (f1 < f2 || (f1 === f2 && d1 < d2)));
  }

  offer(d: number, score: number, first: number): void {
    const { docs, scores, firsts, k } = this;
    const n = this.n;
    if (k === Infinity) {
      (docs as number[]).push(d);
      (scores as number[]).push(score);
      (firsts as number[]).push(first);
      this.n++;
      return;
    }
    if (k === 0) return;
    if (n === k && !TopDocs.before(score, first, d, scores[n - 1]!, firsts[n - 1]!, docs[n - 1]!)) return;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (TopDocs.before(scores[mid]!, firsts[mid]!, docs[mid]!, score, first, d)) lo = mid + 1;
      else hi = mid;
    }
    // Shift [lo, n) one slot right (the last one falls off when full), then insert at lo.
    for (let i = Math.min(n, k - 1); i > lo; i--) {
      docs[i] = docs[i - 1]!;
      scores[i] = scores[i - 1]!;
      firsts[i] = firsts[i - 1]!;
    }
    docs[lo] = d;
    scores[lo] = score;
    firsts[lo] = first;
    if (n < k) this.n = n + 1;
  }

  ranked(): Array<{ doc: number; score: number }> {
    const idx = Array.from({ length: this.n }, (_d, i) => i);
    const { docs, scores, firsts } = this;
    if (this.k === Infinity) idx.sort((a, b) => (TopDocs.before(scores[a]!, firsts[a]!, docs[a]!, scores[b]!, firsts[b]!, docs[b]!) ? -1 : 1));
    return idx.map((i) => ({ doc: docs[i]!, score: scores[i]! }));
  }
}
