/**
 * A Bolt global middleware that fills `context` with what every listener needs about the payload's
 * user: the bot token `authorize` found, and their locale and time zone from users.info (UserDirectory:
 * cached a day in the store, a few minutes in memory, one call for a burst). The lookup is started by
 * the listener once it has acked (Slack's 3 seconds), for the user of the turn it parsed; where the
 * answer itself must be in the ack (view submissions, opening a modal) `withinMs` bounds the wait.
 */
import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import type { Turn } from '../../core/turn.js';
import type { UserDirectory } from './users.js';

/** How long work bound by Slack's 3-second limit waits for users.info. */
export const QUICK_LOOKUP_MS = 1000;

export interface UserContext {
  /** The bot token for the payload's workspace. */
  token: string;
  /** The turn with its user's locale and time zone; `withinMs` bounds the wait (then it goes on without them). */
  withUser(turn: Turn, withinMs?: number): Promise<Turn>;
}

const KEY = 'iccUser';

export function userContext(users: UserDirectory): Middleware<AnyMiddlewareArgs> {
  return async ({ context, next }) => {
    const token = context.botToken;
    if (token) {
      const uc: UserContext = {
        token,
        withUser: async (turn, withinMs) => {
          const [tenant, user] = [turn.tenant, turn.user.id];
          const info = withinMs === undefined ? await users.lookup(tenant, token, user) : await users.lookupWithin(tenant, token, user, withinMs);
          return { ...turn, ...(info.locale ? { locale: info.locale } : {}), ...(info.timeZone ? { timeZone: info.timeZone } : {}) };
        },
      };
      context[KEY] = uc;
    }
    await next();
  };
}

/** What the middleware put in `context`; throws when authorize gave no bot token. */
export function userContextOf(context: Context): UserContext {
  const uc = context[KEY] as UserContext | undefined;
  if (!uc) throw new Error('no bot token in context');
  return uc;
}
