/**
 * Trial 3 (fr it pt es), self-check for a new officer: the city named in the start message is used,
 * the city question lets go of messages meant for another intent, and everyday stop words cancel.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Reply, Turn } from '../src/core/turn.js';
import { testApp, textOf, turn } from './helpers/app.js';

const opened: App[] = [];
afterAll(async () => {
  for (const a of opened) await a.close();
});

let shared: App | undefined;
let tenants = 0;

async function chat(locale?: string) {
  if (!shared) {
    shared = await testApp();
    opened.push(shared);
  }
  const tenant = `S${++tenants}`;
  const over: Partial<Turn> = { tenant, conversation: { platform: 'console', tenant, conversation: 'C1', kind: 'dm' }, ...(locale ? { locale } : {}) };
  const app = shared;
  let last: Reply[] = [];
  const say = async (text: string) => textOf((last = await app.bot.handle(turn(text, over))));
  const profile = () => app.stores.profile.get({ platform: 'console', tenant }, over.user?.id ?? turn('', over).user.id);
  return { say, last: () => last, profile };
}

/** The first question of a quick run: "1/<total> · <area>". */
const FIRST_QUESTION = /(^|\n)1\/\d+ · /;

describe('the city named in the start message', () => {
  it.each([
    ['fr', 'je veux faire l’auto-évaluation pour Lyon', 'lyon'],
    ['fr', "je veux faire l'auto-évaluation pour Lyon", 'lyon'],
    ['it', "facciamo l'autovalutazione per Reggio Emilia", 'reggio-emilia'],
    ['pt', 'quero fazer a autoavaliação da Amadora', 'amadora'],
    ['es', 'empezar autoevaluación para Getxo', 'getxo'],
    ['en', 'start the self-check for Lyon', 'lyon'],
    ['en', 'self-check for Botkyrka', 'botkyrka'],
    ['de', 'Selbstcheck für Stuttgart starten', 'stuttgart'],
    ['uk', 'почати самооцінку для Мелітополя', 'melitopol'],
    ['uk', 'самооцінка для Сум', 'sumy'],
    ['uk', 'почати самооцінку для Івано-Франківська', 'ivano-frankivsk'],
    ['uk', 'самооцінка для Прилук', 'pryluky'],
    ['uk', 'самооцінка для Херсона', 'kherson'],
  ])('%s: %s', async (locale, text, city) => {
    const u = await chat(locale);
    const reply = await u.say(text);
    expect(reply).toMatch(FIRST_QUESTION);
    expect((await u.profile())?.city).toBe(city);
  });

  it('a lower-case city name counts only at the end: "segunda-feira" is a weekday', async () => {
    const u = await chat('pt');
    expect(await u.say('self-check for botkyrka')).toMatch(FIRST_QUESTION);
    const v = await chat('pt');
    expect(await v.say('quero fazer a autoavaliação na segunda-feira')).not.toMatch(FIRST_QUESTION);
    expect((await v.profile())?.city).toBeUndefined();
  });

  it('a city outside the network is not taken: the city question is asked', async () => {
    const u = await chat('uk');
    const reply = await u.say('почати самооцінку для Львова');
    expect(reply).not.toMatch(FIRST_QUESTION);
    expect((await u.profile())?.city).toBeUndefined();
  });
});

describe('while the city question is open (fr)', () => {
  async function waiting() {
    const u = await chat('fr');
    expect(await u.say('je veux faire l’auto-évaluation')).toMatch(/Pour quelle ville/);
    return u;
  }

  it('an answer about the city is not a city name: a short re-ask that says how to stop', async () => {
    const u = await waiting();
    const reply = await u.say('oui, on a une stratégie interculturelle votée par le conseil municipal en 2022');
    expect(reply).not.toMatch(/Je ne connais pas de cité interculturelle nommée/);
    expect(reply).toMatch(/ville/);
    expect(reply).toMatch(/annuler/);
    // Still waiting: the city now starts the run.
    expect(await u.say('Lyon')).toMatch(FIRST_QUESTION);
  });

  it('a peers request is answered by peers', async () => {
    const u = await waiting();
    const reply = await u.say('quelles villes pourraient nous inspirer sur la police de proximité ?');
    expect(reply).not.toMatch(/Je ne connais pas de cité interculturelle nommée/);
    expect(reply).not.toMatch(/Pour quelle ville est cette auto-évaluation/);
    // The city question was left: a city name now is no answer to it.
    expect(await u.say('Lyon')).not.toMatch(FIRST_QUESTION);
  });

  it('a privacy question is answered by privacy', async () => {
    const u = await waiting();
    const reply = await u.say('vous stockez quoi comme données sur moi ?');
    expect(reply).not.toMatch(/Je ne connais pas de cité interculturelle nommée/);
    expect(reply).toMatch(/donnée/i);
  });

  it('true city answers with typos still work', async () => {
    for (const name of ['Lisbon', 'lisboa', 'Donostia', 'Botkirka']) {
      const u = await waiting();
      expect(await u.say(name)).toMatch(FIRST_QUESTION);
    }
  });

  it('a sentence naming a city of the network answers the question', async () => {
    const u = await waiting();
    expect(await u.say('on est à Lyon')).toMatch(FIRST_QUESTION);
    expect((await u.profile())?.city).toBe('lyon');
  });

  it('a short sentence is no name either: "je ne sais pas" gets the question again', async () => {
    const u = await waiting();
    const reply = await u.say('je ne sais pas');
    expect(reply).not.toMatch(/Je ne connais pas de cité interculturelle nommée/);
    expect(reply).toMatch(/annuler/);
    expect(await u.say('pour Lyon')).toMatch(FIRST_QUESTION);
  });

  it('a short unknown name still says which name is unknown', async () => {
    const u = await waiting();
    expect(await u.say('Paris')).toMatch(/«\s*Paris\s*»/);
  });
});

describe('while the city question is open (other languages)', () => {
  it.each([
    ['it', 'quali città potrebbero ispirarci sulla polizia di prossimità?', /pratic/],
    ['pt', 'sim, temos uma estratégia aprovada pela câmara em 2022', /cancelar/],
    ['es', '¿qué datos guardan sobre mí?', /usted/],
    // A city outside the network: its name alone is quoted, not the whole message.
    ['uk', 'для Львова', /«Львова»/],
  ])('%s: %s', async (locale, text, expected) => {
    const u = await chat(locale);
    await u.say('/icc check');
    const reply = await u.say(text);
    expect(reply).toMatch(expected);
    expect(reply).not.toMatch(/(нема|не знаю|non conosco|no conozco|não conheço)[^«]*«[^»]{12,}»/i);
  });
});

describe('everyday stop words cancel a dialog', () => {
  it.each([
    ['pt', 'sair'],
    ['es', 'salir'],
    ['it', 'uscire'],
    ['it', 'esci'],
    ['fr', 'quitter'],
    ['de', 'beenden'],
    ['uk', 'вийти'],
    ['en', 'exit'],
    ['en', 'quit'],
  ])('%s: %s', async (locale, word) => {
    const u = await chat(locale);
    const asked = await u.say('/icc check');
    expect(asked.length).toBeGreaterThan(0);
    await u.say(word);
    // Cancelled: a city name now is no answer to the city question.
    expect(await u.say('Lyon')).not.toMatch(FIRST_QUESTION);
  });
});
