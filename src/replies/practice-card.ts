/** How a practice looks in any reply (search, self-check recommendations, nudges, peers). */
import type { AreaId, Practice } from '../content/schemas.js';
import type { IntentContext } from '../core/intent.js';
import { button } from '../core/intent.js';
import type { Card } from '../core/turn.js';
import { countryCode, localCityName } from '../search/places.js';

/** The end of a sentence: stops, then any closing quotes or brackets ("…'Learn Arabic!' and"), then a space or the end. */
const SENTENCE_END = /[.!?]+['"’”»)\]]*(?=\s|$)/gu;

/**
 * About two lines of text: whole sentences while they fit, else cut at a word with an ellipsis.
 * Always a beginning of `text`: no sentence is ever dropped in front of what is shown.
 */
export function shortSummary(text: string, max = 220): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const stop = m.index + m[0].length;
    if (stop > max) break;
    end = stop;
  }
  if (end >= max * 0.5) return text.slice(0, end).trim();
  const cut = text.slice(0, max - 1);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).trimEnd() + '…';
}

/**
 * The month a practice was checked (`verified`, YYYY-MM-DD) as a Date in the middle of that month,
 * so no time zone moves it into another; the message formats it with Intl.DateTimeFormat in the
 * reply's language ("checked Nov 2026", "vérifié en nov. 2026").
 */
export function verifiedMonth(verified: string): Date {
  const [y, m] = verified.split('-').map(Number);
  return new Date(Date.UTC(y!, (m ?? 1) - 1, 15, 12));
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

const regionNames = new Map<string, Intl.DisplayNames>();

/** A country's name in the reply's language ("Німеччина", "Deutschland"), from the runtime's CLDR data. */
export function countryLabel(country: string, locale: string | undefined): string {
  const code = locale && locale !== 'en' ? countryCode(country) : undefined;
  if (!code || !locale) return country;
  try {
    let names = regionNames.get(locale);
    if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region' })));
    return names.of(code) ?? country;
  } catch {
    return country;
  }
}

/** A practice as a card in the reply's language; `full` shows the whole summary (a "tell me more" answer). */
export function practiceCard(ctx: Pick<IntentContext, 'search' | 't'> & AreaCtx, practice: Practice, opts: { moreLikeThis?: boolean; full?: boolean } = {}): Card {
  const where = [practice.city && localCityName(practice.city, ctx.locale), practice.country && countryLabel(practice.country, ctx.locale)].filter(Boolean).join(', ');
  const text = localizedPractice(practice, ctx.locale);
  return {
    title: text.title,
    url: practice.source,
    // When it was last checked against the facts: people trust what they can date.
    subtitle: [where, practice.year, ctx.t('practice.checked', { date: verifiedMonth(practice.verified) })].filter(Boolean).join(' · '),
    fields: [{ label: ctx.t('practice.areas'), value: areaList(ctx, practice) }],
    body: opts.full ? text.summary : shortSummary(text.summary),
    buttons: opts.moreLikeThis === false ? [] : [button(ctx.t('search.moreLikeThis'), 'search', 'like', { id: practice.id })],
  };
}
