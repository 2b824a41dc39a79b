/**
 * Fixes of issue 15's fourth round, each pinned by a question that failed before: Ukrainian nouns in
 * -ість and nouns with a fleeting о share their adjectives' and other forms' stems; glossary groups for
 * things officers name in everyday words (mums, teenagers, racists, study visits, complaints, charters,
 * coexistence, parents, segregation); words that frame a request ("vorremmo", "Thema") carry no topic.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSearch } from '../src/app.js';
import { loadContent } from '../src/content/loader.js';
import { isStopword } from '../src/search/analysis.js';
import { ukStem } from '../src/search/analysis-uk.js';
import type { PracticeSearch } from '../src/search/practice-search.js';
import { ROOT } from './helpers/app.js';

let search: PracticeSearch;
beforeAll(() => {
  search = createSearch(loadContent(join(ROOT, 'content'))).search;
});

const ids = (q: string, lang: string, n = 3) => search.search(q, { limit: n, lang }).hits.map((h) => h.practice.id);

describe('Ukrainian stems', () => {
  it.each([
    ['міжкультурність', 'міжкультурності', 'міжкультурний', 'міжкультурна'],
    ['можливість', 'можливості', 'можливий'],
    ['підліток', 'підлітків', 'підлітки'],
    ['садок', 'садка', 'садки'],
    ["зв'язок", "зв'язки", "зв'язків"],
  ])('%s and its forms share one stem', (...forms) => {
    expect(new Set(forms.map(ukStem)).size).toBe(1);
  });

  it('leaves words without a fleeting vowel as they were', () => {
    expect(ukStem('урок')).toBe(ukStem('уроки'));
    expect(ukStem('студенти')).toBe('студент');
  });
});

describe('questions that failed before', () => {
  it('finds the Australian strategies asked about with an -ість noun', () => {
    expect(ids('довгострокова стратегія міжкультурності в австралійських містах', 'uk')).toEqual(expect.arrayContaining(['salisbury-intercultural-strategic-plan', 'ballarat-intercultural-city-strategic-plan']));
  });
});

describe('everyday words for the corpus’s topics', () => {
  it.each([
    ['de', 'Studienbesuch in Japan', 'japan-europe-intercultural-exchange'],
    ['uk', 'навчальний візит до Японії', 'japan-europe-intercultural-exchange'],
    ['uk', 'як говорити з підлітками про расизм', 'oslo-oxlo-campaign'],
    ['fr', 'ateliers pour les mamans migrantes', 'neukolln-district-mothers'],
    ['en', 'support for migrant moms with small kids', 'neukolln-district-mothers'],
    ['es', 'una carta municipal contra el racismo', 'malta-local-integration-charter'],
    ['de', 'Integrationskonzept einer deutschen Stadt', 'erlangen-integration-charter'],
    ['pt', 'convivência entre vizinhos de origens diferentes', 'fuenlabrada-mesa-por-la-convivencia'],
    ['it', 'le vittime di discriminazione non sporgono denuncia', 'oslo-discrimination-mediation-panel'],
    ['it', 'coinvolgere i genitori stranieri', 'reggio-emilia-safe-family-empowerment'],
    ['fr', 'ghettoïsation des quartiers', 'oslo-educational-equality'],
    ['de', 'Flüchtlingsaufnahme', 'botkyrka-intercultural-refugee-reception'],
    ['fr', 'lutter contre les préjugés envers les migrants', 'getxo-antirumour-strategy'],
    ['it', 'tirocini per richiedenti asilo', 'erlangen-siemens-refugee-internships'],
    ['uk', 'психологічна допомога дітям-переселенцям', 'melitopol-smile-of-a-child'],
    ['uk', 'допомога жертвам дискримінації', 'oslo-discrimination-mediation-panel'],
    ['es', 'cenas compartidas entre vecinos', 'reggio-emilia-dinners-new-citizens'],
    ['uk', 'що робили громадські організації під час ковіду', 'turin-torino-plurale-network'],
    ['en', 'refugees with alcohol problems', 'neukolln-peer-addiction-aid-refugees'],
    ['de', 'Streit zwischen Nachbarn schlichten', 'stuttgart-intercultural-mediation'],
    ['de', 'Einbürgerung', 'neuchatel-citizenship-charter'],
    ['es', 'bibliotecarios y migrantes', 'montreal-library-liaison-officers'],
    ['de', 'Deutsch lernen für Geflüchtete', 'stavanger-johannes-learning-centre'],
  ])('[%s] %s finds %s', (lang, q, id) => {
    expect(ids(q, lang)).toContain(id);
  });

  it('reads a glossary term with German letters in German only (Bücherei is no synonym of Italian "buche", potholes)', () => {
    expect(ids('buche nelle strade, chi le ripara?', 'it')).toEqual([]);
    expect(ids('Stadtbücherei', 'de')).toContain('montreal-library-liaison-officers');
  });

  it('does not read a heatwave plan as a strategy', () => {
    expect(ids('plan canicule pour les personnes âgées', 'fr')).toEqual([]);
  });

  it('says nothing about "programas" when the question is about refugee reception in Sweden', () => {
    const r = search.search('programas de acogida de refugiados en Suecia', { lang: 'es' });
    expect(r.unmatched).toEqual([]);
    expect(r.hits[0]?.practice.id).toBe('botkyrka-intercultural-refugee-reception');
  });

  it('drops the words that frame a request', () => {
    for (const w of ['vorremmo', 'thema', 'тема', 'gostaria', 'topic', 'anywhere', 'sowas', 'щодо', 'довгострокова']) expect(isStopword(w), w).toBe(true);
  });
});

describe('"did you mean" words', () => {
  it('are not offered to a French or Spanish reader (they are English title words)', () => {
    expect(search.search('travaux de voirie et réfection des trottoirs', { lang: 'fr' }).suggestions).toEqual([]);
    expect(search.search('asfaltado de calles y baches', { lang: 'es' }).suggestions).toEqual([]);
  });

  it('are one edit from a short word, not two ("road" is not "abroad")', () => {
    const r = search.search('road works and pavement repairs', { lang: 'en' });
    expect(r.total).toBe(0);
    expect(r.suggestions).not.toContain('abroad');
    expect(r.suggestions).not.toContain('board');
  });
});
