/**
 * "Introduce me to someone in <city>" and "a city that has done X I could exchange with", in the seven
 * languages officers write in: routed to peers (not to a practice search), and read by parsePeersText
 * into the named city and the topic (content/words/peers.json), so that the reply is about them. Topic
 * questions that merely name a city ("esempi di Getxo") stay searches; paging words stay follow-ups.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/loader.js';
import { describeRoute } from '../src/core/router.js';
import { parsePeersText } from '../src/peers/topic.js';
import { ROOT, testApp, textOf, turn, type TestApp } from './helpers/app.js';

const content = loadContent(join(ROOT, 'content'));
let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

const intentOf = (text: string) => describeRoute(app.bot.decide(text)).intent;

/** Per language: [text, the city it names (or null: a peer search), the topic]. */
const CONNECT: Record<string, Array<[text: string, city: string | null, topic: string]>> = {
  en: [
    ["I'd like to talk with someone in Bergen about intercultural mediation", 'Bergen', 'intercultural mediation'],
    ['could you introduce me to a colleague from Getxo?', 'Getxo', ''],
    ['put us in touch with the city of Lisbon about housing', 'Lisbon', 'housing'],
    ['is there anyone in Bilbao I could ask about their intercultural mediators?', 'Bilbao', 'intercultural mediators'],
    ['a city with a strong anti-rumours network I could talk to', null, 'anti-rumours'],
    ['a city that has run an anti-rumours campaign I could exchange with', null, 'anti-rumours campaign'],
  ],
  fr: [
    ["j'aimerais échanger avec une ville qui a déjà monté un réseau antirumeurs", null, 'réseau antirumeurs'],
    ["pourriez-vous me présenter quelqu'un de Lyon qui travaille sur la médiation ?", 'Lyon', 'médiation'],
    ['présentez-moi un collègue de Genève', 'Genève', ''],
    ["y a-t-il quelqu'un à Lyon avec qui parler de l'accueil ?", 'Lyon', 'accueil'],
    ['je voudrais parler avec quelqu’un à Getxo au sujet des rumeurs', 'Getxo', 'rumeurs'],
  ],
  es: [
    ['preséntame a alguien de Bilbao que trabaje en mediación intercultural', 'Bilbao', 'mediación intercultural'],
    ['¿me presentas a alguien del ayuntamiento de Getafe?', 'Getafe', ''],
    ['me gustaría hablar con alguien de Bilbao sobre vivienda', 'Bilbao', 'vivienda'],
    ['¿conoces a alguien en Bilbao con quien pueda hablar de mediación?', 'Bilbao', 'mediación'],
    ['me gustaría intercambiar con una ciudad que ya ha creado una red antirumores', null, 'red antirumores'],
  ],
  it: [
    ['mi presenti qualcuno del comune di Getxo?', 'Getxo', ''],
    ['vorrei parlare con qualcuno di Modena che si occupa di scuole', 'Modena', 'scuole'],
    ['presentami una collega di Reggio Emilia sulla mediazione', 'Reggio Emilia', 'mediazione'],
    ["c'è qualcuno a Getxo con cui parlare?", 'Getxo', ''],
    ['vorrei confrontarmi con una città che ha già realizzato una rete antidicerie', null, 'rete antidicerie'],
  ],
  de: [
    ['Stellen Sie mich jemandem aus Bergen vor, der an Bürgerbeteiligung arbeitet', 'Bergen', 'Bürgerbeteiligung'],
    ['Ich würde gern mit jemandem aus Getxo über Antidiskriminierung sprechen', 'Getxo', 'Antidiskriminierung'],
    ['Können Sie mich mit jemandem in Bilbao vernetzen?', 'Bilbao', ''],
    ['Gibt es in Bergen jemanden, mit dem ich über Bürgerbeteiligung reden kann?', 'Bergen', 'Bürgerbeteiligung'],
    ['Ich möchte mich mit einer Stadt austauschen, die bereits ein Anti-Gerüchte-Netzwerk aufgebaut hat', null, 'Anti-Gerüchte-Netzwerk'],
  ],
  pt: [
    ['apresenta-me alguém da Amadora que trabalhe na integração de migrantes', 'Amadora', 'integração de migrantes'],
    ['gostaria de conversar com alguém de Lisboa sobre habitação', 'Lisboa', 'habitação'],
    ['ponha-me em contacto com um colega de Braga', 'Braga', ''],
    ['há alguém em Lisboa com quem eu possa falar sobre acolhimento?', 'Lisboa', 'acolhimento'],
    ['gostaria de falar com uma cidade que já criou uma rede anti-rumores', null, 'rede anti-rumores'],
  ],
  uk: [
    // A city in another grammatical case is the directory's city ("з Луцька", "у Луцьку": Lutsk).
    ['познайомте мене з кимось із Одеси щодо інтеграції мігрантів', 'Odesa', 'інтеграції мігрантів'],
    ['хочу поговорити з кимось з Луцька про освіту', 'Lutsk', 'освіту'],
    ['чи є хтось у Луцьку, з ким можна поговорити про інтеграцію?', 'Lutsk', 'інтеграцію'],
    ["зв'яжіть мене з колегами з Ніжина", 'Nizhyn', ''],
    ['хочу поговорити з містом, яке вже створило мережу античуток', null, 'мережу античуток'],
  ],
};

