/**
 * Peer-city ranking: a pure function from (topic, cities, own city, what this workspace knows) to
 * ranked peers with the signals that put them there. No I/O, no strings for people: reasons are
 * structured signals, worded later through i18n (src/peers/reasons.ts).
 */
import type { AreaId, City, Practice } from '../content/schemas.js';

/** What the peers are wanted for: a policy area or a free-text topic mapped to areas through the practice index. */
export interface PeerTopic {
  /** As the user put it ("anti-rumours") or the area's name; used in reasons. */
  label: string;
  /** Areas of the topic (the area itself, or the glossary's / the best hits' areas). */
  areas: AreaId[];
  /** Practice id -> relevance to the topic, 0..1 (1 = the best match). */
  relevance: ReadonlyMap<string, number>;
}

/** The latest self-check a city ran in this assistant (within the tenant): area id -> score 0..100. */
export interface SelfCheckSignal {
  areas: Partial<Record<AreaId, number>>;
  completedAt: string;
}

/** What requesters answered to "Did you connect with …?" about a city, in this tenant. */
export interface PeerOutcomes {
  yes: number;
  notUseful: number;
}

export interface RankInput {
  cities: readonly City[];
  practices: ReadonlyMap<string, Practice>;
  topic: PeerTopic;
  /** The user's own city: never suggested; size, language and network are compared with it. */
  own?: City | undefined;
  selfChecks?: ReadonlyMap<string, SelfCheckSignal>;
  /** City ids the user asked not to be suggested: they come last. */
  declined?: ReadonlySet<string>;
  outcomes?: ReadonlyMap<string, PeerOutcomes>;
  /** Only cities of these countries ("… in Spain"), compared case-insensitively. */
  countries?: readonly string[];
  limit?: number;
  practicesPerPeer?: number;
}

export type PeerSignal =
  | { kind: 'topic-practices'; count: number; topic: string }
  | { kind: 'area-practices'; count: number; area: AreaId }
  | { kind: 'self-check'; area: AreaId; score: number }
  | { kind: 'language'; language: string }
  | { kind: 'size'; band: City['populationBand'] }
  | { kind: 'network'; network: string }
  | { kind: 'outcomes'; yes: number }
  | { kind: 'declined' };

export interface RankedPeer {
  city: City;
  score: number;
  signals: PeerSignal[];
  /** The city's practices for this topic, best first. */
  practices: string[];
  declined: boolean;
}

/** Below this relevance a search hit is not counted as a practice "on" the topic. */
export const ON_TOPIC = 0.15;
/** A self-check area score counts as a strength from this score up. */
export const SELF_CHECK_MIN = 50;

export const WEIGHTS = {
  /** Each practice on the topic: base + relevance bonus (0..1 scaled). */
  topicPractice: 2,
  topicRelevance: 2,
  /** Further practices in the topic's areas, capped. */
  areaPractice: 0.75,
  areaPracticeCap: 3,
  /** Self-check score in the area, scaled from 0 (at SELF_CHECK_MIN) to this at 100. */
  selfCheck: 4,
  language: 1.5,
  size: 1,
  network: 1.5,
  /** Per "yes, we connected" answer (capped), and per "not useful" (capped, negative). */
  connected: 1,
  connectedCap: 3,
  notUseful: -1.5,
  notUsefulCap: 3,
} as const;

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().trim();

