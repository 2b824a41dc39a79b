/**
 * Curators review proposed practices: `/icc curate` lists the workspace's pending proposals; each card's
 * Approve, Ask for changes (a comment for the proposer) and Reject (with a reason) act on it. Only the
 * workspace's CURATORS may decide; anyone else pressing a button is told so politely. The comment and
 * the reason come from a form (Slack, Teams) or one typed message (console). `/icc curate verify` (and a
 * monthly message) lists practices checked more than 18 months ago: Still valid / Needs update / Retire.
 * Code: src/knowledge/.
 */
import { z } from 'zod';
import { defineIntent, parseAction, type IntentContext } from '../src/core/intent.js';
import { scopeOf, type Form, type Reply, type Turn } from '../src/core/turn.js';
import { curatorButtons, decide, decisionMessage, forgetAddress, isCurator, personOf, proposalCard, toProposer, type DecisionKind } from '../src/knowledge/review.js';
import { proposalStore } from '../src/knowledge/store.js';
import { workspaceSearchesOf } from '../src/knowledge/workspace-search.js';
import { approvedPractices } from '../src/knowledge/practice.js';
import { recordReview, stalePractices, verificationReplies, VERDICTS, type Verdict } from '../src/knowledge/verification.js';

const INTENT = 'curate';
const COMMENT_MAX = 1000;
const IdSchema = z.object({ id: z.string().max(80) }).strict();
const CommentSchema = z.object({ id: z.string().max(80), comment: z.string().max(5000).optional() }).strict();
const VerifySchema = z.object({ id: z.string().max(120), v: z.enum(VERDICTS) }).strict();

type CommentKind = Exclude<DecisionKind, 'approve'>;
interface CommentStep {
  id: string;
  kind: CommentKind;
}

const refusal = (ctx: IntentContext): Reply[] => [{ text: ctx.t('knowledge.curate.notCurator'), ephemeral: true }];

/** The workspace's pending proposals as cards with the curator's buttons (the ten oldest), or undefined. */
async function pendingCards(turn: Turn, ctx: IntentContext): Promise<Reply | undefined> {
  const list = await proposalStore(ctx.stores.store).list(scopeOf(turn), ['pending']);
  if (list.length === 0) return undefined;
  return { text: ctx.t('knowledge.curate.pending', { count: list.length }), cards: list.slice(0, 10).map((p) => proposalCard(ctx.t, ctx.locale, ctx.content, p, curatorButtons(ctx.t, p.id))) };
}

async function pending(turn: Turn, ctx: IntentContext): Promise<Reply[]> {
  return [(await pendingCards(turn, ctx)) ?? { text: ctx.t('knowledge.curate.nonePending') }];
}

/** Records the decision, rebuilds this workspace's search at once after an approval, and tells both sides. */
async function act(turn: Turn, ctx: IntentContext, id: string, kind: DecisionKind, comment?: string): Promise<Reply[]> {
  const scope = scopeOf(turn);
  const r = await decide(ctx.stores.store, ctx.content, scope, id, { kind, by: personOf(turn), now: ctx.clock.now(), ...(comment ? { comment } : {}) });
  if (!r.ok) {
    if (r.reason === 'unknown') return [{ text: ctx.t('knowledge.curate.unknown'), ephemeral: true }];
    return [{ text: ctx.t('knowledge.curate.alreadyDecided', { status: ctx.t(`knowledge.status.${r.status}`) }), ephemeral: true }];
  }
  const p = r.proposal;
  if (kind === 'approve') await workspaceSearchesOf(ctx.stores.store)?.refresh(scope);
  const replies: Reply[] = [{ text: ctx.t(`knowledge.curate.done.${kind}`, { title: p.title, id: p.practiceId ?? p.id }) }];
  const told = toProposer(p, decisionMessage(ctx.i18n.translator(p.locale), p));
  if (told) replies.push(told);
  await forgetAddress(ctx.stores.store, scope, p);
  return replies;
}

/** A verdict on a practice of this workspace's search (or one it retired, brought back by "still valid"). */
async function verify(turn: Turn, ctx: IntentContext, { id, v }: { id: string; v: Verdict }): Promise<Reply[]> {
  const scope = scopeOf(turn);
  const known = ctx.content.practices.find((p) => p.id === id) ?? (await approvedPractices(ctx.stores.store, scope, ctx.content)).find((p) => p.id === id);
  if (!known) return [{ text: ctx.t('knowledge.curate.unknown'), ephemeral: true }];
  await recordReview(ctx.stores.store, scope, id, { verdict: v, by: personOf(turn), at: ctx.clock.now().toISOString() });
  // Retiring (or bringing back) moved the workspace's version: rebuilt here at once, elsewhere on a tick.
  await workspaceSearchesOf(ctx.stores.store)?.refresh(scope);
  return [{ text: ctx.t(`knowledge.verify.done.${v}`, { title: known.title }), replaceOriginal: false }];
}

