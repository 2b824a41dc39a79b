/** deliverOutbound: replies addressed elsewhere go through the senders; the rest come back to render. */
import { describe, expect, it } from 'vitest';
import { deliverOutbound, RecordingSender, SendError, Senders } from '../src/core/sender.js';
import type { Address, Scope } from '../src/core/turn.js';
import { turn } from './helpers/app.js';

/** Like a Teams sender: 1:1 conversations only. */
class DirectOnlySender extends RecordingSender {
  override async openConversation(scope: Scope, userIds: string[]): Promise<Address | null> {
    if (userIds.length !== 1) return null;
    return { platform: this.platform, tenant: scope.tenant, conversation: `dm:${userIds[0]}`, kind: 'dm' };
  }
}

describe('deliverOutbound', () => {
  it('opens one group conversation where the platform can', async () => {
    const senders = new Senders();
    const sender = new RecordingSender('console');
    senders.register(sender);
    const inline = await deliverOutbound(turn('x', { user: { id: 'U1' } }), [{ text: 'Intro', deliverTo: { users: ['U2', 'U3'] } }, { text: 'Here' }], senders);
    expect(inline).toEqual([{ text: 'Here' }]);
    expect(sender.sent.map((s) => s.address.conversation)).toEqual(['group:U1,U2,U3']);
  });

  it('falls back to a 1:1 message to each user when no group conversation can be opened', async () => {
    const senders = new Senders();
    const sender = new DirectOnlySender('console');
    senders.register(sender);
    await deliverOutbound(turn('x', { user: { id: 'U1' } }), [{ text: 'Intro', deliverTo: { users: ['U2', 'U1'] } }], senders);
    expect(sender.sent.map((s) => [s.address.conversation, s.replies[0]!.text])).toEqual([
      ['dm:U1', 'Intro'],
      ['dm:U2', 'Intro'],
    ]);
    expect(sender.sent[0]!.replies[0]!.deliverTo).toBeUndefined();
  });

  it('with `each`, sends each user their own 1:1 message and leaves the asking user out', async () => {
    const senders = new Senders();
    const sender = new RecordingSender('console');
    senders.register(sender);
    const inline = await deliverOutbound(turn('x', { user: { id: 'U1' } }), [{ text: 'New proposal', deliverTo: { users: ['C1', 'C2', 'C1'], each: true } }, { text: 'Sent' }], senders);
    expect(inline).toEqual([{ text: 'Sent' }]);
    expect(sender.sent.map((s) => [s.address.conversation, s.replies[0]!.text])).toEqual([
      ['group:C1', 'New proposal'],
      ['group:C2', 'New proposal'],
    ]);
  });

  it('still fails when not even a 1:1 conversation can be opened', async () => {
    const senders = new Senders();
    const sender = new DirectOnlySender('console');
    sender.openConversation = async () => null;
    senders.register(sender);
    await expect(deliverOutbound(turn('x'), [{ text: 'Intro', deliverTo: { users: ['U2'] } }], senders)).rejects.toBeInstanceOf(SendError);
  });
});
