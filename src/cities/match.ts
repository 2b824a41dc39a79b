/**
 * Finds an ICC city from what a person types: "oslo", "Donostia", "Reggio nell'Emilia", "Lisboa",
 * "Bergn" (a typo). Exact names and aliases first (case and accents ignored), then close spellings.
 */
import type { City } from '../content/schemas.js';
import { editDistance, words } from '../search/text.js';

export type CityMatch = { kind: 'exact'; city: City } | { kind: 'close'; city: City; alternatives: City[] } | { kind: 'none'; suggestions: City[] };

const key = (s: string) => words(s).join(' ');

export class CityDirectory {
  private readonly byKey = new Map<string, City>();
  readonly byId: Map<string, City>;

  constructor(readonly cities: City[]) {
    this.byId = new Map(cities.map((c) => [c.id, c]));
    for (const c of cities) for (const n of [c.name, ...c.aliases, c.id.replace(/-/g, ' ')]) if (!this.byKey.has(key(n))) this.byKey.set(key(n), c);
  }

  get(id: string): City | undefined {
    return this.byId.get(id);
  }

  find(input: string): CityMatch {
    const k = key(input.replace(/^(the )?city of /i, ''));
    if (!k) return { kind: 'none', suggestions: [] };
    const exact = this.byKey.get(k);
    if (exact) return { kind: 'exact', city: exact };
    const scored: Array<{ city: City; d: number }> = [];
    for (const [name, city] of this.byKey) {
      const max = name.length <= 5 ? 1 : 2;
      const d = name.startsWith(k) && k.length >= 4 ? 0.5 : editDistance(k, name, max);
      if (d <= max) scored.push({ city, d });
    }
    scored.sort((a, b) => a.d - b.d || a.city.name.localeCompare(b.city.name));
    const unique = [...new Map(scored.map((s) => [s.city.id, s.city])).values()];
    if (unique.length > 0 && scored[0]!.d <= 1 && (unique.length === 1 || scored[1]!.d > scored[0]!.d)) {
      return { kind: 'close', city: unique[0]!, alternatives: unique.slice(1, 4) };
    }
    return { kind: 'none', suggestions: unique.slice(0, 3) };
  }
}
