/** A quick self-check started through the bot for a fresh console user of a given language (city Oslo), and its saved run. */
import type { App } from '../../src/app.js';
import type { Turn } from '../../src/core/turn.js';
import { selfcheckStores } from '../../src/selfcheck/model.js';
import { turn } from './app.js';

export const CONSOLE_SCOPE = { platform: 'console' as const, tenant: 'T1' };

export function selfcheckRunner(app: () => App, prefix: string) {
  let n = 0;
  return {
    async started(locale: string): Promise<Partial<Turn>> {
      const over: Partial<Turn> = { user: { id: `${prefix}${++n}` } };
      await app().stores.profile.set(CONSOLE_SCOPE, over.user!.id, { locale, city: 'oslo', updatedAt: new Date().toISOString() });
      await app().bot.handle(turn('/icc check', over));
      return over;
    },
    run: (over: Partial<Turn>) => selfcheckStores(app().stores.store).runs.get(CONSOLE_SCOPE, over.user!.id),
  };
}
