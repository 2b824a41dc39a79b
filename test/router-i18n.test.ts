/** Routing in the network's languages: interrupt words, help and search phrases, localized examples. */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { loadContent } from '../src/content/loader.js';
import { ContentError } from '../src/core/errors.js';
import { compilePhrase, compilePhrases, fold, loadIntentPhrases, phraseMatcher, PHRASES_DIR } from '../src/core/phrases.js';
import { classify, MATCH_THRESHOLD, route, type Route } from '../src/core/router.js';
import { ROOT } from './helpers/app.js';

const noTopic = () => false;
const routed = (r: Route) => (r.kind === 'interrupt' ? `interrupt:${r.word}` : 'intent' in r ? `${r.kind}:${r.intent}` : r.kind);
const goesTo = (text: string, activeDialog?: string) => routed(route({ text, ...(activeDialog ? { activeDialog } : {}) }, intents, noTopic));

describe('interrupt words in every network language', () => {
  it('help words interrupt, even inside a dialog', () => {
    for (const w of ['aide', 'ayuda', '¿ayuda?', 'aiuto', 'Hilfe', 'Hilfe!', 'ajuda', 'допомога', 'Допомога', 'довідка', 'ajut', 'hjelp', 'ヘルプ', '도움말'])
      expect(goesTo(w, 'selfcheck'), w).toBe('interrupt:help');
  });

  it('cancel words interrupt, even inside a dialog', () => {
    for (const w of ['annuler', 'Annulez', 'arrêter', 'cancelar', 'cancela', 'annulla', 'basta', 'abbrechen', 'Stopp', 'parar', 'скасувати', 'Стоп', 'cancel·lar', 'avbryt', 'キャンセル', '취소'])
      expect(goesTo(w, 'selfcheck'), w).toBe('interrupt:cancel');
  });
});

describe('small talk phrases', () => {
  // Greetings, thanks and goodbyes get a short answer of their own, never help or a search.
  const cases: Array<[string, string]> = [
    ['en', 'Hello!'],
    ['en', "thanks, that's all for now"],
    ['fr', 'Bonjour !'],
    ['fr', 'merci beaucoup'],
    ['es', 'Hola'],
    ['de', 'Guten Tag'],
    ['de', 'Danke, das wars'],
    ['it', 'arrivederci'],
    ['pt', 'obrigada'],
    ['uk', 'Привіт!'],
    ['uk', 'дякую, це все'],
    ['ca', 'Bon dia'],
    ['ja', 'こんにちは'],
    ['ko', '안녕하세요'],
  ];
  for (const [lang, text] of cases)
    it(`${lang}: “${text}” goes to smalltalk`, () => {
      expect(goesTo(text)).toBe('intent:smalltalk');
    });

  it('a greeting in front of a question leaves the question to its intent', () => {
    expect(goesTo('hello, how did other cities run an anti-rumour campaign?')).not.toBe('intent:smalltalk');
  });
});

describe('help phrases', () => {
  const cases: Array<[string, string]> = [
    ['fr', 'aidez-moi'],
    ['fr', 'Que pouvez-vous faire ?'],
    ['es', '¿Qué puedes hacer?'],
    ['es', 'Ayúdeme, por favor'],
    ['it', 'Cosa sai fare?'],
    ['it', 'ho bisogno di aiuto'],
    ['de', 'Was können Sie alles?'],
    ['pt', 'O que pode fazer?'],
    ['pt', 'preciso de ajuda'],
    ['uk', 'Що ви вмієте?'],
    ['uk', 'мені потрібна допомога'],
    ['ca', 'Què pots fer?'],
    ['no', 'Hva kan du gjøre?'],
    ['no', 'hjelp meg'],
  ];
  for (const [lang, text] of cases)
    it(`${lang}: “${text}” goes to help`, () => {
      expect(goesTo(text)).toMatch(/^(interrupt:help|intent:help)$/);
    });

  it('a help word at the start of a topic is not a help request', () => {
    const topic = () => true;
    for (const text of ['aide à la création d’entreprise pour les migrants', 'ayuda a domicilio para personas mayores', 'Hilfe für Geflüchtete bei der Wohnungssuche'])
      expect(routed(route({ text }, intents, topic)), text).toBe('fallback:search');
  });
});

