/**
 * Peer requests a new-user trial (it, pt, es) found failing, in the seven languages: "which cities could
 * help us with X" is a peer search on X (not a practice search), and "cities similar to Getxo" ranks the
 * network's other cities by likeness to the named one (population, language, country, national network).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/loader.js';
import type { City } from '../src/content/schemas.js';
import { describeRoute } from '../src/core/router.js';
import { populationCloseness, rankSimilar } from '../src/peers/similar.js';
import { parsePeersText } from '../src/peers/topic.js';
import { buttonsOf, press, ROOT, testApp, textOf, turn, type TestApp } from './helpers/app.js';

const content = loadContent(join(ROOT, 'content'));
const byId = (id: string): City => content.cities.find((c) => c.id === id)!;
let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

const intentOf = (text: string) => describeRoute(app.bot.decide(text)).intent;

/** "Which cities could help us with X": [text, the topic read from it]. */
const HELP: Array<[text: string, topic: string]> = [
  ["quali città potrebbero aiutarci sull'accoglienza dei rifugiati?", 'accoglienza dei rifugiati'],
  ['quali città ci potrebbero aiutare con la mediazione interculturale?', 'mediazione interculturale'],
  ['which cities could help us with refugee reception?', 'refugee reception'],
  ['welche Städte könnten uns bei der Aufnahme von Geflüchteten helfen?', 'Aufnahme von Geflüchteten'],
  ['quelles villes pourraient nous inspirer sur la police de proximité ?', 'police de proximité'],
  ['qué ciudades nos pueden ayudar con la acogida de refugiados?', 'acogida de refugiados'],
  ['que cidades nos podem ajudar com o acolhimento de refugiados?', 'acolhimento de refugiados'],
  ['які міста можуть допомогти нам з прийомом біженців?', 'прийомом біженців'],
  ['які громади можуть нам допомогти з інтеграцією?', 'інтеграцією'],
  ['quais cidades poderiam nos ajudar com a mediação intercultural?', 'mediação intercultural'],
  ["quelles communes pourraient m'aider pour la participation", 'participation'],
  ['quali comuni possono ispirarci sulla partecipazione?', 'partecipazione'],
  ['¿qué ciudades podrían inspirarnos en participación ciudadana?', 'participación ciudadana'],
  ['welche Städte können uns bei Bürgerbeteiligung inspirieren?', 'Bürgerbeteiligung'],
  ['which cities can inspire us on anti-rumours?', 'anti-rumours'],
  ['які міста могли б допомогти нам з медіацією?', 'медіацією'],
  ['welche Kommunen könnten uns bei der Antidiskriminierung helfen?', 'Antidiskriminierung'],
];

/** "Cities similar to <city>": [text, the city's name in the directory]. */
const SIMILAR: Array<[text: string, city: string]> = [
  ['cities similar to Getxo', 'Getxo'],
  ['villes semblables à Lyon', 'Lyon'],
  ['città simili a Modena', 'Modena'],
  ['busca ciudades parecidas a Getxo', 'Getxo'],
  ['Städte ähnlich wie Erlangen', 'Erlangen'],
  ['que cidades são parecidas com Amadora para trocar experiências?', 'Amadora'],
  ['cidades parecidas com Amadora', 'Amadora'],
  ['міста, схожі на Суми', 'Sumy'],
  ['міста подібні до Луцька', 'Lutsk'],
  ['quelles villes ressemblent à Lyon ?', 'Lyon'],
  ['comuni simili a Modena', 'Modena'],
  ['qué ciudades se parecen a Getafe', 'Getafe'],
  ['municipios parecidos a Getafe', 'Getafe'],
  ['Welche Städte sind ähnlich wie Stuttgart?', 'Stuttgart'],
  ['cities comparable to Lisbon', 'Lisbon'],
  ['zeig mir vergleichbare Städte wie Stuttgart', 'Stuttgart'],
  ['enséñame ciudades similares a Bilbao', 'Bilbao'],
  ['mostrami città paragonabili a Reggio Emilia', 'Reggio Emilia'],
  ['montre-moi des villes similaires à Strasbourg', 'Strasbourg'],
];

describe('"which cities could help us with X" is a peer search on X in every language', () => {
  it('routes to peers and reads the topic', () => {
    for (const [text, topic] of HELP) {
      expect(intentOf(text), text).toBe('peers');
      expect(parsePeersText(text, content.cities), text).toEqual({ kind: 'find', topic, ours: false });
    }
  });

  it('the Italian trial question lists cities strong on refugee reception', async () => {
    const replies = await app.bot.handle(turn("quali città potrebbero aiutarci sull'accoglienza dei rifugiati?", { locale: 'it', user: { id: 'US1' } }));
    expect(textOf(replies)).toMatch(/^\d+ città da cui imparare su «accoglienza dei rifugiati»/u);
    expect(replies.flatMap((r) => r.cards ?? []).map((c) => c.title)).toContain('Botkyrka, Svezia');
  });
});

