import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSearch } from '../src/app.js';
import { loadContent } from '../src/content/loader.js';
import type { AreaId, City, Practice } from '../src/content/schemas.js';
import { createI18n } from '../src/core/i18n.js';
import { rankPeers, type PeerTopic, type RankInput } from '../src/peers/rank.js';
import { reasonsOf } from '../src/peers/reasons.js';
import { parsePeersText, resolveTopic, trimFiller } from '../src/peers/topic.js';
import { ROOT } from './helpers/app.js';

const content = loadContent(join(ROOT, 'content'));
const { search } = createSearch(content);
const t = createI18n(content.messages).translator('en');

function practice(id: string, areas: AreaId[], year = 2015): Practice {
  return { id, title: id, summary: 'x'.repeat(80), city: 'x', country: 'x', year, areas, keywords: ['x'], source: 'https://example.org', verified: '2025-01-01' };
}

function city(id: string, over: Partial<City> = {}): City {
  return {
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    aliases: [],
    country: 'Spain',
    countryCode: 'ES',
    membership: 'member',
    networks: [],
    population: null,
    populationBand: 'unknown',
    populationApproximate: false,
    languages: ['xx'],
    practices: [],
    publishedIndex: null,
    sources: [],
    ...over,
  };
}

const P = [
  practice('ar-1', ['anti-discrimination']),
  practice('ar-2', ['anti-discrimination']),
  practice('ar-3', ['anti-discrimination', 'media-communication']),
  practice('ar-4', ['anti-discrimination']),
  practice('ad-other', ['anti-discrimination']),
  practice('edu-1', ['education']),
];
const practices = new Map(P.map((p) => [p.id, p]));

/** Topic "anti-rumours": ar-* are search hits, ad-other is only in the area. */
const topic: PeerTopic = {
  label: 'anti-rumours',
  areas: ['anti-discrimination'],
  relevance: new Map([
    ['ar-1', 1],
    ['ar-2', 0.6],
    ['ar-3', 0.5],
    ['ar-4', 0.5],
  ]),
};

const rank = (cities: City[], over: Partial<RankInput> = {}) => rankPeers({ cities, practices, topic, ...over });
const ids = (r: ReturnType<typeof rankPeers>) => r.map((p) => p.city.id);

describe('rankPeers: area / topic signal', () => {
  it('ranks by practices on the topic, counts area-only practices lower, and leaves out cities with nothing on it', () => {
    const r = rank([
      city('one', { practices: ['ar-4'] }),
      city('three', { practices: ['ar-1', 'ar-2', 'ar-3'] }),
      city('areaonly', { practices: ['ad-other'] }),
      city('unrelated', { practices: ['edu-1'] }),
      city('empty'),
    ]);
    expect(ids(r)).toEqual(['three', 'one', 'areaonly']);
    expect(r[0]!.signals[0]).toEqual({ kind: 'topic-practices', count: 3, topic: 'anti-rumours' });
    expect(r[2]!.signals[0]).toEqual({ kind: 'area-practices', count: 1, area: 'anti-discrimination' });
    expect(r[0]!.practices).toEqual(['ar-1', 'ar-2', 'ar-3']);
  });

  it('lists a peer’s practices for the topic best first, area practices after, and never unrelated ones', () => {
    const [p] = rank([city('mixed', { practices: ['edu-1', 'ad-other', 'ar-3', 'ar-1'] })], { practicesPerPeer: 5 });
    expect(p!.practices).toEqual(['ar-1', 'ar-3', 'ad-other']);
  });

  it('uses the city’s latest self-check score in the topic’s areas (50 and up), even without practices', () => {
    const cities = [city('a', { practices: ['ar-4'] }), city('b', { practices: ['ar-4'] }), city('c'), city('low')];
    const selfChecks = new Map([
      ['b', { areas: { 'anti-discrimination': 90 }, completedAt: '2025-01-01T00:00:00Z' }],
      ['c', { areas: { 'anti-discrimination': 80 }, completedAt: '2025-01-01T00:00:00Z' }],
      ['low', { areas: { 'anti-discrimination': 30, education: 100 }, completedAt: '2025-01-01T00:00:00Z' }],
    ]);
    const r = rank(cities, { selfChecks });
    expect(ids(r)).toEqual(['b', 'a', 'c']);
    expect(r[0]!.signals).toContainEqual({ kind: 'self-check', area: 'anti-discrimination', score: 90 });
    expect(r.find((p) => p.city.id === 'c')!.practices).toEqual([]);
  });
});

