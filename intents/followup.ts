/**
 * Follow-ups on the last list of practices, in words, in every language: "more", "weitere", "далі"
 * page it; "the second one", "das zweite", "другий" open that practice; "tell me more about Botkyrka"
 * opens the practice of the list whose city or title matches (else searches for it). Word lists in
 * content/words/followup.json; the list itself is remembered by the bot from what it showed
 * (src/conversation/last-list.ts).
 */
import { defineIntent, type IntentContext } from '../src/core/intent.js';
import type { Reply, Turn } from '../src/core/turn.js';
import { lastList, type LastList } from '../src/conversation/last-list.js';
import { tokenize, wordLists, type Token, type WordLists } from '../src/core/words.js';
import { localizedPractice, practiceCard } from '../src/replies/practice-card.js';
import { classify, MATCH_THRESHOLD } from '../src/core/router.js';

const NAME = 'followup';
const ORDINALS = ['ordinal-1', 'ordinal-2', 'ordinal-3', 'ordinal-4', 'ordinal-5'] as const;
const lists = (): WordLists => wordLists('followup');

/** The message's words without "please" / "bitte" / "будь ласка"; short messages only. */
function plainTokens(text: string): Token[] | undefined {
  if (text.length > 200) return undefined;
  let tokens = tokenize(text);
  const polite = lists()['polite']!;
  for (let hit = polite.find(tokens); hit && tokens.length > 1; hit = polite.find(tokens)) tokens = [...tokens.slice(0, hit.from), ...tokens.slice(hit.to)];
  return tokens;
}

type Ask = { kind: 'more' } | { kind: 'item'; index: number | 'last' } | { kind: 'about'; value: string };

/**
 * "the second one", "das zweite", "number 2": every word is an ordinal, a number after "number", or a filler
 * word. `loose` (a short message the classifier sent here: „das dritte bitte genauer“) skips other words.
 */
function ordinalIn(tokens: readonly Token[], loose = false): number | 'last' | undefined {
  if (tokens.length === 0 || tokens.length > 7) return undefined;
  const l = lists();
  let found: number | 'last' | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const one = tokens.slice(i, i + 1);
    // An ordinal is one word, or two where an apostrophe splits it ("п'ятий").
    let ordinal = -1;
    let width = 0;
    for (let k = 0; k < ORDINALS.length && ordinal < 0; k++)
      for (const n of [2, 1]) {
        const hit = i + n <= tokens.length ? l[ORDINALS[k]!]!.find(tokens.slice(i, i + n)) : null;
        if (hit && hit.from === 0 && hit.to === n) {
          ordinal = k;
          width = n;
          break;
        }
      }
    if (ordinal >= 0) {
      i += width - 1;
      found ??= ordinal;
      continue;
    }
    if (l['ordinal-last']!.has(one)) {
      found ??= 'last';
      continue;
    }
    const digit = /^[1-9]\d?$/.test(tokens[i]!.word) ? Number(tokens[i]!.word) : undefined;
    if (digit !== undefined && i > 0 && l['ordinal-number']!.has(tokens.slice(i - 1, i))) {
      found ??= digit - 1;
      continue;
    }
    if (loose || l['ordinal-number']!.has(one) || l['ordinal-filler']!.has(one)) continue;
    return undefined;
  }
  return found;
}

function understand(text: string): Ask | undefined {
  const tokens = plainTokens(text);
  if (!tokens || tokens.length === 0) return undefined;
  const l = lists();
  if (l['more']!.has(tokens)) return { kind: 'more' };
  const index = ordinalIn(tokens);
  if (index !== undefined) return { kind: 'item', index };
  const about = l['about']!.find(tokens);
  if (about && about.to < tokens.length) {
    let from = about.to;
    while (from < tokens.length - 1 && l['article']!.has(tokens.slice(from, from + 1))) from++;
    // "tell me more about the second one", „erzähl mir mehr über das zweite“: an ordinal, not a name.
    const ordinal = ordinalIn(tokens.slice(from));
    if (ordinal !== undefined) return { kind: 'item', index: ordinal };
    return { kind: 'about', value: text.slice(tokens[from]!.start, tokens.at(-1)!.end) };
  }
  return undefined;
}

