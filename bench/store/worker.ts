/**
 * Store operations per second, in a fresh process: what a turn does to the store (dedupe claim,
 * dialog get and set, profile get) through the app's own Store/Namespace API, sequentially and with
 * 32 turns in flight; and plain writes (dialog set). `pragmas: "defaults"` reopens the SQLite file
 * with SQLite's defaults (rollback journal, synchronous=FULL) for comparison.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteKeyvStore } from '../../src/core/sqlite-keyv.js';
import { Store } from '../../src/core/store.js';
import { createStores, RETENTION } from '../../src/core/stores.js';
import type { Scope } from '../../src/core/turn.js';

export interface StoreWorkerInput {
  /** "sqlite" (a fresh file) or a redis:// URL. */
  backend: string;
  pragmas?: 'app' | 'defaults';
  seconds: number;
}

export interface StoreWorkerResult {
  journalMode?: string;
  synchronous?: number;
  turnsPerSec: number;
  turnsPerSecConcurrent: number;
  writesPerSec: number;
  readsPerSec: number;
  claimsPerSec: number;
}

async function rate(seconds: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let done = 0;
  let next = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await op(next++);
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

async function main(input: StoreWorkerInput): Promise<StoreWorkerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'icc-bench-store-'));
  const url = input.backend === 'sqlite' ? `sqlite://${join(dir, 'icc.sqlite')}` : input.backend;
  const store = await Store.open(url);
  const stores = createStores(store);
  const out: Partial<StoreWorkerResult> = {};
  if (store.backend.kind === 'sqlite') {
    const db = (store.backend as unknown as { adapter: SqliteKeyvStore }).adapter.db;
    if (input.pragmas === 'defaults') {
      db.pragma('journal_mode = DELETE');
      db.pragma('synchronous = FULL');
    }
    out.journalMode = String(db.pragma('journal_mode', { simple: true }));
    out.synchronous = Number(db.pragma('synchronous', { simple: true }));
  }
  const tenant = `bench-${process.pid}-${Date.now()}`;
  const scope: Scope = { platform: 'slack', tenant };
  const users = Array.from({ length: 50 }, (_, i) => `U${i}`);
  for (const u of users) await stores.profile.set(scope, u, { locale: 'en', updatedAt: new Date().toISOString() });
  const state = { intent: 'selfcheck', state: { step: 3, answers: { a1: 'yes', a2: 'partly' } }, updatedAt: new Date().toISOString() };

  /** One turn's store work, as bot.handle and the adapters do it. */
  const turn = async (i: number) => {
    const user = users[i % users.length]!;
    if (!(await stores.dedupe.claim(scope, `ev-${i}`, RETENTION.dedupeMs))) throw new Error('duplicate claim');
    await stores.profile.get(scope, user);
    await stores.dialog.get(scope, `C1|${user}`);
    await stores.dialog.set(scope, `C1|${user}`, { ...state, updatedAt: new Date().toISOString() });
  };
  let offset = 0;
  const s = input.seconds;
  out.turnsPerSec = await rate(s, 1, (i) => turn(i));
  offset += 10_000_000;
  const base1 = offset;
  out.turnsPerSecConcurrent = await rate(s, 32, (i) => turn(base1 + i));
  out.writesPerSec = await rate(s, 1, (i) => stores.dialog.set(scope, `W|${i % 1000}`, state));
  out.readsPerSec = await rate(s, 1, (i) => stores.dialog.get(scope, `W|${i % 1000}`));
  offset += 10_000_000;
  const base2 = offset;
  out.claimsPerSec = await rate(s, 1, (i) => stores.dedupe.claim(scope, `c-${base2 + i}`, RETENTION.dedupeMs));

  // Leave nothing behind in a shared Redis: profiles have no TTL.
  if (store.backend.kind === 'redis') {
    for (const ns of [stores.profile, stores.dialog, stores.dedupe]) for (const id of await ns.ids(scope)) await ns.delete(scope, id);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return out as StoreWorkerResult;
}

main(JSON.parse(process.argv[2]!) as StoreWorkerInput).then(
  (r) => {
    process.stdout.write(JSON.stringify(r) + '\n');
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
