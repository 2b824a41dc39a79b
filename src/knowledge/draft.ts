/**
 * Writing a proposal: in Slack and Teams one form (title, city, summary, areas, source link, year); in the
 * console chat a dialog asking one field at a time in that order. Either way the checked values become
 * the person's draft, shown with the practices that look the same, and "Submit" sends it (submit.ts).
 */
import { AREA_IDS } from '../content/schemas.js';
import { button, type IntentContext } from '../core/intent.js';
import { scopeOf, type Form, type Reply, type Turn } from '../core/turn.js';
import { practiceCard } from '../replies/practice-card.js';
import { FIELDS, FormDataSchema, SUMMARY, TITLE, AREAS_MAX, FIRST_YEAR, checkAll, checkField, fieldText, type FieldError, type FieldId } from './fields.js';
import { areaName, proposalCard } from './review.js';
import { proposalStore, type Draft, type ProposalValues } from './store.js';

export const INTENT = 'propose';
export const FORM_ID = 'propose';
const DUPLICATES_SHOWN = 3;

/** The console dialog: the field being asked (or the final yes / no), the values so far, texts to keep. */
export interface DialogStep {
  step: FieldId | 'confirm';
  values: Partial<ProposalValues>;
  /** Prefilled texts (a message shared into a proposal, a proposal being changed) the person may keep. */
  keep: Partial<Record<FieldId, string>>;
  editing?: string;
}

const envOf = (ctx: IntentContext) => ({ content: ctx.content, now: ctx.clock.now() });

function limits(ctx: IntentContext): Record<string, string | number> {
  return { titleMin: TITLE.min, titleMax: TITLE.max, summaryMin: SUMMARY.min, summaryMax: SUMMARY.max, areasMax: AREAS_MAX, firstYear: FIRST_YEAR, lastYear: ctx.clock.now().getUTCFullYear() + 1 };
}

export function errorText(ctx: IntentContext, field: FieldId, e: FieldError): string {
  return ctx.t(`knowledge.error.${e.key}`, { field: ctx.t(`knowledge.field.${field}`), ...limits(ctx), ...e.vars });
}

/** The form, prefilled with `initial` (texts as typed); `id` names the proposal being changed. */
export function proposalForm(ctx: IntentContext, initial: Partial<Record<FieldId, string>>, id?: string): Form {
  const text = (field: FieldId, extra: Partial<Form['fields'][number]> = {}): Form['fields'][number] => ({
    id: field,
    label: ctx.t(`knowledge.field.${field}`),
    kind: 'text',
    required: true,
    placeholder: ctx.t(`knowledge.placeholder.${field}`, limits(ctx)),
    ...(initial[field] ? { initial: initial[field] } : {}),
    ...extra,
  });
  return {
    id: FORM_ID,
    title: ctx.t('knowledge.form.title'),
    submitLabel: ctx.t('knowledge.form.submit'),
    fields: [
      text('title', { maxLength: TITLE.max }),
      text('city'),
      text('summary', { multiline: true, maxLength: SUMMARY.max }),
      {
        id: 'areas',
        label: ctx.t('knowledge.field.areas'),
        kind: 'select',
        multiple: true,
        required: true,
        placeholder: ctx.t('knowledge.placeholder.areas', limits(ctx)),
        options: AREA_IDS.map((a) => ({ value: a, label: areaName(ctx.content, ctx.locale, a) })),
        ...(initial.areas ? { initial: initial.areas } : {}),
      },
      text('source'),
      text('year', { maxLength: 4 }),
    ],
    submit: { intent: INTENT, name: 'form', data: id ? { id } : {} },
    command: '/icc propose',
  };
}

/** A field's question in the dialog, with a "keep" button when there is a text to keep. */
export function askField(ctx: IntentContext, step: DialogStep, field: FieldId, problem?: FieldError): Reply[] {
  const n = FIELDS.indexOf(field) + 1;
  const lines = [];
  if (problem) lines.push(errorText(ctx, field, problem));
  lines.push(ctx.t('knowledge.ask.progress', { n, total: FIELDS.length, field: ctx.t(`knowledge.field.${field}`) }) + ' ' + ctx.t(`knowledge.ask.${field}`, limits(ctx)));
  if (field === 'areas') lines.push(AREA_IDS.map((a) => `${a}: ${areaName(ctx.content, ctx.locale, a)}`).join('\n'));
  const kept = step.keep[field];
  if (kept) lines.push(ctx.t('knowledge.ask.current', { value: kept.length > 300 ? `${kept.slice(0, 300)}…` : kept }));
  return [{ text: lines.join('\n'), ...(kept ? { buttons: [button(ctx.t('knowledge.ask.keep'), INTENT, 'keep')] } : {}) }];
}

