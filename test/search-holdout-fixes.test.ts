/**
 * Fixes found with the held-out set (eval/holdout/, dev half) and a Ukrainian trial, each pinned by a
 * question that failed before: glossary phrases found in inflected forms, action verbs of the request
 * ("fight", "боротися") that say nothing about the topic, hate speech and political participation in
 * every language, German compounds of sport and housing words, small-talk remarks strung together,
 * and routing phrases in their colloquial forms.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSearch, intents } from '../src/app.js';
import { loadContent } from '../src/content/loader.js';
import { isStopword, modifierTokens, analyze } from '../src/search/analysis.js';
import { compileGlossaryPhrases, findGlossaryPhrases } from '../src/search/glossary-phrases.js';
import type { PracticeSearch } from '../src/search/practice-search.js';
import { route, type Route } from '../src/core/router.js';
import { smalltalkPieces } from '../intents/smalltalk.js';
import { ROOT } from './helpers/app.js';

let search: PracticeSearch;
beforeAll(() => {
  search = createSearch(loadContent(join(ROOT, 'content'))).search;
});

const ids = (q: string, lang: string, n = 3) => search.search(q, { limit: n, lang }).hits.map((h) => h.practice.id);
const routed = (r: Route) => (r.kind === 'interrupt' ? `interrupt:${r.word}` : 'intent' in r ? `${r.kind}:${r.intent}` : r.kind);
const goesTo = (text: string) => routed(route({ text }, intents, () => false));

const HATE = ['bilbao-online-antirumour-network-covid', 'tenerife-antirumour-schools-journalist-guide', 'oslo-oxlo-campaign', 'barcelona-anti-rumour-strategy'];
const POLITICS = ['neuchatel-foreign-residents-voting-rights', 'stuttgart-foreigners-council', 'limassol-intercultural-council', 'dublin-integration-forums-practical-guide', 'auckland-intercultural-elections', 'auckland-minority-advisory-bodies', 'leeds-equalities-assembly-participation'];

describe('glossary phrases in inflected forms', () => {
  const group = { id: 'discrimination', terms: ['мова ворожнечі', 'discurso de odio'] };
  const phrases = compileGlossaryPhrases([group]);

  it('finds a Ukrainian phrase whatever the case of its words', () => {
    expect(findGlossaryPhrases(['мовою', 'ворожнечі', 'інтернеті'], phrases)).toEqual([{ group, at: [0, 1] }]);
    expect(findGlossaryPhrases(['мові', 'ворожнечі'], phrases)).toEqual([{ group, at: [0, 1] }]);
  });

  it('needs the phrase’s words next to each other, in order', () => {
    expect(findGlossaryPhrases(['ворожнечі', 'мовою'], phrases)).toEqual([]);
    expect(findGlossaryPhrases(['мовою', 'курси', 'ворожнечі'], phrases)).toEqual([]);
    expect(findGlossaryPhrases(['discursos', 'odio'], phrases)).toEqual([{ group, at: [0, 1] }]);
  });
});

describe('the request’s action verbs are no topic', () => {
  it('stops fight, tackle, involve and their translations', () => {
    for (const w of ['fight', 'tackle', 'involve', 'lutter', 'combattre', 'combatir', 'contrastare', 'coinvolgere', 'bekämpfen', 'combater', 'боротися', 'протидія', 'залучають'])
      expect(isStopword(w), w).toBe(true);
  });

  it('keeps the words of participation a topic', () => {
    for (const w of ['participer', 'participation', 'Beteiligung', 'участь']) expect(isStopword(w), w).toBe(false);
  });
});

describe('the Ukrainian trial’s questions', () => {
  it('"Як боротися з мовою ворожнечі в інтернеті?" finds practices against hate and hoaxes online', () => {
    const top = ids('Як боротися з мовою ворожнечі в інтернеті?', 'uk');
    expect(top.some((id) => HATE.includes(id))).toBe(true);
  });

  it('"Як інші міста залучають іммігрантів до місцевої політики?" finds councils and voting, not policy evaluations', () => {
    const top = ids('Як інші міста залучають іммігрантів до місцевої політики?', 'uk');
    expect(top.every((id) => POLITICS.includes(id))).toBe(true);
  });

  it('"дякую, бувай" is small talk (a goodbye)', () => {
    expect(goesTo('дякую, бувай')).toBe('intent:smalltalk');
    expect(smalltalkPieces('дякую, бувай')?.map((p) => p.group)).toEqual(['thanks', 'bye']);
  });
});

describe('hate speech and political participation in every language', () => {
  it.each([
    ['es', 'cómo combatir el discurso de odio en redes sociales'],
    ['de', 'Wie bekämpfen Städte Hassrede im Internet?'],
    ['pt', 'como combater o discurso de ódio na internet'],
    ['it', "come contrastare l'odio online contro i migranti"],
  ])('%s: “%s” finds a practice against hate online in the top 3', (lang, q) => {
    expect(ids(q, lang).some((id) => HATE.includes(id))).toBe(true);
  });

  it.each([
    ['de', 'Migranten an der Kommunalpolitik beteiligen'],
    ['fr', 'faire participer les étrangers à la vie politique locale'],
    ['it', 'coinvolgere gli immigrati nella politica locale'],
  ])('%s: “%s” finds political participation in the top 3', (lang, q) => {
    expect(ids(q, lang).some((id) => POLITICS.includes(id))).toBe(true);
  });
});

describe('German compounds and adjective forms', () => {
  it('splits Fußballstadion and Sozialwohnungen by the domain lexicon', () => {
    expect(modifierTokens('de', 'Fußballstadion')).toEqual([analyze('de', 'Fußball')[0]]);
    expect(modifierTokens('de', 'Sozialwohnungen')).toEqual([analyze('de', 'sozial')[0]]);
  });

  it.each([
    ['de', 'Rassismus im Fußballstadion'],
    ['uk', 'расизм серед футбольних фанатів'],
    ['pt', 'racismo no futebol'],
  ])('%s: “%s” finds the football fans first', (lang, q) => {
    expect(ids(q, lang)[0]).toBe('bradford-fans-for-diversity');
  });

  it('reads "liderança juvenil" as youth leadership', () => {
    expect(ids('liderança juvenil nos bairros', 'pt')).toContain('lisbon-ubuntu-bridges-programme');
  });

  it('finds the children of "дітьми" and stops "знайти"/"допомогти"', () => {
    expect(analyze('uk', 'дітьми')).toEqual(analyze('uk', 'діти'));
    expect(isStopword('знайти') && isStopword('допомогти')).toBe(true);
    expect(ids('як допомогти переселенцям знайти роботу', 'uk')).toContain('ravenna-sprar-career-counselling');
  });

  it('reads decision-making as participation, feminine mediators as mediators, civil servants as staff', () => {
    expect(ids('залучення молоді до прийняття рішень', 'uk')).toContain('lewisham-young-mayor');
    expect(ids('médiatrices interculturelles dans les hopitaux', 'fr', 5)).toContain('patras-intercultural-mediators-conference');
    expect(ids('formação dos funcionarios municipais', 'pt')).toContain('spain-reci-intercultural-competence-guide');
  });

  it('reads "lotta al razzismo nello sport" as racism in sport, and alunni as pupils', () => {
    expect(ids('lotta al razzismo nello sport', 'it')[0]).toBe('bradford-fans-for-diversity');
    expect(ids('scuole con tanti alunni stranieri', 'it', 5)).toContain('sumy-school-intercultural-curriculum');
    expect(modifierTokens('de', 'Sprachförderung')).toEqual([analyze('de', 'Sprache')[0]]);
  });
});

describe('small talk strung together', () => {
  it.each(['thanks, bye', 'cheers, see you', 'merci, au revoir', 'merci et à bientôt', 'gracias, adiós', 'grazie e arrivederci', 'danke, tschüss', 'obrigada, tchau', 'дякую, до побачення', 'hello, thanks'])(
    '“%s” goes to smalltalk',
    (text) => {
      expect(goesTo(text)).toBe('intent:smalltalk');
    },
  );

  it('is never a question in disguise', () => {
    expect(smalltalkPieces('thanks, and what about libraries?')).toBeNull();
    expect(goesTo('thanks, now show me libraries for newcomers')).not.toBe('intent:smalltalk');
    // One remark alone is the phrase's own business, not a combination.
    expect(smalltalkPieces('thanks')).toBeNull();
  });
});

describe('routing phrases in their everyday forms', () => {
  it.each([
    ['which cities are similar to ours?', 'peers'],
    ['cidades com quem podemos aprender', 'peers'],
    ['can you forget everything about me', 'privacy'],
    ['voglio che cancelliate tutto quello che sapete di me', 'privacy'],
    ["c'est quoi le réseau des cités interculturelles ?", 'about'],
    ['¿cómo se une una ciudad a la red?', 'about'],
    ['on est la ville de Grenoble', 'settings'],
    ['was weißt du über mich?', 'privacy'],
    ['розкажи про мережу міжкультурних міст', 'about'],
  ])('“%s” goes to %s', (text, intent) => {
    expect(goesTo(text)).toBe(`intent:${intent}`);
  });
});

describe('questions none of whose words is a corpus word', () => {
  it('answers nothing when three or more words all need guessing', () => {
    expect(ids('snow clearing contracts for the winter', 'en')).toEqual([]);
  });

  it('still corrects misspelt topics', () => {
    expect(ids('intercultral mediaton in scools', 'en', 5)).toContain('patras-intercultural-mediators-conference');
    expect(ids('antirumuor campain', 'en')).toContain('barcelona-anti-rumour-strategy');
    expect(ids('Sprachkruse Geflüchtte', 'de', 5).length).toBeGreaterThan(0);
  });
});

describe('off-topic questions that share a word with the corpus (held-out dev halves)', () => {
  it('counts a glossary phrase only when a practice matches all of it', () => {
    // "personnes âgées" is one thing asked about: a practice naming only "personnes" is not about it.
    expect(ids('plan canicule pour les personnes âgées', 'fr')).toEqual([]);
    // Words of a phrase in two parts of the question are two things: "old and new residents".
    expect(ids('tensions on social housing estates between old and new residents', 'en', 5)).toContain('bergen-housing-mix-neighbourhood-dialogue');
  });

  it('leaves out generic verbs and adjectives in every language, as English did', () => {
    for (const w of ['erneuern', 'öffentlichen', 'pública', 'nouveaux', 'primera', 'nuovi', 'впровадити']) expect(isStopword(w), w).toBe(true);
    // General verbs and adverbs, which the stop lists of the `stopword` package hold for some languages only.
    for (const w of ['really', 'aider', 'aiutare', 'farle', 'già', 'damit', 'conseguir', 'їхні', 'бути']) expect(isStopword(w), w).toBe(true);
    // A natural question keeps its topic words as the measure of coverage, not its verbs.
    expect(ids('aiutare i rifugiati a cercare lavoro, valorizzando le esperienze che hanno già', 'it')).toContain('ravenna-sprar-career-counselling');
    expect(ids('Straßenbeleuchtung erneuern', 'de')).toEqual([]);
  });

  it('needs more than a mention in one summary, unless a place narrows the question', () => {
    expect(ids('iluminação pública', 'pt')).toEqual([]);
    expect(ids('міжкультурні посередники в Японії', 'uk')).toContain('hamamatsu-bridge-builders-coexistence');
  });
});

describe('the second new-user trial (2026-12-06)', () => {
  it('reads an inflected Ukrainian phrase for IDPs as one thing, with nothing left unmatched', () => {
    const r = search.search('як інші міста допомагають внутрішньо переміщеним особам знайти житло?', { limit: 3, lang: 'uk' });
    expect(r.hits.map((h) => h.practice.id)).toContain('ukraine-icc-network-idp-hosting');
    expect(r.unmatched).toEqual([]);
  });

  it('splits a compound whose head is a generic word and reads the separable verb as no topic', () => {
    const r = search.search('Wie arbeiten Städte mit Moscheegemeinden zusammen?', { limit: 3, lang: 'de' });
    expect(r.unmatched).toEqual([]);
    expect(r.hits.map((h) => h.practice.id)).toContain('turin-open-mosque');
  });

  it('does not report the verb of the question as a topic nothing matched', () => {
    expect(search.search('що роблять міста в Іспанії проти мови ворожнечі?', { limit: 3, lang: 'uk' }).unmatched).toEqual([]);
  });

  it('does not report "integriert" as a topic nothing matched', () => {
    const r = search.search('Wie haben andere Städte Geflüchtete in den Arbeitsmarkt integriert?', { limit: 3, lang: 'de' });
    expect(r.unmatched).toEqual([]);
    expect(r.hits.map((h) => h.practice.id)).toContain('ravenna-sprar-career-counselling');
  });
});

describe('a rare word matched by chance does not decide what is kept', () => {
  it('keeps the staff-training practices for "front desk staff" (front is in one practice only)', () => {
    const r = search.search('anything on training our front desk staff to deal with people from different cultures?', { limit: 10, lang: 'en' });
    expect(r.total).toBeGreaterThan(3);
    expect(r.hits.map((h) => h.practice.id)).toEqual(expect.arrayContaining(['spain-reci-intercultural-competence-guide', 'reggio-emilia-learn-arabic-health']));
  });
});

describe('words matched only outside the filters', () => {
  it('are reported unmatched: nothing in Germany is on racism, though practices elsewhere are', () => {
    const r = search.search('Projekte gegen Rassismus an Schulen in deutschen Städten', { limit: 3, lang: 'de' });
    expect(r.query.filters.countries).toEqual(['Germany']);
    expect(r.unmatched).toContain('rassismus');
    expect(search.search('Rassismus an Schulen', { limit: 3, lang: 'de' }).unmatched).toEqual([]);
  });
});
