/**
 * Issue 14: a city's languages are its own, not its country's. Neuchâtel is French-speaking; a peer
 * reason never says "German-speaking" for it because Switzerland also speaks German.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/loader.js';
import { AREA_IDS } from '../src/content/schemas.js';
import { createI18n } from '../src/core/i18n.js';
import { rankPeers, type PeerTopic } from '../src/peers/rank.js';
import { reasonsOf } from '../src/peers/reasons.js';
import { ROOT } from './helpers/app.js';

const content = loadContent(join(ROOT, 'content'));
const city = (id: string) => content.cities.find((c) => c.id === id)!;

/**
 * Countries with more than one official or co-official language, and the languages each of their
 * cities actually works in (main first). A city added in one of these countries must be decided here.
 */
const MULTILINGUAL = new Set(['CH', 'BE', 'CA', 'ES', 'FI', 'IT', 'LU', 'UA', 'IE', 'CY', 'MT', 'RS', 'MA', 'FO', 'NZ']);
const EXPECTED: Record<string, string[]> = {
  // Switzerland: the canton's language, never the federal list.
  geneva: ['fr'],
  neuchatel: ['fr'],
  'neuchatel-canton': ['fr'],
  zurich: ['de'],
  // Belgium: Turnhout is in Flanders.
  turnhout: ['nl'],
  // Canada: Quebec municipalities are French-speaking by law (Charter of the French Language).
  montreal: ['fr'],
  sherbrooke: ['fr'],
  'vaudreuil-dorion': ['fr'],
  // Spain: Castilian everywhere, plus Catalan / Valencian or Basque where co-official.
  barcelona: ['es', 'ca'],
  sabadell: ['es', 'ca'],
  'santa-coloma-de-gramenet': ['es', 'ca'],
  tortosa: ['es', 'ca'],
  'catalonia-region': ['es', 'ca'],
  'castellon-de-la-plana': ['es', 'ca'],
  bilbao: ['es', 'eu'],
  'donostia-san-sebastian': ['es', 'eu'],
  getxo: ['es', 'eu'],
  'vitoria-gasteiz': ['es', 'eu'],
  // Ireland: English is what the councils work in; Irish is co-official.
  dublin: ['en', 'ga'],
  limerick: ['en', 'ga'],
  // Cyprus: Limassol is Greek-speaking (Turkish is official in the republic, not spoken there).
  limassol: ['el'],
  valletta: ['mt', 'en'],
  // Subotica's statute: Serbian, Hungarian and Croatian.
  subotica: ['sr', 'hu', 'hr'],
  // Tangier speaks Arabic (Amazigh is official nationally, not the city's language).
  tanger: ['ar'],
  klaksvik: ['fo', 'da'],
  auckland: ['en', 'mi'],
};

describe('content/cities: each city its own languages', () => {
  it('cities of multilingual countries have the languages decided for them, not the country list', () => {
    for (const c of content.cities.filter((x) => MULTILINGUAL.has(x.countryCode))) {
      const expected = EXPECTED[c.id] ?? (c.countryCode === 'ES' ? ['es'] : c.countryCode === 'IT' ? ['it'] : c.countryCode === 'UA' ? ['uk'] : undefined);
      expect(expected, `${c.id} (${c.countryCode}): decide its languages in this test`).toBeDefined();
      expect(c.languages, c.id).toEqual(expected);
    }
  });

  it('no two Swiss cities of different language regions share a language', () => {
    expect(city('neuchatel-canton').languages.filter((l) => city('zurich').languages.includes(l))).toEqual([]);
  });
});

describe('peer reasons name a language both cities really speak', () => {
  const topic: PeerTopic = { label: 'everything', areas: [...AREA_IDS], relevance: new Map() };
  const t = createI18n(content.messages).translator('en');

  it('Neuchâtel: Geneva is French-speaking, nobody is German-speaking', () => {
    for (const own of ['neuchatel', 'neuchatel-canton']) {
      const peers = rankPeers({ cities: content.cities, practices: content.practiceById, topic, own: city(own), limit: 200 });
      const geneva = peers.find((p) => p.city.id === 'geneva')!;
      const reasons = reasonsOf(t, 'en', (a) => a, geneva.signals);
      expect(reasons, own).toContain('French-speaking');
      for (const p of peers) expect(reasonsOf(t, 'en', (a) => a, p.signals), `${own} -> ${p.city.id}`).not.toContain('German-speaking');
    }
  });

  it('every language signal is a language of both cities, for every own city', () => {
    for (const own of content.cities) {
      for (const p of rankPeers({ cities: content.cities, practices: content.practiceById, topic, own, limit: 200 })) {
        for (const s of p.signals) {
          if (s.kind !== 'language') continue;
          expect(own.languages, `${own.id} -> ${p.city.id}`).toContain(s.language);
          expect(p.city.languages, `${own.id} -> ${p.city.id}`).toContain(s.language);
        }
      }
    }
  });

  it('Dublin and Limerick are English-speaking peers, not Irish-speaking ones', () => {
    const peers = rankPeers({ cities: content.cities, practices: content.practiceById, topic, own: city('dublin'), limit: 200 });
    expect(reasonsOf(t, 'en', (a) => a, peers.find((p) => p.city.id === 'limerick')!.signals)).toContain('English-speaking');
  });
});
