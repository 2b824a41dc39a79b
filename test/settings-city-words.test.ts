/** "We are the city of Lisbon" and its sisters in every language set the city (content/intents/settings.json). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { describeRoute } from '../src/core/router.js';
import { testApp, turn } from './helpers/app.js';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

const CASES: Array<[string, string]> = [
  ['we are the city of Lisbon', 'lisbon'],
  ['nous sommes la ville de Lyon', 'lyon'],
  ['somos la ciudad de Bilbao', 'bilbao'],
  ['siamo la città di Torino', 'turin'],
  ['wir sind die Stadt Zürich', 'zurich'],
  ['somos a cidade de Braga', 'braga'],
  ['somos a cidade da Amadora', 'amadora'],
  ['ми місто Вінниця', 'vinnytsia'],
  ['our city is Bergen', 'bergen'],
  ['notre ville est Strasbourg', 'strasbourg'],
  ['unsere Stadt ist Stuttgart', 'stuttgart'],
  ['наше місто — Мелітополь', 'melitopol'],
  ['my city is Oslo', 'oslo'],
];

describe('the city in sentences, in every language', () => {
  it('routes each sentence to settings', () => {
    for (const [text] of CASES) expect(describeRoute(app.bot.decide(text)).intent, text).toBe('settings');
  });

  it('sets the city', async () => {
    let n = 0;
    for (const [text, id] of CASES) {
      const user = { id: `UC${++n}` };
      await app.bot.handle(turn(text, { user }));
      const profile = await app.stores.profile.get({ platform: 'console', tenant: 'T1' }, user.id);
      expect(profile?.city, text).toMatch(new RegExp(`^${id}`));
    }
  });

  it('a long sentence that starts like one is not a setting', () => {
    expect(describeRoute(app.bot.decide('our city is looking for examples of anti-rumour campaigns in schools')).intent).not.toBe('settings');
  });

  it('extracts in linear time from a 40k-character message', async () => {
    const long = 'nous sommes la ville '.repeat(2000);
    const started = performance.now();
    app.bot.decide(long);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('the city named in the reader’s language', () => {
  it('a Ukrainian user is told the city in Cyrillic when we have its name; others in the corpus spelling', async () => {
    const uk = await app.bot.handle(turn('моє місто Суми', { locale: 'uk', user: { id: 'U-CITY-UK' } }));
    expect(uk.map((r) => r.text).join('\n')).toMatch(/Суми \(Україна\)/);
    const en = await app.bot.handle(turn('my city is Sumy', { locale: 'en', user: { id: 'U-CITY-EN' } }));
    expect(en.map((r) => r.text).join('\n')).toMatch(/Sumy \(Ukraine\)/);
    // The self-check that follows names it the same way.
    const check = await app.bot.handle(turn('почати самооцінку', { locale: 'uk', user: { id: 'U-CITY-UK' } }));
    expect(check.map((r) => r.text).join('\n')).toMatch(/для Суми/);
  });
});
