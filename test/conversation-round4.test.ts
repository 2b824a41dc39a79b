/**
 * Found by the French, Italian, Portuguese and Spanish new-user trial (eval/trial/*-3.*) and the third
 * held-out set: asking about a result by its place in the list with the everyday "tell me about" verb of
 * each language; "can we switch to French?"; "what is this bot for?"; and a topic we have nothing on
 * answered with the search's honest "nothing found", not the help text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { route, type Route } from '../src/core/router.js';
import { testApp, textOf, turn, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());
const decided = (text: string) => app.bot.decide(text);

const routed = (r: Route) => (r.kind === 'interrupt' ? `interrupt:${r.word}` : 'intent' in r ? `${r.kind}:${r.intent}` : r.kind);
const goesTo = (text: string) => routed(route({ text }, intents, () => false));

describe('a result asked about by its place in the list', () => {
  it.each(['háblame del segundo', 'cuéntame el tercero', 'parle-moi du deuxième', 'parlami del secondo', 'fala-me do segundo', 'erzähl mir mehr über das zweite', 'поясни другу', 'tell me about the second one'])('%s', (text) => {
    expect(goesTo(text)).toMatch(/:followup$/);
  });
});

describe('everyday wordings', () => {
  it.each(['can we switch to French?', 'passez en italien', 'cambia al español', 'podemos falar em português?', 'können wir auf Deutsch wechseln', 'перейди на українську'])('%s changes the language', (text) => {
    expect(decided(text)).toMatchObject({ intent: 'settings' });
  });

  it.each(['¿para qué sirve este asistente?', '¿cómo se usa esto?', 'à quoi sert ce bot ?', 'a cosa serve questo bot?', 'wofür ist dieser Bot?', 'para que serve isto?', 'для чого цей бот?', 'how do I use this?'])('%s gets the help', (text) => {
    expect(decided(text)).toMatchObject({ intent: 'help' });
  });

  it('„zeig mir noch mehr“ pages', () => {
    expect(decided('zeig mir noch mehr')).toMatchObject({ intent: 'followup' });
  });
});

describe('a topic we have nothing on', () => {
  it.each([
    ['fr', 'déneigement des trottoirs', /aucune pratique/],
    ['de', 'Sanierung von Schwimmbädern', /kein Praxisbeispiel gefunden/],
  ])('[%s] %s: the search says it found nothing, with areas to browse', async (locale, text, nothing) => {
    expect(decided(text)).toMatchObject({ kind: 'fallback', intent: 'search' });
    const replies = await app.bot.handle(turn(text, { locale, user: { id: `U-${locale}-none` } }));
    expect(textOf(replies)).toMatch(nothing);
  });
});
