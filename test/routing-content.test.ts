/**
 * Issue 16: the English rules that lived as regexes in intents/*.ts are phrases (content/intents/) and
 * word lists (content/words/) now, with their translations. Each rule is pinned here in English and in
 * at least one other network language, through the router (which intent) or the real bot (what the
 * intent then does); and the word lists follow CONTENT_DIR as the phrases do.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { compilePhrase, fold, usePhrasesFrom } from '../src/core/phrases.js';
import { route, type Route } from '../src/core/router.js';
import { loadContent } from '../src/content/loader.js';
import { ContentError } from '../src/core/errors.js';
import { compileWordList, tokenize, useWordsFrom, WordListsSchema } from '../src/core/words.js';
import { buttonsOf, ROOT, testApp, textOf, turn, type TestApp } from './helpers/app.js';

const routed = (r: Route) => (r.kind === 'interrupt' ? `interrupt:${r.word}` : 'intent' in r ? `${r.kind}:${r.intent}` : r.kind);
const goesTo = (text: string) => routed(route({ text }, intents, () => false));

describe('phrases moved out of the intent files route to their intent', () => {
  const cases: Array<[intent: string, rule: string, texts: string[]]> = [
    ['peers', 'connect me with', ['connect me with Getxo', 'Could you introduce us to Bergen?', 'please put us in touch with Oslo', 'Mettez-moi en relation avec Getxo']],
    ['peers', 'peer cities', ['find a peer city like ours for anti-rumours', 'peer-municipalities for education', 'suggest some peers for mediation', 'towns similar to ours in size']],
    [
      'peers',
      'which cities are good at',
      [
        'which cities are good at welcoming newcomers?',
        'Quelles villes excellent dans l’accueil des nouveaux arrivants ?',
        '¿Qué ciudades destacan en mediación intercultural?',
        'Quali città eccellono nella mediazione?',
        'Welche Städte sind gut bei der Bürgerbeteiligung?',
        'Quais cidades se destacam na mediação?',
        'Які міста найкращі в інтеграції мігрантів?',
      ],
    ],
    [
      'peers',
      'learn from other cities',
      [
        'what can we learn from other cities about housing',
        'Que pouvons-nous apprendre des autres villes sur le logement ?',
        'Was können wir von anderen Städten lernen?',
        'Чого ми можемо навчитися в інших міст?',
      ],
    ],
    ['peers', 'opt in or out of introductions', ['opt me in as a peer contact', 'introductions: opt out please']],
    ['selfcheck', 'self-check by name', ['start the self-check', 'a self assessment please', 'selfcheck', 'lancer l’autoévaluation']],
    ['selfcheck', 'assess our city', ['assess our city', 'évaluer notre ville', 'unsere Stadt bewerten', 'оцінити наше місто', 'evaluar nuestra ciudad', 'valutare la nostra città', 'avaliar a nossa cidade']],
    ['selfcheck', 'continue alone', ['resume', 'Continue!', 'reprendre', 'continuar', 'riprendi']],
    [
      'selfcheck',
      'share with my group',
      ['share the results with our working group', 'share with my group', 'partager les résultats avec mon groupe', 'Ergebnisse mit meiner Arbeitsgruppe teilen', 'поділитися результатами з моєю робочою групою'],
    ],
    ['nudges', 'nudges, weekly tips', ['pause the nudges', 'weekly practice updates please', 'send this channel a weekly tip every Monday at 9', 'post the team a digest']],
    [
      'nudges',
      'a tip every weekday',
      ['every Friday a tip', 'tips each wed', 'chaque vendredi, un conseil', 'jeden Freitag einen Tipp', 'щоп’ятниці порада', 'todas as sextas uma dica', 'ogni venerdì un suggerimento', 'cada viernes un consejo'],
    ],
  ];
  for (const [intent, rule, texts] of cases)
    it(`${intent}: ${rule}`, () => {
      for (const text of texts) expect(goesTo(text), text).toBe(`intent:${intent}`);
    });

  it('a query field is a search whatever the language', () => {
    expect(goesTo('area:education country:Portugal')).toBe('intent:search');
    expect(goesTo('pratiques city: Oslo')).toBe('intent:search');
  });
});

describe('phrase and word-list syntax: a|b is one word, any of them', () => {
  it('phrases', () => {
    const re = compilePhrase('send|post ... this|our channel|team ... tip|tips');
    if (typeof re === 'string') throw new Error(re);
    expect(re.test(fold('Post our team a tip'))).toBe(true);
    expect(re.test(fold('send this channel tips'))).toBe(true);
    expect(re.test(fold('send a tip to our team'))).toBe(false);
    expect(compilePhrase('send||post')).toMatch(/no letters or digits/);
  });

  it('word lists', () => {
    const list = compileWordList(['^set|change my|the language']);
    expect(list.has(tokenize('Change the language to Italian'))).toBe(true);
    expect(list.has(tokenize('set your language'))).toBe(false);
    // One position, one word: an alternative that folds to two words cannot be one.
    expect(WordListsSchema.safeParse({ x: { fr: ["l'école|école"] } }).success).toBe(false);
  });
});

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('word lists the intents read (content/words/), in English and other languages', () => {
  const en = JSON.parse(readFileSync(join(ROOT, 'content', 'i18n', 'en', 'selfcheck.json'), 'utf8')) as Record<string, string>;
  const say = async (text: string, tenant: string) => app!.bot.handle(turn(text, { tenant, locale: 'en', conversation: { platform: 'console', tenant, conversation: 'C1', kind: 'dm' } }));
  let tenants = 0;

  it('self-check: cancel, continue, share and results, in every complete locale', async () => {
    app = await testApp();
    const asks: Array<[lang: string, discard: string, resume: string, share: string, results: string]> = [
      ['en', 'cancel my self-check', 'resume my self-check', 'share the self-check', 'show my self-check results'],
      ['fr', 'annuler mon autoévaluation', 'reprendre mon autoévaluation', 'partager mon autoévaluation', 'résultats de mon autoévaluation'],
      ['es', 'cancelar mi autoevaluación', 'continuar mi autoevaluación', 'compartir mi autoevaluación', 'resultados de mi autoevaluación'],
      ['it', 'annulla la mia autovalutazione', 'riprendere la mia autovalutazione', 'condividi la mia autovalutazione', 'risultati della mia autovalutazione'],
      ['de', 'Selbstcheck verwerfen', 'Selbstcheck fortsetzen', 'Selbstcheck mit dem Team teilen', 'Ergebnisse meines Selbstchecks'],
      ['pt', 'cancelar a minha autoavaliação', 'retomar a minha autoavaliação', 'partilhar a minha autoavaliação', 'resultados da minha autoavaliação'],
      ['uk', 'скасувати самооцінку', 'продовжити самооцінку', 'поділитися самооцінкою', 'результати самооцінки'],
    ];
    for (const [lang, discard, resume, share, results] of asks) {
      const tenant = `T${++tenants}`;
      await say('my city is Oslo', tenant);
      // No run: "discard" and "continue" both say so, but only "continue" offers to start one.
      const d = await say(discard, tenant);
      expect(textOf(d), `${lang}: ${discard}`).toBe(en['selfcheck.noRun']);
      expect(d[0]!.choices, `${lang}: ${discard}`).toBeUndefined();
      const r = await say(resume, tenant);
      expect(textOf(r), `${lang}: ${resume}`).toBe(en['selfcheck.noRun']);
      expect(r[0]!.choices, `${lang}: ${resume}`).toHaveLength(1);
      // No result: sharing says so; results say so and offer to start.
      const s = await say(share, tenant);
      expect(textOf(s), `${lang}: ${share}`).toBe(en['selfcheck.noResult']);
      expect(s[0]!.choices, `${lang}: ${share}`).toBeUndefined();
      const res = await say(results, tenant);
      expect(textOf(res), `${lang}: ${results}`).toBe(en['selfcheck.noResult']);
      expect(res[0]!.choices, `${lang}: ${results}`).toHaveLength(1);
    }
  });

  it('self-check: the lead before a city’s name is not part of it', async () => {
    app = await testApp();
    for (const [answer, city] of [
      ['it’s the city of Oslo', 'oslo'],
      ['I am from Bergen', 'bergen'],
      ['nous sommes la ville de Bergen', 'bergen'],
      ['wir sind die Stadt Oslo', 'oslo'],
      ['somos la ciudad de Bergen', 'bergen'],
    ] as const) {
      const tenant = `T${++tenants}`;
      expect(textOf(await say('start the self-check', tenant))).toBe(en['selfcheck.askCity']);
      await say(answer, tenant);
      expect((await app.stores.profile.get({ platform: 'console', tenant }, 'U1'))?.city, answer).toBe(city);
    }
  });

  it('privacy: export and delete words, English and translated', async () => {
    app = await testApp();
    for (const text of ['/icc privacy export', '/icc privacy download all my data', '/icc privacy exporter', '/icc privacy descargar mis datos', '/icc privacy lade meine Daten herunter', '/icc privacy завантажити мої дані'])
      expect((await app.bot.handle(turn(text)))[0]!.file?.mimeType, text).toBe('application/json');
    for (const text of ['/icc privacy forget me', '/icc privacy supprimer', '/icc privacy elimina i miei dati', '/icc privacy meine Daten löschen', '/icc privacy apagar os meus dados', '/icc privacy видаліть мої дані'])
      expect(buttonsOf(await app.bot.handle(turn(text))).map((b) => b.action.name), text).toContain('confirm');
    expect(buttonsOf(await app.bot.handle(turn('/icc privacy'))).map((b) => b.action.name)).toEqual(['export', 'delete']);
  });

  it('settings: a polite word, then a language lead, in several languages', async () => {
    app = await testApp();
    const scope = { platform: 'console' as const, tenant: 'T1' };
    for (const [text, locale] of [
      ['please speak German', 'de'],
      ['bitte sprich Italienisch', 'it'],
      ['por favor, háblame en francés', 'fr'],
      ['будь ласка, говори українською', 'uk'],
      ['per favore parlami in portoghese', 'pt'],
    ] as const) {
      await app.bot.handle(turn(text));
      expect((await app.stores.profile.get(scope, 'U1'))?.locale, text).toBe(locale);
    }
  });
});

describe('word lists follow CONTENT_DIR', () => {
  afterAll(() => {
    // The next test file's app sets these again; in this file, later tests read the package's content.
    usePhrasesFrom(join(ROOT, 'content'));
    useWordsFrom(join(ROOT, 'content'));
  });

  it('a copy of the content with a changed word list changes what the intent does', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'icc-content-')), 'content');
    cpSync(join(ROOT, 'content'), dir, { recursive: true });
    const file = join(dir, 'words', 'privacy.json');
    const lists = JSON.parse(readFileSync(file, 'utf8')) as { export: Record<string, string[]> };
    lists.export.en!.push('^takeout');
    writeFileSync(file, JSON.stringify(lists));

    app = await testApp();
    expect((await app.bot.handle(turn('/icc privacy takeout')))[0]!.file).toBeUndefined();
    await app.close();
    app = await testApp({ CONTENT_DIR: dir });
    expect((await app.bot.handle(turn('/icc privacy takeout')))[0]!.file?.mimeType).toBe('application/json');
  });

  it('the loader validates the word lists, naming the file and list', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'icc-content-')), 'content');
    cpSync(join(ROOT, 'content'), dir, { recursive: true });
    writeFileSync(join(dir, 'words', 'selfcheck.json'), JSON.stringify({ share: { en: ['share ... results'] } }));
    expect(() => loadContent(dir)).toThrow(ContentError);
    expect(() => loadContent(dir)).toThrow(/words\/selfcheck\.json.*share/);
  });
});