/** Texts of a draft's values, for prefilling. */
export function textsOf(ctx: IntentContext, values: Partial<ProposalValues>): Partial<Record<FieldId, string>> {
  const out: Partial<Record<FieldId, string>> = {};
  for (const f of FIELDS) {
    const t = fieldText(f, values, ctx.content);
    if (t) out[f] = t;
  }
  return out;
}

/** Starts a proposal: the form, or the dialog's first question. */
export async function start(turn: Turn, ctx: IntentContext, prefill: Partial<Record<FieldId, string>>, editing?: string): Promise<Reply[]> {
  // Only the proposer sees their draft (Slack: ephemeral in a channel) until they send it.
  if (turn.platform !== 'console') return [{ text: ctx.t(editing ? 'knowledge.form.introEdit' : 'knowledge.form.intro'), form: proposalForm(ctx, prefill, editing), ephemeral: true }];
  const step: DialogStep = { step: 'title', values: {}, keep: prefill, ...(editing ? { editing } : {}) };
  await ctx.dialog.set(INTENT, step);
  return [{ text: ctx.t(editing ? 'knowledge.dialog.introEdit' : 'knowledge.dialog.intro') }, ...askField(ctx, step, 'title')];
}

/** One answer in the dialog: checked, then the next field, or the same one again with what was wrong. */
export async function answer(turn: Turn, ctx: IntentContext, step: DialogStep, typed: string): Promise<Reply[]> {
  // Every field is answered: only yes or no is left (continueDialog reads those).
  if (step.step === 'confirm') return [{ text: ctx.t('knowledge.preview.askTyped') }];
  const field = step.step;
  const r = checkField(field, typed, envOf(ctx));
  if (!r.ok) return askField(ctx, step, field, r.error);
  const values = { ...step.values, [field]: r.value } as Partial<ProposalValues>;
  const next = FIELDS[FIELDS.indexOf(field) + 1];
  if (next) {
    const s: DialogStep = { ...step, step: next, values };
    await ctx.dialog.set(INTENT, s);
    return askField(ctx, s, next);
  }
  await ctx.dialog.set(INTENT, { ...step, step: 'confirm', values });
  return preview(turn, ctx, { values, ...(step.editing ? { editing: step.editing } : {}), updatedAt: ctx.clock.now().toISOString() });
}

/** A submitted form: problems by field, or the preview. */
export async function submitForm(turn: Turn, ctx: IntentContext, data: Record<string, unknown>): Promise<Reply[]> {
  const parsed = FormDataSchema.safeParse(data);
  if (!parsed.success) return [{ text: ctx.t('knowledge.form.invalid'), ephemeral: true }];
  const checked = checkAll(parsed.data, envOf(ctx));
  if (!checked.ok) {
    const formErrors: Record<string, string> = {};
    for (const [f, e] of Object.entries(checked.errors)) formErrors[f] = errorText(ctx, f as FieldId, e);
    const text = [ctx.t('knowledge.form.problems'), ...Object.values(formErrors).map((m) => `• ${m}`)].join('\n');
    return [{ text, ephemeral: true, formErrors, form: proposalForm(ctx, parsed.data, parsed.data.id) }];
  }
  return preview(turn, ctx, { values: checked.values, ...(parsed.data.id ? { editing: parsed.data.id } : {}), updatedAt: ctx.clock.now().toISOString() });
}

/** Practices that look like the proposal: the search on its title and summary, else its title alone. */
function lookAlikes(ctx: IntentContext, v: ProposalValues) {
  const opts = { limit: DUPLICATES_SHOWN, lang: ctx.locale };
  const both = ctx.search.search(`${v.title} ${v.summary}`, opts);
  return (both.hits.length ? both : ctx.search.search(v.title, opts)).hits.map((h) => h.practice);
}

/** Keeps the draft and shows it whole, with the practices that look the same, and asks to submit. */
export async function preview(turn: Turn, ctx: IntentContext, draft: Draft): Promise<Reply[]> {
  await proposalStore(ctx.stores.store).drafts.set(scopeOf(turn), turn.user.id, draft);
  const v = draft.values as ProposalValues;
  const replies: Reply[] = [{ text: ctx.t('knowledge.preview.intro'), cards: [proposalCard(ctx.t, ctx.locale, ctx.content, v)], ephemeral: true }];
  const alike = lookAlikes(ctx, v);
  if (alike.length) replies.push({ text: ctx.t('knowledge.preview.similar', { count: alike.length }), cards: alike.map((p) => practiceCard(ctx, p, { moreLikeThis: false })), ephemeral: true });
  const ask = ctx.t(turn.platform === 'console' ? 'knowledge.preview.askTyped' : 'knowledge.preview.ask');
  replies.push({
    text: ask,
    ephemeral: true,
    buttons: [button(ctx.t('knowledge.preview.submit'), INTENT, 'submit', {}, 'primary'), button(ctx.t('knowledge.preview.stop'), INTENT, 'stop')],
  });
  return replies;
}
