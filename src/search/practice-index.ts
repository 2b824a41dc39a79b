/** The practice index: practices' analysed fields, the index built from them, its cache key and stored extras. */
import { createHash } from 'node:crypto';
import lunr from 'lunr';
import { CompactTrie } from './compact-trie.js';
import { SearchIndex, type IndexDoc, type WordList } from './engine.js';
import type { AreaId, Practice } from '../content/schemas.js';
import { practicesDigest } from '../content/loader.js';
import { fold, words } from './text.js';
import { analyze, analyzeAll, analyzeText, rawWords, type SearchLang } from './analysis.js';
import { FIELDS, INDEX_FORMAT, INDEX_PIPELINE, SEARCH_PIPELINE, TRANSLATED } from './search-fields.js';

/** Words of each area (id and names in every language), computed once per index build. */
function areaWordsOf(areaNames: Map<AreaId, string[]>): (a: AreaId) => string[] {
  const cache = new Map<AreaId, string[]>();
  return (a) => {
    let w = cache.get(a);
    if (!w) cache.set(a, (w = [...rawWords(a.replace(/-/g, ' ')), ...(areaNames.get(a) ?? []).flatMap((n) => rawWords(n))].flatMap(analyzeAll)));
    return w;
  };
}

/** Keywords and place names: mostly English, some in their own language: the English stem and the folded word. */
const enAndRaw = (text: string) => rawWords(text).flatMap((w) => [...new Set([...analyze('en', w), fold(w)])]);

/** A practice's fields, analysed, in FIELDS order. */
function docFields(p: Practice, areaWords: (a: AreaId) => string[]): string[][] {
  const fields: string[][] = [
    analyzeText('en', p.title),
    p.keywords.flatMap(enAndRaw),
    p.areas.flatMap((a) => areaWords(a)),
    enAndRaw(p.city),
    enAndRaw(p.country),
    analyzeText('en', p.summary),
  ];
  for (const l of TRANSLATED) {
    const t = p.translations?.[l];
    fields.push(t ? analyzeText(l, t.title) : [], t ? analyzeText(l, t.summary) : []);
  }
  return fields;
}

function* indexDocs(practices: Practice[], areaNames: Map<AreaId, string[]>): Generator<IndexDoc> {
  const areaWords = areaWordsOf(areaNames);
  for (const p of practices) yield { ref: p.id, fields: docFields(p, areaWords) };
}

export function corpusHash(practices: Practice[], areaNames: Map<AreaId, string[]>): string {
  const h = createHash('sha256');
  h.update(String(INDEX_FORMAT));
  // The loader's hash of the practice files as read, when these are the practices it returned
  // (10x cheaper than serializing 10k practices again); otherwise one practice at a time.
  const digest = practicesDigest(practices);
  if (digest) h.update(`files:${digest}`);
  else for (const p of practices) h.update(JSON.stringify(p)).update('\n');
  // Translations are added after loading: hashed apart (the files' digest does not cover them).
  if (digest) for (const p of practices) if (p.translations) h.update(p.id).update(JSON.stringify(p.translations));
  h.update(JSON.stringify([...areaNames.entries()]));
  return h.digest('hex').slice(0, 16);
}

/** The index's word list of suggestion words. */
export const SUGGESTION_WORDS = 'suggestions';

/** The practice index. */
export function buildSearchIndex(practices: Practice[], areaNames: Map<AreaId, string[]>): SearchIndex {
  // The words "did you mean" suggests from (title and keyword words of 4+ letters, folded) travel
  // with the index, trie included, so a start-up never derives them.
  const wordLists = { [SUGGESTION_WORDS]: corpusWordsOf(practices) };
  const meta: IndexMeta = { langWords: langWordsOf(practices) };
  return SearchIndex.build(FIELDS, indexDocs(practices, areaNames), { pipeline: INDEX_PIPELINE, searchPipeline: SEARCH_PIPELINE, wordLists, meta });
}

/** What the practice index stores besides the postings. */
export interface IndexMeta {
  /** Per translated language, its words (folded, as written) that no English title or summary has. */
  langWords: Partial<Record<SearchLang, string[]>>;
}

/**
 * The words that say a query word is in a translated language: the words of that language's titles
 * and summaries, folded, that no English title or summary uses ("mediazione", "antirrumores",
 * "Flüchtlingen"; not "migrants" or "integration", which English shares).
 */
export function langWordsOf(practices: Practice[]): Partial<Record<SearchLang, string[]>> {
  const english = new Set<string>();
  const seenTitles = new Set<string>();
  for (const p of practices) for (const w of words(`${p.title} ${p.summary}`)) english.add(w);
  // A word whose English stem an English word has is English too ("adaptation" next to "adapted"):
  // it shows no other language, or "climate adaptation plans" would be read as French (climat).
  const englishStems = new Set<string>();
  for (const w of english) englishStems.add(analyze('en', w)[0] ?? w);
  const out: Partial<Record<SearchLang, string[]>> = {};
  for (const l of TRANSLATED) {
    if (l === 'uk') continue; // Cyrillic words are Ukrainian by their script.
    const set = new Set<string>();
    seenTitles.clear();
    for (const p of practices) {
      const t = p.translations?.[l];
      // Synthetic corpora repeat translations: each distinct text once.
      if (!t || seenTitles.has(t.title + t.summary)) continue;
      seenTitles.add(t.title + t.summary);
      for (const w of words(`${t.title} ${t.summary}`)) if (w.length >= 3 && !english.has(w) && !englishStems.has(analyze('en', w)[0] ?? w) && !/^\d+$/.test(w)) set.add(w);
    }
    out[l] = [...set].sort();
  }
  return out;
}

/**
 * The same index as a plain lunr.Index, fed the same analysed words (slow at scale; kept as the
 * reference the tests compare the engine with, on lunr's own scoring: no field groups).
 */
export function buildLunrIndex(practices: Practice[], areaNames: Map<AreaId, string[]>): lunr.Index {
  const areaWords = areaWordsOf(areaNames);
  return lunr(function () {
    this.ref('id');
    for (const f of FIELDS) this.field(f.name, { boost: f.boost });
    this.pipeline.reset();
    this.searchPipeline.reset();
    for (const p of practices) {
      const fields = docFields(p, areaWords);
      this.add(Object.fromEntries([['id', p.id], ...FIELDS.map((f, i) => [f.name, fields[i]!])]));
    }
  });
}

export function wordListOf(sortedWords: string[]): WordList {
  return { words: sortedWords, trie: CompactTrie.fromSorted(sortedWords) };
}

export function corpusWordsOf(practices: Practice[]): string[] {
  const vocabWords = new Set<string>();
  for (const p of practices) for (const w of [...words(p.title), ...p.keywords.flatMap((k) => words(k))]) if (w.length >= 4) vocabWords.add(w);
  return [...vocabWords].sort();
}
