/** Self-check answers in the officer's own words: kept as a note, mapped to yes / partly / no when clear. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { resultsCsv } from '../src/selfcheck/cli.js';
import { freeAnswer } from '../src/selfcheck/free-text.js';
import { tenantResults } from '../src/selfcheck/model.js';
import { buttonsOf, press, testApp, textOf, turn } from './helpers/app.js';
import { CONSOLE_SCOPE, selfcheckRunner } from './helpers/selfcheck.js';

describe('freeAnswer', () => {
  it('reads what a free-text answer clearly means, in every language', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['en', 'we have a policy on paper but no budget', 'partly'],
      ['de', 'wir haben nur ein Konzept', 'partly'],
      ['uk', 'частково, є план але нема бюджету', 'partly'],
      ['fr', 'nous avons une stratégie mais pas de budget', 'partly'],
      ['es', 'tenemos un plan, pero sin presupuesto', 'partly'],
      ['it', 'abbiamo solo una bozza', 'partly'],
      ['pt', 'temos um plano apenas no papel', 'partly'],
      ['en', "we don't have anything like that", 'no'],
      ['de', 'nein, so etwas gibt es bei uns nicht', 'no'],
      ['uk', 'у нас немає такої політики', 'no'],
      ['en', 'yes, adopted by the council in 2021', 'yes'],
      ['fr', 'oui, nous avons un plan adopté en 2022', 'yes'],
      ['en', 'the neighbourhood associations meet every year', undefined],
    ];
    for (const [locale, text, want] of cases) expect(freeAnswer(text, locale), text).toBe(want);
  });
});

describe('free-text answers in a run', () => {
  let app: App;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(async () => {
    await app?.close();
  });
  const scope = CONSOLE_SCOPE;
  const { started, run } = selfcheckRunner(() => app, 'UN');

  it('records a clear one with its note, in English, German and Ukrainian', async () => {
    for (const [locale, text] of [
      ['en', 'we have a policy on paper but no budget'],
      ['de', 'wir haben nur ein Konzept'],
      ['uk', 'частково, є план але нема бюджету'],
    ] as const) {
      const over = await started(locale);
      const first = (await run(over))!.questions[0]!;
      const replies = await app.bot.handle(turn(text, over));
      const after = (await run(over))!;
      expect(after.answers[first], text).toBe('partly');
      expect(after.notes?.[first]).toBe(text);
      const t = app.bot.deps.i18n.translator(locale);
      expect(textOf(replies)).toContain(t('selfcheck.note.mapped', { answer: t('selfcheck.answer.partly') }));
    }
  });

  it('asks which fits when unclear, keeps the note, and the note reaches the results export', async () => {
    const over = await started('en');
    const first = (await run(over))!.questions[0]!;
    const text = 'our neighbourhood associations meet every year';
    const replies = await app.bot.handle(turn(text, over));
    expect(textOf(replies)).toContain('Which fits best');
    expect(textOf(replies)).not.toContain('Please answer Yes');
    const kept = (await run(over))!;
    expect(kept.position).toBe(0);
    expect(kept.notes?.[first]).toBe(text);
    const partly = buttonsOf(replies).find((b) => b.action.name === 'answer' && b.action.data['v'] === 'partly')!;
    await app.bot.handle(press(partly.action, over));
    expect((await run(over))!.answers[first]).toBe('partly');
    const total = (await run(over))!.questions.length;
    for (let i = 1; i < total; i++) await app.bot.handle(turn('yes', over));
    const results = (await tenantResults(app.stores.store, scope)).filter((r) => r.user === over.user!.id);
    expect(results).toHaveLength(1);
    expect(results[0]!.notes).toEqual({ [first]: text });
    expect(resultsCsv(results)).toContain(`${first}: ${text}`);
  });

  it('a question or a clear request for something else is still not an answer', async () => {
    const over = await started('en');
    await app.bot.handle(turn('what counts as a policy here?', over));
    expect((await run(over))!.position).toBe(0);
    expect((await run(over))!.answers).toEqual({});
  });
});
