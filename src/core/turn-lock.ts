/**
 * Turns of one user in one conversation run one at a time, so two messages sent together (a double
 * click, "yes" and "no" typed fast) each see the other's dialog state instead of racing.
 *
 * Within a process a promise chain per key does it (KeyedLock). Replicas that share a networked store
 * (Redis) also take a short lease in the store for the turn: a message that reaches another replica
 * waits for it. The lease is a claim with a time-to-live, so a replica that dies holding one blocks
 * nobody for long; a turn that cannot get it within `waitMs` (or when the store is down) goes on
 * without it: an answer late or racing is better than none.
 */
import { KeyedLock } from './keyed-lock.js';
import { within } from './within.js';

/** One conversation's lease in the shared store. */
export interface Lease {
  /** Takes it for `ttlMs`; false when someone (any replica) holds it. */
  claim(ttlMs: number): Promise<boolean>;
  release(): Promise<void>;
}

export interface TurnLockOptions {
  /** Longest a lease is held. A turn takes milliseconds; one slowed by a failing store may outlive it (then two may overlap). */
  ttlMs: number;
  /** Longest a turn waits for another replica's turn before going on. */
  waitMs: number;
  /** Longest one claim may take: a store that slow is treated as down (the turn goes on, and says so if it needs the store). */
  claimTimeoutMs: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Called when a turn goes on without the lease (timed out or the store failed). */
  onGiveUp?(reason: 'timeout' | 'store'): void;
}

export const TURN_LOCK_DEFAULTS: TurnLockOptions = {
  ttlMs: 5_000,
  waitMs: 3_000,
  claimTimeoutMs: 1_000,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class TurnLock {
  private readonly local = new KeyedLock();
  private readonly opts: TurnLockOptions;

  constructor(opts: Partial<TurnLockOptions> = {}) {
    this.opts = { ...TURN_LOCK_DEFAULTS, ...opts };
  }

  /** Runs `task` alone for `key`; with a `lease`, alone across the replicas sharing it too. */
  run<T>(key: string, task: () => Promise<T>, lease?: Lease): Promise<T> {
    return this.local.run(key, () => (lease ? this.leased(lease, task) : task()));
  }

  private async leased<T>(lease: Lease, task: () => Promise<T>): Promise<T> {
    const { ttlMs, waitMs, now, sleep } = this.opts;
    const deadline = now() + waitMs;
    let held = false;
    // Short waits first (another replica's turn usually ends within milliseconds), then longer ones.
    for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
      const claimed = await this.claimWithin(lease);
      if (claimed === 'failed') {
        this.opts.onGiveUp?.('store');
        // A claim that reaches a stalled store late would hold this conversation for a whole ttl.
        void lease.release().catch(() => undefined);
        break;
      }
      held = claimed;
      if (held) break;
      if (now() >= deadline) {
        this.opts.onGiveUp?.('timeout');
        break;
      }
      await sleep(delay + Math.floor(Math.random() * delay));
    }
    const started = now();
    try {
      return await task();
    } finally {
      // A turn that outlived its lease may no longer own it: leave it to expire rather than free another's.
      if (held && now() - started < ttlMs) await lease.release().catch(() => undefined);
    }
  }

  private claimWithin(lease: Lease): Promise<boolean | 'failed'> {
    const claim = lease.claim(this.opts.ttlMs).catch((): 'failed' => 'failed');
    return within<boolean | 'failed'>(claim, this.opts.claimTimeoutMs, () => 'failed');
  }
}
