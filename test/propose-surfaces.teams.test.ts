/**
 * Contract test of the proposal surfaces on Teams (issue #17), with a test-only `propose` intent
 * (test/helpers/propose.ts) and the fake Bot Connector: the message action "Propose as a practice"
 * (`composeExtension/fetchTask` with a `messagePayload`, shaped like Teams' documented invokes in
 * test/fixtures/teams/message-action-*.json) answers a task module with the intent's form as an Adaptive
 * Card; `composeExtension/submitAction` runs the form's submit action, shows problems under the fields or
 * closes the task module and answers in the user's 1:1 chat; `deliverTo.each` creates one 1:1 per user.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { cardActions, cardOf, cardText, startTeams, type TeamsHarness } from './helpers/teams.js';
import { testPropose } from './helpers/propose.js';

const CURATORS = ['29:curator-2', '29:curator-3'];
let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeams({}, { intents: [...intents.filter((i) => i.name !== 'propose'), testPropose(CURATORS)] });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.connector.clear();
});

function inputsOf(card: any): any[] {
  return (card.body as any[]).filter((e) => String(e.type).startsWith('Input.'));
}

async function fetchTask(over: Record<string, unknown> = {}) {
  const activity = h.activity('message-action-fetch-task');
  const res = await h.post({ ...activity, value: { ...activity.value, ...over } });
  expect(res.status).toBe(200);
  return res.body;
}

async function submit(data: Record<string, unknown>) {
  const activity = h.activity('message-action-submit');
  const res = await h.post({ ...activity, value: { ...activity.value, data } });
  expect(res.status).toBe(200);
  return res.body;
}

/** What the user types into the task module's card, merged with its Action.Submit data, as Teams sends it. */
async function filledIn(values: Record<string, string>) {
  const task = await fetchTask();
  const send = cardActions(task.task.value.card.content).find((a) => a.type === 'Action.Submit');
  h.connector.clear();
  return { ...send.data, ...Object.fromEntries(Object.entries(values).map(([id, v]) => [`icc_field_${id}`, v])) };
}

