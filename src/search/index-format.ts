/** The search index's file format: serialising a SearchIndex (engine.ts) to bytes and reading it back. */
import { CompactTrie } from './compact-trie.js';
import type { FieldDef, IndexParts } from './index-types.js';

const MAGIC = 'ICCSIDX1';
/** 2: the tries (typo expansion, word lists) are stored after the postings. */
const FORMAT = 2;

/**
 * The index as bytes: a JSON header, then the typed arrays (postings, then the tries), then refs,
 * terms, meta and the word lists as JSON.
 */
export function serializeIndex(p: IndexParts): Buffer {
  const refs = Buffer.from(JSON.stringify(p.refs));
  const terms = Buffer.from(JSON.stringify(p.terms));
  const meta = Buffer.from(JSON.stringify(p.meta ?? null));
  const listNames = [...p.wordLists.keys()];
  const lists = Buffer.from(JSON.stringify(listNames.map((n) => p.wordLists.get(n)!.words)));
  const tries = [p.typoTrie, ...listNames.map((n) => p.wordLists.get(n)!.trie)].map((t) => t.toBytes());
  const header = Buffer.from(
    JSON.stringify({
      format: FORMAT,
      fields: p.fields,
      pipeline: p.pipelineLabels,
      searchPipeline: p.searchPipelineLabels,
      docs: p.refs.length,
      terms: p.terms.length,
      postings: p.docs.length,
      refsBytes: refs.length,
      termsBytes: terms.length,
      metaBytes: meta.length,
      triesBytes: tries.reduce((n, t) => n + t.length, 0),
      listNames,
      listsBytes: lists.length,
    }),
  );
  const headLen = 8 + 4 + header.length;
  const pad = (4 - (headLen % 4)) % 4;
  const prefix = Buffer.alloc(headLen + pad);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.length, 8);
  header.copy(prefix, 12);
  const bytes = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([prefix, bytes(p.offsets), bytes(p.docs), bytes(p.weights), ...tries, refs, terms, meta, lists]);
}

/** Reads `serialize()` output; throws on anything else (callers rebuild). */
export function loadIndexParts(input: Buffer): IndexParts {
  if (input.length < 12 || input.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a search index');
  const headerLen = input.readUInt32LE(8);
  const h = JSON.parse(input.toString('utf8', 12, 12 + headerLen)) as {
    format: number;
    fields: FieldDef[];
    pipeline: string[];
    searchPipeline: string[];
    docs: number;
    terms: number;
    postings: number;
    refsBytes: number;
    termsBytes: number;
    metaBytes: number;
    triesBytes: number;
    listNames: string[];
    listsBytes: number;
  };
  if (h.format !== FORMAT) throw new Error(`search index format ${h.format}, expected ${FORMAT}`);
  let at = 12 + headerLen;
  at += (4 - (at % 4)) % 4;
  const slots = h.terms * h.fields.length;
  const expected = at + 4 * (slots + 1 + 2 * h.postings) + h.triesBytes + h.refsBytes + h.termsBytes + h.metaBytes + h.listsBytes;
  if (input.length !== expected) throw new Error('search index is truncated');
  // Typed-array views need 4-byte alignment; a pooled Buffer may not give it.
  const buf = input.byteOffset % 4 === 0 ? input : Buffer.from(input);
  const u32 = (n: number) => {
    const a = new Uint32Array(buf.buffer, buf.byteOffset + at, n);
    at += 4 * n;
    return a;
  };
  const offsets = u32(slots + 1);
  const docs = u32(h.postings);
  const weights = u32(h.postings);
  const tries: CompactTrie[] = [];
  const triesEnd = at + h.triesBytes;
  for (let i = 0; i <= h.listNames.length; i++) {
    const read = CompactTrie.fromBytes(buf, at);
    tries.push(read.trie);
    at = read.end;
  }
  if (at !== triesEnd) throw new Error('search index is inconsistent');
  const refs = JSON.parse(buf.toString('utf8', at, at + h.refsBytes)) as string[];
  at += h.refsBytes;
  const terms = JSON.parse(buf.toString('utf8', at, at + h.termsBytes)) as string[];
  at += h.termsBytes;
  const meta = JSON.parse(buf.toString('utf8', at, at + h.metaBytes)) as unknown;
  at += h.metaBytes;
  const lists = JSON.parse(buf.toString('utf8', at, at + h.listsBytes)) as string[][];
  if (refs.length !== h.docs || terms.length !== h.terms || offsets[slots] !== h.postings || lists.length !== h.listNames.length) {
    throw new Error('search index is inconsistent');
  }
  const wordLists = new Map(h.listNames.map((name, i) => [name, { words: lists[i]!, trie: tries[i + 1]! }]));
  return { fields: h.fields, refs, terms, offsets, docs, weights, pipelineLabels: h.pipeline, searchPipelineLabels: h.searchPipeline, meta, typoTrie: tries[0]!, wordLists };
}
