/**
 * Contract tests: real Bot Framework activities (recorded from the Agents Playground) POSTed over HTTP
 * to the running server's /api/messages, with the activity's serviceUrl pointing at a local fake Bot
 * Connector that records what the bot sends. CloudAdapter answers the HTTP request only after the
 * turn's logic has finished, so everything the bot sent is recorded when `post` returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardActions, cardOf, cardText, startTeams, type TeamsHarness } from './helpers/teams.js';

const TENANT = '00000000-0000-0000-0000-0000000000001';
const PERSONAL = 'bbc4c6ff-590a-4878-883a-50fa461b1e46';
const scope = { platform: 'teams' as const, tenant: TENANT };

describe('Teams adapter over HTTP (unauthenticated local mode, TEAMS_LOCAL=1)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('logs a clear warning at start-up when MICROSOFT_APP_ID is not set', () => {
    const warn = h.logs.map((l) => JSON.parse(l)).find((l) => l.level === 'warn' && /WITHOUT authentication/.test(l.msg));
    expect(warn?.msg).toMatch(/MICROSOFT_APP_ID/);
  });

  it('personal chat: a search is answered with an Adaptive Card naming an anti-rumour practice (no typing for a quick answer)', async () => {
    h.connector.clear();
    const activity = h.activity('personal-message', { text: 'how did other cities run an anti-rumour campaign?' });
    const res = await h.post(activity);
    expect(res.status).toBe(200);

    const sent = h.connector.requests;
    // Typing only precedes a slow answer (test/teams-typing.test.ts).
    expect(sent.map((r) => r.body.type)).toEqual(['message']);
    for (const r of sent) {
      expect(r.kind).toBe('reply');
      expect(r.conversationId).toBe(PERSONAL);
      expect(r.activityId).toBe(activity.id);
    }
    const card = cardOf(sent[0]!.body);
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    const text = cardText(card);
    expect(text).toMatch(/practices for “how did other cities run an anti-rumour campaign\?”/);
    // Title linked to its source, city/country/year, areas, summary.
    const title = card.body.find((e: any) => e.type === 'Container').items[0].text;
    expect(title).toMatch(/^\[[^\]]*anti-rumou?r[^\]]*\]\(https?:\/\/[^)\s]+\)$/i);
    // City, country · year of the practice (the campaigns rank first: Limerick's, Botkyrka's).
    expect(text).toMatch(/(Limerick, Ireland|Botkyrka, Sweden) · \d{4}/);
    expect(text).toMatch(/Areas: Anti-discrimination/);
    const actions = cardActions(card);
    const like = actions.find((a) => a.title === 'More like this');
    expect(like.type).toBe('Action.Submit');
    expect(like.data.icc.action).toMatchObject({ intent: 'search', name: 'like' });
    expect(like.data.icc.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(actions.map((a) => a.data?.icc?.sid)).size).toBe(actions.length);
    expect(actions.map((a) => a.title)).toEqual(expect.arrayContaining(['More results', 'Helpful', 'Not helpful']));

    // The conversation reference is saved for proactive messages.
    const address = await h.server.app.stores.address.get(scope, PERSONAL);
    expect(address).toMatchObject({ platform: 'teams', tenant: TENANT, conversation: PERSONAL, kind: 'dm' });
    expect(JSON.parse(address!.ref!)).toMatchObject({ serviceUrl: h.connector.url, bot: { id: activity.recipient.id }, conversation: { id: PERSONAL } });
  });

  it('channel: the @mention is stripped and the reply goes to the same thread; unaddressed posts get nothing', async () => {
    h.connector.clear();
    const quiet = h.activity('channel-mention', { text: 'anti-rumour campaign', entities: [] });
    expect((await h.post(quiet)).status).toBe(200);
    expect(h.connector.requests).toHaveLength(0);

    const mention = h.activity('channel-mention');
    expect(mention.text).toMatch(/^<at>Test Bot<\/at> /);
    expect((await h.post(mention)).status).toBe(200);
    const reply = h.connector.requests.find((r) => r.body.type === 'message')!;
    expect(reply.kind).toBe('reply');
    expect(reply.conversationId).toBe('team-id;messageid=1795936652044');
    expect(reply.activityId).toBe(mention.id);
    const text = cardText(cardOf(reply.body));
    expect(text).toMatch(/practices for “how did other cities run an anti-rumour campaign\?”/);
    expect(text).not.toMatch(/Test Bot|<at>/);

    const address = await h.server.app.stores.address.get(scope, 'team-id');
    expect(address).toMatchObject({ conversation: 'team-id', thread: '1795936652044', kind: 'channel' });
  });

  it('only activities the bot acts on are claimed against redelivery (noise costs no store write)', async () => {
    const claimed = async (a: any) => !(await h.server.app.stores.dedupe.claim(scope, `teams-activity|${a.conversation.id}|${a.id}`, 1000));
    const quiet = h.activity('channel-mention', { text: 'anti-rumour campaign', entities: [] });
    await h.post(quiet);
    expect(await claimed(quiet)).toBe(false);
    const mention = h.activity('channel-mention');
    await h.post(mention);
    expect(await claimed(mention)).toBe(true);
  });

  it('a card submission is handled once: a double click or a redelivery does nothing the second time', async () => {
    h.connector.clear();
    await h.post(h.activity('personal-message', { text: 'anti-rumour campaign' }));
    const card = cardOf(h.connector.activities().find((a) => a.type === 'message'));
    const like = cardActions(card).find((a) => a.title === 'More like this');

    h.connector.clear();
    const submit = h.activity('card-submit', { value: like.data, replyToId: 'card-1' });
    expect((await h.post(submit)).status).toBe(200);
    // "More like this" updates the card in place (as in Slack), so the one answer is a PUT.
    const first = h.connector.requests.filter((r) => r.kind === 'update' || ((r.kind === 'send' || r.kind === 'reply') && r.body.type === 'message'));
    expect(first).toHaveLength(1);
    expect(first[0]!.kind).toBe('update');
    expect(cardText(cardOf(first[0]!.body))).toMatch(/^Practices like “/);

    h.connector.clear();
    // Same card button again (a new activity id: a second click) and the very same activity (a retry).
    expect((await h.post(h.activity('card-submit', { value: like.data, replyToId: 'card-1' }))).status).toBe(200);
    expect((await h.post(submit)).status).toBe(200);
    expect(h.connector.requests).toHaveLength(0);
    expect(h.logs.some((l) => /duplicate card submission ignored/.test(l))).toBe(true);

    // Someone else pressing that button (a card in a channel, seen by all) is not a double click.
    await h.post(h.activity('card-submit', { value: like.data, replyToId: 'card-1', from: { id: 'user-id-1', name: 'Megan Bowen' } }));
    expect(h.connector.requests.filter((r) => r.kind === 'update')).toHaveLength(1);
  });

  it('"More results" replaces the card it was pressed on (PUT to the original activity)', async () => {
    h.connector.clear();
    await h.post(h.activity('personal-message', { text: 'anti-rumour campaign' }));
    const more = cardActions(cardOf(h.connector.activities().find((a) => a.type === 'message'))).find((a) => a.title === 'More results');
    h.connector.clear();
    await h.post(h.activity('card-submit', { value: more.data, replyToId: 'activity-with-the-card' }));
    const update = h.connector.requests.find((r) => r.kind === 'update');
    expect(update?.activityId).toBe('activity-with-the-card');
    expect(update?.conversationId).toBe(PERSONAL);
    expect(cardText(cardOf(update!.body))).toMatch(/Showing 6–10 of \d+/);
  });

  it('a suggested reply button sends its text back as the user message', async () => {
    h.connector.clear();
    await h.post(h.activity('personal-message', { text: 'help' }));
    const choice = cardActions(cardOf(h.connector.activities().find((a) => a.type === 'message'))).find((a) => a.data?.icc?.text);
    expect(choice.data.icc.text).toBe(choice.title);
    h.connector.clear();
    await h.post(h.activity('card-submit', { value: choice.data }));
    expect(cardText(cardOf(h.connector.activities().find((a) => a.type === 'message')))).toMatch(/practices for “/);
  });

  it('a message that only carries a card inserted from the messaging extension is not treated as a question', async () => {
    h.connector.clear();
    const res = await h.post(h.activity('compose-card-message'));
    expect(res.status).toBe(200);
    expect(h.connector.requests).toHaveLength(0);
  });

  it('messaging extension: composeExtension/query is answered synchronously with preview + full card per result', async () => {
    h.connector.clear();
    const res = await h.post(h.activity('compose-extension-query'));
    expect(res.status).toBe(200);
    expect(h.connector.requests).toHaveLength(0);
    const ext = res.body.composeExtension;
    expect(ext).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    expect(ext.attachments.length).toBeGreaterThan(2);
    const first = ext.attachments[0];
    expect(first.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(first.content.version).toBe('1.5');
    expect(first.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(first.preview.content.title).toMatch(/anti-rumou?r/i);
    expect(cardText(first.content)).toMatch(/anti-rumou?r/i);
    // Inserted cards may land where the bot is not a member: links only, no Action.Submit.
    const actions = ext.attachments.flatMap((a: any) => cardActions(a.content));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a: any) => a.type === 'Action.OpenUrl')).toBe(true);

    const empty = await h.post(h.activity('compose-extension-query', { value: { commandId: 'searchPractices', parameters: [{ name: 'query', value: ' ' }] } }));
    expect(empty.body.composeExtension).toMatchObject({ type: 'message' });
    expect(empty.body.composeExtension.text).toMatch(/Type a topic/);

    const paged = await h.post(h.activity('compose-extension-query', { value: { commandId: 'searchPractices', parameters: [{ name: 'query', value: 'anti-rumour' }], queryOptions: { skip: 2, count: 2 } } }));
    expect(paged.body.composeExtension.attachments).toHaveLength(2);
    expect(paged.body.composeExtension.attachments[0].preview.content.title).toBe(ext.attachments[2].preview.content.title);

    // A task module for a command that has none (the message action is test/propose-surfaces.teams.test.ts): said kindly.
    const task = await h.post(h.activity('compose-extension-query', { name: 'composeExtension/fetchTask' }));
    expect(task.status).toBe(200);
    expect(task.body).toEqual({ task: { type: 'message', value: expect.stringMatching(/not available any more/) } });
    const other = await h.post(h.activity('compose-extension-query', { name: 'composeExtension/querySettingUrl' }));
    expect(other.status).toBe(400);
  });

  it('welcome: the app added to a chat says hello once, even when Teams announces it twice', async () => {
    h.connector.clear();
    const conversation = { conversationType: 'personal', tenantId: TENANT, id: 'welcome-conversation' };
    expect((await h.post(h.activity('conversation-update', { conversation }))).status).toBe(200);
    expect((await h.post(h.activity('installation-update', { conversation }))).status).toBe(200);
    const sent = h.connector.activities('welcome-conversation');
    expect(sent).toHaveLength(1);
    expect(cardText(cardOf(sent[0]))).toMatch(/I'm the Intercultural Cities assistant/);
    expect(await h.server.app.stores.address.get(scope, 'welcome-conversation')).toMatchObject({ kind: 'dm' });

    // Someone else joining a chat the bot is already in: no welcome.
    h.connector.clear();
    const userJoined = h.activity('conversation-update', { conversation: { ...conversation, id: 'other-conversation' }, membersAdded: [{ id: 'user-id-9' }] });
    expect((await h.post(userJoined)).status).toBe(200);
    expect(h.connector.requests).toHaveLength(0);

    // A team: the shared-conversation welcome.
    const team = { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: 'team-2' };
    await h.post(h.activity('installation-update', { conversation: team }));
    expect(cardText(cardOf(h.connector.activities('team-2')[0]))).toMatch(/@mention me/);
  });

  it('malformed bodies get a 4xx and the server stays up', async () => {
    h.connector.clear();
    for (const body of ['{not json', '[]', '"text"', '{}', JSON.stringify({ type: 'message', text: 'hi' }), JSON.stringify({ type: 'message', serviceUrl: 'ftp://x', channelId: 'msteams', conversation: { id: 'c' }, recipient: { id: 'b' } })]) {
      const res = await h.post(body);
      expect(res.status, body).toBe(400);
      expect(res.body.error, body).toBeTruthy();
    }
    const big = await h.post(JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect((await fetch(`${h.url}/api/messages`)).status).toBe(405);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect(h.connector.requests).toHaveLength(0);
    // And it still answers.
    await h.post(h.activity('personal-message'));
    expect(h.connector.activities().some((a) => a.type === 'message')).toBe(true);
  });

  it('unauthenticated mode refuses service URLs that are not on this machine', async () => {
    h.connector.clear();
    const res = await h.post(h.activity('personal-message', { serviceUrl: 'https://smba.example.com/emea/' }));
    expect(res.status).toBe(403);
    expect(h.connector.requests).toHaveLength(0);
  });
});

describe('Teams adapter with an app id (authenticated)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams({ MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('rejects activities without a Bot Framework token and logs no unauthenticated warning', async () => {
    // A Teams service URL, so the token check (not the serviceUrl rule, test/teams-security.test.ts) refuses it.
    const res = await h.post(h.activity('personal-message', { serviceUrl: 'https://smba.trafficmanager.net/emea/' }));
    expect(res.status).toBe(401);
    expect(h.connector.requests).toHaveLength(0);
    expect(h.logs.some((l) => /WITHOUT authentication/.test(l))).toBe(false);
    expect(h.logs.join('\n')).not.toContain('not-a-real-secret');
  });
});
