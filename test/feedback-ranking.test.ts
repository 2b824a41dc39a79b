/** "Helpful" / "Not helpful" move results for that query and its close variants, per workspace, and the card says why. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Reply, Turn } from '../src/core/turn.js';
import { queryKey, rerank } from '../src/feedback/boost.js';
import { personalDataSources } from '../src/privacy/registry.js';
import { buttonsOf, press, testApp, textOf, turn } from './helpers/app.js';

const shown = (replies: Reply[]) => replies.flatMap((r) => (r.cards ?? []).flatMap((c) => (c.buttons ?? []).filter((b) => b.action.name === 'like').map((b) => String(b.action.data['id']))));
const inTenant = (tenant: string, user: string): Partial<Turn> => ({ tenant, user: { id: user }, conversation: { platform: 'console', tenant, conversation: `D-${user}`, kind: 'dm' } });

describe('query keys and re-ranking', () => {
  it('close variants share a key', () => {
    expect(queryKey('Anti-rumour campaigns?')).toBe(queryKey('campaign anti rumour'));
    expect(queryKey('how did other cities run anti-rumour campaigns')).toBe(queryKey('anti-rumour campaign run'));
    expect(queryKey('intercultural mediation')).not.toBe(queryKey('anti-rumour campaign'));
  });

  it('votes reorder hits, stably', () => {
    const hits = [3, 2, 1.5].map((score, i) => ({ practice: { id: 'abc'[i]! }, score }));
    expect(rerank(hits, {}).map((h) => h.practice.id)).toEqual(['a', 'b', 'c']);
    expect(rerank(hits, { c: { up: ['u1', 'u2', 'u3', 'u4'], down: [] } }).map((h) => h.practice.id)).toEqual(['c', 'a', 'b']);
    expect(rerank(hits, { a: { up: [], down: ['u1', 'u2', 'u3'] } }).map((h) => h.practice.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('feedback in the conversation', () => {
  let app: App;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('three colleagues marking the second page helpful move a result up, in this workspace only, and the card says why', async () => {
    const query = '/icc search anti-rumour';
    const first = shown(await app.bot.handle(turn(query, inTenant('TA', 'ana'))));
    expect(first).toHaveLength(5);
    // The second page, as Ana sees it; she and two colleagues it was shared with mark it helpful.
    const more = buttonsOf(await app.bot.handle(turn(query, inTenant('TA', 'ana')))).find((b) => b.action.name === 'more')!;
    const page2 = await app.bot.handle(press(more.action, inTenant('TA', 'ana')));
    const promoted = shown(page2);
    const helpful = buttonsOf(page2).find((b) => b.action.name === 'feedback' && b.action.data['h'] === true)!;
    for (const user of ['ana', 'ben', 'cy']) await app.bot.handle(press(helpful.action, inTenant('TA', user)));
    // A close variant of the query, asked by a fourth colleague.
    const after = await app.bot.handle(turn('/icc search Anti-rumour!', inTenant('TA', 'dee')));
    const now = shown(after);
    expect(now.some((id) => promoted.includes(id))).toBe(true);
    // Nothing moved in this workspace before the votes: the first page was the engine's.
    expect(first.some((id) => promoted.includes(id))).toBe(false);
    expect(textOf(after) + JSON.stringify(after[0]!.cards!.map((c) => c.fields))).toContain('marked helpful by 3 colleagues');
    // Another workspace is not affected.
    expect(shown(await app.bot.handle(turn(query, inTenant('TB', 'eve'))))).toEqual(first);
  });

  it('"not helpful" from colleagues moves the shown results down', async () => {
    const query = '/icc search intercultural mediation';
    const first = shown(await app.bot.handle(turn(query, inTenant('TC', 'ana'))));
    for (const user of ['ana', 'ben']) {
      const replies = await app.bot.handle(turn(query, inTenant('TC', user)));
      const notHelpful = buttonsOf(replies).find((b) => b.action.name === 'feedback' && b.action.data['h'] === false)!;
      await app.bot.handle(press(notHelpful.action, inTenant('TC', user)));
    }
    const now = shown(await app.bot.handle(turn(query, inTenant('TC', 'cy'))));
    expect(now).not.toEqual(first);
    expect(now.filter((id) => !first.includes(id)).length).toBeGreaterThan(0);
  });

  it('one person counts once, and privacy delete takes their votes out', async () => {
    const query = '/icc search housing';
    for (let i = 0; i < 3; i++) {
      const replies = await app.bot.handle(turn(query, inTenant('TD', 'ana')));
      await app.bot.handle(press(buttonsOf(replies).find((b) => b.action.name === 'feedback' && b.action.data['h'] === true)!.action, inTenant('TD', 'ana')));
    }
    const replies = await app.bot.handle(turn(query, inTenant('TD', 'ben')));
    expect(JSON.stringify(replies[0]!.cards!.map((c) => c.fields))).toContain('marked helpful by 1 colleague');
    const feedback = personalDataSources.find((s) => s.name === 'feedback')!;
    const deps = { stores: app.stores, jobs: app.jobs, dataDir: app.config.dataDir };
    expect(JSON.stringify(await feedback.export(deps, { platform: 'console', tenant: 'TD' }, 'ana'))).toContain('rankingVotes');
    await feedback.erase(deps, { platform: 'console', tenant: 'TD' }, 'ana');
    const after = await app.bot.handle(turn(query, inTenant('TD', 'ben')));
    expect(JSON.stringify(after[0]!.cards!.map((c) => c.fields))).not.toContain('marked helpful');
  });
});
