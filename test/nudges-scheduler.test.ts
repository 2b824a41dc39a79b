import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { AREA_IDS } from '../src/content/schemas.js';
import { createLogger } from '../src/core/log.js';
import { SendError } from '../src/core/sender.js';
import { scopeOf, type Address } from '../src/core/turn.js';
import { practicesFor } from '../src/nudges/digest.js';
import { startServer, type RunningServer } from '../src/serve.js';
import { ROOT, fixedClock, testApp, textOf } from './helpers/app.js';
import { ScriptedSender, channel, digestsTo, nudgeRunner, pressIn, say, subscription, uniqueTenant } from './helpers/nudges.js';

// Subscribed on Tuesday 24 November 2026; "Monday 09:00 Europe/Rome" is then due on 30 November at 08:00 UTC (ISO week 49).
const SUBSCRIBED_AT = '2026-11-24T10:00:00Z';
const W49 = Date.parse('2026-11-30T08:00:00Z');
const WEEK = 7 * 24 * 3600e3;
const HOUR = 3600e3;
const at = (ms: number) => new Date(ms).toISOString();

const apps: App[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const a of apps.splice(0)) await a.close();
});

async function setup(opts: { env?: Record<string, string>; command?: string } = {}) {
  const clock = fixedClock(SUBSCRIBED_AT);
  const app = await testApp(opts.env ?? {}, { clock });
  apps.push(app);
  const c = channel(uniqueTenant());
  const replies = await say(app, c, opts.command ?? '/icc nudge weekly mon 09:00 Europe/Rome', { name: 'Ana' });
  expect(textOf(replies)).toMatch(/Set by Ana/);
  const runner = nudgeRunner(app);
  return { app, clock, c, scope: scopeOf(c), ...runner, digests: () => digestsTo(runner.sender, c.tenant) };
}

