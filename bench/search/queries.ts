/**
 * The fixed query mix: what city officers type, as the search tests describe it. Hand-written
 * queries (questions, typos, filters in words and as fields, other languages, hostile input, no
 * match) plus generated ones from the real corpus's own words, with typos, filters and phrasing
 * added by a seeded PRNG. Built from the real 140 practices only, so every corpus size answers the
 * same queries.
 */
import { AREA_IDS, type Practice } from '../../src/content/schemas.js';
import { words } from '../../src/search/text.js';
import { int, pick, prng, type Rng } from '../lib/synthetic.js';

export const FIXED_QUERIES: readonly string[] = [
  // questions and multiword
  'how did other cities run an anti-rumour campaign?',
  'anti-rumour campaign',
  'what are good examples of intercultural mediation in neighbourhoods',
  'language courses for migrant women',
  'welcoming newcomers and refugees',
  'public space festivals',
  'hate speech online',
  'intercultural competence training for police officers',
  'roma inclusion schools',
  'participatory budgeting with migrant associations',
  // typos and spelling variants
  'anti-rumor',
  'antirumores',
  'ANTI RUMOURS',
  'anti-rumuor campaign',
  'mediaton',
  'intercultral competence trainng',
  'refugess welcom',
  'neighbourhod mediaton',
  'discrimnation',
  'antirumorz campaing',
  // filters, in words and as fields
  'education practices in Norway',
  'area:welcoming-newcomers country:Portugal',
  'city:Bergen',
  'country:Spain',
  'anti-rumour in Spain',
  'mediation in Italy',
  'area:participation',
  'newcomers country:Germany',
  'schools in Barcelona',
  'area:education city:Oslo',
  // other languages and scripts
  'mediazione interculturale nei quartieri',
  'participación ciudadana',
  'accueil des nouveaux arrivants',
  'Integration von Flüchtlingen',
  'acolhimento de migrantes',
  'norskopplæring for innvandrere',
  'медіація в громаді',
  'école interculturelle',
  // odd and hostile input, no match
  '"unclosed quote',
  'title: ^10 ~2 +-*',
  '🙂 anti-rumour',
  'qwertyuiop zxcvb',
  '東京',
  'x'.repeat(300),
];

const QUESTION = ['how do cities {}', 'examples of {}', 'what works for {}', '{} ideas', 'any practice on {}', '{}'];

function typo(rng: Rng, w: string): string {
  if (w.length < 4) return w;
  const i = int(rng, 1, w.length - 2);
  switch (int(rng, 0, 3)) {
    case 0:
      return w.slice(0, i) + w.slice(i + 1); // deletion
    case 1:
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); // transposition
    case 2:
      return w.slice(0, i) + pick(rng, [...'aeiourstnl']) + w.slice(i + 1); // substitution
    default:
      return w.slice(0, i) + pick(rng, [...'aeiourstnl']) + w.slice(i); // insertion
  }
}

/** `count` queries: the fixed ones first, then generated ones (deterministic for a seed). */
export function queryMix(real: Practice[], count: number, seed: number, withFixed = true): string[] {
  const rng = prng(seed);
  const vocab = [...new Set(real.flatMap((p) => [...words(p.title), ...p.keywords.flatMap((k) => words(k))]).filter((w) => w.length >= 4))].sort();
  const phrases = [...new Set(real.flatMap((p) => p.keywords))].sort();
  const countries = [...new Set(real.map((p) => p.country))].sort();
  const out: string[] = withFixed ? [...FIXED_QUERIES] : [];
  const seen = new Set(out);
  while (out.length < count) {
    const parts: string[] = [];
    if (rng() < 0.35) parts.push(pick(rng, phrases));
    else for (let i = int(rng, 1, 3); i > 0; i--) parts.push(pick(rng, vocab));
    if (rng() < 0.2) {
      const i = int(rng, 0, parts.length - 1);
      parts[i] = parts[i]!
        .split(' ')
        .map((w) => typo(rng, w))
        .join(' ');
    }
    let q = pick(rng, QUESTION).replace('{}', parts.join(' '));
    const f = rng();
    if (f < 0.1) q += ` in ${pick(rng, countries)}`;
    else if (f < 0.15) q += ` country:${pick(rng, countries)}`;
    else if (f < 0.22) q += ` area:${pick(rng, AREA_IDS)}`;
    if (!seen.has(q)) {
      seen.add(q);
      out.push(q);
    }
  }
  return out.slice(0, count);
}
