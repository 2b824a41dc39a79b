/**
 * Knowledge that grows, through the real bot: the console dialog (field order, a bad field asked again,
 * look-alikes, submit -> pending), the Slack/Teams form (errors by field), the shared `start` action,
 * curators (approve, ask for changes, reject; anyone else refused), the proposer told, and an approved
 * practice searchable at once in its own workspace only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingSender, Senders } from '../src/core/sender.js';
import type { Reply, Turn } from '../src/core/turn.js';
import { checkAll } from '../src/knowledge/fields.js';
import { proposalStore } from '../src/knowledge/store.js';
import { jobHandlers } from '../src/scheduler/handlers.js';
import { buttonsOf, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';
import { runCliInProcess } from './helpers/cli.js';
import { PROPOSAL } from './helpers/knowledge.js';


let app: TestApp;
afterEach(async () => app?.close());

const scope = { platform: 'console' as const, tenant: 'T1' };
const say = (text: string, over: Partial<Turn> = {}) => app.bot.handle(turn(text, over));

/** The console dialog from the first message to the preview, answering each field right. */
async function proposeInConsole(over: Partial<Turn> = {}): Promise<Reply[]> {
  await say("I'd like to share a practice from our city", over);
  let last: Reply[] = [];
  for (const v of Object.values(PROPOSAL)) last = await say(v, over);
  return last;
}

describe('proposing in the console chat', () => {
  it('asks the six fields in order, asks a bad one again, shows look-alikes, and stores the proposal as pending', async () => {
    app = await testApp({ CURATORS: 'console:T1=cur1,cur2' });
    const first = textOf(await say("I'd like to share a practice from our city"));
    expect(first).toMatch(/1\/6 · Title/);
    expect(textOf(await say(PROPOSAL.title))).toMatch(/2\/6 · City/);
    // A city the network does not have is asked again, with the close one named.
    const bad = textOf(await say('Bergn'));
    expect(bad).toMatch(/City: I don’t know “Bergn”. Did you mean Bergen\?/);
    expect(bad).toMatch(/2\/6 · City/);
    expect(textOf(await say(PROPOSAL.city))).toMatch(/3\/6 · Summary/);
    expect(textOf(await say('Too short.'))).toMatch(/Summary: please write at least 80 characters[\s\S]*3\/6 · Summary/);
    expect(textOf(await say(PROPOSAL.summary))).toMatch(/4\/6 · Policy areas/);
    expect(textOf(await say('rumours, public space'))).toMatch(/I don’t know the area “rumours”[\s\S]*4\/6/);
    expect(textOf(await say('education, language, public space, interaction'))).toMatch(/at most 3 areas/);
    expect(textOf(await say(PROPOSAL.areas))).toMatch(/5\/6 · Source link/);
    expect(textOf(await say('www.example.org'))).toMatch(/Source link: that is not a web link[\s\S]*5\/6/);
    expect(textOf(await say(PROPOSAL.source))).toMatch(/6\/6 · Year/);
    const nextYear = new Date().getUTCFullYear() + 1;
    expect(textOf(await say(String(nextYear + 1)))).toMatch(new RegExp(`from 1990 to ${nextYear}[\\s\\S]*6/6`));
    const preview = await say(PROPOSAL.year);

    expect(preview[0]!.cards![0]).toMatchObject({ title: PROPOSAL.title, subtitle: 'Bergen, Norway · 2019', body: PROPOSAL.summary, url: PROPOSAL.source });
    expect(preview[0]!.cards![0]!.fields).toEqual([{ label: 'Policy areas', value: 'Anti-discrimination, Public space' }]);
    // Practices we already have that look the same, as cards, before anything is sent.
    const similar = preview.find((r) => /look similar/.test(r.text ?? ''))!;
    expect(similar.cards!.length).toBeGreaterThan(0);
    expect(similar.cards!.map((c) => c.title).join(' ')).toMatch(/anti-rumour/i);
    expect(textOf(preview)).toMatch(/Answer yes or no/);
    expect(await proposalStore(app.stores.store).list(scope)).toEqual([]);

    expect(textOf(await say('maybe'))).toMatch(/Answer yes or no/);
    const sent = await say('yes');
    expect(textOf(sent)).toMatch(/Your proposal “Neighbourhood anti-rumour agents” \(number [0-9a-f]{8}\) is waiting for review/);
    expect(textOf(sent)).toMatch(/The 2 curators of this workspace have been told/);
    // Each curator gets the card in a 1:1 of their own, with the three buttons.
    const toCurators = sent.filter((r) => r.deliverTo);
    expect(toCurators.map((r) => r.deliverTo)).toEqual([
      { users: ['cur1'], each: true },
      { users: ['cur2'], each: true },
    ]);
    expect(buttonsOf([toCurators[0]!]).map((b) => `${b.action.intent}:${b.action.name}`)).toEqual(['curate:approve', 'curate:changes', 'curate:reject']);

    const [stored] = await proposalStore(app.stores.store).list(scope, ['pending']);
    expect(stored).toMatchObject({ title: PROPOSAL.title, city: 'bergen', areas: ['anti-discrimination', 'public-space'], year: 2019, status: 'pending', proposer: { id: 'U1' } });
    expect(stored!.address).toMatchObject({ conversation: 'C1', kind: 'dm' });
    // Another workspace sees nothing of it.
    expect(await proposalStore(app.stores.store).list({ platform: 'console', tenant: 'T2' })).toEqual([]);
  });

  it('stops on "no" and on cancel, sending nothing', async () => {
    app = await testApp({ CURATORS: 'console:T1=cur1' });
    await proposeInConsole();
    expect(textOf(await say('no'))).toMatch(/nothing was sent/);
    await say('propose a practice');
    await say(PROPOSAL.title);
    expect(textOf(await say('cancel'))).toMatch(/nothing was sent/);
    expect(await proposalStore(app.stores.store).list(scope)).toEqual([]);
    expect(await proposalStore(app.stores.store).drafts.get(scope, 'U1')).toBeUndefined();
  });

  it('the shared start action prefills the summary, kept with one button', async () => {
    app = await testApp();
    await app.bot.handle(press({ intent: 'propose', name: 'start', data: { text: PROPOSAL.summary } }));
    await say(PROPOSAL.title);
    const ask = await say(PROPOSAL.city);
    expect(textOf(ask)).toMatch(/3\/6 · Summary[\s\S]*Now: Bergen trained volunteers/);
    const keep = buttonsOf(ask).find((b) => b.action.name === 'keep')!;
    expect(textOf(await app.bot.handle(press(keep.action)))).toMatch(/4\/6 · Policy areas/);
  });
});

