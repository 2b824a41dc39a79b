/**
 * Two replicas on one store: a practice approved in one is found by the other within two ticks, without a
 * restart, and by a replica started afterwards at once. On a shared SQLite file always, and on a real
 * Redis when REDIS_URL is set (otherwise the Redis case is reported as skipped).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Senders } from '../src/core/sender.js';
import type { Turn } from '../src/core/turn.js';
import { proposalStore } from '../src/knowledge/store.js';
import { tickTasks } from '../src/scheduler/handlers.js';
import { press, testApp, turn } from './helpers/app.js';
import { PROPOSAL } from './helpers/knowledge.js';

const REDIS_URL = process.env.REDIS_URL;
const backends: Array<[string, () => string]> = [['a shared SQLite file', () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'icc-knowledge-')), 'icc.sqlite')}`]];
if (REDIS_URL) backends.push(['Redis', () => REDIS_URL]);
else console.warn('[skipped] knowledge replicas on Redis: REDIS_URL is not set, so the two-replica case ran on SQLite only');

let open: App[] = [];
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
  for (const a of open.splice(0)) await a.close();
  open = [];
});

const QUERY = 'anti-rumour agents neighbourhood associations libraries Bergen';
const found = (app: App, tenant: string) => app.searchFor({ platform: 'console', tenant }).search(QUERY, { limit: 3 }).hits.some((h) => h.practice.title === PROPOSAL.title);
const tick = async (app: App) => {
  for (const task of tickTasks({ app, senders: new Senders() })) await task.run();
};

describe.each(backends)('two replicas on %s', (_name, storeUrl) => {
  it('an approval in one is searchable in the other within two ticks, and in a new replica at start', async () => {
    const url = storeUrl();
    // A unique workspace per run keeps runs on a shared Redis apart.
    const tenant = `K${randomUUID().slice(0, 8)}`;
    const env = { STORE_URL: url, CURATORS: `console:${tenant}=cur` };
    const [a, b] = [await testApp(env), await testApp(env)];
    open.push(a!, b!);
    const scope = { platform: 'console' as const, tenant };
    cleanup.push(async () => {
      const store = proposalStore(a!.stores.store);
      for (const p of await store.list(scope)) await store.remove(scope, p);
      await a!.stores.store.namespace('knowledge-version').indexRemove(scope, 'approved');
    });
    const over: Partial<Turn> = { tenant, conversation: { platform: 'console', tenant, conversation: 'D1', kind: 'dm' } };

    // Proposed through replica A, approved through replica B (any replica answers any turn).
    await a!.bot.handle(turn('propose a practice', over));
    for (const v of Object.values(PROPOSAL)) await a!.bot.handle(turn(v, over));
    await a!.bot.handle(turn('yes', over));
    const [pending] = await proposalStore(b!.stores.store).list(scope, ['pending']);
    expect(pending?.title).toBe(PROPOSAL.title);
    expect(found(a!, tenant) || found(b!, tenant)).toBe(false);

    await b!.bot.handle(press({ intent: 'curate', name: 'approve', data: { id: pending!.id } }, { ...over, user: { id: 'cur' } }));
    expect(found(b!, tenant)).toBe(true);
    expect(found(a!, tenant)).toBe(false);
    await tick(a!);
    if (!found(a!, tenant)) await tick(a!);
    expect(found(a!, tenant)).toBe(true);
    // Through the turn as well: the search intent in replica A answers with it.
    const replies = await a!.bot.handle(turn(`/icc search ${QUERY}`, over));
    expect(replies[0]!.cards?.[0]?.title).toBe(PROPOSAL.title);

    // Nothing moved: a tick rebuilds nothing.
    const task = tickTasks({ app: a!, senders: new Senders() }).find((t) => t.name === 'knowledge-search')!;
    expect(await task.run()).toBe(0);

    // A replica started now has it from the start; another workspace still does not.
    const c = await testApp(env);
    open.push(c);
    expect(found(c, tenant)).toBe(true);
    expect(found(c, `${tenant}-other`)).toBe(false);
  });
});
