/**
 * Contract test of the proposal surfaces on Slack (issue #17), with a test-only `propose` intent
 * (test/helpers/propose.ts): the message shortcut opens the intent's form as a modal at once, its
 * submission is answered in the user's DM and each curator gets a DM of their own; the global shortcut
 * does the same from nowhere; an answer without a form reaches only the user; `deliverTo.each` opens one
 * DM per user; an intent's home section shows its buttons on App Home.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { buttonsIn, envelope, postCommand, command, postEvent, postInteraction, blockAction, slackTs, startSlackServer, textIn, visibleText, type SlackHarness } from './helpers/slack.js';
import { testPropose } from './helpers/propose.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackServer({}, { intents: [...intents.filter((i) => i.name !== 'propose'), testPropose()] });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.fake.reset();
});

const settle = () => h.slack.idle();

interface ModalView {
  callback_id: string;
  private_metadata: string;
  blocks: Array<{ type: string; block_id?: string; text?: { text: string }; element?: { type: string; multiline?: boolean; max_length?: number; initial_value?: string } }>;
}

function messageShortcut(text: string, channel = 'C0PROJECTS', over: Record<string, unknown> = {}) {
  const ts = slackTs();
  return {
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: `${Date.now() / 1000}`,
    team: { id: 'T1', domain: 'test' },
    user: { id: 'U0USER1', username: 'someone', name: 'someone', team_id: 'T1' },
    channel: { id: channel, name: 'projects' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: 'propose_practice',
    trigger_id: `${Date.now()}.1.${Math.random().toString(36).slice(2)}`,
    response_url: h.fake.responseUrl('shortcut'),
    message_ts: ts,
    message: { type: 'message', user: 'U0OTHER2', ts, text },
    ...over,
  };
}

function globalShortcut() {
  return {
    type: 'shortcut',
    token: 'legacy-verification-token',
    action_ts: `${Date.now() / 1000}`,
    team: { id: 'T1', domain: 'test' },
    user: { id: 'U0USER1', username: 'someone', team_id: 'T1' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: 'propose_practice_new',
    trigger_id: `${Date.now()}.2.${Math.random().toString(36).slice(2)}`,
  };
}

function submission(view: ModalView, values: Record<string, string>) {
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'test' },
    user: { id: 'U0USER1', username: 'someone', team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `${Date.now()}.9.${Math.random().toString(36).slice(2)}`,
    view: {
      id: 'VP1',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      blocks: view.blocks,
      state: { values: Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { value: { type: 'plain_text_input', value } }])) },
    },
  };
}

async function openedModal(payload: object): Promise<ModalView> {
  expect((await postInteraction(h.base, payload)).status).toBe(200);
  await settle();
  const opened = h.fake.callsTo('views.open');
  expect(opened).toHaveLength(1);
  return opened[0]!.args.view as ModalView;
}

const postsTo = (channel: string) => h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

describe('Slack: "Propose as a practice" on a message', () => {
  it('opens the form as a modal at once, prefilled with the message text, and posts nothing in the channel', async () => {
    const payload = messageShortcut('We run a <https://example.org/cafe|language café> & more\nevery Tuesday');
    const view = await openedModal(payload);
    expect(h.fake.callsTo('views.open')[0]!.args.trigger_id).toBe(payload.trigger_id);
    expect(view.callback_id).toBe('icc_form_modal');
    // The reply's text above the fields, escaped.
    expect(view.blocks[0]).toMatchObject({ type: 'section', text: { text: 'Tell the curators about &lt;this&gt; practice' } });
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['title', 'summary']);
    expect(inputs[0]!.element).toMatchObject({ type: 'plain_text_input', max_length: 120 });
    expect(inputs[1]!.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 2000, initial_value: 'We run a language café & more\nevery Tuesday' });
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(h.fake.callsTo('chat.postEphemeral')).toEqual([]);
    expect(h.fake.responses).toEqual([]);
  });

  it('answers the submission in the user\'s DM, with the line breaks kept, and sends each curator a DM', async () => {
    const view = await openedModal(messageShortcut('Language café'));
    h.fake.reset();
    const res = await postInteraction(h.base, submission(view, { title: 'Language café', summary: 'Neighbours meet\n\nevery Tuesday' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await settle();
    // The intent ran in the conversation the shortcut was used in; the answer went to the user only.
    const mine = postsTo('DU0USER1');
    expect(mine).toHaveLength(1);
    expect(visibleText(mine[0]!.args.blocks)).toContain('Proposed “Language café” (d1) from slack:channel:C0PROJECTS:\nNeighbours meet\n\nevery Tuesday');
    expect(postsTo('C0PROJECTS')).toEqual([]);
    for (const curator of ['DU0CURATOR2', 'DU0CURATOR3']) expect(textIn(postsTo(curator)[0]?.args.blocks)).toContain('New proposal: Language café');
    expect(h.fake.callsTo('conversations.open').map((c) => c.args.users).sort()).toEqual(['U0CURATOR2', 'U0CURATOR3', 'U0USER1']);
  });

  it('on a message in a DM between two people, answers the submission in the user\'s own DM with the bot', async () => {
    const view = await openedModal(messageShortcut('From a DM', 'D0TWOPEOPLE'));
    h.fake.reset();
    await postInteraction(h.base, submission(view, { title: 'From a DM', summary: '' }));
    await settle();
    expect(postsTo('D0TWOPEOPLE')).toEqual([]);
    expect(textIn(postsTo('DU0USER1')[0]?.args.blocks)).toContain('from slack:dm:D0TWOPEOPLE');
  });

  it('keeps the modal open with the intent\'s errors on its fields', async () => {
    const view = await openedModal(messageShortcut('x'));
    h.fake.reset();
    const res = await postInteraction(h.base, submission(view, { title: 'bad', summary: '' }));
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { title: 'Too short' } });
    await settle();
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('an answer without a form reaches only the user, through the shortcut\'s response_url', async () => {
    await postInteraction(h.base, messageShortcut('no form please'));
    await settle();
    expect(h.fake.callsTo('views.open')).toEqual([]);
    expect(h.fake.responses).toHaveLength(1);
    expect(h.fake.responses[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textIn(h.fake.responses[0]!.body.blocks)).toContain('Nothing to propose in slack:channel:C0PROJECTS');
  });

  it('posts the form\'s button privately when the modal cannot open (an expired trigger)', async () => {
    h.fake.failNext('views.open', { body: { ok: false, error: 'expired_trigger_id' } });
    await postInteraction(h.base, messageShortcut('Late'));
    await settle();
    expect(h.fake.responses).toHaveLength(1);
    const blocks = h.fake.responses[0]!.body.blocks;
    expect(buttonsIn(blocks).map((b) => b.action_id)).toEqual(['icc.form.open']);
    expect(textIn(blocks)).toContain('Tell the curators about &lt;this&gt; practice');
  });
});

describe('Slack: the global shortcut "Propose a practice"', () => {
  it('opens the empty form and answers in the user\'s DM', async () => {
    const view = await openedModal(globalShortcut());
    const summary = view.blocks.find((b) => b.block_id === 'summary');
    expect(summary?.element?.initial_value).toBeUndefined();
    h.fake.reset();
    await postInteraction(h.base, submission(view, { title: 'Welcome desk', summary: 'One line' }));
    await settle();
    expect(textIn(postsTo('DU0USER1')[0]?.args.blocks)).toContain('Proposed “Welcome desk” (d1) from slack:dm:DU0USER1');
  });
});

describe('Slack: deliverTo.each', () => {
  it('opens one DM per user, the asker left out, and posts in each (escaped)', async () => {
    await postCommand(h.base, command('propose-test each', h.fake.responseUrl('each')));
    await settle();
    expect(h.fake.callsTo('conversations.open').map((c) => c.args.users)).toEqual(['U0CURATOR2', 'U0CURATOR3']);
    for (const dm of ['DU0CURATOR2', 'DU0CURATOR3']) {
      const posted = postsTo(dm);
      expect(posted).toHaveLength(1);
      expect(textIn(posted[0]!.args.blocks)).toContain('A new proposal &lt;!channel&gt;');
    }
    expect(textIn(h.fake.responses[0]?.body.blocks)).toContain('Sent to the curators');
  });
});

describe('Slack: an intent\'s home section', () => {
  it('shows its text and buttons on App Home; a button there is answered in the DM', async () => {
    await postEvent(h.base, envelope({ type: 'app_home_opened', user: 'U0USER1', channel: 'D0USER1', tab: 'home', event_ts: slackTs() }));
    await settle();
    const view = h.fake.callsTo('views.publish')[0]!.args.view as { blocks: unknown[] };
    expect(visibleText(view.blocks)).toContain('Proposals waiting for you');
    expect(textIn(view.blocks)).toContain('Language café &lt;b&gt;');
    const approve = buttonsIn(view.blocks).find((b) => b.text.text === 'Approve');
    expect(approve?.action_id).toMatch(/^icc:propose:approve:\d+$/);
    h.fake.reset();
    await postInteraction(h.base, blockAction({ action_id: approve!.action_id, value: approve!.value! }, { type: 'view', view_id: 'VHOME' }, { view: { id: 'VHOME', type: 'home' } }));
    await settle();
    expect(textIn(postsTo('DU0USER1')[0]?.args.blocks)).toContain('approve {\\"id\\":\\"p1\\"} in slack:dm:DU0USER1');
    // Home is shown again, so a queue shows what is left.
    expect(h.fake.callsTo('views.publish').map((c) => c.args.user_id)).toEqual(['U0USER1']);
  });

  it('a button in a modal does not publish Home', async () => {
    await postInteraction(h.base, blockAction({ action_id: 'icc:propose:approve:0', value: '{"id":"p1"}' }, { type: 'view', view_id: 'VMODAL' }, { view: { id: 'VMODAL', type: 'modal' } }));
    await settle();
    expect(postsTo('DU0USER1')).toHaveLength(1);
    expect(h.fake.callsTo('views.publish')).toEqual([]);
  });
});