/** Contact requests: routed to peers, parsed to the city (their topics are covered above). */
const CONTACT: Array<[text: string, city: string]> = [
  ['I want to meet colleagues from Lisbon', 'Lisbon'],
  ['how do I get in touch with Getxo?', 'Getxo'],
  ["est-ce que je peux contacter quelqu'un à Lyon ?", 'Lyon'],
  ['je voudrais rencontrer des collègues de Bilbao', 'Bilbao'],
  ['me gustaría contactar con una colega de Getafe', 'Getafe'],
  ['vorrei contattare un collega di Modena', 'Modena'],
  ['Ich suche einen Ansprechpartner in Zürich', 'Zürich'],
  ['queria contactar um colega da Amadora', 'Amadora'],
  ["як зв'язатися з кимось з Одеси?", 'Odesa'],
];

describe('introductions and exchanges route to peers in every language', () => {
  it('contact requests', () => {
    for (const [text, city] of CONTACT) {
      expect(intentOf(text), text).toBe('peers');
      expect(parsePeersText(text, content.cities), text).toMatchObject({ kind: 'connect', city });
    }
  });


  for (const [lang, cases] of Object.entries(CONNECT))
    it(lang, () => {
      for (const [text] of cases) expect(intentOf(text), text).toBe('peers');
    });

  it('topic questions, even naming a city, stay searches', () => {
    for (const text of [
      'Sprachkurse für Geflüchtete',
      'how did other cities run an anti-rumours campaign?',
      "médiation interculturelle à l'hôpital",
      'esempi di Getxo',
      'exemplos de Amadora',
      'Beispiele aus Bergen zur Bürgerbeteiligung',
      'ejemplos de mediación en Bilbao',
      'приклади з Одеси',
      'how to keep migrants in touch with their language',
      'Kontakt zu Migrantenorganisationen aufbauen',
      'contattare le famiglie straniere',
    ])
      expect(intentOf(text), text).toBe('search');
  });
});

describe('parsePeersText reads the city and the topic in every language', () => {
  for (const [lang, cases] of Object.entries(CONNECT))
    it(lang, () => {
      for (const [text, city, topic] of cases) {
        const expected = city === null ? { kind: 'find', topic, ours: false } : { kind: 'connect', city, topic };
        expect(parsePeersText(text, content.cities), text).toEqual(expected);
      }
    });

  it('the English forms it read before still read the same', () => {
    expect(parsePeersText('connect me with Getxo', content.cities)).toEqual({ kind: 'connect', city: 'Getxo', topic: '' });
    expect(parsePeersText('connect Reggio Emilia', content.cities)).toEqual({ kind: 'connect', city: 'Reggio Emilia', topic: '' });
    // A name outside the directory is still what the person named (the reply offers close spellings).
    expect(parsePeersText('connect me with Bergn about housing', content.cities)).toEqual({ kind: 'connect', city: 'Bergn', topic: 'housing' });
    // An ask that names nobody: a peer search on the words that do say something, else the question "which city?".
    expect(parsePeersText("which cities are good at welcoming newcomers? I'd like to talk to them", content.cities)).toEqual({ kind: 'find', topic: 'welcoming newcomers', ours: false });
    expect(parsePeersText("I'd like to exchange with cities strong in sport and inclusion", content.cities)).toEqual({ kind: 'find', topic: 'sport and inclusion', ours: false });
    expect(parsePeersText('connect me with Springfield about parks', content.cities)).toEqual({ kind: 'connect', city: 'Springfield', topic: 'parks' });
    expect(parsePeersText('could you introduce me?', content.cities)).toEqual({ kind: 'connect', city: '', topic: '' });
    // "someone" without a city of the directory is part of a topic, not a request for a person.
    expect(parsePeersText('which cities have someone in charge of diversity', content.cities)).toMatchObject({ kind: 'find' });
    // "Parla" is a city and an Italian verb: the capitalised name wins.
    expect(parsePeersText('mi presenti qualcuno che parla con Getxo?', content.cities)).toMatchObject({ kind: 'connect', city: 'Getxo' });
  });
});

