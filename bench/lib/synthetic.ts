/**
 * Deterministic synthetic practice corpora for the bench (and the scale tests).
 *
 * A corpus of N practices is the real corpus plus N - real synthetic practices, so every
 * cross-reference in content/cities stays valid and the real practices keep ranking among the fakes.
 * Synthetic practices recombine the real corpus: titles from real titles with some words swapped,
 * summaries from real sentences (city names replaced), keywords (with their original-language terms)
 * from the real keyword pool, areas from the title's donor. Invented project and city names make the
 * vocabulary grow with N the way a real corpus's does (Heaps' law), instead of saturating at the
 * 140 practices' few thousand words.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AREA_IDS, summaryProblem, type AreaId, type Practice } from '../../src/content/schemas.js';
import { words } from '../../src/search/text.js';

/** mulberry32: small, fast, good enough for reproducible test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

const SYLLABLES = 'ka ri mo ve la sto na bel dor fin gra hel is jo kel lun mar nor ost pa qui ros sel tur ul vik wen yar zo an ber cas del el fa gio han ima lor mei nek oro pri sun tal vor'.split(' ');

export function inventName(rng: Rng, parts = int(rng, 2, 3)): string {
  let s = '';
  for (let i = 0; i < parts; i++) s += pick(rng, SYLLABLES);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function slug(s: string): string {
  return words(s).join('-').replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'x';
}

interface Pools {
  titles: string[][];
  sentences: string[];
  keywords: string[];
  titleWords: string[];
  summaryWords: string[];
  places: Array<{ city: string; country: string }>;
  cityNames: string[];
}

function pools(real: Practice[]): Pools {
  const keywords = [...new Set(real.flatMap((p) => p.keywords))];
  const titleWords = [...new Set(real.flatMap((p) => p.title.split(/\s+/)).filter((w) => w.length >= 4 && /^[\p{L}-]+$/u.test(w)))];
  const sentences = real.flatMap((p) => p.summary.split(/(?<=[.!?])\s+/)).filter((s) => s.length >= 30 && s.length <= 320 && summaryProblem(s) === undefined);
  const summaryWords = [...new Set(sentences.flatMap((s) => s.split(/\s+/)).filter((w) => /^[\p{L}]{4,}$/u.test(w)))];
  const places = real.map((p) => ({ city: p.city, country: p.country }));
  const cityNames = [...new Set(real.flatMap((p) => p.city.split(/[/,()]/).map((c) => c.trim()).filter((c) => c.length >= 3 && !/^multiple\b/i.test(c))))].sort(
    (a, b) => b.length - a.length,
  );
  return { titles: real.map((p) => p.title.split(/\s+/)), sentences, keywords, titleWords, summaryWords, places, cityNames };
}

function replaceCities(text: string, cityNames: string[], city: string): string {
  let out = text;
  for (const c of cityNames) if (out.includes(c)) out = out.split(c).join(city);
  return out;
}

/**
 * `size` practices: the real ones first, then synthetic ones. Same seed and size, same corpus.
 * Synthetic cities: about one per 25 practices, spread over the real corpus's countries.
 */
