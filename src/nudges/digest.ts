/**
 * One weekly digest message: the practice of the week for the group's topics (no repeats until a
 * topic's practices are used up, then that topic's cycle restarts), a self-check prompt, a peer city
 * to talk to, and three buttons (more like this, skip next week, unsubscribe). Pure apart from reading
 * the latest self-check result from the store.
 */
import { z } from 'zod';
import type { Content } from '../content/loader.js';
import { AREA_IDS, type AreaId, type City, type Practice } from '../content/schemas.js';
import { button } from '../core/intent.js';
import type { Translate } from '../core/i18n.js';
import type { Store } from '../core/store.js';
import type { Stores } from '../core/stores.js';
import type { Card, Reply, Scope } from '../core/turn.js';
import { practiceCard } from '../replies/practice-card.js';
import { localCityName } from '../search/places.js';
import type { PracticeSearch } from '../search/practice-search.js';
import { formatDate } from './schedule.js';
import { ALL_TOPICS, type Subscription } from './subscriptions.js';

/** Namespace where the self-check feature stores completed runs, keyed `<cityId>|<completedAt ISO>`. */
export const SELFCHECK_RESULT_NAMESPACE = 'selfcheck-result';

const SelfCheckResultSchema = z.object({
  city: z.string().optional(),
  completedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
  overall: z.number().optional(),
  areas: z.record(z.string(), z.number()),
});
export type SelfCheckSummary = { completedAt: string; weakest: AreaId | undefined };

export interface DigestDeps {
  content: Content;
  search: PracticeSearch;
  stores: Stores;
  t: Translate;
  locale: string;
}

export interface PracticePick {
  practice: Practice;
  /** Area id, or `*` when the subscription has no topics. */
  topic: string;
  /** The subscription's history after this pick. */
  history: Record<string, string[]>;
  topicCursor: number;
}

/** FNV-1a: a small stable hash, so each channel walks the practices in its own fixed order. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function byHash<T>(items: T[], key: (t: T) => string): T | undefined {
  let best: T | undefined;
  let bestH = Infinity;
  for (const item of items) {
    const h = hash(key(item));
    if (h < bestH || (h === bestH && best !== undefined && key(item) < key(best))) {
      best = item;
      bestH = h;
    }
  }
  return best;
}

export function practicesFor(content: Content, topic: string): Practice[] {
  return topic === ALL_TOPICS ? content.practices : content.practices.filter((p) => p.areas.includes(topic as AreaId));
}

/**
 * The practice of the week. Topics take turns (round robin from `topicCursor`; a topic without any
 * practice is passed over). Within a topic, practices already sent in the current cycle are never
 * picked again until all of the topic's practices have been sent; then the cycle restarts (without
 * repeating the very last practice when there is a choice). `seed` fixes each channel's order.
 */
export function pickPractice(content: Content, sub: Pick<Subscription, 'topics' | 'history' | 'topicCursor' | 'lastSent'>, seed: string): PracticePick | undefined {
  const topics = sub.topics.length ? sub.topics : [ALL_TOPICS];
  for (let i = 0; i < topics.length; i++) {
    const index = (sub.topicCursor + i) % topics.length;
    const topic = topics[index]!;
    const pool = practicesFor(content, topic);
    if (pool.length === 0) continue;
    const used = new Set(sub.history[topic] ?? []);
    const fresh = pool.filter((p) => !used.has(p.id));
    const restart = fresh.length === 0;
    let candidates = restart ? pool.filter((p) => p.id !== sub.lastSent?.practice) : fresh;
    if (candidates.length === 0) candidates = pool;
    // A practice can sit in up to three areas: prefer one that no other topic has sent in its cycle.
    const elsewhere = new Set(Object.entries(sub.history).flatMap(([k, ids]) => (k === topic ? [] : ids)));
    const unseen = candidates.filter((p) => !elsewhere.has(p.id));
    if (unseen.length) candidates = unseen;
    const practice = byHash(candidates, (p) => `${seed}|${p.id}`)!;
    return {
      practice,
      topic,
      history: { ...sub.history, [topic]: [...(restart ? [] : (sub.history[topic] ?? [])), practice.id] },
      topicCursor: (index + 1) % topics.length,
    };
  }
  return undefined;
}

/**
 * Indexes the self-check results stored before the index existed (once per store; `serve` starts it).
 * The self-check intent indexes each result it saves, so a digest reads a tenant's results without
 * listing the store's keys.
 */
export async function indexSelfCheckResults(store: Store): Promise<void> {
  await store.namespace<unknown>(SELFCHECK_RESULT_NAMESPACE).backfillIndex(() => 0);
}

