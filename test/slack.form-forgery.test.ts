/**
 * Issue 19 item 12: a Slack form (modal) applies where it was opened, by whom it was opened. The channel
 * and user are kept on the server when the modal opens; a submission whose private_metadata names
 * another channel (a forged view_submission, signed with a leaked secret or replayed by a proxy) must
 * not change that channel.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Subscriptions } from '../src/nudges/subscriptions.js';
import { blockAction, buttonsIn, command, postCommand, postInteraction, slackTs, startSlackServer, type SlackHarness } from './helpers/slack.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackServer();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.fake.reset());

const T1 = { platform: 'slack' as const, tenant: 'T1' };
const subs = () => new Subscriptions(h.server.app.stores.store);

interface ModalView {
  callback_id: string;
  private_metadata: string;
  blocks: Array<{ block_id: string }>;
}

async function openModal(channel: string): Promise<ModalView> {
  await postCommand(h.base, command('nudge', h.fake.responseUrl('form'), { channel_id: channel }));
  await h.slack.idle();
  const open = buttonsIn((h.fake.responses[0]!.body as { blocks: unknown }).blocks).find((b) => b.action_id === 'icc.form.open')!;
  await postInteraction(h.base, blockAction({ action_id: open.action_id, value: open.value! }, { type: 'message', message_ts: slackTs(), channel_id: channel, is_ephemeral: true }, { response_url: h.fake.responseUrl('press') }));
  await h.slack.idle();
  const view = h.fake.callsTo('views.open')[0]!.args.view as ModalView;
  h.fake.reset();
  return view;
}

const values = { day: { value: { type: 'static_select', selected_option: { value: 'wed' } } }, time: { value: { type: 'static_select', selected_option: { value: '08:00' } } }, timeZone: { value: { type: 'plain_text_input', value: 'Europe/Oslo' } }, topics: { value: { type: 'multi_static_select', selected_options: [] } } };

function submit(view: ModalView, metadata: string, user = 'U0USER1') {
  return postInteraction(h.base, {
    type: 'view_submission',
    team: { id: 'T1', domain: 'test' },
    user: { id: user, username: 'someone', team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `${Date.now()}.9.abc`,
    view: { id: 'VF9', callback_id: view.callback_id, private_metadata: metadata, blocks: view.blocks, state: { values } },
  });
}

describe('Slack forms keep their channel and user on the server', () => {
  it('ignores a channel forged into private_metadata: the subscription goes where the form was opened', async () => {
    const view = await openModal('C0HOME1');
    const meta = JSON.parse(view.private_metadata) as Record<string, unknown>;
    const forged = JSON.stringify({ ...meta, ref: meta.session, channel: 'C0VICTIM', kind: 'channel' });
    const res = await submit(view, forged);
    expect(res.status).toBe(200);
    await h.slack.idle();
    expect(await subs().get(T1, 'C0VICTIM')).toBeUndefined();
    expect(await subs().get(T1, 'C0HOME1')).toMatchObject({ day: 'wed', time: '08:00', address: { conversation: 'C0HOME1' } });
    expect(h.fake.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(['C0HOME1']);
  });

  it('refuses metadata that names a form and a channel but no session kept by the server', async () => {
    const view = await openModal('C0HOME2');
    const res = await submit(view, JSON.stringify({ ref: 'abcdefgh-1234', channel: 'C0VICTIM2', kind: 'channel', session: 'abcdefgh-9999' }));
    expect(await res.json()).toMatchObject({ response_action: 'errors' });
    await h.slack.idle();
    expect(await subs().get(T1, 'C0VICTIM2')).toBeUndefined();
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it("refuses another user's submission of someone's form", async () => {
    const view = await openModal('C0HOME3');
    const res = await submit(view, view.private_metadata, 'U0OTHER2');
    expect(await res.json()).toMatchObject({ response_action: 'errors' });
    await h.slack.idle();
    expect(await subs().get(T1, 'C0HOME3')).toBeUndefined();
  });
});
