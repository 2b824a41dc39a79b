/**
 * Two messages from one user arriving together in a self-check dialog (two signed Slack DM events
 * sent at the same instant, and a double-clicked answer button): the run stays consistent, with no
 * lost and no doubled answers, and each question is asked once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfcheckStores } from '../src/selfcheck/model.js';
import { blockAction, buttonsIn, dm, postEvent, postInteraction, startSlackServer, userChange, visibleText, type SlackHarness } from './helpers/slack.js';

let h: SlackHarness;
const scope = { platform: 'slack' as const, tenant: 'T1' };
const run = () => selfcheckStores(h.server.app.stores.store).runs.get(scope, 'U0USER1');

beforeAll(async () => {
  h = await startSlackServer();
  await postEvent(h.base, dm('my city is Bergen'));
  await h.slack.idle();
  await postEvent(h.base, dm('start the self-check'));
  await h.slack.idle();
});
afterAll(async () => {
  await h?.close();
});

/**
 * Sends the requests so that their turns reach the bot in the same instant: Slack's user_change
 * event makes the adapter drop what it knows of the user, and users.info is held, so every request
 * waits on the one shared lookup, then all go on.
 */
async function together(send: Array<() => Promise<Response>>): Promise<number[]> {
  expect((await postEvent(h.base, userChange('U0USER1'))).status).toBe(200);
  await h.slack.idle();
  const lookups = h.fake.callsTo('users.info').length;
  const release = h.fake.hold('users.info');
  try {
    const pending = send.map((f) => f());
    const statuses = (await Promise.all(pending)).map((r) => r.status);
    await h.fake.until(() => h.fake.callsTo('users.info').length > lookups);
    return statuses;
  } finally {
    release();
  }
}

const said = (from: number) => h.fake.callsTo('chat.postMessage').slice(from).map((c) => visibleText(c.args.blocks) + '\n' + String(c.args.text ?? ''));

describe('a self-check dialog under concurrent messages', () => {
  it('two typed answers sent together: both recorded, in two positions, each next question asked once', async () => {
    const before = (await run())!;
    expect(before.position).toBe(0);
    const from = h.fake.callsTo('chat.postMessage').length;
    expect(await together([() => postEvent(h.base, dm('yes')), () => postEvent(h.base, dm('no'))])).toEqual([200, 200]);
    await h.slack.idle();
    const after = (await run())!;
    expect(after.position).toBe(2);
    const [q1, q2] = after.questions;
    expect(Object.keys(after.answers).sort()).toEqual([q1, q2].sort());
    expect([after.answers[q1!], after.answers[q2!]].sort()).toEqual(['no', 'yes']);
    // The dialog points at the same run; questions 2 and 3 were each asked once.
    const messages = said(from);
    expect(messages.filter((m) => /2\/17/.test(m))).toHaveLength(1);
    expect(messages.filter((m) => /3\/17/.test(m))).toHaveLength(1);
    const dialog = await h.server.app.stores.dialog.get(scope, 'U0USER1|D0USER1');
    expect(dialog?.state).toMatchObject({ step: 'question', run: after.id });
  });

  it('five answers at once: five recorded, none lost, none twice', async () => {
    const before = (await run())!;
    const values = ['yes', 'partly', 'no', "don't know", 'yes'];
    await together(values.map((v) => () => postEvent(h.base, dm(v))));
    await h.slack.idle();
    const after = (await run())!;
    expect(after.position).toBe(before.position + 5);
    expect(Object.keys(after.answers)).toHaveLength(before.position + 5);
    expect(after.questions.slice(0, after.position).every((q) => after.answers[q] !== undefined)).toBe(true);
  });

  it('a double-clicked answer button (two presses at once) records one answer', async () => {
    const before = (await run())!;
    const last = h.fake.callsTo('chat.postMessage').at(-1)!;
    const yes = buttonsIn(last.args.blocks).find((b) => b.action_id.startsWith('icc:selfcheck:answer') && JSON.parse(b.value!).v === 'yes')!;
    expect(JSON.parse(yes.value!)).toMatchObject({ r: before.id, p: before.position });
    const pressIt = () => postInteraction(h.base, blockAction({ action_id: yes.action_id, value: yes.value! }, { type: 'message', message_ts: String(last.args.ts ?? '1710000001.000001'), channel_id: 'D0USER1' }));
    expect(await together([pressIt, pressIt])).toEqual([200, 200]);
    await h.slack.idle();
    const after = (await run())!;
    expect(after.position).toBe(before.position + 1);
    expect(Object.keys(after.answers)).toHaveLength(before.position + 1);
  });
});
