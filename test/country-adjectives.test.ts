/** Countries named by their adjective next to a word for cities, in the seven languages (country-adjectives.ts). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSearch } from '../src/app.js';
import { loadContent } from '../src/content/loader.js';
import { countryAdjectives } from '../src/search/country-adjectives.js';
import { countryCode } from '../src/search/places.js';
import type { PracticeSearch } from '../src/search/practice-search.js';
import { ROOT } from './helpers/app.js';

let search: PracticeSearch;
beforeAll(() => {
  search = createSearch(loadContent(join(ROOT, 'content'))).search;
});
const countries = (q: string) => search.parse(q).filters.countries;

describe('country adjectives', () => {
  it('inflects each language’s adjective by gender, number and case', () => {
    const de = countryAdjectives('DE');
    for (const f of ['german', 'allemandes', 'alemanas', 'tedesche', 'deutschen', 'alemaes', 'німецьких']) expect(de, f).toContain(f);
    expect(countryAdjectives('ES')).toEqual(expect.arrayContaining(['spanish', 'espagnoles', 'espanola', 'spagnole', 'spanische', 'espanholas', 'іспанських']));
    expect(countryAdjectives('XX')).toEqual([]);
  });

  it('reads the current ISO code of a country CLDR also names by a retired one', () => {
    expect(countryCode('Germany')).toBe('DE');
    expect(countryCode('United Kingdom')).toBe('GB');
  });

  it('filters by the country when the adjective is next to a word for cities', () => {
    expect(countries('anti-rumour work in Spanish cities')).toEqual(['Spain']);
    expect(countries('deutsche Städte Integrationskonzept')).toEqual(['Germany']);
    expect(countries('città italiane e mediazione')).toEqual(['Italy']);
    expect(countries('стратегія в австралійських містах')).toEqual(['Australia']);
    expect(countries('villes suisses')).toEqual(['Switzerland']);
    expect(countries('ciudades alemanas')).toEqual(['Germany']);
    expect(search.parse('cidades portuguesas e acolhimento').terms).toEqual(['acolhimento']);
  });

  it('leaves a language or a cuisine alone', () => {
    expect(countries('Spanish courses for migrants')).toEqual([]);
    expect(countries('italienische Küche')).toEqual([]);
    expect(search.parse('Spanish courses for migrants').terms).toContain('spanish');
  });
});

describe('the glossary’s everyday words for people', () => {
  it('finds the health, housing and school practices by the people they involve', () => {
    const ids = (q: string, lang: string) => search.search(q, { limit: 3, lang }).hits.map((h) => h.practice.id);
    expect(ids('doctors and nurses who speak Arabic', 'en')).toContain('reggio-emilia-learn-arabic-health');
    expect(ids('Vermieter und Mieter', 'de')).toContain('bergen-housing-mix-neighbourhood-dialogue');
  });
});
