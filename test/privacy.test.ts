import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonsOf, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';

let app: TestApp;
afterEach(async () => app?.close());

describe('privacy', () => {
  it('explains what is kept, with export and delete buttons', async () => {
    app = await testApp();
    expect(textOf(await app.bot.handle(turn('what do you store about me?')))).toMatch(/I keep nothing about you/);
    await app.stores.dialog.set({ platform: 'console', tenant: 'T1' }, 'U1|C9', { intent: 'search', state: {}, updatedAt: '2026-11-01T00:00:00Z' });
    const replies = await app.bot.handle(turn('what do you store about me?'));
    expect(textOf(replies)).toMatch(/Here is what I keep about you/);
    expect(textOf(replies)).toMatch(/Unfinished conversations: 1\. .*30 days/);
    expect(buttonsOf(replies).map((b) => b.label)).toEqual(['Export my data', 'Delete my data']);
    expect(replies[0]!.ephemeral).toBe(true);
  });

  it('exports the asking user’s data as a JSON file, and only theirs', async () => {
    app = await testApp();
    const scope = { platform: 'console' as const, tenant: 'T1' };
    await app.stores.profile.set(scope, 'U1', { city: 'oslo', updatedAt: '2026-11-01T00:00:00Z' });
    await app.stores.profile.set(scope, 'U2', { city: 'bergen', updatedAt: '2026-11-01T00:00:00Z' });
    await app.stores.profile.set({ platform: 'console', tenant: 'T2' }, 'U1', { city: 'getxo', updatedAt: '2026-11-01T00:00:00Z' });
    const [reply] = await app.bot.handle(turn('/icc privacy export'));
    expect(reply!.file?.mimeType).toBe('application/json');
    const data = JSON.parse(readFileSync(reply!.file!.path, 'utf8'));
    expect(data).toMatchObject({ user: 'U1', workspace: 'T1', data: { profile: { city: 'oslo' } } });
    expect(JSON.stringify(data)).not.toMatch(/bergen|getxo/);
  });

  it('deletes only after confirmation by the same user, and says what stays', async () => {
    app = await testApp();
    const scope = { platform: 'console' as const, tenant: 'T1' };
    await app.stores.profile.set(scope, 'U1', { city: 'oslo', updatedAt: '2026-11-01T00:00:00Z' });
    await app.stores.profile.set(scope, 'U2', { city: 'bergen', updatedAt: '2026-11-01T00:00:00Z' });
    const ask = await app.bot.handle(turn('/icc privacy delete'));
    expect(await app.stores.profile.get(scope, 'U1')).toBeDefined();
    const confirm = buttonsOf(ask).find((b) => b.action.name === 'confirm')!;

    // Someone else pressing (or replaying) U1's confirm button deletes nothing.
    const other = await app.bot.handle(press(confirm.action, { user: { id: 'U2' } }));
    expect(textOf(other)).toMatch(/expired/);
    expect(await app.stores.profile.get(scope, 'U2')).toBeDefined();

    const done = await app.bot.handle(press(confirm.action));
    expect(textOf(done)).toMatch(/Done: \d+ records? deleted/);
    expect(textOf(done)).toMatch(/What stays/);
    expect(await app.stores.profile.get(scope, 'U1')).toBeUndefined();
    expect(await app.stores.profile.get(scope, 'U2')).toMatchObject({ city: 'bergen' });

    const again = await app.bot.handle(press(confirm.action));
    expect(textOf(again)).toMatch(/expired/);
  });

  it('answers a forged confirm payload politely', async () => {
    app = await testApp();
    const replies = await app.bot.handle(press({ intent: 'privacy', name: 'confirm', data: { n: 'not-a-uuid', extra: 1 } }));
    expect(textOf(replies)).toMatch(/expired or is no longer valid/);
  });
});

describe('privacy across features', () => {
  it('export and delete cover peers: contact opt-in, introductions and their follow-up job', async () => {
    app = await testApp();
    const scope = { platform: 'console' as const, tenant: 'T1' };
    const u2 = { user: { id: 'U2' }, conversation: { platform: 'console' as const, tenant: 'T1', conversation: 'D2', kind: 'dm' as const } };
    await app.stores.profile.set(scope, 'U1', { city: 'bergen', updatedAt: '2026-11-01T00:00:00Z' });
    await app.stores.profile.set(scope, 'U2', { city: 'oslo', updatedAt: '2026-11-01T00:00:00Z' });
    await app.bot.handle(turn('/icc peers optin', u2));
    await app.bot.handle(turn('connect me with Oslo'));

    const exportOf = async (over: Partial<ReturnType<typeof turn>> = {}) => {
      const r = await app.bot.handle(turn('/icc privacy export', over));
      return JSON.parse(readFileSync(r[0]!.file!.path, 'utf8')).data;
    };
    const eraseFor = async (over: Partial<ReturnType<typeof turn>> = {}) => {
      const ask = await app.bot.handle(turn('/icc privacy delete', over));
      await app.bot.handle(press(buttonsOf(ask).find((b) => b.action.name === 'confirm')!.action, over));
    };

    expect((await exportOf(u2)).contact).toHaveLength(1);
    const mine = await exportOf();
    expect(mine.introductions).toHaveLength(1);
    expect(mine['scheduled-messages']).toHaveLength(1);

    await eraseFor();
    const after = await exportOf();
    expect(after.introductions).toEqual([]);
    expect(after['scheduled-messages']).toEqual([]);
    expect(after.profile).toBeNull();

    await eraseFor(u2);
    expect((await exportOf(u2)).contact).toEqual([]);
  });
});
