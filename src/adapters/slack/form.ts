/**
 * A reply's form as a Slack modal. The message shows a button (`icc.form.open`) whose value is the
 * store id of the form; pressing it opens this modal with the interaction's trigger_id. The form, the
 * conversation the button was in and the user are kept in the store as a form session, and the modal's
 * private_metadata carries only the session's id, so the submission applies there whatever the
 * metadata says. Required fields and select
 * values are checked here; the intent checks the rest and its `formErrors` are shown in the modal too.
 */
import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { Translate } from '../../core/i18n.js';
import type { Form, FormField } from '../../core/turn.js';
import { FormSchema, MAX_FORM_TEXT, textLimit, tidyText } from '../form-schema.js';
import { LIMITS } from './actions.js';
import { mrkdwn, plain, splitEscaped, type Block } from './render.js';

export const FORM_MODAL = 'icc_form_modal';
/** A text field without its own maxLength; Slack's plain_text_input takes at most MAX_FORM_TEXT. */
const DEFAULT_TEXT_INPUT = 500;
const textMax = (f: FormField) => textLimit(f, f.maxLength ? MAX_FORM_TEXT : DEFAULT_TEXT_INPUT);

/** The stored form is read back through the shared schema (the store is not trusted blindly either). */
export { FormSchema };

/**
 * A modal's private_metadata: only the id of its form session. Where the submission applies (the
 * conversation the button was in) and who may submit it are kept on the server when the modal opens
 * (FormSessionSchema), so nothing in the metadata can point a submission at another conversation;
 * other keys (an older modal's, or a forged `channel`) are dropped.
 */
export const FormMetadataSchema = z.object({
  session: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
});
export type FormMetadata = z.infer<typeof FormMetadataSchema>;

/** Kept in the store (`slack-payload`, key `form-session:<id>`) from the modal's opening to its submission. */
export const FormSessionSchema = z
  .object({
    /** Store id of the form. */
    ref: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
    channel: z.string().regex(/^[A-Z0-9][A-Za-z0-9._-]{0,63}$/),
    kind: z.enum(['dm', 'channel', 'group']),
    /** Who opened it: only they may submit it. */
    user: z.string().min(1).max(64),
    /** Answers go to the user's DM, not to `channel` (a form opened from a message shortcut: private). */
    replyInDm: z.literal(true).optional(),
  })
  .strict();
export type FormSession = z.infer<typeof FormSessionSchema>;
export const formSessionKey = (session: string) => `form-session:${session}`;
/** A modal left open longer than this answers "expired". */
export const FORM_SESSION_TTL_MS = 24 * 60 * 60 * 1000;

export function readFormMetadata(raw: unknown): FormMetadata | null {
  if (typeof raw !== 'string') return null;
  try {
    const res = FormMetadataSchema.safeParse(JSON.parse(raw));
    return res.success ? res.data : null;
  } catch {
    return null;
  }
}

function option(o: { value: string; label: string }): types.PlainTextOption {
  return { text: plain(o.label, LIMITS.optionText), value: o.value.slice(0, 150) };
}

function element(f: FormField): types.InputBlock['element'] {
  const placeholder = f.placeholder ? { placeholder: plain(f.placeholder, LIMITS.placeholder) } : {};
  if (f.kind === 'text') {
    const max = textMax(f);
    // Slack refuses the whole view when an initial value is longer than the input's max_length.
    const initial = f.initial ? [...f.initial].slice(0, max).join('') : '';
    return { type: 'plain_text_input', action_id: 'value', max_length: max, ...(f.multiline ? { multiline: true } : {}), ...placeholder, ...(initial ? { initial_value: initial } : {}) };
  }
  const options = (f.options ?? []).slice(0, LIMITS.options).map(option);
  const chosen = (f.initial ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const initial = options.filter((o) => chosen.includes(o.value ?? ''));
  if (f.multiple) return { type: 'multi_static_select', action_id: 'value', options, ...placeholder, ...(initial.length ? { initial_options: initial } : {}) };
  return { type: 'static_select', action_id: 'value', options, ...placeholder, ...(initial[0] ? { initial_option: initial[0] } : {}) };
}

/**
 * The modal of a form. `intro` is the text of the reply the form came with, shown above the fields when
 * the modal opens straight from a shortcut (there is no message around it then).
 */
export function formModal(form: Form, t: Translate, metadata: FormMetadata, intro?: string): types.ModalView {
  const lead: Block[] = intro?.trim() ? splitEscaped(intro.trim(), LIMITS.text).slice(0, 3).map((text) => ({ type: 'section', text: mrkdwn(text) })) : [];
  return {
    type: 'modal',
    callback_id: FORM_MODAL,
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel, LIMITS.modalButton),
    close: plain(t('slack.modal.cancel'), LIMITS.modalButton),
    private_metadata: JSON.stringify(metadata),
    blocks: [...lead, ...form.fields.map((f): Block => ({ type: 'input', block_id: f.id, optional: !f.required, label: plain(f.label, LIMITS.inputLabel), element: element(f) }))],
  };
}

const Option = z.object({ value: z.string() });
const ElementState = z.object({
  value: z.string().nullish(),
  selected_option: Option.nullish(),
  selected_options: z.array(Option).nullish(),
});
const ValuesSchema = z.object({ state: z.object({ values: z.record(z.string(), z.object({ value: ElementState.optional() })) }) });

export type FormResult = { ok: true; data: Record<string, string> } | { ok: false; errors: Record<string, string> };

/** The submitted view -> one string per field (a multiple select comma-joined), or per-block errors. */
export function readFormModal(view: unknown, form: Form, t: Translate): FormResult {
  const parsed = ValuesSchema.safeParse(view);
  const first = form.fields[0]!.id;
  if (!parsed.success) return { ok: false, errors: { [first]: t('slack.modal.invalid') } };
  const values = parsed.data.state.values;
  const data: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const f of form.fields) {
    const s = values[f.id]?.value;
    const picked = s?.selected_options?.map((o) => o.value) ?? (s?.selected_option ? [s.selected_option.value] : []);
    // A multiline field keeps its line breaks (a summary in paragraphs); other text becomes one line.
    const value = f.kind === 'text' ? tidyText(s?.value ?? '', f.multiline, textMax(f)) : picked.join(',');
    if (f.kind === 'select' && picked.some((v) => !(f.options ?? []).some((o) => o.value === v))) errors[f.id] = t('slack.modal.invalid');
    else if (f.required && !value) errors[f.id] = t('slack.form.required');
    data[f.id] = value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, data };
}
