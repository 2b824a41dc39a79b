/**
 * The last list of practices a user was shown in a conversation, so that "more", "das zweite",
 * "tell me more about Botkyrka" can refer to it. Read from the replies themselves (the cards' "More like
 * this" buttons carry the practice ids, the "More results" button the next page), so every intent that
 * shows practices with those buttons takes part without knowing about it. Kept in the `dialog`
 * namespace under `<user>|<conversation>|list` (its retention, and privacy export / delete by user).
 */
import type { Stores } from '../core/stores.js';
import { scopeOf, type ActionInput, type Reply, type Turn } from '../core/turn.js';

export interface LastList {
  /** Practice ids in the order shown (the current page). */
  ids: string[];
  /** The action that shows the next page, when there is one. */
  next?: ActionInput;
  at: string;
}

const keyOf = (turn: Turn) => `${turn.user.id}|${turn.conversation.conversation}|list`;

/** The list in these replies, if they show practices: the last reply with practice cards wins. */
export function listIn(replies: readonly Reply[], at: string): LastList | undefined {
  for (let i = replies.length - 1; i >= 0; i--) {
    const r = replies[i]!;
    const ids = (r.cards ?? []).flatMap((c) => (c.buttons ?? []).filter((b) => b.action.intent === 'search' && b.action.name === 'like').map((b) => b.action.data['id']));
    const practiceIds = ids.filter((id): id is string => typeof id === 'string');
    // One practice shown in full ("the second one") is not a new list; a search result of one is.
    const results = (r.buttons ?? []).some((b) => b.action.intent === 'search' && b.action.name === 'feedback');
    if (practiceIds.length === 0 || (practiceIds.length === 1 && !results)) continue;
    const next = (r.buttons ?? []).find((b) => b.action.intent === 'search' && (b.action.name === 'more' || (b.action.name === 'like' && typeof b.action.data['o'] === 'number')));
    return { ids: practiceIds, ...(next ? { next: next.action } : {}), at };
  }
  return undefined;
}

export async function rememberList(stores: Stores, turn: Turn, replies: readonly Reply[], at: string): Promise<void> {
  const list = listIn(replies, at);
  if (!list) return;
  await stores.dialog.set(scopeOf(turn), keyOf(turn), { intent: 'followup', state: list, updatedAt: at });
}

export async function lastList(stores: Stores, turn: Turn): Promise<LastList | undefined> {
  const saved = await stores.dialog.get(scopeOf(turn), keyOf(turn));
  const state = saved?.state as Partial<LastList> | undefined;
  if (!state || !Array.isArray(state.ids) || !state.ids.every((id) => typeof id === 'string')) return undefined;
  const next = state.next && typeof state.next.intent === 'string' && typeof state.next.name === 'string' && typeof state.next.data === 'object' ? state.next : undefined;
  return { ids: state.ids, ...(next ? { next } : {}), at: String(state.at ?? saved!.updatedAt) };
}
