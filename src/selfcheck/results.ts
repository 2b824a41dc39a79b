/**
 * How a self-check result looks: text bars per area, the overall score, the comparison with the
 * city's earlier runs, the radar chart, and the three weakest areas with practices to learn from.
 * Every reply that shows a score carries the "indicative, not the official ICC Index" line.
 */
import { cityName } from '../cities/choose.js';
import { resolve, join } from 'node:path';
import type { Content } from '../content/loader.js';
import { AREA_IDS, type AreaId, type City, type Practice } from '../content/schemas.js';
import { button, type IntentContext } from '../core/intent.js';
import type { Button, Card, ImageAttachment, Reply, Turn } from '../core/turn.js';
import { cityDirectory } from '../cities/choose.js';
import { writeRadarPng } from './chart.js';
import { selfcheckText, type SelfCheckResult } from './model.js';
import type { AreaScores } from './scoring.js';

type Ctx = Pick<IntentContext, 'content' | 'search' | 't' | 'locale' | 'config' | 'intents' | 'log'>;

const BAR_CELLS = 10;

/** A compact text bar: one full cell per 10 points, rounded. */
export function scoreBar(score: number): string {
  const full = Math.max(0, Math.min(BAR_CELLS, Math.round(score / (100 / BAR_CELLS))));
  return '█'.repeat(full) + '░'.repeat(BAR_CELLS - full);
}

export const shown = (n: number) => Math.round(n);
const day = (iso: string) => iso.slice(0, 10);

export interface AreaChange {
  area: AreaId;
  from: number;
  to: number;
  since: string;
}

/** Each scored area of `result` against the latest earlier result that scored it. */
export function areaChanges(result: SelfCheckResult, earlier: SelfCheckResult[]): AreaChange[] {
  const out: AreaChange[] = [];
  for (const area of AREA_IDS) {
    const to = result.areas[area];
    if (to === undefined) continue;
    const prev = [...earlier].reverse().find((r) => r.areas[area] !== undefined && r.completedAt < result.completedAt);
    if (prev) out.push({ area, from: prev.areas[area]!, to, since: day(prev.completedAt) });
  }
  return out;
}

/** The overall score against the latest earlier quick check, for a quick check. */
export function overallChange(result: SelfCheckResult, earlier: SelfCheckResult[]): { from: number; to: number; since: string } | undefined {
  if (result.kind !== 'quick') return undefined;
  const prev = [...earlier].reverse().find((r) => r.kind === 'quick' && r.completedAt < result.completedAt);
  return prev ? { from: prev.overall, to: result.overall, since: day(prev.completedAt) } : undefined;
}

/**
 * The city's profile now (this result over the earlier ones, area by area) and before it, for the
 * chart: a deep-dive of one area still shows the whole picture.
 */
export function profiles(result: SelfCheckResult, earlier: SelfCheckResult[]): { now: AreaScores; before: AreaScores; beforeDate?: string } {
  const before: AreaScores = {};
  let beforeDate: string | undefined;
  for (const r of earlier) {
    if (r.completedAt >= result.completedAt) continue;
    Object.assign(before, r.areas);
    beforeDate = day(r.completedAt);
  }
  return { now: { ...before, ...result.areas }, before, ...(beforeDate ? { beforeDate } : {}) };
}

/** The `n` lowest-scoring areas of a result, Index order breaking ties. */
export function weakestAreas(areas: AreaScores, n = 3): AreaId[] {
  return AREA_IDS.filter((a) => areas[a] !== undefined)
    .sort((a, b) => areas[a]! - areas[b]! || AREA_IDS.indexOf(a) - AREA_IDS.indexOf(b))
    .slice(0, n);
}

export interface WeakestTie {
  /** The shown (rounded) score the tied areas share. */
  score: number;
  /** Every scored area at that score, in Index order. */
  areas: AreaId[];
}

/**
 * When the `n` weakest areas cut through a tie (the n-th and the next area show the same score), the
 * score and every area at it: the first `n` are then only the first in the Index's order, and the
 * reply says so. Undefined when the cut-off is clean.
 */
export function tiedWeakest(areas: AreaScores, n = 3): WeakestTie | undefined {
  const scored = AREA_IDS.filter((a) => areas[a] !== undefined);
  const order = weakestAreas(areas, scored.length);
  if (order.length <= n) return undefined;
  const cut = shown(areas[order[n - 1]!]!);
  if (shown(areas[order[n]!]!) !== cut) return undefined;
  return { score: cut, areas: scored.filter((a) => shown(areas[a]!) === cut) };
}

