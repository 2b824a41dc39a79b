/**
 * Hello, thanks and goodbye: a short answer in the user's language, never a search. Phrases (whole
 * messages, so "hello, how did cities run anti-rumour work?" stays a search) are in
 * content/intents/smalltalk.json, one group per kind of remark.
 */
import { defineIntent } from '../src/core/intent.js';
import { phraseGroupMatcher } from '../src/core/phrases.js';

const phrases = phraseGroupMatcher('smalltalk');
const KINDS = ['greeting', 'thanks', 'bye'] as const;
type Kind = (typeof KINDS)[number];
const isKind = (g: string | undefined): g is Kind => (KINDS as readonly string[]).includes(g ?? '');

export default defineIntent({
  name: 'smalltalk',
  description: 'intent.smalltalk.description',
  examples: ['hello', "thanks, that's all"],
  commands: [],
  inHelp: false,
  match: (text) => phrases.best(text)?.weight ?? null,
  async handle(_turn, ctx, input) {
    const group = phrases.best(input.text)?.group;
    return [{ text: ctx.t(`smalltalk.${isKind(group) ? group : 'greeting'}`) }];
  },
});
