/** Replies in the turn's language, in process (fast): help, search header, filters, area names, buttons, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

describe('replies in the turn’s language', () => {
  it('help in Portuguese lists the search intent with Portuguese examples, and offers one as a choice', async () => {
    const replies = await app.bot.handle(turn('ajuda', { locale: 'pt-PT' }));
    const text = textOf(replies);
    expect(text).toMatch(/^Sou o assistente das Cidades Interculturais\. Posso ajudar a:/);
    expect(text).toContain('Experimente: «como é que outras cidades realizaram uma campanha antiboatos?»');
    expect(replies[0]!.choices).toContain('como é que outras cidades realizaram uma campanha antiboatos?');
    expect(replies[0]!.choices).toContain('iniciar a autoavaliação');
    expect(replies[0]!.choices).not.toContain('start the self-check');
  });

  it('the offered example, sent back, is a search that finds practices (es)', async () => {
    const [help] = await app.bot.handle(turn('ayuda', { locale: 'es' }));
    const choice = help!.choices![0]!;
    const replies = await app.bot.handle(turn(choice, { locale: 'es' }));
    expect(replies[0]!.text).toMatch(/^\d+ prácticas para «¿cómo han llevado a cabo otras ciudades una campaña antirrumores\?»/);
    expect(replies[0]!.cards![0]!.title).toMatch(/rumou?r/i);
  });

  it('filters, area names on cards and area buttons use the self-check texts of the language (fr, uk)', async () => {
    const fr = await app.bot.handle(turn('area:welcoming-newcomers', { locale: 'fr' }));
    expect(fr[0]!.text).toContain('Filtres\u00a0: Accueil des nouveaux arrivants');
    expect(fr[0]!.cards![0]!.fields![0]).toEqual({ label: 'Domaines', value: expect.stringContaining('Accueil des nouveaux arrivants') });
    expect(buttonsOf(fr).map((b) => b.label)).toEqual(expect.arrayContaining(['Pratiques semblables', 'Plus de résultats', 'Utile', 'Pas utile']));

    const none = await app.bot.handle(turn('/icc search zzqxv', { locale: 'uk' }));
    expect(none[0]!.text).toMatch(/^За запитом «zzqxv» я не знайшов жодної практики\.\nСпробуйте інші, загальніші слова або перегляньте напрям:/);
    const areaLabels = buttonsOf(none).map((b) => b.label);
    expect(areaLabels.length).toBeGreaterThan(0);
    for (const l of areaLabels) expect(l).toMatch(/[А-Яа-яІіЇїЄєҐґ]/);
  });

  it('errors and stale buttons are answered in the language too (de)', async () => {
    const stale = await app.bot.handle(press({ intent: 'search', name: 'more', data: { bogus: true } }, { locale: 'de-AT' }));
    expect(stale[0]!.text).toBe('Diese Schaltfläche ist abgelaufen oder nicht mehr gültig. Bitte stellen Sie Ihre Anfrage erneut.');
    const unknown = await app.bot.handle(turn('/icc frobnicate', { locale: 'de' }));
    expect(unknown[0]!.text).toBe('Den Befehl „frobnicate“ kenne ich nicht. Das kann ich für Sie tun:');
    const cancel = await app.bot.handle(turn('abbrechen', { locale: 'de' }));
    expect(cancel[0]!.text).toBe('Es gibt nichts abzubrechen.');
  });

  it('a search for “mediazione interculturale nei quartieri” returns mediation practices first, in Italian', async () => {
    const replies = await app.bot.handle(turn('mediazione interculturale nei quartieri', { locale: 'it' }));
    const cards = replies[0]!.cards!;
    expect(replies[0]!.text).toMatch(/^\d+ pratiche per «mediazione interculturale nei quartieri»\nRisultati 1–5 di \d+/);
    for (const c of cards.slice(0, 3)) expect(c.fields![0]!.value).toContain('Mediazione e risoluzione dei conflitti');
  });

  it('asks for a topic with suggestions in the language (it), each of which finds practices', async () => {
    const [ask] = await app.bot.handle(turn('/icc search', { locale: 'it' }));
    expect(ask!.text).toMatch(/^Quale tema devo cercare\?/);
    expect(ask!.choices).toEqual(['campagna anti-dicerie', 'mediazione interculturale', 'accoglienza dei nuovi arrivati']);
    for (const c of ask!.choices!) expect(app.search.search(c, { limit: 1 }).total, c).toBeGreaterThan(0);
  });
});
