import { afterEach, describe, expect, it } from 'vitest';
import { createApp, intents } from '../src/app.js';
import { defineIntent } from '../src/core/intent.js';
import { ROOT, testApp, turn, type TestApp } from './helpers/app.js';
import { testPropose } from './helpers/propose.js';

let app: TestApp;
afterEach(async () => app?.close());

describe('home summaries (Slack App Home)', () => {
  it('lists a run in progress and the workspace subscriptions, per tenant', async () => {
    app = await testApp();
    const channel = { platform: 'console' as const, tenant: 'T1', conversation: 'CGROUP', kind: 'channel' as const };
    await app.bot.handle(turn('/icc nudge weekly mon 09:00 Europe/Rome topics education', { conversation: channel, timeZone: 'Europe/Rome' }));
    await app.bot.handle(turn('my city is Oslo'));
    await app.bot.handle(turn('start the self-check'));
    await app.bot.handle(turn('yes'));

    const lines = await app.bot.summaries(turn(''));
    expect(lines.join('\n')).toContain('You have a self-check in progress (1/17 answered)');
    expect(lines.join('\n')).toMatch(/1 channel gets weekly nudges:\n• CGROUP: mon 09:00 \(Europe\/Rome\), active/);
    expect(await app.bot.summaries(turn('', { tenant: 'T2' }))).toEqual([]);
  });
});

describe('home sections (Intent.home)', () => {
  it('collects each intent\'s section in the user\'s language, leaving out one that fails', async () => {
    const broken = defineIntent({ name: 'broken', description: 'intent.search.description', examples: [], commands: [], match: () => null, handle: async () => [], home: async () => Promise.reject(new Error('boom')) });
    const base = await testApp();
    app = Object.assign(await createApp(base.config, { baseDir: ROOT, log: base.log, intents: [...intents.filter((i) => i.name !== 'propose'), testPropose(), broken] }), { logs: base.logs });
    await base.close();
    const sections = await app.bot.homes(turn('', { locale: 'fr-FR' }));
    expect(sections).toHaveLength(1);
    expect(sections[0]).toMatchObject({ text: 'Proposals waiting for you', locale: 'fr' });
    expect(sections[0]!.cards![0]!.buttons!.map((b) => b.action.name)).toEqual(['approve', 'decline']);
    expect(app.logs.join('\n')).toMatch(/home section failed.*broken/);
  });
});