describe('proposing with the form (Slack, Teams)', () => {
  const slack: Partial<Turn> = { platform: 'slack', tenant: 'TS', conversation: { platform: 'slack', tenant: 'TS', conversation: 'D1', kind: 'dm' } };

  it('answers with the form; a submission with problems gets them by field; a good one the preview', async () => {
    app = await testApp({ CURATORS: 'slack:TS=UCUR' });
    const [reply] = await say('/icc propose', slack);
    const form = reply!.form!;
    expect(form.fields.map((f) => f.id)).toEqual(['title', 'city', 'summary', 'areas', 'source', 'year']);
    expect(form.fields.find((f) => f.id === 'summary')).toMatchObject({ multiline: true, maxLength: 1200 });
    expect(form.fields.find((f) => f.id === 'areas')).toMatchObject({ kind: 'select', multiple: true });
    expect(form.fields.find((f) => f.id === 'areas')!.options).toHaveLength(17);

    const bad = await app.bot.handle(press({ ...form.submit, data: { ...form.submit.data, ...PROPOSAL, city: 'Atlantis', source: 'javascript:alert(1)', year: '1989', areas: 'education' } }, slack));
    expect(Object.keys(bad[0]!.formErrors!).sort()).toEqual(['city', 'source', 'year']);
    expect(bad[0]!.formErrors!['city']).toMatch(/“Atlantis” is not a city of the network/);

    const good = await app.bot.handle(press({ ...form.submit, data: { ...form.submit.data, ...PROPOSAL, areas: 'anti-discrimination,public-space' } }, slack));
    expect(good[0]!.cards![0]!.title).toBe(PROPOSAL.title);
    const send = buttonsOf(good).find((b) => b.action.name === 'submit')!;
    const sent = await app.bot.handle(press(send.action, slack));
    expect(textOf(sent)).toMatch(/is waiting for review/);
    expect(sent.some((r) => r.deliverTo?.users[0] === 'UCUR')).toBe(true);
    // The draft is gone: pressing again sends nothing twice.
    expect(textOf(await app.bot.handle(press(send.action, slack)))).toMatch(/no proposal waiting to be sent/);
    expect(await proposalStore(app.stores.store).list({ platform: 'slack', tenant: 'TS' }, ['pending'])).toHaveLength(1);
  });

  it('the start action answers with the form, its summary prefilled', async () => {
    app = await testApp();
    const [reply] = await app.bot.handle(press({ intent: 'propose', name: 'start', data: { text: 'A message worth sharing' } }, slack));
    expect(reply!.form!.fields.find((f) => f.id === 'summary')!.initial).toBe('A message worth sharing');
  });
});

