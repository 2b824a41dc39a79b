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
import { LIMITS } from './actions.js';
import { plain } from './render.js';

export const FORM_MODAL = 'icc_form_modal';
const MAX_TEXT_INPUT = 500;
const FieldId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** The stored form is read back through this schema (the store is not trusted blindly either). */
export const FormSchema = z.object({
  id: z.string().max(64),
  title: z.string().max(500),
  submitLabel: z.string().max(200),
  fields: z
    .array(
      z.object({
        id: FieldId,
        label: z.string().max(2000),
        kind: z.enum(['select', 'text']),
        options: z.array(z.object({ value: z.string().max(150), label: z.string().max(500) })).max(LIMITS.options).optional(),
        multiple: z.boolean().optional(),
        initial: z.string().max(2000).optional(),
        placeholder: z.string().max(500).optional(),
        required: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(20),
  submit: z.object({ intent: z.string().max(64), name: z.string().max(64), data: z.record(z.string(), z.unknown()) }),
  command: z.string().max(1000).optional(),
});

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
    return { type: 'plain_text_input', action_id: 'value', max_length: MAX_TEXT_INPUT, ...placeholder, ...(f.initial ? { initial_value: f.initial.slice(0, MAX_TEXT_INPUT) } : {}) };
  }
  const options = (f.options ?? []).slice(0, LIMITS.options).map(option);
  const chosen = (f.initial ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const initial = options.filter((o) => chosen.includes(o.value ?? ''));
  if (f.multiple) return { type: 'multi_static_select', action_id: 'value', options, ...placeholder, ...(initial.length ? { initial_options: initial } : {}) };
  return { type: 'static_select', action_id: 'value', options, ...placeholder, ...(initial[0] ? { initial_option: initial[0] } : {}) };
}

export function formModal(form: Form, t: Translate, metadata: FormMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: FORM_MODAL,
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel, LIMITS.modalButton),
    close: plain(t('slack.modal.cancel'), LIMITS.modalButton),
    private_metadata: JSON.stringify(metadata),
    blocks: form.fields.map((f) => ({ type: 'input', block_id: f.id, optional: !f.required, label: plain(f.label, LIMITS.inputLabel), element: element(f) })),
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
    const value = f.kind === 'text' ? (s?.value ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT_INPUT) : picked.join(',');
    if (f.kind === 'select' && picked.some((v) => !(f.options ?? []).some((o) => o.value === v))) errors[f.id] = t('slack.modal.invalid');
    else if (f.required && !value) errors[f.id] = t('slack.form.required');
    data[f.id] = value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, data };
}