describe('search phrases', () => {
  const cases: Array<[string, string]> = [
    ['fr', 'comment d’autres villes ont-elles mené une campagne anti-rumeurs ?'],
    ['fr', "comment d'autres villes ont-elles mené une campagne anti-rumeurs ?"],
    ['fr', 'je cherche des exemples de médiation interculturelle'],
    ['es', '¿qué prácticas hay sobre mediación?'],
    ['es', '¿Cómo han trabajado otras ciudades la acogida de personas refugiadas?'],
    ['es', '¿cómo funciona la mediación en otras ciudades?'],
    ['it', 'esempi di accoglienza dei nuovi arrivati'],
    ['it', 'come hanno fatto altre città a combattere le dicerie?'],
    ['de', 'Beispiele für Mediation'],
    ['de', 'Wie haben andere Städte Neuankömmlinge willkommen geheißen?'],
    ['de', 'Ich suche Praxisbeispiele zur Antidiskriminierung'],
    ['pt', 'exemplos de acolhimento'],
    ['pt', 'Como é que outras cidades envolveram os moradores?'],
    ['uk', 'приклади практик медіації'],
    ['uk', 'Як інші міста приймають новоприбулих?'],
    ['uk', 'знайдіть проєкти про мовні курси'],
    ['ca', 'com han treballat altres ciutats la campanya antirumors?'],
    ['ca', 'exemples de mediació intercultural'],
    ['no', 'hvordan har andre byer jobbet med mottak av nykommere?'],
    ['no', 'eksempler på mekling i nabolag'],
  ];
  for (const [lang, text] of cases)
    it(`${lang}: “${text}” goes to search`, () => {
      const [best] = classify(text, intents);
      expect(best?.intent, text).toBe('search');
      expect(best!.confidence).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
      expect(goesTo(text)).toBe('intent:search');
    });

  it('chit-chat in other languages is neither help nor search', () => {
    for (const text of ['il fait beau aujourd’hui', 'hace buen tiempo hoy', 'oggi fa bel tempo', 'сьогодні гарна погода', 'such a nice day', 'my experience so far'])
      expect(goesTo(text), text).toBe('fallback:help');
  });
});

describe('localized examples shown by help', () => {
  const messages = loadContent(join(ROOT, 'content')).messages;
  for (const [locale, catalogue] of messages)
    it(`${locale}: every intent.<name>.exampleN routes to that intent`, () => {
      let seen = 0;
      for (const [key, text] of Object.entries(catalogue)) {
        const m = /^intent\.([a-z0-9-]+)\.example\d+$/.exec(key);
        if (!m || !intents.some((i) => i.name === m[1])) continue;
        seen++;
        const r = route({ text }, intents, noTopic);
        const target = r.kind === 'interrupt' ? r.word : 'intent' in r ? r.intent : r.kind;
        expect(target, `${locale} ${key}: ${text}`).toBe(m[1]);
      }
      expect(seen).toBeGreaterThan(0);
    });
});

