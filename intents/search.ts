/** Practice search: "how did other cities run an anti-rumour campaign?", `/icc search mediation`. */
import { z } from 'zod';
import { AreaIdSchema, type AreaId } from '../src/content/schemas.js';
import { button, defineIntent, parseAction, type IntentContext } from '../src/core/intent.js';
import { bestOf, phraseMatcher } from '../src/core/phrases.js';
import { hasQueryField, isAreaOnlyQuery } from '../src/search/query.js';
import { localCityName } from '../src/search/places.js';
import { MATCH_TEXT_CHARS, boundText } from '../src/core/text-limits.js';
import { scopeOf, type Button, type Reply, type Turn } from '../src/core/turn.js';
import { areaLabel, countryLabel, practiceCard } from '../src/replies/practice-card.js';
import type { SearchResult } from '../src/search/practice-search.js';
import { votesFor, recordVote } from '../src/feedback/boost.js';
import { withVoteNotes, withVotes } from '../src/feedback/apply.js';
import { noteNotHelpful, noteSearch } from '../src/gaps/note.js';

export const PAGE_SIZE = 5;
const MAX_QUERY = 300;

const MoreSchema = z.object({ q: z.string().max(MAX_QUERY), o: z.number().int().min(0).max(100_000) }).strict();
const LikeSchema = z.object({ id: z.string().min(1).max(120), o: z.number().int().min(0).max(100_000).optional() }).strict();
const FeedbackSchema = z.object({ q: z.string().max(MAX_QUERY), h: z.boolean(), ids: z.array(z.string().max(120)).max(10) }).strict();
const AreaSchema = z.object({ a: AreaIdSchema }).strict();
/** What users type in the network's other languages: content/intents/search.json. */
const phrases = phraseMatcher('search');

function filterLine(ctx: IntentContext, r: SearchResult): string | undefined {
  const f = r.query.filters;
  const parts = [...f.areas.map((a) => areaLabel(ctx, a)), ...f.countries.map((c) => countryLabel(c, ctx.locale)), ...f.cities.map((c) => localCityName(c, ctx.locale))];
  return parts.length ? ctx.t('search.filteredBy', { filters: parts.join(' · ') }) : undefined;
}

function areaButtons(ctx: IntentContext, areas: AreaId[]): Button[] {
  return areas.slice(0, 3).map((a) => button(areaLabel(ctx, a), 'search', 'area', { a }));
}

/** Areas worth suggesting: the query's own (from the glossary), else the best-stocked ones. */
function suggestedAreas(ctx: IntentContext, r: SearchResult): AreaId[] {
  if (r.relatedAreas.length) return r.relatedAreas;
  return [...ctx.search.areaCounts().entries()].sort((a, b) => b[1] - a[1]).map(([a]) => a);
}

export function renderResults(ctx: IntentContext, r: SearchResult, more: { intent: string; name: string; data: Record<string, unknown> }, heading?: string): Reply {
  const query = r.query.raw.slice(0, 120);
  if (r.total === 0) {
    const lines = [ctx.t('search.none', { query })];
    if (r.suggestions.length) lines.push(ctx.t('search.didYouMean', { terms: r.suggestions.join(', ') }));
    lines.push(ctx.t('search.rephrase'));
    return {
      text: lines.join('\n'),
      buttons: areaButtons(ctx, suggestedAreas(ctx, r)),
      ...(r.suggestions.length ? { choices: r.suggestions.map((s) => `/icc search ${s}`) } : {}),
    };
  }
  const shown = r.offset + r.hits.length;
  const header = heading ?? ctx.t('search.header', { total: r.total, query });
  // Part of the question matched nothing: say so rather than answer another question silently.
  const partial = r.unmatched.length && r.matched.length ? ctx.t('search.partial', { missing: r.unmatched.join(' '), found: r.matched.join(' ') }) : undefined;
  const lines = [partial, header, filterLine(ctx, r), ctx.t('search.showing', { from: r.offset + 1, to: shown, total: r.total })].filter(Boolean);
  const buttons: Button[] = [];
  if (shown < r.total) buttons.push(button(ctx.t('search.moreResults'), more.intent, more.name, { ...more.data, o: shown }));
  const ids = r.hits.map((h) => h.practice.id);
  const q = r.query.raw.slice(0, MAX_QUERY);
  buttons.push(button(ctx.t('search.helpful'), 'search', 'feedback', { q, h: true, ids }));
  buttons.push(button(ctx.t('search.notHelpful'), 'search', 'feedback', { q, h: false, ids }));
  return { text: lines.join('\n'), cards: r.hits.map((h) => practiceCard(ctx, h.practice)), buttons };
}

