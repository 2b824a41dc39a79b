/** What the assistant can do, with example phrases taken from each intent's own examples. */
import { defineIntent, type Intent, type IntentContext } from '../src/core/intent.js';
import { phraseMatcher } from '../src/core/phrases.js';

const phrases = phraseMatcher('help');

/**
 * Up to two example phrases in the reply's language: the catalogue's `intent.<name>.example1/2`
 * messages when it has them (each translation picks phrases that route in that language, and
 * test/router-i18n.test.ts replays them), else the intent's own English examples.
 */
export function examplesFor(ctx: Pick<IntentContext, 't'>, intent: Intent): string[] {
  const keys = [1, 2].map((n) => `intent.${intent.name}.example${n}`);
  const localized = keys.map((k) => ctx.t(k)).filter((text, i) => text !== keys[i]);
  return localized.length ? localized : intent.examples.slice(0, 2);
}

export default defineIntent({
  name: 'help',
  description: 'intent.help.description',
  examples: ['help', 'what can you do?'],
  commands: ['help', 'h', '?'],
  // Every language's phrases, English too, are in content/intents/help.json (whole-message only for
  // "aide", "ayuda"... so that "aide à la création d'entreprise" stays a search).
  match: (text) => phrases(text),
  async handle(_turn, ctx) {
    const lines = [ctx.t('help.intro'), ''];
    const listed = [...ctx.intents.values()].filter((i) => i.name !== 'help' && i.inHelp !== false);
    for (const intent of listed) {
      lines.push(`• ${ctx.t(intent.description)}`);
      const examples = examplesFor(ctx, intent).map((e) => ctx.t('help.quoted', { text: e }));
      if (examples.length) lines.push(`  ${ctx.t('help.tryExamples', { examples: examples.join(', ') })}`);
    }
    lines.push('', ctx.t('help.commands', { commands: [...ctx.intents.values()].flatMap((i) => i.commands.slice(0, 1)).map((c) => `/icc ${c}`).join(', ') }));
    const choices = listed.map((i) => examplesFor(ctx, i)[0]!).filter(Boolean);
    return [{ text: lines.join('\n'), choices }];
  },
});
