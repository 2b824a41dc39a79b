/**
 * From what people type to what the ranking needs: the topic (mapped to areas through the practice
 * index), a reference city ("like ours", "for Bilbao"), and the peers sub-requests (connect, opt in/out).
 */
import type { AreaId, City } from '../content/schemas.js';
import { CityDirectory, type CityMatch } from '../cities/match.js';
import { tokenize, wordList, type Token, type WordList } from '../core/words.js';
import type { PracticeSearch } from '../search/practice-search.js';
import { QUERY_STOPWORDS, words } from '../search/text.js';
import { ON_TOPIC, type PeerTopic } from './rank.js';

/**
 * Words that say "find me a peer" rather than what about, in the network's languages; trimmed from the
 * ends of a topic ("знайди нам міста-партнери для освіти" -> "освіти"). Folded like the search folds.
 */
const PEER_WORDS = new Set(
  words(`peer peers partner partners sister twin twinned similar comparable ours us mine learn learning learned from
  connect connected introduce match matching compare compared good great strong stronger leading doing well done
  experienced experience experts expert work working at are is has have been suggest recommend who which find show
  trouve trouver trouvez cherche montre villes ville homologue homologues partenaire partenaires similaires comparables semblables nous pour apprendre quelles
  busca buscar busque encuentra encontrar muestra ciudades ciudad pares socias hermanas similares parecidas nosotros nos para aprender cuáles
  trova trovare trovami cerca mostra città simili gemellate gemelle noi ci per imparare quali
  finde finden such suche suchen zeig zeige partnerstadt partnerstädte städte stadt ähnliche vergleichbare uns für wir lernen welche
  encontra encontrar encontre procura procurar mostra cidades cidade parceiras parceira irmãs semelhantes nós para aprender quais
  знайди знайдіть шукай покажи покажіть міста місто міст містами партнер партнери партнерів партнерами побратими подібні схожі нам нас для яких можна повчитися навчитися`),
);

/** Search ignores these, but they belong to a topic's name ("intercultural mediation"). */
const KEEP_IN_LABEL = new Set(['intercultural']);

const OURS_RE = /\b(?:like|similar to|comparable to|compared (?:to|with)|for|as)\s+(?:ours|us|mine|my city|our city|my town|our town|my municipality|our municipality)\b/iu;
const CITY_REF_RE = /\b(like|similar to|comparable to|compared (?:to|with)|for|as|i'?m from|i am from|we'?re|we are)\s+(?:the city of\s+)?/giu;

const directories = new WeakMap<readonly City[], CityDirectory>();

/** One directory per city list (content is loaded once per app). */
export function directoryOf(cities: City[]): CityDirectory {
  let dir = directories.get(cities);
  if (!dir) directories.set(cities, (dir = new CityDirectory(cities)));
  return dir;
}

export interface FindRequest {
  kind: 'find';
  topic: string;
  /** "like ours": compare with the user's own city. */
  ours: boolean;
  /** "for Bilbao" / "like Bilbao": the reference city named in the text. */
  reference?: City;
}

export type PeersRequest =
  | FindRequest
  | { kind: 'connect'; city: string; topic: string }
  | { kind: 'optin'; city: string }
  | { kind: 'optout' };

