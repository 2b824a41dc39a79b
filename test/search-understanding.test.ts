/**
 * Issue 15 "Understanding": what a question means, beyond its words' stems. German compounds are
 * matched by their head, feminine nouns of person by their generic form; questions in parts ("A and
 * B") are answered part by part; glossary phrases hold their stop words; generic words (work as a verb,
 * support, municipal, multicultural) say nothing; Ukrainian request words are stopped whatever their case.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSearch } from '../src/app.js';
import { loadContent } from '../src/content/loader.js';
import { analyze, isStopword, modifierTokens } from '../src/search/analysis.js';
import { coverage, keepCovered } from '../src/search/relevance.js';
import type { PracticeSearch } from '../src/search/practice-search.js';
import { ROOT } from './helpers/app.js';

let search: PracticeSearch;
beforeAll(() => {
  search = createSearch(loadContent(join(ROOT, 'content'))).search;
});

const ids = (q: string, lang?: string, n = 3) => search.search(q, { limit: n, ...(lang ? { lang } : {}) }).hits.map((h) => h.practice.id);
const one = (lang: Parameters<typeof analyze>[0], w: string) => analyze(lang, w)[0];

describe('analysis', () => {
  it('gives a German feminine noun of person its generic form too', () => {
    expect(analyze('de', 'Migrantinnen')).toContain(one('de', 'Migranten'));
    expect(analyze('de', 'Migrantin')).toContain(one('de', 'Migrant'));
    expect(analyze('de', 'Gründerinnen')).toContain(one('de', 'Gründer'));
    // Not every word ending in -in.
    expect(analyze('de', 'Berlin')).toEqual([one('de', 'Berlin')]);
  });

  it('names a German compound’s modifiers, unless its head says nothing', () => {
    expect(modifierTokens('de', 'Integrationsrat')).toEqual([one('de', 'Integration')]);
    expect(modifierTokens('de', 'Sprachcafés')).toEqual([one('de', 'Sprache')]);
    // Stadt is a stop word: Einwanderung is what Einwanderungsstadt is about.
    expect(modifierTokens('de', 'Einwanderungsstadt')).toEqual([]);
    expect(modifierTokens('en', 'Integrationsrat')).toEqual([]);
  });

  it('keeps work (a job) apart from working (a working group)', () => {
    expect(one('en', 'working')).not.toBe(one('en', 'work'));
    expect(isStopword('work')).toBe(false);
    expect(isStopword('worked')).toBe(true);
  });

  it('stops generic words in every language, and Ukrainian request words in any case', () => {
    for (const w of ['support', 'apoio', 'Unterstützung', 'підтримка', 'municipaux', 'städtischen', 'multicultural', 'multikulturellen', 'verändern', 'при', 'міській', 'міськими', 'прикладами'])
      expect(isStopword(w), w).toBe(true);
    for (const w of ['рада', 'мовні', 'громадянство', 'cimetières']) expect(isStopword(w), w).toBe(false);
  });
});

describe('questions in parts', () => {
  it('numbers the parts a question’s and / or / und / et / y / та join', () => {
    expect(search.parse('Sprachcafés und Digitalisierung der Bürgerämter').segments).toEqual([0, 1, 1]);
    expect(search.parse('théâtre et taxe de séjour').segments).toEqual([0, 1, 1]);
    expect(search.parse('мовні курси та волонтери').segments).toEqual([0, 0, 1]);
    expect(search.parse('anti-rumour campaign').segments).toBeUndefined();
  });

  it('answers the part we have practices on and says which words found nothing', () => {
    const r = search.search('Sprachcafés und Digitalisierung der Bürgerämter', { limit: 3, lang: 'de' });
    expect(r.hits.map((h) => h.practice.id)).toContain('sabadell-catalan-language-pairs');
    expect(r.unmatched).toEqual(expect.arrayContaining(['digitalisierung']));
  });

  it('lets no stray match of a part nobody is about decide the ranking', () => {
    // "electrónica" is in a Siemens internship's summary: not a reason to put it first for refugee reception.
    const top = ids('acogida de refugiados y digitalización de la administración electrónica', 'es');
    expect(top).not.toContain('erlangen-siemens-refugee-internships');
    expect(top).toContain('botkyrka-intercultural-refugee-reception');
  });

  it('keeps a practice about one part next to those about the other', () => {
    // Cover per class: parts 0 (whole), 1 (word 0), 2 (word 1); doc 0 covers word 0, doc 1 word 1, doc 2 both.
    const hitDocs = Int32Array.from([0, 1, 2]);
    const masks = Uint32Array.from([1, 2, 3]);
    const strong = Uint32Array.from([1, 2, 3]);
    const cov = coverage(hitDocs, masks, strong, null, [4, 1], [3, 1, 2]);
    const keep = new Uint32Array(1);
    const weights = new Float64Array(3);
    // The whole question alone keeps doc 2 and doc 0 (4 of 5), not doc 1 (1 of 5).
    keepCovered(hitDocs, cov, [2, 4, 1], [true, false, false], keep, weights);
    expect(keep[0]).toBe(0b101);
    keep.fill(0);
    keepCovered(hitDocs, cov, [2, 4, 1], [true, true, true], keep, weights);
    expect(keep[0]).toBe(0b111);
    // Ranked by their share of the whole question's best cover: both parts first.
    expect(weights[2]).toBe(1);
    expect(weights[1]).toBeLessThan(weights[0]!);
  });

  it('does not answer a part that only a generic word of it matches', () => {
    for (const q of ['sequía y gestión del agua', 'ciclovias e mobilidade suave', 'scuolabus e trasporto scolastico', 'stationnement résidentiel et zones piétonnes'])
      expect(search.search(q, { limit: 3 }).total, q).toBe(0);
    // "climate change and migrants" still answers about migrants.
    expect(search.search('climate change and migrants', { limit: 3 }).total).toBeGreaterThan(0);
  });
});

describe('German compounds', () => {
  it('matches a compound by its head: Integrationsrat lists councils, not every practice on integration', () => {
    const r = search.search('Integrationsrat', { limit: 3, lang: 'de' });
    expect(r.total).toBeLessThan(30);
    expect(r.hits.map((h) => h.practice.id)).toEqual(expect.arrayContaining(['stuttgart-foreigners-council', 'limassol-intercultural-council']));
    expect(search.search('Integration', { limit: 3, lang: 'de' }).total).toBeGreaterThan(r.total);
  });

  it('looks a modifier up in the glossary when the word has no group: Gründungsberatung is entrepreneurship support', () => {
    const hits = search.search('Gründungsberatung für Migrantinnen und Migranten', { limit: 3, lang: 'de' }).hits;
    expect(hits[0]!.practice.areas).toContain('business-labour');
    expect(hits.map((h) => h.practice.id)).toContain('lisbon-deli-migrant-entrepreneurship-study');
  });

  it('reads „das Bild von Migration“ as the narrative about it', () => {
    expect(ids('wie kann eine Stadt sich als Einwanderungsstadt positionieren und das Bild von Migration verändern', 'de')).toContain('erlangen-immigration-city');
  });
});

describe('the question’s languages', () => {
  it('reads a word an English word shares its stem with as English: "climate adaptation plans" is not French', () => {
    // "adaptation" is in French summaries only, but "adapted" is English: climate stays English, and unmatched.
    const r = search.search('climate adaptation plans in intercultural cities', { limit: 3, lang: 'en' });
    expect(r.total).toBe(0);
    expect(r.unmatched).toContain('climate');
  });
});

describe('glossary phrases and generic words', () => {
  it('matches a phrase whose stop words the question drops: gens du voyage', () => {
    expect(ids('inclusion des Roms et des gens du voyage', 'fr')).toContain('dublin-intercultural-integration-strategy-2021');
  });

  it('does not answer a phrase from what its words matched alone (the per-word cache knows the phrase)', () => {
    const fresh = createSearch(loadContent(join(ROOT, 'content'))).search;
    const before = fresh.search('inclusion des Roms et des gens du voyage', { limit: 5, lang: 'fr' }).hits.map((h) => h.practice.id);
    const cold = createSearch(loadContent(join(ROOT, 'content'))).search;
    // "gens" and "voyage" asked alone first: their matches are cached without the phrase's meaning.
    cold.search('gens', { limit: 5, lang: 'fr' });
    cold.search('voyage', { limit: 5, lang: 'fr' });
    expect(cold.search('inclusion des Roms et des gens du voyage', { limit: 5, lang: 'fr' }).hits.map((h) => h.practice.id)).toEqual(before);
  });

  it('counts a glossary phrase’s words as one thing asked about: "asylum seekers" does not carry "free transport passes"', () => {
    const r = search.search('free public transport passes for asylum seekers?', { limit: 3, lang: 'en' });
    expect(r.total).toBe(0);
    expect(r.unmatched).toContain('transport');
    expect(search.search('language courses for asylum seekers', { limit: 3, lang: 'en' }).total).toBeGreaterThan(0);
  });

  it('finds employment practices for "getting refugees into work"', () => {
    const hits = search.search('getting refugees into work - what worked elsewhere?', { limit: 3, lang: 'en' }).hits;
    expect(hits.filter((h) => h.practice.areas.includes('business-labour')).length).toBeGreaterThanOrEqual(2);
  });

  it('reads the decisive words past generic ones (municipal, multicultural, при міській) and in their singular', () => {
    expect(ids('inhumation des musulmans dans les cimetières municipaux', 'fr')).toContain('neuchatel-foreigners-office-mediation');
    expect(ids('консультативна рада іноземців при міській раді', 'uk')).toEqual(expect.arrayContaining(['stuttgart-foreigners-council', 'limassol-intercultural-council']));
    expect(ids('Platzgestaltung mit Bürgerbeteiligung in einem multikulturellen Viertel', 'de')).toContain('rotterdam-afrikaanderplein');
    expect(ids('exemplos de Portugal sobre empreendedorismo jovem', 'pt')).toEqual(expect.arrayContaining(['cascais-dna-incubator']));
    // Front-desk services (atendimento, Anlaufstelle, help desk): a one-stop centre.
    expect(ids('atendimento em português para brasileiros no Japão', 'pt')).toContain('hamamatsu-one-stop-consultation');
  });
});

describe('coverage of glossary phrases and summary-only matches', () => {
  // Two words of one phrase (bits 0 and 1) and a third word (bit 2).
  const hitDocs = Int32Array.from([0, 1]);
  const masks = Uint32Array.from([0b001, 0b011]);
  const strong = Uint32Array.from([0b001, 0b011]);

  it('gives half a phrase no credit', () => {
    const plain = coverage(hitDocs, masks, strong, null, [1, 1, 1], [0b111], [0.5, 0.5, 1]);
    expect(plain.best[0]).toBe(2);
    const judged = coverage(hitDocs, masks, strong, null, [1, 1, 1], [0b111], [0.5, 0.5, 1], { phrases: [0b011], namedOnly: false });
    expect([...judged.coverOf.slice(0, 2)]).toEqual([0, 2]);
    expect(judged.bestWords[0]).toBe(1);
  });

  it('halves the words of a practice that names none of them outside its summary', () => {
    const weakOnly = Uint32Array.from([0, 0]);
    expect(coverage(hitDocs, masks, weakOnly, null, [1, 1, 1], [0b111]).bestWords[0]).toBe(1);
    expect(coverage(hitDocs, masks, weakOnly, null, [1, 1, 1], [0b111], undefined, { phrases: [], namedOnly: true }).bestWords[0]).toBe(0.5);
  });
});
