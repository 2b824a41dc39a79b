/** Channel turns, a scripted Sender and a tick runner for the weekly-nudge tests. */
import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.js';
import { RecordingSender, Senders, type SendError } from '../../src/core/sender.js';
import type { Address, ActionInput, Platform, Reply, Scope, Turn } from '../../src/core/turn.js';
import { createNudgeTask } from '../../src/nudges/scheduler.js';
import { Subscriptions, type Subscription } from '../../src/nudges/subscriptions.js';

export const uniqueTenant = (prefix = 'T') => `${prefix}${randomUUID().slice(0, 8)}`;

export function channel(tenant: string, conversation = 'C1', platform: Platform = 'slack'): Address {
  return { platform, tenant, conversation, kind: 'channel' };
}

export interface Who {
  id?: string;
  name?: string;
  timeZone?: string;
  address?: Address;
}

function baseTurn(app: App, address: Address, who: Who): Turn {
  return {
    id: randomUUID(),
    platform: address.platform,
    tenant: address.tenant,
    user: { id: who.id ?? 'U1', ...(who.name ? { name: who.name } : {}) },
    conversation: address,
    receivedAt: app.clock.now(),
    ...(who.timeZone ? { timeZone: who.timeZone } : {}),
  };
}

/** Sends `text` as a person in `address` through the real bot. */
export function say(app: App, address: Address, text: string, who: Who = {}): Promise<Reply[]> {
  return app.bot.handle({ ...baseTurn(app, address, who), text });
}

export function pressIn(app: App, address: Address, action: ActionInput, who: Who = {}): Promise<Reply[]> {
  return app.bot.handle({ ...baseTurn(app, address, who), action });
}

/** A RecordingSender that throws the queued errors first, one per send. */
export class ScriptedSender extends RecordingSender {
  readonly failures: SendError[] = [];
  readonly attempts: Address[] = [];
  override async send(address: Address, replies: Reply[]): Promise<void> {
    this.attempts.push(address);
    const failure = this.failures.shift();
    if (failure) throw failure;
    await super.send(address, replies);
  }
}

export function nudgeRunner(app: App, platform: Platform = 'slack') {
  const sender = new ScriptedSender(platform);
  const senders = new Senders();
  senders.register(sender);
  const task = createNudgeTask({ app, senders });
  return { sender, senders, task, run: () => task.run() };
}

export function subscription(app: App, scope: Scope, conversation = 'C1'): Promise<Subscription | undefined> {
  return new Subscriptions(app.stores.store).get(scope, conversation);
}

/** The digests (messages with a practice card) recorded for one tenant. */
export function digestsTo(sender: RecordingSender, tenant: string) {
  return sender.sent.filter((s) => s.address.tenant === tenant && s.replies.some((r) => r.buttons?.some((b) => b.action.intent === 'nudges')));
}
