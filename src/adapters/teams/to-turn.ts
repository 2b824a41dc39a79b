/**
 * Bot Framework activity -> Turn. Pure: no I/O, so recorded activities (test/fixtures/teams) can be
 * replayed. Channel and group-chat messages only count when they @mention the bot; the mention text
 * is stripped. A card button (Action.Submit) arrives as a message whose `value` carries our envelope:
 * `{ icc: { sid, action } }` for an intent's button, `{ icc: { sid, text } }` for a suggested reply.
 * A form's Action.Submit also lists its field ids (`{ icc: { sid, action, fields } }`); Teams merges the
 * inputs' values into `value` under `FORM_INPUT_PREFIX + id`, and they become the action's data.
 */
import { randomUUID } from 'node:crypto';
import type { Activity, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { ActionInput, Address, ConversationKind, Turn } from '../../core/turn.js';
import { MAX_FORM_TEXT } from '../form-schema.js';

/** Key of our envelope inside Action.Submit data. */
export const SUBMIT_KEY = 'icc';
/** Input ids of a form's fields (kept apart from our envelope's key). */
export const FORM_INPUT_PREFIX = 'icc_field_';
/** Inputs are capped on the card (maxLength); this bounds what a forged submission can carry. */
const MAX_INPUT = MAX_FORM_TEXT;

const MAX_TEXT = 40_000;

const SubmitSchema = z.object({
  [SUBMIT_KEY]: z.union([
    z.object({
      sid: z.string().min(8).max(64),
      action: z.object({ intent: z.string().min(1).max(64), name: z.string().min(1).max(64), data: z.record(z.string(), z.unknown()) }),
      fields: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).max(20).optional(),
    }),
    z.object({ sid: z.string().min(8).max(64), text: z.string().min(1).max(1000) }),
  ]),
});

export type Submission = { sid: string; action: ActionInput; fields?: string[] } | { sid: string; text: string };

/** A form's submitted values: one string per listed field (missing or non-string inputs count as empty). */
export function formValues(value: unknown, fields: string[]): Record<string, string> {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const id of fields) {
    const raw = v[FORM_INPUT_PREFIX + id];
    // Multiline inputs keep their line breaks, with Windows line ends made plain.
    out[id] = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim().slice(0, MAX_INPUT) : '';
  }
  return out;
}

/** Our card-button envelope in a message's `value`, if it is one. */
export function submissionOf(activity: Pick<Activity, 'value'>): Submission | undefined {
  // Nearly every message has no `value`: answer without building a validation error for it.
  const value = activity.value as Record<string, unknown> | undefined;
  if (typeof value !== 'object' || value === null || !(SUBMIT_KEY in value)) return undefined;
  const res = SubmitSchema.safeParse(value);
  return res.success ? (res.data[SUBMIT_KEY] as Submission) : undefined;
}

/** `19:abc@thread.tacv2;messageid=123` -> { id: '19:abc@thread.tacv2', thread: '123' }. */
export function splitConversationId(id: string): { id: string; thread?: string } {
  const m = /^(.*?);messageid=([^;]+)$/.exec(id);
  return m ? { id: m[1]!, thread: m[2]! } : { id };
}

export function conversationKind(activity: Pick<Activity, 'conversation'>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'personal') return 'dm';
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'group';
  return activity.conversation?.isGroup ? 'group' : 'dm';
}

export function tenantOf(activity: Pick<Activity, 'conversation' | 'channelData'>): string {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation = activity.conversation?.tenantId;
  if (typeof fromConversation === 'string' && fromConversation.trim()) return fromConversation;
  return typeof fromChannelData === 'string' && fromChannelData.trim() ? fromChannelData : 'unknown-tenant';
}

/**
 * The conversation's address; `ref` is a serialized ConversationReference without the user and
 * without the thread, so a proactive send posts into the conversation (or into `thread` if set).
 */
