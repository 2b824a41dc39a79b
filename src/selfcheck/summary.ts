/** The self-check's line on a home page: a run in progress, else the city's latest result. */
import { cityName } from '../cities/choose.js';
import type { AreaId } from '../content/schemas.js';
import type { IntentContext } from '../core/intent.js';
import { scopeOf, type Turn } from '../core/turn.js';
import { cityResults, selfcheckStores, selfcheckText } from './model.js';

export async function selfcheckSummary(turn: Turn, ctx: IntentContext): Promise<string | undefined> {
  const scope = scopeOf(turn);
  const run = await selfcheckStores(ctx.stores.store).runs.get(scope, turn.user.id);
  if (run) return ctx.t('selfcheck.summary.inProgress', { done: run.position, total: run.questions.length });
  const cityId = (await ctx.stores.profile.get(scope, turn.user.id))?.city;
  const city = cityId ? ctx.content.cities.find((c) => c.id === cityId) : undefined;
  if (!city) return undefined;
  const latest = (await cityResults(ctx.stores.store, scope, city.id)).at(-1);
  if (!latest) return ctx.t('selfcheck.summary.none', { city: cityName(city, ctx.locale) });
  const [weakest] = (Object.entries(latest.areas) as Array<[AreaId, number]>).sort((a, b) => a[1] - b[1]);
  const names = selfcheckText(ctx.content, ctx.locale).areas;
  return [
    ctx.t('selfcheck.summary.latest', {
      city: cityName(city, ctx.locale),
      date: latest.completedAt.slice(0, 10),
      overall: Math.round(latest.overall),
      weakest: weakest ? names[weakest[0]].name : '-',
      weakestScore: weakest ? Math.round(weakest[1]) : 0,
    }),
    ctx.t('selfcheck.disclaimer'),
  ].join(' ');
}
