/**
 * Curator decisions (approve, ask for changes, reject), shared by the chat and the CLI, and the messages
 * they send: a card of the proposal for each curator, the decision for the proposer. A decision made in
 * the chat goes to the proposer in the same turn (`Reply.to` / `deliverTo`); one made from the CLI goes
 * through a `knowledge.decision` job that `serve` runs (the CLI has no platform connection).
 */
import type { Content } from '../content/loader.js';
import type { AreaId } from '../content/schemas.js';
import type { Translate } from '../core/i18n.js';
import { button } from '../core/intent.js';
import { SendError } from '../core/sender.js';
import type { Store } from '../core/store.js';
import type { Card, Reply, Scope, Turn } from '../core/turn.js';
import type { JobHandlerFactory } from '../feature.js';
import { forWorkspace, type PerWorkspace } from '../workspace-settings.js';
import { directoryOf } from './fields.js';
import { practiceIdFor } from './practice.js';
import { proposalStore, type Person, type Proposal, type ProposalStatus } from './store.js';

export const DECISION_JOB = 'knowledge.decision';
export type DecisionKind = 'approve' | 'changes' | 'reject';
const STATUS_OF: Record<DecisionKind, ProposalStatus> = { approve: 'approved', changes: 'changes', reject: 'rejected' };

export const personOf = (turn: Pick<Turn, 'user'>): Person => ({ id: turn.user.id, ...(turn.user.name ? { name: turn.user.name } : {}) });
export const nameOf = (p: Person) => p.name ?? p.id;

/** The workspace's curators (CURATORS), by user id. */
export function curatorsOf(curators: PerWorkspace, scope: Scope): readonly string[] {
  return forWorkspace(curators, scope.platform, scope.tenant);
}

export function isCurator(curators: PerWorkspace, scope: Scope, userId: string): boolean {
  return curatorsOf(curators, scope).includes(userId);
}

export type Decided = { ok: true; proposal: Proposal } | { ok: false; reason: 'unknown' } | { ok: false; reason: 'decided'; status: ProposalStatus };

/**
 * Records a curator's decision on a pending proposal (or one waiting for changes). Approving gives it a
 * practice id no content practice or other approved one has, and today as its `verified` date.
 */
export async function decide(store: Store, content: Pick<Content, 'practices'>, scope: Scope, id: string, d: { kind: DecisionKind; by: Person; comment?: string; now: Date }): Promise<Decided> {
  const proposals = proposalStore(store);
  const current = await proposals.get(scope, id);
  if (!current) return { ok: false, reason: 'unknown' };
  if (current.status === 'approved' || current.status === 'rejected') return { ok: false, reason: 'decided', status: current.status };
  const at = d.now.toISOString();
  const next: Proposal = { ...current, status: STATUS_OF[d.kind], updatedAt: at, decision: { by: d.by, at, ...(d.comment ? { comment: d.comment } : {}) } };
  if (d.kind === 'approve') {
    const taken = new Set([...content.practices.map((p) => p.id), ...(await proposals.list(scope, ['approved'])).flatMap((p) => (p.practiceId ? [p.practiceId] : []))]);
    next.practiceId = practiceIdFor(current.city, current.title, taken);
    next.verified = at.slice(0, 10);
  }
  await proposals.put(scope, next, current.status);
  return { ok: true, proposal: next };
}

/** An area's name in a language (the self-check texts), else its English name. */
export function areaName(content: Pick<Content, 'selfcheck'>, locale: string, id: AreaId): string {
  return content.selfcheck.text.get(locale)?.areas[id]?.name ?? content.selfcheck.text.get('en')?.areas[id]?.name ?? id;
}

