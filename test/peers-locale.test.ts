/**
 * A new user asking for peer cities in Ukrainian or German gets the practices' titles in their language
 * (English only where a practice has no translation), and the topic without the words that framed the
 * request ("сильні в", "welche Städte sind stark bei"), in the list, the connect reply and its intro text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../src/core/turn.js';
import { trimFiller } from '../src/peers/topic.js';
import { buttonsOf, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

/** Everything a reply shows: text, cards' titles, subtitles, bodies and fields. */
const shown = (replies: Reply[]) =>
  replies
    .flatMap((r) => [r.text ?? '', ...(r.cards ?? []).flatMap((c) => [c.title, c.subtitle ?? '', c.body ?? '', ...(c.fields ?? []).map((f) => f.value)])])
    .join('\n');

/** The practices a peers list shows, by their translated titles (the cards' "practices" field). */
function listedPractices(replies: Reply[], locale: string) {
  const values = replies.flatMap((r) => (r.cards ?? []).flatMap((c) => (c.fields ?? []).slice(0, 1).map((f) => f.value)));
  const titles = values.flatMap((v) => v.split('; '));
  const all = [...app.content.practiceById.values()];
  return titles.map((t) => ({ shown: t, practice: all.find((p) => (p.translations?.[locale]?.title ?? p.title) === t) }));
}

/** English titles (of practices that have another title in `locale`) that appear in the text. */
function englishTitlesIn(text: string, locale: string): string[] {
  return [...app.content.practiceById.values()].filter((p) => p.translations?.[locale]?.title && p.translations[locale].title !== p.title && text.includes(p.title)).map((p) => p.title);
}

const CASES = [
  { locale: 'uk', text: 'знайди міста-партнери, сильні в освіті', topic: /«(освіт\p{L}*|Освіта)»/u, notTopic: /сильн|міст\p{L}*-партнер|знайди/u },
  { locale: 'uk', text: 'які міста сильні в освіті?', topic: /«(освіт\p{L}*|Освіта)»/u, notTopic: /сильн|які/u },
  { locale: 'de', text: 'Welche Städte sind stark bei Bürgerbeteiligung?', topic: /„Bürgerbeteiligung“/u, notTopic: /stark|sind|Welche/u },
] as const;

describe("peers in the user's language", () => {
  for (const c of CASES) {
    it(`${c.locale}: "${c.text}" lists practices in ${c.locale} and names the topic without the request's words`, async () => {
      const replies = await app.bot.handle(turn(c.text, { locale: c.locale }));
      const header = replies[0]!.text!.split('\n')[0]!;
      expect(header).toMatch(c.topic);
      expect(header).not.toMatch(c.notTopic);
      // The reasons under each city name the same topic.
      for (const card of replies[0]!.cards ?? []) expect(card.subtitle ?? '').not.toMatch(c.notTopic);

      const listed = listedPractices(replies, c.locale);
      expect(listed.length).toBeGreaterThan(3);
      for (const l of listed) {
        expect(l.practice, `"${l.shown}" is a practice's title`).toBeDefined();
        if (l.practice!.translations?.[c.locale]) expect(l.shown).toBe(l.practice!.translations[c.locale]!.title);
      }
      expect(englishTitlesIn(shown(replies), c.locale)).toEqual([]);
    });
  }

  it('uk: connecting from a peer card shows the practices and the intro text to copy in Ukrainian, about the topic', async () => {
    const replies = await app.bot.handle(turn('знайди міста-партнери, сильні в освіті', { locale: 'uk' }));
    const connect = buttonsOf(replies).find((b) => b.action.name === 'connect')!;
    expect(connect.action.data).toMatchObject({ q: expect.not.stringMatching(/сильн/u) });
    const answer = await app.bot.handle(press(connect.action, { locale: 'uk' }));
    const text = shown(answer);
    expect(englishTitlesIn(text, 'uk')).toEqual([]);
    expect(text).not.toMatch(/сильні в/u);
  });

  it('de: a topic handed over by a button is cleaned the same way', async () => {
    const replies = await app.bot.handle(press({ intent: 'peers', name: 'topic', data: { q: 'Welche Städte sind stark bei Bürgerbeteiligung?' } }, { locale: 'de' }));
    expect(replies[0]!.text!.split('\n')[0]).toMatch(/„Bürgerbeteiligung“/u);
    expect(englishTitlesIn(shown(replies), 'de')).toEqual([]);
  });
});

describe('the words that frame a peers request are not its topic, in seven languages', () => {
  const cases: Array<[string, string]> = [
    ['find peer cities strong in education', 'education'],
    ['which cities are good at welcoming newcomers?', 'welcoming newcomers'],
    ['quelles villes sont fortes en éducation ?', 'éducation'],
    ['villes fortes en participation citoyenne', 'participation citoyenne'],
    ['¿qué ciudades son fuertes en educación?', 'educación'],
    ['quali città sono forti in partecipazione?', 'partecipazione'],
    ['Welche Städte sind stark bei Bürgerbeteiligung?', 'Bürgerbeteiligung'],
    ['Städte, die stark im Bereich Bildung sind', 'Bildung'],
    ['Wie arbeiten Städte mit Moscheegemeinden zusammen?', 'Moscheegemeinden'],
    ['que cidades são fortes em educação?', 'educação'],
    ['знайди міста-партнери, сильні в освіті', 'освіті'],
    ['які міста сильні в освіті?', 'освіті'],
    ['як міста співпрацюють з релігійними громадами', 'релігійними громадами'],
    // Inside the topic the same words stay.
    ['mediation in schools', 'mediation in schools'],
    ['Bildung und Beteiligung', 'Bildung und Beteiligung'],
  ];
  for (const [text, topic] of cases) it(`"${text}" -> "${topic}"`, () => expect(trimFiller(text)).toBe(topic));
});

describe('city names in the reader’s language', () => {
  it('a Ukrainian peers list names the user’s city and the peers in Cyrillic where we have the name', async () => {
    const app = await testApp();
    try {
      const over = { locale: 'uk', user: { id: 'U-PEERS-CYR' } };
      await app.bot.handle(turn('моє місто Суми', over));
      const text = textOf(await app.bot.handle(turn('знайди міста-партнери, сильні в освіті', over)));
      expect(text).toMatch(/Порівняно з Суми/);
      expect(text).not.toMatch(/Reggio Emilia,/);
    } finally {
      await app.close();
    }
  });
});
