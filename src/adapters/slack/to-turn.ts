/**
 * Slack payload -> Turn. Pure: no I/O, no SDK. Returns null for everything the bot must not answer:
 * its own and other bots' messages, edits, deletions, joins and other subtypes, channel messages that
 * do not mention it, and payloads that do not have the shape Slack documents.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Address, ConversationKind, Turn } from '../../core/turn.js';
import { decodeAction, type IncomingAction } from './actions.js';

export interface BotIdentity {
  botUserId?: string | undefined;
  botId?: string | undefined;
}

const Id = z.string().regex(/^[A-Z0-9][A-Za-z0-9._-]{0,63}$/);
const Ts = z.string().regex(/^\d{1,12}\.\d{1,8}$/);
const MAX_TEXT = 40_000;

/** Message subtypes that are still a person writing to us. */
const USER_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

const MessageEventSchema = z.object({
  type: z.enum(['message', 'app_mention']),
  subtype: z.string().optional(),
  channel: Id,
  channel_type: z.string().optional(),
  user: Id.optional(),
  bot_id: z.string().nullish(),
  bot_profile: z.unknown().optional(),
  text: z.string().optional(),
  ts: Ts,
  thread_ts: Ts.optional(),
  team: z.string().optional(),
});

const Authorization = z.object({ team_id: z.string().nullish(), enterprise_id: z.string().nullish() });

const EnvelopeSchema = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().min(1).max(255),
  team_id: z.string().nullish(),
  enterprise_id: z.string().nullish(),
  authorizations: z.array(Authorization).optional(),
  event: z.unknown(),
});

export type EventEnvelope = z.infer<typeof EnvelopeSchema>;

export function parseEnvelope(body: unknown): EventEnvelope | null {
  const res = EnvelopeSchema.safeParse(body);
  return res.success ? res.data : null;
}

/** The installation a payload belongs to: the authorization's team (the customer), else the payload's team. */
export function tenantOfEnvelope(env: EventEnvelope): { tenant: string; enterpriseId?: string } | null {
  const auth = env.authorizations?.[0];
  const tenant = auth?.team_id ?? env.team_id ?? auth?.enterprise_id ?? env.enterprise_id;
  if (!tenant) return null;
  const enterpriseId = auth?.enterprise_id ?? env.enterprise_id ?? undefined;
  return { tenant, ...(enterpriseId ? { enterpriseId } : {}) };
}

export function kindOf(channel: string, channelType?: string): ConversationKind {
  if (channelType === 'im') return 'dm';
  if (channelType === 'mpim' || channelType === 'group') return 'group';
  if (channelType === 'channel') return 'channel';
  if (channel.startsWith('D')) return 'dm';
  if (channel.startsWith('G')) return 'group';
  return 'channel';
}

export function address(tenant: string, channel: string, kind: ConversationKind, thread?: string, enterpriseId?: string): Address {
  return {
    platform: 'slack',
    tenant,
    conversation: channel,
    kind,
    ...(thread ? { thread } : {}),
    ...(enterpriseId ? { ref: `enterprise:${enterpriseId}` } : {}),
  };
}

/** Enterprise id kept in an Address's `ref` (for finding an org-wide installation's token). */
export function enterpriseOf(addr: Pick<Address, 'ref'>): string | undefined {
  return addr.ref?.startsWith('enterprise:') ? addr.ref.slice('enterprise:'.length) : undefined;
}

/**
 * Slack-formatted text -> what the person typed. Links and channel references become their labels;
 * user and special mentions (`<@U1>`, `<!channel>`) stay as written (the renderer escapes them when
 * echoed); the `&amp; &lt; &gt;` entities Slack uses are decoded.
 */
