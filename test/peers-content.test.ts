/** content/cities against the peers issue: bands, languages, networks, links to practices. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/loader.js';
import { createI18n } from '../src/core/i18n.js';
import { languageName, networkName } from '../src/peers/reasons.js';
import { ROOT } from './helpers/app.js';

const content = loadContent(join(ROOT, 'content'));

describe('content/cities for peer matching', () => {
  it('population bands follow the populations: small < 100k, medium 100k-500k, large > 500k, unknown without one', () => {
    for (const c of content.cities) {
      const band = c.population === null ? 'unknown' : c.population < 100_000 ? 'small' : c.population <= 500_000 ? 'medium' : 'large';
      expect(c.populationBand, c.id).toBe(band);
    }
  });

  it('every single-city practice is linked to a city of its country', () => {
    const linked = new Map<string, string[]>();
    for (const c of content.cities) for (const p of c.practices) linked.set(p, [...(linked.get(p) ?? []), c.id]);
    for (const p of content.practices) {
      if (/^multiple\b/i.test(p.city)) continue;
      expect(linked.get(p.id), p.id).toBeDefined();
      for (const id of linked.get(p.id)!) expect(content.cities.find((c) => c.id === id)!.country.endsWith(p.country), `${p.id} -> ${id}`).toBe(true);
    }
  });

  it('languages have names and networks have display names, so reasons read well', () => {
    const t = createI18n(content.messages).translator('en');
    for (const c of content.cities) {
      for (const l of c.languages) expect(languageName(l, 'en'), `${c.id} ${l}`).not.toBe(l);
      for (const n of c.networks) expect(t(`peers.network.${n.toLowerCase().split(/[^a-z0-9]+/).map((p, i) => (i ? p[0]!.toUpperCase() + p.slice(1) : p)).join('')}`), `${c.id} ${n}`).not.toMatch(/^peers\./);
      for (const n of c.networks) expect(networkName(t, n)).toBeTruthy();
    }
    // A city's languages are its own: the Quebec members are French-speaking (test/peers-languages.test.ts has every multilingual country).
    for (const c of content.cities.filter((x) => x.countryCode === 'CA')) expect(c.languages, c.id).toEqual(['fr']);
  });

  it('published index scores carry a source that is among the city sources', () => {
    for (const c of content.cities.filter((x) => x.publishedIndex)) {
      expect(c.publishedIndex!.source, c.id).toMatch(/^https?:\/\//);
      expect(c.sources, c.id).toContain(c.publishedIndex!.source);
    }
    expect(content.cities.find((c) => c.id === 'ansan')!.membership).toBe('unknown');
  });
});
