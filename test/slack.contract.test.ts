/**
 * Contract tests: the real server, real signed HTTP requests (JSON events, form-encoded slash commands,
 * form-encoded `payload=` interactions), and a local fake of the Slack Web API recording what the bot sends.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { button, defineIntent } from '../src/core/intent.js';
import type { Card } from '../src/core/turn.js';
import {
  BOT_TOKEN,
  SIGNING_SECRET,
  blockAction,
  buttonsIn,
  command,
  dm,
  envelope,
  mention,
  postCommand,
  postEvent,
  postInteraction,
  signature,
  slackTs,
  startSlackServer,
  textIn,
  visibleText,
  type SlackHarness,
} from './helpers/slack.js';

const PNG = join(tmpdir(), `icc-chart-${process.pid}.png`);
writeFileSync(PNG, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));

/** A test-only intent to reach adapter paths the two real intents do not (huge replies, images, deliverTo). */
const probe = defineIntent({
  name: 'probe',
  description: 'intent.search.description',
  examples: [],
  commands: ['probe'],
  match: () => null,
  async handle(turn, _ctx, input) {
    const [what = ''] = input.text.split(' ');
    if (what === 'whoami') return [{ text: `locale=${turn.locale} tz=${turn.timeZone} kind=${turn.conversation.kind}` }];
    if (what === 'image') return [{ text: 'Your chart', image: { path: PNG, alt: 'A bar chart', title: 'Self-check' } }];
    if (what === 'intro') return [{ text: 'Introduction sent' }, { text: 'Hello both of you', deliverTo: { users: ['U0OTHER2'] } }];
    if (what === 'long') {
      const cards: Card[] = Array.from({ length: 40 }, (_, i) => ({
        title: `Practice ${i} ` + 'T'.repeat(400),
        url: `https://example.org/p/${i}?a=1&b=2`,
        subtitle: 'Somewhere · 2020',
        fields: [{ label: 'Areas', value: 'A'.repeat(2500) }],
        body: 'B'.repeat(5000),
        buttons: [button('L'.repeat(200), 'probe', 'like', { id: `p${i}` })],
      }));
      return [{ text: 'Many results\n' + 'x'.repeat(500), cards, buttons: [button('More results', 'probe', 'more', { big: 'y'.repeat(5000) })] }];
    }
    return [{ text: 'probe?' }];
  },
  async onAction(_turn, _ctx, action) {
    return [{ text: `got ${action.name} with ${JSON.stringify(action.data).length} characters of data` }];
  },
});

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackServer({}, { intents: [...intents, probe] });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.fake.reset();
});

const settle = async () => {
  await h.slack.idle();
};
const posts = () => h.fake.callsTo('chat.postMessage');

