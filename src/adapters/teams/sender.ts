/**
 * Proactive messages to Teams: `send` continues the conversation stored in `Address.ref` (a
 * serialized ConversationReference); `openConversation` creates a 1:1 chat with one user. Teams
 * cannot create a group chat on a bot's behalf, so for several users it returns null and
 * `deliverOutbound` sends each of them a 1:1 message instead.
 *
 * Retries: the Bot Connector client already retries 429 (honouring Retry-After) and 5xx/network
 * failures with exponential backoff (3 retries); a failure that survives them becomes a SendError.
 */
import type { Activity, CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import { TurnContext as TC } from 'botbuilder';
import type { TeamsMode } from '../../config.js';
import type { Logger } from '../../core/log.js';
import type { ApiErrorKind, Metrics } from '../../core/metrics.js';
import { SendError, type Sender } from '../../core/sender.js';
import type { Stores } from '../../core/stores.js';
import type { Address, Reply, Scope } from '../../core/turn.js';
import type { Translate } from '../../core/i18n.js';
import { serviceUrlProblem } from './policy.js';
import { renderReply } from './render.js';

/** The part of botframework-connector's ConnectorClient that the adapter puts in every turn's state. */
interface ConnectorClientLike {
  conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<unknown> };
}

/** Audience of tokens for the public Bot Connector (AuthenticationConstants.ToChannelFromBotOAuthScope). */
const CONNECTOR_AUDIENCE = 'https://api.botframework.com';

export interface TeamsSenderDeps {
  adapter: CloudAdapter;
  appId: string;
  /** Which service URLs a stored reference may send to (policy.ts), checked on every send. */
  mode: TeamsMode;
  stores: Stores;
  log: Logger;
  /** The translator for an address's locale (image captions). */
  translator(locale?: string): Translate;
  /** Publishes an image too big to inline and returns its URL (see src/server/files.ts). */
  imageUrl?: (path: string) => string | undefined;
  /** Counts each send and conversation creation, and how it failed. */
  metrics?: Metrics;
}

/** A Bot Connector failure (after the client's own retries) as the metrics count it. */
export function errorKind(err: unknown): ApiErrorKind {
  const e = err as { statusCode?: number; code?: string; name?: string; message?: string } | undefined;
  const status = e?.statusCode ?? 0;
  if (status === 429) return '429';
  if (status >= 500) return '5xx';
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || /^E?(SOCKET)?TIMEDOUT$|^ECONNABORTED$/.test(e?.code ?? '') || /timed? ?out/i.test(e?.message ?? '')) return 'timeout';
  return 'other';
}

/** Bot Connector HTTP failures in terms a caller can act on. */
export function toSendError(err: unknown, what: string): SendError {
  if (err instanceof SendError) return err;
  const e = err as { statusCode?: number; code?: string; message?: string; body?: unknown; response?: { bodyAsText?: string } };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const detail = `${e?.code ?? ''} ${e?.message ?? ''} ${e?.response?.bodyAsText ?? ''}`;
  if (status === 404) return new SendError('gone', `${what}: conversation not found`, { cause: err });
  if (status === 403) {
    // The bot was removed from the conversation (or the user uninstalled it): as good as gone.
    if (/BotNotInConversationRoster|ConversationBlockedByUser|BotDisabledByAdmin/i.test(detail)) return new SendError('gone', `${what}: bot no longer in the conversation`, { cause: err });
    return new SendError('forbidden', `${what}: forbidden`, { cause: err });
  }
  if (status === 401) return new SendError('forbidden', `${what}: not authorised by the Bot Connector`, { cause: err });
  if (status === 429) return new SendError('rate-limited', `${what}: rate limited after retries`, { cause: err });
  return new SendError('transient', `${what}: ${status ? `HTTP ${status}` : (e?.message ?? 'failed')} after retries`, { cause: err });
}

export function parseReference(address: Address, mode: TeamsMode): Partial<ConversationReference> {
  if (address.platform !== 'teams' || !address.ref) throw new SendError('unsupported', 'not a Teams address');
  let ref: Partial<ConversationReference>;
  try {
    ref = JSON.parse(address.ref) as Partial<ConversationReference>;
  } catch (err) {
    throw new SendError('unsupported', 'unreadable Teams conversation reference', { cause: err });
  }
  if (!ref.serviceUrl || !ref.conversation?.id || !ref.bot?.id) throw new SendError('unsupported', 'incomplete Teams conversation reference');
  // Saved before the rules existed, or through a hole: a reference is only as good as its serviceUrl.
  const problem = serviceUrlProblem(ref.serviceUrl, mode);
  if (problem) throw new SendError('unsupported', `Teams conversation reference refused: ${problem}`);
  // A thread is a reply chain of a channel post: `<channel id>;messageid=<root id>`.
  const id = address.thread ? `${ref.conversation.id};messageid=${address.thread}` : ref.conversation.id;
  return { ...ref, conversation: { ...ref.conversation, id } };
}

