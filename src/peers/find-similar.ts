/** "Cities similar to Getxo": the reply, as cards like a topic's peers but with likeness for reasons. */
import { cityName } from '../cities/choose.js';
import type { City } from '../content/schemas.js';
import { button, type IntentContext } from '../core/intent.js';
import type { Translate } from '../core/i18n.js';
import { scopeOf, type Button, type Reply, type Turn } from '../core/turn.js';
import { countryLabel } from '../replies/practice-card.js';
import { cityCard, ownCity, PEERS_PAGE } from './find.js';
import { languageName, networkName } from './reasons.js';
import { rankSimilar, type SimilarSignal } from './similar.js';
import { declinedBy, listIntros, offeredContacts, peerStores } from './store.js';

const MAX_OFFSET = 200;
/** Practices shown per city: its newest, as there is no topic to pick them by. */
const PRACTICES_SHOWN = 3;

export function similarReason(t: Translate, locale: string, s: SimilarSignal): string {
  switch (s.kind) {
    case 'population':
      return t('peers.similar.population', { population: s.population });
    case 'language':
      return t('peers.reason.language', { language: languageName(s.language, locale) });
    case 'country':
      return t('peers.similar.country', { country: countryLabel(s.country, locale) });
    case 'network':
      return t('peers.reason.network', { network: networkName(t, s.network) });
    case 'declined':
      return t('peers.reason.declined');
  }
}

export async function findSimilar(turn: Turn, ctx: IntentContext, input: { reference: City; offset?: number }): Promise<Reply[]> {
  const { t } = ctx;
  const scope = scopeOf(turn);
  const stores = peerStores(ctx.stores.store);
  const [own, intros, declined] = await Promise.all([ownCity(turn, ctx), listIntros(stores, scope), declinedBy(stores, scope, turn.user.id)]);
  const all = rankSimilar({ cities: ctx.content.cities, reference: input.reference, own, declined });
  const city = cityName(input.reference, ctx.locale);
  if (all.length === 0) return [{ text: t('peers.similar.none', { city }) }];

  const offset = Math.min(Math.max(0, input.offset ?? 0), MAX_OFFSET);
  const page = all.slice(offset, offset + PEERS_PAGE);
  const available = await Promise.all(page.map(async (p) => (await offeredContacts(stores, scope, p.city.id, turn.user.id, intros)).length > 0));
  const buttons: Button[] = [];
  if (offset + page.length < all.length) buttons.push(button(t('peers.more'), 'peers', 'similar', { c: input.reference.id, o: offset + page.length }));
  const cards = page.map((p, i) => {
    const practices = p.city.practices
      .map((id) => ctx.content.practiceById.get(id))
      .filter((x) => x !== undefined)
      .sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.id.localeCompare(b.id))
      .slice(0, PRACTICES_SHOWN)
      .map((x) => x.id);
    const reasons = p.signals.map((s) => similarReason(t, ctx.locale, s));
    return cityCard(ctx, { city: p.city, reasons, practices, declined: p.declined }, '', available[i]!);
  });
  return [
    {
      text: [t('peers.similar.header', { count: all.length, city }), t('peers.similar.note', { city })].join('\n'),
      cards,
      ...(buttons.length ? { buttons } : {}),
      ...(offset > 0 ? { replaceOriginal: true } : {}),
    },
  ];
}
