/** "Which cities are good at welcoming newcomers?": ranked peer cities as cards with reasons and buttons. */
import { cityName } from '../cities/choose.js';
import type { AreaId, City } from '../content/schemas.js';
import { button, type IntentContext } from '../core/intent.js';
import { scopeOf, type Button, type Card, type Reply, type Turn } from '../core/turn.js';
import { rankPeers, type RankedPeer } from './rank.js';
import { reasonsOf } from './reasons.js';
import { declinedBy, latestSelfChecks, listIntros, offeredContacts, outcomesOf, peerStores } from './store.js';
import { areaTopic, resolveTopic, trimFiller, type ResolvedTopic } from './topic.js';
import { areaLabel, countryLabel, localizedPractice } from '../replies/practice-card.js';

export const PEERS_PAGE = 5;
const MAX_OFFSET = 200;

export interface FindInput {
  /** Free-text topic, or… */
  text?: string;
  /** …a policy area (from self-check results). */
  area?: AreaId;
  /** A city named in the request ("like Bilbao"); otherwise the user's profile city. */
  reference?: City;
  offset?: number;
}

export async function ownCity(turn: Turn, ctx: IntentContext): Promise<City | undefined> {
  const profile = await ctx.stores.profile.get(scopeOf(turn), turn.user.id);
  return profile?.city ? ctx.content.cities.find((c) => c.id === profile.city) : undefined;
}

function areaButtons(ctx: IntentContext, areas: AreaId[]): Button[] {
  const list = areas.length ? areas : [...ctx.search.areaCounts().entries()].sort((a, b) => b[1] - a[1]).map(([a]) => a);
  return list.slice(0, 3).map((a) => button(areaLabel(ctx, a), 'peers', 'area', { a }));
}

/** Practices' titles in the reply's language (English only where a practice has no translation), unknown ids left out. */
export function practiceTitles(ctx: Pick<IntentContext, 'search' | 'locale'>, ids: readonly string[]): string[] {
  return ids.flatMap((id) => {
    const p = ctx.search.practice(id);
    return p ? [localizedPractice(p, ctx.locale).title] : [];
  });
}

export function peerCard(ctx: IntentContext, peer: RankedPeer, topicLabel: string, contactAvailable: boolean): Card {
  return cityCard(ctx, { ...peer, reasons: reasonsOf(ctx.t, ctx.locale, (a) => areaLabel(ctx, a), peer.signals) }, topicLabel, contactAvailable);
}

/** A suggested city's card: its reasons, practices, and the connect and decline buttons. */
export function cityCard(ctx: IntentContext, peer: { city: City; reasons: string[]; practices: readonly string[]; declined: boolean }, topicLabel: string, contactAvailable: boolean): Card {
  const { t } = ctx;
  const { reasons } = peer;
  const titles = practiceTitles(ctx, peer.practices);
  const fields = [{ label: t('peers.card.practices'), value: titles.length ? titles.join('; ') : t('peers.card.noPractices') }];
  if (contactAvailable) fields.push({ label: t('peers.card.contact'), value: t('peers.card.contactAvailable', { city: cityName(peer.city, ctx.locale) }) });
  const buttons: Button[] = [button(t('peers.button.connect'), 'peers', 'connect', { c: peer.city.id, ...(topicLabel ? { q: topicLabel.slice(0, 120) } : {}) }, 'primary')];
  buttons.push(
    peer.declined
      ? button(t('peers.button.undecline'), 'peers', 'undecline', { c: peer.city.id })
      : button(t('peers.button.decline'), 'peers', 'decline', { c: peer.city.id }),
  );
  return { title: t('peers.card.title', { city: cityName(peer.city, ctx.locale), country: countryLabel(peer.city.country, ctx.locale) }), subtitle: reasons.join(' · '), fields, buttons };
}

/** The topic's name in the user's language: a policy area's own name, else the words they typed. */
function topicLabel(ctx: IntentContext, input: FindInput, text: string, resolved: ResolvedTopic): string {
  const query = input.area ? undefined : ctx.search.parse(text);
  const areas = input.area ? [input.area] : query && query.terms.length === 0 ? query.filters.areas : [];
  return areas.length ? areas.map((a) => areaLabel(ctx, a)).join(' / ') : resolved.topic.label;
}

export async function findPeers(turn: Turn, ctx: IntentContext, input: FindInput): Promise<Reply[]> {
  const { t } = ctx;
  const scope = scopeOf(turn);
  const typed = (input.text ?? '').trim();
  // Buttons and other intents hand over text as typed: the topic without the request's words ("stark bei").
  const text = trimFiller(typed) || typed;
  if (!input.area && !text) return [{ text: t('peers.askTopic'), choices: [1, 2, 3].map((n) => t(`peers.topicChoice${n}`)) }];

  const resolved: ResolvedTopic | null = input.area ? areaTopic(ctx.search, input.area) : resolveTopic(ctx.search, text);
  if (!resolved) return [{ text: t('peers.noTopic', { topic: text.slice(0, 120) }), buttons: areaButtons(ctx, []) }];

  const own = input.reference ?? (await ownCity(turn, ctx));
  const stores = peerStores(ctx.stores.store);
  const [intros, selfChecks, declined] = await Promise.all([listIntros(stores, scope), latestSelfChecks(stores, scope), declinedBy(stores, scope, turn.user.id)]);
  const all = rankPeers({
    cities: ctx.content.cities,
    practices: ctx.content.practiceById,
    topic: { ...resolved.topic, label: topicLabel(ctx, input, text, resolved) },
    own,
    selfChecks,
    declined,
    outcomes: outcomesOf(intros),
    countries: resolved.countries,
  });
  const label = topicLabel(ctx, input, text, resolved);
  if (all.length === 0) return [{ text: t('peers.none', { topic: label }), buttons: areaButtons(ctx, resolved.topic.areas) }];

  const offset = Math.min(Math.max(0, input.offset ?? 0), MAX_OFFSET);
  const page = all.slice(offset, offset + PEERS_PAGE);
  const available = await Promise.all(page.map(async (p) => (await offeredContacts(stores, scope, p.city.id, turn.user.id, intros)).length > 0));
  const lines = [t('peers.header', { count: all.length, topic: label })];
  lines.push(own ? t('peers.comparedWith', { city: cityName(own, ctx.locale) }) : t('peers.ownCityUnknown'));
  const buttons: Button[] = [];
  if (offset + page.length < all.length) {
    const data: Record<string, unknown> = input.area ? { a: input.area } : { q: text.slice(0, 300) };
    if (input.reference) data.r = input.reference.id;
    buttons.push(button(t('peers.more'), 'peers', 'more', { ...data, o: offset + page.length }));
  }
  return [
    {
      text: lines.join('\n'),
      cards: page.map((p, i) => peerCard(ctx, p, label, available[i]!)),
      ...(buttons.length ? { buttons } : {}),
      ...(offset > 0 ? { replaceOriginal: true } : {}),
    },
  ];
}
