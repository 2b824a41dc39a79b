/** How a practice looks in any reply (search, self-check recommendations, nudges, peers). */
import type { AreaId, Practice } from '../content/schemas.js';
import type { IntentContext } from '../core/intent.js';
import { button } from '../core/intent.js';
import type { Card } from '../core/turn.js';

/** About two lines of text: whole sentences while they fit, else cut at a word with an ellipsis. */
export function shortSummary(text: string, max = 220): string {
  if (text.length <= max) return text;
  const sentences = text.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [];
  let out = '';
  for (const s of sentences) {
    if ((out + s).trim().length > max) break;
    out += s;
  }
  if (out.trim().length >= max * 0.5) return out.trim();
  const cut = text.slice(0, max - 1);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).trimEnd() + '…';
}

/** A practice's title and summary in a language, when it has them, else the English entry's. */
export function localizedPractice(practice: Practice, locale: string | undefined): { title: string; summary: string } {
  const t = locale ? practice.translations?.[locale] : undefined;
  return t ?? { title: practice.title, summary: practice.summary };
}

type AreaCtx = Pick<IntentContext, 'search'> & Partial<Pick<IntentContext, 'content' | 'locale'>>;

/** A policy area's name in the reply's language (from the self-check texts), else the search's English name. */
export function areaLabel(ctx: AreaCtx, area: AreaId): string {
  return (ctx.locale && ctx.content?.selfcheck.text.get(ctx.locale)?.areas[area]?.name) || ctx.search.areaName(area);
}

export function areaList(ctx: AreaCtx, practice: Practice): string {
  return practice.areas.map((a) => areaLabel(ctx, a)).join(', ');
}

export function practiceCard(ctx: Pick<IntentContext, 'search' | 't'> & AreaCtx, practice: Practice, opts: { moreLikeThis?: boolean } = {}): Card {
  const where = [practice.city, practice.country].filter(Boolean).join(', ');
  const text = localizedPractice(practice, ctx.locale);
  return {
    title: text.title,
    url: practice.source,
    subtitle: practice.year ? `${where} · ${practice.year}` : where,
    fields: [{ label: ctx.t('practice.areas'), value: areaList(ctx, practice) }],
    body: shortSummary(text.summary),
    buttons: opts.moreLikeThis === false ? [] : [button(ctx.t('search.moreLikeThis'), 'search', 'like', { id: practice.id })],
  };
}