describe('rankPeers: similarity to the own city', () => {
  const own = city('home', { languages: ['es', 'eu'], populationBand: 'medium', networks: ['RECI'], practices: ['ar-1', 'ar-2', 'ar-3', 'ar-4'] });

  it('a shared language breaks an otherwise equal tie', () => {
    const r = rank([city('foreign', { practices: ['ar-4'], languages: ['de'] }), city('spanish', { practices: ['ar-4'], languages: ['es', 'ca'] })], { own });
    expect(ids(r)).toEqual(['spanish', 'foreign']);
    expect(r[0]!.signals).toContainEqual({ kind: 'language', language: 'es' });
    expect(r[1]!.signals.some((s) => s.kind === 'language')).toBe(false);
  });

  it('similar size and the same national network count; an unknown size never matches', () => {
    const r = rank(
      [
        city('big', { practices: ['ar-4'], populationBand: 'large' }),
        city('same', { practices: ['ar-4'], populationBand: 'medium' }),
        city('net', { practices: ['ar-4'], networks: ['RECI'] }),
      ],
      { own },
    );
    expect(ids(r)).toEqual(['net', 'same', 'big']);
    expect(r.find((p) => p.city.id === 'same')!.signals).toContainEqual({ kind: 'size', band: 'medium' });
    expect(r.find((p) => p.city.id === 'net')!.signals).toContainEqual({ kind: 'network', network: 'RECI' });
    const unknown = rank([city('u', { practices: ['ar-4'] })], { own: { ...own, populationBand: 'unknown' } });
    expect(unknown[0]!.signals.some((s) => s.kind === 'size')).toBe(false);
  });

  it('without an own city there are no similarity signals', () => {
    const r = rank([city('spanish', { practices: ['ar-4'], languages: ['es'], populationBand: 'medium', networks: ['RECI'] })]);
    expect(r[0]!.signals.map((s) => s.kind)).toEqual(['topic-practices']);
  });
});

describe('rankPeers: exclusions and declines', () => {
  it('never suggests the user’s own city, however strong', () => {
    const own = city('home', { practices: ['ar-1', 'ar-2', 'ar-3', 'ar-4'] });
    expect(ids(rank([own, city('other', { practices: ['ar-4'] })], { own }))).toEqual(['other']);
  });

  it('keeps to the countries named in the topic', () => {
    const r = rank([city('es', { practices: ['ar-4'] }), city('no', { practices: ['ar-1'], country: 'Norway' })], { countries: ['norway'] });
    expect(ids(r)).toEqual(['no']);
  });

  it('puts declined cities last, whatever their score, and says why', () => {
    const cities = [city('best', { practices: ['ar-1', 'ar-2', 'ar-3'] }), city('weak', { practices: ['ad-other'] }), city('mid', { practices: ['ar-4'] })];
    const r = rank(cities, { declined: new Set(['best']) });
    expect(ids(r)).toEqual(['mid', 'weak', 'best']);
    expect(r[2]!.declined).toBe(true);
    expect(r[2]!.signals.at(-1)).toEqual({ kind: 'declined' });
    expect(ids(rank(cities, { declined: new Set(['best']), limit: 2 }))).toEqual(['mid', 'weak']);
  });

  it('follow-up answers move a city: "yes" up, "not useful" down', () => {
    const cities = [city('a', { practices: ['ar-4'] }), city('b', { practices: ['ar-4'] })];
    expect(ids(rank(cities))).toEqual(['a', 'b']);
    expect(ids(rank(cities, { outcomes: new Map([['b', { yes: 1, notUseful: 0 }]]) }))).toEqual(['b', 'a']);
    expect(ids(rank(cities, { outcomes: new Map([['a', { yes: 0, notUseful: 1 }]]) }))).toEqual(['b', 'a']);
  });
});

