/**
 * One-off jobs due at a time (a self-check reminder, an introduction follow-up). Each job is claimed
 * atomically before it runs, so with several replicas or a restart it runs once; a failed job is
 * retried with backoff a few times, then dropped with an error log.
 *
 * Jobs are indexed by due time (Namespace.indexAdd: a Redis sorted set, a SQLite table, a Map), so a
 * tick reads only the due ones and never lists the store's keys.
 */
import type { Clock } from '../core/intent.js';
import type { Logger } from '../core/log.js';
import type { Namespace, Store } from '../core/store.js';
import type { Scope } from '../core/turn.js';

export interface Job<D = Record<string, unknown>> {
  id: string;
  kind: string;
  dueAt: string;
  scope: Scope;
  data: D;
  attempts: number;
}

export type JobHandler = (job: Job) => Promise<void>;

const CLAIM_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 5;

export class JobQueue {
  private readonly jobs: Namespace<Job>;

  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.jobs = store.namespace<Job>('job');
  }

  /** Create or replace the job `id` of this scope. */
  async schedule<D extends Record<string, unknown>>(scope: Scope, job: { id: string; kind: string; dueAt: Date; data: D }): Promise<void> {
    await this.put({ id: job.id, kind: job.kind, dueAt: job.dueAt.toISOString(), scope, data: job.data, attempts: 0 });
  }

  async cancel(scope: Scope, id: string): Promise<void> {
    await this.remove(scope, id);
  }

  /** Indexes jobs stored before the due-time index existed (once per store; `serve` calls it at start). */
  async ready(): Promise<void> {
    await this.jobs.backfillIndex(dueScore);
  }

  /** The record first, then its index entry: a member without a record is dropped by `due`. */
  private async put(job: Job): Promise<void> {
    await this.jobs.set(job.scope, job.id, job);
    await this.index(job.scope, job.id, job);
  }

  private async index(scope: Scope, id: string, job: Job): Promise<void> {
    const score = dueScore(job);
    if (Number.isFinite(score)) await this.jobs.indexAdd(scope, id, score);
  }

  private async remove(scope: Scope, id: string): Promise<void> {
    await this.jobs.delete(scope, id);
    await this.unindex(scope, id);
  }

  /** Drops the index entry; if the job was rescheduled meanwhile (by another replica), indexes it again. */
  private async unindex(scope: Scope, id: string): Promise<void> {
    await this.jobs.indexRemove(scope, id);
    const again = await this.jobs.get(scope, id);
    if (again) await this.index(scope, id, again);
  }

  async get(scope: Scope, id: string): Promise<Job | undefined> {
    return this.jobs.get(scope, id);
  }

  async list(scope: Scope, idPrefix = ''): Promise<Job[]> {
    const ids = await this.jobs.ids(scope, idPrefix);
    const jobs = await Promise.all(ids.map((id) => this.jobs.get(scope, id)));
    return jobs.filter((j): j is Job => Boolean(j));
  }

  async due(now = this.clock.now()): Promise<Job[]> {
    await this.ready();
    const out: Job[] = [];
    for (const { scope, id, score } of await this.jobs.indexed(now.getTime())) {
      const job = await this.jobs.get(scope, id);
      if (!job) await this.unindex(scope, id);
      else if (dueScore(job) !== score) await this.index(scope, id, job);
      if (job && new Date(job.dueAt) <= now) out.push(job);
    }
    return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  /** Runs every due job whose kind has a handler. Returns how many ran and failed. */
  async runDue(handlers: ReadonlyMap<string, JobHandler>): Promise<{ ran: number; failed: number }> {
    let ran = 0;
    let failed = 0;
    for (const job of await this.due()) {
      const handler = handlers.get(job.kind);
      if (!handler) continue;
      const claimId = `${job.id}@${job.dueAt}#${job.attempts}`;
      if (!(await this.jobs.claim(job.scope, claimId, CLAIM_MS))) continue;
      try {
        await handler(job);
        // Only delete the version we ran: a handler may have rescheduled the same id.
        const current = await this.jobs.get(job.scope, job.id);
        if (current && current.dueAt === job.dueAt && current.attempts === job.attempts) await this.remove(job.scope, job.id);
        ran++;
      } catch (err) {
        failed++;
        const attempts = job.attempts + 1;
        if (attempts >= MAX_ATTEMPTS) {
          this.log.error('job dropped after retries', { job: job.id, kind: job.kind, err });
          await this.remove(job.scope, job.id);
        } else {
          const retryAt = new Date(this.clock.now().getTime() + 60_000 * 2 ** attempts);
          this.log.warn('job failed, will retry', { job: job.id, kind: job.kind, attempts, retryAt: retryAt.toISOString(), err });
          await this.put({ ...job, attempts, dueAt: retryAt.toISOString() });
        }
      }
    }
    return { ran, failed };
  }
}

/** A job's index score: its due time in ms (NaN for a broken date, which is never due, as before). */
const dueScore = (job: Job) => Date.parse(job.dueAt);

/** Calls `fn` every `intervalMs`, never two at once, without keeping the process alive. */
export function startTicker(intervalMs: number, fn: () => Promise<unknown>, log: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = fn()
      .catch((err) => log.error('tick failed', { err }))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
