/**
 * Which practices a query's filters (areas, countries, cities) leave, as DocSets.
 *
 * A filter value's set is built once and cached. Building one reads each practice's filter keys from
 * typed arrays (an area bitmask, a country number, a place number) rather than from the 10k practice
 * objects: walking the objects scattered over the heap cost ~1.5 ms per new value at 10k practices,
 * one of the slowest steps of a filtered query; a pass over a Uint32Array costs ~20 µs.
 */
import type { Practice } from '../content/schemas.js';
import { AREA_IDS } from '../content/schemas.js';
import { DocSet } from './doc-set.js';
import type { Filters } from './query.js';
import { fold, words } from './text.js';

export type FilterKind = 'area' | 'country' | 'city';

const AREA_BIT = new Map<string, number>(AREA_IDS.map((a, i) => [a, 1 << i]));
/** Keeps the cache bounded (city filters come from user text). */
const MAX_CACHED_SETS = 512;

/** Each practice's filter keys, by position, computed in one pass. */
interface FilterKeys {
  /** Bit i set: the practice is in AREA_IDS[i]. */
  areas: Uint32Array;
  /** Position in `countries` of the practice's folded country. */
  country: Uint32Array;
  countries: string[];
  /** Position in `places` of the practice's city words, as ` w1 w2 ` (whole-word substring tests). */
  place: Uint32Array;
  places: string[];
}

function filterKeysOf(practices: readonly Practice[]): FilterKeys {
  const n = practices.length;
  const keys: FilterKeys = { areas: new Uint32Array(n), country: new Uint32Array(n), countries: [], place: new Uint32Array(n), places: [] };
  // Distinct raw names -> number: a 10k corpus names a few hundred places, each folded once.
  const countryIds = new Map<string, number>();
  const placeIds = new Map<string, number>();
  const foldedCountryIds = new Map<string, number>();
  for (let d = 0; d < n; d++) {
    const p = practices[d]!;
    let mask = 0;
    for (const a of p.areas) mask |= AREA_BIT.get(a) ?? 0;
    keys.areas[d] = mask;
    let c = countryIds.get(p.country);
    if (c === undefined) {
      const folded = fold(p.country);
      c = foldedCountryIds.get(folded);
      if (c === undefined) foldedCountryIds.set(folded, (c = keys.countries.push(folded) - 1));
      countryIds.set(p.country, c);
    }
    keys.country[d] = c;
    let pl = placeIds.get(p.city);
    if (pl === undefined) placeIds.set(p.city, (pl = keys.places.push(` ${words(p.city).join(' ')} `) - 1));
    keys.place[d] = pl;
  }
  return keys;
}

/** The practices matching one filter value; `value` is an area id, a folded country or ` city words `. */
function setOf(keys: FilterKeys, size: number, kind: FilterKind, value: string): DocSet {
  const set = new DocSet(size);
  if (kind === 'area') {
    const bit = AREA_BIT.get(value) ?? 0;
    for (let d = 0; d < size; d++) if ((keys.areas[d]! & bit) !== 0) set.add(d);
    return set;
  }
  // Which countries / places match, then one pass over the practices' numbers.
  const names = kind === 'country' ? keys.countries : keys.places;
  const of = kind === 'country' ? keys.country : keys.place;
  const wanted = new Uint8Array(names.length);
  let any = false;
  for (let i = 0; i < names.length; i++) {
    if (kind === 'country' ? names[i] === value : names[i]!.includes(value)) {
      wanted[i] = 1;
      any = true;
    }
  }
  if (any) for (let d = 0; d < size; d++) if (wanted[of[d]!] === 1) set.add(d);
  return set;
}

export class PracticeFilters {
  private keys: FilterKeys | undefined;
  private readonly sets = new Map<string, DocSet>();

  constructor(private readonly practices: readonly Practice[]) {}

  /**
   * The practices in any of the areas / with any of the folded countries / whose city contains any
   * of the ` city words `.
   */
  unionOf(kind: FilterKind, values: readonly string[]): DocSet {
    // The keys are computed on the first filtered query, not at start-up.
    const keys = (this.keys ??= filterKeysOf(this.practices));
    let out: DocSet | undefined;
    for (const value of new Set(values)) {
      const key = `${kind}|${value}`;
      let set = this.sets.get(key);
      if (!set) {
        set = setOf(keys, this.practices.length, kind, value);
        if (this.sets.size >= MAX_CACHED_SETS) this.sets.delete(this.sets.keys().next().value!);
        this.sets.set(key, set);
      }
      out = out ? out.or(set) : set;
    }
    return out ?? new DocSet(this.practices.length);
  }
}

export function matchesFilters(p: Practice, f: Filters): boolean {
  if (f.areas.length && !f.areas.some((a) => p.areas.includes(a))) return false;
  if (f.countries.length && !f.countries.some((c) => fold(c) === fold(p.country))) return false;
  if (f.cities.length) {
    const place = ` ${words(p.city).join(' ')} `;
    if (!f.cities.some((c) => place.includes(` ${words(c).join(' ')} `))) return false;
  }
  return true;
}

// localeCompare with no arguments, without building the collator again on every call (a filter-only
// query on a 100k corpus sorts thousands of titles).
let collator: Intl.Collator | undefined;
function titleOrder(a: string, b: string): number {
  return (collator ??= new Intl.Collator()).compare(a, b);
}

/** The `k` first practices by year (newest first) then title, among those `allow`ed; and how many are. */
export function newestFirst(practices: Practice[], allow: DocSet | undefined, k: number): { total: number; docs: number[] } {
  const before = (a: Practice, b: Practice) => (b.year ?? 0) - (a.year ?? 0) || titleOrder(a.title, b.title);
  const top: number[] = [];
  let total = 0;
  for (let d = 0; d < practices.length; d++) {
    if (allow && !allow.has(d)) continue;
    total++;
    const p = practices[d]!;
    if (top.length === k && before(p, practices[top[k - 1]!]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(practices[top[mid]!]!, p) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, d);
    if (top.length > k) top.pop();
  }
  return { total, docs: top };
}
