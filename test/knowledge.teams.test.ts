/**
 * The real `propose` and `curate` intents through the real Teams adapter over HTTP, only the Bot
 * Connector faked (test/fakes/bot-connector.ts), with CURATORS naming a curator in the test tenant:
 * a personal chat asks to share a practice -> the form as an Adaptive Card -> a bad year is shown on its
 * field -> the preview -> "Send it" stores the proposal and opens a 1:1 with the curator carrying
 * Approve / Ask for changes / Reject -> the curator's Approve tells the proposer and puts the practice
 * in this tenant's search (not another's); anyone else's Approve is refused politely. The message action
 * "Propose as a practice" does the same from a message. Titles with markup reach Teams literally.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { proposalStore } from '../src/knowledge/store.js';
import { cardActions, cardOf, cardText, startTeams, type TeamsHarness } from './helpers/teams.js';
import { PROPOSAL } from './helpers/knowledge.js';

const TENANT = '00000000-0000-0000-0000-0000000000001';
const OTHER_TENANT = '00000000-0000-0000-0000-0000000000002';
const CURATOR = '29:curator-1';
const USER_CHAT = 'bbc4c6ff-590a-4878-883a-50fa461b1e46';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeams({ CURATORS: `teams:${TENANT}=${CURATOR}` });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.connector.clear();
});

const scope = { platform: 'teams' as const, tenant: TENANT };
const pending = () => proposalStore(h.server.app.stores.store).list(scope, ['pending']);
const sent = () => h.connector.activities().filter((a) => a.type === 'message');
const shown = (acts: any[]) => acts.map((a) => [a.text ?? '', cardText(cardOf(a))].join('\n')).join('\n');

function inputsOf(card: any): any[] {
  const out: any[] = [];
  const walk = (el: any) => {
    if (!el || typeof el !== 'object') return;
    if (typeof el.type === 'string' && el.type.startsWith('Input.')) out.push(el);
    for (const k of ['body', 'items', 'columns']) if (Array.isArray(el[k])) el[k].forEach(walk);
  };
  walk(card);
  return out;
}

/** The first Action.Submit titled `title` among everything the connector received. */
function button(acts: any[], title: string): any {
  const b = acts.flatMap((a) => cardActions(cardOf(a))).find((x) => x.type === 'Action.Submit' && x.title === title);
  expect(b, `a “${title}” button`).toBeDefined();
  return b;
}

/** A card submission (Action.Submit) as Teams posts it: a message whose value is the button's data and the inputs. */
async function press(data: Record<string, unknown>, over: Record<string, unknown> = {}) {
  const res = await h.post(h.activity('card-submit', { value: data, ...over }));
  expect(res.status).toBe(200);
}

const typed = (text: string, over: Record<string, unknown> = {}) => h.post(h.activity('personal-message', { text, ...over }));

const fields = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([id, v]) => [`icc_field_${id}`, v]));
const VALUES = { ...PROPOSAL, areas: 'anti-discrimination,public-space' };

/** Someone in another tenant: its own conversation and tenant ids. */
const elsewhere = (a: Record<string, unknown>) => ({
  conversation: { conversationType: 'personal', tenantId: OTHER_TENANT, id: 'other-tenant-chat' },
  channelData: { tenant: { id: OTHER_TENANT } },
  ...a,
});

/** Sends the checked draft ("Send it") and returns the new pending proposal and the curator's 1:1. */
async function sendIt(preview: any[], from: Record<string, unknown> = {}) {
  const before = new Set((await pending()).map((p) => p.id));
  h.connector.clear();
  await press(button(preview, 'Send it').data, from);
  const proposal = (await pending()).find((p) => !before.has(p.id))!;
  expect(proposal).toBeDefined();
  const create = h.connector.requests.filter((r) => r.kind === 'create-conversation');
  expect(create.map((r) => r.body.members.map((m: { id: string }) => m.id))).toEqual([[CURATOR]]);
  expect(create[0]!.body.tenantId ?? create[0]!.body.channelData?.tenant?.id).toBe(TENANT);
  const chats = h.connector.requests.filter((r) => r.kind === 'send' && r.conversationId?.startsWith('a:conversation-')).map((r) => r.body);
  expect(chats).toHaveLength(1);
  return { proposal, toCurator: chats, conversation: h.connector.requests.find((r) => r.kind === 'send' && r.conversationId?.startsWith('a:conversation-'))!.conversationId! };
}