describe('Slack events', () => {
  it('answers a DM search with one chat.postMessage whose blocks name an anti-rumour practice', async () => {
    const res = await postEvent(h.base, dm('how did other cities run an anti-rumour campaign?'));
    expect(res.status).toBe(200);
    await settle();
    expect(posts()).toHaveLength(1);
    const [call] = posts();
    expect(call!.token).toBe(BOT_TOKEN);
    expect(call!.args.channel).toBe('D0USER1');
    expect(call!.args.thread_ts).toBeUndefined();
    const blocks = call!.args.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks[0]!.type).toBe('header');
    const sections = blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections.some((s) => /rumou?r/i.test(s))).toBe(true);
    // Title as a link to its source.
    expect(sections[0]).toMatch(/^\*<https?:\/\/[^|>]+\|[^>]+>\*/);
    const ids = buttonsIn(blocks).map((b) => b.action_id);
    expect(ids.some((id) => id.startsWith('icc:search:like:'))).toBe(true);
    expect(ids.some((id) => id.startsWith('icc:search:more:'))).toBe(true);
    // users.info with the locale, once.
    expect(h.fake.callsTo('users.info')[0]?.args).toMatchObject({ user: 'U0USER1', include_locale: 'true' });
  });

  it('acks before the slow work: the HTTP answer comes while chat.postMessage is still pending', async () => {
    const release = h.fake.hold('chat.postMessage');
    try {
      const res = await postEvent(h.base, dm('intercultural mediation practices'));
      expect(res.status).toBe(200);
      await h.fake.until(() => posts().length === 1);
    } finally {
      release();
    }
    await settle();
    expect(posts()).toHaveLength(1);
  });

  it('answers a mention in a channel in a thread under the mention', async () => {
    const ev = mention('anti-rumour campaign');
    const ts = (ev.event as { ts: string }).ts;
    expect((await postEvent(h.base, ev)).status).toBe(200);
    await settle();
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.args).toMatchObject({ channel: 'C0GENERAL', thread_ts: ts });
    expect(textIn(posts()[0]!.args.blocks)).toMatch(/rumou?r/i);
  });

  it('answers a mention inside a thread in that thread', async () => {
    const parent = slackTs();
    await postEvent(h.base, mention('welcoming newcomers', { thread_ts: parent }));
    await settle();
    expect(posts()[0]!.args.thread_ts).toBe(parent);
  });

  it('answers a retried event (X-Slack-Retry-Num) exactly once', async () => {
    const ev = dm('education practices in Norway');
    expect((await postEvent(h.base, ev)).status).toBe(200);
    await settle();
    expect(posts()).toHaveLength(1);
    const retry = await postEvent(h.base, ev, { retryNum: 1 });
    expect(retry.status).toBe(200);
    await postEvent(h.base, ev, { retryNum: 2 });
    await settle();
    expect(posts()).toHaveLength(1);
  });

  it('rejects a forged signature and a stale timestamp with 401 and processes nothing', async () => {
    const forged = await postEvent(h.base, dm('anti-rumour'), { signature: 'v0=' + 'a'.repeat(64) });
    expect(forged.status).toBe(401);
    const wrongSecret = await postEvent(h.base, dm('anti-rumour'), { secret: 'not-the-secret' });
    expect(wrongSecret.status).toBe(401);
    const stale = await postEvent(h.base, dm('anti-rumour'), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const future = await postEvent(h.base, dm('anti-rumour'), { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(future.status).toBe(401);
    const noHeaders = await fetch(`${h.base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(dm('x')) });
    expect(noHeaders.status).toBe(401);
    await settle();
    expect(h.fake.calls).toEqual([]);
  });

  it('answers url_verification with the challenge (when signed)', async () => {
    const res = await postEvent(h.base, { type: 'url_verification', token: 't', challenge: 'abc123' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });

  it('retries a 429 after Retry-After and then delivers the reply', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    expect((await postEvent(h.base, dm('anti-rumour campaign'))).status).toBe(200);
    await settle();
    const calls = posts();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(calls[1]!.args.blocks).toEqual(calls[0]!.args.blocks);
  });

  it('escapes user text echoed back, so <!channel> and <@U…> never ping anyone', async () => {
    // Slack delivers a typed @channel as <!channel>, and a literal "<b>" as &lt;b&gt;.
    await postEvent(h.base, dm('find <!channel> <@U0VICTIM> &lt;b&gt; zzqxwv'));
    await settle();
    expect(posts()).toHaveLength(1);
    const { blocks, text } = posts()[0]!.args as { blocks: unknown; text: string };
    // Everything Slack displays (button values are data, never shown).
    const all = visibleText(blocks) + text;
    expect(all).toContain('zzqxwv');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;@U0VICTIM&gt;');
    expect(all).toContain('&lt;b&gt;');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U0VICTIM>');
  });

  it('ignores bot messages, its own messages, edits, deletions, joins and unmentioned channel messages', async () => {
    const ts = slackTs();
    const events = [
      dm('anti-rumour', { bot_id: 'B0OTHER', subtype: 'bot_message', user: undefined }),
      dm('anti-rumour', { bot_id: 'B0OTHER', user: 'U0OTHERBOT' }),
      dm('anti-rumour', { user: 'UBOT' }),
      dm('', { subtype: 'message_changed', user: undefined, message: { text: 'anti-rumour', user: 'U0USER1', ts }, previous_message: { text: 'x', ts } }),
      dm('', { subtype: 'message_deleted', user: undefined, deleted_ts: ts }),
      envelope({ type: 'message', subtype: 'channel_join', channel: 'C0GENERAL', channel_type: 'channel', user: 'U0USER1', text: '<@U0USER1> has joined the channel', ts: slackTs() }),
      envelope({ type: 'message', channel: 'C0GENERAL', channel_type: 'channel', user: 'U0USER1', text: 'anti-rumour campaign', ts: slackTs() }),
      mention('anti-rumour', { bot_id: 'B0OTHER' }),
    ];
    for (const ev of events) expect((await postEvent(h.base, ev)).status).toBe(200);
    await settle();
    expect(posts()).toEqual([]);
    expect(h.fake.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('publishes the App Home on app_home_opened', async () => {
    await postEvent(h.base, envelope({ type: 'app_home_opened', user: 'U0USER1', channel: 'D0USER1', tab: 'home', event_ts: slackTs() }));
    await settle();
    const calls = h.fake.callsTo('views.publish');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args.user_id).toBe('U0USER1');
    const view = calls[0]!.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(textIn(view.blocks)).toContain('Find good practices');
    expect(buttonsIn(view.blocks).map((b) => b.action_id)).toContain('icc.search.open');
    expect(textIn(view.blocks)).not.toContain('overall');

    // With a city and a completed self-check, the home shows the city's summary (escaped).
    const scope = { platform: 'slack' as const, tenant: 'T1' };
    await h.server.app.stores.profile.set(scope, 'U0USER1', { city: 'oslo', updatedAt: new Date().toISOString() });
    await h.server.app.stores.store
      .namespace('selfcheck-result')
      .set(scope, 'oslo|2026-11-02T10:00:00.000Z', { city: 'oslo', completedAt: '2026-11-02T10:00:00.000Z', overall: 61.6, areas: { education: 75, language: 20 }, user: 'U0USER1', kind: 'quick' });
    h.fake.calls.length = 0;
    await postEvent(h.base, envelope({ type: 'app_home_opened', user: 'U0USER1', channel: 'D0USER1', tab: 'home', event_ts: slackTs() }));
    await settle();
    const home = h.fake.callsTo('views.publish')[0]!.args.view as { blocks: unknown[] };
    expect(textIn(home.blocks)).toContain('Oslo, self-check of 2026-11-02: overall 62/100; weakest area: Language (20).');
    expect(textIn(home.blocks)).toContain('Indicative self-check, not the official ICC Index.');
    h.fake.calls.length = 0;
    // The Messages tab needs nothing.
    await postEvent(h.base, envelope({ type: 'app_home_opened', user: 'U0USER1', channel: 'D0USER1', tab: 'messages', event_ts: slackTs() }));
    await settle();
    expect(h.fake.callsTo('views.publish')).toHaveLength(0);
  });

  it('fills Turn.locale and Turn.timeZone from users.info, cached in the store', async () => {
    h.fake.users.set('U0FRENCH', { locale: 'fr-FR', tz: 'Europe/Paris' });
    await postEvent(h.base, dm('/icc probe whoami', { user: 'U0FRENCH' }));
    await settle();
    await postEvent(h.base, dm('/icc probe whoami', { user: 'U0FRENCH' }));
    await settle();
    expect(posts()).toHaveLength(2);
    expect(textIn(posts()[0]!.args.blocks)).toContain('locale=fr-FR tz=Europe/Paris kind=dm');
    expect(h.fake.callsTo('users.info').filter((c) => c.args.user === 'U0FRENCH')).toHaveLength(1);
  });
});

describe('Slack slash command', () => {
  it('answers /icc search ephemerally through the response_url, with a Share button', async () => {
    const res = await postCommand(h.base, command('search intercultural mediation', h.fake.responseUrl('cmd1')));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await settle();
    expect(posts()).toEqual([]);
    expect(h.fake.responses).toHaveLength(1);
    const body = h.fake.responses[0]!.body as { response_type: string; blocks: unknown };
    expect(body.response_type).toBe('ephemeral');
    expect(textIn(body.blocks)).toMatch(/mediat/i);
    expect(buttonsIn(body.blocks).map((b) => b.action_id)).toContain('icc.share');
  });

  it('shows help for /icc alone, ephemerally', async () => {
    await postCommand(h.base, command('', h.fake.responseUrl()));
    await settle();
    expect(h.fake.responses).toHaveLength(1);
    expect(h.fake.responses[0]!.body.response_type).toBe('ephemeral');
    expect(textIn(h.fake.responses[0]!.body.blocks)).toContain('/icc search');
  });

  it('shares an ephemeral result to the channel and removes the ephemeral copy', async () => {
    await postCommand(h.base, command('search anti-rumour', h.fake.responseUrl('c2')));
    await settle();
    const share = buttonsIn(h.fake.responses[0]!.body.blocks).find((b) => b.action_id === 'icc.share')!;
    h.fake.reset();
    const responseUrl = h.fake.responseUrl('c2-action');
    await postInteraction(h.base, blockAction(share, { type: 'message', message_ts: slackTs(), channel_id: 'C0GENERAL', is_ephemeral: true }, { response_url: responseUrl }));
    await settle();
    expect(posts()).toHaveLength(1);
    const shared = posts()[0]!.args as { channel: string; blocks: unknown };
    expect(shared.channel).toBe('C0GENERAL');
    expect(textIn(shared.blocks)).toMatch(/rumou?r/i);
    expect(textIn(shared.blocks)).toContain('Shared by <@U0USER1>');
    expect(buttonsIn(shared.blocks).map((b) => b.action_id)).not.toContain('icc.share');
    expect(h.fake.responses.map((r) => r.body)).toEqual([{ delete_original: true }]);
  });

  it('says politely when it cannot share into the channel', async () => {
    await postCommand(h.base, command('search anti-rumour', h.fake.responseUrl()));
    await settle();
    const share = buttonsIn(h.fake.responses[0]!.body.blocks).find((b) => b.action_id === 'icc.share')!;
    h.fake.reset();
    h.fake.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await postInteraction(h.base, blockAction(share, { type: 'message', message_ts: slackTs(), channel_id: 'C0GENERAL', is_ephemeral: true }, { response_url: h.fake.responseUrl() }));
    await settle();
    expect(h.fake.responses).toHaveLength(1);
    expect(h.fake.responses[0]!.body.response_type).toBe('ephemeral');
    expect(textIn(h.fake.responses[0]!.body.blocks)).toContain('Invite me');
  });
});

describe('Slack buttons', () => {
  async function dmSearch(text: string) {
    await postEvent(h.base, dm(text));
    await settle();
    const call = posts().at(-1)!;
    const ts = 'ts' in call.args ? String(call.args.ts) : slackTs();
    return { blocks: call.args.blocks, ts };
  }

  it('"More results" updates the message in place with chat.update', async () => {
    const { blocks } = await dmSearch('anti-rumour campaign');
    const more = buttonsIn(blocks).find((b) => b.action_id.startsWith('icc:search:more:'))!;
    expect(more).toBeDefined();
    h.fake.reset();
    const messageTs = slackTs();
    const res = await postInteraction(h.base, blockAction(more, { type: 'message', message_ts: messageTs, channel_id: 'D0USER1', is_ephemeral: false }, { response_url: h.fake.responseUrl() }));
    expect(res.status).toBe(200);
    await settle();
    expect(posts()).toEqual([]);
    const updates = h.fake.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args).toMatchObject({ channel: 'D0USER1', ts: messageTs });
    expect(textIn(updates[0]!.args.blocks)).toMatch(/Showing 6/);
  });

  it('"More like this" updates the message in place too', async () => {
    const { blocks } = await dmSearch('anti-rumour campaign');
    const like = buttonsIn(blocks).find((b) => b.action_id.startsWith('icc:search:like:'))!;
    h.fake.reset();
    await postInteraction(h.base, blockAction(like, { type: 'message', message_ts: slackTs(), channel_id: 'D0USER1', is_ephemeral: false }));
    await settle();
    expect(h.fake.callsTo('chat.update')).toHaveLength(1);
    expect(posts()).toEqual([]);
  });

  it('"More results" on an ephemeral result replaces it through the response_url', async () => {
    await postCommand(h.base, command('search anti-rumour campaign', h.fake.responseUrl()));
    await settle();
    const more = buttonsIn(h.fake.responses[0]!.body.blocks).find((b) => b.action_id.startsWith('icc:search:more:'))!;
    h.fake.reset();
    await postInteraction(h.base, blockAction(more, { type: 'message', message_ts: slackTs(), channel_id: 'C0GENERAL', is_ephemeral: true }, { response_url: h.fake.responseUrl() }));
    await settle();
    expect(h.fake.callsTo('chat.update')).toEqual([]);
    expect(h.fake.responses).toHaveLength(1);
    expect(h.fake.responses[0]!.body.replace_original).toBe(true);
    expect(buttonsIn(h.fake.responses[0]!.body.blocks).map((b) => b.action_id)).toContain('icc.share');
  });

  it('answers stale or forged button payloads politely, never crashing', async () => {
    const container = { type: 'message', message_ts: slackTs(), channel_id: 'D0USER1', is_ephemeral: false };
    const forged = [
      { action_id: 'icc:search:more:0', value: '{"q":1,"o":"x"}' },
      { action_id: 'icc:search:more:0', value: 'not json' },
      { action_id: 'icc:search:more:0', value: '[1,2]' },
      { action_id: 'icc:nosuchintent:go:0', value: '{}' },
      { action_id: 'icc:search:more:0', value: 'ref:00000000-0000-0000-0000-000000000000' },
      { action_id: 'something-else', value: 'x' },
      { action_id: 'icc.share', value: '../../etc' },
    ];
    for (const b of forged) expect((await postInteraction(h.base, blockAction(b, container))).status).toBe(200);
    await settle();
    expect(posts()).toHaveLength(forged.length);
    for (const p of posts()) expect(textIn(p.args.blocks)).toContain('expired or is no longer valid');
  });

  it('keeps oversize button data in the store and gets it back on click', async () => {
    await postEvent(h.base, dm('/icc probe long'));
    await settle();
    const more = buttonsIn(posts()[0]!.args.blocks).find((b) => b.action_id.startsWith('icc:probe:more:'))!;
    expect(more.value).toMatch(/^ref:/);
    h.fake.reset();
    await postInteraction(h.base, blockAction(more, { type: 'message', message_ts: slackTs(), channel_id: 'D0USER1', is_ephemeral: false }));
    await settle();
    expect(textIn(posts()[0]!.args.blocks)).toContain('got more with 5010 characters of data');
  });

  it('sends suggested replies back as text', async () => {
    await postEvent(h.base, dm('help'));
    await settle();
    const choice = buttonsIn(posts()[0]!.args.blocks).find((b) => b.action_id.startsWith('icc.choice:'))!;
    expect(choice.value).toMatch(/anti-rumour/);
    h.fake.reset();
    await postInteraction(h.base, blockAction(choice, { type: 'message', message_ts: slackTs(), channel_id: 'D0USER1', is_ephemeral: false }));
    await settle();
    expect(textIn(posts()[0]!.args.blocks)).toMatch(/rumou?r/i);
  });
});

describe('Slack App Home and search modal', () => {
  it('opens the search modal from App Home and posts the results in the DM', async () => {
    const open = await postInteraction(h.base, blockAction({ action_id: 'icc.search.open' }, { type: 'view', view_id: 'V1' }));
    expect(open.status).toBe(200);
    await settle();
    const opened = h.fake.callsTo('views.open');
    expect(opened).toHaveLength(1);
    const view = opened[0]!.args.view as { callback_id: string; blocks: Array<{ block_id: string }> };
    expect(view.callback_id).toBe('icc_search_modal');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['q', 'area', 'country']);

    const submit = {
      type: 'view_submission',
      team: { id: 'T1', domain: 'test' },
      user: { id: 'U0USER1', username: 'someone', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: `${Date.now()}.1.abc`,
      view: {
        id: 'V2',
        callback_id: 'icc_search_modal',
        state: { values: { q: { value: { type: 'plain_text_input', value: 'mediation' } }, area: { value: { type: 'static_select', selected_option: null } }, country: { value: { type: 'static_select', selected_option: { value: 'Spain' } } } } },
      },
    };
    const res = await postInteraction(h.base, submit);
    expect(res.status).toBe(200);
    await settle();
    expect(h.fake.callsTo('conversations.open')[0]!.args.users).toBe('U0USER1');
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.args.channel).toBe('DU0USER1');
    expect(textIn(posts()[0]!.args.blocks)).toContain('Spain');
  });

  it('shows an error in the modal when nothing was filled in', async () => {
    const res = await postInteraction(h.base, {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U0USER1', team_id: 'T1' },
      trigger_id: `${Date.now()}.2.abc`,
      view: { id: 'V3', callback_id: 'icc_search_modal', state: { values: { q: { value: { type: 'plain_text_input', value: '  ' } } } } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { q: expect.stringContaining('Type a topic') } });
    await settle();
    expect(posts()).toEqual([]);
  });

  it('opens the modal within the trigger_id lifetime even when users.info is slow', async () => {
    const release = h.fake.hold('users.info');
    try {
      const started = Date.now();
      await postInteraction(h.base, { type: 'shortcut', callback_id: 'icc_search', trigger_id: `${Date.now()}.4.abc`, team: { id: 'T1' }, user: { id: 'U0SLOWPOKE', team_id: 'T1' } });
      await h.fake.until(() => h.fake.callsTo('views.open').length === 1, 2500);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(h.fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0SLOWPOKE']);
    } finally {
      release();
    }
    await settle();
  });

  it('opens the modal from the global shortcut', async () => {
    await postInteraction(h.base, { type: 'shortcut', callback_id: 'icc_search', trigger_id: `${Date.now()}.3.abc`, team: { id: 'T1' }, user: { id: 'U0USER1', team_id: 'T1' } });
    await settle();
    expect(h.fake.callsTo('views.open')).toHaveLength(1);
  });
});

describe('Slack adapter limits, images and outbound delivery', () => {
  it('keeps very long replies within Block Kit limits, cut cleanly with the "More results" button kept', async () => {
    await postEvent(h.base, dm('/icc probe long'));
    await settle();
    const blocks = posts()[0]!.args.blocks as Array<Record<string, unknown>>;
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) {
      const texts = [b.text, ...((b.elements as unknown[]) ?? []), (b.accessory as { text?: unknown })?.text].filter(Boolean) as Array<{ text?: string }>;
      for (const t of texts) if (typeof t.text === 'string') expect(t.text.length).toBeLessThanOrEqual(b.type === 'header' ? 150 : 3000);
    }
    for (const btn of buttonsIn(blocks)) {
      expect(btn.text.text.length).toBeLessThanOrEqual(75);
      expect(btn.action_id.length).toBeLessThanOrEqual(255);
      expect((btn.value ?? '').length).toBeLessThanOrEqual(2000);
    }
    expect(textIn(blocks)).toMatch(/more results are not shown here/);
    expect(buttonsIn(blocks).at(-1)!.text.text).toBe('More results');
  });

  it('uploads a reply image with files.uploadV2', async () => {
    await postEvent(h.base, dm('/icc probe image'));
    await settle();
    expect(posts()).toHaveLength(1);
    expect(h.fake.callsTo('files.getUploadURLExternal')[0]!.args).toMatchObject({ filename: expect.stringMatching(/\.png$/), alt_text: 'A bar chart' });
    expect(h.fake.uploads).toHaveLength(1);
    expect(h.fake.uploads[0]!.bytes).toBeGreaterThan(0);
    expect(h.fake.callsTo('files.completeUploadExternal')[0]!.args).toMatchObject({ channel_id: 'D0USER1' });
  });

  it('delivers replies addressed to other users through the sender (conversations.open)', async () => {
    await postEvent(h.base, dm('/icc probe intro'));
    await settle();
    const opened = h.fake.callsTo('conversations.open');
    expect(opened.map((c) => String(c.args.users).split(',').sort())).toContainEqual(['U0OTHER2', 'U0USER1']);
    const channels = posts().map((p) => p.args.channel);
    expect(channels).toHaveLength(2);
    expect(channels).toContain('D0USER1');
    const group = posts().find((p) => String(p.args.channel).startsWith('G'))!;
    expect(textIn(group.args.blocks)).toContain('Hello both of you');
  });

  it('sends proactive messages through the registered Slack sender, mapping failures to SendError reasons', async () => {
    const address = { platform: 'slack' as const, tenant: 'T1', conversation: 'C0NUDGES', kind: 'channel' as const };
    await h.server.senders.send(address, [{ text: 'Weekly nudge' }]);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.args.channel).toBe('C0NUDGES');
    h.fake.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await expect(h.server.senders.send(address, [{ text: 'again' }])).rejects.toMatchObject({ name: 'SlackCallError', reason: 'gone' });
  });

  it('never writes the bot token or the signing secret to the logs', async () => {
    await postEvent(h.base, dm('anti-rumour'));
    await settle();
    const all = h.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(signature('x', 1)).not.toContain(SIGNING_SECRET);
  });
});
