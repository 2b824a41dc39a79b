/**
 * The search modal (from the App Home button or the global shortcut): a text box and optional area /
 * country selects. The submission becomes `/icc search <text> area:<id> country:"<name>"`, so it goes
 * through the same search intent as everything else.
 */
import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { Translate } from '../../core/i18n.js';
import { LIMITS } from './actions.js';
import { plain } from './render.js';

export const SEARCH_SHORTCUT = 'icc_search';
export const SEARCH_MODAL = 'icc_search_modal';
const MAX_QUERY = 300;

export interface ModalChoices {
  areas: Array<{ id: string; name: string }>;
  countries: string[];
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: plain(text, LIMITS.optionText), value: value.slice(0, 150) };
}

export function searchModal(t: Translate, choices: ModalChoices): types.ModalView {
  return {
    type: 'modal',
    callback_id: SEARCH_MODAL,
    title: plain(t('slack.modal.title'), LIMITS.modalTitle),
    submit: plain(t('slack.modal.submit'), LIMITS.modalButton),
    close: plain(t('slack.modal.cancel'), LIMITS.modalButton),
    blocks: [
      {
        type: 'input',
        block_id: 'q',
        optional: true,
        label: plain(t('slack.modal.text'), LIMITS.inputLabel),
        element: { type: 'plain_text_input', action_id: 'value', max_length: MAX_QUERY, placeholder: plain(t('slack.modal.textPlaceholder'), LIMITS.placeholder) },
      },
      {
        type: 'input',
        block_id: 'area',
        optional: true,
        label: plain(t('slack.modal.area'), LIMITS.inputLabel),
        element: { type: 'static_select', action_id: 'value', options: choices.areas.slice(0, LIMITS.options).map((a) => option(a.name, a.id)) },
      },
      {
        type: 'input',
        block_id: 'country',
        optional: true,
        label: plain(t('slack.modal.country'), LIMITS.inputLabel),
        element: { type: 'static_select', action_id: 'value', options: choices.countries.slice(0, LIMITS.options).map((c) => option(c, c)) },
      },
    ],
  };
}

const Selected = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).optional();
const ViewStateSchema = z.object({
  state: z.object({
    values: z.object({
      q: z.object({ value: z.object({ value: z.string().max(MAX_QUERY).nullish() }).optional() }).optional(),
      area: z.object({ value: Selected }).optional(),
      country: z.object({ value: Selected }).optional(),
    }),
  }),
});

export type ModalResult = { ok: true; query: string } | { ok: false; errors: Record<string, string> };

/** The submitted view -> the search text, or the per-block errors Slack shows in the modal. */
export function readSearchModal(view: unknown, t: Translate, choices: ModalChoices): ModalResult {
  const parsed = ViewStateSchema.safeParse(view);
  if (!parsed.success) return { ok: false, errors: { q: t('slack.modal.invalid') } };
  const v = parsed.data.state.values;
  const text = (v.q?.value?.value ?? '').replace(/\s+/g, ' ').trim();
  const area = v.area?.value?.selected_option?.value;
  const country = v.country?.value?.selected_option?.value;
  const errors: Record<string, string> = {};
  if (area && !choices.areas.some((a) => a.id === area)) errors.area = t('slack.modal.invalid');
  if (country && !choices.countries.includes(country)) errors.country = t('slack.modal.invalid');
  if (!text && !area && !country) errors.q = t('slack.modal.empty');
  if (Object.keys(errors).length) return { ok: false, errors };
  const parts = [text, area ? `area:${area}` : '', country ? `country:"${country.replace(/"/g, '')}"` : ''].filter(Boolean);
  return { ok: true, query: parts.join(' ') };
}
