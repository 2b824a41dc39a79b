/**
 * The weekly-nudge tick task. On every tick it walks every tenant's subscriptions and, for each one
 * whose weekly send is due, claims `(subscription, ISO week)` atomically in the shared store BEFORE
 * sending (SQLite single-statement upsert, Redis SET NX PX), so with several `serve` replicas, or after
 * a restart, one digest goes out per week. A lost claim never sends.
 *
 * - Catch-up: only the latest scheduled send is considered, and only while it is within the grace
 *   window (NUDGE_GRACE_HOURS): a replica starting late sends once, never a backlog.
 * - Passing failures (rate-limited with or without Retry-After, transient, unsupported, any other
 *   error) record `retry.notBefore` on the subscription, then release the claim; any replica retries
 *   after that instant while the window is open, so the week is not lost to a 429.
 * - `gone` / `forbidden` (channel deleted or archived, bot removed, Teams 403/404): the week stays
 *   claimed, the subscription is marked broken and stops, and its creator gets a direct note (in the
 *   direct conversation remembered from them, else one the platform sender opens, else none).
 * - Pacing: at most one message per second per conversation from this process (a send that would
 *   break it waits for the next tick); across replicas the claim already limits a channel to one
 *   digest a week.
 * Time comes from the injected clock only.
 */
import type { Logger } from '../core/log.js';
import { SendError } from '../core/sender.js';
import type { Address, Scope } from '../core/turn.js';
import type { JobDeps } from '../scheduler/registry.js';
import { buildDigest, indexSelfCheckResults } from './digest.js';
import { Subscriptions, dueOccurrence, type Subscription } from './subscriptions.js';

const HOUR_MS = 60 * 60 * 1000;
/** A claimed week stays claimed for two weeks: comfortably more than the week it guards. */
export const CLAIM_TTL_MS = 14 * 24 * HOUR_MS;
/** At most one message per this many milliseconds to one conversation. */
export const PACE_MS = 1000;
const RETRY_BASE_MS = 60 * 1000;
const RETRY_MAX_MS = 30 * 60 * 1000;

export interface NudgeTickReport {
  /** Subscriptions with a send due now. */
  due: number;
  sent: number;
  /** Due sends another replica (or an earlier tick) had already claimed. */
  lostClaims: number;
  /** Due sends left for a later tick (pacing, Retry-After, no sender for the platform here). */
  deferred: number;
  /** Subscriptions stopped because their conversation is gone or forbidden. */
  broken: number;
  /** Sends that failed and will be retried, or subscriptions that could not be processed. */
  failed: number;
}

export interface NudgeTask {
  name: string;
  /** At start-up (`serve`): indexes the subscriptions and self-check results stored before the indexes existed. */
  prepare(): Promise<void>;
  run(): Promise<NudgeTickReport>;
}

export const claimId = (conversation: string, week: string) => `sent|${conversation}|${week}`;

