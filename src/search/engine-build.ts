/** Building a SearchIndex (engine.ts): lunr's tokens and BM25 weights, laid out as typed-array postings. */
import { CompactTrie } from './compact-trie.js';
import type { FieldDef, IndexDoc, IndexOptions, IndexParts, WordList } from './index-types.js';
import { pipelineOf, runPipeline } from './lunr-pipeline.js';

const K1 = 1.2;
const B = 0.75;

/** The parts of a new index (SearchIndex.build). */
export function buildIndexParts(fields: readonly FieldDef[], docs: Iterable<IndexDoc>, opts: IndexOptions = {}): IndexParts {
  const pipelineLabels = opts.pipeline ?? ['trimmer', 'stemmer'];
  const searchPipelineLabels = opts.searchPipeline ?? ['stemmer'];
  const pipeline = pipelineOf(pipelineLabels);
  const F = fields.length;

  // Terms get provisional ids in order of appearance; the pipeline runs once per distinct word.
  const termId = new Map<string, number>();
  const termList: string[] = [];
  const memo = new Map<string, number[]>();
  const idsOf = (word: string): number[] => {
    let ids = memo.get(word);
    if (ids === undefined) {
      ids = runPipeline(pipeline, String(word).toLowerCase()).map((t) => {
        let id = termId.get(t);
        if (id === undefined) {
          id = termList.length;
          termId.set(t, id);
          termList.push(t);
        }
        return id;
      });
      memo.set(word, ids);
    }
    return ids;
  };

  const refs: string[] = [];
  const fieldLength: number[] = [];
  const entryStart: number[] = [0];
  let entryTerm = new Int32Array(1 << 16);
  let entryTf = new Int32Array(1 << 16);
  let entries = 0;
  let df = new Int32Array(1 << 12);
  let counts = new Int32Array(1 << 12);
  const touched: number[] = [];

  for (const doc of docs) {
    refs.push(doc.ref);
    for (let f = 0; f < F; f++) {
      const ws = doc.fields[f] ?? [];
      let len = 0;
      touched.length = 0;
      for (const w of ws) {
        for (const id of idsOf(w)) {
          if (id >= counts.length) {
            const grown = new Int32Array(Math.max(id + 1, counts.length * 2));
            grown.set(counts);
            counts = grown;
          }
          len++;
          const c = counts[id]!;
          if (c === 0) touched.push(id);
          counts[id] = c + 1;
        }
      }
      fieldLength.push(len);
      if (entries + touched.length > entryTerm.length) {
        const size = Math.max(entries + touched.length, entryTerm.length * 2);
        const t = new Int32Array(size);
        t.set(entryTerm);
        entryTerm = t;
        const c = new Int32Array(size);
        c.set(entryTf);
        entryTf = c;
      }
      if (termList.length > df.length) {
        const grown = new Int32Array(Math.max(termList.length, df.length * 2));
        grown.set(df);
        df = grown;
      }
      for (const id of touched) {
        entryTerm[entries] = id;
        entryTf[entries] = counts[id]!;
        entries++;
        df[id] = df[id]! + 1;
        counts[id] = 0;
      }
      entryStart.push(entries);
    }
  }

  const N = refs.length;
  const avg = new Float64Array(F);
  for (let d = 0; d < N; d++) for (let f = 0; f < F; f++) avg[f] = avg[f]! + fieldLength[d * F + f]!;
  for (let f = 0; f < F; f++) avg[f] = avg[f]! / N;

  // Final term ids: sorted order, so prefixes are ranges and the term list is the trie.
  const order = termList.map((_, i) => i).sort((a, b) => (termList[a]! < termList[b]! ? -1 : termList[a]! > termList[b]! ? 1 : 0));
  const rank = new Int32Array(termList.length);
  order.forEach((tmp, r) => (rank[tmp] = r));
  const terms = order.map((i) => termList[i]!);
  const idf = new Float64Array(termList.length);
  for (let i = 0; i < termList.length; i++) {
    const x = (N - df[i]! + 0.5) / (df[i]! + 0.5);
    idf[i] = Math.log(1 + Math.abs(x));
  }

  const slots = terms.length * F;
  const offsets = new Uint32Array(slots + 1);
  for (let d = 0; d < N; d++)
    for (let f = 0; f < F; f++)
      for (let e = entryStart[d * F + f]!; e < entryStart[d * F + f + 1]!; e++) offsets[rank[entryTerm[e]!]! * F + f + 1]!++;
  for (let s = 0; s < slots; s++) offsets[s + 1]! += offsets[s]!;
  const cursor = offsets.slice(0, slots);
  const postDocs = new Uint32Array(entries);
  const postWeights = new Uint32Array(entries);
  for (let d = 0; d < N; d++) {
    for (let f = 0; f < F; f++) {
      const fieldBoost = fields[f]!.boost || 1;
      const len = fieldLength[d * F + f]!;
      for (let e = entryStart[d * F + f]!; e < entryStart[d * F + f + 1]!; e++) {
        const tmp = entryTerm[e]!;
        const tf = entryTf[e]!;
        // lunr.Builder#createFieldVectors, operation for operation (document boost is 1).
        let score = (idf[tmp]! * ((K1 + 1) * tf)) / (K1 * (1 - B + B * (len / avg[f]!)) + tf);
        score *= fieldBoost;
        const slot = rank[tmp]! * F + f;
        const at = cursor[slot]!++;
        postDocs[at] = d;
        postWeights[at] = Math.round(score * 1000);
      }
    }
  }
  const wordLists = new Map<string, WordList>();
  for (const [name, list] of Object.entries(opts.wordLists ?? {})) {
    const words = [...new Set(list)].sort();
    wordLists.set(name, { words, trie: CompactTrie.fromSorted(words) });
  }
  return { fields, refs, terms, offsets, docs: postDocs, weights: postWeights, pipelineLabels, searchPipelineLabels, meta: opts.meta ?? null, typoTrie: CompactTrie.fromSorted(terms), wordLists };
}
