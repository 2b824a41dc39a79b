/**
 * Issue 19 item 4: `/files` must not grow without bound. Each results view used to write a new ~110 kB
 * PNG under a random name (20 views: 20 files, never deleted). Now: one file per (tenant, result), the
 * same name on every view, removed on the store's purge tick after its retention, and a quota.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_LIMITS, prunePublished, publishedDir, publishPng } from '../src/server/files.js';
import { storePurgeTaskFactory } from '../src/scheduler/store-purge.js';
import { Senders } from '../src/core/sender.js';
import { testApp } from './helpers/app.js';

const BASE = 'https://icc.example.net';

/** A chart where results put them: data/charts/<platform>-<tenant>/<city>-<completedAt>.png, ~110 kB. */
function chart(dataDir: string, tenant: string, result: string, size = 110_000): string {
  const dir = join(dataDir, 'charts', `teams-${tenant}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${result}.png`);
  writeFileSync(path, Buffer.alloc(size, 1));
  return path;
}
const published = (dataDir: string) => (existsSync(publishedDir(dataDir)) ? readdirSync(publishedDir(dataDir)) : []);

describe('published chart files', () => {
  it('20 views of one result write one file, under one URL', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icc-files-'));
    const path = chart(dataDir, 'T1', 'oslo-2025-01-01');
    const urls = new Set<string>();
    for (let i = 0; i < 20; i++) urls.add(publishPng(dataDir, BASE, path));
    expect(urls.size).toBe(1);
    expect(published(dataDir)).toHaveLength(1);
    expect([...urls][0]).toMatch(/^https:\/\/icc\.example\.net\/files\/[0-9a-f-]{36}\.png$/);
  });

  it('one file per (tenant, result), with names nobody can derive from them', () => {
    const a = mkdtempSync(join(tmpdir(), 'icc-files-'));
    const b = mkdtempSync(join(tmpdir(), 'icc-files-'));
    const names = new Set([publishPng(a, BASE, chart(a, 'T1', 'oslo-1')), publishPng(a, BASE, chart(a, 'T1', 'oslo-2')), publishPng(a, BASE, chart(a, 't1', 'oslo-1'))]);
    expect(names.size).toBe(3);
    expect(published(a)).toHaveLength(3);
    // The same tenant and result in another installation gets another name (the key is per DATA_DIR).
    expect(publishPng(b, BASE, chart(b, 'T1', 'oslo-1')).replace(/.*\//, '')).not.toBe(publishPng(a, BASE, chart(a, 'T1', 'oslo-1')).replace(/.*\//, ''));
    expect(statSync(join(a, '.files-key')).mode & 0o777).toBe(0o600);
  });

  it('holds the quota of files and bytes, removing the oldest first', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icc-files-'));
    const limits = { ...PUBLISHED_LIMITS, maxFiles: 5, maxBytes: 10 * 110_000 };
    const urls: string[] = [];
    for (let i = 0; i < 12; i++) {
      urls.push(publishPng(dataDir, BASE, chart(dataDir, `T${i}`, 'r'), limits));
      // Distinct modification times, oldest first.
      const name = urls[i]!.replace(/.*\//, '');
      utimesSync(join(publishedDir(dataDir), name), new Date(), new Date(Date.now() - (12 - i) * 1000));
    }
    const left = published(dataDir);
    expect(left).toHaveLength(5);
    expect(new Set(left)).toEqual(new Set(urls.slice(-5).map((u) => u.replace(/.*\//, ''))));

    const bytes = { ...PUBLISHED_LIMITS, maxFiles: 100, maxBytes: 3 * 110_000 };
    publishPng(dataDir, BASE, chart(dataDir, 'TBIG', 'r'), bytes);
    const total = published(dataDir).reduce((n, f) => n + statSync(join(publishedDir(dataDir), f)).size, 0);
    expect(total).toBeLessThanOrEqual(3 * 110_000);
    expect(published(dataDir)).toContain(publishPng(dataDir, BASE, chart(dataDir, 'TBIG', 'r'), bytes).replace(/.*\//, ''));
  });

  it("are removed on the store's purge tick after their retention", async () => {
    const app = await testApp();
    const dataDir = app.config.dataDir;
    const fresh = publishPng(dataDir, BASE, chart(dataDir, 'TFRESH', 'r')).replace(/.*\//, '');
    const stale = publishPng(dataDir, BASE, chart(dataDir, 'TSTALE', 'r')).replace(/.*\//, '');
    const old = new Date(Date.now() - PUBLISHED_LIMITS.retentionMs - 60_000);
    utimesSync(join(publishedDir(dataDir), stale), old, old);
    const task = storePurgeTaskFactory({ app, senders: new Senders() });
    await task.run();
    expect(published(dataDir)).toContain(fresh);
    expect(published(dataDir)).not.toContain(stale);
    expect(prunePublished(dataDir, Date.now())).toBe(0);
  });
});