describe('Teams: proposing a practice with the real intents', () => {
  it('personal chat -> form card -> a bad year on its field -> preview -> Send it -> the curator’s 1:1 -> Approve -> search', async () => {
    await typed('I’d like to share a practice from our city');
    const form = cardOf(sent().find((a) => inputsOf(cardOf(a)).length > 0));
    expect(form).toBeDefined();
    const inputs = inputsOf(form);
    expect(inputs.map((i) => i.id)).toEqual(['title', 'city', 'summary', 'areas', 'source', 'year'].map((f) => `icc_field_${f}`));
    expect(inputs[2]).toMatchObject({ type: 'Input.Text', isMultiline: true, maxLength: 1200 });
    expect(inputs[3]).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    expect(inputs[3].choices).toHaveLength(17);
    const check = cardActions(form).find((a) => a.type === 'Action.Submit' && a.title === 'Check it');
    expect(check.data.icc).toMatchObject({ action: { intent: 'propose', name: 'form' } });

    // (2) One bad field: the answer names that field's problem, and nothing is stored.
    h.connector.clear();
    await press({ ...check.data, ...fields({ ...VALUES, year: '1850' }) });
    const bad = shown(sent());
    expect(bad).toContain('Year: please give a year from 1990 to');
    expect(bad).not.toContain('Title:');
    expect(await pending()).toEqual([]);
    // The form comes back with what was typed, to correct the year.
    const again = cardOf(sent().find((a) => inputsOf(cardOf(a)).length > 0));
    expect(inputsOf(again).find((i) => i.id === 'icc_field_title').value).toBe(PROPOSAL.title);

    // (3) Valid values: the preview, then "Send it".
    h.connector.clear();
    const fix = cardActions(again).find((a) => a.type === 'Action.Submit' && a.title === 'Check it');
    await press({ ...fix.data, ...fields(VALUES) });
    const preview = sent();
    expect(shown(preview)).toContain('Here is your proposal:');
    expect(shown(preview)).toContain(PROPOSAL.title);
    expect(await pending()).toEqual([]);
    const { proposal, toCurator, conversation } = await sendIt(preview);
    expect(proposal).toMatchObject({ title: PROPOSAL.title, city: 'bergen', year: 2019, proposer: { id: 'user-id-0' } });
    expect(shown(h.connector.activities(USER_CHAT))).toContain(`Your proposal “${PROPOSAL.title}” (number ${proposal.id}) is waiting for review`);
    expect(shown(toCurator)).toContain(PROPOSAL.title);
    const decide = cardActions(cardOf(toCurator[0])).filter((a) => a.type === 'Action.Submit');
    expect(decide.map((a) => a.title)).toEqual(['Approve', 'Ask for changes', 'Reject']);

    // (5) Someone else pressing Approve (a forwarded card, a forged payload): refused, nothing decided.
    h.connector.clear();
    await press(decide[0].data, { id: 'not-a-curator-press', from: { id: '29:someone-else', name: 'Someone Else' } });
    expect(shown(sent())).toContain('Sorry, only the curators of this workspace can review proposed practices.');
    expect((await pending()).map((p) => p.id)).toContain(proposal.id);

    // (4) The curator approves in their 1:1 (the refused press above did not use up their button): they are told, and so is the proposer, in their chat.
    h.connector.clear();
    await press(decide[0].data, { from: { id: CURATOR, name: 'Cora Curator' }, conversation: { conversationType: 'personal', tenantId: TENANT, id: conversation } });
    expect(shown(h.connector.activities(conversation))).toContain(`Approved: “${PROPOSAL.title}” is now in this workspace’s search`);
    expect(shown(h.connector.activities(USER_CHAT))).toContain(`Good news: your proposed practice “${PROPOSAL.title}” was approved by Cora Curator.`);
    const approved = await proposalStore(h.server.app.stores.store).get(scope, proposal.id);
    expect(approved).toMatchObject({ status: 'approved', practiceId: expect.any(String) });

    // Found by a search in this tenant...
    h.connector.clear();
    await typed('neighbourhood anti-rumour agents');
    expect(shown(sent())).toContain(PROPOSAL.title);
    // ...and not in another one.
    h.connector.clear();
    await typed('neighbourhood anti-rumour agents', elsewhere({}));
    expect(sent().length).toBeGreaterThan(0);
    expect(shown(sent())).not.toContain(PROPOSAL.title);

    // The curator's double click is done once: nothing more is sent.
    h.connector.clear();
    await press(decide[0].data, { from: { id: CURATOR, name: 'Cora Curator' }, conversation: { conversationType: 'personal', tenantId: TENANT, id: conversation } });
    expect(h.connector.requests).toEqual([]);
  });

  it('`/icc propose` works too, and a title with <b> and ** reaches Teams literally', async () => {
    await typed('/icc propose');
    const form = cardOf(sent().find((a) => inputsOf(cardOf(a)).length > 0));
    const check = cardActions(form).find((a) => a.type === 'Action.Submit' && a.title === 'Check it');
    const title = 'Bold <b>café</b> and **stars** for all';
    h.connector.clear();
    await press({ ...check.data, ...fields({ ...VALUES, title, city: 'Atlantis' }) });
    expect(shown(sent())).toMatch(/City: “Atlantis” is not a city of the network I know/);
    // The same button again is a double click (done once); the form shown again has a fresh one.
    const fix = cardActions(cardOf(sent().find((a) => inputsOf(cardOf(a)).length > 0))).find((a) => a.type === 'Action.Submit' && a.title === 'Check it');
    expect(fix.data.icc.sid).not.toBe(check.data.icc.sid);
    h.connector.clear();
    await press({ ...fix.data, ...fields({ ...VALUES, title }) });
    const { proposal, toCurator } = await sendIt(sent());
    expect(proposal.title).toBe(title);
    // Card text is Adaptive Card markdown: the tag and the stars arrive escaped, shown as typed.
    const ESCAPED = 'Bold \\<b\\>café\\</b\\> and \\*\\*stars\\*\\* for all';
    expect(cardText(cardOf(toCurator[0]))).toContain(ESCAPED);
    expect(shown(h.connector.activities(USER_CHAT))).toContain(`Your proposal “${ESCAPED}”`);
    const texts = h.connector.requests.flatMap((r) => (r.body?.attachments ? [cardText(cardOf(r.body))] : []));
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) {
      expect(text).not.toContain('<b>');
      expect(text).not.toContain('**');
    }
  });
});

