/**
 * Reply -> Block Kit. Every piece of text that comes from users or content is escaped (`&`, `<`, `>`),
 * so `<!channel>` or `<@U123>` typed by someone is shown, never acted on; mrkdwn objects are `verbatim`
 * so Slack does not auto-link names either. Block Kit limits are respected: at most 50 blocks (cards
 * that do not fit are cut and counted in a note, the reply's own buttons such as "More results" are
 * always kept), 3,000 characters a text object (long text is split at line or word boundaries), 150 a
 * header, 75 a button label, 255 an action id and 2,000 a button value.
 */
import type { types } from '@slack/bolt';
import type { Translate } from '../../core/i18n.js';
import type { Button, Card, Reply } from '../../core/turn.js';
import { choiceActionId, encodeValue, intentActionId, LIMITS, OPEN_FORM_ACTION, SHARE_ACTION } from './actions.js';

export type Block = types.KnownBlock;
type SlackButton = types.Button;

export interface SlackMessage {
  /** Notification / fallback text (escaped). */
  text: string;
  blocks: Block[];
}

export interface RenderContext {
  t: Translate;
  /** Keeps a button value too long for Slack; returns the id the button carries instead. */
  spill(json: string): string;
  /** Adds a "Share to channel" button carrying this id (ephemeral results). */
  shareId?: string;
  /** Blocks to leave free for the caller (e.g. a "shared by" line). */
  reserve?: number;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => ENTITIES[c]!);
}

/** Escapes, then cuts to at most `max` characters with an ellipsis; never splits an entity or a surrogate pair. */
export function clipEscaped(raw: string, max: number): string {
  const full = escapeText(raw);
  if (full.length <= max) return full;
  let out = '';
  for (const ch of raw) {
    const e = ENTITIES[ch] ?? ch;
    if (out.length + e.length > max - 1) break;
    out += e;
  }
  return out.trimEnd() + '…';
}

/** Escapes and splits into pieces of at most `max` characters, preferring line, then word boundaries. */
export function splitEscaped(raw: string, max: number): string[] {
  const chunks: string[] = [];
  let cur = '';
  for (const ch of raw) {
    const e = ENTITIES[ch] ?? ch;
    if (cur.length + e.length > max) {
      const nl = cur.lastIndexOf('\n');
      let cut = nl >= max / 2 ? nl : cur.lastIndexOf(' ');
      if (cut < max / 2) cut = cur.length;
      chunks.push(cur.slice(0, cut).trimEnd());
      cur = cur.slice(cut).replace(/^[ \n]+/, '');
    }
    cur += e;
  }
  chunks.push(cur.trimEnd());
  return chunks.filter((c) => c.trim().length > 0);
}

