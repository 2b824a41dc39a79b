/** Colleagues' votes applied to a page of search results, and the note on the cards that says why. */
import type { IntentContext } from '../core/intent.js';
import type { Card } from '../core/turn.js';
import type { SearchOptions, SearchResult } from '../search/practice-search.js';
import type { ParsedQuery } from '../search/query.js';
import { BOOST_WINDOW, rerank, type Votes } from './boost.js';

type Run = (query: ParsedQuery, opts: SearchOptions) => SearchResult;

/** The page the engine would give, re-sorted by the votes within the first BOOST_WINDOW hits. */
export function withVotes(run: Run, query: ParsedQuery, opts: SearchOptions & { offset: number; limit: number }, votes: Record<string, Votes>): SearchResult {
  if (Object.keys(votes).length === 0 || opts.offset >= BOOST_WINDOW) return run(query, opts);
  const wide = run(query, { ...opts, offset: 0, limit: BOOST_WINDOW });
  return { ...wide, offset: opts.offset, hits: rerank(wide.hits, votes).slice(opts.offset, opts.offset + opts.limit) };
}

/** "Marked helpful by 3 colleagues" on the cards of practices colleagues found helpful for this query. */
export function withVoteNotes(ctx: Pick<IntentContext, 't'>, cards: Card[], r: SearchResult, votes: Record<string, Votes>): Card[] {
  return cards.map((c, i) => {
    const up = votes[r.hits[i]?.practice.id ?? '']?.up.length ?? 0;
    return up > 0 ? { ...c, fields: [...(c.fields ?? []), { label: ctx.t('feedback.label'), value: ctx.t('feedback.helpfulBy', { count: up }) }] } : c;
  });
}
