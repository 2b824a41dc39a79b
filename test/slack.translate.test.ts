/** Translator tests: Slack payloads (shaped like Slack's documented examples) -> Turn, and Reply -> Block Kit. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAction, encodeValue, intentActionId, LIMITS } from '../src/adapters/slack/actions.js';
import { readSearchModal, searchModal } from '../src/adapters/slack/modal.js';
import { clipEscaped, escapeText, renderReply, safeUrl, splitEscaped, type Block } from '../src/adapters/slack/render.js';
import { blockActionToPress, commandToTurn, eventToTurn, homeOpened, interactionWho, messageShortcutOf, plainText, pressToTurn } from '../src/adapters/slack/to-turn.js';
import { button } from '../src/core/intent.js';
import type { Card, Reply } from '../src/core/turn.js';
import { buttonsIn, visibleText } from './helpers/slack.js';
import { ROOT } from './helpers/app.js';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'slack', `${name}.json`), 'utf8')) as Record<string, unknown>;
const self = { botUserId: 'U0LAN0Z89', botId: 'B0LAN0Z89' };
const t = (key: string, vars?: Record<string, unknown>) => (vars ? `${key} ${JSON.stringify(vars)}` : key);
const noSpill = () => {
  throw new Error('unexpected spill');
};

describe('eventToTurn', () => {
  it('turns a message.im into a DM turn with decoded text', () => {
    const turn = eventToTurn(fixture('message-im'), self, new Date('2024-01-01T00:00:00Z'))!;
    expect(turn).toMatchObject({
      id: 'Ev0PV52K21',
      platform: 'slack',
      tenant: 'T061EG9R6',
      user: { id: 'U2147483697' },
      conversation: { platform: 'slack', tenant: 'T061EG9R6', conversation: 'D024BE91L', kind: 'dm' },
    });
    expect(turn.conversation.thread).toBeUndefined();
    expect(turn.text).toBe('Hello hello can you hear me? Any anti-rumour campaigns & tools <here>? See the report in #general');
  });

  it('turns an app_mention into a channel turn threaded under the mention, without the bot mention', () => {
    const turn = eventToTurn(fixture('app-mention'), self)!;
    expect(turn.text).toBe('is it everything a river should be?');
    expect(turn.conversation).toEqual({ platform: 'slack', tenant: 'T061EG9R6', conversation: 'C0LAN2Q65', kind: 'channel', thread: '1515449522.000016', ref: 'enterprise:E0ENTERPR' });
  });

  it('keeps the thread of a mention made inside a thread', () => {
    const body = fixture('app-mention');
    (body.event as Record<string, unknown>).thread_ts = '1515449000.000001';
    expect(eventToTurn(body, self)!.conversation.thread).toBe('1515449000.000001');
  });

  it('returns null for edits, deletions, joins, bot messages, its own messages and unmentioned channel messages', () => {
    for (const name of ['message-changed', 'message-deleted', 'channel-join', 'bot-message']) expect(eventToTurn(fixture(name), self), name).toBeNull();
    const own = fixture('message-im');
    (own.event as Record<string, unknown>).user = self.botUserId;
    expect(eventToTurn(own, self)).toBeNull();
    const otherBot = fixture('message-im');
    (otherBot.event as Record<string, unknown>).bot_id = 'B999';
    expect(eventToTurn(otherBot, self)).toBeNull();
    const inChannel = fixture('message-im');
    Object.assign(inChannel.event as Record<string, unknown>, { channel: 'C024BE7LR', channel_type: 'channel' });
    expect(eventToTurn(inChannel, self)).toBeNull();
    expect(eventToTurn({ type: 'event_callback', event_id: 'x', event: { type: 'reaction_added' } }, self)).toBeNull();
    expect(eventToTurn('not an object', self)).toBeNull();
  });

  it('still answers a file shared with text in a DM', () => {
    const body = fixture('message-im');
    (body.event as Record<string, unknown>).subtype = 'file_share';
    expect(eventToTurn(body, self)).not.toBeNull();
  });

  it('leaves typed mentions in the text (the renderer escapes them when echoed)', () => {
    expect(plainText('hi <!channel> and <@U123> &amp; &lt;b&gt;')).toBe('hi <!channel> and <@U123> & <b>');
  });
});

describe('commandToTurn', () => {
  it('turns /icc <text> into a turn the router reads as a command, with the response_url', () => {
    const r = commandToTurn(fixture('slash-command'))!;
    expect(r.responseUrl).toBe('https://hooks.slack.com/commands/1234/5678');
    expect(r.turn).toMatchObject({
      platform: 'slack',
      tenant: 'T0001',
      user: { id: 'U2147483697' },
      conversation: { conversation: 'C2147483705', kind: 'channel', ref: 'enterprise:E0001' },
      text: '/icc search   intercultural mediation & links',
    });
  });

  it('reads /icc alone as the bare command and rejects malformed payloads', () => {
    expect(commandToTurn({ ...fixture('slash-command'), text: '' })!.turn.text).toBe('/icc');
    expect(commandToTurn({ ...fixture('slash-command'), channel_id: 'D024BE91L' })!.turn.conversation.kind).toBe('dm');
    expect(commandToTurn({ ...fixture('slash-command'), response_url: 'not a url' })).toBeNull();
    expect(commandToTurn({ text: 'x' })).toBeNull();
  });
});

describe('blockActionToPress', () => {
  it('reads a button in a threaded channel message', () => {
    const press = blockActionToPress(fixture('block-actions-message'))!;
    expect(press).toMatchObject({
      tenant: 'T0001',
      user: 'U2147483697',
      source: { kind: 'message', messageTs: '1548261231.000200', ephemeral: false, responseUrl: 'https://hooks.slack.com/actions/T0001/1234/abcd' },
      action: { kind: 'intent', intent: 'search', name: 'more', data: { q: 'anti-rumour', o: 5 } },
    });
    expect(press.source.kind === 'message' && press.source.address).toMatchObject({ conversation: 'C2147483705', kind: 'channel', thread: '1548261200.000100' });
    const turn = pressToTurn(press, press.source.kind === 'message' ? press.source.address : (undefined as never));
    expect(turn.action).toEqual({ intent: 'search', name: 'more', data: { q: 'anti-rumour', o: 5 } });
    expect(turn.text).toBeUndefined();
  });

  it('reads the share button of an ephemeral message', () => {
    const press = blockActionToPress(fixture('block-actions-ephemeral'))!;
    expect(press.source).toMatchObject({ kind: 'message', ephemeral: true });
    expect(press.action).toEqual({ kind: 'share', id: '6f1c5e0e-3a7b-4c1e-9d55-2f0f8b1a9c01' });
    expect(press.enterpriseId).toBe('E0001');
  });

  it('reads an App Home button as a press without a conversation; a choice becomes text', () => {
    const press = blockActionToPress(fixture('block-actions-home'))!;
    expect(press.source).toEqual({ kind: 'view' });
    expect(press.fromHome).toBe(true);
    expect(blockActionToPress(fixture('block-actions-message'))!.fromHome).toBeUndefined();
    expect(press.action).toEqual({ kind: 'choice', text: 'education practices in Norway' });
    const turn = pressToTurn(press, { platform: 'slack', tenant: 'T0001', conversation: 'D1', kind: 'dm' });
    expect(turn.text).toBe('education practices in Norway');
    expect(turn.action).toBeUndefined();
  });

  it('marks forged or stale values invalid instead of throwing', () => {
    const body = fixture('block-actions-message');
    const press = (action: Record<string, unknown>) => blockActionToPress({ ...body, actions: [action] })!.action;
    expect(press({ action_id: 'icc:search:more:0', value: '{' }).kind).toBe('invalid');
    expect(press({ action_id: 'icc:search:more:0', value: '"string"' }).kind).toBe('invalid');
    expect(press({ action_id: 'icc:search:more:0' }).kind).toBe('invalid');
    expect(press({ action_id: 'icc:Search:more:0', value: '{}' }).kind).toBe('invalid');
    expect(press({ action_id: 'icc:search:more:0:extra', value: '{}' }).kind).toBe('invalid');
    expect(press({ action_id: 'x'.repeat(300), value: '{}' }).kind).toBe('invalid');
    expect(press({ action_id: 'icc:search:more:0', value: 'ref:..%2F' }).kind).toBe('invalid');
    expect(press({ action_id: 'icc.share', value: '' }).kind).toBe('invalid');
    expect(blockActionToPress({ ...body, actions: [] })).toBeNull();
    expect(blockActionToPress({ type: 'block_actions' })).toBeNull();
  });
});

describe('interactions without a conversation', () => {
  it('reads who submitted a view and who opened App Home', () => {
    expect(interactionWho(fixture('view-submission'))).toEqual({ tenant: 'T0001', user: 'U2147483697', triggerId: '12345.98765.abcd2358fdea' });
    expect(homeOpened(fixture('app-home-opened'))).toMatchObject({ tenant: 'T061EG9R6', user: 'U061F7AUR', channel: 'D0LAN2Q65', eventId: 'Ev0PV52K26' });
    const messagesTab = fixture('app-home-opened');
    (messagesTab.event as Record<string, unknown>).tab = 'messages';
    expect(homeOpened(messagesTab)).toBeNull();
  });

  it('turns the search modal submission into a search query with validated filters', () => {
    const choices = { areas: [{ id: 'education', name: 'Education' }], countries: ['Spain', 'United Kingdom'] };
    const view = fixture('view-submission').view;
    expect(readSearchModal(view, t, choices)).toEqual({ ok: true, query: 'mediation in schools area:education country:"United Kingdom"' });
    const forged = JSON.parse(JSON.stringify(view)) as { state: { values: { country: { value: { selected_option: { value: string } } } } } };
    forged.state.values.country.value.selected_option.value = 'Atlantis';
    expect(readSearchModal(forged, t, choices)).toEqual({ ok: false, errors: { country: 'slack.modal.invalid' } });
    const modal = searchModal(t, choices);
    expect(modal.callback_id).toBe('icc_search_modal');
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
  });
});

const card = (i: number, over: Partial<Card> = {}): Card => ({
  title: `Practice ${i}`,
  url: `https://example.org/p/${i}`,
  subtitle: `City ${i}, Country · 2019`,
  fields: [{ label: 'Areas', value: 'Education, Participation' }],
  body: `Summary ${i}.`,
  buttons: [button('More like this', 'search', 'like', { id: `p${i}` })],
  ...over,
});

function texts(blocks: Block[]): Array<{ type: string; text: string }> {
  const out: Array<{ type: string; text: string }> = [];
  for (const b of blocks as unknown as Array<Record<string, unknown>>) {
    const push = (o: unknown) => {
      if (o && typeof o === 'object' && typeof (o as { text?: unknown }).text === 'string') out.push({ type: b.type as string, text: (o as { text: string }).text });
    };
    push(b.text);
    for (const e of (b.elements as unknown[]) ?? []) push(e);
  }
  return out;
}

describe('renderReply', () => {
  it('renders results as a header, one section per practice with a link, areas as context, and buttons', () => {
    const reply: Reply = { text: '2 practices for “x”\nShowing 1–2 of 2', cards: [card(1), card(2)], buttons: [button('More results', 'search', 'more', { q: 'x', o: 2 })] };
    const { blocks, text } = renderReply(reply, { t, spill: noSpill });
    expect(blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'context', 'divider', 'section', 'context', 'actions']);
    expect(text).toBe('2 practices for “x”\nShowing 1–2 of 2');
    const section = blocks[2] as { text: { text: string; verbatim: boolean }; accessory: { action_id: string; value: string } };
    expect(section.text.text).toBe('*<https://example.org/p/1|Practice 1>*\nCity 1, Country · 2019\nSummary 1.');
    expect(section.text.verbatim).toBe(true);
    expect(section.accessory).toMatchObject({ action_id: 'icc:search:like:0', value: '{"id":"p1"}' });
    expect(buttonsIn(blocks).map((b) => b.action_id)).toEqual(['icc:search:like:0', 'icc:search:like:1', 'icc:search:more:2']);
  });

  it('escapes &, < and > in every piece of user and content text', () => {
    const evil = '<!channel> & <@U1> <https://evil.example|click>';
    const reply: Reply = {
      text: `${evil}\n${evil}`,
      cards: [card(1, { title: evil, subtitle: evil, body: evil, fields: [{ label: evil, value: evil }], buttons: [button(evil, 'search', 'like', { id: evil })] })],
      buttons: [button(evil, 'search', 'more', { q: evil })],
      choices: [evil],
    };
    const { blocks, text } = renderReply(reply, { t, spill: noSpill });
    const shown = visibleText(blocks) + text;
    expect(shown).not.toMatch(/<!channel>|<@U1>|<https:\/\/evil/);
    expect(shown).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    // Only our own link markup remains.
    expect(shown.match(/<[^>]*>/g)).toEqual(['<https://example.org/p/1|&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://evil.example|click&gt;>']);
  });

  it('keeps links safe: http(s) only, and characters that would end the link encoded', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://a.example/x|y>z?a=1&b=2')).toBe('https://a.example/x%7Cy%3Ez?a=1&amp;b=2');
  });

  it('respects Block Kit limits with very long content, cutting cards cleanly and keeping the reply buttons', () => {
    const spilled: string[] = [];
    const long = 'word '.repeat(2000);
    const reply: Reply = {
      text: `Header ${'h'.repeat(400)}\n${long}`,
      cards: Array.from({ length: 60 }, (_, i) =>
        card(i, { title: 'T'.repeat(500), body: long, fields: Array.from({ length: 14 }, () => ({ label: 'L', value: 'v'.repeat(3000) })), buttons: [button('B'.repeat(100), 'search', 'like', { id: 'x'.repeat(3000) }), button('Other', 'search', 'like', { id: 'y' })] }),
      ),
      buttons: [button('More results', 'search', 'more', { q: 'x', o: 5 })],
      choices: Array.from({ length: 30 }, (_, i) => `choice ${i}`),
    };
    const { blocks, text } = renderReply(reply, { t, spill: (json) => (spilled.push(json), `id${spilled.length}`.padEnd(10, '0')), shareId: 'share-0001' });
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallback);
    for (const x of texts(blocks)) expect(x.text.length).toBeLessThanOrEqual(x.type === 'header' ? LIMITS.header : LIMITS.text);
    for (const b of blocks as Array<{ type: string; elements?: unknown[] }>) {
      if (b.type === 'actions') expect(b.elements!.length).toBeLessThanOrEqual(LIMITS.actionsElements);
      if (b.type === 'context') expect(b.elements!.length).toBeLessThanOrEqual(LIMITS.contextElements);
    }
    const btns = buttonsIn(blocks);
    for (const b of btns) {
      expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
      expect(b.action_id.length).toBeLessThanOrEqual(LIMITS.actionId);
      expect((b.value ?? '').length).toBeLessThanOrEqual(LIMITS.value);
    }
    expect(spilled.length).toBeGreaterThan(0);
    expect(btns.map((b) => b.action_id)).toEqual(expect.arrayContaining(['icc:search:more:120', 'icc.share']));
    const note = texts(blocks).find((x) => x.text.startsWith('slack.cardsCut'));
    const shownCards = blocks.filter((b) => b.type === 'section' && (b as { text: { text: string } }).text.text.startsWith('*<')).length;
    expect(shownCards).toBeGreaterThan(0);
    expect(note?.text).toBe(`slack.cardsCut {"count":${60 - shownCards}}`);
  });

  it('cuts text too long for 50 blocks with a note', () => {
    const { blocks } = renderReply({ text: 'x'.repeat(200_000) }, { t, spill: noSpill, reserve: 1 });
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks - 1);
    expect(texts(blocks).at(-1)!.text).toBe('slack.textCut');
  });

  it('renders suggested replies as buttons carrying their text, and a share button when asked', () => {
    const { blocks } = renderReply({ text: 'What topic?', choices: ['anti-rumour campaign', 'intercultural mediation'] }, { t, spill: noSpill, shareId: 'abcdefgh' });
    expect(buttonsIn(blocks).map((b) => [b.action_id, b.value])).toEqual([
      ['icc.choice:0', 'anti-rumour campaign'],
      ['icc.choice:1', 'intercultural mediation'],
      ['icc.share', 'abcdefgh'],
    ]);
  });
});

describe('escaping and splitting helpers', () => {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('splitEscaped keeps every piece within the limit, never splits an entity, and loses nothing but whitespace', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '&', '<', '>', 'é'), maxLength: 400 }), fc.integer({ min: 8, max: 60 }), (raw, max) => {
        const parts = splitEscaped(raw, max);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(max);
          expect(p).not.toMatch(/&(?!amp;|lt;|gt;)/);
        }
        expect(unescape(parts.join('')).replace(/\s/g, '')).toBe(raw.replace(/\s/g, ''));
      }),
    );
  });

  it('clipEscaped stays within the limit and ends on a whole entity', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('x', '&', '<', '>', ' ', '😀'), maxLength: 200 }), fc.integer({ min: 2, max: 50 }), (raw, max) => {
        const out = clipEscaped(raw, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
        if (escapeText(raw).length <= max) expect(out).toBe(escapeText(raw));
      }),
    );
  });
});

describe('button encoding', () => {
  it('round-trips intent buttons and spills values over 2,000 characters', () => {
    const id = intentActionId('search', 'more', 3)!;
    const small = encodeValue({ q: 'x', o: 5 }, noSpill);
    expect(decodeAction({ action_id: id, value: small })).toEqual({ kind: 'intent', intent: 'search', name: 'more', data: { q: 'x', o: 5 } });
    const big = encodeValue({ q: 'y'.repeat(3000) }, () => '0123456789abcdef');
    expect(big).toBe('ref:0123456789abcdef');
    expect(decodeAction({ action_id: id, value: big })).toEqual({ kind: 'intent-ref', intent: 'search', name: 'more', ref: '0123456789abcdef' });
    expect(intentActionId('Bad Name', 'x', 0)).toBeNull();
  });
});

describe('Slack message shortcut', () => {
  it('reads the message, its conversation and thread, and the response_url; its text as typed', () => {
    const s = messageShortcutOf(fixture('message-action'))!;
    expect(s).toMatchObject({ tenant: 'T0001', user: 'U2147483697', triggerId: '12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb6', messageTs: '1548261231.000200', responseUrl: 'https://hooks.slack.com/app/T0001/1234567890/AbCdEfGhIjKlMnOp' });
    expect(s.conversation).toEqual({ platform: 'slack', tenant: 'T0001', conversation: 'C0GENERAL1', kind: 'channel', thread: '1548261000.000100' });
    expect(s.text).toBe('Our language café meets on Tuesdays & Thursdays <3\nOpen to all');
  });

  it('is null for other payloads and for a message shortcut without its message', () => {
    expect(messageShortcutOf(fixture('block-actions-home'))).toBeNull();
    const { message: _m, ...noMessage } = fixture('message-action');
    expect(messageShortcutOf(noMessage)).toBeNull();
  });
});
