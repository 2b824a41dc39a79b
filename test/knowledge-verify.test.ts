/**
 * The verification list: practices checked more than 18 months ago, for the workspace's curators (on
 * demand with `/icc curate verify`, and once a month from `serve`'s tick), with Still valid / Needs update /
 * Retire; a retired practice leaves that workspace's search only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingSender, Senders } from '../src/core/sender.js';
import type { Turn } from '../src/core/turn.js';
import { staleBefore } from '../src/knowledge/verification.js';
import { tickTasks } from '../src/scheduler/handlers.js';
import { buttonsOf, fixedClock, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';

let app: TestApp;
afterEach(async () => app?.close());

const curator: Partial<Turn> = { user: { id: 'cur1', name: 'Maria' } };
const other: Partial<Turn> = { tenant: 'T2', conversation: { platform: 'console', tenant: 'T2', conversation: 'C1', kind: 'dm' } };

describe('verification list', () => {
  it('is due 18 months after a check', () => {
    expect(staleBefore(new Date('2028-06-15T10:00:00Z'))).toBe('2026-12-15');
  });

  it('lists old practices to curators only; still valid, needs update and retire do what they say', async () => {
    // Two years after the content was checked: every practice is due.
    app = await testApp({ CURATORS: 'console:T1=cur1' }, { clock: fixedClock('2028-12-01T09:00:00Z') });
    expect(textOf(await app.bot.handle(turn('/icc curate verify')))).toMatch(/only the curators/);
    const total = app.content.practices.length;
    const list = await app.bot.handle(turn('/icc curate verify', curator));
    expect(list[0]!.text).toBe(`${total} practices were checked more than 18 months ago. Is it still true? Here are the 10 oldest:`);
    expect(list[0]!.cards).toHaveLength(10);
    expect(list[0]!.cards![0]!.buttons!.map((b) => b.label)).toEqual(['Still valid', 'Needs update', 'Retire']);

    const [first, second, third] = list[0]!.cards!.map((c) => buttonsOf([{ cards: [c] }]));
    const idOf = (bs: typeof first) => bs![0]!.action.data['id'] as string;
    const retired = app.content.practices.find((p) => p.id === idOf(third))!;
    const findIt = (over: Partial<Turn> = {}) => app.bot.handle(turn(`/icc search ${retired.title}`, over));
    expect(textOf(await findIt())).toContain(retired.title);

    // Someone else cannot retire anything.
    expect(textOf(await app.bot.handle(press(third![2]!.action)))).toMatch(/only the curators/);
    expect(textOf(await app.bot.handle(press(first![0]!.action, curator)))).toMatch(/counts as checked today/);
    expect(textOf(await app.bot.handle(press(second![1]!.action, curator)))).toMatch(/needs an update/);
    expect(textOf(await app.bot.handle(press(third![2]!.action, curator)))).toMatch(/no longer appears in this workspace’s search/);

    // Retired: gone from this workspace's search at once, still in another workspace's.
    const after = await findIt();
    expect(after.flatMap((r) => r.cards ?? []).map((c) => c.title)).not.toContain(retired.title);
    expect(textOf(await findIt(other))).toContain(retired.title);
    // The list: the valid and the retired ones left it, the one needing an update stays.
    const again = await app.bot.handle(turn('/icc curate verify', curator));
    expect(again[0]!.text).toMatch(new RegExp(`^${total - 2} practices`));
    const ids = again[0]!.cards!.map((c) => c.buttons![0]!.action.data['id']);
    expect(ids).toContain(idOf(second));
    expect(ids).not.toContain(idOf(first));
    expect(ids).not.toContain(idOf(third));
    // "Still valid" brings a retired practice back.
    await app.bot.handle(press(third![0]!.action, curator));
    expect(textOf(await findIt())).toContain(retired.title);
    // A forged id is refused.
    expect(textOf(await app.bot.handle(press({ intent: 'curate', name: 'verify', data: { id: 'no-such-practice', v: 'retire' } }, curator)))).toMatch(/can’t find/);
  });

  it('nothing due: says so', async () => {
    app = await testApp({ CURATORS: 'console:T1=cur1' }, { clock: fixedClock('2027-01-01T09:00:00Z') });
    expect(textOf(await app.bot.handle(turn('/icc curate verify', curator)))).toBe('No practice in this workspace’s search was checked more than 18 months ago.');
  });

  it('is sent to each curator once a month, in their language', async () => {
    const clock = fixedClock('2028-12-01T09:00:00Z');
    app = await testApp({ CURATORS: 'slack:TS=UA,UB' }, { clock });
    await app.stores.profile.set({ platform: 'slack', tenant: 'TS' }, 'UB', { locale: 'de', updatedAt: clock.now().toISOString() });
    const senders = new Senders();
    const slack = new RecordingSender('slack');
    senders.register(slack);
    const task = tickTasks({ app, senders }).find((t) => t.name === 'knowledge-verification')!;
    expect(await task.run()).toBe(2);
    const sent = slack.drain();
    expect(sent.map((s) => s.address.conversation)).toEqual(['group:UA', 'group:UB']);
    expect(sent[0]!.replies[0]!.text).toMatch(/practices were checked more than 18 months ago/);
    expect(sent[1]!.replies[0]!.text).toMatch(/Praxisbeispiele wurden vor mehr als 18 Monaten geprüft/);
    // Once a month: the next tick sends nothing, the next month again.
    expect(await task.run()).toBe(0);
    clock.set('2029-01-02T09:00:00Z');
    expect(await task.run()).toBe(2);
  });
});