describe('field checks (zod), by field', () => {
  it('names every wrong field at once', async () => {
    app = await testApp();
    const env = { content: app.content, now: new Date('2026-12-05T00:00:00Z') };
    const r = checkAll({ title: 'abc', city: 'Bilbo', summary: '(unbalanced ' + 'x'.repeat(90), areas: 'education,language,interaction,participation', source: 'ftp://x.org', year: '2028' }, env);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.fromEntries(Object.entries(r.errors).map(([f, e]) => [f, e.key]))).toEqual({ title: 'titleShort', summary: 'summaryPunctuation', areas: 'areasTooMany', source: 'source', year: 'year' });
    // Aliases, localized area names and next year are fine.
    const ok = checkAll({ ...PROPOSAL, city: 'Bilbo', areas: 'Bildung, Освіта, language', year: '2027' }, env);
    expect(ok).toMatchObject({ ok: true, values: { city: 'bilbao', areas: ['education', 'language'], year: 2027 } });
  });
});

describe('curators', () => {
  async function pendingId(): Promise<string> {
    await proposeInConsole();
    await say('yes');
    return (await proposalStore(app.stores.store).list(scope, ['pending']))[0]!.id;
  }
  const asCurator: Partial<Turn> = { user: { id: 'cur1', name: 'Maria' }, conversation: { platform: 'console', tenant: 'T1', conversation: 'Ccur', kind: 'dm' } };

  it('only a configured curator may decide; others are refused politely', async () => {
    app = await testApp({ CURATORS: 'console:T1=cur1; console:T2=U1' });
    const id = await pendingId();
    for (const name of ['approve', 'changes', 'reject'])
      expect(textOf(await app.bot.handle(press({ intent: 'curate', name, data: { id } })))).toMatch(/only the curators of this workspace/);
    expect(textOf(await say('/icc curate'))).toMatch(/only the curators/);
    // A curator of another workspace is not one here.
    expect(textOf(await app.bot.handle(press({ intent: 'curate', name: 'approve', data: { id } }, { user: { id: 'U1' } })))).toMatch(/only the curators/);
    expect((await proposalStore(app.stores.store).get(scope, id))!.status).toBe('pending');
    expect(textOf(await say('/icc curate', asCurator))).toMatch(/One proposal is waiting/);
  });

  it('approve: searchable at once in this workspace only, and the proposer is told in their conversation', async () => {
    app = await testApp({ CURATORS: 'console:T1=cur1' });
    const query = '/icc search anti-rumour agents Bergen neighbourhood associations libraries';
    expect(textOf(await say(query))).not.toMatch(/Neighbourhood anti-rumour agents/);
    const id = await pendingId();
    const done = await app.bot.handle(press({ intent: 'curate', name: 'approve', data: { id } }, asCurator));
    expect(textOf(done)).toMatch(/Approved: “Neighbourhood anti-rumour agents” is now in this workspace’s search \(id bergen-neighbourhood-anti-rumour-agents\)/);
    const told = done.find((r) => r.to)!;
    expect(told.to).toMatchObject({ conversation: 'C1' });
    expect(told.text).toMatch(/was approved by Maria/);

    const found = await say(query);
    expect(found[0]!.cards![0]!.title).toBe('Neighbourhood anti-rumour agents');
    expect(found[0]!.cards![0]!.subtitle).toMatch(/Bergen, Norway · 2019 · checked/);
    // Another workspace of the same app does not see it.
    expect(textOf(await say(query, { tenant: 'T2', conversation: { platform: 'console', tenant: 'T2', conversation: 'C1', kind: 'dm' } }))).not.toMatch(/Neighbourhood anti-rumour agents/);
    expect(app.searchFor({ platform: 'console', tenant: 'T2' })).toBe(app.search);
    // Deciding again is refused.
    expect(textOf(await app.bot.handle(press({ intent: 'curate', name: 'reject', data: { id } }, asCurator)))).toMatch(/already decided: approved/);
  });

  it('ask for changes: the comment goes to the proposer, who changes and sends it again', async () => {
    app = await testApp({ CURATORS: 'console:T1=cur1' });
    const id = await pendingId();
    expect(textOf(await app.bot.handle(press({ intent: 'curate', name: 'changes', data: { id } }, asCurator)))).toMatch(/What should change in “Neighbourhood anti-rumour agents”\?/);
    const done = await say('Please link the city’s own page about the agents.', asCurator);
    const told = done.find((r) => r.to)!;
    expect(told.text).toBe('Maria asked for changes to your proposed practice “Neighbourhood anti-rumour agents”: Please link the city’s own page about the agents.');
    expect((await proposalStore(app.stores.store).get(scope, id))).toMatchObject({ status: 'changes', decision: { by: { id: 'cur1' }, comment: 'Please link the city’s own page about the agents.' } });

    // Someone else cannot edit it; the proposer can, keeping what does not change.
    const edit = buttonsOf([told])[0]!;
    expect(textOf(await app.bot.handle(press(edit.action, { user: { id: 'U9' } })))).toMatch(/can no longer be changed here/);
    let step = await app.bot.handle(press(edit.action));
    expect(textOf(step)).toMatch(/1\/6 · Title[\s\S]*Now: Neighbourhood anti-rumour agents/);
    for (const _ of ['title', 'city', 'summary', 'areas']) step = await app.bot.handle(press(buttonsOf(step).find((b) => b.action.name === 'keep')!.action));
    step = await say('https://www.bergen.kommune.no/agents');
    expect(textOf(step)).toMatch(/6\/6 · Year[\s\S]*Now: 2019/);
    await app.bot.handle(press(buttonsOf(step).find((b) => b.action.name === 'keep')!.action));
    const again = await say('yes');
    expect(textOf(again)).toMatch(/changed proposal .* is waiting for review again/);
    expect(again.find((r) => r.deliverTo)!.text).toMatch(/changed their proposal .* as asked/);
    expect(await proposalStore(app.stores.store).get(scope, id)).toMatchObject({ status: 'pending', source: 'https://www.bergen.kommune.no/agents', title: PROPOSAL.title });
  });

  it('reject with a reason (the form’s submission); an empty reason is asked for by field', async () => {
    app = await testApp({ CURATORS: 'console:T1=cur1' });
    const id = await pendingId();
    // In the console the reason is typed; here it comes as the form's submission (Slack, Teams).
    expect(textOf(await app.bot.handle(press({ intent: 'curate', name: 'reject', data: { id } }, asCurator)))).toMatch(/Why is “Neighbourhood anti-rumour agents” rejected\?/);
    await say('cancel', asCurator);
    const empty = await app.bot.handle(press({ intent: 'curate', name: 'reject-form', data: { id, comment: ' ' } }, asCurator));
    expect(empty[0]!.formErrors).toEqual({ comment: 'Please write a few words for the proposer.' });
    const done = await app.bot.handle(press({ intent: 'curate', name: 'reject-form', data: { id, comment: 'It is already in the database.' } }, asCurator));
    expect(done.find((r) => r.to)!.text).toBe('Your proposed practice “Neighbourhood anti-rumour agents” was not accepted by Maria. Their reason: It is already in the database.');
    const stored = (await proposalStore(app.stores.store).get(scope, id))!;
    expect(stored.status).toBe('rejected');
    // Told once: the address is not kept after a final decision.
    expect(stored.address).toBeUndefined();
  });
});

