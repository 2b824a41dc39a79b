/**
 * Proposing a practice from one's city: "I'd like to share a practice from our city", `/icc propose`, or
 * the `start` action (a Slack message shortcut / Teams message action, whose `data.text` prefills the
 * summary). Slack and Teams get a form, the console chat a dialog (one field at a time); then the
 * proposal is shown with the practices that look the same, and "Submit" sends it to the curators.
 * A proposal a curator asked to change comes back through the `edit` button. Code: src/knowledge/.
 */
import { z } from 'zod';
import { defineIntent, parseAction, type IntentContext } from '../src/core/intent.js';
import { phraseMatcher } from '../src/core/phrases.js';
import { classify, MATCH_THRESHOLD } from '../src/core/router.js';
import { tokenize, wordList } from '../src/core/words.js';
import { scopeOf, type Reply, type Turn } from '../src/core/turn.js';
import { answer, INTENT, start, submitForm, textsOf, type DialogStep } from '../src/knowledge/draft.js';
import { SUMMARY } from '../src/knowledge/fields.js';
import { proposalStore } from '../src/knowledge/store.js';
import { stopDraft, submitDraft } from '../src/knowledge/submit.js';

const StartSchema = z.object({ text: z.string().max(40_000).optional() }).strict();
const EditSchema = z.object({ id: z.string().max(80) }).strict();
const NoDataSchema = z.object({}).strict();

/** Typed yes / no at the last step, in the network's languages (content/words/propose.json). */
const isYes = (text: string) => wordList('propose', 'yes').has(tokenize(text));
const isNo = (text: string) => wordList('propose', 'no').has(tokenize(text));

async function startWith(turn: Turn, ctx: IntentContext, text: string | undefined): Promise<Reply[]> {
  const summary = text?.trim().slice(0, SUMMARY.max);
  return start(turn, ctx, summary ? { summary } : {});
}

/** The proposer changes a proposal a curator sent back: the form (or dialog) again, with its values. */
async function edit(turn: Turn, ctx: IntentContext, id: string): Promise<Reply[]> {
  const p = await proposalStore(ctx.stores.store).get(scopeOf(turn), id);
  if (!p || p.proposer.id !== turn.user.id || p.status !== 'changes') return [{ text: ctx.t('knowledge.submit.cannotEdit'), ephemeral: true }];
  return start(turn, ctx, textsOf(ctx, p), p.id);
}

export default defineIntent({
  name: INTENT,
  description: 'intent.propose.description',
  examples: ["I'd like to share a practice from our city", '/icc propose'],
  commands: ['propose', 'proposal'],
  match: phraseMatcher(INTENT),
  // The request itself ("I'd like to share a practice…") is not the practice: nothing is prefilled.
  async handle(turn, ctx) {
    return startWith(turn, ctx, undefined);
  },
  async onAction(turn, ctx, action) {
    switch (action.name) {
      case 'start':
        return startWith(turn, ctx, parseAction(StartSchema, action).text);
      case 'form':
        return submitForm(turn, ctx, action.data);
      case 'submit':
        parseAction(NoDataSchema, action);
        return submitDraft(turn, ctx);
      case 'stop':
        parseAction(NoDataSchema, action);
        return stopDraft(turn, ctx);
      case 'edit':
        return edit(turn, ctx, parseAction(EditSchema, action).id);
      case 'keep': {
        parseAction(NoDataSchema, action);
        const active = await ctx.dialog.get<DialogStep>();
        const step = active?.intent === INTENT ? active.state : undefined;
        const kept = step && step.step !== 'confirm' ? step.keep[step.step] : undefined;
        if (!step || kept === undefined) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
        return answer(turn, ctx, step, kept);
      }
      default:
        return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    }
  },
  async continueDialog(turn, ctx, active) {
    const step = active.state as DialogStep;
    const text = turn.text ?? '';
    if (step.step !== 'confirm') return answer(turn, ctx, step, text);
    if (isYes(text)) return submitDraft(turn, ctx);
    if (isNo(text)) return stopDraft(turn, ctx);
    // A question clearly meant for something else is answered; the draft stays, its "Send it" button too.
    const [other] = classify(text, [...ctx.intents.values()]);
    const intent = other && other.intent !== INTENT && other.confidence >= MATCH_THRESHOLD ? ctx.intents.get(other.intent) : undefined;
    if (intent) {
      await ctx.dialog.clear();
      return intent.handle(turn, ctx, { text, via: 'text', confidence: other!.confidence });
    }
    return [{ text: ctx.t('knowledge.preview.askTyped') }];
  },
  async onCancel(turn, ctx) {
    await proposalStore(ctx.stores.store).drafts.delete(scopeOf(turn), turn.user.id);
    return [{ text: ctx.t('knowledge.stopped') }];
  },
});
