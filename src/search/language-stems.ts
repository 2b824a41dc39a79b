/**
 * Per-language stemming for queries. Practices are written in English and keep original-language
 * keywords ("antirumores", "mediazione", "nuovi arrivati"); the index stems everything with lunr's
 * English stemmer. A query typed in Italian is stemmed with the Italian stemmer (lunr-languages) and
 * matched against the corpus and glossary words that share that stem ("quartieri" finds "quartiere",
 * "mediazioni" finds "mediazione"); those words then go through the normal English pipeline, so the
 * index itself stays as it is. Ukrainian and Catalan have no lunr stemmer: only folded forms match.
 */
import { createRequire } from 'node:module';
import lunr from 'lunr';
import { fold } from './text.js';

const require = createRequire(import.meta.url);

/** Languages with a lunr-languages stemmer used here (ja has no stemmer: its words match as typed). */
export const STEMMED_LANGUAGES = ['it', 'es', 'fr', 'de', 'pt', 'no'] as const;
type StemmedLanguage = (typeof STEMMED_LANGUAGES)[number];

type LunrWithLanguages = typeof lunr & Record<StemmedLanguage, { stemmer: (token: lunr.Token) => lunr.Token }>;

let loaded: LunrWithLanguages | undefined;
function languages(): LunrWithLanguages {
  if (!loaded) {
    // lunr-languages are CommonJS plug-ins that add lunr.<lang> to the lunr object they are given.
    require('lunr-languages/lunr.stemmer.support')(lunr);
    for (const lang of STEMMED_LANGUAGES) require(`lunr-languages/lunr.${lang}`)(lunr);
    loaded = lunr as LunrWithLanguages;
  }
  return loaded;
}

export function isStemmed(lang: string | undefined): lang is StemmedLanguage {
  return (STEMMED_LANGUAGES as readonly string[]).includes(lang ?? '');
}

export function stemIn(lang: StemmedLanguage, word: string): string {
  return languages()[lang].stemmer(new lunr.Token(fold(word), {})).toString();
}

/** For each language, stem -> the corpus words with that stem; built on first use of a language. */
export class LanguageStems {
  private readonly tables = new Map<StemmedLanguage, Map<string, string[]>>();

  constructor(private readonly vocabulary: () => Iterable<string>) {}

  /** Corpus words that share a stem with `term` in `lang` (the term itself excluded). */
  related(lang: string | undefined, term: string): string[] {
    if (!isStemmed(lang) || term.length < 4) return [];
    let table = this.tables.get(lang);
    if (!table) {
      table = new Map();
      for (const w of this.vocabulary()) {
        if (w.length < 4) continue;
        const s = stemIn(lang, w);
        const list = table.get(s);
        if (list) list.push(w);
        else table.set(s, [w]);
      }
      this.tables.set(lang, table);
    }
    return (table.get(stemIn(lang, term)) ?? []).filter((w) => w !== term).slice(0, 8);
  }
}
