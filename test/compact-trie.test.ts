/**
 * The explicit trie's walks give what they replace: lunr's fuzzy automaton intersected with the word
 * list (TokenSet.fromFuzzyString), and every word within an edit distance (a plain Levenshtein scan).
 */
import fc from 'fast-check';
import lunr from 'lunr';
import { describe, expect, it } from 'vitest';
import { CompactTrie } from '../src/search/compact-trie.js';

interface TokenSetLike {
  intersect(b: unknown): { toArray(): string[] };
}
const TokenSet = lunr.TokenSet as unknown as { fromArray(a: string[]): TokenSetLike; fromFuzzyString(s: string, d: number): unknown };

/** lunr's answer: the words its fuzzy automaton accepts. */
function lunrFuzzy(words: string[], term: string, edits: number): string[] {
  return TokenSet.fromArray(words.filter((w) => w !== ''))
    .intersect(TokenSet.fromFuzzyString(term, edits))
    .toArray()
    .sort();
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

const sortedSet = (ws: string[]) => [...new Set(ws)].sort();
// A small alphabet makes near-misses (and transpositions) common.
const word = fc.string({ unit: fc.constantFrom(...'abcdé'), minLength: 0, maxLength: 7 });

describe('CompactTrie', () => {
  it('accepts exactly the words lunr’s fuzzy automaton accepts', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), word, fc.integer({ min: 0, max: 2 }), (list, term, edits) => {
        const words = sortedSet(list);
        const trie = CompactTrie.fromSorted(words);
        const ours = trie.fuzzy(term, edits).map((i) => words[i]!);
        expect(ours.sort()).toEqual(lunrFuzzy(words, term, edits));
      }),
      { numRuns: 300 },
    );
  });

  it('handles transpositions, deletions at the end and insertions as lunr does (fixed cases)', () => {
    const words = sortedSet(['mediation', 'meditation', 'median', 'mediaton', 'ab', 'ba', 'abc', 'bac', 'bca', 'a', 'b', 'abcd', 'acbd', 'x']);
    const trie = CompactTrie.fromSorted(words);
    for (const [term, edits] of [['mediaton', 1], ['mediaton', 2], ['ab', 1], ['abc', 2], ['abcd', 1], ['ba', 2], ['x', 1]] as const) {
      const ours = trie.fuzzy(term, edits).map((i) => words[i]!);
      expect(ours.sort(), `${term}~${edits}`).toEqual(lunrFuzzy(words, term, edits));
    }
  });

  it('finds every word within an edit distance, with the distance, never the empty word', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), word, fc.integer({ min: 0, max: 2 }), (list, term, max) => {
        const words = sortedSet(['', ...list]);
        const trie = CompactTrie.fromSorted(words);
        const within = words.flatMap((w, index) => (w !== '' && levenshtein(w, term) <= max ? [index] : []));
        expect(trie.withinDistance(term, max)).toEqual({ index: within, distance: within.map((i) => levenshtein(words[i]!, term)) });
      }),
      { numRuns: 300 },
    );
  });

  it('shares prefixes: one node per distinct prefix', () => {
    expect(CompactTrie.fromSorted(['ab', 'abc', 'abd', 'b']).nodes).toBe(6);
  });

  it('reads back from its bytes (as stored in the index file) and answers the same', () => {
    const words = sortedSet(['mediation', 'meditation', 'median', 'migrant', 'migrants', 'école', 'zürich', 'a']);
    const built = CompactTrie.fromSorted(words);
    const bytes = built.toBytes();
    expect(bytes.length % 4).toBe(0);
    // After a 4-byte prefix, as in the index file, and followed by other data.
    const file = Buffer.concat([Buffer.alloc(4, 7), bytes, Buffer.from('rest')]);
    const { trie, end } = CompactTrie.fromBytes(file, 4);
    expect(end).toBe(4 + bytes.length);
    expect(trie.nodes).toBe(built.nodes);
    for (const [term, edits] of [['mediaton', 1], ['migrnts', 2], ['ecole', 1], ['zurich', 1]] as const) {
      expect(trie.fuzzy(term, edits), term).toEqual(built.fuzzy(term, edits));
      expect(trie.withinDistance(term, 2), term).toEqual(built.withinDistance(term, 2));
    }
    expect(trie.fuzzy('migrnts', 2).map((i) => words[i])).toContain('migrants');
    expect(() => CompactTrie.fromBytes(file, 2)).toThrow(/misaligned/);
    expect(() => CompactTrie.fromBytes(file.subarray(0, 20), 4)).toThrow(/truncated/);
  });

  it('refuses an unsorted or repeated list', () => {
    expect(() => CompactTrie.fromSorted(['b', 'a'])).toThrow(/sorted/);
    expect(() => CompactTrie.fromSorted(['a', 'a'])).toThrow(/sorted/);
  });
});
