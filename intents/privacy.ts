/**
 * "What do you store about me?", `/icc privacy`, `privacy export`, `privacy delete`. Always acts on
 * the asking user in their own workspace: no id in a payload can name someone else.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { button, defineIntent, parseAction, type IntentContext } from '../src/core/intent.js';
import { phraseMatcher } from '../src/core/phrases.js';
import { scopeOf, type Reply, type Turn } from '../src/core/turn.js';
import { writeExport } from '../src/privacy/files.js';
import { countPersonalData, erasePersonalData, exportPersonalData, type PrivacyDeps } from '../src/privacy/personal-data.js';
import { RETENTION } from '../src/core/stores.js';
import { tokenize, wordLists } from '../src/core/words.js';

const CONFIRM_TTL_MS = 10 * 60 * 1000;
const ConfirmSchema = z.object({ n: z.string().uuid() }).strict();

const DAY = 24 * 60 * 60 * 1000;

/** The i18n key of a kind's short name: `privacy.kind.selfcheckRun` for the source `selfcheck-run`. */
const kindKey = (name: string) => `privacy.kind.${name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())}`;

const depsOf = (ctx: IntentContext): PrivacyDeps => ({ stores: ctx.stores, jobs: ctx.jobs, dataDir: ctx.config.dataDir });

/** What is kept about the asking user now: one line per kind with records (how many, what, how long), or "nothing". */
async function explain(turn: Turn, ctx: IntentContext): Promise<Reply> {
  const counts = await countPersonalData(ctx.personalData, depsOf(ctx), scopeOf(turn), turn.user.id);
  const vars = { dialogDays: RETENTION.dialogMs / DAY, feedbackDays: RETENTION.feedbackMs / DAY };
  const kept = ctx.personalData.filter((s) => (counts[s.name] ?? 0) > 0);
  const lines = kept.length
    ? [ctx.t('privacy.intro'), ...kept.map((s) => `• ${ctx.t(kindKey(s.name))}: ${counts[s.name]}. ${ctx.t(s.describeKey, vars)}`)]
    : [ctx.t('privacy.nothingKept')];
  lines.push(...ctx.personalData.flatMap((s) => (s.noteKey ? [ctx.t(s.noteKey)] : [])));
  lines.push(ctx.t('privacy.retention', { dedupeHours: RETENTION.dedupeMs / 3_600_000 }), ctx.t('privacy.rights'));
  return {
    text: lines.join('\n'),
    ephemeral: true,
    buttons: [button(ctx.t('privacy.exportButton'), 'privacy', 'export'), button(ctx.t('privacy.deleteButton'), 'privacy', 'delete', {}, 'danger')],
  };
}

async function exportData(turn: Turn, ctx: IntentContext): Promise<Reply[]> {
  const scope = scopeOf(turn);
  const data = await exportPersonalData(ctx.personalData, depsOf(ctx), scope, turn.user.id, ctx.clock.now());
  const name = `icc-assistant-data-${ctx.clock.now().toISOString().slice(0, 10)}.json`;
  // Named after its owner (see src/privacy/files.ts); removed once delivered, or after an hour.
  const path = writeExport(ctx.config.dataDir, scope, turn.user.id, data);
  return [{ text: ctx.t('privacy.exported'), file: { path, name, mimeType: 'application/json' }, ephemeral: true }];
}

const confirmKey = (turn: Turn) => `${turn.user.id}|privacy-delete`;

async function askDelete(turn: Turn, ctx: IntentContext): Promise<Reply[]> {
  const nonce = randomUUID();
  await ctx.stores.dedupe.set(scopeOf(turn), `${confirmKey(turn)}|${nonce}`, true, CONFIRM_TTL_MS);
  return [
    {
      text: ctx.t('privacy.confirmDelete'),
      ephemeral: true,
      buttons: [button(ctx.t('privacy.confirmButton'), 'privacy', 'confirm', { n: nonce }, 'danger'), button(ctx.t('privacy.keepButton'), 'privacy', 'keep')],
    },
  ];
}

async function confirmDelete(turn: Turn, ctx: IntentContext, nonce: string): Promise<Reply[]> {
  const scope = scopeOf(turn);
  // The nonce was stored under the presser's own user id: another person's button cannot confirm.
  if (!(await ctx.stores.dedupe.get(scope, `${confirmKey(turn)}|${nonce}`))) return [{ text: ctx.t('privacy.confirmExpired'), ephemeral: true }];
  await ctx.stores.dedupe.delete(scope, `${confirmKey(turn)}|${nonce}`);
  const removed = await erasePersonalData(ctx.personalData, depsOf(ctx), scope, turn.user.id);
  const total = Object.values(removed).reduce((a, b) => a + b, 0);
  ctx.log.info('personal data erased', { records: total });
  return [{ text: `${ctx.t('privacy.deleted', { count: total })}\n${ctx.t('privacy.whatStays')}`, ephemeral: true }];
}

const phrases = phraseMatcher('privacy');

export default defineIntent({
  name: 'privacy',
  description: 'intent.privacy.description',
  examples: ['what do you store about me?', '/icc privacy export'],
  commands: ['privacy'],
  // What people type, in every language, is in content/intents/privacy.json.
  match: (text) => phrases(text),
  async handle(turn, ctx, input) {
    // `/icc privacy export`, "download all my data", „lösche meine Daten“: content/words/privacy.json.
    const tokens = tokenize(input.text);
    const w = wordLists('privacy');
    if (w.export!.has(tokens)) return exportData(turn, ctx);
    if (w.delete!.has(tokens)) return askDelete(turn, ctx);
    return [await explain(turn, ctx)];
  },
  async onAction(turn, ctx, action) {
    switch (action.name) {
      case 'export':
        return exportData(turn, ctx);
      case 'delete':
        return askDelete(turn, ctx);
      case 'confirm':
        return confirmDelete(turn, ctx, parseAction(ConfirmSchema, action).n);
      case 'keep':
        return [{ text: ctx.t('privacy.kept'), ephemeral: true }];
      default:
        return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    }
  },
});
