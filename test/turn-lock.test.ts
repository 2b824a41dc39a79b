/**
 * One user's turns in one conversation run one at a time, across replicas too: two TurnLocks (two
 * processes) sharing a lease in a real store, and two apps on one Redis answering a self-check
 * together (skipped, and said so, when REDIS_URL is not set).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../src/core/store.js';
import { scopeOf } from '../src/core/turn.js';
import { TurnLock, type Lease } from '../src/core/turn-lock.js';
import { selfcheckStores } from '../src/selfcheck/model.js';
import { testApp, turn, type TestApp } from './helpers/app.js';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('[skipped] turn lock across replicas on Redis: REDIS_URL is not set');

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const tick = () => new Promise((r) => setTimeout(r, 2));

/** A lease on `id` in a real (memory) store, as the bot takes one in Redis. */
async function storeLease(id: string): Promise<Lease> {
  const store = await Store.open('memory://');
  open.push(store);
  const ns = store.namespace<never>('dedupe');
  const scope = { platform: 'slack' as const, tenant: 'T1' };
  return { claim: (ttl) => ns.claim(scope, id, ttl), release: () => ns.release(scope, id) };
}

describe('turn lock', () => {
  it('two replicas sharing a lease never run the same conversation at once, and free it after', async () => {
    const lease = await storeLease('turn-lease|U1|C1');
    const replicas = [new TurnLock(), new TurnLock()];
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      inside++;
      most = Math.max(most, inside);
      await tick();
      await tick();
      order.push(n);
      inside--;
      return n;
    };
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => replicas[n % 2]!.run('slack|T1|U1|C1', task(n), lease)));
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(1);
    expect(order).toHaveLength(6);
    // Released: the next claim wins at once.
    expect(await lease.claim(1000)).toBe(true);
  });

  it('goes on without the lease when another replica holds it too long, or when the store fails', async () => {
    const lease = await storeLease('held');
    expect(await lease.claim(60_000)).toBe(true); // a replica that died holding it
    const gaveUp: string[] = [];
    const lock = new TurnLock({ waitMs: 30, onGiveUp: (r) => gaveUp.push(r) });
    expect(await lock.run('k', async () => 'answered', lease)).toBe('answered');
    expect(gaveUp).toEqual(['timeout']);
    // It did not free the other replica's lease.
    expect(await lease.claim(1000)).toBe(false);

    const broken: Lease = { claim: async () => Promise.reject(new Error('Redis is down')), release: async () => undefined };
    expect(await lock.run('k', async () => 'still answered', broken)).toBe('still answered');
    expect(gaveUp).toEqual(['timeout', 'store']);
  });

  it('does not wait on a stalled store: gives up after the claim timeout and undoes a claim that lands late', async () => {
    let released = 0;
    const stalled: Lease = { claim: () => new Promise<boolean>(() => undefined), release: async () => void released++ };
    const gaveUp: string[] = [];
    const lock = new TurnLock({ claimTimeoutMs: 40, onGiveUp: (r) => gaveUp.push(r) });
    const started = Date.now();
    expect(await lock.run('k', async () => 'answered', stalled)).toBe('answered');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(gaveUp).toEqual(['store']);
    expect(released).toBe(1);
  });

  it.skipIf(!REDIS_URL)('two apps on one Redis record both of two answers sent to them together', async () => {
    const apps: TestApp[] = [];
    for (let i = 0; i < 2; i++) apps.push(await testApp({ STORE_URL: REDIS_URL! }));
    open.push(...apps);
    const [a, b] = apps as [TestApp, TestApp];
    const tenant = `TL${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const say = (app: TestApp, text: string) => app.bot.handle(turn(text, { tenant, conversation: { platform: 'console', tenant, conversation: 'C1', kind: 'dm' } }));
    await say(a, 'my city is Bergen');
    await say(a, 'start the self-check');
    const runs = selfcheckStores(a.stores.store).runs;
    const scope = scopeOf({ platform: 'console', tenant });
    for (let round = 1; round <= 3; round++) {
      await Promise.all([say(a, 'yes'), say(b, 'no')]);
      const run = (await runs.get(scope, 'U1'))!;
      expect(run.position, `round ${round}`).toBe(2 * round);
      expect(Object.keys(run.answers)).toHaveLength(2 * round);
    }
    await say(a, 'cancel');
  });
});
