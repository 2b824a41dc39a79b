/**
 * A keyv storage adapter over better-sqlite3.
 *
 * Why not @keyv/sqlite: it depends on the `sqlite3` package, whose install downloads a prebuilt
 * binary from outside the npm registry. better-sqlite3 builds from the registry tarball alone, is
 * synchronous (no callback queue per statement) and lets us set WAL + synchronous=NORMAL.
 */
import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, privateFile } from './private-files.js';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

type Db = Database.Database;

export class SqliteKeyvStore extends EventEmitter {
  readonly opts: { path: string };
  namespace?: string;
  readonly db: Db;
  private readonly stmts;
  /** Claims waiting for the group commit (see `later`). */
  private queue: Array<{ op: () => unknown; resolve: (v: unknown) => void; reject: (err: unknown) => void }> = [];
  private flushScheduled = false;
  private readonly runBatch: (batch: ReadonlyArray<{ op: () => unknown }>) => unknown[];

  constructor(path: string) {
    super();
    this.opts = { path };
    if (path !== ':memory:') {
      // A new folder is the owner's alone; an existing one (say /var/lib/icc) is left as the operator set it.
      mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
      privateFile(path);
      for (const side of ['-wal', '-shm']) if (existsSync(path + side)) chmodSync(path + side, PRIVATE_FILE_MODE);
    }
    this.db = new Database(path, { timeout: 2000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // No index on `expires`: nearly every row has one (dedupe, dialogs), so the index was rewritten on
    // every write and cut writes/s by more than half, for a purge that can scan the table instead.
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER);
      DROP INDEX IF EXISTS kv_expires;
    `);
    this.createClaimsTable();
    this.stmts = {
      get: this.db.prepare<[string, number], { value: string }>('SELECT value FROM kv WHERE key = ? AND (expires IS NULL OR expires > ?)'),
      set: this.db.prepare<[string, string, number | null]>(
        'INSERT INTO kv(key, value, expires) VALUES(?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
      ),
      del: this.db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
      clear: this.db.prepare('DELETE FROM kv'),
      // A range on the primary key, not LIKE: LIKE ignores ASCII case (tenant "t1" listed "T1"'s ids) and
      // cannot use the index; `prefix <= key < successor(prefix)` is exact, byte-wise, and an index seek.
      keys: this.db.prepare<[string, string, number], { key: string; value: string }>(
        'SELECT key, value FROM kv WHERE key >= ? AND key < ? AND (expires IS NULL OR expires > ?) ORDER BY key',
      ),
      keysFrom: this.db.prepare<[string, number], { key: string; value: string }>('SELECT key, value FROM kv WHERE key >= ? AND (expires IS NULL OR expires > ?) ORDER BY key'),
      purge: this.db.prepare<[number, number]>('DELETE FROM kv WHERE rowid IN (SELECT rowid FROM kv WHERE expires IS NOT NULL AND expires <= ? LIMIT ?)'),
      purgeClaims: this.db.prepare<[number, number]>('DELETE FROM claims WHERE key IN (SELECT key FROM claims WHERE expires <= ? LIMIT ?)'),
      claim: this.db.prepare<[string, number, number]>(
        'INSERT INTO claims(key, expires) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET expires = excluded.expires WHERE claims.expires <= ?',
      ),
      release: this.db.prepare<[string]>('DELETE FROM claims WHERE key = ?'),
    };
    this.runBatch = this.db.transaction((batch: ReadonlyArray<{ op: () => unknown }>) => batch.map((w) => w.op()));
  }

  async get(key: string): Promise<string | undefined> {
    this.flush();
    return this.stmts.get.get(key, Date.now())?.value;
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    this.flush();
    const expires = typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null;
    this.stmts.set.run(key, typeof value === 'string' ? value : JSON.stringify(value), expires);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    this.flush();
    return this.stmts.del.run(key).changes > 0;
  }

  async clear(): Promise<void> {
    this.flush();
    this.stmts.clear.run();
  }

  /**
   * Group commit of delivery claims. Each write on its own is a transaction of its own, and a commit costs
   * far more than the statement (the WAL append, the page-cache work; about 50 µs in a busy server). The
   * claims of the messages read in one event-loop turn run in order in one transaction when that turn's
   * I/O is done (`setImmediate`), so they share one commit. A caller hears of its claim only once it is
   * committed: its promise settles after the transaction. Every read and every other write runs the queue
   * first, so the file is always seen in program order, as without the queue. When the transaction fails
   * (a busy lock past the timeout, one bad write), it is rolled back and every claim runs again on its own,
   * so each caller gets its own result or error.
   *
   * Only claims: they come before a message is acknowledged, so deferring them delays the ack, not the
   * work after it. Deferring the writes inside a turn let acks run ahead of the turns (no backpressure
   * under overload: the backlog grew without bound).
   */
  private later<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ op, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs the queued claims now (see `later`). */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    if (batch.length > 1 && this.db.open) {
      let results: unknown[] | undefined;
      try {
        results = this.runBatch(batch);
      } catch {
        results = undefined;
      }
      if (results) {
        for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]);
        return;
      }
    }
    for (const w of batch) {
      try {
        if (!this.db.open) throw new Error('the store is closed');
        w.resolve(w.op());
      } catch (err) {
        w.reject(err);
      }
    }
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /** Raw (serialized) entries whose key starts with `prefix`. */
  entries(prefix: string): Array<{ key: string; value: string }> {
    this.flush();
    const end = prefixSuccessor(prefix);
    return end === undefined ? this.stmts.keysFrom.all(prefix, Date.now()) : this.stmts.keys.all(prefix, end, Date.now());
  }

  /** Atomic "set if absent or expired": one statement, so two processes cannot both win. */
  claim(key: string, ttlMs: number): boolean {
    this.flush();
    const now = Date.now();
    return this.stmts.claim.run(key, now + ttlMs, now).changes === 1;
  }

  /** `claim` in the next group commit (see `later`); the expiry counts from when it runs. */
  claimLater(key: string, ttlMs: number): Promise<boolean> {
    return this.later(() => {
      const now = Date.now();
      return this.stmts.claim.run(key, now + ttlMs, now).changes === 1;
    });
  }

  release(key: string): void {
    this.flush();
    this.stmts.release.run(key);
  }

  /**
   * Deletes expired entries and claims, `batch` rows per statement, yielding between statements so
   * turns are not held up. keyv already hides expired entries from reads; this is what keeps the file
   * (and what it holds about people) within the retention periods. Returns how many rows went.
   */
  async purgeExpired(batch = 2000): Promise<number> {
    this.flush();
    let removed = 0;
    for (const stmt of [this.stmts.purge, this.stmts.purgeClaims]) {
      for (;;) {
        if (!this.db.open) return removed;
        const n = stmt.run(Date.now(), batch).changes;
        removed += n;
        if (n < batch) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return removed;
  }

  /**
   * Claims are short keys looked up by key only: a WITHOUT ROWID table keeps them in one b-tree
   * (about a third less work per claim). Files made before are converted once, in one transaction.
   */
  private createClaimsTable(): void {
    const ddl = 'CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID';
    this.db
      .transaction(() => {
        const existing = this.db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'claims'").get();
        if (!existing) {
          this.db.exec(ddl);
        } else if (!/WITHOUT ROWID/i.test(existing.sql)) {
          this.db.exec(`${ddl.replace('claims', 'claims_new')}; INSERT INTO claims_new(key, expires) SELECT key, expires FROM claims; DROP TABLE claims; ALTER TABLE claims_new RENAME TO claims;`);
        }
      })
      .immediate();
  }

  async disconnect(): Promise<void> {
    this.flush();
    if (this.db.open) this.db.close();
  }

  /** Sorted indexes (StoreBackend.indexAdd): table `idx`, read by (name, score) through its own index. */
  indexAdd(name: string, member: string, score: number, onlyNew: boolean): void {
    this.flush();
    (onlyNew ? this.idx.addNew : this.idx.add).run(name, member, score);
  }

  indexRemove(name: string, member: string): void {
    this.flush();
    this.idx.remove.run(name, member);
  }

  indexRange(name: string, maxScore: number, limit = -1): Array<{ member: string; score: number }> {
    this.flush();
    return this.idx.range.all(name, Math.min(maxScore, Number.MAX_VALUE), Number.isFinite(limit) ? limit : -1);
  }

  indexPrefix(name: string, prefix: string): string[] {
    this.flush();
    return this.idx.prefix.all(name, prefix, prefixSuccessor(prefix) ?? '\uffff').map((r) => r.member);
  }

  private idxStatements?: ReturnType<SqliteKeyvStore['prepareIndex']>;
  private get idx() {
    return (this.idxStatements ??= this.prepareIndex());
  }

  private prepareIndex() {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS idx (name TEXT NOT NULL, member TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (name, member)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS idx_score ON idx(name, score);
    `);
    return {
      add: this.db.prepare<[string, string, number]>('INSERT INTO idx(name, member, score) VALUES(?, ?, ?) ON CONFLICT(name, member) DO UPDATE SET score = excluded.score'),
      addNew: this.db.prepare<[string, string, number]>('INSERT OR IGNORE INTO idx(name, member, score) VALUES(?, ?, ?)'),
      remove: this.db.prepare<[string, string]>('DELETE FROM idx WHERE name = ? AND member = ?'),
      range: this.db.prepare<[string, number, number], { member: string; score: number }>(
        'SELECT member, score FROM idx WHERE name = ? AND score <= ? ORDER BY score, member LIMIT ?',
      ),
      prefix: this.db.prepare<[string, string, string], { member: string }>('SELECT member FROM idx WHERE name = ? AND member >= ? AND member < ? ORDER BY member'),
    };
  }
}

/**
 * The smallest string greater than every string that starts with `prefix` (undefined: there is none, every
 * key from `prefix` on qualifies). Store keys are URI-encoded, so ASCII: incrementing the last UTF-16
 * unit is also the next string in SQLite's byte-wise (UTF-8) order.
 */
export function prefixSuccessor(prefix: string): string | undefined {
  let p = prefix;
  while (p.length > 0 && p.charCodeAt(p.length - 1) === 0xffff) p = p.slice(0, -1);
  if (p.length === 0) return undefined;
  return p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
}
