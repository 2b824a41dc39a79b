/**
 * A narrow, typed store over keyv. Every key is `<namespace>|<platform>|<tenant>|<id>` with each part
 * URI-encoded, so a forged id can never step into another tenant's keys, and a namespace cannot be
 * read without naming the tenant it belongs to.
 */
import type { Scope } from './turn.js';
import { openBackend, type StoreBackend } from './store-backends.js';
import { StoreUnavailableError } from './errors.js';
import { within } from './within.js';
import { noMetrics, type Metrics } from './metrics.js';

export { openBackend, type IndexEntry, type StoreBackend } from './store-backends.js';

/** A lone surrogate (from a hostile payload) would make encodeURIComponent throw: it becomes U+FFFD. */
const enc = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

/** Longest a single store operation may take before the turn gives up on it. */
export const STORE_TIMEOUT_MS = 3000;

export function storeKey(ns: string, scope: Scope, id: string): string {
  return `${enc(ns)}|${enc(scope.platform)}|${enc(scope.tenant)}|${enc(id)}`;
}

export interface NamespaceOptions {
  /** Default time-to-live of entries, in milliseconds. */
  ttlMs?: number;
}

/** Typed access to one namespace, always through a tenant scope. */
export class Namespace<T> {
  constructor(
    private readonly backend: StoreBackend,
    readonly name: string,
    private readonly opts: NamespaceOptions,
    private readonly metrics: Metrics = noMetrics,
  ) {}

  private async guard<R>(op: () => Promise<R>): Promise<R> {
    const started = performance.now();
    let ok = false;
    try {
      // A store that hangs (a stalled Redis) must not hang the turn; a synchronous one cannot outlast its call.
      const result = this.backend.synchronous
        ? await op()
        : await within(op(), STORE_TIMEOUT_MS, () => {
            throw new Error(`timed out after ${STORE_TIMEOUT_MS} ms`);
          });
      ok = true;
      return result;
    } catch (err) {
      throw new StoreUnavailableError(`store ${this.name} operation failed`, { cause: err });
    } finally {
      this.metrics.storeOperation(this.name, (performance.now() - started) / 1000, ok);
    }
  }

  get(scope: Scope, id: string): Promise<T | undefined> {
    return this.guard(async () => (await this.backend.keyv.get(storeKey(this.name, scope, id))) as T | undefined);
  }

  set(scope: Scope, id: string, value: T, ttlMs = this.opts.ttlMs): Promise<void> {
    return this.guard(async () => {
      await this.backend.keyv.set(storeKey(this.name, scope, id), value, ttlMs);
    });
  }

  delete(scope: Scope, id: string): Promise<boolean> {
    return this.guard(() => this.backend.keyv.delete(storeKey(this.name, scope, id)));
  }

  /** Atomically take `id` for `ttlMs`; false when someone (any replica) already holds it. */
  claim(scope: Scope, id: string, ttlMs: number): Promise<boolean> {
    return this.guard(() => this.backend.claim(storeKey(this.name, scope, id), ttlMs));
  }

  release(scope: Scope, id: string): Promise<void> {
    return this.guard(() => this.backend.release(storeKey(this.name, scope, id)));
  }

  /** Ids in this namespace for one tenant, optionally starting with `idPrefix`. */
  ids(scope: Scope, idPrefix = ''): Promise<string[]> {
    return this.guard(async () => {
      const prefix = `${enc(this.name)}|${enc(scope.platform)}|${enc(scope.tenant)}|`;
      const keys = await this.backend.keys(prefix + enc(idPrefix));
      return keys.map((k) => decodeURIComponent(k.slice(prefix.length)));
    });
  }

  /** Every scope that has entries in this namespace (for schedulers that walk all tenants). */
  scopes(): Promise<Scope[]> {
    return this.guard(async () => {
      const keys = await this.backend.keys(`${enc(this.name)}|`);
      const seen = new Map<string, Scope>();
      for (const k of keys) {
        const [, platform, tenant] = k.split('|');
        if (platform && tenant) seen.set(`${platform}|${tenant}`, { platform: decodeURIComponent(platform) as Scope['platform'], tenant: decodeURIComponent(tenant) });
      }
      return [...seen.values()];
    });
  }

  /**
   * The namespace's index (one per namespace): `(scope, id)` pairs with a score, read back by score
   * range without listing keys. The caller keeps it in step with its records (write the record, then
   * index it; delete the record, then unindex it) and drops members whose record has gone.
   */
  indexAdd(scope: Scope, id: string, score: number): Promise<void> {
    return this.guard(() => this.backend.indexAdd(this.name, indexMember(scope, id), score));
  }