describe('opting in and out as a city contact in every language', () => {
  const OPT: Array<[text: string, expected: object]> = [
    ['inscrivez-moi comme contact pour Lyon', { kind: 'optin', city: 'Lyon' }],
    ['je ne veux plus être contact, désinscrivez-moi des présentations', { kind: 'optout' }],
    ['apúntame como contacto de Bilbao', { kind: 'optin', city: 'Bilbao' }],
    ['ya no quiero ser contacto', { kind: 'optout' }],
    ['iscrivimi come referente per Modena', { kind: 'optin', city: 'Modena' }],
    ['cancellami dai contatti', { kind: 'optout' }],
    ['Tragen Sie mich als Ansprechpartnerin für Getxo ein', { kind: 'optin', city: 'Getxo' }],
    ['Tragen Sie mich als Ansprechpartnerin aus', { kind: 'optout' }],
    ['inscreve-me como contacto da Amadora', { kind: 'optin', city: 'Amadora' }],
    ['deixar de ser contacto', { kind: 'optout' }],
    ['запишіть мене як контакт від Луцька', { kind: 'optin', city: 'Lutsk' }],
    ['приберіть мене з контактів', { kind: 'optout' }],
  ];
  it('routes to peers and reads opt-in (with the city) or opt-out', () => {
    for (const [text, expected] of OPT) {
      expect(intentOf(text), text).toBe('peers');
      expect(parsePeersText(text, content.cities), text).toEqual(expected);
    }
  });
  it('unsubscribing from the weekly tips stays with the tips', () => {
    expect(intentOf('désinscrivez-moi des conseils hebdomadaires')).toBe('nudges');
  });
});

describe('the peers reply is about the named city or topic', () => {
  const reply = async (text: string, user: string) => {
    const replies = await app.bot.handle(turn(text, { user: { id: user } }));
    return { text: textOf(replies), cards: replies.flatMap((r) => r.cards ?? []).map((c) => c.title) };
  };

  it('an introduction names the city (nobody opted in yet: what is public about it)', async () => {
    expect((await reply('mi presenti qualcuno del comune di Getxo?', 'UC1')).text).toMatch(/^Nessuno di Getxo /);
    // The topic picks the city's practice on it first.
    const pt = await reply('apresenta-me alguém da Amadora que trabalhe na integração de migrantes', 'UC2');
    expect(pt.text).toMatch(/^Ninguém de Amadora /);
    expect(pt.cards[0]).toMatch(/Integração de Migrantes/);
  });

  it('a city that did something is a list of peers strong at it', async () => {
    const fr = await reply("j'aimerais échanger avec une ville qui a déjà monté un réseau antirumeurs", 'UC3');
    expect(fr.text).toMatch(/^\d+ villes dont s’inspirer sur «\s*réseau antirumeurs\s*»/u);
    expect(fr.cards).toContain('Getxo, Espagne');
  });
});

describe('paging words are follow-ups in every language', () => {
  it('pages', () => {
    for (const text of ['покажи наступні', 'покажіть наступні', 'ще', 'далі', 'наступні', 'weitere', 'mehr', 'zeig mir die nächsten', 'suivants', 'les suivants', 'altri', 'i successivi', 'más', 'los siguientes', 'mais', 'os seguintes', 'more', 'show the next ones'])
      expect(intentOf(text), text).toBe('followup');
  });
});
