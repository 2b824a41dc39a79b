import { afterEach, describe, expect, it } from 'vitest';
import { defineIntent } from '../src/core/intent.js';
import { StoreUnavailableError } from '../src/core/errors.js';
import { intents } from '../src/app.js';
import { buttonsOf, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';

let app: TestApp;
afterEach(async () => app?.close());

const boom = defineIntent({
  name: 'boom',
  description: 'intent.help.description',
  examples: [],
  commands: ['boom', 'storefail'],
  match: () => null,
  async handle(_t, _c, input) {
    if (input.text === 'store') throw new StoreUnavailableError('down');
    throw new Error('kaboom secret-xyz');
  },
});

describe('bot', () => {
  it('answers a search with cards, a more-results button and feedback buttons', async () => {
    app = await testApp();
    const replies = await app.bot.handle(turn('how did other cities run an anti-rumour campaign?'));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.cards).toHaveLength(5);
    const labels = buttonsOf(replies).map((b) => b.label);
    expect(labels.filter((l) => l === 'More like this')).toHaveLength(5);
    expect(labels).toEqual(expect.arrayContaining(['More results', 'Helpful', 'Not helpful']));
    expect(replies[0]!.cards![0]!.url).toMatch(/^https?:\/\//);
  });

  it('marks every reply with the language it is written in, the new one when the turn changed it', async () => {
    app = await testApp();
    const before = await app.bot.handle(turn('help'));
    expect(before.map((r) => r.locale)).toEqual(before.map(() => 'en'));
    const changed = await app.bot.handle(turn('/icc language it'));
    expect(changed[0]!.locale).toBe('it');
    expect(changed[0]!.text).toMatch(/italiano/i);
    const after = await app.bot.handle(turn('mediation'));
    expect(after[0]!.locale).toBe('it');
    expect(await app.bot.localeFor(turn('x'))).toBe('it');
  });

  it('pages with "more results" and stores feedback per tenant', async () => {
    app = await testApp();
    const first = await app.bot.handle(turn('mediation'));
    const more = buttonsOf(first).find((b) => b.label === 'More results')!;
    const second = await app.bot.handle(press(more.action));
    expect(second[0]!.replaceOriginal).toBe(true);
    expect(second[0]!.text).toMatch(/Showing 6–/);

    const notHelpful = buttonsOf(first).find((b) => b.label === 'Not helpful')!;
    const next = await app.bot.handle(press(notHelpful.action));
    expect(textOf(next)).toMatch(/Try one of these areas/);
    expect(buttonsOf(next).length).toBeGreaterThan(0);
    const ids = await app.stores.feedback.ids({ platform: 'console', tenant: 'T1' });
    expect(ids).toHaveLength(1);
    expect(await app.stores.feedback.get({ platform: 'console', tenant: 'T1' }, ids[0]!)).toMatchObject({ user: 'U1', query: 'mediation', helpful: false });
    expect(await app.stores.feedback.ids({ platform: 'console', tenant: 'T2' })).toEqual([]);
  });

  it('says when nothing matched and offers areas', async () => {
    app = await testApp();
    const replies = await app.bot.handle(turn('/icc search qwertyuiop zxcvbnm'));
    expect(textOf(replies)).toMatch(/I found no practice for “qwertyuiop zxcvbnm”/);
    expect(buttonsOf(replies).length).toBeGreaterThan(0);
  });

  it('answers a stale or forged button politely', async () => {
    app = await testApp();
    for (const action of [
      { intent: 'search', name: 'more', data: { q: 1 } },
      { intent: 'search', name: 'like', data: { id: 'no-such-practice' } },
      { intent: 'nope', name: 'x', data: {} },
      { intent: 'search', name: 'unknown', data: {} },
    ]) {
      const replies = await app.bot.handle(press(action));
      expect(textOf(replies)).toMatch(/expired or is no longer valid/);
    }
  });

  it('catches every error once: a friendly sentence, the error logged with the turn id', async () => {
    app = await testApp({}, {});
    const { createBot } = await import('../src/core/bot.js');
    const bot = createBot(app.bot.deps, [...intents, boom]);
    const t = turn('/icc boom');
    const replies = await bot.handle(t);
    expect(textOf(replies)).toBe('Sorry, something went wrong on my side. Please try again.');
    const line = app.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'turn failed');
    expect(line).toMatchObject({ level: 'error', turn: t.id, code: 'INTERNAL' });
    const store = await bot.handle(turn('/icc storefail store'));
    expect(textOf(store)).toMatch(/try again in a moment/);
  });

  it('rejects duplicate intent names at start-up', async () => {
    app = await testApp();
    const { createBot } = await import('../src/core/bot.js');
    expect(() => createBot(app.bot.deps, [...intents, intents[0]!])).toThrow(/Duplicate intent name: search/);
  });

  it('cancel clears an active dialog; without one it says there is nothing to cancel', async () => {
    app = await testApp();
    expect(textOf(await app.bot.handle(turn('cancel')))).toMatch(/nothing to cancel/);
    const scope = { platform: 'console' as const, tenant: 'T1' };
    await app.stores.dialog.set(scope, 'U1|C1', { intent: 'search', state: {}, updatedAt: new Date().toISOString() });
    expect(textOf(await app.bot.handle(turn('cancel')))).toMatch(/Cancelled/);
    expect(await app.stores.dialog.get(scope, 'U1|C1')).toBeUndefined();
  });

  it('saves the conversation address of every turn, per tenant', async () => {
    app = await testApp();
    await app.bot.handle(turn('help', { tenant: 'T9', conversation: { platform: 'console', tenant: 'T9', conversation: 'C9', kind: 'channel' } }));
    expect(await app.stores.address.get({ platform: 'console', tenant: 'T9' }, 'C9')).toMatchObject({ conversation: 'C9', kind: 'channel' });
    expect(await app.stores.address.get({ platform: 'console', tenant: 'T1' }, 'C9')).toBeUndefined();
  });
});

describe('concurrent turns', () => {
  it('two messages from one user in a dialog are applied one after the other (no lost answer)', async () => {
    app = await testApp();
    const counter = defineIntent({
      name: 'counter',
      description: 'intent.help.description',
      examples: [],
      commands: ['count'],
      match: () => null,
      async handle(_t, ctx) {
        await ctx.dialog.set('counter', { n: 0 });
        return [{ text: 'started' }];
      },
      async continueDialog(_t, ctx, active) {
        const n = (active.state as { n: number }).n;
        await new Promise((r) => setTimeout(r, 30)); // a slow step: the second message arrives meanwhile
        await ctx.dialog.set('counter', { n: n + 1 });
        return [{ text: `n=${n + 1}` }];
      },
    });
    const { createBot } = await import('../src/core/bot.js');
    const bot = createBot(app.bot.deps, [...intents, counter]);
    await bot.handle(turn('/icc count'));
    const answers = await Promise.all([bot.handle(turn('a')), bot.handle(turn('b')), bot.handle(turn('c'))]);
    expect(answers.map((r) => r[0]!.text).sort()).toEqual(['n=1', 'n=2', 'n=3']);
    expect((await app.stores.dialog.get({ platform: 'console', tenant: 'T1' }, 'U1|C1'))?.state).toEqual({ n: 3 });
  });
});
