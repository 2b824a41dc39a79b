import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/core/log.js';
import { SqliteKeyvStore } from '../src/core/sqlite-keyv.js';
import { Store } from '../src/core/store.js';
import { PURGE_EVERY_MS } from '../src/scheduler/store-purge.js';
import { startServer } from '../src/serve.js';
import { ROOT } from './helpers/app.js';

const backends: Array<[string, () => string]> = [
  ['memory', () => 'memory://'],
  ['sqlite', () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'icc-store-')), 'icc.sqlite')}`],
];
const REDIS_URL = process.env.REDIS_URL;
if (REDIS_URL) backends.push(['redis', () => REDIS_URL]);
else console.warn('[skipped] Redis store tests: REDIS_URL is not set');

const opened: Store[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});

describe.each(backends)('Store on %s', (_name, url) => {
  const open = async () => {
    const s = await Store.open(url());
    opened.push(s);
    return s;
  };
  const tenant = () => `T${Math.random().toString(36).slice(2)}`;

  it('keeps values per tenant and never across tenants', async () => {
    const store = await open();
    const ns = store.namespace<{ n: number }>('profile');
    const a = { platform: 'slack' as const, tenant: tenant() };
    const b = { platform: 'slack' as const, tenant: tenant() };
    await ns.set(a, 'U1', { n: 1 });
    expect(await ns.get(a, 'U1')).toEqual({ n: 1 });
    expect(await ns.get(b, 'U1')).toBeUndefined();
    // A forged id that tries to walk into the other tenant's keys stays inside its own.
    await ns.set(b, `x|slack|${a.tenant}|U1`, { n: 666 });
    expect(await ns.get(a, 'U1')).toEqual({ n: 1 });
    expect(await ns.ids(a)).toEqual(['U1']);
    expect((await ns.scopes()).map((s) => s.tenant)).toEqual(expect.arrayContaining([a.tenant, b.tenant]));
    expect(await ns.delete(a, 'U1')).toBe(true);
    expect(await ns.get(a, 'U1')).toBeUndefined();
  });

  it('expires entries after their TTL', async () => {
    const store = await open();
    const ns = store.namespace<string>('dedupe', { ttlMs: 80 });
    const s = { platform: 'teams' as const, tenant: tenant() };
    await ns.set(s, 'ev1', 'seen');
    expect(await ns.get(s, 'ev1')).toBe('seen');
    await new Promise((r) => setTimeout(r, 150));
    expect(await ns.get(s, 'ev1')).toBeUndefined();
  });

  it('claims atomically: of many concurrent claims exactly one wins', async () => {
    const store = await open();
    const ns = store.namespace<never>('claim');
    const s = { platform: 'slack' as const, tenant: tenant() };
    const results = await Promise.all(Array.from({ length: 20 }, () => ns.claim(s, 'week-48', 5_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await ns.release(s, 'week-48');
    expect(await ns.claim(s, 'week-48', 5_000)).toBe(true);
  });
});

describe('expired rows are removed, not only hidden', () => {
  const rows = (store: Store) => {
    const db = (store.backend as unknown as { adapter: SqliteKeyvStore }).adapter.db;
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { kv: count('kv'), claims: count('claims') };
  };
  const scope = { platform: 'slack' as const, tenant: 'T1' };

  it('SQLite: purgeExpired deletes expired entries and claims in batches and keeps live ones', async () => {
    const store = await Store.open(`sqlite://${join(mkdtempSync(join(tmpdir(), 'icc-purge-')), 'icc.sqlite')}`);
    opened.push(store);
    const ns = store.namespace<string>('dialog');
    const dedupe = store.namespace<never>('dedupe');
    for (let i = 0; i < 7; i++) await ns.set(scope, `old${i}`, 'x', 5);
    for (let i = 0; i < 5; i++) await dedupe.claim(scope, `ev${i}`, 5);
    await ns.set(scope, 'live', 'kept', 60_000);
    await ns.set(scope, 'forever', 'kept');
    await dedupe.claim(scope, 'live-claim', 60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(rows(store)).toEqual({ kv: 9, claims: 6 });
    const adapter = (store.backend as unknown as { adapter: SqliteKeyvStore }).adapter;
    expect(await adapter.purgeExpired(3)).toBe(12);
    expect(rows(store)).toEqual({ kv: 2, claims: 1 });
    expect(await ns.get(scope, 'live')).toBe('kept');
    expect(await ns.get(scope, 'forever')).toBe('kept');
    expect(await dedupe.claim(scope, 'live-claim', 60_000)).toBe(false);
    expect(await dedupe.claim(scope, 'ev0', 60_000)).toBe(true);
  });

  it('SQLite: a file made with the old claims table is converted, keeping its claims', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'icc-claims-')), 'icc.sqlite');
    const old = new Database(path);
    old.exec('CREATE TABLE claims (key TEXT PRIMARY KEY, expires INTEGER NOT NULL)');
    old.prepare('INSERT INTO claims(key, expires) VALUES (?, ?)').run('held', Date.now() + 60_000);
    old.close();
    const adapter = new SqliteKeyvStore(path);
    try {
      const sql = (adapter.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'claims'").get() as { sql: string }).sql;
      expect(sql).toMatch(/WITHOUT ROWID/);
      expect(adapter.claim('held', 1000)).toBe(false);
      expect(adapter.claim('new', 1000)).toBe(true);
    } finally {
      await adapter.disconnect();
    }
    // Opening it again changes nothing.
    const again = new SqliteKeyvStore(path);
    expect(again.claim('held', 1000)).toBe(false);
    await again.disconnect();
  });

  it('SQLite: claims of one event-loop turn share one commit, in order, each with its own answer', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'icc-group-')), 'icc.sqlite');
    const adapter = new SqliteKeyvStore(path);
    try {
      // Another connection sees each commit of this one as a new data_version.
      const other = new Database(path);
      const version = () => other.pragma('data_version', { simple: true }) as number;
      const before = version();
      const keys = ['a', 'b', 'a', 'c', 'b', 'd'];
      const results = await Promise.all(keys.map((k) => adapter.claimLater(k, 60_000)));
      expect(results).toEqual([true, true, false, true, false, true]);
      expect(version()).toBe(before + 1);
      // A read or another write runs the queued claims first: nothing is ever seen out of order.
      const pending = adapter.claimLater('e', 60_000);
      expect(adapter.claim('e', 60_000)).toBe(false);
      expect(await pending).toBe(true);
      // A claim in a transaction that fails (here: a second connection holds the write lock past the
      // busy timeout) is answered on its own, after the lock is gone.
      other.exec('BEGIN IMMEDIATE');
      const blocked = adapter.claimLater('f', 60_000);
      const blocked2 = adapter.claimLater('g', 60_000);
      const outcome = await Promise.allSettled([blocked, blocked2]);
      other.exec('ROLLBACK');
      expect(outcome.every((o) => o.status === 'rejected')).toBe(true);
      expect(await adapter.claimLater('f', 60_000)).toBe(true);
      other.close();
    } finally {
      await adapter.disconnect();
    }
  }, 20_000);

  it('memory: purgeExpired drops expired entries and claims', async () => {
    const store = await Store.open('memory://');
    opened.push(store);
    await store.namespace<string>('dialog').set(scope, 'old', 'x', 5);
    await store.namespace<string>('dialog').set(scope, 'live', 'x', 60_000);
    await store.namespace<never>('dedupe').claim(scope, 'ev', 5);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.purgeExpired()).toBe(2);
    expect(await store.namespace<string>('dialog').get(scope, 'live')).toBe('x');
  });

  it('serve purges on its tick, at most every few minutes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icc-serve-purge-'));
    let now = Date.parse('2026-11-29T10:00:00Z');
    const clock = { now: () => new Date(now) };
    const config = loadConfig({ STORE_URL: `sqlite://${join(dataDir, 'icc.sqlite')}`, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const server = await startServer(config, { baseDir: ROOT, clock, ticker: false, port: 0, host: '127.0.0.1', log: createLogger({ level: 'silent' }) });
    try {
      const store = server.app.stores.store;
      await store.namespace<string>('dialog').set(scope, 'a', 'x', 5);
      await new Promise((r) => setTimeout(r, 20));
      await server.tick();
      expect(rows(store).kv).toBe(0);
      await store.namespace<string>('dialog').set(scope, 'b', 'x', 5);
      await new Promise((r) => setTimeout(r, 20));
      now += PURGE_EVERY_MS - 1000;
      await server.tick();
      expect(rows(store).kv).toBe(1);
      now += 2000;
      await server.tick();
      expect(rows(store).kv).toBe(0);
    } finally {
      await server.close();
    }
  });
});