describe('Teams: "Propose as a practice" on a message, with the real intents', () => {
  const PREFILLED = 'Our language café meets every Tuesday & Thursday.\nNeighbours teach each other.\nOpen to all.';

  async function invoke(name: string, value: Record<string, unknown>) {
    const activity = h.activity(name);
    const res = await h.post({ ...activity, value: { ...activity.value, ...value } });
    expect(res.status).toBe(200);
    return res.body;
  }

  it('fetchTask -> the form prefilled with the message -> submitAction -> preview in the 1:1 -> Send it -> curator -> Approve', async () => {
    const task = await invoke('message-action-fetch-task', {});
    expect(task.task).toMatchObject({ type: 'continue', value: { title: 'Propose a practice', card: { contentType: 'application/vnd.microsoft.card.adaptive' } } });
    const card = task.task.value.card.content;
    const inputs = inputsOf(card);
    expect(inputs.map((i) => i.id)).toEqual(['title', 'city', 'summary', 'areas', 'source', 'year'].map((f) => `icc_field_${f}`));
    expect(inputs[2].value).toBe(PREFILLED);
    expect(inputs[0].value).toBeUndefined();
    const check = cardActions(card).find((a) => a.type === 'Action.Submit');
    expect(check.data.icc).toMatchObject({ action: { intent: 'propose', name: 'form' } });
    expect(h.connector.activities()).toEqual([]);

    // A bad year: the task module shows the form again with the problem under the year.
    const title = 'Language café for neighbours';
    const values = { ...VALUES, title, city: 'Bergen', summary: PREFILLED };
    const bad = await invoke('message-action-submit', { data: { ...check.data, ...fields({ ...values, year: '1850' }) } });
    expect(bad.task.type).toBe('continue');
    const items = bad.task.value.card.content.body as any[];
    const at = items.findIndex((e) => e.id === 'icc_field_year');
    expect(items[at]!.value).toBe('1850');
    expect(items[at + 1]).toMatchObject({ type: 'TextBlock', color: 'Attention', text: expect.stringContaining('Year: please give a year from 1990 to') });
    expect(h.connector.activities()).toEqual([]);

    // Valid values: the task module closes and the preview comes to the user's 1:1 chat.
    const fix = cardActions(bad.task.value.card.content).find((a) => a.type === 'Action.Submit');
    expect(await invoke('message-action-submit', { data: { ...fix.data, ...fields(values) } })).toEqual({});
    const opened = h.connector.requests.filter((r) => r.kind === 'create-conversation');
    expect(opened.map((r) => r.body.members.map((m: { id: string }) => m.id))).toEqual([['user-id-0']]);
    const chat = h.connector.requests.find((r) => r.kind === 'send')!.conversationId!;
    const preview = h.connector.activities(chat);
    expect(shown(preview)).toContain('Here is your proposal:');
    expect(shown(preview)).toContain(title);
    // Nothing went to the channel the message is in.
    expect(h.connector.requests.filter((r) => r.conversationId?.startsWith('19:team-channel'))).toEqual([]);
    expect((await pending()).map((p) => p.title)).not.toContain(title);

    // "Send it", pressed in that 1:1 chat.
    const { proposal, toCurator, conversation } = await sendIt(preview, { conversation: { conversationType: 'personal', tenantId: TENANT, id: chat } });
    expect(proposal).toMatchObject({ title, summary: PREFILLED, proposer: { id: 'user-id-0' } });
    const approve = button(toCurator, 'Approve');

    h.connector.clear();
    await press(approve.data, { from: { id: CURATOR, name: 'Cora Curator' }, conversation: { conversationType: 'personal', tenantId: TENANT, id: conversation } });
    expect(shown(h.connector.activities(chat))).toContain(`Good news: your proposed practice “${title}” was approved by Cora Curator.`);
    h.connector.clear();
    await typed('language café for neighbours');
    expect(shown(sent())).toContain(title);
  });
});
