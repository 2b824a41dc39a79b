/**
 * A sorted word list as an explicit trie in typed arrays, for the searches that walk many branches:
 * typo expansion of query terms (lunr's fuzzy match) and "did you mean" suggestions.
 *
 * SortedTrie (sorted-trie.ts) reads the trie implied by the sorted list itself, which is free to build but
 * finds each child with binary searches over the list, and its walks allocated closures and state
 * arrays at every node: ~1-2 µs a node, a few thousand nodes for a two-typo term or a suggestion,
 * and garbage that brought collections into the queries. Here a child is one array read away and a
 * walk allocates nothing per node (a few small arrays per call). Building it is one pass over the
 * words' characters (a few ms for 10k practices' vocabulary), done when the index is built: the
 * index file stores the arrays (toBytes / fromBytes), so a start-up reads them as they are.
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

  /** The trie as bytes, a multiple of 4 long (so what follows stays aligned): see `fromBytes`. */
  toBytes(): Buffer {
    const n = this.char.length;
    const out = Buffer.alloc(8 + 12 * n + 4 * Math.ceil(n / 2));
    out.writeUInt32LE(n, 0);
    out.writeUInt32LE(this.maxDepth, 4);
    let at = 8;
    for (const a of [this.firstChild, this.nextSibling, this.wordAt, this.char]) {
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
      at += a.byteLength;
    }
    return out;
  }

  /**
   * Reads `toBytes()` output at `at` (4-byte aligned in `buf`'s memory) without copying: the arrays
   * are views of `buf`. Returns the trie and where its bytes end.
   */
  static fromBytes(buf: Buffer, at: number): { trie: CompactTrie; end: number } {
    if ((buf.byteOffset + at) % 4 !== 0 || buf.length < at + 8) throw new Error('CompactTrie.fromBytes: misaligned or truncated');
    // `| 0`: readUInt32LE computes with doubles; a small integer keeps maxDepth's field a Smi, as in
    // tries built by fromSorted (one object shape for both, or V8 deoptimizes the walks between them).
    const n = buf.readUInt32LE(at) | 0;
    const maxDepth = buf.readUInt32LE(at + 4) | 0;
    const end = at + 8 + 12 * n + 4 * Math.ceil(n / 2);
    if (buf.length < end) throw new Error('CompactTrie.fromBytes: truncated');
    const base = buf.byteOffset + at + 8;
    const int32 = (i: number) => new Int32Array(buf.buffer, base + 4 * n * i, n);
    const trie = new CompactTrie(new Uint16Array(buf.buffer, base + 12 * n, n), int32(0), int32(1), int32(2), maxDepth);
    return { trie, end };
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

  /**
   * Words within Levenshtein distance `max` of `word` (insert, delete, substitute), in list order,
   * with their distances; the empty word never. Two arrays of small integers rather than objects:
   * the walk's code then sees one array shape only, and V8 keeps it optimized from call to call.
   */
  withinDistance(word: string, max: number): { index: number[]; distance: number[] } {
    const index: number[] = [];
    const distance: number[] = [];
    const width = word.length + 1;
    const codes = new Uint16Array(word.length);
    for (let j = 0; j < word.length; j++) codes[j] = word.charCodeAt(j);
    // Row d: the distances from the first d characters of the current path to each prefix of `word`.
    const rows = new Int32Array(width * (this.maxDepth + 1));
    for (let j = 0; j < width; j++) rows[j] = j;
    const stack: number[] = [];
    const depths: number[] = [];
    this.pushChildrenDescending(0, 1, stack, depths);
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
      const d = rows[row + width - 1]!;
      if (d <= max && this.wordAt[node]! >= 0) {
        index.push(this.wordAt[node]!);
        distance.push(d);
      }
      if (min <= max) this.pushChildrenDescending(node, depth + 1, stack, depths);
    }
    return { index, distance };
  }

  /**
   * Pushes a node's children last-first, so that they are popped first-first: a depth-first walk
   * then meets the words in list (sorted) order.
   */
  private pushChildrenDescending(node: number, depth: number, stack: number[], depths: number[]): void {
    const from = stack.length;
    for (let c = this.firstChild[node]!; c !== -1; c = this.nextSibling[c]!) {
      stack.push(c);
      depths.push(depth);
    }
    for (let i = from, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i]!;
      stack[i] = stack[j]!;
      stack[j] = t;
    }
  }

  /**
   * Scratch for `fuzzy`, kept between calls so a walk allocates (almost) nothing: state stamps for
   * deduplication (seen[k] === stamp when state k is in the set being built), the per-depth state
   * sets (level d at [d * width, d * width + count[d])), and the DFS stack.
   */
  private readonly seen = new Int32Array(65 * 64 * 4);
  private stamp = 0;
  private levels = new Int32Array(0);
  private levelCount = new Int32Array(0);
  private stackNodes = new Int32Array(256);
  private stackDepths = new Int32Array(256);

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
    // A path deeper than the term plus its edits has no state left (only insertions lengthen it).
    const depthLimit = Math.min(this.maxDepth, len + edits);
    // At most one state per (held, pos, edits left): the size of a level's slot.
    const width = (len + 1) * (len + 1) * (edits + 1);
    if (this.levels.length < width * (depthLimit + 1)) this.levels = new Int32Array(width * (depthLimit + 1));
    if (this.levelCount.length < depthLimit + 1) this.levelCount = new Int32Array(depthLimit + 1);
    const levels = this.levels;
    const count = this.levelCount;

    /** Adds a state to level `at` and those reachable by deleting characters; true when one can end the term. */
    const add = (at: number, held: number, pos: number, e: number): boolean => {
      let final = false;
      for (;;) {
        const k = ((held + 1) * 64 + pos) * 4 + e;
        if (seen[k] === this.stamp) return final;
        seen[k] = this.stamp;
        levels[at * width + count[at]!++] = k;
        const n = (held >= 0 ? 1 : 0) + len - pos;
        if (n === 0 || (n === 1 && e > 0)) final = true;
        if (e === 0 || n <= 1) return final;
        // Deleting the next character (the held one first) reads no input: the same node.
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
    /** Level `at` := the states after reading character c from level at - 1; true when the term can end there. */
    const step = (at: number, c: number): boolean => {
      count[at] = 0;
      fresh();
      let final = false;
      const from = (at - 1) * width;
      const end = from + count[at - 1]!;
      for (let i = from; i < end; i++) {
        const k = levels[i]!;
        const e = k & 3;
        const pos = (k >> 2) & 63;
        const held = (k >> 8) - 1;
        const n = (held >= 0 ? 1 : 0) + len - pos;
        // Keep the next character.
        if (n > 0 && (held >= 0 ? codes[held] : codes[pos]) === c) final = add(at, -1, held >= 0 ? pos : pos + 1, e) || final;
        if (e === 0) continue;
        // Insert any character; substitute the next one.
        final = add(at, held, pos, e - 1) || final;
        if (n > 0) final = add(at, -1, held >= 0 ? pos : pos + 1, e - 1) || final;
        // Transpose the next two: emit the second, keep the first in front of the rest.
        if (n > 1 && (held >= 0 ? codes[pos] : codes[pos + 1]) === c) final = (held >= 0 ? add(at, held, pos + 1, e - 1) : add(at, pos, pos + 2, e - 1)) || final;
      }
      return final;
    };
    /** Could a child with character c continue a state of level `at`? With no edits left, only the next characters can. */
    const canFollow = (at: number, c: number): boolean => {
      const from = at * width;
      const end = from + count[at]!;
      for (let i = from; i < end; i++) {
        const k = levels[i]!;
        if ((k & 3) > 0) return true;
        const pos = (k >> 2) & 63;
        const held = (k >> 8) - 1;
        if (held >= 0 ? codes[held] === c : pos < len && codes[pos] === c) return true;
      }
      return false;
    };

    let top = 0;
    const pushChildren = (node: number, depth: number) => {
      for (let c = this.firstChild[node]!; c !== -1; c = this.nextSibling[c]!) {
        if (!canFollow(depth, this.char[c]!)) continue;
        if (top === this.stackNodes.length) {
          const nodes = new Int32Array(top * 2);
          nodes.set(this.stackNodes);
          this.stackNodes = nodes;
          const depths = new Int32Array(top * 2);
          depths.set(this.stackDepths);
          this.stackDepths = depths;
        }
        this.stackNodes[top] = c;
        this.stackDepths[top++] = depth + 1;
      }
    };

    fresh();
    count[0] = 0;
    add(0, -1, 0, edits);
    pushChildren(0, 0);
    while (top > 0) {
      top--;
      const node = this.stackNodes[top]!;
      const depth = this.stackDepths[top]!;
      const final = step(depth, this.char[node]!);
      if (count[depth] === 0) continue;
      if (final && this.wordAt[node]! >= 0) out.push(this.wordAt[node]!);
      if (depth < depthLimit) pushChildren(node, depth);
    }
    return out.sort((a, b) => a - b);
  }
}
