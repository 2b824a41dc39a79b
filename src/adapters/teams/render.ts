/**
 * Reply -> Bot Framework message with one Adaptive Card (schema 1.5). Every reply becomes a card, so
 * line breaks, links and buttons look the same everywhere and all text goes through one escaper.
 *
 * Adaptive Card TextBlocks (and FactSet titles/values) render a markdown subset, so every piece of
 * text is escaped: a query like `[click](https://evil)` shows literally instead of becoming a link.
 * Mentions need `msteams.entities`, which we never emit, so `<at>` in text stays plain text.
 *
 * Buttons are Action.Submit. Their data carries our envelope `{ icc: { sid, action } }` with a fresh
 * submission id per button, so a double click or a retried delivery is recognised and done once.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Activity, Attachment } from 'botbuilder';
import type { Translate } from '../../core/i18n.js';
import type { Button, Card, Form, FormField, Reply } from '../../core/turn.js';
import { MAX_FORM_TEXT, textLimit } from '../form-schema.js';
import { FORM_INPUT_PREFIX, SUBMIT_KEY } from './to-turn.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
export const CARD_VERSION = '1.5';
/** Teams shows at most 6 actions per set; 5 keeps narrow (mobile) layouts readable. */
const ACTIONS_PER_SET = 5;
/** Teams rejects messages above ~28 KB; an inline PNG larger than this is replaced by its caption. */
export const MAX_INLINE_IMAGE_BYTES = 16 * 1024;

export type Json = Record<string, unknown>;

export interface RenderOptions {
  t: Translate;
  /** New submission id per button (tests inject a counter). */
  newSubmissionId?: () => string;
  /** Card buttons as Action.Submit (messages) or not at all (cards inserted by the messaging extension). */
  buttons?: boolean;
  maxImageBytes?: number;
  /** Publishes an image file and returns its https URL (when PUBLIC_URL is set), for images too big to inline. */
  imageUrl?: (path: string) => string | undefined;
  /** False in a task module, whose frame already shows the form's title. */
  formTitle?: boolean;
  /**
   * The form itself travels in its submit data (task modules: nothing else keeps it between the
   * fetch and the submission, and a submission with errors shows the form again from it).
   */
  carryForm?: boolean;
}

