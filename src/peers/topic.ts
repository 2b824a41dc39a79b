/**
 * From what people type to what the ranking needs: the topic (mapped to areas through the practice
 * index), a reference city ("like ours", "for Bilbao"), and the peers sub-requests (connect, opt in/out).
 */
import type { AreaId, City } from '../content/schemas.js';
import { CityDirectory, type CityMatch } from '../cities/match.js';
import { tokenize, wordList, type Token, type WordList } from '../core/words.js';
import { namedCityIn } from '../cities/named.js';
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

/** Splits the text of a peers turn (free text, or the argument of `/icc peers …`) into a request. */
export function parsePeersText(text: string, cities: City[]): PeersRequest {
  const trimmed = text.trim().slice(0, 300);
  if (OPTOUT_RE.test(trimmed)) return { kind: 'optout' };
  const optin = OPTIN_RE.exec(trimmed);
  if (optin) return { kind: 'optin', city: cleanCity((optin[1] ?? '').replace(OPTIN_FILLER_RE, '').replace(CONTACT_SUFFIX_RE, '').replace(/^\s*(?:as|for|of|from|in|to)\s+/iu, '')) };
  return optRequest(trimmed, cities) ?? connectRequest(trimmed, cities) ?? parseFind(trimmed, cities);
}

/**
 * Opting in or out in the other languages (English keeps the expressions above, which its tests pin):
 * content/words/peers.json's `optout` and `optin`; the city is the directory's one named after the ask
 * („tragen Sie mich als Ansprechpartnerin für Getxo ein“), else none (the reply asks, or takes the user's own).
 */
function optRequest(text: string, cities: City[]): PeersRequest | undefined {
  const tokens = tokenize(text, 1000);
  if (peerList('optout').has(tokens)) return { kind: 'optout' };
  const hit = peerList('optin').find(tokens);
  if (!hit) return undefined;
  const after = text.slice(tokens[hit.to - 1]!.end);
  const named = namedCity(after, cities) ?? namedCity(text.slice(0, tokens[hit.from]!.start), cities);
  return { kind: 'optin', city: named?.name ?? '' };
}

/**
 * The lists of content/words/peers.json that read "introduce me to someone in Getxo about X" in every
 * language: `connect` (the ask), `who` (someone / a colleague / from / the city of), `topic-lead` (about,
 * que trabalhe na, che si occupa di), `any-city` (a city that ...) and `did` (has already set up ...).
 */
const peerList = (name: string): WordList => wordList('peers', name);

/** The text less the `list` words it starts with (every one: "qualcuno del comune di Getxo" -> "Getxo"). */
function dropLeading(text: string, list: WordList): string {
  let tokens = tokenize(text, 1000);
  let out = text;
  for (let hit = list.find(tokens); hit && hit.from === 0 && tokens.length > 0; hit = list.find(tokens)) {
    out = out.slice(tokens[hit.to - 1]!.end);
    tokens = tokenize(out, 1000);
  }
  return out;
}

/** The text less the single-word `list` entries it ends with ("... aufgebaut hat" -> "..."). */
function dropTrailing(text: string, list: WordList): string {
  const tokens = tokenize(text, 1000);
  let k = tokens.length;
  while (k > 0 && list.find(tokens.slice(k - 1, k))) k--;
  return k === tokens.length ? text : text.slice(0, k === 0 ? 0 : tokens[k - 1]!.end);
}

/** The text after its first `list` phrase when the text starts with one; else the text. */
function afterLeading(text: string, list: WordList): string {
  const tokens = tokenize(text, 1000);
  const hit = list.find(tokens);
  return hit && hit.from === 0 ? text.slice(tokens[hit.to - 1]!.end) : text;
}

const namedCity = (text: string, cities: City[]) => namedCityIn(text, directoryOf(cities));

/** What a connect request is about, from the words after the city ("que trabalhe na integração" -> "integração"). */
function connectTopic(text: string): string {
  // German puts the verb last: „… aus Bergen vor, der an Bürgerbeteiligung arbeitet“ (`did` has vor, arbeitet).
  const did = peerList('did');
  const lead = peerList('topic-lead');
  const start = text.replace(/^[\s\p{P}]+/u, '');
  let topic = afterLeading(start, lead);
  // "... qui travaille sur X" starts with its lead; "..., mit dem ich über X reden kann" after the verbs.
  if (topic === start) topic = afterLeading(dropLeading(start, did).replace(/^[\s\p{P}]+/u, ''), lead);
  return trimFiller(dropTrailing(topic, did));
}

/**
 * "introduce me to someone in Getxo about X", „mi presenti qualcuno del comune di Getxo“: a connect
 * request for the named city; "une ville qui a déjà monté un réseau antirumeurs, pour échanger" names no
 * city but what it did, so it is a search for peers strong at that. Undefined when no `connect` phrase.
 */