function commentForm(ctx: IntentContext, id: string, kind: CommentKind): Form {
  return {
    id: `curate-${kind}`,
    title: ctx.t(`knowledge.curate.${kind}Title`),
    submitLabel: ctx.t(`knowledge.curate.${kind}Submit`),
    fields: [{ id: 'comment', label: ctx.t(`knowledge.curate.${kind}Label`), kind: 'text', required: true, multiline: true, maxLength: COMMENT_MAX }],
    submit: { intent: INTENT, name: `${kind}-form`, data: { id } },
  };
}

/** Ask for the comment (changes) or the reason (reject): a form, or one typed message in the console. */
async function askComment(turn: Turn, ctx: IntentContext, id: string, kind: CommentKind): Promise<Reply[]> {
  const p = await proposalStore(ctx.stores.store).get(scopeOf(turn), id);
  if (!p) return [{ text: ctx.t('knowledge.curate.unknown'), ephemeral: true }];
  if (p.status !== 'pending' && p.status !== 'changes') return [{ text: ctx.t('knowledge.curate.alreadyDecided', { status: ctx.t(`knowledge.status.${p.status}`) }), ephemeral: true }];
  if (turn.platform !== 'console') return [{ text: ctx.t(`knowledge.curate.${kind}Intro`, { title: p.title }), form: commentForm(ctx, id, kind) }];
  await ctx.dialog.set<CommentStep>(INTENT, { id, kind });
  return [{ text: ctx.t(`knowledge.curate.${kind}Ask`, { title: p.title }) }];
}

function checkedComment(ctx: IntentContext, text: string | undefined): { ok: true; comment: string } | { ok: false; message: string } {
  const comment = (text ?? '').trim();
  if (comment.length < 3) return { ok: false, message: ctx.t('knowledge.curate.commentMissing') };
  if (comment.length > COMMENT_MAX) return { ok: false, message: ctx.t('knowledge.curate.commentLong', { max: COMMENT_MAX }) };
  return { ok: true, comment };
}

export default defineIntent({
  name: INTENT,
  description: 'intent.curate.description',
  examples: ['/icc curate'],
  // Curators know the command (the proposals come to them); people asking in words are proposing.
  inHelp: false,
  commands: ['curate', 'curator'],
  match: () => null,
  async handle(turn, ctx, input) {
    if (!isCurator(ctx.config.curators, scopeOf(turn), turn.user.id)) return refusal(ctx);
    // `/icc curate verify`: the practices due a check, as the monthly list shows them.
    if (input.text.trim().toLowerCase().startsWith('verif')) return verificationReplies(ctx, await stalePractices(ctx.stores.store, ctx.content, scopeOf(turn), ctx.clock.now()));
    return pending(turn, ctx);
  },
  // A curator's home page (Slack App Home) shows the queue; nobody else's shows anything of it.
  async home(turn, ctx) {
    if (!isCurator(ctx.config.curators, scopeOf(turn), turn.user.id)) return undefined;
    return pendingCards(turn, ctx);
  },
  async onAction(turn, ctx, action) {
    // Only the workspace's curators decide, whoever pressed the button or forged its payload.
    if (!isCurator(ctx.config.curators, scopeOf(turn), turn.user.id)) return refusal(ctx);
    switch (action.name) {
      case 'approve':
        return act(turn, ctx, parseAction(IdSchema, action).id, 'approve');
      case 'changes':
      case 'reject':
        return askComment(turn, ctx, parseAction(IdSchema, action).id, action.name);
      case 'verify':
        return verify(turn, ctx, parseAction(VerifySchema, action));
      case 'changes-form':
      case 'reject-form': {
        const kind = action.name === 'changes-form' ? 'changes' : 'reject';
        const data = parseAction(CommentSchema, action);
        const c = checkedComment(ctx, data.comment);
        if (!c.ok) return [{ text: c.message, ephemeral: true, formErrors: { comment: c.message }, form: commentForm(ctx, data.id, kind) }];
        return act(turn, ctx, data.id, kind, c.comment);
      }
      default:
        return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    }
  },
  async continueDialog(turn, ctx, active) {
    const step = active.state as CommentStep;
    if (!isCurator(ctx.config.curators, scopeOf(turn), turn.user.id)) {
      await ctx.dialog.clear();
      return refusal(ctx);
    }
    const c = checkedComment(ctx, turn.text);
    if (!c.ok) return [{ text: c.message }];
    await ctx.dialog.clear();
    return act(turn, ctx, step.id, step.kind, c.comment);
  },
});
