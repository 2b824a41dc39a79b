/**
 * "Helpful" / "Not helpful" change the ranking for that query and its close variants, per workspace.
 *
 * Applied after the engine ranks (the engine stays a pure index): the search intent asks for a window of
 * hits, multiplies each score by the colleagues' votes on that practice for this query, re-sorts, and
 * pages the result; the card says why ("marked helpful by 3 colleagues").
 *
 * One record per workspace and normalised query (namespace `feedback-boost`, key = the query's words
 * folded, without stop words, singular, sorted, so "Anti-rumour campaigns?" and "campaign anti rumour"
 * share it), holding per practice the ids of the people who voted, so one person counts once and
 * `privacy delete` can take their votes out. Kept as long as the feedback itself.
 */
import type { Store } from '../core/store.js';
import { RETENTION } from '../core/stores.js';
import type { Scope } from '../core/turn.js';
import { tokenize } from '../core/words.js';

export const BOOST_NAMESPACE = 'feedback-boost';
/** How far back the votes can move a result: the first hits of this many. */
export const BOOST_WINDOW = 50;
const MAX_VOTERS = 200;

export interface Votes {
  up: string[];
  down: string[];
}

export interface QueryVotes {
  practices: Record<string, Votes>;
}

export const boostStore = (store: Store) => store.namespace<QueryVotes>(BOOST_NAMESPACE, { ttlMs: RETENTION.feedbackMs });

// Words that never make two queries different (every network language's commonest ones).
const IGNORED = new Set(
  `a an the of in on for to and or with about at by from how did do does other cities city what which is are we our
  le la les l de des du un une et ou en pour sur dans avec comment villes ville
  el los las lo del y o con sobre por como ciudades ciudad
  il lo gli i di da e con su per come citta
  der die das den dem des ein eine und oder mit uber fur in wie stadte stadt
  o os as do da dos das um uma e ou com sobre para como cidades cidade
  і й та в у на з про як для міста місто`.split(/\s+/),
);

/** The normalised form of a query: "Anti-rumour campaigns?" -> "anti campaign rumour". Empty when nothing is left. */
export function queryKey(query: string): string {
  const words = tokenize(query.slice(0, 500))
    .map((t) => t.word)
    .filter((w) => !IGNORED.has(w))
    .map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
  return [...new Set(words)].sort().join(' ').slice(0, 200);
}

/** Records one person's vote on the practices a query showed (a later vote replaces their earlier one). */
export async function recordVote(store: Store, scope: Scope, user: string, query: string, ids: readonly string[], helpful: boolean): Promise<void> {
  const key = queryKey(query);
  if (!key || ids.length === 0) return;
  const ns = boostStore(store);
  const current = (await ns.get(scope, key)) ?? { practices: {} };
  const practices = { ...current.practices };
  for (const id of ids) {
    const v = practices[id] ?? { up: [], down: [] };
    const up = v.up.filter((u) => u !== user);
    const down = v.down.filter((u) => u !== user);
    (helpful ? up : down).push(user);
    practices[id] = { up: up.slice(-MAX_VOTERS), down: down.slice(-MAX_VOTERS) };
  }
  await ns.set(scope, key, { practices });
}

export async function votesFor(store: Store, scope: Scope, query: string): Promise<Record<string, Votes>> {
  const key = queryKey(query);
  if (!key) return {};
  return (await boostStore(store).get(scope, key))?.practices ?? {};
}

/** How much the votes weigh on a score: each helpful vote +30 %, each "not helpful" divides by 1 + 0.5. */
export function voteFactor(v: Votes | undefined): number {
  if (!v) return 1;
  return (1 + 0.3 * v.up.length) / (1 + 0.5 * v.down.length);
}

/** Hits re-sorted by score × vote factor (stable: equal scores keep the engine's order). */
export function rerank<H extends { practice: { id: string }; score: number }>(hits: readonly H[], votes: Record<string, Votes>): H[] {
  if (Object.keys(votes).length === 0) return [...hits];
  return hits
    .map((h, i) => ({ h: { ...h, score: h.score * voteFactor(votes[h.practice.id]) }, i }))
    .sort((a, b) => b.h.score - a.h.score || a.i - b.i)
    .map((x) => x.h);
}

/** For privacy export: the person's votes, by query. */
export async function votesOf(store: Store, scope: Scope, user: string): Promise<Array<{ query: string; practice: string; helpful: boolean }>> {
  const ns = boostStore(store);
  const out: Array<{ query: string; practice: string; helpful: boolean }> = [];
  for (const key of await ns.ids(scope)) {
    const rec = await ns.get(scope, key);
    for (const [practice, v] of Object.entries(rec?.practices ?? {})) {
      if (v.up.includes(user)) out.push({ query: key, practice, helpful: true });
      if (v.down.includes(user)) out.push({ query: key, practice, helpful: false });
    }
  }
  return out;
}

/** For privacy delete: takes the person's votes out; returns how many records changed. */
export async function eraseVotes(store: Store, scope: Scope, user: string): Promise<number> {
  const ns = boostStore(store);
  let n = 0;
  for (const key of await ns.ids(scope)) {
    const rec = await ns.get(scope, key);
    if (!rec) continue;
    let changed = false;
    const practices: Record<string, Votes> = {};
    for (const [id, v] of Object.entries(rec.practices)) {
      const up = v.up.filter((u) => u !== user);
      const down = v.down.filter((u) => u !== user);
      changed ||= up.length !== v.up.length || down.length !== v.down.length;
      if (up.length || down.length) practices[id] = { up, down };
    }
    if (!changed) continue;
    if (Object.keys(practices).length) await ns.set(scope, key, { practices });
    else await ns.delete(scope, key);
    n++;
  }
  return n;
}