export function syntheticCorpus(real: Practice[], size: number, seed = 20240611): Practice[] {
  if (size <= real.length) return real.slice(0, size);
  const rng = prng(seed);
  const P = pools(real);
  const countries = [...new Set(real.map((p) => p.country))].sort();
  const extraCities = Math.max(10, Math.round((size - real.length) / 25));
  const places = [...P.places];
  const usedCityNames = new Set(P.cityNames.map((c) => c.toLowerCase()));
  for (let i = 0; i < extraCities; i++) {
    let name = inventName(rng, int(rng, 2, 4));
    while (usedCityNames.has(name.toLowerCase())) name = inventName(rng, int(rng, 2, 4));
    usedCityNames.add(name.toLowerCase());
    places.push({ city: name, country: pick(rng, countries) });
  }
  const out = [...real];
  const ids = new Set(real.map((p) => p.id));
  for (let n = real.length; n < size; n++) {
    const donor = pick(rng, real);
    const place = pick(rng, places);
    const project = rng() < 0.7 ? inventName(rng, int(rng, 2, 4)) : undefined;

    // Title: a real title with some content words swapped, city names replaced, maybe a project name.
    const tWords = donor.title.split(/\s+/).map((w) => (w.length >= 5 && rng() < 0.25 ? pick(rng, P.titleWords) : w));
    let title = replaceCities(tWords.join(' '), P.cityNames, place.city);
    if (project) title = rng() < 0.5 ? `${project}: ${title}` : `${title} (${project})`;
    title = title.slice(0, 160);
    if (title.length < 5) title = `${title} practice`;

    // Summary: 2-4 real sentences, lightly perturbed, city names replaced.
    const parts: string[] = [];
    const nSent = int(rng, 2, 4);
    for (let i = 0; i < nSent; i++) {
      const s = pick(rng, P.sentences)
        .split(' ')
        .map((w) => (rng() < 0.04 && /^\p{L}+$/u.test(w) ? pick(rng, P.summaryWords) : w))
        .join(' ');
      parts.push(replaceCities(s, P.cityNames, place.city));
    }
    if (project) parts[0] = `${project} is run in ${place.city}. ${parts[0]}`;
    // Whole sentences only (a cut one can leave a bracket or quote open).
    while (parts.length > 1 && parts.join(' ').length > 900) parts.pop();
    let summary = parts.join(' ');
    if (summary.length > 900) summary = summary.slice(0, 897).replace(/\s+\S*$/, '') + '...';
    while (summary.length < 80) summary += ` ${pick(rng, P.sentences)}`.slice(0, 900 - summary.length);

    // Keywords: a few from the donor, a few from the whole pool (original-language terms included).
    const kw = new Set<string>();
    for (const k of donor.keywords) if (rng() < 0.6) kw.add(k);
    const extra = int(rng, 2, 7);
    for (let i = 0; i < extra; i++) kw.add(pick(rng, P.keywords));
    if (project) kw.add(project);
    const keywords = [...kw].filter((k) => k.length >= 2 && k.length <= 60).slice(0, 20);
    if (keywords.length === 0) keywords.push(pick(rng, P.keywords));

    const areas = new Set<AreaId>(donor.areas);
    if (rng() < 0.3 && areas.size < 3) areas.add(pick(rng, AREA_IDS));

    // Translations: the donor's as they are (the index holds every language at scale too).
    const translations = donor.translations;

    let id = `syn-${n}-${slug(place.city)}`.slice(0, 80).replace(/-+$/, '');
    while (ids.has(id)) id += 'x';
    ids.add(id);
    out.push({
      id,
      title,
      summary,
      city: place.city,
      country: place.country,
      year: rng() < 0.15 ? null : int(rng, 1998, 2025),
      areas: [...areas],
      keywords,
      source: `https://example.org/practices/${id}`,
      verified: '2026-01-15',
      ...(translations ? { translations } : {}),
    });
  }
  return out;
}

/**
 * A content dir with `practices` as the only practice file, their translations as the translation
 * files (practice-translations/<locale>.jsonl, as the loader reads them), and everything else
 * (cities, selfcheck, i18n, glossary...) copied from `from`.
 */
export function writeContentDir(dir: string, from: string, practices: Practice[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'practices'), { recursive: true });
  for (const part of readdirSync(from)) if (part !== 'practices' && part !== 'practice-translations') cpSync(join(from, part), join(dir, part), { recursive: true });
  const byLocale = new Map<string, string[]>();
  const lines = practices.map(({ translations, ...p }) => {
    for (const [l, t] of Object.entries(translations ?? {})) {
      if (!t) continue;
      const list = byLocale.get(l) ?? [];
      list.push(JSON.stringify({ id: p.id, title: t.title, summary: t.summary }));
      byLocale.set(l, list);
    }
    return JSON.stringify(p);
  });
  writeFileSync(join(dir, 'practices', 'practices.jsonl'), lines.join('\n') + '\n');
  mkdirSync(join(dir, 'practice-translations'), { recursive: true });
  for (const [l, list] of byLocale) writeFileSync(join(dir, 'practice-translations', `${l}.jsonl`), list.join('\n') + '\n');
}
