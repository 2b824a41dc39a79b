/** The index's sorted term list read as a trie, and lunr's TokenSet automata it is intersected with. */
import lunr from 'lunr';

export interface TokenSetNode {
  id: number;
  final: boolean;
  edges: Record<string, TokenSetNode>;
}
export const TokenSet = lunr.TokenSet as unknown as {
  fromString(s: string): TokenSetNode;
  fromFuzzyString(s: string, editDistance: number): TokenSetNode;
};

/** First index in [lo, hi) whose char code at `depth` is >= code (all terms there are longer than depth). */
function lowerBound(terms: readonly string[], lo: number, hi: number, depth: number, code: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid]!.charCodeAt(depth) < code) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(terms: readonly string[], lo: number, hi: number, depth: number, code: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid]!.charCodeAt(depth) <= code) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The sorted word list read as a trie: a node is a range [lo, hi) of words sharing their first
 * `depth` characters; it is final when words[lo] has exactly `depth` characters.
 */
export class SortedTrie {
  constructor(readonly words: readonly string[]) {}

  /** Calls `visit(code, lo, hi)` for each child of the node (depth, lo, hi), in order. */
  children(depth: number, lo: number, hi: number, visit: (code: number, lo: number, hi: number) => void): void {
    const w = this.words;
    let start = lo < hi && w[lo]!.length === depth ? lo + 1 : lo;
    while (start < hi) {
      const code = w[start]!.charCodeAt(depth);
      const end = upperBound(w, start, hi, depth, code);
      visit(code, start, end);
      start = end;
    }
  }

  /** The child range for one character, or undefined. */
  child(depth: number, lo: number, hi: number, code: number): [number, number] | undefined {
    const w = this.words;
    const start = lo < hi && w[lo]!.length === depth ? lo + 1 : lo;
    const a = lowerBound(w, start, hi, depth, code);
    if (a >= hi || w[a]!.charCodeAt(depth) !== code) return undefined;
    return [a, upperBound(w, a, hi, depth, code)];
  }

  /** Index of `word`, or -1. */
  indexOf(word: string): number {
    const w = this.words;
    let lo = 0;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (w[mid]! < word) lo = mid + 1;
      else hi = mid;
    }
    return lo < w.length && w[lo] === word ? lo : -1;
  }

  /** [lo, hi) of the words starting with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    let lo = 0;
    let hi = this.words.length;
    for (let d = 0; d < prefix.length && lo < hi; d++) {
      const r = this.child(d, lo, hi, prefix.charCodeAt(d));
      if (!r) return [0, 0];
      [lo, hi] = r;
    }
    return [lo, hi];
  }

  /**
   * Words accepted by a lunr TokenSet automaton ('*' edges match any one character, a '*' self-loop
   * any run), i.e. lunr's `indexTokenSet.intersect(queryTokenSet)`. The empty word is never matched.
   */
  intersect(root: TokenSetNode): number[] {
    const out = new Set<number>();
    const stack: Array<[TokenSetNode, number, number, number]> = [[root, 0, 0, this.words.length]];
    while (stack.length > 0) {
      const [q, depth, lo, hi] = stack.pop()!;
      for (const edge in q.edges) {
        const next = q.edges[edge]!;
        const push = (clo: number, chi: number) => {
          if (next.final && this.words[clo]!.length === depth + 1) out.add(clo);
          stack.push([next, depth + 1, clo, chi]);
        };
        if (edge === '*') this.children(depth, lo, hi, (_c, clo, chi) => push(clo, chi));
        else {
          const r = this.child(depth, lo, hi, edge.charCodeAt(0));
          if (r) push(r[0], r[1]);
        }
      }
    }
    return [...out].sort((a, b) => a - b);
  }
}