describe('Teams: "Propose as a practice" on a message', () => {
  it('answers fetchTask with the form as the task module\'s card, prefilled with the message text', async () => {
    const body = await fetchTask();
    expect(body.task).toMatchObject({ type: 'continue', value: { title: 'Propose a practice', card: { contentType: 'application/vnd.microsoft.card.adaptive' } } });
    const card = body.task.value.card.content;
    expect(cardText(card)).toContain('Tell the curators about \\<this\\> practice');
    const [title, summary] = inputsOf(card);
    expect(title).toMatchObject({ id: 'icc_field_title', type: 'Input.Text', maxLength: 120, isRequired: true });
    expect(summary).toMatchObject({ id: 'icc_field_summary', type: 'Input.Text', isMultiline: true, maxLength: 2000 });
    expect(summary.value).toBe('Our language café meets every Tuesday & Thursday.\nNeighbours teach each other.\nOpen to all.');
    const send = cardActions(card).find((a) => a.type === 'Action.Submit');
    expect(send.title).toBe('Send');
    expect(send.data.icc).toMatchObject({ action: { intent: 'propose', name: 'submit', data: { draft: 'd1' } }, fields: ['title', 'summary'] });
    // Nothing is posted anywhere yet.
    expect(h.connector.activities()).toEqual([]);
  });

  it('a submission closes the task module, answers in the user\'s 1:1 chat and sends each curator a 1:1', async () => {
    const data = await filledIn({ title: 'Language café', summary: 'Neighbours meet\r\n\r\nevery Tuesday' });
    const body = await submit(data);
    expect(body).toEqual({});
    const created = h.connector.requests.filter((r) => r.kind === 'create-conversation').map((r) => r.body.members[0].id);
    expect(created.sort()).toEqual([...CURATORS, 'user-id-0'].sort());
    const sent = h.connector.activities().map((a) => cardText(cardOf(a)));
    expect(sent.filter((s) => s.includes('New proposal: Language café'))).toHaveLength(2);
    const mine = sent.find((s) => s.startsWith('Proposed'));
    // The intent ran in the channel the message is in; the line breaks of the summary are kept.
    expect(mine).toBe('Proposed “Language café” (d1) from teams:channel:19:team-channel@thread.tacv2:\nNeighbours meet\nevery Tuesday');
    // Nothing went to the channel.
    expect(h.connector.requests.filter((r) => r.conversationId?.startsWith('19:team-channel'))).toEqual([]);
  });

  it('shows the form again with the intent\'s problems under the fields, keeping what was typed', async () => {
    const data = await filledIn({ title: 'bad', summary: 'Kept\ntext' });
    const body = await submit(data);
    expect(body.task.type).toBe('continue');
    const card = body.task.value.card.content;
    const items = card.body as any[];
    const at = items.findIndex((e) => e.id === 'icc_field_title');
    expect(items[at]!.value).toBe('bad');
    expect(items[at + 1]).toMatchObject({ type: 'TextBlock', color: 'Attention', text: 'Too short' });
    expect(inputsOf(card)[1].value).toBe('Kept\ntext');
    expect(cardText(card)).toContain('Please fix the title');
    expect(h.connector.activities()).toEqual([]);
    // The card shown again has a fresh submission id: correcting the title goes through.
    const send = cardActions(card).find((a) => a.type === 'Action.Submit');
    expect(send.data.icc.sid).not.toBe(data.icc.sid);
    expect(await submit({ ...send.data, icc_field_title: 'Good title', icc_field_summary: 'Kept' })).toEqual({});
  });

  it('does a submission once (a double click)', async () => {
    const data = await filledIn({ title: 'Once', summary: '' });
    expect(await submit(data)).toEqual({});
    const count = h.connector.requests.length;
    expect(await submit(data)).toEqual({});
    expect(h.connector.requests).toHaveLength(count);
  });

  it('an answer without a form is shown in the task module', async () => {
    const body = await fetchTask({ messagePayload: { body: { contentType: 'html', content: '<p>no form please</p>' } } });
    expect(body).toEqual({ task: { type: 'message', value: expect.stringContaining('Nothing to propose in teams:channel:') } });
  });

  it('a submission without our data, or another command, is answered kindly', async () => {
    expect(await submit({ icc_field_title: 'x' })).toEqual({ task: { type: 'message', value: 'This form has expired. Open it again from the message’s “…” menu.' } });
    expect((await fetchTask({ commandId: 'somethingElse' })).task.type).toBe('message');
  });

  it('shows the answer in the task module when no 1:1 chat can be created', async () => {
    const data = await filledIn({ title: 'Offline', summary: '' });
    // Creating the curators' and the user's conversations fails (403 after no retries).
    h.connector.failNext(403, 20);
    const body = await submit(data);
    expect(body.task.type).toBe('message');
    expect(body.task.value).toContain('Proposed “Offline”');
  });
});

describe('Teams: deliverTo.each', () => {
  it('creates one 1:1 conversation per user, the asker left out, and posts in each', async () => {
    await h.post(h.activity('personal-message', { text: '/icc propose-test each' }));
    const creates = h.connector.requests.filter((r) => r.kind === 'create-conversation');
    expect(creates.map((r) => r.body.members.map((m: { id: string }) => m.id))).toEqual([[CURATORS[0]], [CURATORS[1]]]);
    const toCurators = h.connector.requests.filter((r) => r.kind === 'send' && r.conversationId?.startsWith('a:conversation-'));
    expect(toCurators).toHaveLength(2);
    for (const r of toCurators) expect(cardText(cardOf(r.body))).toContain('A new proposal \\<!channel\\>');
    // The asker's own answer stays in the conversation they wrote in.
    expect(h.connector.activities().filter((a) => cardText(cardOf(a)) === 'Sent to the curators')).toHaveLength(1);
  });
});