describe('phrase syntax', () => {
  it('folds case, accents, apostrophes, hyphens and punctuation', () => {
    expect(fold('  Comment d’autres VILLES ont-elles mené… ?')).toBe('comment d autres villes ont elles mene');
    expect(fold('Приклади практик медіації!')).toBe('приклади практик медіаціі');
  });

  it('matches whole words, stems, gaps and anchors, in any script', () => {
    const re = (p: string) => compilePhrase(p) as RegExp;
    expect(re('pratique*').test(fold('des pratiques'))).toBe(true);
    expect(re('pratique*').test(fold('impratiques'))).toBe(false);
    expect(re('comment ... ville*').test(fold('comment les autres villes'))).toBe(true);
    expect(re('comment ... ville*').test(fold('les villes comment'))).toBe(false);
    expect(re('^aide$').test(fold('Aide !'))).toBe(true);
    expect(re('^aide$').test(fold('aide aux migrants'))).toBe(false);
    expect(re('практик*').test(fold('добрі практики'))).toBe(true);
    expect(re('міста').test(fold('містами'))).toBe(false);
  });

  it('rejects malformed phrases', () => {
    for (const bad of ['... villes', 'comment ...', 'pra*tique', '?!', 'a ^b']) expect(typeof compilePhrase(bad), bad).toBe('string');
  });

  it('every content/intents file is valid, named after a registered intent, and has phrases for fr es it de pt uk ca no', () => {
    const files = readdirSync(PHRASES_DIR).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(expect.arrayContaining(['help.json', 'search.json']));
    for (const f of files) {
      const p = loadIntentPhrases(join(PHRASES_DIR, f));
      expect(intents.map((i) => i.name), f).toContain(p.intent);
      const langs = new Set(p.groups.flatMap((g) => Object.keys(g.phrases)));
      for (const l of ['fr', 'es', 'it', 'de', 'pt', 'uk', 'ca', 'no']) expect(langs.has(l), `${f} ${l}`).toBe(true);
    }
  });

  it('finds the same phrase as trying every phrase in order (the first-word prefilter loses nothing)', () => {
    const files = readdirSync(PHRASES_DIR).filter((f) => f.endsWith('.json')).map((f) => loadIntentPhrases(join(PHRASES_DIR, f)));
    // Texts: every phrase itself (wildcards filled, gaps filled), and each inside a longer message.
    const texts: string[] = [];
    for (const file of files)
      for (const g of file.groups)
        for (const list of Object.values(g.phrases))
          for (const p of list ?? []) {
            const plain = p.replace(/^\^|\$$/g, '').replace(/\*/g, 's').replace(/\.\.\./g, 'and then');
            texts.push(plain, `please ${plain} today`, plain.toUpperCase(), plain.split(' ').slice(1).join(' '));
          }
    let matched = 0;
    for (const file of files) {
      const fast = compilePhrases(file);
      const all = file.groups
        .flatMap((g) => Object.values(g.phrases).flatMap((list) => (list ?? []).map((phrase) => ({ weight: g.weight, re: compilePhrase(phrase) as RegExp }))))
        .sort((a, b) => b.weight - a.weight);
      for (const text of texts) {
        const naive = all.find((c) => c.re.test(fold(text)))?.weight ?? null;
        expect(fast.match(text), `${file.intent}: ${text}`).toBe(naive);
        if (naive !== null) matched++;
      }
    }
    expect(matched).toBeGreaterThan(500);
  });

  it('reports the best phrase with its language, and treats a missing file as no phrases', () => {
    const c = compilePhrases(loadIntentPhrases(join(PHRASES_DIR, 'search.json')));
    expect(c.best('приклади практик медіації')).toMatchObject({ locale: 'uk', group: 'practices' });
    expect(c.best('the weather')).toBeNull();
    expect(phraseMatcher('no-such-intent')('aide')).toBeNull();
  });

  it('a broken phrase file is a content error naming the file, group and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-content-'));
    cpSync(join(ROOT, 'content'), dir, { recursive: true });
    const file = join(dir, 'intents', 'search.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.groups[1].phrases.fr.push('cher*che');
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadContent(dir)).toThrow(ContentError);
    expect(() => loadContent(dir)).toThrow(/intents\/search\.json \(group search-verb\): groups\.1\.phrases\.fr\.\d+: "cher\*che"/);
    data.groups[1].phrases.fr.pop();
    writeFileSync(file, JSON.stringify({ ...data, intent: 'help' }));
    expect(() => loadContent(dir)).toThrow(/intent: must be "search"/);
  });
});

