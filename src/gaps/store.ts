/**
 * What the network asks for and does not find: one record per event (a search with nothing relevant, a
 * search whose words partly matched nothing, a "Not helpful" mark), per workspace, never with a person.
 *
 * Per-event records rather than a counter: two replicas noting the same question at once each write
 * their own key, so nothing is lost without an atomic increment. Ids are `<ISO time>|<random>`, indexed
 * in the namespace's score-0 index, so a report reads one tenant's events in time order without listing
 * the keyspace (no SCAN on Redis), and `--since` is a cut in that order. Counting groups events by the
 * question's normalised key (src/feedback/boost.ts `queryKey`: folded, stop words out, singular,
 * sorted), so "Climate migration?" and "migration and the climate" count together.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../core/store.js';
import type { Scope } from '../core/turn.js';
import { queryKey } from '../feedback/boost.js';

export const GAP_NAMESPACE = 'gap';
const DAY = 24 * 60 * 60 * 1000;
/** How long an event counts at all: a report or digest never looks further back. */
export const GAP_RETENTION_MS = 180 * DAY;
/** The question as shown in reports and prefilled in a proposal: its start only. */
const MAX_QUERY = 120;

export type GapKind = 'none' | 'partial' | 'not-helpful';

/** One event. No user, no conversation: only the question, when, and what the search had. */
export interface GapEvent {
  key: string;
  /** The words as asked (for `partial`, the words nothing matched). */
  query: string;
  kind: GapKind;
  /** How many results the search gave (the rest of the question's, for `partial`). */
  results: number;
  at: string;
}

export interface Gap {
  /** The latest wording of the question. */
  query: string;
  /** The normalised form its variants share. */
  key: string;
  /** Events: searches with nothing relevant or a part unmatched, and Not helpful marks. */
  count: number;
  lastAsked: string;
  /** Results of the latest search among them. */
  results: number;
  notHelpful: number;
}

const gapStore = (store: Store) => store.namespace<GapEvent>(GAP_NAMESPACE, { ttlMs: GAP_RETENTION_MS });

/**
 * Notes one event; a question with no content words (only stop words, punctuation) is not a gap.
 */
export async function recordGap(store: Store, scope: Scope, event: { query: string; words?: readonly string[]; kind: GapKind; results: number }, now: Date): Promise<boolean> {
  // The search's own content words when given ("practices on X" and "X" are one question), else the text's.
  const key = queryKey(event.words ? event.words.join(' ') : event.query);
  if (!key) return false;
  const ns = gapStore(store);
  const at = now.toISOString();
  const id = `${at}|${randomUUID().slice(0, 8)}`;
  await ns.set(scope, id, { key, query: event.query.trim().slice(0, MAX_QUERY), kind: event.kind, results: Math.max(0, Math.round(event.results)), at });
  // The record first, then its index entry: a reader never meets an entry without its record for long.
  await ns.indexAdd(scope, id, 0);
  return true;
}

/**
 * The workspace's gaps since `since` (default: everything kept), most asked first, then most recent.
 * Index entries past the retention (their records have expired) are dropped on the way, so the index
 * does not outgrow the records.
 */
export async function listGaps(store: Store, scope: Scope, since?: Date, now = new Date()): Promise<Gap[]> {
  const ns = gapStore(store);
  const from = since?.toISOString() ?? '';
  const expired = new Date(now.getTime() - GAP_RETENTION_MS).toISOString();
  const byKey = new Map<string, Gap & { lastSearch?: string }>();
  for (const id of await ns.indexedIds(scope)) {
    // Ids start with their time, so the index's order is time order.
    if (id < expired) {
      await ns.indexRemove(scope, id);
      continue;
    }
    if (id < from) continue;
    const e = await ns.get(scope, id);
    if (!e) {
      // Gone before its time (a store restored without it): its index entry goes too.
      await ns.indexRemove(scope, id);
      continue;
    }
    const g = byKey.get(e.key) ?? { query: e.query, key: e.key, count: 0, lastAsked: e.at, results: e.results, notHelpful: 0 };
    g.count++;
    if (e.kind === 'not-helpful') g.notHelpful++;
    if (e.at >= g.lastAsked) {
      g.lastAsked = e.at;
      g.query = e.query;
    }
    // A Not helpful mark re-runs no search of its own: `results` is the latest search's.
    if (e.kind !== 'not-helpful' && (g.lastSearch === undefined || e.at >= g.lastSearch)) {
      g.lastSearch = e.at;
      g.results = e.results;
    }
    byKey.set(e.key, g);
  }
  return [...byKey.values()]
    .map(({ lastSearch: _l, ...g }) => g)
    .sort((a, b) => b.count - a.count || (a.lastAsked < b.lastAsked ? 1 : a.lastAsked > b.lastAsked ? -1 : 0));
}