/** A link target Slack can show: http(s) only, with the characters that would end the link encoded. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const href = u.href.replace(/[|<>\s]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
  return href.length <= 2000 ? href : undefined;
}

export function plain(raw: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: clipEscaped(raw, max) || ' ', emoji: true };
}

export function mrkdwn(escaped: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: escaped, verbatim: true };
}

function sections(raw: string): Block[] {
  return splitEscaped(raw, LIMITS.text).map((text) => ({ type: 'section', text: mrkdwn(text) }));
}

function cardText(card: Card): string {
  const title = clipEscaped(card.title, 250);
  const url = safeUrl(card.url);
  const lines = [`*${url ? `<${url}|${title}>` : title}*`];
  if (card.subtitle) lines.push(clipEscaped(card.subtitle, 250));
  const used = lines.join('\n').length + 1;
  if (card.body) lines.push(clipEscaped(card.body, LIMITS.text - used));
  return lines.join('\n');
}

class ButtonFactory {
  private n = 0;
  constructor(private readonly ctx: RenderContext) {}

  intent(b: Button): SlackButton | null {
    const id = intentActionId(b.action.intent, b.action.name, this.n++);
    if (!id) return null;
    return {
      type: 'button',
      action_id: id,
      text: plain(b.label, LIMITS.buttonLabel),
      value: encodeValue(b.action.data, (json) => this.ctx.spill(json)),
      ...(b.style ? { style: b.style } : {}),
    };
  }

  choice(text: string, index: number): SlackButton | null {
    if (!text.trim() || text.length > LIMITS.value) return null;
    return { type: 'button', action_id: choiceActionId(index), text: plain(text, LIMITS.buttonLabel), value: text };
  }
}

function actionsBlocks(elements: SlackButton[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < elements.length; i += LIMITS.actionsElements) {
    out.push({ type: 'actions', elements: elements.slice(i, i + LIMITS.actionsElements) });
  }
  return out;
}

function cardBlocks(card: Card, buttons: ButtonFactory): Block[] {
  const made = (card.buttons ?? []).map((b) => buttons.intent(b)).filter((b): b is SlackButton => b !== null);
  const section: types.SectionBlock = { type: 'section', text: mrkdwn(cardText(card)) };
  const out: Block[] = [section];
  if (made.length === 1) section.accessory = made[0]!;
  const fields = (card.fields ?? []).slice(0, LIMITS.contextElements);
  if (fields.length) {
    out.push({ type: 'context', elements: fields.map((f) => mrkdwn(`*${clipEscaped(f.label, 100)}:* ${clipEscaped(f.value, 1800)}`)) });
  }
  if (made.length > 1) out.push(...actionsBlocks(made));
  return out;
}

function fallbackText(reply: Reply): string {
  const raw = reply.text?.trim() || (reply.cards ?? []).map((c) => c.title).join('\n') || reply.image?.title || reply.image?.alt || '';
  return clipEscaped(raw, LIMITS.fallback);
}

export function renderReply(reply: Reply, ctx: RenderContext): SlackMessage {
  const budget = LIMITS.blocks - (ctx.reserve ?? 0);
  const buttons = new ButtonFactory(ctx);
  const cards = reply.cards ?? [];
  const text = (reply.text ?? '').trim();

  // Lead: with cards, the first line is a header and the rest a context line (or sections when long).
  const lead: Block[] = [];
  // Who the message is posted for, as a mention; only a Slack user id can become one (never `<!channel>`).
  const behalf = reply.onBehalfOf?.id;
  if (behalf && /^[UW][A-Z0-9]{2,20}$/.test(behalf)) lead.push({ type: 'context', elements: [mrkdwn(`<@${behalf}>`)] });
  if (text && cards.length) {
    const [first = '', ...rest] = text.split('\n');
    if (first.trim()) lead.push({ type: 'header', text: plain(first.trim(), LIMITS.header) });
    const more = rest.join('\n').trim();
    if (more.length > 0 && more.length <= 300) lead.push({ type: 'context', elements: [mrkdwn(escapeText(more))] });
    else if (more) lead.push(...sections(more));
  } else if (text) lead.push(...sections(text));

  // Cards are built before the reply's own buttons so action ids follow display order.
  const cardBlockLists = cards.map((c, i) => {
    const blocks = cardBlocks(c, buttons);
    return i > 0 ? [{ type: 'divider' } as Block, ...blocks] : blocks;
  });

  // Tail: the reply's own buttons, suggested replies and the share button are always kept.
  const tailButtons: SlackButton[] = [];
  // A form opens in a modal; the button carries the store id of the form (the modal is built from it).
  if (reply.form) tailButtons.push({ type: 'button', action_id: OPEN_FORM_ACTION, style: 'primary', text: plain(ctx.t('slack.form.open'), LIMITS.buttonLabel), value: ctx.spill(JSON.stringify(reply.form)) });
  for (const b of reply.buttons ?? []) {
    const made = buttons.intent(b);
    if (made) tailButtons.push(made);
  }
  (reply.choices ?? []).forEach((c, i) => {
    const made = buttons.choice(c, i);
    if (made) tailButtons.push(made);
  });
  if (ctx.shareId) tailButtons.push({ type: 'button', action_id: SHARE_ACTION, text: plain(ctx.t('slack.share'), LIMITS.buttonLabel), value: ctx.shareId });
  const tail = actionsBlocks(tailButtons).slice(0, 2);

  const note = (key: string, vars?: Record<string, number>): Block => ({ type: 'context', elements: [mrkdwn(escapeText(ctx.t(key, vars)))] });
  const cardTotal = cardBlockLists.reduce((n, b) => n + b.length, 0);
  const blocks: Block[] = [];

  // Text so long it would not fit even alone is cut, with a note.
  const leadRoom = budget - tail.length - (cards.length ? Math.min(cardBlockLists[0]?.length ?? 0, 4) + 1 : 0);
  if (lead.length > leadRoom) {
    blocks.push(...lead.slice(0, Math.max(1, leadRoom - 1)), note('slack.textCut'));
  } else blocks.push(...lead);

  if (blocks.length + cardTotal + tail.length <= budget) {
    for (const list of cardBlockLists) blocks.push(...list);
  } else {
    const room = budget - blocks.length - tail.length - 1;
    let used = 0;
    let shown = 0;
    for (const list of cardBlockLists) {
      if (used + list.length > room) break;
      blocks.push(...list);
      used += list.length;
      shown++;
    }
    blocks.push(note('slack.cardsCut', { count: cards.length - shown }));
  }
  blocks.push(...tail);
  return { text: fallbackText(reply) || escapeText(ctx.t('slack.fallback')), blocks };
}
