/**
 * What the practice search is built from (content, glossary, area names in every language, city aliases),
 * outside the composition root so a command that needs only the search (e.g. `peers`) builds it alone.
 */
import type { Content } from '../content/loader.js';
import { AREA_IDS, type AreaId } from '../content/schemas.js';
import { PracticeSearch, type SearchSetup } from './practice-search.js';
import { words } from './text.js';

/** Area names in every language the self-check texts carry, English first (used in replies). */
export function areaNamesOf(content: Content): Map<AreaId, string[]> {
  const names = new Map<AreaId, string[]>();
  const locales = [...content.selfcheck.text.keys()].sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
  for (const id of AREA_IDS) names.set(id, locales.map((l) => content.selfcheck.text.get(l)!.areas[id].name));
  return names;
}

/** What the practice search is built from (the bench builds other engines from the same). */
export function searchSetup(content: Content): SearchSetup {
  const cityAliases = new Map<string, string>();
  for (const c of content.cities) {
    if (c.practices.length === 0) continue;
    for (const n of [c.name, ...c.aliases]) cityAliases.set(words(n).join(' '), c.name);
  }
  return { practices: content.practices, glossary: content.glossary, areaNames: areaNamesOf(content), cityAliases };
}

export function createSearch(content: Content, cacheDir?: string): { search: PracticeSearch; loadedFromCache: boolean } {
  return PracticeSearch.create(searchSetup(content), cacheDir);
}

