/**
 * Several `serve` replicas sharing one store: three apps (each with its own store connection, sender
 * and scheduler task) race on one due subscription. Runs on a shared SQLite file always, and on a real
 * Redis server when REDIS_URL is set (CI's .ci/run exports it); otherwise the Redis case is reported
 * as skipped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { SendError } from '../src/core/sender.js';
import { scopeOf, type Address } from '../src/core/turn.js';
import { claimId } from '../src/nudges/scheduler.js';
import { Subscriptions } from '../src/nudges/subscriptions.js';
import { fixedClock, testApp } from './helpers/app.js';
import { channel, digestsTo, nudgeRunner, say, uniqueTenant } from './helpers/nudges.js';

const REDIS_URL = process.env.REDIS_URL;
const backends: Array<[string, () => string]> = [['a shared SQLite file', () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'icc-replicas-')), 'icc.sqlite')}`]];
if (REDIS_URL) backends.push(['Redis', () => REDIS_URL]);
else console.warn('[skipped] nudges on Redis: REDIS_URL is not set, so the three-replica race ran on SQLite only');

const W49 = Date.parse('2026-11-30T08:00:00Z'); // Monday 09:00 Europe/Rome
const WEEK = 7 * 24 * 3600e3;
const at = (ms: number) => new Date(ms).toISOString();

let open: App[] = [];
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
  for (const a of open.splice(0)) await a.close();
  open = [];
  cleanup = [];
});

async function replicas(storeUrl: string) {
  const clock = fixedClock('2026-11-24T10:00:00Z');
  const apps = await Promise.all([0, 1, 2].map(() => testApp({ STORE_URL: storeUrl }, { clock })));
  open.push(...apps);
  // A unique tenant per test keeps runs on a shared Redis apart; the subscription and claims are removed after.
  const c: Address = channel(uniqueTenant('race-'));
  await say(apps[0]!, c, '/icc nudge weekly mon 09:00 Europe/Rome');
  cleanup.push(async () => {
    const subs = new Subscriptions(apps[0]!.stores.store);
    await subs.delete(scopeOf(c), c.conversation);
    for (let w = 49; w <= 50; w++) await subs.ns.release(scopeOf(c), claimId(c.conversation, `2026-W${w}`));
  });
  const runners = apps.map((app) => nudgeRunner(app));
  const ours = () => runners.flatMap((r) => digestsTo(r.sender, c.tenant));
  const attemptsBy = () => runners.map((r) => r.sender.attempts.filter((a) => a.tenant === c.tenant).length);
  return { clock, apps, c, runners, ours, attemptsBy };
}

describe.each(backends)('three replicas on %s', (_name, storeUrl) => {
  it('send exactly one digest for a due subscription, every week', async () => {
    const { clock, runners, ours, attemptsBy } = await replicas(storeUrl());
    clock.set(at(W49 + 5_000));
    const reports = await Promise.all(runners.map((r) => r.run()));
    expect(ours()).toHaveLength(1);
    // Only one replica even tried to send; the other two saw it due and lost the claim.
    expect(attemptsBy().sort()).toEqual([0, 0, 1]);
    expect(reports.reduce((n, r) => n + r.lostClaims, 0)).toBeGreaterThanOrEqual(2);

    // More ticks from every replica in the same week change nothing.
    clock.set(at(W49 + 35_000));
    await Promise.all(runners.flatMap((r) => [r.run(), r.run()]));
    expect(ours()).toHaveLength(1);

    clock.set(at(W49 + WEEK + 1_000));
    await Promise.all(runners.map((r) => r.run()));
    expect(ours()).toHaveLength(2);
  });

  it('when the winner is rate-limited, another replica sends after Retry-After: the week is not lost', async () => {
    const { clock, runners, ours, attemptsBy } = await replicas(storeUrl());
    for (const r of runners) r.sender.failures.push(new SendError('rate-limited', 'ratelimited', { retryAfterMs: 60_000 }));
    clock.set(at(W49));
    await Promise.all(runners.map((r) => r.run()));
    expect(ours()).toHaveLength(0);
    expect(attemptsBy().reduce((a, b) => a + b, 0)).toBe(1);
    const loser = runners[attemptsBy().indexOf(0)]!;

    clock.set(at(W49 + 30_000));
    expect(await loser.run()).toMatchObject({ sent: 0 });
    clock.set(at(W49 + 60_000));
    for (const r of runners) r.sender.failures.length = 0;
    expect(await loser.run()).toMatchObject({ sent: 1 });
    await Promise.all(runners.map((r) => r.run()));
    expect(ours()).toHaveLength(1);
  });

  it('a replica that read the subscription before a 429 still waits for Retry-After after winning the released claim', async () => {
    const { clock, apps, runners, ours } = await replicas(storeUrl());
    const [a, b] = runners as [(typeof runners)[0], (typeof runners)[0]];
    a.sender.failures.push(new SendError('rate-limited', 'ratelimited', { retryAfterMs: 60_000 }));
    // B has read the subscription (no retry recorded yet); right before B claims, A runs its whole
    // attempt: claim, 429, record the retry time, give the claim back. Then B wins the claim.
    const backend = apps[1]!.stores.store.backend;
    const claim = backend.claim.bind(backend);
    let aRan = false;
    backend.claim = async (key, ttl) => {
      if (!aRan && key.startsWith('nudge|')) {
        aRan = true;
        expect(await a.run()).toMatchObject({ failed: 1 });
      }
      return claim(key, ttl);
    };
    clock.set(at(W49));
    expect(await b.run()).toMatchObject({ sent: 0, deferred: 1 });
    expect(aRan).toBe(true);
    expect(b.sender.attempts).toHaveLength(0);
    expect(ours()).toHaveLength(0);
    clock.set(at(W49 + 60_000));
    expect(await b.run()).toMatchObject({ sent: 1 });
  });
});
