/** What the assistant can do, with example phrases taken from each intent's own examples. */
import { defineIntent, matchPatterns } from '../src/core/intent.js';

export default defineIntent({
  name: 'help',
  description: 'intent.help.description',
  examples: ['help', 'what can you do?'],
  commands: ['help', 'h', '?'],
  match: (text) =>
    matchPatterns(text, [
      [/^\s*(help|aide|ayuda|aiuto|hilfe|ajuda|hjelp|допомога)\b/i, 0.95],
      [/\b(what can you do|how does this work|what do you do|commands|how do i use)\b/i, 0.9],
      [/^\s*(hi|hello|hey|hola|bonjour|ciao|hallo|olá|hei|привіт)\s*[!.]*\s*$/i, 0.8],
    ]),
  async handle(_turn, ctx) {
    const lines = [ctx.t('help.intro'), ''];
    for (const intent of ctx.intents.values()) {
      if (intent.name === 'help') continue;
      lines.push(`• ${ctx.t(intent.description)}`);
      const examples = intent.examples.slice(0, 2).map((e) => `“${e}”`);
      if (examples.length) lines.push(`  ${ctx.t('help.tryExamples', { examples: examples.join(', ') })}`);
    }
    lines.push('', ctx.t('help.commands', { commands: [...ctx.intents.values()].flatMap((i) => i.commands.slice(0, 1)).map((c) => `/icc ${c}`).join(', ') }));
    const choices = [...ctx.intents.values()].filter((i) => i.name !== 'help').map((i) => i.examples[0]!).filter(Boolean);
    return [{ text: lines.join('\n'), choices }];
  },
});
