/** The query parser's vocabulary (countries, cities, areas by their words) from the practices and content. */
import { AREA_IDS, type AreaId } from '../content/schemas.js';
import { words } from './text.js';
import { cityExonyms, countryCode, countryNames } from './places.js';
import { countryAdjectives } from './country-adjectives.js';
import type { Vocabulary } from './query.js';
import type { SearchSetup } from './search-types.js';

export function buildVocabulary(setup: SearchSetup): Vocabulary {
  const countries = new Map<string, string>();
  const cities = new Map<string, string>();
  const areas = new Map<string, AreaId>();
  const adjectives = new Map<string, string>();
  // Distinct names only: a 10k corpus names a few hundred places.
  const seenCountries = new Set<string>();
  const seenCities = new Set<string>();
  for (const p of setup.practices) {
    if (!seenCountries.has(p.country)) {
      seenCountries.add(p.country);
      countries.set(words(p.country).join(' '), p.country);
      for (const n of countryNames(p.country)) if (!countries.has(words(n).join(' '))) countries.set(words(n).join(' '), p.country);
      const code = countryCode(p.country);
      if (code) for (const a of countryAdjectives(code)) if (!adjectives.has(a)) adjectives.set(a, p.country);
    }
    if (seenCities.has(p.city)) continue;
    seenCities.add(p.city);
    for (const part of [p.city, ...p.city.split(/[/,()]/)]) {
      const name = part.trim();
      if (name !== p.city && name.length >= 3 && !/^multiple\b/i.test(name)) cities.set(words(name).join(' '), name);
      for (const n of cityExonyms(name)) if (!cities.has(words(n).join(' '))) cities.set(words(n).join(' '), name === p.city || name.length < 3 ? p.city : name);
    }
    if (!/^multiple\b/i.test(p.city) && !/[/,(]/.test(p.city)) cities.set(words(p.city).join(' '), p.city);
  }
  for (const [alias, display] of setup.cityAliases ?? []) if (alias.length >= 3 && !cities.has(alias)) cities.set(alias, display);
  for (const id of AREA_IDS) {
    areas.set(words(id).join(' '), id);
    for (const n of setup.areaNames.get(id) ?? []) areas.set(words(n).join(' '), id);
  }
  // A city named like a country or an area would hijack those words; countries and areas win.
  for (const k of [...countries.keys(), ...areas.keys()]) cities.delete(k);
  return { countries, cities, areas, adjectives };
}