  indexRemove(scope: Scope, id: string): Promise<void> {
    return this.guard(() => this.backend.indexRemove(this.name, indexMember(scope, id)));
  }

  /** Indexed entries scored at most `maxScore`, lowest first; members that do not decode are skipped. */
  indexed(maxScore = Infinity, limit?: number): Promise<Array<{ scope: Scope; id: string; score: number }>> {
    return this.guard(async () => {
      const out: Array<{ scope: Scope; id: string; score: number }> = [];
      for (const { member, score } of await this.backend.indexRange(this.name, maxScore, limit)) {
        const parts = member.split('|');
        if (parts.length !== 3) continue;
        const [platform, tenant, id] = parts.map((p) => decodeURIComponent(p)) as [Scope['platform'], string, string];
        out.push({ scope: { platform, tenant }, id, score });
      }
      return out;
    });
  }

  /** Indexed ids of one tenant starting with `idPrefix`, in order (for an index whose scores are all 0). */
  indexedIds(scope: Scope, idPrefix = ''): Promise<string[]> {
    return this.guard(async () => {
      const prefix = `${enc(scope.platform)}|${enc(scope.tenant)}|`;
      const members = await this.backend.indexPrefix(this.name, prefix + enc(idPrefix));
      return members.map((m) => decodeURIComponent(m.slice(prefix.length)));
    });
  }

  /**
   * Indexes records written before the index existed: one walk of the namespace (a SCAN on Redis), then
   * a marker in the store so no later start (of any replica) walks again. Once per store per process; a failure is
   * retried by the next call. Existing members keep their score (a newer write already set it).
   */
  backfillIndex(scoreOf: (value: T) => number | undefined): Promise<number> {
    const started = backfills.get(this.backend) ?? backfills.set(this.backend, new Map()).get(this.backend)!;
    let run = started.get(this.name);
    if (!run) {
      run = this.walkIntoIndex(scoreOf);
      started.set(this.name, run);
      run.catch(() => started.delete(this.name));
    }
    return run;
  }

  private async walkIntoIndex(scoreOf: (value: T) => number | undefined): Promise<number> {
    // The marker is a member of the index `_backfilled` (no namespace name starts with `_`).
    const done = await this.guard(() => this.backend.indexRange('_backfilled', Infinity));
    if (done.some((e) => e.member === this.name)) return 0;
    let n = 0;
    for (const scope of await this.scopes())
      for (const id of await this.ids(scope)) {
        const value = await this.get(scope, id);
        const score = value === undefined ? undefined : scoreOf(value);
        if (score === undefined || !Number.isFinite(score)) continue;
        await this.guard(() => this.backend.indexAdd(this.name, indexMember(scope, id), score, true));
        n++;
      }
    await this.guard(() => this.backend.indexAdd('_backfilled', this.name, Date.now()));
    return n;
  }
}

/** `storeKey`'s encoding without the namespace: the `|` separators can never come from a part. */
const indexMember = (scope: Scope, id: string) => `${enc(scope.platform)}|${enc(scope.tenant)}|${enc(id)}`;
const backfills = new WeakMap<StoreBackend, Map<string, Promise<number>>>();

export class Store {
  private constructor(
    readonly backend: StoreBackend,
    private readonly metrics: Metrics,
  ) {}

  /** `metrics` hears of every namespace operation (latency, failures). */
  static async open(url: string, baseDir?: string, metrics: Metrics = noMetrics): Promise<Store> {
    return new Store(await openBackend(url, baseDir), metrics);
  }

  namespace<T>(name: string, opts: NamespaceOptions = {}): Namespace<T> {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bad namespace name ${name}`);
    return new Namespace<T>(this.backend, name, opts, this.metrics);
  }

  /** Whether the backend answers a read within `timeoutMs` (the readiness probe); never throws. */
  async ping(timeoutMs: number): Promise<boolean> {
    try {
      await within(this.backend.keyv.get('health|ping'), timeoutMs, () => {
        throw new Error(`no answer within ${timeoutMs} ms`);
      });
      return true;
    } catch {
      return false;
    }
  }

  /** See StoreBackend.purgeExpired; the server runs it every few minutes. */
  purgeExpired(): Promise<number> {
    return this.backend.purgeExpired();
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}
