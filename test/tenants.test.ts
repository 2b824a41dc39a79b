/**
 * Tenants and access, through the real server and signed Slack requests: no command or button from
 * one workspace (T1) can read or change another's (T2) self-check runs and results, contacts,
 * introductions or nudge subscriptions, even when the payload names T2's ids; within one workspace
 * only the person who started a self-check run can answer it, and a nudge button changes the channel
 * it was pressed in, never a channel named in its value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataSources } from '../src/app.js';
import { exportPersonalData } from '../src/privacy/personal-data.js';
import { Subscriptions } from '../src/nudges/subscriptions.js';
import { listContacts, peerStores, type Intro } from '../src/peers/store.js';
import { resultKey, selfcheckStores, type SelfCheckResult } from '../src/selfcheck/model.js';
import { blockAction, command, postCommand, postInteraction, visibleText, type SlackHarness, startSlackServer } from './helpers/slack.js';
import { mentions } from './helpers/leaves.js';

let h: SlackHarness;
const T1 = { platform: 'slack' as const, tenant: 'T1' };
const T2 = { platform: 'slack' as const, tenant: 'T2' };
const SHARED_CHANNEL = 'C0SHARED'; // the same channel id in both workspaces (ids are only unique per workspace)
const SHARED_USER = 'U0USER1'; // and the same user id

const store = () => h.server.app.stores.store;
const runs = () => selfcheckStores(store()).runs;
const subs = () => new Subscriptions(store());
const peers = () => peerStores(store());

async function cmd(text: string, over: Record<string, string>): Promise<string> {
  const url = h.fake.responseUrl();
  const id = url.split('/').pop()!;
  const res = await postCommand(h.base, command(text, url, over));
  expect(res.status).toBe(200);
  await h.slack.idle();
  return h.fake.responses.filter((r) => r.id === id).map((r) => visibleText(r.body.blocks) + String(r.body.text ?? '')).join('\n');
}

async function press(team: string, user: string, channel: string, actionId: string, value: Record<string, unknown>): Promise<string> {
  const before = h.fake.calls.length;
  const responseUrl = h.fake.responseUrl();
  const id = responseUrl.split('/').pop()!;
  const body = blockAction({ action_id: actionId, value: JSON.stringify(value) }, { type: 'message', message_ts: '1710000001.000001', channel_id: channel, is_ephemeral: false }, {
    team: { id: team, domain: 'x' },
    user: { id: user, username: 'x', name: 'x', team_id: team },
    response_url: responseUrl,
  });
  const res = await postInteraction(h.base, body);
  expect(res.status).toBe(200);
  await h.slack.idle();
  const said = h.fake.calls.slice(before).filter((c) => c.method.startsWith('chat.')).map((c) => visibleText(c.args.blocks) + String(c.args.text ?? ''));
  said.push(...h.fake.responses.filter((r) => r.id === id).map((r) => visibleText(r.body.blocks) + String(r.body.text ?? '')));
  return said.join('\n');
}

const t2result: SelfCheckResult = { city: 'getxo', completedAt: '2026-01-05T10:00:00.000Z', overall: 61.5, areas: { education: 77 }, user: 'U0T2OWNER', kind: 'quick' };

beforeAll(async () => {
  h = await startSlackServer();
  // Workspace T2: a city, a self-check run in progress, a completed result, a contact, an intro, a nudge subscription.
  const t2 = { team_id: 'T2', user_id: SHARED_USER, channel_id: 'D0T2DM' };
  await cmd('city Getxo', t2);
  await cmd('check', t2);
  await cmd('peers optin Getxo', { ...t2, user_id: 'U0T2CONTACT' });
  await cmd('nudge weekly mon 09:00 Europe/Rome', { team_id: 'T2', user_id: SHARED_USER, channel_id: SHARED_CHANNEL });
  await selfcheckStores(store()).results.set(T2, resultKey(t2result), t2result);
  const intro: Intro = { id: '2026-01-01T00:00:00.000Z|t2intro', kind: 'public', requester: SHARED_USER, city: 'bergen', practices: [], createdAt: '2026-01-01T00:00:00.000Z', address: { platform: 'slack', tenant: 'T2', conversation: 'D0T2DM', kind: 'dm' }, locale: 'en' };
  await peers().intro.set(T2, intro.id, intro);
  // Workspace T1: the same user id, in the same city, with nothing else.
  await cmd('city Getxo', { team_id: 'T1', user_id: SHARED_USER, channel_id: 'D0USER1' });
});
afterAll(async () => {
  await h?.close();
});

async function t2Snapshot() {
  return JSON.stringify({
    run: await runs().get(T2, SHARED_USER),
    sub: await subs().get(T2, SHARED_CHANNEL),
    contacts: await listContacts(peers(), T2),
    intro: await peers().intro.get(T2, '2026-01-01T00:00:00.000Z|t2intro'),
    results: await selfcheckStores(store()).results.ids(T2),
  });
}

describe('another workspace cannot read or change T2', () => {
  it('T2 was set up through its own commands', async () => {
    const run = await runs().get(T2, SHARED_USER);
    expect(run?.city).toBe('getxo');
    expect((await subs().get(T2, SHARED_CHANNEL))?.status).toBe('active');
    expect((await listContacts(peers(), T2)).map((c) => c.user)).toEqual(['U0T2CONTACT']);
  });

  it('self-check answer, back and pause buttons from T1 naming T2’s run id change nothing', async () => {
    const before = await t2Snapshot();
    const run = (await runs().get(T2, SHARED_USER))!;
    for (const [name, value] of [
      ['answer', { r: run.id, p: 0, v: 'yes' }],
      ['back', { r: run.id }],
      ['pause', { r: run.id }],
      ['continue', { r: run.id }],
    ] as const) {
      const said = await press('T1', SHARED_USER, 'D0USER1', `icc:selfcheck:${name}:0`, value);
      expect(said).not.toMatch(/2\/17/);
    }
    expect(await t2Snapshot()).toBe(before);
    expect(await runs().get(T1, SHARED_USER)).toBeUndefined();
  });

  it('results: T1 in the same city sees none of T2’s results, and a share button naming one is stale', async () => {
    const results = await cmd('check results', { team_id: 'T1', user_id: SHARED_USER, channel_id: 'D0USER1' });
    expect(results.length).toBeGreaterThan(0);
    expect(results).not.toMatch(/61|77/);
    const shared = await press('T1', SHARED_USER, 'C0GENERAL', 'icc:selfcheck:share:0', { c: 'getxo', t: t2result.completedAt });
    expect(shared).toMatch(/expired/i);
    const shareTo = await press('T1', SHARED_USER, 'C0GENERAL', 'icc:selfcheck:shareTo:0', { c: 'getxo', t: t2result.completedAt, to: SHARED_CHANNEL });
    expect(shareTo).toMatch(/expired/i);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === SHARED_CHANNEL)).toEqual([]);
  });

  it('nudges: a T1 command or button in a channel with T2’s channel id changes only T1 (which has nothing)', async () => {
    const before = await t2Snapshot();
    expect(await cmd('nudge off', { team_id: 'T1', user_id: SHARED_USER, channel_id: SHARED_CHANNEL })).toMatch(/no weekly|not subscribed|isn’t|isn't|no nudge/i);
    await cmd('nudge pause 3', { team_id: 'T1', user_id: SHARED_USER, channel_id: SHARED_CHANNEL });
    await press('T1', SHARED_USER, SHARED_CHANNEL, 'icc:nudges:unsubscribe:0', {});
    await press('T1', SHARED_USER, SHARED_CHANNEL, 'icc:nudges:skip:0', { w: '2026-W10' });
    const list = await cmd('nudge list', { team_id: 'T1', user_id: SHARED_USER, channel_id: SHARED_CHANNEL });
    expect(list).toMatch(/no weekly tip yet/i);
    expect(await t2Snapshot()).toBe(before);
    expect(await subs().get(T1, SHARED_CHANNEL)).toBeUndefined();
  });

  it('peers: T1 is never introduced to T2’s contact; opt-out and follow-up from T1 leave T2 alone', async () => {
    const before = await t2Snapshot();
    const opens = h.fake.callsTo('conversations.open').length;
    await cmd('peers connect Getxo', { team_id: 'T1', user_id: 'U0T1ASKER', channel_id: 'D0T1ASKER' });
    expect(h.fake.callsTo('conversations.open').slice(opens).some((c) => String(c.args.users).includes('U0T2CONTACT'))).toBe(false);
    await cmd('peers optout', { team_id: 'T1', user_id: 'U0T2CONTACT', channel_id: 'D0X' });
    const said = await press('T1', SHARED_USER, 'D0USER1', 'icc:peers:followup:0', { i: '2026-01-01T00:00:00.000Z|t2intro', o: 'not-useful' });
    expect(said).toMatch(/expired/i);
    // The connect above recorded T1's own intro only; T2's records are as they were.
    expect(await t2Snapshot()).toBe(before);
  });

  it('privacy: export from T1 holds nothing of T2; delete from T1 removes nothing of T2', async () => {
    const before = await t2Snapshot();
    const data = await exportPersonalData(personalDataSources, { stores: h.server.app.stores, jobs: h.server.app.jobs, dataDir: h.server.app.config.dataDir }, T1, SHARED_USER, new Date());
    // Whole ids, not substrings: the export's timestamps (…T22:34:37Z) contain "T2".
    expect(mentions(data, ['T2', 'D0T2DM', 'C0SHARED', 'Europe/Rome', 'U0T2CONTACT', 'U0T2OWNER', 'U0T2OTHER'])).toEqual([]);
    expect(data).toMatchObject({ workspace: 'T1', user: SHARED_USER });
    const ask = await cmd('privacy delete', { team_id: 'T1', user_id: SHARED_USER, channel_id: 'D0USER1' });
    expect(ask).toMatch(/delete/i);
    // Confirm with T1's nonce (read from the store: the button went to the response_url).
    const nonceKey = (await h.server.app.stores.dedupe.ids(T1, `${SHARED_USER}|privacy-delete|`))[0]!;
    await press('T1', SHARED_USER, 'D0USER1', 'icc:privacy:confirm:0', { n: nonceKey.split('|').pop()! });
    expect(await h.server.app.stores.profile.get(T1, SHARED_USER)).toBeUndefined();
    expect(await h.server.app.stores.profile.get(T2, SHARED_USER)).toMatchObject({ city: 'getxo' });
    expect(await t2Snapshot()).toBe(before);
  });
});

describe('within one workspace', () => {
  it('only the person who started a self-check run can answer it', async () => {
    const run = (await runs().get(T2, SHARED_USER))!;
    const before = JSON.stringify(run);
    const said = await press('T2', 'U0T2OTHER', 'D0T2DM', 'icc:selfcheck:answer:0', { r: run.id, p: run.position, v: 'no' });
    expect(said).not.toMatch(/2\/17/);
    expect(JSON.stringify(await runs().get(T2, SHARED_USER))).toBe(before);
    expect(await runs().get(T2, 'U0T2OTHER')).toBeUndefined();
    // The owner can.
    const own = await press('T2', SHARED_USER, 'D0T2DM', 'icc:selfcheck:answer:0', { r: run.id, p: run.position, v: 'no' });
    expect(own).toMatch(/2\/17/);
    expect((await runs().get(T2, SHARED_USER))!.position).toBe(run.position + 1);
  });

  it('a nudge button changes the channel it was pressed in, never another one named in its value', async () => {
    await cmd('nudge weekly tue 10:00 Europe/Rome', { team_id: 'T2', user_id: SHARED_USER, channel_id: 'C0SECOND' });
    const first = JSON.stringify(await subs().get(T2, SHARED_CHANNEL));
    // Pressed in C0SECOND, with a value that tries to name C0SHARED (extra keys are refused outright).
    const said = await press('T2', 'U0T2OTHER', 'C0SECOND', 'icc:nudges:unsubscribe:0', { c: SHARED_CHANNEL, conversation: SHARED_CHANNEL });
    expect(said).toMatch(/expired/i);
    expect(JSON.stringify(await subs().get(T2, SHARED_CHANNEL))).toBe(first);
    // A proper unsubscribe in C0SECOND turns off C0SECOND only.
    await press('T2', 'U0T2OTHER', 'C0SECOND', 'icc:nudges:unsubscribe:0', {});
    expect((await subs().get(T2, 'C0SECOND'))?.status).toBe('off');
    expect(JSON.stringify(await subs().get(T2, SHARED_CHANNEL))).toBe(first);
    // And from a channel without a subscription, nothing at all changes.
    await press('T2', SHARED_USER, 'C0NOSUB', 'icc:nudges:skip:0', { w: '2026-W10' });
    expect(await subs().get(T2, 'C0NOSUB')).toBeUndefined();
    expect(JSON.stringify(await subs().get(T2, SHARED_CHANNEL))).toBe(first);
  });
});