describe('"cities similar to <city>" in every language', () => {
  it('routes to peers and reads the city, with no topic', () => {
    for (const [text, city] of SIMILAR) {
      expect(intentOf(text), text).toBe('peers');
      const req = parsePeersText(text, content.cities);
      expect(req, text).toMatchObject({ kind: 'find', topic: '' });
      expect(req.kind === 'find' && req.reference?.name, text).toBe(city);
    }
  });

  it('a topic after the city is still a topic compared with that city', () => {
    const req = parsePeersText('ciudades parecidas a Getxo que trabajen en antirrumores', content.cities);
    expect(req).toMatchObject({ kind: 'find', topic: 'antirrumores' });
    expect(req.kind === 'find' && req.reference?.id).toBe('getxo');
  });

  it('answers with cities like it, with reasons in the user language, and pages', async () => {
    const replies = await app.bot.handle(turn('busca ciudades parecidas a Getxo', { locale: 'es', user: { id: 'US2' } }));
    const text = textOf(replies);
    expect(text).toMatch(/^\d+ ciudades parecidas a Getxo/u);
    expect(text).not.toMatch(/No he podido relacionar/u);
    const cards = replies.flatMap((r) => r.cards ?? []);
    expect(cards).toHaveLength(5);
    expect(cards.map((c) => c.title)).not.toContain('Getxo, España');
    // Spanish cities of about Getxo's size (≈80,000) first, each with why.
    expect(cards[0]!.title).toMatch(/, España$/u);
    expect(cards[0]!.subtitle, cards[0]!.subtitle).toMatch(/^población parecida \(\d+\.\d{3} habitantes\) · idioma: español · también en España/u);

    const more = buttonsOf(replies).find((b) => b.action.name === 'similar');
    expect(more?.action.data).toEqual({ c: 'getxo', o: 5 });
    const next = await app.bot.handle(press(more!.action, { locale: 'es', user: { id: 'US2' } }));
    const nextTitles = next.flatMap((r) => r.cards ?? []).map((c) => c.title);
    expect(nextTitles).toHaveLength(5);
    expect(nextTitles.some((t) => cards.some((c) => c.title === t))).toBe(false);
  });

  it('the Portuguese trial question finds Portuguese cities like Amadora', async () => {
    const replies = await app.bot.handle(turn('que cidades são parecidas com Amadora para trocar experiências?', { locale: 'pt', user: { id: 'US3' } }));
    expect(textOf(replies)).toMatch(/^\d+ cidades parecidas com Amadora/u);
    const titles = replies.flatMap((r) => r.cards ?? []).map((c) => c.title);
    expect(titles.slice(0, 3).every((t) => t.endsWith(', Portugal')), titles.join('; ')).toBe(true);
  });

  it('"similar to ours" in every language is the own city, with or without a topic', () => {
    for (const text of ['cities similar to ours', 'villes semblables à la nôtre', 'ciudades parecidas a la nuestra', 'città simili alla nostra', 'Städte ähnlich wie unsere', 'cidades semelhantes à nossa', 'міста, схожі на наше місто'])
      expect(parsePeersText(text, content.cities), text).toEqual({ kind: 'find', topic: '', ours: true });
    expect(parsePeersText('ciudades parecidas a la nuestra que trabajen en antirrumores', content.cities)).toEqual({ kind: 'find', topic: 'antirrumores', ours: true });
  });

  it('"cities similar to ours" ranks by the profile city', async () => {
    const user = { id: 'US4' };
    await app.bot.handle(turn('my city is Getxo', { locale: 'en', user }));
    const text = textOf(await app.bot.handle(turn('which cities are similar to ours?', { locale: 'en', user })));
    expect(text).toMatch(/^\d+ cities similar to Getxo/u);
    const es = textOf(await app.bot.handle(turn('ciudades parecidas a la nuestra', { locale: 'es', user })));
    expect(es).toMatch(/^\d+ ciudades parecidas a Getxo/u);
  });
});

describe('rankSimilar', () => {
  it('population closeness is 1 for equal, 0 from tenfold, undefined when unknown', () => {
    expect(populationCloseness(100_000, 100_000)).toBe(1);
    expect(populationCloseness(100_000, 1_000_000)).toBeCloseTo(0, 10);
    expect(populationCloseness(100_000, 2_000_000)).toBe(0);
    expect(populationCloseness(100_000, 50_000)).toBeCloseTo(populationCloseness(50_000, 100_000)!, 10);
    expect(populationCloseness(null, 50_000)).toBeUndefined();
  });

  it('leaves out the reference and the own city; declined come last', () => {
    const getxo = byId('getxo');
    const all = rankSimilar({ cities: content.cities, reference: getxo });
    expect(all.map((p) => p.city.id)).not.toContain('getxo');
    const first = all[0]!.city;
    expect(first.country).toBe('Spain');
    const without = rankSimilar({ cities: content.cities, reference: getxo, own: first, declined: new Set([all[1]!.city.id]) });
    expect(without.map((p) => p.city.id)).not.toContain(first.id);
    expect(without.at(-1)!.city.id).toBe(all[1]!.city.id);
    expect(without.at(-1)!.signals).toContainEqual({ kind: 'declined' });
  });

  it('a city of the same size, language and country outranks a bigger one of the same language', () => {
    const ref = byId('amadora');
    const ranked = rankSimilar({ cities: content.cities, reference: ref });
    const rank = (id: string) => ranked.findIndex((p) => p.city.id === id);
    expect(rank('oeiras')).toBeLessThan(rank('lisbon'));
  });
});

describe('topic questions stay searches', () => {
  it('search', () => {
    for (const text of ['qué hacen otras ciudades con los refugiados', 'Sprachkurse für Geflüchtete', 'how did other cities run an anti-rumours campaign?', 'esempi di Getxo', 'come aiutare i rifugiati', 'ejemplos de ciudades que ayudan a los refugiados', 'come i comuni aiutano i rifugiati', 'comment les villes aident les migrants', 'wie helfen Städte Geflüchteten bei der Wohnungssuche', 'como as cidades ajudam os refugiados', 'як міста допомагають біженцям', 'integrazione nei comuni'])
      expect(intentOf(text), text).toBe('search');
  });
});
