/**
 * Connector clients are built once per bot app id, service URL and audience, not once per turn:
 * a real CloudAdapter with ClientReusingAuthentication, turns posted to two fake Bot Connectors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';
import { ClientCache, ClientReusingAuthentication, MAX_CLIENTS } from '../src/adapters/teams/client-reuse.js';
import { FakeBotConnector } from './fakes/bot-connector.js';

function message(serviceUrl: string, n: number): Activity {
  return {
    type: 'message',
    id: `m-${n}`,
    text: `hello ${n}`,
    serviceUrl,
    channelId: 'msteams',
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot-1', name: 'Bot' },
    conversation: { id: 'conversation-1', conversationType: 'personal', isGroup: false, name: '' },
  } as Activity;
}

describe('ClientReusingAuthentication with CloudAdapter', () => {
  const a = new FakeBotConnector();
  const b = new FakeBotConnector();
  let auth: ClientReusingAuthentication;
  let adapter: CloudAdapter;
  const seen: Array<{ serviceUrl: string; connector: unknown; userToken: unknown }> = [];
  const logic = async (ctx: TurnContext) => {
    seen.push({ serviceUrl: ctx.activity.serviceUrl, connector: ctx.turnState.get(adapter.ConnectorClientKey), userToken: ctx.turnState.get(adapter.UserTokenClientKey) });
    await ctx.sendActivity(`echo ${ctx.activity.text ?? ''}`);
  };

  beforeAll(async () => {
    await a.start();
    await b.start();
    auth = new ClientReusingAuthentication({});
    adapter = new CloudAdapter(auth);
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
  });

  it('turns to one service URL share one connector client; another service URL gets its own', async () => {
    await adapter.processActivityDirect('', message(a.url, 1), logic);
    await adapter.processActivityDirect('', message(a.url, 2), logic);
    await adapter.processActivityDirect('', message(b.url, 3), logic);
    const [first, second, other] = seen;
    expect(first!.connector).toBeDefined();
    expect(second!.connector).toBe(first!.connector);
    expect(second!.userToken).toBe(first!.userToken);
    expect(other!.connector).not.toBe(first!.connector);
    // Each reply still went to its own conversation on its own connector.
    expect(a.activities().map((x) => x.text)).toEqual(['echo hello 1', 'echo hello 2']);
    expect(b.activities().map((x) => x.text)).toEqual(['echo hello 3']);
    expect(auth.cachedClients).toBe(3); // two connector clients, one user token client
  });

  it('proactive sends reuse their client too', async () => {
    const clients: unknown[] = [];
    const ref = { serviceUrl: a.url, channelId: 'msteams', bot: { id: 'bot-1', name: 'Bot' }, conversation: { id: 'conversation-1', isGroup: false, conversationType: 'personal', name: '' } };
    for (let i = 0; i < 2; i++) {
      await adapter.continueConversationAsync('', ref, async (ctx) => {
        clients.push(ctx.turnState.get(adapter.ConnectorClientKey));
      });
    }
    expect(clients[0]).toBeDefined();
    expect(clients[1]).toBe(clients[0]);
  });
});

describe('ClientCache', () => {
  it('concurrent first uses share one creation', async () => {
    const cache = new ClientCache<object>();
    let made = 0;
    const create = async () => ({ n: ++made });
    const [x, y] = await Promise.all([cache.get('k', create), cache.get('k', create)]);
    expect(x).toBe(y);
    expect(made).toBe(1);
  });

  it('a failed creation is not kept: the next use tries again', async () => {
    const cache = new ClientCache<string>();
    await expect(cache.get('k', () => Promise.reject(new Error('no credentials')))).rejects.toThrow('no credentials');
    await expect(cache.get('k', async () => 'client')).resolves.toBe('client');
  });

  it('stays bounded', async () => {
    const cache = new ClientCache<number>();
    for (let i = 0; i < MAX_CLIENTS * 2 + 3; i++) await cache.get(`k${i}`, async () => i);
    expect(cache.size).toBeLessThanOrEqual(MAX_CLIENTS);
  });
});
