/** Filter sets (areas, countries, cities) agree with a plain scan of the practices. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticCorpus } from '../bench/lib/synthetic.js';
import { loadContent } from '../src/content/loader.js';
import { AREA_IDS, type Practice } from '../src/content/schemas.js';
import { PracticeFilters } from '../src/search/filters.js';
import { matchesFilters } from '../src/search/practice-search.js';
import { fold, words } from '../src/search/text.js';
import { ROOT } from './helpers/app.js';

let practices: Practice[];

beforeAll(() => {
  practices = syntheticCorpus(loadContent(join(ROOT, 'content')).practices, 600);
});

const members = (set: { has(d: number): boolean }) => practices.flatMap((p, d) => (set.has(d) ? [p.id] : []));
const none = { areas: [], countries: [], cities: [] };

describe('PracticeFilters', () => {
  it('finds the practices of each area, and of several at once', () => {
    const filters = new PracticeFilters(practices);
    for (const area of AREA_IDS) {
      const expected = practices.filter((p) => matchesFilters(p, { ...none, areas: [area] })).map((p) => p.id);
      expect(expected.length, area).toBeGreaterThan(0);
      expect(members(filters.unionOf('area', [area])), area).toEqual(expected);
    }
    const two = practices.filter((p) => matchesFilters(p, { ...none, areas: ['education', 'language'] })).map((p) => p.id);
    expect(members(filters.unionOf('area', ['education', 'language']))).toEqual(two);
  });

  it('matches countries folded, as typed in any case or accent', () => {
    const filters = new PracticeFilters(practices);
    const countries = [...new Set(practices.map((p) => p.country))];
    expect(countries.length).toBeGreaterThan(5);
    for (const country of countries) {
      const expected = practices.filter((p) => matchesFilters(p, { ...none, countries: [country] })).map((p) => p.id);
      expect(members(filters.unionOf('country', [fold(country.toUpperCase())])), country).toEqual(expected);
    }
    expect(members(filters.unionOf('country', ['atlantis']))).toEqual([]);
  });

  it('matches cities by whole words of the practice’s place (multi-city places included)', () => {
    const filters = new PracticeFilters(practices);
    const cities = [...new Set(practices.flatMap((p) => p.city.split(/[/,()]/).map((c) => c.trim())))].filter((c) => c.length >= 3).slice(0, 60);
    for (const city of cities) {
      const expected = practices.filter((p) => matchesFilters(p, { ...none, cities: [city] })).map((p) => p.id);
      expect(members(filters.unionOf('city', [` ${words(city).join(' ')} `])), city).toEqual(expected);
    }
  });

  it('returns the same set again from its cache, and an empty set for no values', () => {
    const filters = new PracticeFilters(practices);
    expect(filters.unionOf('area', ['education'])).toBe(filters.unionOf('area', ['education']));
    expect(filters.unionOf('area', []).count()).toBe(0);
  });
});
