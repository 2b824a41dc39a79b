/**
 * The search's calls into this feature: a search with nothing relevant (or words nothing matched) and a
 * "Not helpful" mark become gap events, and an empty answer offers "Ask the network" when the workspace
 * has a NETWORK_CHANNEL. Noting never fails the search: a store problem is logged and the answer goes out.
 */
import { button, type IntentContext } from '../core/intent.js';
import { scopeOf, type Button, type Turn } from '../core/turn.js';
import type { SearchResult } from '../search/practice-search.js';
import { forWorkspace } from '../workspace-settings.js';
import { recordGap, type GapKind } from './store.js';

/** Longest question a button carries (the search's own cut). */
export const MAX_ASK = 300;

export function networkChannelOf(ctx: Pick<IntentContext, 'config'>, turn: Pick<Turn, 'platform' | 'tenant'>): string | undefined {
  return forWorkspace(ctx.config.networkChannels, turn.platform, turn.tenant)[0];
}

async function note(turn: Turn, ctx: IntentContext, event: { query: string; words: readonly string[]; kind: GapKind; results: number }): Promise<void> {
  try {
    await recordGap(ctx.stores.store, scopeOf(turn), event, ctx.clock.now());
  } catch (err) {
    ctx.log.warn('gap not recorded', { kind: event.kind, err });
  }
}

/**
 * After a first page of results: notes a gap when nothing was relevant (the whole question) or when some
 * words matched nothing (those words), and returns the buttons the empty answer gets.
 */
export async function noteSearch(turn: Turn, ctx: IntentContext, r: SearchResult): Promise<Button[]> {
  const query = r.query.raw.trim();
  if (r.total === 0) {
    if (r.query.terms.length === 0) return [];
    await note(turn, ctx, { query, words: r.query.terms, kind: 'none', results: 0 });
    if (!networkChannelOf(ctx, turn)) return [];
    return [button(ctx.t('gaps.askNetwork'), 'gaps', 'ask', { q: query.slice(0, MAX_ASK) })];
  }
  if (r.unmatched.length && r.matched.length) await note(turn, ctx, { query: r.unmatched.join(' '), words: r.unmatched, kind: 'partial', results: r.total });
  return [];
}

/** A "Not helpful" mark on the results of `query` (which had `results` results). */
export async function noteNotHelpful(turn: Turn, ctx: IntentContext, query: string, results: number): Promise<void> {
  await note(turn, ctx, { query, words: ctx.search.parse(query).terms, kind: 'not-helpful', results });
}
