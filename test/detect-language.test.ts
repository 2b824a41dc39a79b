/** Language detection for longer free text, and where it sits in bot.localeFor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLanguage, languageBearingText, MIN_DETECT_LENGTH } from '../src/core/detect-language.js';
import { scopeOf } from '../src/core/turn.js';
import { testApp, textOf, turn, type TestApp } from './helpers/app.js';

describe('detectLanguage', () => {
  const clear: Array<[string, string]> = [
    ['fr', 'comment d’autres villes ont-elles mené une campagne anti-rumeurs ?'],
    ['fr', 'pratiques de médiation interculturelle dans les quartiers'],
    ['es', '¿qué prácticas hay sobre mediación intercultural?'],
    ['es', 'prácticas de mediación intercultural en los barrios'],
    ['it', 'mediazione interculturale nei quartieri'],
    ['it', 'esempi di accoglienza dei nuovi arrivati'],
    ['de', 'Wie haben andere Städte Neuankömmlinge willkommen geheißen?'],
    ['pt', 'exemplos de mediação intercultural nos bairros'],
    ['pt', 'Como é que outras cidades envolveram os moradores?'],
    ['uk', 'приклади практик медіації в громадах'],
    ['uk', 'Як інші міста приймають новоприбулих?'],
    ['ca', 'com han treballat altres ciutats la campanya antirumors?'],
    ['no', 'hvordan har andre byer jobbet med mottak av nykommere?'],
    ['ja', '他の都市の反うわさキャンペーンの事例を教えてください'],
    ['ko', '다른 도시들의 반루머 캠페인 사례를 알려주세요'],
    ['en', 'how did other cities run an anti-rumour campaign?'],
    ['en', 'examples of citizens assemblies with migrants'],
  ];
  for (const [lang, text] of clear)
    it(`${lang}: ${text}`, () => {
      expect(detectLanguage(text)).toBe(lang);
    });

  it('guesses nothing for short text, names, or English with foreign-looking words', () => {
    for (const text of [undefined, '', 'aide', 'mediazione', 'Hilfe bitte', '6', 'education in Norway', 'Bergen Oslo Stavanger Barcelona Lisbon', 'anti-rumour campaign in Barcelona', 'show me practices about participatory budgeting'])
      expect(detectLanguage(text), String(text)).toBeUndefined();
    expect('mediazione nei quartieri'.length).toBeLessThan(MIN_DETECT_LENGTH);
  });

  it('ignores commands, links, mentions, filters and digits', () => {
    expect(languageBearingText('/icc search <@U123> mediazione https://x.org/a area:education 2024 !')).toBe('mediazione');
    expect(detectLanguage('/icc search area:welcoming-newcomers country:Portugal https://example.org/a/very/long/path')).toBeUndefined();
    expect(detectLanguage('/icc search mediazione interculturale nei quartieri')).toBe('it');
  });
});

describe('bot.localeFor: explicit setting > platform locale > detected > workspace default > en', () => {
  let app: TestApp;
  let appFr: TestApp;
  beforeAll(async () => {
    app = await testApp();
    appFr = await testApp({ DEFAULT_LOCALE: 'fr' });
  });
  afterAll(async () => {
    await app.close();
    await appFr.close();
  });

  const italian = 'mediazione interculturale nei quartieri';

  it('uses the detected language only when nothing better is known', async () => {
    expect(await app.bot.localeFor(turn(italian))).toBe('it');
    expect(await app.bot.localeFor(turn(italian, { locale: 'de-DE' }))).toBe('de');
    expect(await app.bot.localeFor(turn('aiuto'))).toBe('en');
    expect(await appFr.bot.localeFor(turn('aiuto'))).toBe('fr');
    expect(await appFr.bot.localeFor(turn(italian))).toBe('it');
    expect(await app.bot.localeFor(turn('他の都市の反うわさキャンペーンの事例を教えてください'))).toBe('en');
  });

  it('an explicit profile setting wins over the platform and the text', async () => {
    const t = turn(italian, { locale: 'de-DE', user: { id: 'U-pt' } });
    await app.stores.profile.set(scopeOf(t), 'U-pt', { locale: 'pt', updatedAt: new Date().toISOString() });
    expect(await app.bot.localeFor(t)).toBe('pt');
  });

  it('answers a longer Italian question in Italian, with no locale anywhere', async () => {
    const replies = await app.bot.handle(turn(italian));
    expect(textOf(replies)).toMatch(/^\d+ pratich?[ae] per «mediazione interculturale nei quartieri»/);
  });
});
