/**
 * The curators' weekly digest, a tick task. Every tick, each replica looks at the workspaces that have
 * CURATORS; once the week's send time (Monday 09:00 in DEFAULT_TIME_ZONE) has come, and while it is within
 * NUDGE_GRACE_HOURS of it, it claims `(week, curator)` atomically in the shared store (the claim the
 * nudges use: SQLite upsert, Redis SET NX PX) before sending, so each curator gets one digest a week
 * whatever the number of replicas. A lost claim never sends. A passing failure gives the claim back (a
 * later tick retries within the window, not sooner than a minute on this replica); a curator who cannot
 * be reached (gone, forbidden, no direct conversation) keeps the claim: nothing more that week.
 */
import { SendError } from '../core/sender.js';
import type { Scope, Platform } from '../core/turn.js';
import type { JobDeps } from '../feature.js';
import { previousOccurrence, type WeeklySpec } from '../nudges/schedule.js';
import { DIGEST_DAYS, gapDigest } from './digest.js';
import { listGaps } from './store.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Comfortably longer than the week the claim guards. */
export const DIGEST_CLAIM_TTL_MS = 14 * DAY_MS;
const RETRY_MS = 60 * 1000;
const PLATFORMS: readonly Platform[] = ['console', 'slack', 'teams'];

export interface GapDigestReport {
  sent: number;
  /** Claims another replica (or an earlier tick) already held. */
  lostClaims: number;
  /** Curators of a workspace with no gap to report this week. */
  empty: number;
  failed: number;
}

export const digestClaimId = (week: string, curator: string) => `digest|${week}|${curator}`;

/** `platform:tenant` (src/workspace-settings.ts) -> a scope; the tenant may contain `:` (Teams ids do). */
function scopeOfKey(key: string): Scope | undefined {
  const i = key.indexOf(':');
  const platform = key.slice(0, i) as Platform;
  return i > 0 && PLATFORMS.includes(platform) ? { platform, tenant: key.slice(i + 1) } : undefined;
}

export function createGapDigestTask({ app, senders }: JobDeps) {
  const log = app.log.child({ task: 'gap-digest' });
  const i18n = app.bot.deps.i18n;
  const claims = app.stores.store.namespace<true>('gap-digest');
  const windowMs = Math.max(app.config.nudges.graceHours * HOUR_MS, 2 * app.config.nudges.tickSeconds * 1000);
  const spec: WeeklySpec = { day: 'mon', time: '09:00', timeZone: app.config.defaultTimeZone };
  // This replica's wait after a passing failure, by workspace and curator.
  const notBefore = new Map<string, number>();

  async function workspace(scope: Scope, curators: readonly string[], now: Date, report: GapDigestReport): Promise<void> {
    const occ = previousOccurrence(spec, now);
    if (now.getTime() - occ.at.getTime() > windowMs) return;
    const sender = senders.for(scope.platform);
    if (!sender) return;
    let gaps: Awaited<ReturnType<typeof listGaps>> | undefined;
    for (const curator of new Set(curators)) {
      const wait = `${scope.platform}|${scope.tenant}|${curator}`;
      if ((notBefore.get(wait) ?? 0) > now.getTime()) continue;
      const claim = digestClaimId(occ.week, curator);
      if (!(await claims.claim(scope, claim, DIGEST_CLAIM_TTL_MS))) {
        report.lostClaims++;
        continue;
      }
      try {
        gaps ??= await listGaps(app.stores.store, scope, new Date(now.getTime() - DIGEST_DAYS * DAY_MS), now);
      } catch (err) {
        await claims.release(scope, claim);
        throw err;
      }
      if (gaps.length === 0) {
        // Nothing asked in vain: the week is done for this curator.
        report.empty++;
        continue;
      }
      const profile = await app.stores.profile.get(scope, curator).catch(() => undefined);
      const locale = i18n.supported(profile?.locale) ?? i18n.supported(app.config.defaultLocale) ?? 'en';
      const reply = gapDigest(i18n.translator(locale), gaps, { days: DIGEST_DAYS, propose: app.bot.intents.has('propose') })!;
      const fields = { tenant: scope.tenant, curator, week: occ.week };
      try {
        const dm = await sender.openConversation(scope, [curator]);
        if (!dm) {
          log.warn('gap digest: no direct conversation with the curator', fields);
          report.failed++;
          continue;
        }
        await sender.send(dm, [{ ...reply, locale }]);
        report.sent++;
        log.info('gap digest sent', { ...fields, gaps: gaps.length });
      } catch (err) {
        report.failed++;
        if (err instanceof SendError && (err.reason === 'gone' || err.reason === 'forbidden')) {
          log.warn('gap digest: curator unreachable this week', { ...fields, reason: err.reason, err });
          continue;
        }
        const retryMs = err instanceof SendError && err.retryAfterMs ? Math.max(err.retryAfterMs, RETRY_MS) : RETRY_MS;
        notBefore.set(wait, now.getTime() + retryMs);
        await claims.release(scope, claim);
        log.warn('gap digest failed, will retry', { ...fields, err });
      }
    }
  }

  return {
    name: 'gap-digest',
    async run(): Promise<GapDigestReport> {
      const report: GapDigestReport = { sent: 0, lostClaims: 0, empty: 0, failed: 0 };
      const now = app.clock.now();
      for (const [key, curators] of app.config.curators) {
        const scope = scopeOfKey(key);
        if (!scope) continue;
        try {
          await workspace(scope, curators, now, report);
        } catch (err) {
          report.failed++;
          log.error('gap digest failed', { tenant: scope.tenant, err });
        }
      }
      return report;
    },
  };
}

/** The gaps feature's tick task (src/features/gaps.ts). */
export const gapDigestTaskFactory = (deps: JobDeps) => createGapDigestTask(deps);
