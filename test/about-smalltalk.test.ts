/** The programme questions and small talk: answered in the user's language, never with a search or help. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

describe('about the programme', () => {
  it('"What is the ICC Index?" explains the Index and offers the other topics', async () => {
    const replies = await app.bot.handle(turn('What is the ICC Index?', { locale: 'en' }));
    expect(textOf(replies)).toMatch(/benchmarking tool/);
    expect(textOf(replies)).not.toMatch(/practices? for/i);
    expect(buttonsOf(replies).map((b) => b.label)).toEqual(['What is ICC?', 'How to join', 'Self-check vs Index', 'First steps']);
  });

  it('answers a Ukrainian question in Ukrainian, and its buttons too', async () => {
    const replies = await app.bot.handle(turn('як наше місто може приєднатися до мережі?', { locale: 'uk' }));
    expect(textOf(replies)).toMatch(/Рада Європи|Ради Європи/);
    const [first] = buttonsOf(replies);
    expect(first!.label).toBe('Що таке ICC?');
    const next = await app.bot.handle(press(first!.action, { locale: 'uk' }));
    expect(textOf(next)).toMatch(/програма Ради Європи/);
  });

  it('tells the self-check apart from the official Index, in German', async () => {
    const replies = await app.bot.handle(turn('Ist der Selbstcheck der offizielle Index?', { locale: 'de' }));
    expect(textOf(replies)).toMatch(/nie als offiziellen Index-Wert/);
  });

  it.each([
    ['what should we do first?', 'en', /step-by-step guide/],
    ['З чого почати?', 'uk', /Покроковий посібник/],
    ['Wo fangen wir an?', 'de', /Schritt-für-Schritt-Leitfaden/],
  ])('"%s" (%s) gets the phases of an intercultural strategy, not help or a search', async (text, locale, expected) => {
    expect(textOf(await app.bot.handle(turn(text, { locale })))).toMatch(expected);
  });

  it('a forged topic in a button is a stale button, not a crash', async () => {
    const replies = await app.bot.handle(press({ intent: 'about', name: 'topic', data: { topic: 'secrets' } }));
    expect(textOf(replies)).toMatch(/expired|no longer valid/);
  });
});

describe('small talk', () => {
  it.each([
    ['hello', 'en', /Hello! Ask me/],
    ["thanks, that's all for now", 'en', /You're welcome/],
    ['Danke, das wars', 'de', /Gern geschehen/],
    ['бувай', 'uk', /До побачення/],
  ])('%s gets a short answer (%s), no search', async (text, locale, expected) => {
    const replies = await app.bot.handle(turn(text, { locale }));
    expect(replies).toHaveLength(1);
    expect(textOf(replies)).toMatch(expected);
    expect(buttonsOf(replies)).toEqual([]);
  });

  it('help does not list small talk as something the assistant does', async () => {
    expect(textOf(await app.bot.handle(turn('help', { locale: 'en' })))).not.toMatch(/Say hello/);
  });
});