export function createNudgeTask({ app, senders }: JobDeps): NudgeTask {
  const subs = new Subscriptions(app.stores.store);
  const log: Logger = app.log.child({ task: 'nudges' });
  const i18n = app.bot.deps.i18n;
  const windowMs = Math.max(app.config.nudges.graceHours * HOUR_MS, 2 * app.config.nudges.tickSeconds * 1000);
  const lastPost = new Map<string, number>();
  const conversationKey = (a: Address) => `${a.platform}|${a.tenant}|${a.conversation}`;

  const paced = (address: Address, now: number) => {
    const last = lastPost.get(conversationKey(address));
    return last !== undefined && now >= last && now - last < PACE_MS;
  };
  const posted = (address: Address, now: number) => {
    if (lastPost.size > 10_000) lastPost.clear();
    lastPost.set(conversationKey(address), now);
  };

  async function notifyCreator(scope: Scope, sub: Subscription, reason: 'gone' | 'forbidden', now: number): Promise<void> {
    const sender = senders.for(sub.address.platform);
    // A direct conversation seen earlier (it carries the adapter's reference, which Teams needs),
    // else one the platform opens now.
    const known = await subs.contacts.get(scope, sub.createdBy.id).catch((err: unknown) => {
      log.warn('cannot read the creator contact', { tenant: scope.tenant, user: sub.createdBy.id, err });
      return undefined;
    });
    const dm =
      known ??
      (await sender?.openConversation(scope, [sub.createdBy.id]).catch((err: unknown) => {
        log.warn('cannot open a direct conversation with the subscription creator', { tenant: scope.tenant, user: sub.createdBy.id, err });
        return null;
      }));
    if (!sender || !dm) {
      log.info('broken nudge: creator not notified (no direct conversation)', { tenant: scope.tenant, conversation: sub.address.conversation });
      return;
    }
    const t = i18n.translator(i18n.supported(sub.locale) ?? 'en');
    try {
      await sender.send(dm, [{ text: t('nudges.broken.note', { conversation: sub.address.conversation, reason: t(`nudges.reason.${reason}`) }) }]);
      posted(dm, now);
    } catch (err) {
      log.warn('cannot notify the subscription creator', { tenant: scope.tenant, user: sub.createdBy.id, err });
    }
  }

  async function consider(scope: Scope, id: string, now: Date, report: NudgeTickReport): Promise<void> {
    const sub = await subs.get(scope, id);
    if (!sub) return subs.unindexIfGone(scope, id);
    const occ = dueOccurrence(sub, now, windowMs);
    if (!occ) return;
    report.due++;
    const nowMs = now.getTime();
    if (!senders.for(sub.address.platform) || (sub.retry?.week === occ.week && Date.parse(sub.retry.notBefore) > nowMs) || paced(sub.address, nowMs)) {
      report.deferred++;
      return;
    }
    const claim = claimId(id, occ.week);
    if (!(await subs.ns.claim(scope, claim, CLAIM_TTL_MS))) {
      report.lostClaims++;
      return;
    }
    const fields = { tenant: scope.tenant, conversation: id, week: occ.week };

    // Re-read after winning: the settings may have changed (off, paused, sent) since the scan.
    let fresh: Subscription | undefined;
    let digest: Awaited<ReturnType<typeof buildDigest>>;
    try {
      fresh = await subs.get(scope, id);
      const still = fresh && dueOccurrence(fresh, now, windowMs);
      // A replica that read the record before a failed attempt recorded its retry time may win the
      // claim that attempt gave back: it must still wait for Retry-After.
      const waiting = fresh?.retry?.week === occ.week && Date.parse(fresh.retry.notBefore) > nowMs;
      if (!fresh || still?.week !== occ.week || waiting) {
        await subs.ns.release(scope, claim);
        if (waiting) report.deferred++;
        return;
      }
      const locale = i18n.supported(fresh.locale) ?? 'en';
      digest = await buildDigest({ content: app.content, search: app.search, stores: app.stores, t: i18n.translator(locale), locale }, scope, id, fresh, occ.week);
    } catch (err) {
      await subs.ns.release(scope, claim);
      throw err;
    }
    if (!digest) {
      await subs.ns.release(scope, claim);
      log.warn('no practice to send', fields);
      return;
    }

    try {
      posted(fresh.address, nowMs);
      await senders.send(fresh.address, [digest.reply]);
    } catch (err) {
      if (err instanceof SendError && (err.reason === 'gone' || err.reason === 'forbidden')) {
        // The week stays claimed: nothing more goes to a channel that is gone.
        const reason = err.reason;
        await subs.update(scope, id, ({ retry: _r, ...s }) => ({ ...s, status: 'broken', brokenReason: reason }));
        report.broken++;
        log.warn('nudge channel unreachable: subscription stopped', { ...fields, reason, err });
        await notifyCreator(scope, fresh, reason, nowMs);
        return;
      }
      const attempts = (fresh.retry?.week === occ.week ? fresh.retry.attempts : 0) + 1;
      const asked = err instanceof SendError && err.reason === 'rate-limited' ? err.retryAfterMs : undefined;
      const delay = asked !== undefined && asked > 0 ? asked : Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
      const notBefore = new Date(nowMs + delay).toISOString();
      // Record the retry time before giving the claim back, so no replica retries early.
      await subs.update(scope, id, (s) => ({ ...s, retry: { week: occ.week, notBefore, attempts } }));
      await subs.ns.release(scope, claim);
      report.failed++;
      log.warn('nudge send failed, will retry', { ...fields, attempts, notBefore, reason: err instanceof SendError ? err.reason : 'error', err });
      return;
    }

    const pick = digest.pick;
    await subs.update(scope, id, ({ retry: _r, pausedUntil, ...s }) => ({
      ...s,
      ...(s.status === 'paused' ? { status: 'active' as const } : pausedUntil ? { pausedUntil } : {}),
      history: pick.history,
      topicCursor: pick.topicCursor,
      skipWeeks: s.skipWeeks.filter((w) => w > occ.week),
      lastSent: { week: occ.week, at: now.toISOString(), practice: pick.practice.id, topic: pick.topic },
    }));
    report.sent++;
    log.info('nudge sent', { ...fields, practice: pick.practice.id, topic: pick.topic });
  }

  return {
    name: 'nudges',
    async prepare() {
      await Promise.all([subs.ready(), indexSelfCheckResults(app.stores.store)]);
    },
    async run() {
      const report: NudgeTickReport = { due: 0, sent: 0, lostClaims: 0, deferred: 0, broken: 0, failed: 0 };
      const now = app.clock.now();
      for await (const { scope, id } of subs.all()) {
        try {
          await consider(scope, id, now, report);
        } catch (err) {
          report.failed++;
          log.error('nudge failed', { tenant: scope.tenant, conversation: id, err });
        }
      }
      return report;
    },
  };
}

/** For `tickTaskFactories` in src/scheduler/registry.ts. */
export const nudgeTaskFactory = (deps: JobDeps): NudgeTask => createNudgeTask(deps);
