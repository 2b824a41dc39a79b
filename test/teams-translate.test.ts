/** The Teams translators on recorded activities (test/fixtures/teams): Activity -> Turn, Reply -> Adaptive Card. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerQuery } from '../src/adapters/teams/messaging-extension.js';
import { escapeMarkdown, renderReply, replyCard, safeUrl, textBlocks } from '../src/adapters/teams/render.js';
import { addressOf, htmlToText, invokeTurn, splitConversationId, stripBotMention, submissionOf, toTurn } from '../src/adapters/teams/to-turn.js';
import { isWelcomeActivity } from '../src/adapters/teams/welcome.js';
import type { Reply } from '../src/core/turn.js';
import { fixture } from './helpers/teams.js';
import { cardActions, cardText } from './helpers/teams.js';
import { testApp } from './helpers/app.js';

const t = (key: string, vars?: Record<string, unknown>) => `${key}${vars ? JSON.stringify(vars) : ''}`;
const counter = () => {
  let n = 0;
  return () => `sid-${String(++n).padStart(4, '0')}`;
};

describe('toTurn (Activity -> Turn)', () => {
  it('personal message: text, user, tenant, locale, time zone and a dm address with the reference', () => {
    const turn = toTurn(fixture('personal-message'))!;
    expect(turn).toMatchObject({
      platform: 'teams',
      tenant: '00000000-0000-0000-0000-0000000000001',
      user: { id: 'user-id-0', name: 'Alex Wilber' },
      text: 'how did other cities run an anti-rumour campaign?',
      locale: 'en-US',
      timeZone: 'UTC',
      conversation: { platform: 'teams', conversation: 'bbc4c6ff-590a-4878-883a-50fa461b1e46', kind: 'dm' },
    });
    expect(turn.action).toBeUndefined();
    const ref = JSON.parse(turn.conversation.ref!);
    expect(ref).toMatchObject({ channelId: 'msteams', serviceUrl: 'http://localhost:56150/_connector', bot: { id: '00000000-0000-0000-0000-00000000000011' } });
    expect(ref.user).toBeUndefined();
  });

  it('channel mention: mention stripped, thread split from the conversation id', () => {
    const turn = toTurn(fixture('channel-mention'))!;
    expect(turn.text).toBe('how did other cities run an anti-rumour campaign?');
    expect(turn.conversation).toMatchObject({ conversation: 'team-id', thread: '1795936652044', kind: 'channel' });
    expect(JSON.parse(turn.conversation.ref!).conversation.id).toBe('team-id');
  });

  it('channel and group messages that do not mention the bot are noise; a bare mention is an empty question', () => {
    expect(toTurn(fixture('channel-mention', { entities: [], text: 'lunch anyone?' }))).toBeNull();
    const group = fixture('channel-mention', { conversation: { isGroup: true, conversationType: 'groupChat', tenantId: 'T', id: '19:group@thread.v2' }, entities: [], text: 'hi all' });
    expect(toTurn(group)).toBeNull();
    expect(toTurn({ ...group, text: '<at>Test Bot</at>', entities: fixture('channel-mention').entities })).toMatchObject({ text: '', conversation: { kind: 'group' } });
  });

  it("other people's mentions keep their names; &nbsp; becomes a space", () => {
    const a = fixture('channel-mention', { text: '<at>Test Bot</at> ask&nbsp;<at>Maria Ruiz</at> about mediation' });
    expect(stripBotMention(a)).toEqual({ text: 'ask Maria Ruiz about mediation', mentioned: true });
  });

  it('card submit: our envelope becomes the ActionInput; a suggested reply becomes text', () => {
    const submit = fixture('card-submit');
    expect(submissionOf(submit)?.sid).toBe('64f0d87a-f44f-4d29-b101-566ff458c985');
    expect(toTurn(submit)).toMatchObject({ action: { intent: 'search', name: 'like', data: { id: 'donostia-berdin-discrimination-police-training' } } });
    expect(toTurn(submit)!.text).toBeUndefined();
    const choice = fixture('card-submit', { value: { icc: { sid: 'sid-00000001', text: 'education practices in Norway' } } });
    expect(toTurn(choice)).toMatchObject({ text: 'education practices in Norway' });
    expect(toTurn(choice)!.action).toBeUndefined();
    // In a channel the submit needs no mention.
    expect(toTurn(fixture('channel-card-submit'))).toMatchObject({ action: { name: 'like' }, conversation: { kind: 'channel', thread: '1795936652044' } });
  });

  it('foreign or malformed card data, inserted cards, the bot itself and other activity types give null', () => {
    expect(toTurn(fixture('card-submit', { value: { something: 'else' } }))).toBeNull();
    expect(toTurn(fixture('card-submit', { value: { icc: { sid: 'x', action: { intent: 'search' } } } }))).toBeNull();
    expect(toTurn(fixture('compose-card-message'))).toBeNull();
    const self = fixture('personal-message');
    expect(toTurn({ ...self, from: self.recipient })).toBeNull();
    expect(toTurn(fixture('personal-message', { text: '   ' }))).toBeNull();
    expect(toTurn(fixture('conversation-update'))).toBeNull();
    expect(toTurn(fixture('compose-extension-query'))).toBeNull();
  });

  it('conversation ids and addresses', () => {
    expect(splitConversationId('19:abc@thread.tacv2;messageid=1616')).toEqual({ id: '19:abc@thread.tacv2', thread: '1616' });
    expect(splitConversationId('a:1x2y')).toEqual({ id: 'a:1x2y' });
    expect(addressOf(fixture('installation-update'))).toMatchObject({ kind: 'dm', tenant: '00000000-0000-0000-0000-0000000000001' });
  });

  it('welcome activities: the bot added (conversationUpdate) or installed (installationUpdate add)', () => {
    expect(isWelcomeActivity(fixture('conversation-update'))).toBe(true);
    expect(isWelcomeActivity(fixture('installation-update'))).toBe(true);
    expect(isWelcomeActivity(fixture('installation-update', { action: 'remove' }))).toBe(false);
    expect(isWelcomeActivity(fixture('conversation-update', { membersAdded: [{ id: 'user-id-0' }] }))).toBe(false);
  });
});

describe('render (Reply -> Adaptive Card 1.5)', () => {
  const results: Reply = {
    text: '2 practices for “[x](https://evil.example) **now** <at>Boss</at>”\nShowing 1–2 of 2',
    cards: [
      {
        title: 'Barcelona anti-rumour strategy',
        url: 'https://example.org/a (b)',
        subtitle: 'Barcelona, Spain · 2010',
        fields: [{ label: 'Areas', value: 'Anti-discrimination' }],
        body: 'Volunteers trained as anti-rumour agents.',
        buttons: [{ label: 'More like this', action: { intent: 'search', name: 'like', data: { id: 'bcn' } } }],
      },
      { title: 'No link [here]', url: 'javascript:alert(1)' },
    ],
    buttons: [{ label: 'More results', action: { intent: 'search', name: 'more', data: { q: 'x', o: 5 } }, style: 'primary' }],
    choices: ['help'],
  };

  it('a results reply: linked title, subtitle, facts, summary, buttons with unique submission ids', () => {
    const card = replyCard(results, { t, newSubmissionId: counter() });
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(card.msteams).toBeUndefined(); // full width is not supported by the Agents Playground
    const text = cardText(card);
    expect(text).toContain('[Barcelona anti-rumour strategy](https://example.org/a%20%28b%29)');
    expect(text).toContain('Barcelona, Spain · 2010');
    expect(text).toContain('Areas: Anti-discrimination');
    expect(text).toContain('Volunteers trained as anti-rumour agents.');
    expect(text).toContain('No link \\[here\\]'); // javascript: URLs are dropped, brackets escaped
    expect(text).not.toContain('javascript:');
    const actions = cardActions(card);
    expect(actions.map((a) => [a.type, a.title, a.data.icc.sid])).toEqual([
      ['Action.Submit', 'More like this', 'sid-0001'],
      ['Action.Submit', 'More results', 'sid-0002'],
      ['Action.Submit', 'help', 'sid-0003'],
    ]);
    expect(actions[0].data.icc.action).toEqual({ intent: 'search', name: 'like', data: { id: 'bcn' } });
    expect(actions[1].style).toBe('positive');
    expect(actions[2].data.icc).toEqual({ sid: 'sid-0003', text: 'help' });
  });

  it('user text cannot inject links, formatting or mentions, and each line is its own TextBlock', () => {
    const blocks = textBlocks(results.text!);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.text).toBe('2 practices for “\\[x\\](https://evil.example) \\*\\*now\\*\\* \\<at\\>Boss\\</at\\>”');
    expect(escapeMarkdown('- item\n1. first\n# head\u202e')).toBe('\\- item\n1\\. first\n\\# head');
    expect(safeUrl('https://a.example/x y')).toBe('https://a.example/x%20y');
    expect(safeUrl('data:text/html,hi')).toBeUndefined();
  });

  it('escapeMarkdown returns exactly what the four replaces give, for any text (its no-op shortcut changes nothing)', () => {
    const reference = (s: string) =>
      s
        // eslint-disable-next-line no-control-regex -- the reference strips control characters too
        .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
        .replace(/[\\`*_~[\]<>#|]/g, '\\$&')
        .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2')
        .replace(/^(\s*\d+)([.)])(?=\s)/gm, '$1\\$2');
    const pieces = fc.constantFrom('a', 'Z', ' ', '\t', '\n', '\r', '-', '+', '1', '42', '.', ')', '*', '[', ']', '<', '#', '|', '\\', '\u0001', '\u0085', '\u202e', '\u2067', 'é', '“');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const s = parts.join('');
        expect(escapeMarkdown(s)).toBe(reference(s));
      }),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => escapeMarkdown(s) === reference(s)));
  });

  it('a message value without our envelope is no submission', () => {
    for (const value of [undefined, null, 'icc', 42, {}, { other: 1 }, []]) expect(submissionOf({ value })).toBeUndefined();
    expect(submissionOf({ value: { icc: { sid: 'short' } } })).toBeUndefined();
  });

  it('a message activity with one card; buttons can be left out (messaging-extension cards)', () => {
    const activity = renderReply(results, { t });
    expect(activity.type).toBe('message');
    expect(activity.attachments).toHaveLength(1);
    expect(activity.attachments![0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardActions(replyCard(results, { t, buttons: false }))).toHaveLength(0);
  });

  it('more than five actions are split into several action sets', () => {
    const many: Reply = { text: 'pick', choices: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] };
    const sets = (replyCard(many, { t }).body as any[]).filter((e) => e.type === 'ActionSet');
    expect(sets.map((s) => s.actions.length)).toEqual([5, 2]);
  });

  it('a small PNG is inlined as a data: URI; a large one becomes its caption', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-img-'));
    const small = join(dir, 'chart.png');
    const bytes = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    writeFileSync(small, bytes);
    const card = replyCard({ text: 'Your profile', image: { path: small, alt: 'Radar chart', title: 'Self-check' } }, { t });
    const image = (card.body as any[]).find((e) => e.type === 'Image');
    expect(image.altText).toBe('Radar chart');
    expect(Buffer.from(image.url.replace(/^data:image\/png;base64,/, ''), 'base64')).toEqual(bytes);

    const big = join(dir, 'big.png');
    writeFileSync(big, Buffer.alloc(64 * 1024));
    const fallback = replyCard({ image: { path: big, alt: 'Radar chart', title: 'Self-check' } }, { t });
    expect((fallback.body as any[]).some((e) => e.type === 'Image')).toBe(false);
    expect(cardText(fallback)).toContain('teams.imageNotShown');
  });
});

describe('messaging extension (composeExtension/query -> invoke response)', () => {
  it('answers the recorded query with practice cards and thumbnail previews', async () => {
    const app = await testApp();
    try {
      const tr = app.bot.deps.i18n.translator('en');
      const res = answerQuery(fixture('compose-extension-query').value, { search: app.search, t: tr });
      if (res.composeExtension.type !== 'result') throw new Error('expected results');
      expect(res.composeExtension.attachments.length).toBeGreaterThan(0);
      expect((res.composeExtension.attachments[0] as any).preview.content.title).toMatch(/anti-rumou?r/i);
      expect(answerQuery({ commandId: 'other', parameters: [] }, { search: app.search, t: tr }).composeExtension.type).toBe('message');
      const none = answerQuery({ commandId: 'searchPractices', parameters: [{ name: 'query', value: 'zzqqxx' }] }, { search: app.search, t: tr });
      expect(none.composeExtension).toMatchObject({ type: 'message', text: 'I found no practice for “zzqqxx”.' });
    } finally {
      await app.close();
    }
  });
});

describe('Teams message action (the recorded-shape invoke)', () => {
  it('reads the message body as text: paragraphs and breaks as lines, tags dropped, entities decoded once', () => {
    const fetch = fixture('message-action-fetch-task');
    expect(htmlToText(fetch.value.messagePayload.body.content)).toBe('Our language café meets every Tuesday & Thursday.\nNeighbours teach each other.\nOpen to all.');
    expect(htmlToText('<div><at>Megan</at> said &lt;b&gt;hi&lt;/b&gt; &amp;amp; &#8364;&#x1F600;&nbsp;!</div><ul><li>one</li><li>two</li></ul>')).toBe('Megan said <b>hi</b> &amp; €😀 !\none\ntwo');
  });

  it('makes a Turn for an action in the conversation of the invoke', () => {
    const turn = invokeTurn(fixture('message-action-fetch-task'), { intent: 'propose', name: 'start', data: {} });
    expect(turn).toMatchObject({ platform: 'teams', tenant: '00000000-0000-0000-0000-0000000000001', user: { id: 'user-id-0', name: 'Alex Wilber' }, conversation: { kind: 'channel', conversation: '19:team-channel@thread.tacv2', thread: '1795936652044' }, action: { intent: 'propose', name: 'start' } });
    expect(turn?.text).toBeUndefined();
  });
});
