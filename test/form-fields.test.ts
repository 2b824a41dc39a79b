/**
 * Text fields of a `Form` on both platforms: `multiline` and `maxLength` reach the Slack modal
 * (plain_text_input multiline, max_length capped at Slack's 3,000) and the Adaptive Card (Input.Text
 * isMultiline, maxLength); a multiline value keeps its line breaks, a one-line value is tidied to one line;
 * the stored form keeps both settings; a submission's problems show under their fields on Teams.
 */
import { describe, expect, it } from 'vitest';
import { FormSchema, tidyText } from '../src/adapters/form-schema.js';
import { formModal, readFormModal } from '../src/adapters/slack/form.js';
import { replyCard } from '../src/adapters/teams/render.js';
import { formValues } from '../src/adapters/teams/to-turn.js';
import type { Translate } from '../src/core/i18n.js';
import type { Form } from '../src/core/turn.js';

const t: Translate = (key) => key;

const form: Form = {
  id: 'proposal',
  title: 'Propose a practice',
  submitLabel: 'Send',
  fields: [
    { id: 'title', label: 'Title', kind: 'text', required: true, maxLength: 120 },
    { id: 'summary', label: 'Summary', kind: 'text', multiline: true, maxLength: 5000, initial: 'x'.repeat(4000) },
    { id: 'note', label: 'Note', kind: 'text' },
  ],
  submit: { intent: 'propose', name: 'submit', data: {} },
};

type Element = { type: string; max_length?: number; multiline?: boolean; initial_value?: string };
const elements = (f: Form) => formModal(f, t, { session: 'session-0001' }).blocks.flatMap((b) => ('element' in b ? [b.element as Element] : []));

describe('form text fields on Slack', () => {
  it('renders multiline and maxLength, capped at 3,000, with the initial value cut to fit', () => {
    const [title, summary, note] = elements(form);
    expect(title).toMatchObject({ type: 'plain_text_input', max_length: 120 });
    expect(title!.multiline).toBeUndefined();
    expect(summary).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
    expect(summary!.initial_value).toHaveLength(3000);
    expect(note).toMatchObject({ max_length: 500 });
  });

  it('keeps the line breaks of a multiline value and makes other values one line', () => {
    const state = { state: { values: { title: { value: { value: '  A  new\nschool  ' } }, summary: { value: { value: 'First line  \r\n\r\n\r\n\r\n  second\tline\n' } }, note: { value: { value: null } } } } };
    const res = readFormModal(state, form, t);
    expect(res).toEqual({ ok: true, data: { title: 'A new school', summary: 'First line\n\n second line', note: '' } });
  });

  it('cuts a value at the field\'s maxLength', () => {
    const state = { state: { values: { title: { value: { value: 'é'.repeat(200) } }, summary: { value: { value: 'ok' } } } } };
    const res = readFormModal(state, form, t);
    expect(res.ok && res.data.title).toBe('é'.repeat(120));
  });

  it('keeps multiline and maxLength when the form is read back from the store', () => {
    const back = FormSchema.parse(JSON.parse(JSON.stringify(form)));
    expect(back.fields[1]).toMatchObject({ multiline: true, maxLength: 5000 });
    expect(back.fields[0]).toMatchObject({ maxLength: 120 });
  });

  it('shows the text of the reply above the fields, escaped', () => {
    const view = formModal(form, t, { session: 'session-0001' }, 'From <!channel> & co');
    expect(view.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn', text: 'From &lt;!channel&gt; &amp; co' } });
  });
});

describe('form text fields on Teams', () => {
  const inputs = (card: Record<string, unknown>) => (card.body as Array<Record<string, unknown>>).filter((e) => String(e.type).startsWith('Input.'));

  it('renders isMultiline and maxLength on Input.Text', () => {
    const [title, summary, note] = inputs(replyCard({ form }, { t }));
    expect(title).toMatchObject({ type: 'Input.Text', maxLength: 120, isRequired: true });
    expect(title!.isMultiline).toBeUndefined();
    expect(summary).toMatchObject({ type: 'Input.Text', isMultiline: true, maxLength: 3000 });
    expect(note).toMatchObject({ maxLength: 500 });
  });

  it('keeps the line breaks of a submitted value', () => {
    expect(formValues({ icc_field_summary: ' one\r\ntwo\n\nthree ' }, ['summary'])).toEqual({ summary: 'one\ntwo\n\nthree' });
  });

  it('shows a submission\'s problems under their fields, escaped', () => {
    const card = replyCard({ form, formErrors: { title: 'Too *short*' } }, { t });
    const body = card.body as Array<Record<string, unknown>>;
    const at = body.findIndex((e) => e.id === 'icc_field_title');
    expect(body[at + 1]).toMatchObject({ type: 'TextBlock', color: 'Attention', text: 'Too \\*short\\*' });
  });
});

describe('tidyText', () => {
  it('cuts by characters, never inside a surrogate pair', () => {
    expect(tidyText('😀😀😀', false, 2)).toBe('😀😀');
  });
});
