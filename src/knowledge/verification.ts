/**
 * Keeping practices true: once a month each workspace's curators get the practices of their search whose
 * `verified` date is more than 18 months old, with Still valid / Needs update / Retire. The answer is the
 * workspace's own (namespace `practice-review`): "still valid" counts as checked today, "needs update" keeps
 * it listed, and a retired practice leaves that workspace's search (its version moves, so every replica
 * rebuilds). The monthly send is claimed per workspace and month, so one replica sends it once.
 */
import type { Content } from '../content/loader.js';
import type { Practice } from '../content/schemas.js';
import type { Translate } from '../core/i18n.js';
import { button } from '../core/intent.js';
import type { Store } from '../core/store.js';
import type { Card, Platform, Reply, Scope } from '../core/turn.js';
import type { TickTaskFactory } from '../feature.js';
import { practiceCard } from '../replies/practice-card.js';
import type { PracticeSearch } from '../search/practice-search.js';
import { approvedPractices } from './practice.js';
import { curatorsOf } from './review.js';
import { proposalStore, type Person } from './store.js';

export const STALE_MONTHS = 18;
export const VERDICTS = ['valid', 'update', 'retire'] as const;
export type Verdict = (typeof VERDICTS)[number];
/** Practices shown in one list (the oldest first); the rest come next month or with `/icc curate verify`. */
const LISTED = 10;

export interface Review {
  verdict: Verdict;
  by: Person;
  at: string;
}

const reviews = (store: Store) => store.namespace<Review>('practice-review');

/** The date 18 months before `now` (YYYY-MM-DD): a practice verified before it is due. */
export function staleBefore(now: Date): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - STALE_MONTHS);
  return d.toISOString().slice(0, 10);
}

/** The ids retired in this workspace (left out of its search). */
export async function retiredIds(store: Store, scope: Scope): Promise<Set<string>> {
  const ns = reviews(store);
  const out = new Set<string>();
  for (const id of await ns.indexedIds(scope, 'retire|')) {
    const practiceId = id.slice('retire|'.length);
    if ((await ns.get(scope, practiceId))?.verdict === 'retire') out.add(practiceId);
  }
  return out;
}

/** The workspace's practices (content and approved, retired left out) due a check, oldest first. */
export async function stalePractices(store: Store, content: Pick<Content, 'practices' | 'cities'>, scope: Scope, now: Date): Promise<Practice[]> {
  const limit = staleBefore(now);
  const ns = reviews(store);
  const out: Practice[] = [];
  for (const p of [...content.practices, ...(await approvedPractices(store, scope, content))]) {
    if (p.verified >= limit) continue;
    const review = await ns.get(scope, p.id);
    if (review?.verdict === 'retire') continue;
    // "Still valid" is a check of its own: the practice is due again 18 months after it.
    if (review?.verdict === 'valid' && review.at.slice(0, 10) >= limit) continue;
    out.push(p);
  }
  return out.sort((a, b) => a.verified.localeCompare(b.verified) || a.id.localeCompare(b.id));
}

/** Records a curator's verdict; retiring (or bringing back) a practice moves the workspace's search version. */
export async function recordReview(store: Store, scope: Scope, practiceId: string, review: Review): Promise<void> {
  const ns = reviews(store);
  const before = await ns.get(scope, practiceId);
  await ns.set(scope, practiceId, review);
  if (before && before.verdict !== review.verdict) await ns.indexRemove(scope, `${before.verdict}|${practiceId}`);
  await ns.indexAdd(scope, `${review.verdict}|${practiceId}`, 0);
  if ((before?.verdict === 'retire') !== (review.verdict === 'retire')) await proposalStore(store).touch(scope);
}

/** The list as replies: one line, then a card per practice with the three buttons. */
export function verificationReplies(ctx: { t: Translate; locale: string; search: PracticeSearch; content: Content }, due: Practice[]): Reply[] {
  if (due.length === 0) return [{ text: ctx.t('knowledge.verify.none', { months: STALE_MONTHS }) }];
  const cards: Card[] = due.slice(0, LISTED).map((p) => ({
    ...practiceCard(ctx, p, { moreLikeThis: false }),
    buttons: VERDICTS.map((v) => button(ctx.t(`knowledge.verify.${v}`), 'curate', 'verify', { id: p.id, v }, v === 'retire' ? 'danger' : v === 'valid' ? 'primary' : undefined)),
  }));
  return [{ text: ctx.t('knowledge.verify.intro', { count: due.length, months: STALE_MONTHS, shown: cards.length }), cards }];
}

const monthOf = (now: Date) => now.toISOString().slice(0, 7);
const CLAIM_MS = 40 * 24 * 60 * 60 * 1000;

/** Every tick: for each workspace with curators, once a month, the list to each curator (if anything is due). */
export const verificationTask: TickTaskFactory = ({ app, senders }) => ({
  name: 'knowledge-verification',
  run: async () => {
    let sent = 0;
    const now = app.clock.now();
    for (const key of app.config.curators.keys()) {
      const colon = key.indexOf(':');
      const scope: Scope = { platform: key.slice(0, colon) as Platform, tenant: key.slice(colon + 1) };
      const sender = senders.for(scope.platform);
      // The console has no connection to send on: its curators ask with `/icc curate verify`.
      if (!sender) continue;
      const claims = proposalStore(app.stores.store).proposals;
      if (!(await claims.claim(scope, `verify|${monthOf(now)}`, CLAIM_MS))) continue;
      const due = await stalePractices(app.stores.store, app.content, scope, now);
      if (due.length === 0) continue;
      const search = app.searchFor(scope);
      for (const curator of curatorsOf(app.config.curators, scope)) {
        const profile = await app.stores.profile.get(scope, curator);
        const locale = app.bot.deps.i18n.supported(profile?.locale) ?? app.bot.deps.i18n.supported(app.config.defaultLocale) ?? 'en';
        const t = app.bot.deps.i18n.translator(locale);
        try {
          const address = await sender.openConversation(scope, [curator]);
          if (!address) continue;
          await sender.send(address, verificationReplies({ t, locale, search, content: app.content }, due).map((r) => ({ ...r, locale })));
          sent++;
        } catch (err) {
          // One curator unreachable does not keep the others from their list; the month stays claimed.
          app.log.warn('verification list not delivered', { platform: scope.platform, tenant: scope.tenant, err });
        }
      }
    }
    return sent;
  },
});