async function runSearch(turn: Turn, ctx: IntentContext, text: string, offset = 0, heading?: (r: SearchResult) => string): Promise<Reply[]> {
  const q = text.trim().slice(0, MAX_QUERY);
  const parsed = ctx.search.parse(q);
  if (parsed.terms.length === 0 && parsed.filters.areas.length + parsed.filters.countries.length + parsed.filters.cities.length === 0) {
    return [{ text: ctx.t('search.askTopic'), choices: ['search.topic1', 'search.topic2', 'search.topic3'].map((k) => ctx.t(k)) }];
  }
  // Colleagues' "helpful" / "not helpful" on this query in this workspace reorder the engine's ranking.
  const votes = await votesFor(ctx.stores.store, scopeOf(turn), q);
  const r = withVotes(ctx.search.run.bind(ctx.search), parsed, { offset, limit: PAGE_SIZE, lang: ctx.locale }, votes);
  // An area button (and its next pages): the area's name in the user's language, not `area:id`.
  const area = parsed.terms.length === 0 && isAreaOnlyQuery(q) && parsed.filters.areas.length === 1 ? parsed.filters.areas[0]! : undefined;
  heading ??= area ? (res) => ctx.t('search.areaHeader', { total: res.total, area: areaLabel(ctx, area) }) : undefined;
  const reply = renderResults(ctx, r, { intent: 'search', name: 'more', data: { q } }, heading?.(r));
  // What the network asks for and does not find (src/gaps/): noted once per question, on its first page.
  const asks = offset === 0 ? await noteSearch(turn, ctx, r) : [];
  if (asks.length) reply.buttons = [...(reply.buttons ?? []), ...asks];
  return [{ ...reply, ...(reply.cards ? { cards: withVoteNotes(ctx, reply.cards, r, votes) } : {}), replaceOriginal: offset > 0 }];
}

async function recordFeedback(turn: Turn, ctx: IntentContext, fb: z.infer<typeof FeedbackSchema>) {
  await recordVote(ctx.stores.store, scopeOf(turn), turn.user.id, fb.q, fb.ids, fb.h);
  await ctx.stores.feedback.set(scopeOf(turn), `${ctx.clock.now().toISOString()}|${turn.id}`, {
    user: turn.user.id,
    query: fb.q,
    helpful: fb.h,
    resultIds: fb.ids,
    at: ctx.clock.now().toISOString(),
  });
}

export default defineIntent({
  name: 'search',
  description: 'intent.search.description',
  examples: [
    'how did other cities run an anti-rumour campaign?',
    'education practices in Norway',
    'intercultural mediation in neighbourhoods',
    'area:welcoming-newcomers country:Portugal',
  ],
  commands: ['search', 'find', 's'],
  // What people type, in every language, is in content/intents/search.json; a query field
  // ("area:", "country:", "city:", the syntax src/search/query.ts parses) is a search whatever the language.
  match: (text) => bestOf(hasQueryField(boundText(text, MATCH_TEXT_CHARS)) ? 0.9 : null, phrases(text)),
  async handle(turn, ctx, input) {
    return runSearch(turn, ctx, input.text);
  },
  async onAction(turn, ctx, action) {
    switch (action.name) {
      case 'more': {
        const { q, o } = parseAction(MoreSchema, action);
        return runSearch(turn, ctx, q, o);
      }
      case 'like': {
        const { id, o = 0 } = parseAction(LikeSchema, action);
        const r = ctx.search.moreLikeThis(id, { offset: o, limit: PAGE_SIZE });
        const source = ctx.search.practice(id);
        if (!r || !source) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
        return [{ ...renderResults(ctx, r, { intent: 'search', name: 'like', data: { id } }, ctx.t('search.likeHeader', { title: source.title })), replaceOriginal: true }];
      }
      case 'area': {
        const { a } = parseAction(AreaSchema, action);
        // The area's name in the user's language, not the internal query.
        return runSearch(turn, ctx, `area:${a}`);
      }
      case 'feedback': {
        const fb = parseAction(FeedbackSchema, action);
        await recordFeedback(turn, ctx, fb);
        if (fb.h) return [{ text: ctx.t('search.thanks'), ephemeral: true }];
        const r = ctx.search.search(fb.q, { limit: 1 });
        await noteNotHelpful(turn, ctx, fb.q, r.total);
        const shownAreas = new Set(fb.ids.flatMap((id) => ctx.search.practice(id)?.areas ?? []));
        const others = suggestedAreas(ctx, r).filter((a) => !shownAreas.has(a));
        const next: Button[] = areaButtons(ctx, others.length ? others : suggestedAreas(ctx, r));
        if (ctx.intents.has('peers')) next.push(button(ctx.t('search.askPeers'), 'peers', 'topic', { q: fb.q }));
        return [{ text: ctx.t('search.notHelpfulNext'), buttons: next, ephemeral: true }];
      }
      default:
        return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    }
  },
});
