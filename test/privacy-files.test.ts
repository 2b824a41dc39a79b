/**
 * Privacy replies that do what they say (issue 14): export files do not outlive their delivery (an
 * hour at most), "delete my data" removes the person's export files and self-check charts, and
 * "what do you store about me?" counts what is stored now.
 */
import { existsSync, mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publishPng, publishedDir } from '../src/server/files.js';
import { storePurgeTaskFactory } from '../src/scheduler/store-purge.js';
import { Senders } from '../src/core/sender.js';
import { buttonsOf, fixedClock, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

// One data dir for the file: the search index is built once, then read from its cache.
const DATA_DIR = mkdtempSync(join(tmpdir(), 'icc-privacy-files-'));
const exportsDir = () => join(DATA_DIR, 'exports');
const exportFiles = () => (existsSync(exportsDir()) ? readdirSync(exportsDir()) : []);

async function erase(a: TestApp, over: Parameters<typeof turn>[1] = {}) {
  const ask = await a.bot.handle(turn('/icc privacy delete', over));
  return a.bot.handle(press(buttonsOf(ask).find((b) => b.action.name === 'confirm')!.action, over));
}

describe('export files', () => {
  it('"delete my data" removes the person’s export files, and only theirs', async () => {
    app = await testApp({ DATA_DIR });
    const t2 = { tenant: 'T2', conversation: { platform: 'console' as const, tenant: 'T2', conversation: 'C1', kind: 'dm' as const } };
    const mine = (await app.bot.handle(turn('/icc privacy export')))[0]!.file!.path;
    const other = (await app.bot.handle(turn('/icc privacy export', { user: { id: 'U2' } })))[0]!.file!.path;
    const otherTenant = (await app.bot.handle(turn('/icc privacy export', t2)))[0]!.file!.path;
    expect([mine, other, otherTenant].every((p) => existsSync(p))).toBe(true);
    await erase(app);
    expect(existsSync(mine)).toBe(false);
    expect(existsSync(other)).toBe(true);
    expect(existsSync(otherTenant)).toBe(true);
  });

  it('export files older than an hour are removed on the purge tick', async () => {
    const clock = fixedClock(new Date().toISOString());
    app = await testApp({ DATA_DIR }, { clock });
    const path = (await app.bot.handle(turn('/icc privacy export', { user: { id: 'U7' } })))[0]!.file!.path;
    const task = storePurgeTaskFactory({ app, senders: new Senders() });
    await task.run();
    expect(existsSync(path)).toBe(true);
    // Files are dated by their modification time on disk; the app's clock says what time it is.
    const old = new Date(clock.now().getTime() - 61 * 60 * 1000);
    utimesSync(path, old, old);
    clock.advance(11 * 60 * 1000);
    await task.run();
    expect(existsSync(path)).toBe(false);
    expect(exportFiles().every((f) => !f.startsWith('.'))).toBe(true);
  });
});

describe('self-check charts', () => {
  it('"delete my data" removes the charts of the person’s results, published copies included', async () => {
    app = await testApp({ DATA_DIR });
    const over = { tenant: 'T9', user: { id: 'U9' }, conversation: { platform: 'console' as const, tenant: 'T9', conversation: 'C9', kind: 'dm' as const } };
    await app.bot.handle(turn('my city is Oslo', over));
    await app.bot.handle(turn('start the self-check', over));
    let last = await app.bot.handle(turn('yes', over));
    for (let i = 1; i < 17; i++) last = await app.bot.handle(turn(i < 8 ? 'yes' : 'no', over));
    const chart = last.find((r) => r.image)?.image?.path;
    expect(chart && existsSync(chart)).toBe(true);
    const url = publishPng(DATA_DIR, 'https://icc.example.org', chart!);
    const published = join(publishedDir(DATA_DIR), url.split('/').pop()!);
    expect(existsSync(published)).toBe(true);

    const done = await erase(app, over);
    expect(textOf(done)).toMatch(/Done/);
    expect(existsSync(chart!)).toBe(false);
    expect(existsSync(published)).toBe(false);
  });
});

describe('"what do you store about me?"', () => {
  it('counts what is stored now, and says nothing after "delete my data"', async () => {
    app = await testApp({ DATA_DIR });
    const scope = { platform: 'console' as const, tenant: 'T5' };
    const over = { tenant: 'T5', conversation: { platform: 'console' as const, tenant: 'T5', conversation: 'C1', kind: 'dm' as const } };
    await app.stores.profile.set(scope, 'U1', { city: 'oslo', updatedAt: '2026-11-01T00:00:00Z' });
    const before = textOf(await app.bot.handle(turn('what do you store about me?', over)));
    expect(before).toMatch(/Settings: 1\b/);
    expect(before).not.toMatch(/Feedback/);
    expect(before).not.toMatch(/I keep nothing/);

    await erase(app, over);
    const after = textOf(await app.bot.handle(turn('what do you store about me?', over)));
    expect(after).toMatch(/I keep nothing about you in this workspace/);
    expect(after).not.toMatch(/Settings: /);
    expect(after).not.toEqual(before);
  });
});