export function rankPeers(input: RankInput): RankedPeer[] {
  const { topic, own } = input;
  const countries = input.countries?.length ? new Set(input.countries.map(fold)) : undefined;
  const topicAreas = new Set(topic.areas);
  const perPeer = input.practicesPerPeer ?? 3;
  const out: RankedPeer[] = [];

  for (const city of input.cities) {
    if (own && city.id === own.id) continue;
    if (countries && !countries.has(fold(city.country))) continue;

    const signals: PeerSignal[] = [];
    let score = 0;

    // Practices on the topic (search hits) and further practices in its areas.
    const onTopic: Array<{ id: string; r: number; year: number }> = [];
    const inArea: Array<{ id: string; year: number; areas: AreaId[] }> = [];
    for (const id of city.practices) {
      const p = input.practices.get(id);
      if (!p) continue;
      const r = topic.relevance.get(id) ?? 0;
      if (r >= ON_TOPIC) onTopic.push({ id, r, year: p.year ?? 0 });
      else if (p.areas.some((a) => topicAreas.has(a))) inArea.push({ id, year: p.year ?? 0, areas: p.areas.filter((a) => topicAreas.has(a)) });
    }
    for (const p of onTopic) score += WEIGHTS.topicPractice + WEIGHTS.topicRelevance * p.r;
    if (onTopic.length) signals.push({ kind: 'topic-practices', count: onTopic.length, topic: topic.label });
    if (inArea.length) {
      score += WEIGHTS.areaPractice * Math.min(inArea.length, WEIGHTS.areaPracticeCap);
      signals.push({ kind: 'area-practices', count: inArea.length, area: mostCommonArea(inArea.flatMap((p) => p.areas), topic.areas) });
    }

    // The city's own latest self-check in this assistant: its best score among the topic's areas.
    const check = input.selfChecks?.get(city.id);
    let checkArea: { area: AreaId; score: number } | undefined;
    for (const area of topic.areas) {
      const s = check?.areas[area];
      if (typeof s === 'number' && Number.isFinite(s) && s >= SELF_CHECK_MIN && (!checkArea || s > checkArea.score)) checkArea = { area, score: Math.min(100, s) };
    }
    if (checkArea) {
      score += (WEIGHTS.selfCheck * (checkArea.score - SELF_CHECK_MIN)) / (100 - SELF_CHECK_MIN);
      signals.push({ kind: 'self-check', area: checkArea.area, score: Math.round(checkArea.score) });
    }

    // Nothing to learn on this topic: not a peer for it, however similar.
    if (onTopic.length === 0 && inArea.length === 0 && !checkArea) continue;

    if (own) {
      const language = own.languages.find((l) => city.languages.includes(l));
      if (language) {
        score += WEIGHTS.language;
        signals.push({ kind: 'language', language });
      }
      if (own.populationBand !== 'unknown' && own.populationBand === city.populationBand) {
        score += WEIGHTS.size;
        signals.push({ kind: 'size', band: city.populationBand });
      }
      const network = own.networks.find((n) => city.networks.includes(n));
      if (network) {
        score += WEIGHTS.network;
        signals.push({ kind: 'network', network });
      }
    }

    const outcome = input.outcomes?.get(city.id);
    if (outcome) {
      score += WEIGHTS.connected * Math.min(outcome.yes, WEIGHTS.connectedCap);
      score += WEIGHTS.notUseful * Math.min(outcome.notUseful, WEIGHTS.notUsefulCap);
      if (outcome.yes > 0) signals.push({ kind: 'outcomes', yes: outcome.yes });
    }

    const declined = input.declined?.has(city.id) ?? false;
    if (declined) signals.push({ kind: 'declined' });

    const practices = [
      ...onTopic.sort((a, b) => b.r - a.r || b.year - a.year || a.id.localeCompare(b.id)).map((p) => p.id),
      ...inArea.sort((a, b) => b.year - a.year || a.id.localeCompare(b.id)).map((p) => p.id),
    ].slice(0, perPeer);

    out.push({ city, score: Math.round(score * 100) / 100, signals, practices, declined });
  }

  out.sort(
    (a, b) =>
      Number(a.declined) - Number(b.declined) ||
      b.score - a.score ||
      countOf(b, 'topic-practices') - countOf(a, 'topic-practices') ||
      a.city.name.localeCompare(b.city.name),
  );
  return out.slice(0, input.limit ?? out.length);
}

function countOf(p: RankedPeer, kind: 'topic-practices' | 'area-practices'): number {
  const s = p.signals.find((x) => x.kind === kind);
  return s && 'count' in s ? s.count : 0;
}

/** The area most of these practices share, ties broken by the topic's own order. */
function mostCommonArea(areas: AreaId[], order: AreaId[]): AreaId {
  const counts = new Map<AreaId, number>();
  for (const a of areas) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]))[0]![0];
}
