/**
 * The real `propose` intent through the real Slack adapter: the global shortcut opens its form as a
 * modal (six fields, the summary multiline, the areas a multiple select), a wrong city keeps the modal
 * open with the problem on its field, a good submission is previewed in the user's DM, and "Send it"
 * stores the proposal and sends the workspace's curator a DM with the card.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { proposalStore } from '../src/knowledge/store.js';
import { blockAction, buttonsIn, postInteraction, slackTs, startSlackServer, visibleText, type SlackHarness } from './helpers/slack.js';
import { PROPOSAL } from './helpers/knowledge.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackServer({ CURATORS: 'slack:T1=U0CURATOR' });
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
  blocks: Array<{ type: string; block_id?: string; element?: { type: string; multiline?: boolean; max_length?: number; options?: unknown[] } }>;
}

const globalShortcut = () => ({
  type: 'shortcut',
  token: 'legacy-verification-token',
  action_ts: `${Date.now() / 1000}`,
  team: { id: 'T1', domain: 'test' },
  user: { id: 'U0USER1', username: 'someone', team_id: 'T1' },
  is_enterprise_install: false,
  enterprise: null,
  callback_id: 'propose_practice_new',
  trigger_id: `${Date.now()}.2.${Math.random().toString(36).slice(2)}`,
});

function submission(view: ModalView, values: Record<string, string>) {
  const state = Object.fromEntries(
    Object.entries(values).map(([id, value]) => [id, { value: id === 'areas' ? { type: 'multi_static_select', selected_options: value.split(',').map((v) => ({ value: v })) } : { type: 'plain_text_input', value } }]),
  );
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'test' },
    user: { id: 'U0USER1', username: 'someone', team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `${Date.now()}.9.${Math.random().toString(36).slice(2)}`,
    view: { id: 'VP1', callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks, state: { values: state } },
  };
}

const postsTo = (channel: string) => h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

describe('Slack: proposing a practice with the real intent', () => {
  it('shortcut -> modal -> errors by field -> preview in the DM -> Send it -> the curator’s DM', async () => {
    expect((await postInteraction(h.base, globalShortcut())).status).toBe(200);
    await settle();
    const view = h.fake.callsTo('views.open')[0]!.args.view as ModalView;
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['title', 'city', 'summary', 'areas', 'source', 'year']);
    expect(inputs[2]!.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 1200 });
    expect(inputs[3]!.element).toMatchObject({ type: 'multi_static_select' });
    expect(inputs[3]!.element!.options).toHaveLength(17);

    h.fake.reset();
    const values = { ...PROPOSAL, areas: 'anti-discrimination,public-space' };
    const bad = await postInteraction(h.base, submission(view, { ...values, city: 'Atlantis' }));
    expect(await bad.json()).toMatchObject({ response_action: 'errors', errors: { city: expect.stringMatching(/“Atlantis” is not a city of the network/) } });

    const good = await postInteraction(h.base, submission(view, values));
    expect(good.status).toBe(200);
    await settle();
    const dm = postsTo('DU0USER1');
    expect(dm.length).toBeGreaterThan(0);
    const shown = dm.map((c) => visibleText(c.args.blocks)).join('\n');
    expect(shown).toContain('Here is your proposal:');
    expect(shown).toContain(PROPOSAL.title);
    const send = dm.flatMap((c) => buttonsIn(c.args.blocks)).find((b) => b.text.text === 'Send it')!;
    expect(send).toBeDefined();
    expect(await proposalStore(h.server.app.stores.store).list({ platform: 'slack', tenant: 'T1' })).toEqual([]);

    h.fake.reset();
    await postInteraction(h.base, blockAction({ action_id: send.action_id, value: send.value! }, { type: 'message', message_ts: slackTs(), channel_id: 'DU0USER1' }, { response_url: h.fake.responseUrl('send') }));
    await settle();
    const [stored] = await proposalStore(h.server.app.stores.store).list({ platform: 'slack', tenant: 'T1' }, ['pending']);
    expect(stored).toMatchObject({ title: PROPOSAL.title, proposer: { id: 'U0USER1' } });
    const curator = postsTo('DU0CURATOR');
    expect(curator).toHaveLength(1);
    expect(visibleText(curator[0]!.args.blocks)).toContain(PROPOSAL.title);
    expect(buttonsIn(curator[0]!.args.blocks).map((b) => b.text.text)).toEqual(['Approve', 'Ask for changes', 'Reject']);
  });
});
