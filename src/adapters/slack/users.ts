/**
 * A user's locale and time zone from users.info (`include_locale`), cached in the store for a day so
 * a conversation costs one lookup a day, not one a message, and in memory for a few minutes so it
 * costs no store read either. A `user_change` event (the user changed language or time zone in
 * Slack) drops both, on the replica that receives it. A failed lookup is remembered briefly and
 * the turn goes on without them (the bot then falls back to the workspace default language).
 */
import { z } from 'zod';
import type { Logger } from '../../core/log.js';
import type { Namespace } from '../../core/store.js';
import { within } from '../../core/within.js';
import type { SlackApi } from './api.js';
import { SLACK_RETENTION, slackScope, type UserInfo } from './state.js';

const UsersInfoSchema = z.object({
  user: z.object({
    locale: z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/).optional(),
    tz: z.string().max(64).optional(),
  }),
});

function validTimeZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

/** How long this process reuses a user's details without reading the store (they change rarely; the store keeps them a day). */
export const USER_MEMO_MS = 5 * 60 * 1000;
const USER_MEMO_MAX = 10_000;

export class UserDirectory {
  /** Lookups in flight, so a burst of messages from one user costs one users.info call. */
  private readonly inflight = new Map<string, Promise<UserInfo>>();
  /** Recent answers, so a conversation's every message does not read (and parse) the store entry. */
  private readonly memo = new Map<string, { info: UserInfo; until: number }>();

  constructor(
    private readonly ns: Namespace<UserInfo>,
    private readonly api: SlackApi,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  lookup(tenant: string, token: string, userId: string): Promise<UserInfo> {
    const key = `${tenant}|${userId}`;
    const known = this.memo.get(key);
    if (known && known.until > this.now()) return Promise.resolve(known.info);
    let p = this.inflight.get(key);
    if (!p) {
      p = this.fetch(tenant, token, userId)
        .then((info) => {
          if (this.memo.size >= USER_MEMO_MAX) this.memo.clear();
          this.memo.set(key, { info, until: this.now() + USER_MEMO_MS });
          return info;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  /** Drops what is known about a user (Slack said they changed their profile), so the next turn asks users.info again. */
  async forget(tenant: string, userId: string): Promise<void> {
    this.memo.delete(`${tenant}|${userId}`);
    await this.ns.delete(slackScope(tenant), userId);
  }

  /** Like `lookup`, but gives up after `ms` (for work that must answer Slack within 3 seconds); the lookup still fills the cache. */
  lookupWithin(tenant: string, token: string, userId: string, ms: number): Promise<UserInfo> {
    return within(this.lookup(tenant, token, userId), ms, () => ({}));
  }

  private async fetch(tenant: string, token: string, userId: string): Promise<UserInfo> {
    const scope = slackScope(tenant);
    const cached = await this.ns.get(scope, userId).catch(() => undefined);
    if (cached) return cached;
    let info: UserInfo = {};
    let ttl: number = SLACK_RETENTION.userInfoMs;
    try {
      const parsed = UsersInfoSchema.safeParse(await this.api.call(token, 'users.info', { user: userId, include_locale: true }));
      if (parsed.success) {
        const tz = validTimeZone(parsed.data.user.tz);
        info = { ...(parsed.data.user.locale ? { locale: parsed.data.user.locale.replace('_', '-') } : {}), ...(tz ? { timeZone: tz } : {}) };
      }
    } catch (err) {
      this.log.warn('users.info failed; answering without the user locale', { err: (err as Error).message });
      ttl = SLACK_RETENTION.userInfoFailureMs;
    }
    await this.ns.set(scope, userId, info, ttl).catch((err: unknown) => this.log.warn('could not cache user info', { err }));
    return info;
  }
}