export function addressOf(activity: Activity): Address {
  const { id, thread } = splitConversationId(activity.conversation.id);
  const tenant = tenantOf(activity);
  const ref: Partial<ConversationReference> = {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    ...(activity.locale ? { locale: activity.locale } : {}),
    bot: { id: activity.recipient.id, name: activity.recipient.name ?? '' },
    conversation: {
      id,
      isGroup: Boolean(activity.conversation.isGroup),
      conversationType: activity.conversation.conversationType,
      tenantId: tenant,
      name: '',
    },
  };
  return { platform: 'teams', tenant, conversation: id, kind: conversationKind(activity), ...(thread ? { thread } : {}), ref: JSON.stringify(ref) };
}

/** Removes the bot's own @mention(s); other people's `<at>Name</at>` tags keep just the name. */
export function stripBotMention(activity: Pick<Activity, 'text' | 'entities' | 'recipient'>): { text: string; mentioned: boolean } {
  let text = activity.text ?? '';
  let mentioned = false;
  for (const e of activity.entities ?? []) {
    const mention = e as { type?: string; mentioned?: { id?: string }; text?: string };
    if (mention.type !== 'mention' || mention.mentioned?.id !== activity.recipient?.id) continue;
    mentioned = true;
    if (mention.text) text = text.split(mention.text).join(' ');
  }
  // A card inserted from a messaging extension arrives as markup in the text (the card is an attachment).
  if (/class="inline-compose-card"/i.test(text)) text = text.replace(/<[^>]*>/g, ' ');
  text = text
    .replace(/<at>([^<]*)<\/at>/gi, '$1')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return { text, mentioned };
}

export interface ToTurnOptions {
  now?: Date;
  id?: string;
}

/** A message activity -> Turn, or null for noise (the bot's own messages, unaddressed channel chatter, empty messages). */
export function toTurn(activity: Activity, opts: ToTurnOptions = {}): Turn | null {
  if (activity.type !== 'message') return null;
  if (!activity.from?.id || !activity.conversation?.id || !activity.recipient?.id) return null;
  if (activity.from.id === activity.recipient.id || activity.from.role === 'bot') return null;

  const address = addressOf(activity);
  const base: Turn = {
    id: opts.id ?? randomUUID(),
    platform: 'teams',
    tenant: address.tenant,
    user: { id: activity.from.id, ...(activity.from.name ? { name: activity.from.name } : {}) },
    conversation: address,
    receivedAt: opts.now ?? new Date(),
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(activity.localTimezone ? { timeZone: activity.localTimezone } : {}),
  };

  const submission = submissionOf(activity);
  if (submission) {
    if (!('action' in submission)) return { ...base, text: submission.text.slice(0, MAX_TEXT) };
    const { action, fields } = submission;
    return { ...base, action: fields ? { ...action, data: { ...action.data, ...formValues(activity.value, fields) } } : action };
  }
  if (activity.value !== undefined && !activity.text) return null; // someone else's card, or a stale format

  const { text, mentioned } = stripBotMention(activity);
  if (address.kind !== 'dm' && !mentioned) return null;
  if (!text && address.kind === 'dm') return null;
  return { ...base, text: text.slice(0, MAX_TEXT) };
}

/** An invoke (a messaging extension's task module) -> a Turn for an action, in the invoke's conversation. */
export function invokeTurn(activity: Activity, action: ActionInput, opts: ToTurnOptions = {}): Turn | null {
  if (!activity.from?.id || !activity.conversation?.id || !activity.recipient?.id) return null;
  const address = addressOf(activity);
  return {
    id: opts.id ?? randomUUID(),
    platform: 'teams',
    tenant: address.tenant,
    user: { id: activity.from.id, ...(activity.from.name ? { name: activity.from.name } : {}) },
    conversation: address,
    action,
    receivedAt: opts.now ?? new Date(),
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(activity.localTimezone ? { timeZone: activity.localTimezone } : {}),
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A Teams message body (HTML, as a message action's `messagePayload` carries it) -> its text: line breaks
 * where paragraphs, breaks and list items were, tags dropped (mentions keep the name), entities decoded.
 */
export function htmlToText(html: string): string {
  return html
    .slice(0, MAX_TEXT)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
      if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? m;
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    })
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
