/** "Did you mean" words for a question nothing answered: title and keyword words close to its words. */
import type { WordList } from './index-types.js';

/** Up to three corpus words close to the terms, closest first (found by walking the list's trie, pruned where no prefix can be close). */
export function suggestWords(corpus: WordList, terms: readonly string[]): string[] {
  const { words, trie } = corpus;
  const scored: Array<{ w: string; d: number }> = [];
  for (const t of terms) {
    if (t.length < 4) continue;
    // Two edits only in a long word: "road" is two from "abroad" and "board".
    const near = trie.withinDistance(t, t.length >= 7 ? 2 : 1);
    for (let i = 0; i < near.index.length; i++) {
      const w = words[near.index[i]!]!;
      if (w !== t) scored.push({ w, d: near.distance[i]! });
    }
  }
  scored.sort((a, b) => a.d - b.d || a.w.localeCompare(b.w));
  return [...new Set(scored.map((s) => s.w))].slice(0, 3);
}