/** The proposal as a card: what a curator reviews, and what the proposer checks before sending. */
export function proposalCard(t: Translate, locale: string, content: Pick<Content, 'cities' | 'selfcheck'>, p: Pick<Proposal, 'title' | 'city' | 'summary' | 'areas' | 'source' | 'year'> & { proposer?: Person }, buttons: Card['buttons'] = []): Card {
  const city = directoryOf(content.cities).get(p.city);
  const fields = [{ label: t('knowledge.field.areas'), value: p.areas.map((a) => areaName(content, locale, a)).join(', ') }];
  if (p.proposer?.id) fields.push({ label: t('knowledge.card.proposedBy'), value: nameOf(p.proposer) });
  return {
    title: p.title,
    url: p.source,
    subtitle: [city ? `${city.name}, ${city.country}` : p.city, String(p.year)].join(' · '),
    fields,
    body: p.summary,
    ...(buttons.length ? { buttons } : {}),
  };
}

/** The three buttons on a curator's card. */
export function curatorButtons(t: Translate, id: string): NonNullable<Card['buttons']> {
  return [
    button(t('knowledge.curate.approve'), 'curate', 'approve', { id }, 'primary'),
    button(t('knowledge.curate.changes'), 'curate', 'changes', { id }),
    button(t('knowledge.curate.reject'), 'curate', 'reject', { id }, 'danger'),
  ];
}

/** What the proposer is told about a decision, in their language. */
export function decisionMessage(t: Translate, p: Proposal): Reply {
  const vars = { title: p.title, curator: p.decision ? nameOf(p.decision.by) : '', comment: p.decision?.comment ?? '' };
  switch (p.status) {
    case 'approved':
      return { text: t('knowledge.decision.approved', vars) };
    case 'rejected':
      return { text: t('knowledge.decision.rejected', vars) };
    case 'changes':
      return { text: t('knowledge.decision.changes', vars), buttons: [button(t('knowledge.decision.edit'), 'propose', 'edit', { id: p.id }, 'primary')] };
    default:
      return { text: t('knowledge.decision.pending', vars) };
  }
}

/** The decision as a reply to the proposer: their direct conversation when known, else a 1:1 opened with them. */
export function toProposer(p: Proposal, reply: Reply): Reply | undefined {
  if (!p.proposer.id) return undefined;
  return p.address ? { ...reply, to: p.address, locale: p.locale } : { ...reply, deliverTo: { users: [p.proposer.id], each: true }, locale: p.locale };
}

/** After a final decision went out, the proposer's address is not needed any more. */
export async function forgetAddress(store: Store, scope: Scope, p: Proposal): Promise<void> {
  if (p.status !== 'approved' && p.status !== 'rejected') return;
  const current = await proposalStore(store).get(scope, p.id);
  if (!current?.address) return;
  const { address: _address, ...rest } = current;
  await proposalStore(store).put(scope, rest, current.status);
}

/** `knowledge.decision` jobs: tell the proposer about a decision made from the CLI. */
export const knowledgeJobHandlers: JobHandlerFactory = ({ app, senders }) => [
  [
    DECISION_JOB,
    async (job) => {
      const id = typeof job.data['id'] === 'string' ? job.data['id'] : undefined;
      const p = id ? await proposalStore(app.stores.store).get(job.scope, id) : undefined;
      if (!p || !p.proposer.id) return;
      const reply = { ...decisionMessage(app.bot.deps.i18n.translator(p.locale), p), locale: p.locale };
      const sender = senders.for(job.scope.platform);
      if (!sender) {
        // The console has no connection to send on later: the proposer sees the status in the chat.
        app.log.info('decision not sent: no sender for this platform', { job: job.id, platform: job.scope.platform });
        return;
      }
      try {
        const address = p.address ?? (await sender.openConversation(job.scope, [p.proposer.id]));
        if (!address) throw new SendError('unsupported', 'cannot open a conversation with the proposer');
        await sender.send(address, [reply]);
      } catch (err) {
        // Gone or closed to us: retrying will not help.
        if (err instanceof SendError && err.reason !== 'transient' && err.reason !== 'rate-limited') {
          app.log.warn('decision not delivered', { job: job.id, reason: err.reason });
          return;
        }
        throw err;
      }
      await forgetAddress(app.stores.store, job.scope, p);
    },
  ],
];