/** The latest completed self-check of the city (or, when the city is unknown, of the workspace). */
export async function latestSelfCheck(store: Store, scope: Scope, cityId: string | undefined): Promise<SelfCheckSummary | undefined> {
  const ns = store.namespace<unknown>(SELFCHECK_RESULT_NAMESPACE);
  await indexSelfCheckResults(store);
  let latest: z.infer<typeof SelfCheckResultSchema> | undefined;
  for (const id of await ns.indexedIds(scope, cityId ? `${cityId}|` : '')) {
    const raw = await ns.get(scope, id);
    if (raw === undefined) await ns.indexRemove(scope, id); // a result that has gone
    const parsed = SelfCheckResultSchema.safeParse(raw);
    if (!parsed.success) continue;
    if (!latest || Date.parse(parsed.data.completedAt) > Date.parse(latest.completedAt)) latest = parsed.data;
  }
  if (!latest) return undefined;
  let weakest: AreaId | undefined;
  for (const area of AREA_IDS) {
    const score = latest.areas[area];
    if (typeof score !== 'number') continue;
    if (weakest === undefined || score < latest.areas[weakest]!) weakest = area;
  }
  return { completedAt: latest.completedAt, weakest };
}

/**
 * A peer city for an area: one with practices in it, not the group's own city, preferably not the
 * city of this week's practice (so the digest names two cities). The pick rotates with `seed`.
 */
export function pickPeer(content: Content, area: AreaId, exclude: { cityId?: string; cityName?: string }, seed: string): { city: City; practice: Practice } | undefined {
  const withPractices = content.cities
    .filter((c) => c.id !== exclude.cityId)
    .map((city) => ({ city, practices: city.practices.map((id) => content.practiceById.get(id)).filter((p): p is Practice => Boolean(p?.areas.includes(area))) }))
    .filter((x) => x.practices.length > 0);
  const others = withPractices.filter((x) => x.city.name !== exclude.cityName);
  const chosen = byHash(others.length ? others : withPractices, (x) => `${seed}|${x.city.id}`);
  if (!chosen) return undefined;
  return { city: chosen.city, practice: byHash(chosen.practices, (p) => `${seed}|${p.id}`)! };
}

/** Area name in the subscription's language when the self-check texts have it, else English. */
export function areaLabel(content: Content, search: PracticeSearch, locale: string, area: AreaId): string {
  return content.selfcheck.text.get(locale)?.areas[area]?.name ?? search.areaName(area);
}

export interface Digest {
  reply: Reply;
  pick: PracticePick;
}

/** Builds the week's digest for a subscription; undefined only when the content has no practice at all. */
export async function buildDigest(deps: DigestDeps, scope: Scope, conversation: string, sub: Subscription, week: string): Promise<Digest | undefined> {
  const seed = `${scope.platform}|${scope.tenant}|${conversation}`;
  const pick = pickPractice(deps.content, sub, seed);
  if (!pick) return undefined;
  const { t, content, search, locale } = deps;
  const profile = await deps.stores.profile.get(scope, sub.createdBy.id);
  const selfcheck = await latestSelfCheck(deps.stores.store, scope, profile?.city);

  const selfcheckLine = selfcheck?.weakest
    ? t('nudges.digest.selfcheckLast', { date: formatDate(new Date(selfcheck.completedAt), locale, sub.timeZone), area: areaLabel(content, search, locale, selfcheck.weakest) })
    : t('nudges.digest.selfcheckStart');

  const topicArea = pick.topic === ALL_TOPICS ? undefined : (pick.topic as AreaId);
  const peerArea = selfcheck?.weakest ?? topicArea ?? pick.practice.areas[0]!;
  const peer = pickPeer(content, peerArea, { ...(profile?.city ? { cityId: profile.city } : {}), cityName: pick.practice.city }, `${seed}|${week}`);

  const fields = [{ label: t('nudges.digest.selfcheckLabel'), value: selfcheckLine }];
  if (peer) {
    fields.push({
      label: t('nudges.digest.peerLabel'),
      value: t('nudges.digest.peer', { city: localCityName(peer.city.name, locale), country: peer.city.country, area: areaLabel(content, search, locale, peerArea), practice: peer.practice.title }),
    });
  }
  const nextSteps: Card = { title: t('nudges.digest.nextStepsTitle'), fields };
  const header = topicArea ? t('nudges.digest.headerTopic', { topic: areaLabel(content, search, locale, topicArea) }) : t('nudges.digest.header');

  return {
    pick,
    reply: {
      text: [header, t('nudges.digest.manage')].join('\n'),
      cards: [practiceCard({ search, t }, pick.practice, { moreLikeThis: false }), nextSteps],
      buttons: [
        button(t('nudges.button.moreLikeThis'), 'search', 'like', { id: pick.practice.id }),
        button(t('nudges.button.skip'), 'nudges', 'skip', { w: week }),
        button(t('nudges.button.unsubscribe'), 'nudges', 'unsubscribe', {}, 'danger'),
      ],
    },
  };
}
