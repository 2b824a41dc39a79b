/**
 * A sorted word list as an explicit trie in typed arrays, for the searches that walk many branches:
 * typo expansion of query terms (lunr's fuzzy match) and "did you mean" suggestions.
 *
 * SortedTrie (engine.ts) reads the trie implied by the sorted list itself, which is free to build but
 * finds each child with binary searches over the list, and its walks allocated closures and state
 * arrays at every node: ~1-2 µs a node, a few thousand nodes for a two-typo term or a suggestion,
 * and garbage that brought collections into the queries. Here a child is one array read away and a
 * walk allocates nothing per node (a few small arrays per call). Building it is one pass over the
 * words' characters (~2 ms for 10k practices' vocabulary).
 *
 * Both walks are depth-first with an explicit stack. A node's per-depth data (a row of edit
 * distances, a set of automaton states) is computed from its parent's when the node is popped: the
 * parent's slot for its depth cannot have been overwritten by then, because the only nodes at the
 * parent's depth still on the stack are the parent's later siblings, popped after all its descendants.
 */

export class CompactTrie {
  private constructor(
    /** The code unit on the edge into each node (node 0 is the root). */
    private readonly char: Uint16Array,
    private readonly firstChild: Int32Array,
    private readonly nextSibling: Int32Array,
    /** Position in the word list of the word ending at each node, or -1. */
    private readonly wordAt: Int32Array,
    /** Length of the longest word. */
    private readonly maxDepth: number,
  ) {}

  /** Node count, root included. */
  get nodes(): number {
    return this.char.length;
  }