describe('a decision made from the command line', () => {
  it('reaches the proposer through the knowledge.decision job serve runs', async () => {
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'icc-decision-')), 'icc.sqlite')}`;
    app = await testApp({ STORE_URL: storeUrl });
    await proposeInConsole();
    await say('yes');
    const [p] = await proposalStore(app.stores.store).list(scope, ['pending']);
    const r = await runCliInProcess(['practices', 'reject', p!.id, '--curator', 'Maria', '--reason', 'Please describe the results.', '--tenant', 'T1'], { STORE_URL: storeUrl });
    expect(r).toMatchObject({ code: 0, stdout: `rejected ${p!.id}\n` });

    const senders = new Senders();
    const sender = new RecordingSender('console');
    senders.register(sender);
    expect(await app.jobs.runDue(jobHandlers({ app, senders }))).toEqual({ ran: 1, failed: 0 });
    const [sent] = sender.drain();
    expect(sent!.address).toMatchObject({ conversation: 'C1', kind: 'dm' });
    expect(sent!.replies[0]!.text).toBe('Your proposed practice “Neighbourhood anti-rumour agents” was not accepted by Maria. Their reason: Please describe the results.');
    expect((await proposalStore(app.stores.store).get(scope, p!.id))!.address).toBeUndefined();
  });
});

describe('home page', () => {
  it('a curator’s home shows the pending proposals with their buttons; nobody else’s does', async () => {
    app = await testApp({ CURATORS: 'console:T1=cur1' });
    expect(await app.bot.homes(turn('', { user: { id: 'cur1' } }))).toEqual([]);
    await proposeInConsole();
    await say('yes');
    const [section] = await app.bot.homes(turn('', { user: { id: 'cur1' } }));
    expect(section!.text).toBe('One proposal is waiting for a decision:');
    expect(buttonsOf([section!]).map((b) => b.action.name)).toEqual(['approve', 'changes', 'reject']);
    expect(await app.bot.homes(turn(''))).toEqual([]);
  });
});
