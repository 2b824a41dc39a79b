/**
 * A city is named in the reader's language where the exonym table has that language's name: an
 * Italian officer asking for someone "a Torino" reads Torino (not Turin) in the reply and on the
 * practice cards, a Spanish one Lisboa and Turín, a German one Genf; English keeps the directory's
 * name and Ukrainian its Cyrillic one. The search still recognises every name in any language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityName } from '../src/cities/choose.js';
import type { City } from '../src/content/schemas.js';
import type { Reply } from '../src/core/turn.js';
import { cityExonyms, localCityName } from '../src/search/places.js';
import { testApp, turn, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

/** Everything a reply shows: text, cards' titles, subtitles and fields. */
const shown = (replies: Reply[]) =>
  replies.flatMap((r) => [r.text ?? '', ...(r.cards ?? []).flatMap((c) => [c.title, c.subtitle ?? '', ...(c.fields ?? []).map((f) => f.value)])]).join('\n');

/** [locale, question, the name the reply must use, the name it must not]. */
const CONNECT: Array<[string, string, RegExp, RegExp | null]> = [
  ['it', 'mi metti in contatto con qualcuno a Torino?', /Nessuno di Torino/, /Turin\b/],
  ['es', 'preséntame a alguien de Lisboa', /Nadie de Lisboa/, /Lisbon\b/],
  ['es', '¿me presentas a alguien de Turín?', /Nadie de Turín/, /Turin\b/],
  ['de', 'Können Sie mich mit jemandem in Genf vernetzen?', /Aus Genf/, /Geneva/],
  ['en', 'put me in touch with someone in Turin', /Nobody from Turin/, /Torino,/],
];

describe('city names in the reader’s language', () => {
  for (const [locale, text, want, not] of CONNECT) {
    it(`${locale}: "${text}" names the city as ${want.source}`, async () => {
      const replies = await app.bot.handle(turn(text, { locale, user: { id: `U-NAMES-${locale}-${text.length}` } }));
      const all = shown(replies);
      expect(all).toMatch(want);
      if (not) expect(all).not.toMatch(not);
      // The practice cards' place too ("Torino, Italia · 2018 …").
      const places = replies.flatMap((r) => (r.cards ?? []).map((c) => (c.subtitle ?? '').split(',')[0]));
      expect(places.length).toBeGreaterThan(0);
      expect(new Set(places).size).toBe(1);
    });
  }

  it('it: a search naming Torino shows Torino in its filter line and cards', async () => {
    const all = shown(await app.bot.handle(turn('esempi da Torino', { locale: 'it' })));
    expect(all).toMatch(/Torino, Italia/);
    expect(all).not.toMatch(/Turin\b/);
  });

  it('cityName and localCityName: the reader’s language, else the directory’s name', () => {
    const city = (name: string) => ({ name }) as City;
    expect(cityName(city('Turin'), 'it')).toBe('Torino');
    expect(cityName(city('Turin'), 'es')).toBe('Turín');
    expect(cityName(city('Turin'), 'pt')).toBe('Turim');
    expect(cityName(city('Turin'), 'fr')).toBe('Turin');
    expect(cityName(city('Turin'), 'en')).toBe('Turin');
    expect(cityName(city('Turin'), undefined)).toBe('Turin');
    expect(cityName(city('Turin'), 'uk')).toBe('Турин');
    expect(cityName(city('Sumy'), 'uk')).toBe('Суми');
    expect(localCityName('Geneva', 'de')).toBe('Genf');
    expect(localCityName('Geneva', 'fr')).toBe('Genève');
    expect(localCityName('Geneva', 'it')).toBe('Ginevra');
    expect(localCityName('Lisbon', 'es')).toBe('Lisboa');
    expect(localCityName('Lisbon', 'it')).toBe('Lisbona');
    expect(localCityName('Copenhagen', 'no')).toBe('København');
    expect(localCityName('Copenhagen', 'pt-PT')).toBe('Copenhaga');
    expect(localCityName('Mexico City', 'fr')).toBe('Mexico');
    expect(localCityName('Vitoria-Gasteiz', 'es')).toBe('Vitoria');
    // Spellings no language owns are recognised, never shown.
    expect(localCityName('Kyiv', 'it')).toBe('Kyiv');
    expect(localCityName('Lewisham (London)', 'fr')).toBe('Lewisham (London)');
    expect(localCityName('Nowhere', 'it')).toBe('Nowhere');
  });

  it('the search still knows every name of a city, whatever its language', () => {
    expect(cityExonyms('Turin')).toEqual(['Torino', 'Turín', 'Turim', 'Турин', 'Турина', 'Турину', 'Турині', 'Турином']);
    expect(cityExonyms('Lisbon').filter((n) => n === 'Lisboa')).toHaveLength(1);
    expect(cityExonyms('Kyiv')).toEqual(expect.arrayContaining(['Kiev', 'Kiew', 'Kyjiw', 'Київ']));
  });
});
