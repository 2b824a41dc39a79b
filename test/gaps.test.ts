/**
 * What the network asks for: searches with nothing relevant, partly unmatched questions and Not helpful
 * marks are counted per workspace by normalised question, with no person; "Ask the network" appears only
 * with a NETWORK_CHANNEL and posts the question there. Counting with several replicas runs on a shared
 * SQLite file, and on Redis when REDIS_URL is set.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { personalDataSources, type App } from '../src/app.js';
import { renderReply } from '../src/adapters/slack/render.js';
import { RecordingSender, Senders, deliverOutbound } from '../src/core/sender.js';
import { Store } from '../src/core/store.js';
import type { Reply, Scope, Turn } from '../src/core/turn.js';
import { parseSince } from '../src/gaps/report.js';
import { listGaps, recordGap } from '../src/gaps/store.js';
import { erasePersonalData, exportPersonalData } from '../src/privacy/personal-data.js';
import { buttonsOf, press, testApp, turn } from './helpers/app.js';
import { uniqueTenant } from './helpers/nudges.js';

const REDIS_URL = process.env.REDIS_URL;
const open: App[] = [];
afterAll(async () => {
  for (const a of open) await a.close();
});
async function app(env: Record<string, string> = {}) {
  const a = await testApp(env);
  open.push(a);
  return a;
}

const NOTHING = 'quantum teleportation spaceships';
const scope = (tenant: string): Scope => ({ platform: 'console', tenant });
const now = new Date('2026-12-01T10:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('gap counts', () => {
  it('counts close variants of a question together (case, accents, punctuation, stop words, order, plurals) and different questions apart', async () => {
    const store = await Store.open('memory://');
    const s = scope('T1');
    const variants = ['Climate migration?', 'migration and the climate', 'CLIMATE-MIGRATION!!', 'climate migrations', 'Clímate   migratión'];
    for (const [i, q] of variants.entries()) await recordGap(store, s, { query: q, kind: 'none', results: 0 }, later(i));
    await recordGap(store, s, { query: 'climate adaptation', kind: 'none', results: 0 }, later(10));
    await recordGap(store, s, { query: 'urban gardens for refugees', kind: 'none', results: 0 }, later(11));
    // Only stop words and punctuation: not a question about anything.
    expect(await recordGap(store, s, { query: 'How did the other cities...?', kind: 'none', results: 0 }, later(12))).toBe(false);
    const gaps = await listGaps(store, s);
    // Most asked first; equal counts, the most recently asked first.
    expect(gaps.map((g) => [g.key, g.count])).toEqual([
      ['climate migration', 5],
      ['garden refugee urban', 1],
      ['adaptation climate', 1],
    ]);
    // The latest wording is the one shown.
    expect(gaps[0]).toMatchObject({ query: 'Clímate   migratión', lastAsked: later(4).toISOString(), results: 0, notHelpful: 0 });
    await store.close();
  });

  it('keeps each workspace (platform + tenant) apart', async () => {
    const store = await Store.open('memory://');
    await recordGap(store, scope('T1'), { query: 'climate migration', kind: 'none', results: 0 }, now);
    await recordGap(store, scope('T1'), { query: 'climate migration', kind: 'none', results: 0 }, later(1));
    await recordGap(store, scope('T2'), { query: 'climate migration', kind: 'none', results: 0 }, later(2));
    await recordGap(store, { platform: 'slack', tenant: 'T1' }, { query: 'climate migration', kind: 'none', results: 0 }, later(3));
    expect((await listGaps(store, scope('T1'))).map((g) => g.count)).toEqual([2]);
    expect((await listGaps(store, scope('T2'))).map((g) => g.count)).toEqual([1]);
    expect((await listGaps(store, { platform: 'slack', tenant: 'T1' })).map((g) => g.count)).toEqual([1]);
    expect(await listGaps(store, scope('T3'))).toEqual([]);
    await store.close();
  });

  it('--since keeps only the events from then on; bad periods are refused', async () => {
    const store = await Store.open('memory://');
    const s = scope('T1');
    const day = 24 * 60 * 60_000;
    await recordGap(store, s, { query: 'climate migration', kind: 'none', results: 0 }, new Date(now.getTime() - 40 * day));
    await recordGap(store, s, { query: 'climate migration', kind: 'none', results: 0 }, new Date(now.getTime() - 20 * day));
    await recordGap(store, s, { query: 'urban gardens', kind: 'none', results: 0 }, new Date(now.getTime() - 45 * day));
    await recordGap(store, s, { query: 'climate migration', kind: 'none', results: 0 }, new Date(now.getTime() - 1 * day));
    const since30 = parseSince('30d', now)!;
    expect((await listGaps(store, s, since30)).map((g) => [g.query, g.count])).toEqual([['climate migration', 2]]);
    expect((await listGaps(store, s, parseSince('2w', now)!)).map((g) => g.count)).toEqual([1]);
    expect((await listGaps(store, s, parseSince('2026-10-01', now)!)).map((g) => g.count)).toEqual([3, 1]);
    // Past the retention (180 days): not counted, and its index entry is dropped.
    await recordGap(store, s, { query: 'urban gardens', kind: 'none', results: 0 }, new Date(now.getTime() - 200 * day));
    expect(await store.namespace('gap').indexedIds(s)).toHaveLength(5);
    expect((await listGaps(store, s, undefined, now)).map((g) => [g.query, g.count])).toEqual([['climate migration', 3], ['urban gardens', 1]]);
    expect(await store.namespace('gap').indexedIds(s)).toHaveLength(4);
    for (const bad of ['30', 'thirty days', '0d', '-3d', '2026-02-31', '2999-01-01', '']) expect(parseSince(bad, now), bad).toBeUndefined();
    await store.close();
  });

  it('records no person: no user id or conversation in a gap event', async () => {
    const a = await app();
    const t = uniqueTenant('P');
    await a.bot.handle(turn(`/icc search ${NOTHING}`, { tenant: t, user: { id: 'U-SECRET-PERSON', name: 'Ana Secret' }, conversation: { platform: 'console', tenant: t, conversation: 'D-SECRET', kind: 'dm' } }));
    const ns = a.stores.store.namespace<unknown>('gap');
    const ids = await ns.ids(scope(t));
    expect(ids).toHaveLength(1);
    const raw = JSON.stringify(await ns.get(scope(t), ids[0]!));
    expect(raw).not.toMatch(/U-SECRET-PERSON|Ana Secret|D-SECRET/);
  });
});

describe('through the bot', () => {
  it('counts searches with nothing relevant, the unmatched words of partial answers, and Not helpful marks', async () => {
    const a = await app();
    const t = uniqueTenant('B');
    const over: Partial<Turn> = { tenant: t, conversation: { platform: 'console', tenant: t, conversation: 'D1', kind: 'dm' } };
    // The search's phrasing words ("practices on", "how did other cities") are not the question.
    for (const q of ['practices on quantum teleportation of spaceships', 'how did other cities do Quantum-Teleportation with spaceships?', '/icc search spaceship teleportation quantum']) await a.bot.handle(turn(q, over));
    // Text the bot does not take for a search (help answers a lone unknown word) is not counted.
    await a.bot.handle(turn('quantum?', over));
    // Partly answered: the words nothing matched count.
    await a.bot.handle(turn('anti-rumour campaign blockchain', over));
    // Results, then "Not helpful" on them.
    const found = await a.bot.handle(turn('/icc search anti-rumour campaign', over));
    const notHelpful = buttonsOf(found).find((b) => b.action.name === 'feedback' && b.action.data['h'] === false)!;
    await a.bot.handle(press(notHelpful.action, over));
    const helpful = buttonsOf(found).find((b) => b.action.name === 'feedback' && b.action.data['h'] === true)!;
    await a.bot.handle(press(helpful.action, over));
    // A second page is not a second ask.
    const more = buttonsOf(found).find((b) => b.action.name === 'more');
    if (more) await a.bot.handle(press(more.action, over));

    const gaps = await listGaps(a.stores.store, scope(t));
    const byKey = new Map(gaps.map((g) => [g.key, g]));
    expect(byKey.get('quantum spaceship teleportation')).toMatchObject({ count: 3, results: 0, notHelpful: 0 });
    expect(byKey.get('blockchain')).toMatchObject({ count: 1, notHelpful: 0 });
    expect(byKey.get('blockchain')!.results).toBeGreaterThan(0);
    expect(gaps.find((g) => g.notHelpful > 0)).toMatchObject({ query: 'anti-rumour campaign', key: 'campaign rumour', count: 1, notHelpful: 1 });
    expect(gaps.find((g) => g.notHelpful > 0)!.results).toBeGreaterThan(0);
    expect(gaps[0]!.key).toBe('quantum spaceship teleportation');
    expect(gaps).toHaveLength(3);
  });
});

describe('ask the network', () => {
  it('offers no button without a NETWORK_CHANNEL, and says so if an old button is pressed', async () => {
    const a = await app();
    const t = uniqueTenant('N');
    const replies = await a.bot.handle(turn(`/icc search ${NOTHING}`, { tenant: t }));
    expect(replies[0]!.text).toMatch(/found no practice/);
    expect(buttonsOf(replies).some((b) => b.action.intent === 'gaps')).toBe(false);
    const old = await a.bot.handle(press({ intent: 'gaps', name: 'ask', data: { q: NOTHING } }, { tenant: t }));
    expect(old).toHaveLength(1);
    expect(old[0]!.to).toBeUndefined();
    expect(old[0]!.text).toMatch(/no network channel/);
  });

  it('with a NETWORK_CHANNEL, posts the question there (with the asker’s name), tells the user, once a day, and keeps it as their data', async () => {
    const t = uniqueTenant('Y');
    const a = await app({ NETWORK_CHANNEL: `console:${t}=CH-NETWORK; console:other=CH-OTHER` });
    const over: Partial<Turn> = { tenant: t, user: { id: 'U-ASK', name: 'Ana <b>' }, conversation: { platform: 'console', tenant: t, conversation: 'D-ASK', kind: 'dm' } };
    const replies = await a.bot.handle(turn(`/icc search ${NOTHING} <!channel>`, over));
    const ask = buttonsOf(replies).find((b) => b.action.intent === 'gaps')!;
    expect(ask.label).toBe('Ask the network');
    expect(ask.action).toEqual({ intent: 'gaps', name: 'ask', data: { q: `${NOTHING} <!channel>` } });
    // Results come with no such button.
    expect(buttonsOf(await a.bot.handle(turn('/icc search anti-rumour campaign', over))).some((b) => b.action.intent === 'gaps')).toBe(false);

    const pressed = await a.bot.handle(press(ask.action, over));
    const post = pressed.find((r) => r.to)!;
    expect(post.to).toMatchObject({ platform: 'console', tenant: t, conversation: 'CH-NETWORK', kind: 'channel' });
    expect(post.to!.thread).toBeUndefined();
    // Plain text: the adapters escape it (the question's "<!channel>" pings no one).
    expect(post.text).toContain('Ana <b> is looking for experience with: “quantum teleportation spaceships <!channel>”');
    expect(post.text).toMatch(/answer in this thread/);
    const told = pressed.find((r) => !r.to)!;
    expect(told).toMatchObject({ ephemeral: true });
    expect(told.text).toMatch(/posted your question in the network channel/);

    // Through the platform's sender, it lands in that channel and nowhere else.
    const sender = new RecordingSender('console');
    const senders = new Senders();
    senders.register(sender);
    const inline = await deliverOutbound(press(ask.action, over), pressed, senders);
    expect(sender.sent.map((s) => s.address.conversation)).toEqual(['CH-NETWORK']);
    expect(inline).toEqual([told]);

    // A second press the same day posts nothing more.
    const again = await a.bot.handle(press(ask.action, over));
    expect(again.some((r) => r.to)).toBe(false);
    expect(again[0]!.text).toMatch(/already asked/);

    // The record of the post is the person's data: exported, then erased.
    const deps = { stores: a.stores, jobs: a.jobs, dataDir: a.config.dataDir };
    const exported = (await exportPersonalData(personalDataSources, deps, scope(t), 'U-ASK', new Date())) as { data: Record<string, unknown> };
    expect(exported.data['network-question']).toEqual([expect.objectContaining({ user: 'U-ASK', question: `${NOTHING} <!channel>`, channel: 'CH-NETWORK' })]);
    const explain = await a.bot.handle(turn('/icc privacy', over));
    expect(explain[0]!.text).toContain('• Questions asked to the network: 1. Questions you asked the network channel');
    // Everyone is told that the gap counts carry no name, whatever they have.
    expect(explain[0]!.text).toContain('counted by question for the curators, without your name');
    const someoneElse = await a.bot.handle(turn('/icc privacy', { tenant: t, user: { id: 'U-NOBODY' } }));
    expect(someoneElse[0]!.text).toMatch(/^I keep nothing about you in this workspace now\.\nSearches that found nothing, and “Not helpful” answers, are also counted by question/);
    const erased = await erasePersonalData(personalDataSources, deps, scope(t), 'U-ASK');
    expect(erased['network-question']).toBe(1);
    const after = (await exportPersonalData(personalDataSources, deps, scope(t), 'U-ASK', new Date())) as { data: Record<string, unknown> };
    expect(after.data['network-question']).toEqual([]);
  });

  it('without a name from the platform (Slack), the post names no one in its text and Slack mentions the person above it', async () => {
    const t = uniqueTenant('S');
    const a = await app({ NETWORK_CHANNEL: `slack:${t}=C0NETWORK` });
    const over: Partial<Turn> = { platform: 'slack', tenant: t, user: { id: 'U0ASKER' }, conversation: { platform: 'slack', tenant: t, conversation: 'D0ASK', kind: 'dm', ref: 'enterprise:E0ORG' } };
    const pressed = await a.bot.handle(press({ intent: 'gaps', name: 'ask', data: { q: 'quantum <!channel> teleportation' } }, over));
    const post = pressed.find((r) => r.to)!;
    // Slack posts by channel id; the enterprise (org-wide installs) comes with it.
    expect(post.to).toEqual({ platform: 'slack', tenant: t, conversation: 'C0NETWORK', kind: 'channel', ref: 'enterprise:E0ORG' });
    expect(post.text).toMatch(/^A colleague is looking for experience with: “quantum <!channel> teleportation”/);
    expect(post.onBehalfOf).toEqual({ id: 'U0ASKER' });
    const tr = (key: string) => key;
    const noSpill = () => 'x';
    const { blocks } = renderReply(post, { t: tr, spill: noSpill });
    expect(blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '<@U0ASKER>', verbatim: true }] });
    // The question is escaped: only the mention is markup.
    expect(JSON.stringify(blocks)).toContain('quantum &lt;!channel&gt; teleportation');
    // Anything but a Slack user id never becomes a mention.
    const forged = renderReply({ ...post, onBehalfOf: { id: '!channel' } }, { t: tr, spill: noSpill });
    expect(JSON.stringify(forged.blocks)).not.toMatch(/<[@!]/);
  });

  it('uses the channel address the bot has seen (Teams needs its reference), and on Teams without one says how to fix it', async () => {
    const t = uniqueTenant('TM');
    const a = await app({ NETWORK_CHANNEL: `teams:${t}=19:net@thread.tacv2` });
    const over = (conversation: string, kind: 'dm' | 'channel'): Partial<Turn> => ({ platform: 'teams', tenant: t, user: { id: '29:ask', name: 'Ana' }, conversation: { platform: 'teams', tenant: t, conversation, kind, ref: `{"conversation":{"id":"${conversation}"}}` } });
    const action = { intent: 'gaps', name: 'ask', data: { q: NOTHING } };
    const unreachable = await a.bot.handle(press(action, over('a:dm', 'dm')));
    expect(unreachable.some((r) => r.to)).toBe(false);
    expect(unreachable[0]!.text).toMatch(/add me to that channel/);
    // The bot is mentioned once in the network channel: its address (and reference) is remembered.
    await a.bot.handle({ ...turn('hello', over('19:net@thread.tacv2', 'channel')), conversation: { ...over('19:net@thread.tacv2', 'channel').conversation!, thread: 'root-1' } });
    const posted = await a.bot.handle(press(action, over('a:dm', 'dm')));
    const post = posted.find((r) => r.to)!;
    expect(post.to).toEqual({ platform: 'teams', tenant: t, conversation: '19:net@thread.tacv2', kind: 'channel', ref: '{"conversation":{"id":"19:net@thread.tacv2"}}' });
  });

  it('refuses a forged or empty question politely', async () => {
    const t = uniqueTenant('F');
    const a = await app({ NETWORK_CHANNEL: `console:${t}=CH-NETWORK` });
    for (const data of [{ q: '' }, { q: 'x'.repeat(301) }, { q: NOTHING, extra: 1 }, { q: '??? the of' }]) {
      const r = await a.bot.handle(press({ intent: 'gaps', name: 'ask', data }, { tenant: t }));
      expect(r.some((x: Reply) => x.to)).toBe(false);
      expect(r[0]!.text).toMatch(/expired/);
    }
  });
});

const backends: Array<[string, () => string]> = [['a shared SQLite file', () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'icc-gaps-')), 'icc.sqlite')}`]];
if (REDIS_URL) backends.push(['Redis', () => REDIS_URL]);
else console.warn('[skipped] gap counts on Redis: REDIS_URL is not set, so the two-replica count ran on SQLite only');

describe.each(backends)('two replicas on %s', (_name, storeUrl) => {
  it('count every event noted at the same time (one record per event, no lost update)', async () => {
    const url = storeUrl();
    const [s1, s2] = [await Store.open(url), await Store.open(url)];
    const s = { platform: 'slack' as const, tenant: uniqueTenant('R') };
    await Promise.all(Array.from({ length: 40 }, (_v, i) => recordGap(i % 2 ? s1 : s2, s, { query: i % 4 ? 'Climate migration' : 'migration, climate', kind: 'none', results: 0 }, later(i % 3))));
    expect((await listGaps(s1, s)).map((g) => g.count)).toEqual([40]);
    expect((await listGaps(s2, s)).map((g) => g.count)).toEqual([40]);
    // Leave a shared Redis as it was.
    const ns = s1.namespace('gap');
    for (const id of await ns.indexedIds(s)) {
      await ns.delete(s, id);
      await ns.indexRemove(s, id);
    }
    await s1.close();
    await s2.close();
  });
});
