/**
 * Contract test of the weekly-tip form on Slack: `/icc nudge` in a channel -> a message with a button ->
 * block_actions -> views.open with the modal -> view_submission -> the subscription is saved for that
 * channel and the confirmation posted there; bad values come back as errors in the modal.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Subscriptions } from '../src/nudges/subscriptions.js';
import { blockAction, buttonsIn, command, postCommand, postInteraction, slackTs, startSlackServer, textIn, type SlackHarness } from './helpers/slack.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackServer();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.fake.reset();
});

const settle = () => h.slack.idle();
const subs = () => new Subscriptions(h.server.app.stores.store);

interface ModalView {
  callback_id: string;
  private_metadata: string;
  blocks: Array<{ block_id: string; element: { type: string; options?: Array<{ value: string }>; initial_option?: { value: string }; initial_value?: string } }>;
}

/** `/icc nudge` in #channel, then the form button pressed on the ephemeral answer: the opened modal. */
async function openModal(channel: string): Promise<ModalView> {
  await postCommand(h.base, command('nudge', h.fake.responseUrl('nudge-form'), { channel_id: channel }));
  await settle();
  expect(h.fake.responses).toHaveLength(1);
  const blocks = (h.fake.responses[0]!.body as { blocks: unknown }).blocks;
  const open = buttonsIn(blocks).find((b) => b.action_id === 'icc.form.open');
  expect(open?.text.text).toBe('Open the form');
  const press = await postInteraction(
    h.base,
    blockAction({ action_id: open!.action_id, value: open!.value! }, { type: 'message', message_ts: slackTs(), channel_id: channel, is_ephemeral: true }, { response_url: h.fake.responseUrl('press') }),
  );
  expect(press.status).toBe(200);
  await settle();
  const opened = h.fake.callsTo('views.open');
  expect(opened).toHaveLength(1);
  expect(typeof opened[0]!.args.trigger_id).toBe('string');
  return opened[0]!.args.view as ModalView;
}

function submission(view: ModalView, values: Record<string, unknown>, user = 'U0USER1') {
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'test' },
    user: { id: user, username: 'someone', team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `${Date.now()}.9.abc`,
    view: { id: 'VF1', callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks, state: { values } },
  };
}

const select = (value: string | null) => ({ value: { type: 'static_select', selected_option: value === null ? null : { value } } });
const multi = (values: string[]) => ({ value: { type: 'multi_static_select', selected_options: values.map((value) => ({ value })) } });
const text = (value: string | null) => ({ value: { type: 'plain_text_input', value } });

describe('Slack: the weekly-tip form', () => {
  it('opens a modal from the button and saves the submission for the channel, posting the confirmation there', async () => {
    const view = await openModal('C0FORMS1');
    expect(view.callback_id).toBe('icc_form_modal');
    expect(view.blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ['day', 'static_select'],
      ['time', 'static_select'],
      ['timeZone', 'plain_text_input'],
      ['topics', 'multi_static_select'],
    ]);
    // The user's Slack time zone (the fake's users.info) prefills the field.
    expect(view.blocks[2]!.element.initial_value).toBe('Europe/Brussels');
    // Only a session id: the channel stays on the server (test/slack.form-forgery.test.ts).
    expect(JSON.parse(view.private_metadata)).toEqual({ session: expect.any(String) });

    h.fake.reset();
    const res = await postInteraction(h.base, submission(view, { day: select('thu'), time: select('10:30'), timeZone: text('Europe/Rome'), topics: multi(['education', 'public-space']) }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await settle();
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.channel).toBe('C0FORMS1');
    expect(textIn(posts[0]!.args.blocks)).toMatch(/every Thursday at 10:30 \(Europe\/Rome\).*Set by/);
    expect(await subs().get({ platform: 'slack', tenant: 'T1' }, 'C0FORMS1')).toMatchObject({
      day: 'thu',
      time: '10:30',
      timeZone: 'Europe/Rome',
      topics: ['education', 'public-space'],
      createdBy: { id: 'U0USER1' },
      address: { conversation: 'C0FORMS1', kind: 'channel' },
    });
  });

  it('shows bad values as errors in the modal and saves nothing', async () => {
    const view = await openModal('C0FORMS2');
    h.fake.reset();
    const zone = await postInteraction(h.base, submission(view, { day: select('mon'), time: select('09:00'), timeZone: text('Mars/Olympus'), topics: multi([]) }));
    expect(zone.status).toBe(200);
    expect(await zone.json()).toEqual({ response_action: 'errors', errors: { timeZone: expect.stringContaining('Mars/Olympus') } });

    const forged = await postInteraction(h.base, submission(view, { day: select('someday'), time: select(null), timeZone: text(null), topics: multi([]) }));
    expect(await forged.json()).toEqual({ response_action: 'errors', errors: { day: expect.any(String), time: 'Fill this in.' } });
    await settle();
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(await subs().get({ platform: 'slack', tenant: 'T1' }, 'C0FORMS2')).toBeUndefined();
  });
});
