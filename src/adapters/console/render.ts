/**
 * Replies as terminal text. Buttons and choices become numbered options; typing the number
 * presses the button (or sends the choice's text).
 */
import type { ActionInput, Form, Reply } from '../../core/turn.js';

export type Option = { label: string; action: ActionInput } | { label: string; text: string };

export interface Rendered {
  text: string;
  options: Option[];
}

/** Control characters (except newline and tab) could move the cursor or clear the screen. */
export function sanitize(s: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && (line + ' ' + word).length > width) {
        out.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(indent + line);
  }
  return out.join('\n');
}

/** The terminal cannot show a form: its fields, their choices and prefilled values, and the command to type instead. */
export function formText(form: Form): string {
  const lines = [sanitize(form.title)];
  for (const f of form.fields) {
    const choices = f.options?.length ? ` [${f.options.map((o) => sanitize(o.value)).join(' | ')}]` : '';
    const initial = f.initial ? ` = ${sanitize(f.initial)}` : '';
    lines.push(`   ${sanitize(f.label)}${f.required ? ' *' : ''}${initial}${choices}`);
  }
  if (form.command) lines.push(`   > ${sanitize(form.command)}`);
  return lines.join('\n');
}

export function renderReplies(replies: Reply[], width = 88): Rendered {
  const options: Option[] = [];
  const blocks: string[] = [];
  const addOption = (o: Option) => {
    options.push(o);
    return `[${options.length}] ${sanitize(o.label)}`;
  };
  for (const reply of replies) {
    const parts: string[] = [];
    if (reply.to) parts.push(`(sent to ${sanitize(reply.to.conversation)})`);
    if (reply.deliverTo) parts.push(reply.deliverTo.each ? `(sent to ${reply.deliverTo.users.map(sanitize).join(', ')}, each on their own)` : `(sent in a conversation with ${reply.deliverTo.users.map(sanitize).join(', ')})`);
    if (reply.text) parts.push(sanitize(reply.text));
    (reply.cards ?? []).forEach((card, i) => {
      const lines = [`${i + 1}. ${sanitize(card.title)}${card.subtitle ? ` (${sanitize(card.subtitle)})` : ''}`];
      for (const f of card.fields ?? []) lines.push(`   ${sanitize(f.label)}: ${sanitize(f.value)}`);
      if (card.body) lines.push(wrap(sanitize(card.body), width - 3, '   '));
      if (card.url) lines.push(`   ${sanitize(card.url)}`);
      const buttons = (card.buttons ?? []).map((b) => addOption({ label: b.label, action: b.action }));
      if (buttons.length) lines.push(`   ${buttons.join('  ')}`);
      parts.push(lines.join('\n'));
    });
    if (reply.form) parts.push(formText(reply.form));
    if (reply.file) parts.push(`${sanitize(reply.file.name)}: ${sanitize(reply.file.path)}`);
    if (reply.image) parts.push(`${sanitize(reply.image.title ?? reply.image.alt)}: ${sanitize(reply.image.path)}`);
    const buttons = (reply.buttons ?? []).map((b) => addOption({ label: b.label, action: b.action }));
    const choices = (reply.choices ?? []).map((c) => addOption({ label: c, text: c }));
    if (buttons.length || choices.length) parts.push([...buttons, ...choices].join('  '));
    blocks.push(parts.join('\n\n'));
  }
  return { text: blocks.join('\n\n'), options };
}

/** The same numbering as `renderReplies`, as JSON-friendly objects (for `chat --json`). */
export function repliesAsJson(replies: Reply[]): unknown[] {
  let n = 0;
  const num = <T extends object>(o: T) => ({ n: ++n, ...o });
  return replies.map((r) => ({
    ...r,
    cards: r.cards?.map((c) => ({ ...c, buttons: c.buttons?.map(num) })),
    buttons: r.buttons?.map(num),
    choices: r.choices?.map((label) => num({ label })),
  }));
}
