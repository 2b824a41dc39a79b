/**
 * "Cities similar to Getxo": the network's other cities ranked by how alike they are to a reference
 * city, with no topic. A pure function like rankPeers (src/peers/rank.ts), kept apart from it because
 * a topic's ranking must stay about practices: there likeness only breaks ties.
 */
import type { City } from '../content/schemas.js';

export type SimilarSignal =
  | { kind: 'population'; population: number }
  | { kind: 'language'; language: string }
  | { kind: 'country'; country: string }
  | { kind: 'network'; network: string }
  | { kind: 'declined' };

export interface SimilarCity {
  city: City;
  score: number;
  signals: SimilarSignal[];
  declined: boolean;
}

export interface SimilarInput {
  cities: readonly City[];
  reference: City;
  /** The user's own city: never suggested (nor is the reference). */
  own?: City | undefined;
  declined?: ReadonlySet<string>;
  limit?: number;
}

export const SIMILAR_WEIGHTS = {
  /** Same population: this much, falling linearly to 0 at a tenfold difference (log ratio). */
  population: 3,
  populationSpan: Math.log(10),
  /** A closeness from which the reason "similar population" is given: within a factor of 2. */
  populationReason: 1 - Math.log(2) / Math.log(10),
  language: 2,
  country: 1.5,
  network: 1,
} as const;

/** 1 for the same population, 0 from a tenfold difference; undefined when either is unknown. */
export function populationCloseness(a: number | null, b: number | null): number | undefined {
  if (!a || !b) return undefined;
  return Math.max(0, 1 - Math.abs(Math.log(a / b)) / SIMILAR_WEIGHTS.populationSpan);
}

export function rankSimilar(input: SimilarInput): SimilarCity[] {
  const { reference: ref, own } = input;
  const out: SimilarCity[] = [];
  for (const city of input.cities) {
    if (city.id === ref.id || (own && city.id === own.id)) continue;
    const signals: SimilarSignal[] = [];
    let score = 0;

    const closeness = populationCloseness(ref.population, city.population);
    if (closeness !== undefined) {
      score += SIMILAR_WEIGHTS.population * closeness;
      if (closeness >= SIMILAR_WEIGHTS.populationReason) signals.push({ kind: 'population', population: city.population! });
    } else if (ref.populationBand !== 'unknown' && ref.populationBand === city.populationBand) {
      // An unknown figure with a known band: as close as a factor of 2, no more.
      score += SIMILAR_WEIGHTS.population * SIMILAR_WEIGHTS.populationReason;
    }
    const language = ref.languages.find((l) => city.languages.includes(l));
    if (language) {
      score += SIMILAR_WEIGHTS.language;
      signals.push({ kind: 'language', language });
    }
    if (ref.countryCode && ref.countryCode === city.countryCode) {
      score += SIMILAR_WEIGHTS.country;
      signals.push({ kind: 'country', country: city.country });
    }
    const network = ref.networks.find((n) => city.networks.includes(n));
    if (network) {
      score += SIMILAR_WEIGHTS.network;
      signals.push({ kind: 'network', network });
    }
    // Nothing in common: not "similar", whatever the list's length.
    if (score < SIMILAR_WEIGHTS.population * 0.5 && signals.length === 0) continue;

    const declined = input.declined?.has(city.id) ?? false;
    if (declined) signals.push({ kind: 'declined' });
    out.push({ city, score: Math.round(score * 100) / 100, signals, declined });
  }
  out.sort((a, b) => Number(a.declined) - Number(b.declined) || b.score - a.score || a.city.name.localeCompare(b.city.name));
  return out.slice(0, input.limit ?? out.length);
}