describe('peer reasons in words', () => {
  it('reads like “3 practices on anti-rumours · Spanish-speaking · similar size · RECI network”', () => {
    const own = city('home', { languages: ['es'], populationBand: 'small', networks: ['RECI'] });
    const [p] = rank([city('getxo', { practices: ['ar-1', 'ar-2', 'ar-3'], languages: ['es', 'eu'], populationBand: 'small', networks: ['RECI'] })], { own });
    expect(reasonsOf(t, 'en', (a) => search.areaName(a), p!.signals).join(' · ')).toBe('3 practices on anti-rumours · Spanish-speaking · similar size · RECI network');
    expect(reasonsOf(t, 'en', (a) => search.areaName(a), [{ kind: 'topic-practices', count: 1, topic: 'x' }, { kind: 'network', network: 'citta-del-dialogo' }])).toEqual([
      '1 practice on x',
      'Città del Dialogo network',
    ]);
  });
});

describe('peers on the real corpus', () => {
  it('"find a peer city for anti-rumour work" lists the cities with anti-rumour practices first', () => {
    const req = parsePeersText('find a peer city for anti-rumour work', content.cities);
    expect(req).toMatchObject({ kind: 'find', topic: 'anti-rumour', ours: false });
    const resolved = resolveTopic(search, req.kind === 'find' ? req.topic : '')!;
    expect(resolved.topic.areas).toContain('anti-discrimination');
    const ranked = rankPeers({ cities: content.cities, practices: content.practiceById, topic: resolved.topic });
    const hasAntiRumour = (c: City) => c.practices.some((id) => /rumou?r|rumores/i.test(`${id} ${content.practiceById.get(id)!.title}`));
    const flags = ranked.map((p) => hasAntiRumour(p.city));
    const firstWithout = flags.indexOf(false);
    expect(firstWithout).toBeGreaterThanOrEqual(6);
    expect(flags.slice(firstWithout).includes(true)).toBe(false);
    expect(ranked.slice(0, 3).map((p) => p.city.id)).toContain('getxo');
    for (const p of ranked.slice(0, firstWithout)) expect(p.signals[0]).toMatchObject({ kind: 'topic-practices', topic: 'anti-rumour' });
  });

  it('maps an area, typed or as an id, to that area', () => {
    for (const q of ['welcoming newcomers', 'welcoming-newcomers', 'area:welcoming-newcomers']) {
      const r = resolveTopic(search, q)!;
      expect(r.topic.areas, q).toEqual(['welcoming-newcomers']);
      expect(r.topic.label).toBe('Welcoming newcomers');
    }
    expect(resolveTopic(search, 'zzqxv')).toBeNull();
  });
});

describe('parsePeersText', () => {
  it('tells finding, connecting and opting in/out apart', () => {
    expect(parsePeersText('connect me with Getxo', content.cities)).toEqual({ kind: 'connect', city: 'Getxo', topic: '' });
    expect(parsePeersText('please introduce me to someone from Getxo about anti-rumours?', content.cities)).toEqual({ kind: 'connect', city: 'Getxo', topic: 'anti-rumours' });
    expect(parsePeersText('connect Reggio Emilia', content.cities)).toEqual({ kind: 'connect', city: 'Reggio Emilia', topic: '' });
    expect(parsePeersText('optin', content.cities)).toEqual({ kind: 'optin', city: '' });
    expect(parsePeersText('opt in as a contact for Getxo', content.cities)).toEqual({ kind: 'optin', city: 'Getxo' });
    expect(parsePeersText("I'd like to opt in as Getxo's contact", content.cities)).toEqual({ kind: 'optin', city: 'Getxo' });
    expect(parsePeersText('opt-out', content.cities)).toEqual({ kind: 'optout' });
    expect(parsePeersText('please opt me out of introductions', content.cities)).toEqual({ kind: 'optout' });
  });

  it('finds "like ours" and a named reference city, and trims the topic', () => {
    expect(parsePeersText('find a peer city like ours for anti-rumours', content.cities)).toEqual({ kind: 'find', topic: 'anti-rumours', ours: true });
    const r = parsePeersText('peer cities like Reggio Emilia for intercultural mediation?', content.cities);
    expect(r).toMatchObject({ kind: 'find', topic: 'intercultural mediation', ours: false });
    expect(r.kind === 'find' && r.reference?.id).toBe('reggio-emilia');
    expect(trimFiller('which cities are good at welcoming newcomers?')).toBe('welcoming newcomers');
  });
});
