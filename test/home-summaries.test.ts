import { afterEach, describe, expect, it } from 'vitest';
import { testApp, turn, type TestApp } from './helpers/app.js';

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