function connectRequest(text: string, cities: City[]): PeersRequest | undefined {
  const tokens = tokenize(text, 1000);
  // "someone" alone asks for a person only next to a city of the directory ("c'è qualcuno a Getxo con cui
  // parlare?"); without one it is any word of a topic ("cities with someone in charge of diversity").
  const asked = peerList('connect').find(tokens);
  const ask = asked ?? peerList('someone').find(tokens);
  if (!ask) return undefined;
  const after = text.slice(tokens[ask.to - 1]!.end);
  // The city named after the ask ("... with Getxo"), else before it („gibt es in Bergen jemanden, mit dem …“).
  const named = namedCity(after, cities);
  if (named) return { kind: 'connect', city: named.name, topic: connectTopic(after.slice(named.end)) };
  const before = namedCity(text.slice(0, tokens[ask.from]!.start), cities);
  if (before) return { kind: 'connect', city: before.name, topic: connectTopic(text.slice(before.end)) };
  if (!asked) return undefined;
  // "a city that has set up X (I could exchange with)": what it did is the topic of a peer search.
  const any = peerList('any-city').find(tokens);
  if (any) {
    const end = ask.from > any.to ? tokens[ask.from]!.start : text.length;
    const did = peerList('did');
    const topic = trimFiller(dropTrailing(dropLeading(text.slice(tokens[any.to - 1]!.end, end), did), did));
    return { kind: 'find', topic, ours: false };
  }
  // A name no directory entry has (a typo, a city outside the network): the words before the topic.
  const rest = dropLeading(after, peerList('who'));
  const restTokens = tokenize(rest, 1000);
  const split = peerList('topic-lead').find(restTokens);
  const cityPart = split ? rest.slice(0, restTokens[split.from]!.start) : rest;
  const topic = split ? trimFiller(rest.slice(restTokens[split.to - 1]!.end)) : '';
  const name = cleanCity(cityPart);
  if (name && looksLikeCityName(name, cities)) return { kind: 'connect', city: name, topic };
  if (topic) return { kind: 'find', topic, ours: false };
  // "exchange with cities strong in sport": no name, a peer search on what follows the ask ...
  if (name) return parseFind(after, cities);
  // ... or on what precedes it ("which cities are good at X? I'd like to talk to them").
  const ahead = text.slice(0, tokens[ask.from]!.start);
  if (trimFiller(ahead)) return parseFind(ahead, cities);
  return { kind: 'connect', city: '', topic: '' };
}

/** A typo of a city's name ("Bergn"), or a capitalised name of a few words (a city outside the network). */
function looksLikeCityName(name: string, cities: City[]): boolean {
  return findCity(cities, name).kind !== 'none' || (/^\p{Lu}/u.test(name) && name.split(/\s+/).length <= 4);
}

function cleanCity(s: string): string {
  return dropLeading(s, peerList('who'))
    .replace(/[?!.,;:]+\s*$/u, '')
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
  if (!reference && !ours) {
    const like = similarCity(rest, cities);
    if (like) ({ reference, rest, ours } = like);
  }
  return { kind: 'find', topic: trimFiller(rest), ours, ...(reference ? { reference } : {}) };
}

/**
 * „ciudades parecidas a Getxo“, „міста, схожі на Суми“: a city of the directory right after a word of
 * content/words/peers.json's `similar`, and the text without them (what is left may still name a topic).
 */
function similarCity(text: string, cities: City[]): { reference?: City; ours: boolean; rest: string } | undefined {
  const tokens = tokenize(text, 1000);
  const list = peerList('similar');
  for (let from = 0; from < tokens.length; from++) {
    const hit = list.find(tokens.slice(from));
    if (!hit) break;
    const at = from + hit.from;
    const after = text.slice(tokens[from + hit.to - 1]!.end);
    // „parecidas a la nuestra“: the user's own city (content/words/peers.json's `ours`).
    const afterTokens = tokenize(after, 1000);
    const own = peerList('ours').find(afterTokens);
    if (own?.from === 0) return { ours: true, rest: `${text.slice(0, tokens[at]!.start)} ${after.slice(afterTokens[own.to - 1]!.end)}` };
    const named = namedCity(after, cities);
    // Only a name that follows at once: "like" elsewhere in the text is not about the city.
    if (named && tokenize(after.slice(0, named.start)).length === 0) {
      const city = directoryOf(cities).find(named.name);
      if (city.kind === 'exact') return { reference: city.city, ours: false, rest: `${text.slice(0, tokens[at]!.start)} ${after.slice(named.end)}` };
    }
    from = at;
  }
  return undefined;
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
