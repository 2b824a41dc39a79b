/**
 * Self-check answers in the officer's own words that say "don't know" or a hedged "no", in seven
 * languages. "Weiß ich nicht" is Don't know, not the No of its "nicht"; "not yet" and "not really" are No
 * (nothing is in place yet), whatever context follows ("we only started last year" is no Partly), and the
 * words are kept as the question's note. The first of these wordings in the message decides: "not yet
 * fully" is still Partly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { freeAnswer } from '../src/selfcheck/free-text.js';
import { testApp, textOf, turn } from './helpers/app.js';
import { selfcheckRunner } from './helpers/selfcheck.js';

const DONT_KNOW: Array<[string, string]> = [
  ['de', 'weiß ich nicht'],
  ['de', 'ich weiß es nicht genau'],
  ['de', 'keine Ahnung, ehrlich gesagt'],
  ['uk', 'не знаю, треба перевірити'],
  ['es', 'no lo sé, tendría que preguntar'],
  ['it', 'non lo so, devo chiedere'],
  ['fr', 'je ne sais pas trop'],
  ['pt', 'não sei, tenho de perguntar'],
  ['en', 'no idea to be honest'],
  ['en', "not sure, I'd have to check"],
];

const NOT_YET: Array<[string, string]> = [
  ['en', 'not really, we only started last year'],
  ['en', 'not yet, it is planned for next year'],
  ['de', 'nicht wirklich, wir haben erst letztes Jahr angefangen'],
  ['de', 'noch nicht'],
  ['fr', 'pas vraiment, on a seulement commencé l’an dernier'],
  ['fr', 'pas encore'],
  ['es', 'no realmente, solo empezamos el año pasado'],
  ['es', 'todavía no'],
  ['it', "non proprio, abbiamo solo iniziato l'anno scorso"],
  ['it', 'non ancora'],
  ['pt', 'não propriamente, só começámos no ano passado'],
  ['pt', 'ainda não'],
  ['uk', 'не зовсім, ми лише торік почали'],
  ['uk', 'ще ні'],
];

describe('freeAnswer: don\'t know and hedged negatives', () => {
  it.each(DONT_KNOW)('(%s) "%s" is Don\'t know', (locale, text) => {
    expect(freeAnswer(text, locale)).toBe('unknown');
  });
  it.each(NOT_YET)('(%s) "%s" is No', (locale, text) => {
    expect(freeAnswer(text, locale)).toBe('no');
  });
  it.each([
    ['en', 'not yet fully, only on paper'],
    ['de', 'noch nicht ganz, nur ein Entwurf'],
    ['en', 'we have a draft but not yet adopted'],
    ['en', 'partly, not sure about the budget'],
  ])('(%s) "%s" stays Partly', (locale, text) => {
    expect(freeAnswer(text, locale)).toBe('partly');
  });
});

describe('through the bot', () => {
  let app: App;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(async () => {
    await app?.close();
  });
  const { started, run } = selfcheckRunner(() => app, 'UFA');

  it.each([...DONT_KNOW.map(([l, t]) => [l, t, 'unknown'] as const), ...NOT_YET.map(([l, t]) => [l, t, 'no'] as const)])(
    '(%s) "%s" is recorded as %s, the words kept as a note',
    async (locale, text, want) => {
      const over = await started(locale);
      const first = (await run(over))!.questions[0]!;
      const replies = await app.bot.handle(turn(text, over));
      const after = (await run(over))!;
      expect(after.answers[first]).toBe(want);
      expect(after.position).toBe(1);
      const t = app.bot.deps.i18n.translator(locale);
      // A whole-message answer ("weiß ich nicht") is taken as typed; other wording says how it was read.
      if (after.notes?.[first] !== undefined) {
        expect(after.notes[first]).toBe(text);
        expect(textOf(replies)).toContain(t('selfcheck.note.mapped', { answer: t(`selfcheck.answer.${want}`) }));
      }
      expect(textOf(replies)).not.toContain(t('selfcheck.notUnderstood'));
    },
  );

  it('keeps the words of a hedged answer as the note', async () => {
    const over = await started('en');
    const first = (await run(over))!.questions[0]!;
    await app.bot.handle(turn('not really, we only started last year', over));
    expect((await run(over))!.notes?.[first]).toBe('not really, we only started last year');
  });
});
