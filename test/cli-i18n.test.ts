/**
 * Per-language transcripts through the real `icc-assistant chat --locale xx`: the help word of the
 * language answers in that language, and a search in that language gets the localized header,
 * counts and buttons. Expected strings come from the catalogues (content/i18n/<locale>), plus one
 * literal sentence per language so a catalogue that silently fell back to English is caught too.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/loader.js';
import { createI18n, type Translate } from '../src/core/i18n.js';
import { ROOT } from './helpers/app.js';
import { runCli } from './helpers/cli.js';

interface Case {
  locale: string;
  help: string;
  query: string;
  /** A literal from the catalogue's help.intro, as a reader would check it. */
  intro: RegExp;
}

const CASES: Case[] = [
  { locale: 'fr', help: 'aide', query: 'médiation interculturelle dans les quartiers', intro: /Je suis l’assistant des Cités interculturelles/ },
  { locale: 'es', help: 'ayuda', query: '¿qué prácticas hay sobre mediación?', intro: /Soy el asistente de Ciudades Interculturales/ },
  { locale: 'it', help: 'aiuto', query: 'mediazione interculturale nei quartieri', intro: /Sono l’assistente delle Città interculturali/ },
  { locale: 'de', help: 'Hilfe', query: 'Beispiele für Mediation in Stadtteilen', intro: /Ich bin der Assistent des Netzwerks Interkulturelle Städte/ },
  { locale: 'pt', help: 'ajuda', query: 'exemplos de acolhimento de recém-chegados', intro: /Sou o assistente das Cidades Interculturais/ },
  { locale: 'uk', help: 'допомога', query: 'медіація в районах міста', intro: /Я асистент мережі «Міжкультурні міста»/ },
];

let i18n: ReturnType<typeof createI18n>;
beforeAll(() => {
  i18n = createI18n(loadContent(join(ROOT, 'content')).messages);
});

/** The header line for whichever total the search found. */
function headerTotal(t: Translate, line: string, query: string): number | undefined {
  for (let n = 1; n <= 200; n++) if (t('search.header', { total: n, query }) === line) return n;
  return undefined;
}

/** One chat at a time: the machine has two cores, each process loads the whole app, and test/cli.test.ts runs beside this file. */
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 1) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

describe.concurrent('icc-assistant chat --locale xx (real process)', () => {
  for (const c of CASES)
    it(`${c.locale}: “${c.help}” is answered in that language, and a search gets the localized header`, { timeout: 120_000 }, async () => {
      const t = i18n.translator(c.locale);
      const en = i18n.translator('en');
      const r = await limited(() => runCli(['chat', '--locale', c.locale, '--user', `officer-${c.locale}`], { input: `${c.help}\n${c.query}\n`, timeoutMs: 60_000 }));
      expect(r.code, r.stderr).toBe(0);
      const [help = '', search = ''] = r.stdout.split('\n---\n');

      expect(help).toMatch(c.intro);
      expect(help).toContain(t('help.intro'));
      expect(help).toContain(t('intent.search.description'));
      expect(help).toContain(t('help.quoted', { text: t('intent.search.example1') }));
      expect(help).not.toContain(en('help.intro'));

      const [header = '', ...rest] = search.split('\n');
      const total = headerTotal(t, header, c.query);
      expect(total, `header “${header}”`).toBeGreaterThan(0);
      expect(rest.join('\n')).toContain(t('search.showing', { from: 1, to: Math.min(5, total!), total: total! }));
      expect(search).toContain(`] ${t('search.moreLikeThis')}`);
      expect(search).toContain(`] ${t('search.helpful')}`);
      if (total! > 5) expect(search).toContain(`] ${t('search.moreResults')}`);
      expect(search).not.toContain(en('search.helpful') + ' ');
    });
});