describe('self-check, peers, nudges, settings and privacy phrases', () => {
  const cases: Array<[string, string, string]> = [
    ['selfcheck', 'fr', 'commencer l’auto-évaluation'],
    ['selfcheck', 'es', 'iniciar la autoevaluación'],
    ['selfcheck', 'it', 'avvia l’autovalutazione'],
    ['selfcheck', 'de', 'Selbstcheck starten'],
    ['selfcheck', 'pt', 'iniciar a autoavaliação'],
    ['selfcheck', 'uk', 'почати самооцінку'],
    ['selfcheck', 'ca', 'començar l’autoavaluació'],
    ['selfcheck', 'no', 'start egenvurderingen'],
    ['peers', 'fr', 'villes partenaires pour la médiation interculturelle'],
    ['peers', 'fr', 'mettez-moi en relation avec Getxo'],
    ['peers', 'es', 'ciudades pares para la acogida de recién llegados'],
    ['peers', 'es', 'póngame en contacto con Getxo'],
    ['peers', 'it', 'città simili per le campagne anti-dicerie'],
    ['peers', 'de', 'ähnliche Städte für Antidiskriminierung'],
    ['peers', 'pt', 'cidades parceiras para mediação'],
    ['peers', 'uk', 'міста-партнери для медіації'],
    ['peers', 'ca', 'ciutats similars per a la mediació'],
    ['peers', 'no', 'lignende byer for mottak av nykommere'],
    ['nudges', 'fr', 'envoyer un conseil chaque lundi'],
    ['nudges', 'es', 'enviar un consejo cada lunes'],
    ['nudges', 'it', 'invia un suggerimento ogni lunedì'],
    ['nudges', 'de', 'schick uns jeden Montag einen Tipp'],
    ['nudges', 'pt', 'enviar uma dica todas as segundas'],
    ['nudges', 'uk', 'надсилай пораду щопонеділка'],
    ['nudges', 'ca', 'consell setmanal al canal'],
    ['nudges', 'no', 'ukentlige tips i kanalen'],
    ['settings', 'fr', 'ma ville est Lyon'],
    ['settings', 'es', 'mi ciudad es Bilbao'],
    ['settings', 'it', 'la mia città è Reggio Emilia'],
    ['settings', 'de', 'meine Stadt ist Stuttgart'],
    ['settings', 'pt', 'a minha cidade é Lisboa'],
    ['settings', 'uk', 'моє місто Мелітополь'],
    ['settings', 'ca', 'la meva ciutat és Barcelona'],
    ['settings', 'no', 'byen min er Bergen'],
    ['settings', 'it', 'parla italiano'],
    ['settings', 'uk', 'говори українською'],
    ['privacy', 'fr', 'quelles données gardez-vous sur moi ?'],
    ['privacy', 'es', '¿qué datos guardas sobre mí?'],
    ['privacy', 'it', 'quali dati conservi su di me?'],
    ['privacy', 'de', 'Welche Daten speichern Sie über mich?'],
    ['privacy', 'pt', 'que dados guarda sobre mim?'],
    ['privacy', 'uk', 'які дані ви зберігаєте про мене?'],
    ['privacy', 'ca', 'quines dades guardes sobre mi?'],
    ['privacy', 'no', 'hvilke data lagrer du om meg?'],
  ];
  for (const [intent, lang, text] of cases)
    it(`${lang}: “${text}” goes to ${intent}`, () => {
      expect(goesTo(text), text).toBe(`intent:${intent}`);
    });

  it('the translated “start the self-check” suggestion routes to the self-check in every locale', () => {
    for (const [locale, catalogue] of loadContent(join(ROOT, 'content')).messages) {
      const text = catalogue['selfcheck.choice.start'];
      if (text) expect(goesTo(text), `${locale}: ${text}`).toBe('intent:selfcheck');
    }
  });

  it('searches stay searches', () => {
    for (const text of ['exemples de médiation interculturelle dans les quartiers', 'cómo han trabajado otras ciudades la acogida', 'Beispiele für Sprachkurse', 'приклади практик медіації'])
      expect(goesTo(text), text).toBe('intent:search');
  });
});
