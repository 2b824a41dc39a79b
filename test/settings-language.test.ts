/** The language setting: "/icc language it", "parla italiano", ... sets profile.locale; replies confirm in the new language. */
import { describe, expect, it } from 'vitest';
import { languageIn } from '../src/core/languages.js';
import { buttonsOf, press, testApp, textOf, turn } from './helpers/app.js';

describe('language names users type', () => {
  it('finds the language in names, endonyms, Ukrainian instrumental and codes', () => {
    const codes = (tag: string) => (['it', 'fr', 'pt'].includes(tag.slice(0, 2).toLowerCase()) ? tag.slice(0, 2).toLowerCase() : undefined);
    for (const [value, code] of [
      ['French', 'fr'],
      ['français', 'fr'],
      ['en français', 'fr'],
      ['italiano', 'it'],
      ['auf Deutsch', 'de'],
      ['українською', 'uk'],
      ['norsk', 'no'],
      ['Japanese', 'ja'],
      ['it', 'it'],
      ['pt-BR', 'pt'],
    ] as const)
      expect(languageIn(value, codes), value).toBe(code);
    for (const value of ['courses for migrants', 'Klingon', '']) expect(languageIn(value, codes), value).toBeUndefined();
  });
});

describe('the language setting', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['/icc language it', 'it', /^Fatto: d’ora in poi le rispondo in italiano\./],
    ['language: French', 'fr', /^C’est fait\u00a0: désormais, je vous réponds en français\./],
    ['parla italiano', 'it', /italiano/],
    ['habla español', 'es', /^Hecho: a partir de ahora le respondo en español\./],
    ['Parle français', 'fr', /français/],
    ['sprich Deutsch', 'de', /^Erledigt: Ab jetzt antworte ich Ihnen auf Deutsch\./],
    ['fala português', 'pt', /^Feito: a partir de agora respondo-lhe em português\./],
    ['говори українською', 'uk', /^Готово\. Відтепер мова відповідей: українська\./],
    ['snakk norsk', 'no', /^Ferdig: fra nå av svarer jeg deg på norsk\./],
    ['set my language to Spanish', 'es', /español/],
  ];
  for (const [text, locale, reply] of cases)
    it(`“${text}” sets ${locale} and confirms in it`, async () => {
      const app = await testApp();
      const r = await app.bot.handle(turn(text, { locale: 'en' }));
      expect(textOf(r)).toMatch(reply);
      expect((await app.stores.profile.get({ platform: 'console', tenant: 'T1' }, 'U1'))?.locale).toBe(locale);
      // Later turns use it, over the platform locale.
      expect(await app.bot.localeFor(turn('hello', { locale: 'en' }))).toBe(locale);
    });

  it('“/icc language” alone shows the current language and every supported one as a button', async () => {
    const app = await testApp();
    const r = await app.bot.handle(turn('/icc language', { locale: 'fr' }));
    expect(textOf(r)).toMatch(/^Je vous réponds en français, selon les réglages de votre plateforme/);
    const labels = buttonsOf(r).map((b) => b.label);
    for (const l of ['English', 'Français', 'Español', 'Italiano', 'Deutsch', 'Português', 'Українська']) expect(labels).toContain(l);
    const uk = buttonsOf(r).find((b) => b.label === 'Українська')!;
    const saved = await app.bot.handle(press(uk.action, { locale: 'fr' }));
    expect(textOf(saved)).toMatch(/українська/);
    const again = await app.bot.handle(turn('/icc language', { locale: 'fr' }));
    expect(textOf(again)).toMatch(/^Мова відповідей: українська \(ваш вибір\)/);
  });

  it('an unsupported language gets a friendly list of the supported ones, and changes nothing', async () => {
    const app = await testApp();
    const r = await app.bot.handle(turn('/icc language Japanese', { locale: 'en' }));
    expect(textOf(r)).toMatch(/^I can’t answer in “Japanese” yet\. I can answer in .*English.*Français.*Українська/);
    expect(buttonsOf(r).length).toBeGreaterThanOrEqual(7);
    const klingon = await app.bot.handle(turn('/icc language klingon', { locale: 'en' }));
    expect(textOf(klingon)).toMatch(/“klingon”/);
    expect((await app.stores.profile.get({ platform: 'console', tenant: 'T1' }, 'U1'))?.locale).toBeUndefined();
  });

  it('text that only starts like a language request is not one', async () => {
    const app = await testApp();
    for (const text of ['language courses for migrants', 'speakers for our anti-rumour campaign']) {
      const r = await app.bot.handle(turn(text, { locale: 'en' }));
      expect(textOf(r), text).not.toMatch(/I can’t answer in/);
    }
    expect((await app.stores.profile.get({ platform: 'console', tenant: 'T1' }, 'U1'))?.locale).toBeUndefined();
  });
});
