/**
 * Small talk answers the remark the message makes, wherever its words are: thanks with the thanks, a
 * goodbye or a well-wish ("have a nice weekend", "гарних вихідних") with the goodbye, both when both, the
 * greeting only for a greeting. These messages match no whole small-talk phrase; the router's classifier
 * sends them to small talk, which used to answer them all with the greeting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repliesFor } from '../intents/smalltalk.js';
import { buttonsOf, testApp, textOf, turn, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

type Kinds = Array<'greeting' | 'thanks' | 'bye'>;
const CASES: Array<[string, string, Kinds]> = [
  ['great, thanks a lot!', 'en', ['thanks']],
  ['have a nice weekend', 'en', ['bye']],
  ['thanks so much, have a great weekend!', 'en', ['thanks', 'bye']],
  ['Danke, schönes Wochenende!', 'de', ['thanks', 'bye']],
  ['Super, vielen Dank!', 'de', ['thanks']],
  ['Schönes Wochenende!', 'de', ['bye']],
  ['merci infiniment, bonne journée !', 'fr', ['thanks', 'bye']],
  ['super, merci mille fois !', 'fr', ['thanks']],
  ['¡genial, muchísimas gracias!', 'es', ['thanks']],
  ['gracias, buen fin de semana', 'es', ['thanks', 'bye']],
  ['grazie mille, buona giornata!', 'it', ['thanks', 'bye']],
  ['ottimo, grazie davvero!', 'it', ['thanks']],
  ['obrigado, bom fim de semana', 'pt', ['thanks', 'bye']],
  ['ótimo, muito obrigada mesmo!', 'pt', ['thanks']],
  ['дякую, гарних вихідних', 'uk', ['thanks', 'bye']],
  ['чудово, велике дякую!', 'uk', ['thanks']],
];

describe('small talk answers the remark made', () => {
  it.each(CASES)('"%s" (%s) gets %j', async (text, locale, kinds) => {
    const replies = await app.bot.handle(turn(text, { locale }));
    const t = app.bot.deps.i18n.translator(locale);
    expect(replies).toHaveLength(1);
    expect(textOf(replies)).toBe(kinds.map((k) => t(`smalltalk.${k}`)).join(' '));
    expect(buttonsOf(replies)).toEqual([]);
  });

  it.each([
    ['hello', ['greeting']],
    ['hi there, good morning', ['greeting']],
    ['grazie, ciao!', ['thanks', 'bye']],
    // An Italian officer opens with "ciao" (the trial got "Arrivederci"); after thanks it is a goodbye.
    ['ciao', ['greeting']],
    ['ciao ciao', ['bye']],
    ['thanks and bye', ['thanks', 'bye']],
    ['бувай', ['bye']],
    ['Guten Morgen und danke', ['thanks']],
  ] as Array<[string, Kinds]>)('repliesFor("%s") is %j', (text, kinds) => {
    expect(repliesFor(text)).toEqual(kinds);
  });
});
