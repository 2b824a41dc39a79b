/** The practice index's fields (names, boosts, groups) and format version. */
import { SEARCH_LANGS, type SearchLang } from './analysis.js';

/** Bump when the document shape or pipeline changes, so cached indexes are rebuilt. */
export const INDEX_FORMAT = 9;

/**
 * Fields. Keywords, areas, city and country are shared by every language (their words are analysed
 * in every language of their script); title and summary exist once per language, each analysed in
 * its own language (the English entry: `title`, `summary`; a translation: `title_fr`, `summary_fr`).
 */
export const BOOSTS = { title: 8, keywords: 6, areas: 3, city: 4, country: 2, summary: 1 } as const;
export const SHARED_FIELDS = ['keywords', 'areas', 'city', 'country'] as const;
export const TRANSLATED = SEARCH_LANGS.filter((l) => l !== 'en');
export const FIELDS = [
  ...Object.entries(BOOSTS).map(([name, boost]) => ({ name, boost })),
  ...TRANSLATED.flatMap((l) => [
    { name: `title_${l}`, boost: BOOSTS.title },
    { name: `summary_${l}`, boost: BOOSTS.summary },
  ]),
];
/** The fields a token of a language is looked for in. */
export const FIELDS_OF: Record<SearchLang, string[]> = Object.fromEntries(
  SEARCH_LANGS.map((l) => [l, [...SHARED_FIELDS, ...(l === 'en' ? ['title', 'summary'] : [`title_${l}`, `summary_${l}`])]]),
) as Record<SearchLang, string[]>;
/** Shared fields add up; of the languages' own fields only the best language counts (group per language). */
export const FIELD_GROUPS = Uint8Array.from(FIELDS.map((f) => {
  if ((SHARED_FIELDS as readonly string[]).includes(f.name)) return 0;
  const lang = f.name.includes('_') ? f.name.split('_')[1]! : 'en';
  return 1 + SEARCH_LANGS.indexOf(lang as SearchLang);
}));
/** Words are analysed before indexing (analysis.ts): the index's own pipelines are empty. */
export const INDEX_PIPELINE: string[] = [];
export const SEARCH_PIPELINE: string[] = [];
/** Fields whose words say what a practice is about (titles in every language, keywords, areas, place). */
export const STRONG_FIELDS = Uint8Array.from(FIELDS.map((f) => (f.name.startsWith('summary') ? 0 : 1)));
