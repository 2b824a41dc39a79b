/**
 * Proactive messages go through a Sender: the scheduler and intents that follow up later (reminders,
 * introductions, nudges) hand an Address and Reply[] to the sender of that address's platform.
 */
import type { Address, Platform, Reply, Scope, Turn } from './turn.js';

/** Why a send failed, in terms the caller can act on (e.g. stop a subscription to a dead channel). */
export class SendError extends Error {
  /** For 'rate-limited': how long the platform asked us to wait (Slack/Teams `Retry-After`), if it said. */
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly reason: 'gone' | 'forbidden' | 'rate-limited' | 'transient' | 'unsupported',
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = 'SendError';
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export interface Sender {
  readonly platform: Platform;
  /** Post replies into the conversation at `address`. Throws SendError on failure. */
  send(address: Address, replies: Reply[]): Promise<void>;
  /** Open (or find) a direct conversation with these users; null when the platform cannot. */
  openConversation(scope: Scope, userIds: string[]): Promise<Address | null>;
}

export class Senders {
  private readonly byPlatform = new Map<Platform, Sender>();

  register(sender: Sender): void {
    this.byPlatform.set(sender.platform, sender);
  }

  for(platform: Platform): Sender | undefined {
    return this.byPlatform.get(platform);
  }

  async send(address: Address, replies: Reply[]): Promise<void> {
    const sender = this.byPlatform.get(address.platform);
    if (!sender) throw new SendError('unsupported', `no sender for ${address.platform}`);
    await sender.send(address, replies);
  }
}

/** Keeps what was sent, for the console (printed at the next turn) and for tests. */
export class RecordingSender implements Sender {
  readonly sent: Array<{ address: Address; replies: Reply[] }> = [];
  constructor(readonly platform: Platform) {}
  async send(address: Address, replies: Reply[]): Promise<void> {
    this.sent.push({ address, replies });
  }
  async openConversation(scope: Scope, userIds: string[]): Promise<Address | null> {
    return { platform: this.platform, tenant: scope.tenant, conversation: `group:${[...userIds].sort().join(',')}`, kind: 'group' };
  }
  drain(): Array<{ address: Address; replies: Reply[] }> {
    return this.sent.splice(0, this.sent.length);
  }
}

/**
 * Sends the replies addressed elsewhere (`to`, `deliverTo`) through the senders and returns the ones
 * that answer in the turn's own conversation. Adapters call this before rendering.
 */
export async function deliverOutbound(turn: Turn, replies: Reply[], senders: Senders): Promise<Reply[]> {
  const inline: Reply[] = [];
  for (const reply of replies) {
    const { to, deliverTo, ...rest } = reply;
    if (to) {
      await senders.send(to, [rest]);
    } else if (deliverTo) {
      const sender = senders.for(turn.platform);
      if (!sender) throw new SendError('unsupported', 'cannot open a conversation on this platform');
      const scope = { platform: turn.platform, tenant: turn.tenant };
      if (deliverTo.each) {
        for (const user of new Set(deliverTo.users)) {
          const direct = await sender.openConversation(scope, [user]);
          if (!direct) throw new SendError('unsupported', 'cannot open a conversation on this platform');
          await sender.send(direct, [rest]);
        }
        continue;
      }
      const users = [...new Set([turn.user.id, ...deliverTo.users])];
      const address = await sender.openConversation(scope, users);
      if (address) await sender.send(address, [rest]);
      else if (users.length > 1) {
        // No group conversation on this platform (Teams bots cannot create one): a 1:1 message to each user.
        for (const user of users) {
          const direct = await sender.openConversation(scope, [user]);
          if (!direct) throw new SendError('unsupported', 'cannot open a conversation on this platform');
          await sender.send(direct, [rest]);
        }
      } else throw new SendError('unsupported', 'cannot open a conversation on this platform');
    } else inline.push(reply);
  }
  return inline;
}