/** A practice in full: the whole summary, its areas and year, the source, and "More like this". */
function details(ctx: IntentContext, id: string): Reply[] {
  const p = ctx.search.practice(id);
  if (!p) return [{ text: ctx.t('error.staleButton') }];
  return [{ text: ctx.t('followup.details', { title: localizedPractice(p, ctx.locale).title }), cards: [practiceCard(ctx, p, { full: true })] }];
}

const words = (s: string) => new Set(tokenize(s).map((t) => t.word));

/** The practice of the list whose city, country or title has every word of `value`. */
function pick(ctx: IntentContext, list: LastList, value: string): string | undefined {
  const wanted = [...words(value)];
  if (wanted.length === 0) return undefined;
  return list.ids.find((id) => {
    const p = ctx.search.practice(id);
    if (!p) return false;
    const have = words(`${p.city ?? ''} ${p.country ?? ''} ${p.title}`);
    return wanted.every((w) => have.has(w));
  });
}

async function more(turn: Turn, ctx: IntentContext, list: LastList | undefined): Promise<Reply[]> {
  if (!list) return [{ text: ctx.t('followup.noList') }];
  const target = list.next && ctx.intents.get(list.next.intent);
  if (!list.next || !target?.onAction) return [{ text: ctx.t('followup.noMore') }];
  // Typed, not pressed: the next page is a new message, not an update of the one with the button.
  return (await target.onAction(turn, ctx, list.next)).map(({ replaceOriginal: _, ...r }) => r);
}

export default defineIntent({
  name: NAME,
  description: 'intent.followup.description',
  examples: ['more', 'the second one', 'tell me more about Botkyrka'],
  commands: [],
  inHelp: false,
  match: (text) => {
    const ask = understand(text);
    if (!ask) return null;
    // "tell me more about X" is also how people ask for a topic: other intents' phrases come first.
    return ask.kind === 'about' ? 0.55 : 0.9;
  },
  async handle(turn, ctx, input) {
    const ask = understand(input.text);
    const list = await lastList(ctx.stores, turn);
    switch (ask?.kind) {
      case 'more':
        return more(turn, ctx, list);
      case 'item': {
        if (!list) return [{ text: ctx.t('followup.noList') }];
        const i = ask.index === 'last' ? list.ids.length - 1 : ask.index;
        const id = list.ids[i];
        return id ? details(ctx, id) : [{ text: ctx.t('followup.noItem', { count: list.ids.length }) }];
      }
      case 'about': {
        const id = list ? pick(ctx, list, ask.value) : undefined;
        if (id) return details(ctx, id);
        // Not in the list: what it names goes where it would go on its own ("the ICC Index" -> about), else a search.
        const others = [...ctx.intents.values()].filter((i) => i.name !== NAME && i.name !== 'help');
        const [best] = classify(ask.value, others);
        const target = best && best.confidence >= MATCH_THRESHOLD ? ctx.intents.get(best.intent)! : ctx.intents.get('search')!;
        return target.handle(turn, ctx, { text: ask.value, via: 'text', confidence: best?.confidence ?? input.confidence });
      }
      default: {
        // Sent here by the classifier in words no list has: an ordinal among them still names an item.
        if (!list) return [{ text: ctx.t('followup.noList') }];
        const tokens = plainTokens(input.text) ?? [];
        const i = ordinalIn(tokens, true);
        const id = i === undefined ? undefined : list.ids[i === 'last' ? list.ids.length - 1 : i];
        return id ? details(ctx, id) : [{ text: ctx.t('followup.noItem', { count: list.ids.length }) }];
      }
    }
  },
});