const OPTIN_RE = /(?:^\s*(?:please\s+)?sign\s+me\s+up|\bopt[\s-]?(?:me\s+)?in)\b(.*)$/iu;
const OPTIN_FILLER_RE = /^\s*(?:(?:as|to be)\s+(?:a|an|the|our|my)?\s*(?:city'?s?\s+)?(?:peer\s+)?contacts?\b)?\s*(?:(?:for|of|from|in|to)\s+)?(?:introductions?\b\s*(?:(?:for|of|from|in)\s+)?)?/iu;
const OPTOUT_RE = /\b(?:opt[\s-]?(?:me\s+)?out|remove\s+me\s+(?:as|from)|stop\s+(?:the\s+|my\s+)?introductions)\b/iu;
const CONTACT_SUFFIX_RE = /(?:['’]s)?\s+(?:peer\s+)?contacts?\b.*$/iu;
const CONNECT_RE = /^\s*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:connect\s+(?:me|us)\s+(?:with|to)|introduce\s+(?:me|us)\s+to|put\s+(?:me|us)\s+in\s+touch\s+with|connect(?:\s+(?:with|to))?)\b\s*(.*)$/iu;
const WHO_PREFIX_RE = /^(?:(?:the|a|an|our)\s+)?(?:(?:someone|somebody|people|colleagues?|staff|contacts?|team|person|officers?)\s+(?:from|in|at|of)\s+)?(?:the city of\s+)?/iu;
const TOPIC_SPLIT_RE = /\s+(?:about|on|for|regarding|re|to talk about|to discuss)\s+/iu;

/** Splits the text of a peers turn (free text, or the argument of `/icc peers …`) into a request. */
export function parsePeersText(text: string, cities: City[]): PeersRequest {
  const trimmed = text.trim().slice(0, 300);
  if (OPTOUT_RE.test(trimmed)) return { kind: 'optout' };
  const optin = OPTIN_RE.exec(trimmed);
  if (optin) return { kind: 'optin', city: cleanCity((optin[1] ?? '').replace(OPTIN_FILLER_RE, '').replace(CONTACT_SUFFIX_RE, '').replace(/^\s*(?:as|for|of|from|in|to)\s+/iu, '')) };
  const connect = CONNECT_RE.exec(trimmed);
  if (connect) {
    const rest = (connect[1] ?? '').replace(WHO_PREFIX_RE, '');
    const [cityPart = '', ...topicParts] = rest.split(TOPIC_SPLIT_RE);
    return { kind: 'connect', city: cleanCity(cityPart), topic: trimFiller(topicParts.join(' ')) };
  }
  return parseFind(trimmed, cities);
}

function cleanCity(s: string): string {
  return s
    .replace(/[?!.,;:]+\s*$/u, '')
    .replace(WHO_PREFIX_RE, '')
    .replace(/\s+(?:please|thanks|thank you)$/iu, '')
    .trim()
    .slice(0, 120);
}

function parseFind(text: string, cities: City[]): FindRequest {
  let rest = text;
  let ours = false;
  if (OURS_RE.test(rest)) {
    ours = true;
    rest = rest.replace(OURS_RE, ' ');
  }
  let reference: City | undefined;
  const dir = directoryOf(cities);
  for (const m of rest.matchAll(CITY_REF_RE)) {
    const after = rest.slice(m.index + m[0].length);
    const tokens = after.split(/\s+/).slice(0, 5);
    // Longest run of words that is exactly a city name or alias ("Reggio Emilia", "Getxo").
    for (let n = tokens.length; n >= 1; n--) {
      const candidate = tokens.slice(0, n).join(' ').replace(/[?!.,;:]+$/u, '');
      const found = candidate ? dir.find(candidate) : undefined;
      if (found?.kind === 'exact') {
        reference = found.city;
        const consumed = m[0].length + tokens.slice(0, n).join(' ').length;
        rest = `${rest.slice(0, m.index)} ${rest.slice(m.index + consumed)}`;
        break;
      }
    }
    if (reference) break;
  }
  return { kind: 'find', topic: trimFiller(rest), ours, ...(reference ? { reference } : {}) };
}

/**
 * The words that frame a request rather than name its topic, in every language ("strong in", "good at",
 * "сильні в", "stark bei", "fortes en", "welche Städte sind", "як"): content/words/peers.json's
 * `request` list, dropped from either end of a topic (never from its middle: "education in schools").
 */
function requestWords(): WordList {
  return wordList('peers', 'request');
}

/** Leading and trailing words that are filler on their own (search stop words, PEER_WORDS). */
function trimFillerWords(text: string): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  const filler = (t: string) => {
    const w = words(t);
    return w.length === 0 || w.every((x) => (QUERY_STOPWORDS.has(x) && !KEEP_IN_LABEL.has(x)) || PEER_WORDS.has(x));
  };
  while (tokens.length && filler(tokens[0]!)) tokens.shift();
  while (tokens.length && filler(tokens[tokens.length - 1]!)) tokens.pop();
  return tokens.join(' ');
}

/** One request phrase off the start and one off the end of the text, when there is one there. */
function trimRequestPhrases(text: string): string {
  const list = requestWords();
  let out = text;
  let tokens: Token[] = tokenize(out, 1000);
  const lead = list.find(tokens);
  if (lead && lead.from === 0) {
    out = out.slice(tokens[lead.to - 1]!.end);
    tokens = tokenize(out, 1000);
  }
  // The longest phrase that ends the text: the first suffix of the tokens that is wholly one phrase.
  for (let k = 0; k < tokens.length; k++) {
    const hit = list.find(tokens.slice(k));
    if (hit && hit.from === 0 && hit.to === tokens.length - k) {
      out = out.slice(0, tokens[k]!.start);
      break;
    }
  }
  return out;
}

/**
 * Drops leading and trailing filler words, request phrases and punctuation: "find a peer city for
 * anti-rumour work?" -> "anti-rumour", „Welche Städte sind stark bei Bürgerbeteiligung?“ -> "Bürgerbeteiligung".
 */
export function trimFiller(text: string): string {
  let rest = text.slice(0, 1000);
  // Each round takes at least one word off, so a 1,000-character text is done in a few hundred at most.
  for (;;) {
    const next = trimRequestPhrases(trimFillerWords(rest));
    if (next === rest) break;
    rest = next;
  }
  return rest.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').slice(0, 120);
}

export interface ResolvedTopic {
  topic: PeerTopic;
  /** Countries named in the topic ("… in Spain"). */
  countries: string[];
}

/** Maps a topic or an area to practices and areas through the practice index; null when nothing matches. */
export function resolveTopic(search: PracticeSearch, typed: string): ResolvedTopic | null {
  // "strong in education" is matched (and named) as "education": the request's own words would match practices too.
  const text = trimFiller(typed) || typed.trim();
  const parsed = search.parse(text);
  // A city named in the topic is the reference city's business, not a filter on the peers' practices.
  const query = { ...parsed, filters: { ...parsed.filters, cities: [] } };
  if (query.terms.length === 0 && query.filters.areas.length === 0) return null;
  const r = search.run(query, { limit: 50 });
  if (r.total === 0 && query.filters.areas.length === 0) return null;
  const top = r.hits.reduce((m, h) => Math.max(m, h.score), 0);
  const relevance = new Map<string, number>();
  for (const h of r.hits) relevance.set(h.practice.id, top > 0 ? h.score / top : 1);

  let areas: AreaId[] = [...new Set([...query.filters.areas, ...r.relatedAreas])];
  if (areas.length === 0) {
    // No glossary hint: the areas the best hits share.
    const weight = new Map<AreaId, number>();
    for (const h of r.hits) {
      const rel = relevance.get(h.practice.id)!;
      if (rel < ON_TOPIC) continue;
      for (const a of h.practice.areas) weight.set(a, (weight.get(a) ?? 0) + rel);
    }
    const best = Math.max(0, ...weight.values());
    areas = [...weight.entries()]
      .filter(([, w]) => w >= best * 0.5)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([a]) => a);
  }
  const label = query.terms.length === 0 ? query.filters.areas.map((a) => search.areaName(a)).join(' / ') : withoutCountries(text, query.filters.countries);
  return { topic: { label, areas, relevance }, countries: query.filters.countries };
}

/** "mediation in Norway" -> "mediation": the country is a filter, not part of the topic's name. */
function withoutCountries(text: string, countries: string[]): string {
  let out = text;
  for (const c of countries) out = out.replace(new RegExp(`(?:\\b(?:in|from|across)\\s+)?${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'giu'), ' ');
  return (trimFiller(out) || text.trim()).slice(0, 80);
}

/** The topic of a policy area (self-check results hand these over). */
export function areaTopic(search: PracticeSearch, area: AreaId): ResolvedTopic {
  return resolveTopic(search, `area:${area}`) ?? { topic: { label: search.areaName(area), areas: [area], relevance: new Map() }, countries: [] };
}

export function findCity(cities: City[], name: string): CityMatch {
  return directoryOf(cities).find(name);
}
