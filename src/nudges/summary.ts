/** The nudges' line on a home page: this workspace's weekly subscriptions. */
import type { IntentContext } from '../core/intent.js';
import { scopeOf, type Turn } from '../core/turn.js';
import { Subscriptions, effectiveStatus } from './subscriptions.js';

export async function nudgesSummary(turn: Turn, ctx: IntentContext): Promise<string | undefined> {
  const subs = new Subscriptions(ctx.stores.store);
  const scope = scopeOf(turn);
  const lines: string[] = [];
  for (const id of await subs.ids(scope)) {
    const sub = await subs.get(scope, id);
    if (!sub || effectiveStatus(sub, ctx.clock.now()) === 'off') continue;
    lines.push(ctx.t('nudges.summary.item', { channel: id, day: sub.day, time: sub.time, zone: sub.timeZone, status: effectiveStatus(sub, ctx.clock.now()) }));
  }
  return lines.length ? [ctx.t('nudges.summary.title', { count: lines.length }), ...lines].join('\n') : undefined;
}