  /** The trie of `words`, which must be sorted (by code unit, as Array#sort does) and distinct. */
  static fromSorted(words: readonly string[]): CompactTrie {
    let capacity = 1;
    let maxDepth = 0;
    for (const w of words) {
      capacity += w.length;
      if (w.length > maxDepth) maxDepth = w.length;
    }
    const char = new Uint16Array(capacity);
    const firstChild = new Int32Array(capacity).fill(-1);
    const nextSibling = new Int32Array(capacity).fill(-1);
    const wordAt = new Int32Array(capacity).fill(-1);
    // Words are sorted, so a new node is always its parent's last child.
    const lastChild = new Int32Array(capacity).fill(-1);
    const path = new Int32Array(maxDepth + 1);
    let count = 1;
    let prev = '';
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (i > 0 && w <= prev) throw new Error('CompactTrie.fromSorted: the words must be sorted and distinct');
      let common = 0;
      const limit = Math.min(w.length, prev.length);
      while (common < limit && w.charCodeAt(common) === prev.charCodeAt(common)) common++;
      for (let d = common; d < w.length; d++) {
        const parent = path[d]!;
        const node = count++;
        char[node] = w.charCodeAt(d);
        if (lastChild[parent] === -1) firstChild[parent] = node;
        else nextSibling[lastChild[parent]!] = node;
        lastChild[parent] = node;
        path[d + 1] = node;
      }
      wordAt[path[w.length]!] = i;
      prev = w;
    }
    return new CompactTrie(char.slice(0, count), firstChild.slice(0, count), nextSibling.slice(0, count), wordAt.slice(0, count), maxDepth);
  }

  /** Words within Levenshtein distance `max` of `word` (insert, delete, substitute), with the distance; the empty word never. */
  withinDistance(word: string, max: number): Array<{ index: number; distance: number }> {
    const out: Array<{ index: number; distance: number }> = [];
    const width = word.length + 1;
    const codes = new Uint16Array(word.length);
    for (let j = 0; j < word.length; j++) codes[j] = word.charCodeAt(j);
    // Row d: the distances from the first d characters of the current path to each prefix of `word`.
    const rows = new Int32Array(width * (this.maxDepth + 1));
    for (let j = 0; j < width; j++) rows[j] = j;
    const stack: number[] = [];
    const depths: number[] = [];
    for (let c = this.firstChild[0]!; c !== -1; c = this.nextSibling[c]!) {
      stack.push(c);
      depths.push(1);
    }
    while (stack.length > 0) {
      const node = stack.pop()!;
      const depth = depths.pop()!;
      const code = this.char[node]!;
      const prev = (depth - 1) * width;
      const row = prev + width;
      rows[row] = depth;
      let min = depth;
      for (let j = 1; j < width; j++) {
        const del = rows[prev + j]! + 1;
        const ins = rows[row + j - 1]! + 1;
        const sub = rows[prev + j - 1]! + (codes[j - 1] === code ? 0 : 1);
        const v = del < ins ? (del < sub ? del : sub) : ins < sub ? ins : sub;
        rows[row + j] = v;
        if (v < min) min = v;
      }
      const distance = rows[row + width - 1]!;
      if (distance <= max && this.wordAt[node]! >= 0) out.push({ index: this.wordAt[node]!, distance });
      if (min > max) continue;
      for (let c = this.firstChild[node]!; c !== -1; c = this.nextSibling[c]!) {
        stack.push(c);
        depths.push(depth + 1);
      }
    }
    return out.sort((a, b) => a.index - b.index);
  }

  /** Stamps for deduplicating fuzzy states: seen[k] === stamp when state k is in the set being built. */
  private seen = new Int32Array(65 * 64 * 4);
  private stamp = 0;

  /**
   * The words lunr's fuzzy match accepts: `TokenSet.fromFuzzyString(term, edits)` intersected with
   * this list, without building lunr's automaton (thousands of nodes for two edits, and an
   * intersection that visits each against the trie: tens of ms per typo). Ascending word positions.
   *
   * lunr's automaton is a trie of the labels its edit paths emit, so it accepts exactly the label
   * sequences of complete edit paths. A path state is (edits left, the rest of the term): the rest is
   * a suffix of the term, possibly behind one character a transposition held back. From a state:
   * keep the next character (emit it); or, with an edit left, insert (emit any character), delete the
   * next character (emit nothing; deleting the last one ends the path), substitute it (emit any
   * character), or transpose the next two (emit the second, keep the first in front of the rest).
   * A node is final where a path has consumed the whole term. This walks the word trie with the set
   * of path states at each node; a state packs (held + 1, pos, edits left): the rest of the term is
   * `term.slice(pos)`, behind the character term[held] when a transposition holds one back (-1: none).
   */
  fuzzy(term: string, edits: number): number[] {
    const out: number[] = [];
    const len = term.length;
    if (len >= 64 || edits > 3) throw new RangeError('fuzzy: terms under 64 characters, at most 3 edits');
    const codes = new Int32Array(len);
    for (let j = 0; j < len; j++) codes[j] = term.charCodeAt(j);
    const seen = this.seen;
    // The state set after each depth of the current path (tens of states).
    const levels: number[][] = [];
    for (let d = 0; d <= Math.min(this.maxDepth, len + edits); d++) levels.push([]);

    /** Adds a state and those reachable by deleting characters; true when one of them can end the term. */
    const add = (states: number[], held: number, pos: number, e: number): boolean => {
      let final = false;
      for (;;) {
        const k = ((held + 1) * 64 + pos) * 4 + e;
        if (seen[k] === this.stamp) return final;
        seen[k] = this.stamp;
        states.push(k);
        const n = (held >= 0 ? 1 : 0) + len - pos;
        if (n === 0 || (n === 1 && e > 0)) final = true;
        if (e === 0 || n <= 1) return final;
        if (held >= 0) held = -1;
        else pos++;
        e--;
      }
    };
    /** A new stamp: the next `add`s build a new set. */
    const fresh = () => {
      if (++this.stamp === 0x7fffffff) {
        seen.fill(0);
        this.stamp = 1;
      }
    };
    /** `next` := the states after reading character c from `states`; true when the term can end there. */
    const step = (states: number[], c: number, next: number[]): boolean => {
      next.length = 0;
      fresh();
      let final = false;
      for (let i = 0; i < states.length; i++) {
        const k = states[i]!;
        const e = k & 3;
        const pos = (k >> 2) & 63;
        const held = (k >> 8) - 1;
        const n = (held >= 0 ? 1 : 0) + len - pos;
        // Keep the next character.
        if (n > 0 && (held >= 0 ? codes[held] : codes[pos]) === c) final = add(next, -1, held >= 0 ? pos : pos + 1, e) || final;
        if (e === 0) continue;
        // Insert any character; substitute the next one.
        final = add(next, held, pos, e - 1) || final;
        if (n > 0) final = add(next, -1, held >= 0 ? pos : pos + 1, e - 1) || final;
        // Transpose the next two: emit the second, keep the first in front of the rest.
        if (n > 1 && (held >= 0 ? codes[pos] : codes[pos + 1]) === c) final = (held >= 0 ? add(next, held, pos + 1, e - 1) : add(next, pos, pos + 2, e - 1)) || final;
      }
      return final;
    };
    /** Could a child with character c continue some state? With no edits left, only the next characters can. */
    const canFollow = (states: number[], c: number): boolean => {
      for (let i = 0; i < states.length; i++) {
        const k = states[i]!;
        if ((k & 3) > 0) return true;
        const pos = (k >> 2) & 63;
        const held = (k >> 8) - 1;
        if (held >= 0 ? codes[held] === c : pos < len && codes[pos] === c) return true;
      }
      return false;
    };

    fresh();
    add(levels[0]!, -1, 0, edits);
    const stack: number[] = [];
    const depths: number[] = [];
    const pushChildren = (node: number, depth: number) => {
      const states = levels[depth]!;
      for (let c = this.firstChild[node]!; c !== -1; c = this.nextSibling[c]!) {
        if (!canFollow(states, this.char[c]!)) continue;
        stack.push(c);
        depths.push(depth + 1);
      }
    };
    pushChildren(0, 0);
    while (stack.length > 0) {
      const node = stack.pop()!;
      const depth = depths.pop()!;
      const next = levels[depth]!;
      const final = step(levels[depth - 1]!, this.char[node]!, next);
      if (next.length === 0) continue;
      if (final && this.wordAt[node]! >= 0) out.push(this.wordAt[node]!);
      // A path longer than the term plus its edits consumes no state: no deeper level is needed.
      if (depth + 1 < levels.length) pushChildren(node, depth);
    }
    return out.sort((a, b) => a - b);
  }
}
