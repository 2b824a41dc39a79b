/**
 * The store's backends: what each adds to keyv's get/set/delete (atomic claims, listing by prefix,
 * indexes) for memory, SQLite and Redis, and `openBackend`, which picks one from STORE_URL.
 * src/core/store.ts builds the typed, tenant-scoped Store on top.
 */
import { resolve } from 'node:path';
import Keyv from 'keyv';
import type KeyvRedis from '@keyv/redis';
import { SqliteKeyvStore } from './sqlite-keyv.js';
/** What a backend must add to keyv's get/set/delete: atomic claims and listing by prefix. */
export interface StoreBackend {
  readonly kind: 'sqlite' | 'memory' | 'redis';
  /**
   * True when every operation completes inside the call or, for SQLite's group-committed writes, in the
   * same event-loop turn (better-sqlite3, a Map): none can outlast a timer, so a timeout guard would only
   * cost time. SQLite's own busy timeout bounds a locked database instead.
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
  claim(key: string, ttlMs: number) {
    return this.adapter.claimLater(key, ttlMs);
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