describe('weekly nudge scheduler', () => {
  it('sends one digest at the local time, never twice in a week, and again the next week', async () => {
    const { clock, run, digests, app, scope, c } = await setup();
    clock.set(at(W49 - 1000));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });
    clock.set(at(W49));
    expect(await run()).toMatchObject({ due: 1, sent: 1 });
    clock.set(at(W49 + 30_000));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });
    expect(digests()).toHaveLength(1);

    const [first] = digests();
    expect(first!.address).toEqual(c);
    const reply = first!.replies[0]!;
    expect(first!.replies).toHaveLength(1);
    expect(reply.cards?.[0]?.url).toMatch(/^https?:\/\//);
    expect(reply.cards?.[1]?.fields?.map((f) => f.label)).toEqual(['Self-check', 'A peer city to talk to']);
    expect(reply.cards?.[1]?.fields?.[0]?.value).toMatch(/No self-check yet/);
    expect(reply.cards?.[1]?.fields?.[1]?.value).toMatch(/^.+ \(.+\) has worked on .+, for example “.+”\.$/);
    const practiceId = (reply.buttons![0]!.action.data as { id: string }).id;
    expect(reply.buttons!.map((b) => [b.action.intent, b.action.name, b.action.data])).toEqual([
      ['search', 'like', { id: practiceId }],
      ['nudges', 'skip', { w: '2026-W49' }],
      ['nudges', 'unsubscribe', {}],
    ]);
    expect(app.search.practice(practiceId)?.title).toBe(reply.cards?.[0]?.title);
    expect((await subscription(app, scope))?.lastSent).toMatchObject({ week: '2026-W49', practice: practiceId });

    clock.set(at(W49 + WEEK + 20_000));
    expect(await run()).toMatchObject({ sent: 1 });
    expect(digests()).toHaveLength(2);
    expect((digests()[1]!.replies[0]!.buttons![0]!.action.data as { id: string }).id).not.toBe(practiceId);
  });

  it('does not send for a time that had already passed when the channel subscribed', async () => {
    const clock = fixedClock(at(W49 + 30 * 60_000)); // Monday 09:30 in Rome
    const app = await testApp({}, { clock });
    apps.push(app);
    const c = channel(uniqueTenant());
    expect(textOf(await say(app, c, '/icc nudge weekly mon 09:00 Europe/Rome'))).toMatch(/Next tip: Monday, December 7, 2026/);
    const { run, sender } = nudgeRunner(app);
    clock.set(at(W49 + HOUR));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });
    clock.set(at(W49 + WEEK));
    expect(await run()).toMatchObject({ sent: 1 });
    expect(digestsTo(sender, c.tenant)).toHaveLength(1);
  });

  it('after a restart, catches up once within the grace window and never beyond it or as a backlog', async () => {
    const file = `sqlite://${join(mkdtempSync(join(tmpdir(), 'icc-nudge-')), 'icc.sqlite')}`;
    const c = channel(uniqueTenant());
    const first = await testApp({ STORE_URL: file }, { clock: fixedClock(SUBSCRIBED_AT) });
    await say(first, c, '/icc nudge weekly mon 09:00 Europe/Rome');
    await first.close();

    // The process was down at 09:00; it comes back at 14:59 local, inside the 6-hour window.
    const late = fixedClock(at(W49 + 6 * HOUR - 60_000));
    const restarted = await testApp({ STORE_URL: file }, { clock: late });
    apps.push(restarted);
    const { run, sender } = nudgeRunner(restarted);
    expect(await run()).toMatchObject({ sent: 1 });
    expect(await run()).toMatchObject({ sent: 0 });

    // Next week it comes back 6 hours and 1 minute late: that week is not sent.
    late.set(at(W49 + WEEK + 6 * HOUR + 60_000));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });

    // Three weeks of downtime, back 2 hours after the latest time: exactly one digest, not three.
    late.set(at(W49 + 4 * WEEK + 2 * HOUR));
    expect(await run()).toMatchObject({ sent: 1 });
    expect(await run()).toMatchObject({ sent: 0 });
    expect(digestsTo(sender, c.tenant)).toHaveLength(2);
  });

  it('honours NUDGE_GRACE_HOURS', async () => {
    const { clock, run } = await setup({ env: { NUDGE_GRACE_HOURS: '1' } });
    clock.set(at(W49 + HOUR + 60_000));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });
  });

  it('pause skips the next weeks, then sends again; resume and off take effect at once', async () => {
    const { app, clock, c, scope, run, digests } = await setup();
    expect(textOf(await say(app, c, '/icc nudge pause 1'))).toMatch(/next tip comes on Monday, December 7, 2026/);
    clock.set(at(W49));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });
    expect((await subscription(app, scope))?.status).toBe('paused');
    clock.set(at(W49 + WEEK));
    expect(await run()).toMatchObject({ sent: 1 });
    const afterPause = await subscription(app, scope);
    expect(afterPause?.status).toBe('active');
    expect(afterPause?.pausedUntil).toBeUndefined();

    await say(app, c, '/icc nudge pause 3');
    await say(app, c, '/icc nudge resume');
    clock.set(at(W49 + 2 * WEEK));
    expect(await run()).toMatchObject({ sent: 1 });

    await say(app, c, '/icc nudge off');
    clock.set(at(W49 + 3 * WEEK));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });
    clock.set(at(W49 + 4 * WEEK));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });
    expect(digests()).toHaveLength(2);
  });

  it('"skip next week" skips exactly the week after the digest, even when pressed twice', async () => {
    const { app, clock, c, run, digests } = await setup();
    clock.set(at(W49));
    await run();
    const skip = digests()[0]!.replies[0]!.buttons!.find((b) => b.action.name === 'skip')!;
    clock.set(at(W49 + HOUR));
    expect(textOf(await pressIn(app, c, skip.action, { name: 'Bob' }))).toMatch(/tip of Monday, December 7, 2026 at 09:00 will be skipped, set by Bob.*December 14, 2026/s);
    await pressIn(app, c, skip.action, { name: 'Cy' });
    clock.set(at(W49 + WEEK));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });
    clock.set(at(W49 + 2 * WEEK));
    expect(await run()).toMatchObject({ sent: 1 });
    expect(digests()).toHaveLength(2);
  });

  it('a channel that is gone stops the subscription and tells whoever set it up', async () => {
    const { app, clock, scope, sender, run, digests, c } = await setup();
    sender.failures.push(new SendError('gone', 'channel_not_found'));
    clock.set(at(W49));
    expect(await run()).toMatchObject({ due: 1, sent: 0, broken: 1 });
    const sub = await subscription(app, scope);
    expect(sub).toMatchObject({ status: 'broken', brokenReason: 'gone' });
    // The note goes to a direct conversation with the creator (U1), not to the dead channel.
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]!.address.conversation).toBe('group:U1');
    expect(textOf(sender.sent[0]!.replies)).toMatch(/stopped the weekly tip.*C1.*removed from it/);
    clock.set(at(W49 + WEEK));
    expect(await run()).toMatchObject({ due: 0, sent: 0 });
    expect(digests()).toHaveLength(0);
    expect(textOf(await say(app, c, '/icc nudge list'))).toMatch(/Status: stopped/);
    // Once the bot is back, resume restarts it.
    await say(app, c, '/icc nudge resume');
    clock.set(at(W49 + 2 * WEEK));
    expect(await run()).toMatchObject({ sent: 1 });
  });

  it('the note about a broken channel goes to the direct conversation the creator used with the assistant', async () => {
    const { app, clock, sender, run, c } = await setup();
    const dm: Address = { ...channel(c.tenant, 'D-ana'), kind: 'dm', ref: 'adapter-reference' };
    expect(textOf(await say(app, dm, '/icc nudge list', { name: 'Ana' }))).toMatch(/not direct messages/);
    sender.failures.push(new SendError('gone', 'is_archived'));
    clock.set(at(W49));
    expect(await run()).toMatchObject({ broken: 1 });
    expect(sender.sent.map((s) => s.address)).toEqual([dm]);
  });

  it('a forbidden channel is marked broken too; without a way to reach the creator the note is skipped', async () => {
    const { app, clock, scope, sender, run } = await setup();
    sender.failures.push(new SendError('forbidden', 'Teams 403'));
    sender.openConversation = async () => null;
    clock.set(at(W49));
    expect(await run()).toMatchObject({ broken: 1 });
    expect((await subscription(app, scope))?.brokenReason).toBe('forbidden');
    expect(sender.sent).toHaveLength(0);
    expect(app.logs.some((l) => /creator not notified/.test(l))).toBe(true);
  });

  it('a 429 is retried after Retry-After, within the window, without losing the week', async () => {
    const { clock, sender, run, digests, app, scope } = await setup();
    sender.failures.push(new SendError('rate-limited', 'ratelimited', { retryAfterMs: 120_000 }));
    clock.set(at(W49));
    expect(await run()).toMatchObject({ due: 1, sent: 0, failed: 1 });
    expect((await subscription(app, scope))?.retry).toEqual({ week: '2026-W49', notBefore: at(W49 + 120_000), attempts: 1 });
    clock.set(at(W49 + 119_000));
    expect(await run()).toMatchObject({ due: 1, sent: 0, deferred: 1 });
    clock.set(at(W49 + 120_000));
    expect(await run()).toMatchObject({ sent: 1 });
    expect(digests()).toHaveLength(1);
    expect((await subscription(app, scope))?.retry).toBeUndefined();
  });

  it('resume on a subscription that is already on does not drop a send waiting for its retry', async () => {
    const { app, c, clock, sender, run, digests } = await setup();
    sender.failures.push(new SendError('rate-limited', 'ratelimited', { retryAfterMs: 60_000 }));
    clock.set(at(W49));
    await run();
    clock.set(at(W49 + 30_000));
    await say(app, c, '/icc nudge resume');
    clock.set(at(W49 + 60_000));
    expect(await run()).toMatchObject({ sent: 1 });
    expect(digests()).toHaveLength(1);
  });

  it('a transient failure backs off and retries', async () => {
    const { clock, sender, run, digests } = await setup();
    sender.failures.push(new SendError('transient', '503'), new SendError('transient', '503'));
    clock.set(at(W49));
    expect(await run()).toMatchObject({ failed: 1 });
    clock.set(at(W49 + 60_000));
    expect(await run()).toMatchObject({ failed: 1 });
    clock.set(at(W49 + 60_000 + 119_000));
    expect(await run()).toMatchObject({ deferred: 1 });
    clock.set(at(W49 + 60_000 + 120_000));
    expect(await run()).toMatchObject({ sent: 1 });
    expect(digests()).toHaveLength(1);
    expect(sender.attempts).toHaveLength(3);
  });

  it('paces messages to one channel to at most one per second', async () => {
    const { clock, sender, run, digests } = await setup();
    sender.failures.push(new SendError('rate-limited', 'ratelimited', { retryAfterMs: 500 }));
    clock.set(at(W49));
    await run();
    clock.set(at(W49 + 600)); // Retry-After has passed, but the last attempt was 600 ms ago.
    expect(await run()).toMatchObject({ deferred: 1, sent: 0 });
    clock.set(at(W49 + 1000));
    expect(await run()).toMatchObject({ sent: 1 });
    expect(digests()).toHaveLength(1);
  });

  it('rotates practices within a topic without repeats until they are used up, then starts a new cycle', async () => {
    const probe = await testApp();
    apps.push(probe);
    // The smallest topic with at least three practices keeps the test short.
    const area = [...AREA_IDS].map((a) => [a, practicesFor(probe.content, a).length] as const).filter(([, n]) => n >= 3).sort((x, y) => x[1] - y[1])[0]![0];
    const pool = practicesFor(probe.content, area).map((p) => p.id);
    const { clock, run, digests, app, scope } = await setup({ command: `/icc nudge weekly mon 09:00 Europe/Rome topics ${area}` });
    const sent: string[] = [];
    for (let week = 0; week <= pool.length; week++) {
      clock.set(at(W49 + week * WEEK));
      expect(await run()).toMatchObject({ sent: 1 });
      sent.push((digests()[week]!.replies[0]!.buttons![0]!.action.data as { id: string }).id);
    }
    const cycle = sent.slice(0, pool.length);
    expect(new Set(cycle).size).toBe(pool.length);
    expect([...cycle].sort()).toEqual([...pool].sort());
    // The new cycle starts with a practice from the topic, not the one just sent.
    expect(pool).toContain(sent[pool.length]);
    expect(sent[pool.length]).not.toBe(sent[pool.length - 1]);
    expect((await subscription(app, scope))?.history[area]).toEqual([sent[pool.length]]);
  });

  it('alternates between the group topics week by week', async () => {
    const { clock, run, app, scope } = await setup({ command: '/icc nudge weekly mon 09:00 Europe/Rome topics education, public-space' });
    const topics: string[] = [];
    for (let week = 0; week < 4; week++) {
      clock.set(at(W49 + week * WEEK));
      await run();
      topics.push((await subscription(app, scope))!.lastSent!.topic);
    }
    expect(topics).toEqual(['education', 'public-space', 'education', 'public-space']);
  });

  it('builds the self-check prompt from the latest completed run and suggests a peer city for its weakest area', async () => {
    const { clock, run, digests, app, scope } = await setup();
    await app.stores.profile.set(scope, 'U1', { city: 'bergen', updatedAt: SUBSCRIBED_AT });
    const results = app.stores.store.namespace<unknown>('selfcheck-result');
    const areas = Object.fromEntries(AREA_IDS.map((a) => [a, 70]));
    await results.set(scope, 'bergen|2026-06-01T10:00:00.000Z', { city: 'bergen', completedAt: '2026-06-01T10:00:00.000Z', overall: 70, areas: { ...areas, language: 10 }, user: 'U1', kind: 'full' });
    await results.set(scope, 'bergen|2026-10-01T10:00:00.000Z', { city: 'bergen', completedAt: '2026-10-01T10:00:00.000Z', overall: 60, areas: { ...areas, 'public-space': 20 }, user: 'U1', kind: 'quick' });
    await results.set(scope, 'oslo|2026-11-01T10:00:00.000Z', { city: 'oslo', completedAt: '2026-11-01T10:00:00.000Z', overall: 50, areas: { ...areas, education: 5 }, user: 'U7', kind: 'full' });
    clock.set(at(W49));
    await run();
    const fields = digests()[0]!.replies[0]!.cards![1]!.fields!;
    expect(fields[0]!.value).toMatch(/completed on October 1, 2026; its weakest area was Public space/);
    const peer = fields[1]!.value;
    const city = app.content.cities.find((x) => peer.startsWith(`${x.name} (`));
    expect(city, peer).toBeDefined();
    expect(city!.id).not.toBe('bergen');
    expect(city!.practices.some((id) => app.content.practiceById.get(id)!.areas.includes('public-space'))).toBe(true);
  });

  it('runs as a tick task of `serve`', async () => {
    const clock = fixedClock(SUBSCRIBED_AT);
    const dataDir = mkdtempSync(join(tmpdir(), 'icc-serve-'));
    const config = loadConfig({ STORE_URL: 'memory://', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const server = await startServer(config, { baseDir: ROOT, clock, ticker: false, port: 0, host: '127.0.0.1', log: createLogger({ level: 'silent' }) });
    servers.push(server);
    const sender = new ScriptedSender('teams');
    server.senders.register(sender);
    const c: Address = channel(uniqueTenant(), '19:abc@thread.tacv2', 'teams');
    await say(server.app, c, '/icc nudge weekly mon 09:00 Europe/Rome');
    clock.set(at(W49));
    await server.tick();
    await server.tick();
    expect(digestsTo(sender, c.tenant)).toHaveLength(1);
    expect(digestsTo(sender, c.tenant)[0]!.address).toEqual(c);
  });
});