/** "A, B and C" in the reply's language (British English's list style for English). */
export function listOf(locale: string, items: string[]): string {
  try {
    return new Intl.ListFormat(locale === 'en' ? 'en-GB' : locale, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** The sentence about a tie of the weakest areas, or undefined when there is none. */
export function tieNote(ctx: Pick<Ctx, 'content' | 't' | 'locale'>, areas: AreaScores): string | undefined {
  const tie = tiedWeakest(areas);
  if (!tie) return undefined;
  const scored = AREA_IDS.filter((a) => areas[a] !== undefined).length;
  if (tie.areas.length === scored) return ctx.t('selfcheck.results.allTied', { count: scored, score: tie.score });
  return ctx.t('selfcheck.results.tied', { areas: listOf(ctx.locale, tie.areas.map((a) => areaName(ctx, a))), score: tie.score });
}

const practiceCities = new WeakMap<Content, Map<string, City>>();

function cityOfPractice(content: Content, practiceId: string): City | undefined {
  let map = practiceCities.get(content);
  if (!map) {
    map = new Map();
    for (const c of content.cities) for (const p of c.practices) map.set(p, c);
    practiceCities.set(content, map);
  }
  return map.get(practiceId);
}

/**
 * Practices for an area: those filed under it, best match first (the area is their main one, they
 * are focused on few areas), preferring cities of the same population band, never the city's own.
 */
export function recommendPractices(ctx: Pick<Ctx, 'content' | 'search'>, area: AreaId, city: City | undefined, n = 3): Practice[] {
  const r = ctx.search.run({ raw: `area:${area}`, terms: [], filters: { areas: [area], countries: [], cities: [] } }, { limit: 50 });
  const scored = r.hits
    .map((h) => h.practice)
    .filter((p) => !city || !city.practices.includes(p.id))
    .map((p, i) => {
      const band = cityOfPractice(ctx.content, p.id)?.populationBand;
      const sameBand = city && city.populationBand !== 'unknown' && band === city.populationBand;
      return { p, i, score: (p.areas[0] === area ? 2 : 0) + (sameBand ? 1.5 : 0) - 0.25 * (p.areas.length - 1) };
    });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.slice(0, n).map((s) => s.p);
}

function areaName(ctx: Pick<Ctx, 'content' | 'locale'>, area: AreaId): string {
  return selfcheckText(ctx.content, ctx.locale).areas[area].name;
}

/** Where the chart of a result is written (privacy erase removes the charts of a person's results). */
export function chartPath(dataDir: string, scope: Pick<Turn, 'platform' | 'tenant'>, result: Pick<SelfCheckResult, 'city' | 'completedAt'>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80);
  return join(resolve(dataDir), 'charts', `${safe(scope.platform)}-${safe(scope.tenant)}`, `${safe(result.city)}-${safe(result.completedAt)}.png`);
}

/** The radar chart of this result against the earlier ones, written under the data dir. */
export function resultChart(ctx: Ctx, turn: Pick<Turn, 'platform' | 'tenant'>, result: SelfCheckResult, earlier: SelfCheckResult[]): ImageAttachment | undefined {
  const { now, before, beforeDate } = profiles(result, earlier);
  if (Object.keys(now).length < 3) return undefined;
  const city = cityDirectory(ctx.content).get(result.city)?.name ?? result.city;
  const axes = AREA_IDS.map((a) => areaName(ctx, a));
  const series = [];
  if (beforeDate) series.push({ label: ctx.t('selfcheck.chart.before', { date: beforeDate }), values: AREA_IDS.map((a) => before[a] ?? null), color: '#8a90a6', dashed: true });
  series.push({ label: ctx.t('selfcheck.chart.now', { date: day(result.completedAt) }), values: AREA_IDS.map((a) => now[a] ?? null), color: '#1f6feb' });
  const title = ctx.t('selfcheck.chart.title', { city });
  try {
    const path = writeRadarPng(chartPath(ctx.config.dataDir, turn, result), {
      title,
      subtitle: ctx.t('selfcheck.results.overall', { score: shown(result.overall) }),
      footnote: ctx.t('selfcheck.disclaimer'),
      axes,
      series,
      notScored: ctx.t('selfcheck.chart.notScored'),
    });
    return { path, title, alt: ctx.t('selfcheck.chart.alt', { city, areas: Object.keys(now).length }) };
  } catch (err) {
    // The text bars say the same; a chart that cannot be drawn must not cost the user the results.
    ctx.log.error('self-check chart failed', { err });
    return undefined;
  }
}

/** The lines every score reply and the shared card have: overall, bars, changes. */
export function scoreLines(ctx: Ctx, result: SelfCheckResult, earlier: SelfCheckResult[]): string[] {
  const lines = [ctx.t('selfcheck.results.overall', { score: shown(result.overall) })];
  const oc = overallChange(result, earlier);
  if (oc) lines.push(ctx.t('selfcheck.results.overallChange', { from: shown(oc.from), to: shown(oc.to), since: oc.since }));
  lines.push('');
  const unanswered: string[] = [];
  for (const area of AREA_IDS) {
    const s = result.areas[area];
    if (s !== undefined) lines.push(`${scoreBar(s)} ${String(shown(s)).padStart(3)}  ${areaName(ctx, area)}`);
    else if (result.kind === 'quick') unanswered.push(areaName(ctx, area));
  }
  if (unanswered.length) lines.push(ctx.t('selfcheck.results.unanswered', { count: unanswered.length, areas: unanswered.join(', ') }));
  const changes = areaChanges(result, earlier);
  const moved = changes.filter((c) => shown(c.from) !== shown(c.to));
  if (moved.length) {
    lines.push('', ctx.t('selfcheck.results.changesHeader'));
    for (const c of moved) lines.push(ctx.t('selfcheck.results.change', { area: areaName(ctx, c.area), from: shown(c.from), to: shown(c.to), since: c.since }));
  }
  if (changes.length > moved.length) lines.push(ctx.t('selfcheck.results.unchanged', { count: changes.length - moved.length }));
  return lines;
}

function weakAreaCard(ctx: Ctx, area: AreaId, score: number, city: City | undefined): Card {
  const text = selfcheckText(ctx.content, ctx.locale).areas[area];
  const practices = recommendPractices(ctx, area, city);
  const buttons: Button[] = [button(ctx.t('selfcheck.results.morePractices'), 'search', 'area', { a: area })];
  if (ctx.intents.has('peers')) buttons.push(button(ctx.t('selfcheck.results.peers'), 'peers', 'area', { a: area }));
  return {
    title: ctx.t('selfcheck.results.areaTitle', { area: text.name, score: shown(score) }),
    body: text.why,
    fields: practices.map((p) => ({ label: p.title, value: `${p.city}, ${p.country} · ${p.source}` })),
    buttons,
  };
}

/** The full results: summary with bars, chart and share button, then the weakest areas. */
export function resultReplies(ctx: Ctx, turn: Turn, result: SelfCheckResult, earlier: SelfCheckResult[]): Reply[] {
  const city = cityDirectory(ctx.content).get(result.city);
  const shownCity = city ? cityName(city, ctx.locale) : result.city;
  const ephemeral = turn.conversation.kind !== 'dm';
  const heading =
    result.kind === 'quick'
      ? ctx.t('selfcheck.results.titleQuick', { city: shownCity, date: day(result.completedAt) })
      : ctx.t('selfcheck.results.titleArea', { city: shownCity, date: day(result.completedAt), area: areaName(ctx, Object.keys(result.areas)[0] as AreaId) });
  const image = resultChart(ctx, turn, result, earlier);
  const weakest = weakestAreas(result.areas);
  const buttons: Button[] = [button(ctx.t('selfcheck.share.button'), 'selfcheck', 'share', { c: result.city, t: result.completedAt })];
  if (result.kind === 'quick' && weakest[0]) buttons.push(button(ctx.t('selfcheck.results.deepDive', { area: areaName(ctx, weakest[0]) }), 'selfcheck', 'start', { k: 'area', a: weakest[0] }));
  const summary: Reply = {
    text: [heading, ctx.t('selfcheck.disclaimer'), '', ...scoreLines(ctx, result, earlier)].join('\n'),
    buttons,
    ...(image ? { image } : {}),
    ...(ephemeral ? { ephemeral } : {}),
  };
  if (weakest.length === 0) return [summary];
  const weak: Reply = {
    text: [ctx.t('selfcheck.results.weakestHeader', { count: weakest.length }), tieNote(ctx, result.areas), ctx.t('selfcheck.disclaimer')].filter(Boolean).join('\n'),
    cards: weakest.map((a) => weakAreaCard(ctx, a, result.areas[a]!, city)),
    ...(ephemeral ? { ephemeral } : {}),
  };
  return [summary, weak];
}

/** The card posted to a working group's channel when the user shares a result. */
export function summaryCard(ctx: Ctx, result: SelfCheckResult, earlier: SelfCheckResult[]): Card {
  const known = cityDirectory(ctx.content).get(result.city);
  const cityShown = known ? cityName(known, ctx.locale) : result.city;
  const weakest = weakestAreas(result.areas);
  return {
    title: ctx.t('selfcheck.share.cardTitle', { city: cityShown, date: day(result.completedAt) }),
    subtitle: ctx.t('selfcheck.disclaimer'),
    fields: [
      { label: ctx.t('selfcheck.share.overall'), value: String(shown(result.overall)) },
      ...(weakest.length
        ? [{ label: ctx.t('selfcheck.share.weakest'), value: [weakest.map((a) => `${areaName(ctx, a)} ${shown(result.areas[a]!)}`).join(', '), tieNote(ctx, result.areas)].filter(Boolean).join('; ') }]
        : []),
    ],
    body: scoreLines(ctx, result, earlier).slice(1).join('\n').trim(),
  };
}