export function plainText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>/g, (_m, url: string, label?: string) => label || url)
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, (_m, name: string) => `#${name}`)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function stripBotMention(text: string, botUserId: string | undefined): string {
  const id = botUserId?.replace(/[^A-Za-z0-9]/g, '');
  const re = id ? new RegExp(`<@${id}(\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(re, ' ').replace(/\s+/g, ' ').trim();
}

/** An Events API envelope -> a Turn for a DM (`message.im`) or a mention (`app_mention`), else null. */
export function eventToTurn(body: unknown, self: BotIdentity, now = new Date()): Turn | null {
  const env = parseEnvelope(body);
  if (!env) return null;
  const parsed = MessageEventSchema.safeParse(env.event);
  if (!parsed.success) return null;
  const ev = parsed.data;
  if (ev.subtype !== undefined && !USER_SUBTYPES.has(ev.subtype)) return null;
  if (ev.bot_id || ev.bot_profile !== undefined || !ev.user) return null;
  if (self.botUserId && ev.user === self.botUserId) return null;
  const kind = kindOf(ev.channel, ev.channel_type);
  // Plain messages are answered only in DMs; in channels the bot answers only when mentioned.
  if (ev.type === 'message' && kind !== 'dm') return null;
  const who = tenantOfEnvelope(env);
  if (!who) return null;
  const text = stripBotMention(plainText((ev.text ?? '').slice(0, MAX_TEXT)), self.botUserId);
  // In channels the answer goes in a thread under the mention; in DMs only when the user wrote in one.
  const thread = ev.type === 'app_mention' ? (ev.thread_ts ?? ev.ts) : ev.thread_ts;
  return {
    id: env.event_id,
    platform: 'slack',
    tenant: who.tenant,
    user: { id: ev.user },
    conversation: address(who.tenant, ev.channel, kind, thread, who.enterpriseId),
    text,
    receivedAt: now,
  };
}

const CommandSchema = z.object({
  command: z.string().regex(/^\/[\w.-]{1,31}$/),
  text: z.string().max(MAX_TEXT).default(''),
  team_id: Id,
  enterprise_id: z.string().optional(),
  channel_id: Id,
  user_id: Id,
  response_url: z.string().url(),
  trigger_id: z.string().optional(),
});

export interface CommandTurn {
  turn: Turn;
  responseUrl: string;
}

/** `/icc <text>` -> a Turn whose text the router reads as the `/icc` command (whatever the command is named). */
export function commandToTurn(body: unknown, now = new Date()): CommandTurn | null {
  const parsed = CommandSchema.safeParse(body);
  if (!parsed.success) return null;
  const c = parsed.data;
  const enterpriseId = c.enterprise_id || undefined;
  return {
    turn: {
      id: randomUUID(),
      platform: 'slack',
      tenant: c.team_id,
      user: { id: c.user_id },
      conversation: address(c.team_id, c.channel_id, kindOf(c.channel_id), undefined, enterpriseId),
      text: `/icc ${plainText(c.text)}`.trim(),
      receivedAt: now,
    },
    responseUrl: c.response_url,
  };
}

const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: Id, team_id: z.string().optional() }),
  team: z.object({ id: Id }).nullish(),
  enterprise: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: Id }).optional(),
  container: z.object({
    type: z.string(),
    message_ts: Ts.optional(),
    thread_ts: Ts.optional(),
    channel_id: Id.optional(),
    is_ephemeral: z.boolean().optional(),
    view_id: z.string().optional(),
  }),
  message: z.object({ ts: Ts, thread_ts: Ts.optional() }).optional(),
  /** The surface of a button outside a message: `home` for App Home, `modal` for a modal. */
  view: z.object({ type: z.string().optional() }).nullish(),
  response_url: z.string().url().optional(),
  trigger_id: z.string().optional(),
  actions: z.array(z.object({ action_id: z.string().optional(), value: z.string().optional() })).min(1),
});

export type ActionSource =
  /** A button in a message: the message's conversation, its ts, and whether only the user sees it. */
  | { kind: 'message'; address: Address; messageTs: string; ephemeral: boolean; responseUrl?: string }
  /** A button on a surface without a conversation (App Home, a modal). */
  | { kind: 'view' };

export interface ActionPress {
  id: string;
  tenant: string;
  enterpriseId?: string;
  user: string;
  source: ActionSource;
  action: IncomingAction;
  triggerId?: string;
  /** Pressed on App Home: the Home tab is published again afterwards (e.g. a queue item just handled). */
  fromHome?: true;
}

/** A `block_actions` interaction -> who pressed what, where. The action is decoded (and validated) too. */
export function blockActionToPress(body: unknown): ActionPress | null {
  const parsed = BlockActionsSchema.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  const tenant = b.team?.id ?? b.user.team_id ?? b.enterprise?.id;
  if (!tenant) return null;
  const enterpriseId = b.enterprise?.id;
  const channel = b.container.channel_id ?? b.channel?.id;
  const messageTs = b.container.message_ts ?? b.message?.ts;
  let source: ActionSource = { kind: 'view' };
  if (b.container.type === 'message' && channel && messageTs) {
    const thread = b.container.thread_ts ?? b.message?.thread_ts;
    source = {
      kind: 'message',
      address: address(tenant, channel, kindOf(channel), thread, enterpriseId),
      messageTs,
      ephemeral: b.container.is_ephemeral === true,
      ...(b.response_url ? { responseUrl: b.response_url } : {}),
    };
  }
  return {
    id: randomUUID(),
    tenant,
    ...(enterpriseId ? { enterpriseId } : {}),
    user: b.user.id,
    source,
    action: decodeAction(b.actions[0]!),
    ...(b.trigger_id ? { triggerId: b.trigger_id } : {}),
    ...(b.container.type === 'view' && b.view?.type === 'home' ? { fromHome: true as const } : {}),
  };
}

/** A Turn for a pressed button once the conversation is known (the message's, or the user's DM). */
export function pressToTurn(press: ActionPress, conversation: Address, now = new Date()): Turn {
  const base: Turn = { id: press.id, platform: 'slack', tenant: press.tenant, user: { id: press.user }, conversation, receivedAt: now };
  const a = press.action;
  if (a.kind === 'intent') return { ...base, action: { intent: a.intent, name: a.name, data: a.data } };
  if (a.kind === 'choice') return { ...base, text: a.text };
  return base;
}

const InteractionSchema = z.object({
  user: z.object({ id: Id, team_id: z.string().optional() }),
  team: z.object({ id: Id }).nullish(),
  enterprise: z.object({ id: z.string() }).nullish(),
  trigger_id: z.string().optional(),
});

export interface Who {
  tenant: string;
  enterpriseId?: string;
  user: string;
  triggerId?: string;
}

/** Who sent a shortcut or a view submission (these have no conversation). */
export function interactionWho(body: unknown): Who | null {
  const parsed = InteractionSchema.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  const tenant = b.team?.id ?? b.user.team_id ?? b.enterprise?.id;
  if (!tenant) return null;
  return {
    tenant,
    ...(b.enterprise?.id ? { enterpriseId: b.enterprise.id } : {}),
    user: b.user.id,
    ...(b.trigger_id ? { triggerId: b.trigger_id } : {}),
  };
}

const MessageShortcutSchema = z.object({
  type: z.literal('message_action'),
  channel: z.object({ id: Id }),
  response_url: z.string().url().optional(),
  message: z.object({ ts: Ts, thread_ts: Ts.optional(), text: z.string().optional() }),
});

/** A message shortcut: who used it, on which message, and where that message is. */
export interface MessageShortcut extends Who {
  /** The message's conversation, in the thread the message is in (if any). */
  conversation: Address;
  messageTs: string;
  /** What the message says, as typed (links and entities decoded, like a message to the bot). */
  text: string;
  /** For answers only the user sees (a message shortcut has no other private way back). */
  responseUrl?: string;
}

/** A `message_action` payload -> the message and who acted on it, or null when it is not one. */
export function messageShortcutOf(body: unknown): MessageShortcut | null {
  const who = interactionWho(body);
  const parsed = MessageShortcutSchema.safeParse(body);
  if (!who || !parsed.success) return null;
  const { channel, message, response_url } = parsed.data;
  return {
    ...who,
    conversation: address(who.tenant, channel.id, kindOf(channel.id), message.thread_ts, who.enterpriseId),
    messageTs: message.ts,
    text: plainText((message.text ?? '').slice(0, MAX_TEXT)).trim(),
    ...(response_url ? { responseUrl: response_url } : {}),
  };
}

const HomeOpenedSchema = z.object({ type: z.literal('app_home_opened'), user: Id, channel: Id.optional(), tab: z.string().optional() });

/** `app_home_opened` on the Home tab -> who opened it (the Messages tab needs nothing). */
export function homeOpened(body: unknown): (Who & { eventId: string; channel?: string }) | null {
  const env = parseEnvelope(body);
  if (!env) return null;
  const parsed = HomeOpenedSchema.safeParse(env.event);
  if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return null;
  const who = tenantOfEnvelope(env);
  if (!who) return null;
  return { ...who, user: parsed.data.user, eventId: env.event_id, ...(parsed.data.channel ? { channel: parsed.data.channel } : {}) };
}

/** A minimal Turn for work that is not a message (App Home, modals): enough to pick the user's locale. */
export function userTurn(who: Pick<Who, 'tenant' | 'user' | 'enterpriseId'>, conversation: Address | undefined, id: string, now = new Date()): Turn {
  return {
    id,
    platform: 'slack',
    tenant: who.tenant,
    user: { id: who.user },
    conversation: conversation ?? address(who.tenant, who.user, 'dm', undefined, who.enterpriseId),
    receivedAt: now,
  };
}
