/**
 * Sending a draft: it becomes a pending proposal of the workspace (or the changed proposal goes back to
 * pending), each curator of the workspace gets a card in their own language, and the proposer is told
 * what happens next. The proposer's direct conversation is kept, to tell them the decision.
 */
import { randomBytes } from 'node:crypto';
import type { IntentContext } from '../core/intent.js';
import { scopeOf, type Reply, type Scope, type Turn } from '../core/turn.js';
import { curatorButtons, curatorsOf, nameOf, personOf, proposalCard } from './review.js';
import { proposalStore, type Proposal, type ProposalValues } from './store.js';

/** Proposal ids: short, lowercase, typed on a command line (`practices approve 3f9a0c12`). */
export const PROPOSAL_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

async function newId(ctx: IntentContext, scope: Scope): Promise<string> {
  for (;;) {
    const id = randomBytes(4).toString('hex');
    if (!(await proposalStore(ctx.stores.store).get(scope, id))) return id;
  }
}

/** One card per curator, each in the language of their profile (else the workspace's), sent 1:1. */
export async function curatorMessages(ctx: IntentContext, scope: Scope, p: Proposal, kind: 'new' | 'updated'): Promise<Reply[]> {
  const out: Reply[] = [];
  for (const curator of curatorsOf(ctx.config.curators, scope)) {
    const profile = await ctx.stores.profile.get(scope, curator);
    const locale = ctx.i18n.supported(profile?.locale) ?? ctx.i18n.supported(ctx.config.defaultLocale) ?? 'en';
    const t = ctx.i18n.translator(locale);
    out.push({
      text: t(kind === 'new' ? 'knowledge.curate.new' : 'knowledge.curate.updated', { name: nameOf(p.proposer), id: p.id }),
      cards: [proposalCard(t, locale, ctx.content, p, curatorButtons(t, p.id))],
      deliverTo: { users: [curator], each: true },
      locale,
    });
  }
  return out;
}

export async function submitDraft(turn: Turn, ctx: IntentContext): Promise<Reply[]> {
  const scope = scopeOf(turn);
  const store = proposalStore(ctx.stores.store);
  const draft = await store.drafts.get(scope, turn.user.id);
  await ctx.dialog.clear();
  if (!draft) return [{ text: ctx.t('knowledge.submit.noDraft'), ephemeral: true }];
  const values = draft.values as ProposalValues;
  const now = ctx.clock.now().toISOString();
  // A direct conversation reaches the proposer later; from a channel the decision comes in a 1:1.
  const address = turn.conversation.kind === 'dm' ? turn.conversation : undefined;
  let proposal: Proposal;
  let kind: 'new' | 'updated' = 'new';
  const editing = draft.editing ? await store.get(scope, draft.editing) : undefined;
  if (draft.editing && (!editing || editing.proposer.id !== turn.user.id || editing.status !== 'changes')) {
    await store.drafts.delete(scope, turn.user.id);
    return [{ text: ctx.t('knowledge.submit.cannotEdit'), ephemeral: true }];
  }
  if (editing) {
    kind = 'updated';
    const { address: _old, ...rest } = editing;
    proposal = { ...rest, ...values, status: 'pending', updatedAt: now, locale: ctx.locale, ...(address ? { address } : {}) };
    await store.put(scope, proposal, editing.status);
  } else {
    proposal = { id: await newId(ctx, scope), ...values, status: 'pending', proposer: personOf(turn), locale: ctx.locale, submittedAt: now, updatedAt: now, ...(address ? { address } : {}) };
    await store.put(scope, proposal);
  }
  await store.drafts.delete(scope, turn.user.id);
  const curators = curatorsOf(ctx.config.curators, scope);
  const next = curators.length ? ctx.t('knowledge.submit.next', { count: curators.length }) : ctx.t('knowledge.submit.noCurators');
  return [{ text: [ctx.t(kind === 'new' ? 'knowledge.submit.done' : 'knowledge.submit.doneEdit', { title: proposal.title, id: proposal.id }), next].join('\n') }, ...(await curatorMessages(ctx, scope, proposal, kind))];
}

/** "Stop": the draft (and the dialog) are dropped; nothing was sent. */
export async function stopDraft(turn: Turn, ctx: IntentContext): Promise<Reply[]> {
  await ctx.dialog.clear();
  const had = await proposalStore(ctx.stores.store).drafts.delete(scopeOf(turn), turn.user.id);
  return [{ text: ctx.t(had ? 'knowledge.stopped' : 'knowledge.submit.noDraft') }];
}
