/**
 * A narrow, typed store over keyv. Every key is `<namespace>|<platform>|<tenant>|<id>` with each part
 * URI-encoded, so a forged id can never step into another tenant's keys, and a namespace cannot be
 * read without naming the tenant it belongs to.
 */
import { resolve } from 'node:path';
import Keyv from 'keyv';
import type KeyvRedis from '@keyv/redis';
import type { Scope } from './turn.js';
import { SqliteKeyvStore } from './sqlite-keyv.js';
import { StoreUnavailableError } from './errors.js';
import { within } from './within.js';
import { noMetrics, type Metrics } from './metrics.js';

/** What a backend must add to keyv's get/set/delete: atomic claims and listing by prefix. */
export interface StoreBackend {
  readonly kind: 'sqlite' | 'memory' | 'redis';
  /**
   * True when every operation completes inside the call (better-sqlite3, a Map): no timer can fire
   * before it returns, so a timeout guard would only cost time. SQLite's own busy timeout bounds a
   * locked database instead.
   */
  readonly synchronous: boolean;
  readonly keyv: Keyv;
  claim(key: string, ttlMs: number): Promise<boolean>;
  release(key: string): Promise<void>;
  keys(prefix: string): Promise<string[]>;
  /** Physically removes expired entries and claims; returns how many (Redis expires keys itself: 0). */
  purgeExpired(): Promise<number>;
  close(): Promise<void>;
  /** Sorted indexes (see Namespace.indexAdd): put `member` at `score`; `onlyNew` keeps an existing score. */
  indexAdd(name: string, member: string, score: number, onlyNew?: boolean): Promise<void>;
  indexRemove(name: string, member: string): Promise<void>;
  /** Members scored at most `maxScore`, lowest score first (ties by member), at most `limit` of them. */
  indexRange(name: string, maxScore: number, limit?: number): Promise<IndexEntry[]>;
  /** Members starting with `prefix`, in order, of an index whose scores are all 0 (a lexicographic range). */
  indexPrefix(name: string, prefix: string): Promise<string[]>;
}

export interface IndexEntry {
  member: string;
  score: number;
}

class SqliteBackend implements StoreBackend {
  readonly kind = 'sqlite' as const;
  readonly synchronous = true;
  readonly keyv: Keyv;
  constructor(readonly adapter: SqliteKeyvStore) {
    this.keyv = new Keyv({ store: adapter, useKeyPrefix: false, throwOnErrors: true, namespace: undefined as unknown as string });
  }
  async claim(key: string, ttlMs: number) {
    return this.adapter.claim(key, ttlMs);
  }
  async release(key: string) {
    this.adapter.release(key);
  }
  async keys(prefix: string) {
    return this.adapter.entries(prefix).map((e) => e.key);
  }
  purgeExpired() {
    return this.adapter.purgeExpired();
  }
  async close() {
    await this.adapter.disconnect();
  }
  async indexAdd(name: string, member: string, score: number, onlyNew = false) {
    this.adapter.indexAdd(name, member, score, onlyNew);
  }
  async indexRemove(name: string, member: string) {
    this.adapter.indexRemove(name, member);
  }
  async indexRange(name: string, maxScore: number, limit?: number) {
    return this.adapter.indexRange(name, maxScore, limit);
  }
  async indexPrefix(name: string, prefix: string) {
    return this.adapter.indexPrefix(name, prefix);
  }
}

class MemoryBackend implements StoreBackend {
  readonly kind = 'memory' as const;
  readonly synchronous = true;
  private readonly map = new Map<string, unknown>();
  private readonly claims = new Map<string, number>();
  readonly keyv: Keyv;
  constructor() {
    this.keyv = new Keyv({ store: this.map, useKeyPrefix: false, throwOnErrors: true, namespace: undefined as unknown as string });
  }
  async claim(key: string, ttlMs: number) {
    // Synchronous check-and-set: nothing can interleave inside one event-loop step.
    const now = Date.now();
    const until = this.claims.get(key);
    if (until !== undefined && until > now) return false;
    this.claims.set(key, now + ttlMs);
    return true;
  }
  async release(key: string) {
    this.claims.delete(key);
  }
  async keys(prefix: string) {
    const out: string[] = [];
    for (const k of this.map.keys()) if (typeof k === 'string' && k.startsWith(prefix) && (await this.keyv.has(k))) out.push(k);
    return out.sort();
  }
  async purgeExpired() {
    const before = this.map.size + this.claims.size;
    const now = Date.now();
    for (const [k, until] of this.claims) if (until <= now) this.claims.delete(k);
    // keyv deletes an expired entry when it is read.
    for (const k of [...this.map.keys()]) if (typeof k === 'string') await this.keyv.get(k);
    return before - this.map.size - this.claims.size;
  }
  async close() {}
  private readonly indexes = new Map<string, Map<string, number>>();
  async indexAdd(name: string, member: string, score: number, onlyNew = false) {
    const index = this.indexes.get(name) ?? this.indexes.set(name, new Map()).get(name)!;
    if (!onlyNew || !index.has(member)) index.set(member, score);
  }
  async indexRemove(name: string, member: string) {
    this.indexes.get(name)?.delete(member);
  }
  async indexRange(name: string, maxScore: number, limit = Infinity) {
    const out: IndexEntry[] = [];
    for (const [member, score] of this.indexes.get(name) ?? []) if (score <= maxScore) out.push({ member, score });
    return out.sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0)).slice(0, limit);
  }
  async indexPrefix(name: string, prefix: string) {
    return [...(this.indexes.get(name)?.keys() ?? [])].filter((m) => m.startsWith(prefix)).sort();
  }
}

