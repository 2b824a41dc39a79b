import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadContent } from '../src/content/loader.js';
import { createSearch } from '../src/app.js';
import type { PracticeSearch } from '../src/search/practice-search.js';
import { stemIn } from '../src/search/language-stems.js';
import { ROOT } from './helpers/app.js';

let search: PracticeSearch;
beforeAll(() => {
  search = createSearch(loadContent(join(ROOT, 'content'))).search;
});

const ids = (q: string, lang?: string) => search.search(q, { limit: 10, ...(lang ? { lang } : {}) }).hits.map((h) => h.practice.id);

describe('per-language stemming of queries (lunr-languages)', () => {
  it('stems with each language’s own stemmer', () => {
    expect(stemIn('es', 'mediación')).toBe(stemIn('es', 'mediaciones'));
    expect(stemIn('fr', 'quartiers')).toBe(stemIn('fr', 'quartier'));
    expect(stemIn('de', 'Stadtteilen')).toBe(stemIn('de', 'Stadtteil'));
    expect(stemIn('pt', 'bairros')).toBe(stemIn('pt', 'bairro'));
  });

  it('an inflected word in the user’s language finds what its dictionary form finds', () => {
    // Neither word is in the corpus or the glossary as typed; their own language's stem links them.
    // Without the user's language, "mediadoras" (plain letters, no translation writes it so) is read as
    // English: only typo tolerance reaches mediators, never another language's stem.
    const plain = search.search('mediadoras', { limit: 10 }).hits.map((h) => h.practice);
    expect(plain.length).toBeLessThan(ids('mediadoras', 'es').length);
    for (const p of plain) expect(`${p.title} ${p.keywords.join(' ')}`).toMatch(/mediat/i);
    // "Gerüchten" shows its language by its letters: the same with the user's language or without.
    const es = search.search('mediadoras', { limit: 3, lang: 'es' }).hits.map((h) => h.practice);
    expect(es).toHaveLength(3);
    for (const p of es) expect(`${p.title} ${p.keywords.join(' ')}`).toMatch(/media/i);
    expect(ids('Gerüchten')).toEqual(ids('Gerüchten', 'de'));
    const de = search.search('Gerüchten', { limit: 3, lang: 'de' }).hits.map((h) => h.practice);
    expect(de).toHaveLength(3);
    for (const p of de) expect(`${p.title} ${p.keywords.join(' ')}`).toMatch(/rumou?r/i);
  });

  it('queries in six languages find the expected practices', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['it', 'mediazione interculturale nei quartieri', /mediat/i],
      ['es', 'campañas antirrumores', /rumou?r/i],
      ['fr', 'accueil des nouveaux arrivants', /newcomer|welcom|arriv/i],
      ['de', 'Mediation in Stadtteilen', /mediat/i],
      ['pt', 'acolhimento de recém-chegados', /newcomer|welcom|arriv|acolh/i],
      ['uk', 'медіація в районах', /mediat/i],
    ];
    for (const [lang, q, re] of cases) {
      const top = search.search(q, { limit: 3, lang }).hits.map((h) => h.practice);
      expect(top.length, `${lang}: ${q}`).toBeGreaterThan(0);
      expect(re.test(`${top[0]!.title} ${top[0]!.keywords.join(' ')} ${top[0]!.summary}`), `${lang}: ${q} -> ${top[0]!.title}`).toBe(true);
    }
  });

  it('English queries are unchanged by the language option', () => {
    expect(ids('anti-rumour campaign', 'en')).toEqual(ids('anti-rumour campaign'));
  });
});
