/**
 * Proactive messages through the Teams Sender, against the fake Bot Connector: continuing a saved
 * conversation (and a channel thread), opening a 1:1 chat, error mapping and the connector client's
 * retries; and deliverOutbound's fallback to 1:1 messages when no group chat can be opened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbound, SendError } from '../src/core/sender.js';
import type { Address, Turn } from '../src/core/turn.js';
import { cardOf, cardText, startTeams, type TeamsHarness } from './helpers/teams.js';

const TENANT = '00000000-0000-0000-0000-0000000000001';
const scope = { platform: 'teams' as const, tenant: TENANT };

async function sendError(p: Promise<unknown>): Promise<SendError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SendError) return err;
    throw err;
  }
  throw new Error('expected a SendError');
}

describe('Teams proactive sender', () => {
  let h: TeamsHarness;
  let personal: Address;
  let channel: Address;
  beforeAll(async () => {
    h = await startTeams();
    // Two inbound turns save the addresses the scheduler would use later.
    await h.post(h.activity('personal-message', { text: 'help' }));
    await h.post(h.activity('channel-mention'));
    personal = (await h.server.app.stores.address.get(scope, 'bbc4c6ff-590a-4878-883a-50fa461b1e46'))!;
    channel = (await h.server.app.stores.address.get(scope, 'team-id'))!;
  });
  afterAll(async () => {
    await h?.close();
  });
  const sender = () => h.server.senders.for('teams')!;

  it('posts into a saved conversation, and into the thread a channel address names', async () => {
    h.connector.clear();
    await sender().send(personal, [{ text: 'Your weekly nudge: [not a link](https://evil.example)' }]);
    const [post] = h.connector.requests;
    expect(post).toMatchObject({ kind: 'send', conversationId: 'bbc4c6ff-590a-4878-883a-50fa461b1e46' });
    expect(cardText(cardOf(post!.body))).toBe('Your weekly nudge: \\[not a link\\](https://evil.example)');

    h.connector.clear();
    await sender().send(channel, [{ text: 'In the thread' }]);
    expect(h.connector.requests[0]!.conversationId).toBe('team-id;messageid=1795936652044');
    await sender().send({ ...channel, thread: undefined }, [{ text: 'A new post' }]);
    expect(h.connector.requests[1]!.conversationId).toBe('team-id');
  });

  it('maps connector failures: 404 gone, 403 forbidden (gone when the bot was removed)', async () => {
    h.connector.failNext(404);
    expect((await sendError(sender().send(personal, [{ text: 'x' }]))).reason).toBe('gone');
    h.connector.failNext(403);
    expect((await sendError(sender().send(personal, [{ text: 'x' }]))).reason).toBe('forbidden');
    h.connector.failNext(403, 1, undefined, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
    expect((await sendError(sender().send(personal, [{ text: 'x' }]))).reason).toBe('gone');
    expect((await sendError(sender().send({ ...personal, ref: '{broken' }, [{ text: 'x' }]))).reason).toBe('unsupported');
  });

  it('429 and 5xx are retried with backoff (Retry-After honoured) and then delivered', async () => {
    h.connector.clear();
    h.connector.failNext(429, 1, { 'retry-after': '1' });
    const started = Date.now();
    await sender().send(personal, [{ text: 'after a 429' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.connector.requests.map((r) => r.kind)).toEqual(['send', 'send']);

    h.connector.clear();
    h.connector.failNext(503);
    await sender().send(personal, [{ text: 'after a 503' }]);
    expect(h.connector.requests).toHaveLength(2);
  });

  it('opens a 1:1 chat with one user; returns null for several (Teams bots cannot create group chats)', async () => {
    h.connector.clear();
    const address = await sender().openConversation(scope, ['29:other-user']);
    expect(address).toMatchObject({ platform: 'teams', tenant: TENANT, kind: 'dm' });
    const create = h.connector.requests.find((r) => r.kind === 'create-conversation')!;
    expect(create.body).toMatchObject({ isGroup: false, members: [{ id: '29:other-user' }], tenantId: TENANT });
    await sender().send(address!, [{ text: 'Hello' }]);
    expect(h.connector.requests.at(-1)).toMatchObject({ kind: 'send', conversationId: address!.conversation });
    expect(await sender().openConversation(scope, ['29:a', '29:b'])).toBeNull();
  });

  it('deliverOutbound: a reply for several users becomes a 1:1 message to each of them', async () => {
    h.connector.clear();
    const turn: Turn = { id: 't1', platform: 'teams', tenant: TENANT, user: { id: 'user-id-0' }, conversation: personal, text: 'introduce me', receivedAt: new Date() };
    const inline = await deliverOutbound(turn, [{ text: 'Introduction', deliverTo: { users: ['29:peer'] } }, { text: 'Done' }], h.server.senders);
    expect(inline).toEqual([{ text: 'Done' }]);
    const created = h.connector.requests.filter((r) => r.kind === 'create-conversation').map((r) => r.body.members[0].id);
    expect(created).toEqual(['user-id-0', '29:peer']);
    const sends = h.connector.requests.filter((r) => r.kind === 'send');
    expect(sends).toHaveLength(2);
    for (const s of sends) expect(cardText(cardOf(s.body))).toBe('Introduction');
  });
});
