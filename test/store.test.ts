import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../src/core/store.js';

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