class RedisBackend implements StoreBackend {
  readonly kind = 'redis' as const;
  readonly synchronous = false;
  readonly keyv: Keyv;
  constructor(private readonly adapter: KeyvRedis<unknown>) {
    this.keyv = new Keyv({ store: adapter, useKeyPrefix: false, throwOnErrors: true, namespace: undefined as unknown as string });
  }
  private async client(): Promise<RedisLike> {
    const client = (await this.adapter.getClient()) as unknown as RedisLike;
    if (!client.isReady) {
      // Connecting (or reconnecting): wait briefly for "ready" rather than fail commands that
      // arrive in the same instant as the first connection.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          client.off('ready', onReady);
          reject(new Error('Redis is not ready'));
        }, 2000);
        const onReady = () => {
          clearTimeout(timer);
          resolve();
        };
        client.once('ready', onReady);
      });
    }
    return client;
  }

  /** Connect at start-up so the first turns do not race the connection; a failure is not fatal. */
  async warmUp(): Promise<void> {
    await this.client().catch(() => undefined);
  }
  async claim(key: string, ttlMs: number) {
    // SET NX PX is the atomic claim: one round trip, no read-then-write window between replicas.
    const res = await (await this.client()).set(`claim|${key}`, '1', { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) } });
    return res === 'OK';
  }
  async release(key: string) {
    await (await this.client()).del(`claim|${key}`);
  }
  async purgeExpired() {
    return 0;
  }
  async keys(prefix: string) {
    const client = await this.client();
    const pattern = prefix.replace(/[*?[\]\\]/g, (c) => '\\' + c) + '*';
    const out: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      for (const k of Array.isArray(batch) ? batch : [batch]) out.push(String(k));
    }
    return out.sort();
  }
  async close() {
    await this.adapter.disconnect().catch(() => undefined);
  }
  // One sorted set per index (`_idx|<name>`, a prefix no namespace can have): ZADD, ZREM and ZRANGE BYSCORE
  // touch that key only, so a tick's cost does not grow with the rest of the keyspace.
  async indexAdd(name: string, member: string, score: number, onlyNew = false) {
    await (await this.client()).zAdd(`_idx|${name}`, { score, value: member }, onlyNew ? { condition: 'NX' } : undefined);
  }
  async indexRemove(name: string, member: string) {
    await (await this.client()).zRem(`_idx|${name}`, member);
  }
  async indexRange(name: string, maxScore: number, limit?: number) {
    const max = maxScore === Infinity ? '+inf' : maxScore;
    const opts = { BY: 'SCORE' as const, ...(limit === undefined ? {} : { LIMIT: { offset: 0, count: limit } }) };
    const rows = await (await this.client()).zRangeWithScores(`_idx|${name}`, '-inf', max, opts);
    return rows.map((r) => ({ member: String(r.value), score: Number(r.score) }));
  }
  async indexPrefix(name: string, prefix: string) {
    // Members are URI-encoded ASCII, so every one with the prefix sorts below `prefix` + U+00FF.
    const rows = await (await this.client()).zRange(`_idx|${name}`, `[${prefix}`, `[${prefix}\u00ff`, { BY: 'LEX' });
    return rows.map(String);
  }
}

interface RedisLike {
  isOpen: boolean;
  isReady: boolean;
  once(event: 'ready', fn: () => void): unknown;
  off(event: 'ready', fn: () => void): unknown;
  set(key: string, value: string, opts: unknown): Promise<string | null>;
  del(key: string): Promise<number>;
  scanIterator(opts: { MATCH: string; COUNT: number }): AsyncIterable<string | string[]>;
  zAdd(key: string, member: { score: number; value: string }, opts?: { condition: 'NX' }): Promise<number>;
  zRem(key: string, member: string): Promise<number>;
  zRangeWithScores(key: string, min: string, max: number | string, opts: unknown): Promise<Array<{ value: unknown; score: unknown }>>;
  zRange(key: string, min: string, max: string, opts: { BY: 'LEX' }): Promise<unknown[]>;
}

export async function openBackend(url: string, baseDir = process.cwd()): Promise<StoreBackend> {
  const backend = await openRawBackend(url, baseDir);
  // Errors are thrown to the caller (throwOnErrors); the event copy needs a listener so an
  // unobserved 'error' event can never crash the process.
  backend.keyv.on('error', () => undefined);
  return backend;
}

async function openRawBackend(url: string, baseDir: string): Promise<StoreBackend> {
  if (url.startsWith('memory://')) return new MemoryBackend();
  if (url.startsWith('sqlite://')) {
    const path = url.slice('sqlite://'.length);
    return new SqliteBackend(new SqliteKeyvStore(path === ':memory:' ? path : resolve(baseDir, path)));
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    // Loaded only for Redis: the client is a large module graph that a SQLite start-up would pay for.
    const { default: KeyvRedisAdapter } = await import('@keyv/redis');
    const adapter = new KeyvRedisAdapter<unknown>(
      {
        url,
        // Fail fast while disconnected (the turn answers "try again in a moment") instead of queueing
        // commands until Redis returns; reconnect in the background with capped backoff.
        disableOfflineQueue: true,
        socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
      },
      { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: 2000, useUnlink: false },
    );
    const backend = new RedisBackend(adapter);
    await backend.warmUp();
    return backend;
  }
  throw new Error(`Unsupported STORE_URL: ${url.split(':')[0]}`);
}

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
