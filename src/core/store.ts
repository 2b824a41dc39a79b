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
}

interface RedisLike {
  isOpen: boolean;
  isReady: boolean;
  once(event: 'ready', fn: () => void): unknown;
  off(event: 'ready', fn: () => void): unknown;
  set(key: string, value: string, opts: unknown): Promise<string | null>;
  del(key: string): Promise<number>;
  scanIterator(opts: { MATCH: string; COUNT: number }): AsyncIterable<string | string[]>;
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
}

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