export class TeamsSender implements Sender {
  readonly platform = 'teams' as const;
  constructor(private readonly deps: TeamsSenderDeps) {}

  async send(address: Address, replies: Reply[]): Promise<void> {
    const ref = parseReference(address, this.deps.mode);
    const t = this.deps.translator(ref.locale);
    const adapter = this.deps.adapter;
    // Errors inside the logic would go to adapter.onTurnError (logged, swallowed): keep them for the caller.
    let failure: unknown;
    try {
      await adapter.continueConversationAsync(this.deps.appId, ref, async (ctx: TurnContext) => {
        try {
          // A new message in the conversation (POST .../activities), not a reply to the continuation event.
          const client = ctx.turnState.get<ConnectorClientLike>(adapter.ConnectorClientKey);
          for (const reply of replies) {
            const activity = { ...renderReply(reply, { t, ...(this.deps.imageUrl ? { imageUrl: this.deps.imageUrl } : {}) }), from: ref.bot, conversation: ref.conversation, channelId: ref.channelId, serviceUrl: ref.serviceUrl };
            await client.conversations.sendToConversation(ref.conversation!.id, activity);
          }
        } catch (err) {
          failure = err;
        }
      });
    } catch (err) {
      failure ??= err;
    }
    this.deps.metrics?.platformApiCall('teams', failure === undefined ? undefined : errorKind(failure));
    if (failure) throw toSendError(failure, 'teams send');
  }

  /** A 1:1 chat with one user of the tenant; null for several users (Teams bots cannot create group chats). */
  async openConversation(scope: Scope, userIds: string[]): Promise<Address | null> {
    if (userIds.length !== 1 || scope.platform !== 'teams') return null;
    const template = await this.referenceFor(scope);
    if (!template) return null;
    const params = {
      isGroup: false,
      bot: template.bot,
      members: [{ id: userIds[0]!, name: '' }],
      tenantId: scope.tenant,
      channelData: { tenant: { id: scope.tenant } },
    } as unknown as ConversationParameters;
    let created: Partial<ConversationReference> | undefined;
    try {
      await this.deps.adapter.createConversationAsync(this.deps.appId, template.channelId ?? 'msteams', template.serviceUrl!, CONNECTOR_AUDIENCE, params, async (ctx) => {
        created = TC.getConversationReference(ctx.activity);
      });
      this.deps.metrics?.platformApiCall('teams');
    } catch (err) {
      this.deps.metrics?.platformApiCall('teams', errorKind(err));
      throw toSendError(err, 'teams create conversation');
    }
    if (!created?.conversation?.id) return null;
    const ref: Partial<ConversationReference> = {
      channelId: created.channelId ?? 'msteams',
      serviceUrl: created.serviceUrl ?? template.serviceUrl,
      bot: template.bot,
      conversation: { id: created.conversation.id, isGroup: false, conversationType: 'personal', tenantId: scope.tenant, name: '' },
    };
    const address: Address = { platform: 'teams', tenant: scope.tenant, conversation: created.conversation.id, kind: 'dm', ref: JSON.stringify(ref) };
    await this.deps.stores.address.set(scope, address.conversation, address);
    return address;
  }

  /** The service URL and bot account of this tenant, from any conversation the bot has seen there. */
  private async referenceFor(scope: Scope): Promise<Partial<ConversationReference> | undefined> {
    const ids = await this.deps.stores.address.ids(scope);
    for (const id of ids.slice(0, 20)) {
      const address = await this.deps.stores.address.get(scope, id);
      if (!address?.ref) continue;
      try {
        const ref = JSON.parse(address.ref) as Partial<ConversationReference>;
        if (!ref.serviceUrl || !ref.bot?.id) continue;
        const problem = serviceUrlProblem(ref.serviceUrl, this.deps.mode);
        if (!problem) return ref;
        this.deps.log.warn('stored Teams reference not used', { conversation: id, reason: problem });
      } catch (err) {
        this.deps.log.warn('unreadable stored Teams reference', { conversation: id, err });
      }
    }
    return undefined;
  }
}