/** Anything one of escapeMarkdown's replaces would change (keep the two in step). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_ESCAPING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\\`*_~[\]<>#|]|^\s*(?:[-+]|\d+[.)])(?=\s)/m;

/** Control characters and bidi overrides could disguise text; markdown metacharacters could add links or formatting. */
export function escapeMarkdown(s: string): string {
  // Most text (titles, summaries) has nothing to escape: one scan instead of four replaces.
  if (!NEEDS_ESCAPING.test(s)) return s;
  return s
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\\`*_~[\]<>#|]/g, '\\$&')
    .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s)/gm, '$1\\$2');
}

/** Only http(s) links; characters that would end a markdown link destination are percent-encoded. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[()<>\s"'\\]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** One TextBlock per line (renderers differ on single newlines); a blank line adds space before the next. */
export function textBlocks(text: string, extra: Json = {}): Json[] {
  const out: Json[] = [];
  let gap = false;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      gap = out.length > 0;
      continue;
    }
    out.push({ type: 'TextBlock', text: escapeMarkdown(line), wrap: true, spacing: out.length === 0 ? 'Default' : gap ? 'Medium' : 'None', ...extra });
    gap = false;
  }
  return out;
}

function submit(title: string, payload: Json, opts: RenderOptions, style?: Button['style']): Json {
  const sid = (opts.newSubmissionId ?? randomUUID)();
  return {
    type: 'Action.Submit',
    title,
    data: { [SUBMIT_KEY]: { sid, ...payload } },
    ...(style === 'primary' ? { style: 'positive' } : style === 'danger' ? { style: 'destructive' } : {}),
  };
}

function actionSets(actions: Json[]): Json[] {
  const sets: Json[] = [];
  for (let i = 0; i < actions.length; i += ACTIONS_PER_SET) sets.push({ type: 'ActionSet', actions: actions.slice(i, i + ACTIONS_PER_SET) });
  return sets;
}

/** A practice (or any Card): title linked to its source, where/when, facts (areas), summary, buttons. */
export function cardContainer(card: Card, opts: RenderOptions, separator = true): Json {
  const url = safeUrl(card.url);
  const title = escapeMarkdown(card.title.replace(/\s+/g, ' '));
  const items: Json[] = [{ type: 'TextBlock', text: url ? `[${title}](${url})` : title, weight: 'Bolder', size: 'Medium', wrap: true }];
  if (card.subtitle) items.push({ type: 'TextBlock', text: escapeMarkdown(card.subtitle), isSubtle: true, spacing: 'None', wrap: true });
  if (card.fields?.length)
    items.push({ type: 'FactSet', facts: card.fields.map((f) => ({ title: escapeMarkdown(f.label), value: escapeMarkdown(f.value) })), spacing: 'Small' });
  if (card.body) items.push(...textBlocks(card.body, { spacing: 'Small' }));
  if (opts.buttons !== false && card.buttons?.length) items.push(...actionSets(card.buttons.map((b) => submit(b.label, { action: b.action }, opts, b.style))));
  return { type: 'Container', items, ...(separator ? { separator: true, spacing: 'Large' } : {}) };
}

/** A text field without its own maxLength. */
const DEFAULT_TEXT_INPUT = 500;

function input(f: FormField): Json {
  const common = { id: FORM_INPUT_PREFIX + f.id, label: f.label, ...(f.required ? { isRequired: true } : {}), ...(f.initial ? { value: f.initial } : {}), ...(f.placeholder ? { placeholder: f.placeholder } : {}) };
  if (f.kind === 'text') return { type: 'Input.Text', maxLength: textLimit(f, f.maxLength ? MAX_FORM_TEXT : DEFAULT_TEXT_INPUT), ...(f.multiline ? { isMultiline: true } : {}), ...common };
  return {
    type: 'Input.ChoiceSet',
    style: 'compact',
    ...(f.multiple ? { isMultiSelect: true } : {}),
    choices: (f.options ?? []).map((o) => ({ title: o.label, value: o.value })),
    ...common,
  };
}

/**
 * A form: one input per field and an Action.Submit listing the field ids (Teams adds the values to
 * `value`). Problems from a submission (`formErrors`) show under their fields: Adaptive Cards show an
 * input's own errorMessage only after a check in the client, never one the server found.
 */
function formElements(form: Form, opts: RenderOptions, errors: Record<string, string> = {}): Json[] {
  const sid = (opts.newSubmissionId ?? randomUUID)();
  return [
    ...(opts.formTitle === false ? [] : [{ type: 'TextBlock', text: escapeMarkdown(form.title), weight: 'Bolder', wrap: true, separator: true, spacing: 'Medium' }]),
    ...form.fields.flatMap((f) => [input(f), ...(errors[f.id] ? textBlocks(errors[f.id]!, { color: 'Attention', spacing: 'Small' }) : [])]),
    {
      type: 'ActionSet',
      actions: [{ type: 'Action.Submit', title: form.submitLabel, style: 'positive', data: { [SUBMIT_KEY]: { sid, action: form.submit, fields: form.fields.map((f) => f.id), ...(opts.carryForm ? { form } : {}) } } }],
    },
  ];
}

function imageElements(reply: Reply, opts: RenderOptions): Json[] {
  const image = reply.image;
  if (!image) return [];
  const caption = image.title ?? image.alt;
  const max = opts.maxImageBytes ?? MAX_INLINE_IMAGE_BYTES;
  let size: number;
  try {
    size = statSync(image.path).size;
  } catch {
    size = Infinity;
  }
  const isPng = /\.png$/i.test(image.path);
  const url = isPng && size > max && size !== Infinity ? opts.imageUrl?.(image.path) : undefined;
  if (url) {
    return [
      ...(image.title ? textBlocks(image.title, { weight: 'Bolder' }) : []),
      { type: 'Image', url, altText: image.alt.slice(0, 200), size: 'Stretch' },
    ];
  }
  if (size > max || !isPng) return textBlocks(opts.t('teams.imageNotShown', { title: caption }), { isSubtle: true });
  const data = readFileSync(image.path).toString('base64');
  return [
    ...(image.title ? textBlocks(image.title, { weight: 'Bolder' }) : []),
    { type: 'Image', url: `data:image/png;base64,${data}`, altText: image.alt.slice(0, 200), size: 'Stretch' },
  ];
}

/** The Adaptive Card for one reply. */
export function replyCard(reply: Reply, opts: RenderOptions): Json {
  const body: Json[] = [];
  if (reply.text) body.push(...textBlocks(reply.text));
  (reply.cards ?? []).forEach((card, i) => body.push(cardContainer(card, opts, body.length > 0 || i > 0)));
  body.push(...imageElements(reply, opts));
  if (reply.form && opts.buttons !== false) body.push(...formElements(reply.form, opts, reply.formErrors));
  const actions: Json[] = [];
  if (opts.buttons !== false) {
    for (const b of reply.buttons ?? []) actions.push(submit(b.label, { action: b.action }, opts, b.style));
    for (const c of reply.choices ?? []) actions.push(submit(c, { text: c }, opts));
  }
  const sets = actionSets(actions);
  if (sets.length && body.length) sets[0] = { ...sets[0], separator: true, spacing: 'Medium' };
  body.push(...sets);
  if (body.length === 0) body.push({ type: 'TextBlock', text: ' ', wrap: true });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
  };
}

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/** A file consent card (personal chat only): Teams asks the user, then invokes `fileConsent/invoke`. */
export function fileConsentActivity(name: string, sizeInBytes: number, description: string, context: Json): Partial<Activity> {
  return {
    type: 'message',
    attachments: [{ contentType: FILE_CONSENT_CARD, name, content: { description, sizeInBytes, acceptContext: context, declineContext: context } }],
  };
}

/** The card showing a file the user accepted and the bot uploaded to their OneDrive. */
export function fileInfoActivity(info: { contentUrl: string; name: string; uniqueId: string; fileType: string }): Partial<Activity> {
  return {
    type: 'message',
    attachments: [{ contentType: FILE_INFO_CARD, contentUrl: info.contentUrl, name: info.name, content: { uniqueId: info.uniqueId, fileType: info.fileType } }],
  };
}

/** Adds an Action.OpenUrl (e.g. a download link) under a rendered reply's card. */
export function withOpenUrl(activity: Partial<Activity>, title: string, url: string): Partial<Activity> {
  const safe = safeUrl(url);
  const card = activity.attachments?.[0]?.content as Json | undefined;
  if (!safe || !card || !Array.isArray(card.body)) return activity;
  const body = [...(card.body as Json[]), { type: 'ActionSet', separator: true, spacing: 'Medium', actions: [{ type: 'Action.OpenUrl', title, url: safe }] }];
  return { ...activity, attachments: [cardAttachment({ ...card, body })] };
}

export function cardAttachment(content: Json): Attachment {
  return { contentType: ADAPTIVE_CARD, content };
}

/** One reply -> one message activity carrying one Adaptive Card. */
export function renderReply(reply: Reply, opts: RenderOptions): Partial<Activity> {
  const summary = reply.text?.split('\n').find((l) => l.trim()) ?? reply.cards?.[0]?.title;
  return {
    type: 'message',
    attachments: [cardAttachment(replyCard(reply, opts))],
    // Shown in notifications and chat previews instead of "sent a card"; plain text, not rendered.
    ...(summary ? { summary: summary.slice(0, 200) } : {}),
  };
}
