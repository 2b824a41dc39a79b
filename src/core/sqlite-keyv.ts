/**
 * A keyv storage adapter over better-sqlite3.
 *
 * Why not @keyv/sqlite: it depends on the `sqlite3` package, whose install downloads a prebuilt
 * binary from outside the npm registry. better-sqlite3 builds from the registry tarball alone, is
 * synchronous (no callback queue per statement) and lets us set WAL + synchronous=NORMAL.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

type Db = Database.Database;

export class SqliteKeyvStore extends EventEmitter {
  readonly opts: { path: string };
  namespace?: string;
  readonly db: Db;
  private readonly stmts;

  constructor(path: string) {
    super();
    this.opts = { path };
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { timeout: 2000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // No index on `expires`: nearly every row has one (dedupe, dialogs), so the index was rewritten on
    // every write and cut writes/s by more than half, for a purge that can scan the table instead.
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER);
      DROP INDEX IF EXISTS kv_expires;
      CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expires INTEGER NOT NULL);
    `);
    this.stmts = {
      get: this.db.prepare<[string, number], { value: string }>('SELECT value FROM kv WHERE key = ? AND (expires IS NULL OR expires > ?)'),
      set: this.db.prepare<[string, string, number | null]>(
        'INSERT INTO kv(key, value, expires) VALUES(?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
      ),
      del: this.db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
      clear: this.db.prepare('DELETE FROM kv'),
      keys: this.db.prepare<[string, number], { key: string; value: string }>(
        "SELECT key, value FROM kv WHERE key LIKE ? ESCAPE '\\' AND (expires IS NULL OR expires > ?) ORDER BY key",
      ),
      purge: this.db.prepare<[number]>('DELETE FROM kv WHERE expires IS NOT NULL AND expires <= ?'),
      claim: this.db.prepare<[string, number, number]>(
        'INSERT INTO claims(key, expires) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET expires = excluded.expires WHERE claims.expires <= ?',
      ),
      release: this.db.prepare<[string]>('DELETE FROM claims WHERE key = ?'),
    };
  }

  async get(key: string): Promise<string | undefined> {
    return this.stmts.get.get(key, Date.now())?.value;
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const expires = typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null;
    this.stmts.set.run(key, typeof value === 'string' ? value : JSON.stringify(value), expires);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return this.stmts.del.run(key).changes > 0;
  }

  async clear(): Promise<void> {
    this.stmts.clear.run();
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /** Raw (serialized) entries whose key starts with `prefix`. */
  entries(prefix: string): Array<{ key: string; value: string }> {
    const like = prefix.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    return this.stmts.keys.all(like, Date.now());
  }

  /** Atomic "set if absent or expired": one statement, so two processes cannot both win. */
  claim(key: string, ttlMs: number): boolean {
    const now = Date.now();
    return this.stmts.claim.run(key, now + ttlMs, now).changes === 1;
  }

  release(key: string): void {
    this.stmts.release.run(key);
  }

  purgeExpired(): number {
    return this.stmts.purge.run(Date.now()).changes;
  }

  async disconnect(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
