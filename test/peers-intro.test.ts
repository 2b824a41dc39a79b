/**
 * Opt-in, connect and the week-later follow-up, through the real bot with an injected clock; no
 * introduction to anyone who has not opted in; contacts never cross workspaces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deliverOutbound, RecordingSender, SendError, Senders, type Sender } from '../src/core/sender.js';
import type { Address, Platform, Reply, Turn } from '../src/core/turn.js';
import { peerStores, type Intro } from '../src/peers/store.js';
import { jobHandlers } from '../src/scheduler/handlers.js';
import { buttonsOf, fixedClock, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';

const DAY = 24 * 60 * 60 * 1000;
const START = '2025-03-03T09:00:00.000Z';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A person in a workspace, talking to the bot in their own DM. */
function person(id: string, name: string, opts: { tenant?: string; platform?: Platform } = {}) {
  const tenant = opts.tenant ?? 'T1';
  const platform = opts.platform ?? 'slack';
  const dm: Address = { platform, tenant, conversation: `D-${id}`, kind: 'dm' };
  const over = (): Partial<Turn> => ({ platform, tenant, user: { id, name }, conversation: dm });
  return {
    id,
    dm,
    scope: { platform, tenant },
    says: (text: string) => turn(text, over()),
    presses: (action: Turn['action'] & object) => press(action, over()),
  };
}

async function setup() {
  const clock = fixedClock(START);
  app = await testApp({}, { clock });
  const slack = new RecordingSender('slack');
  const senders = new Senders();
  senders.register(slack);
  const handlers = jobHandlers({ app, senders });
  return { app, clock, slack, senders, handlers };
}

const intros = async (a: TestApp, scope: { platform: Platform; tenant: string }): Promise<Intro[]> => {
  const s = peerStores(a.stores.store);
  const ids = await s.intro.ids(scope);
  return (await Promise.all(ids.map((id) => s.intro.get(scope, id)))).filter((x): x is Intro => Boolean(x));
};

const find = (replies: Reply[], pred: (r: Reply) => boolean) => replies.find(pred);

describe('introductions between two opted-in people', () => {
  it('opens a group conversation with an intro, and follows up a week later on the injected clock', async () => {
    const { app, clock, slack, senders, handlers } = await setup();
    const getxo = person('UGETXO', 'Miren');
    const bilbao = person('UBILBAO', 'Ana');
    await app.stores.profile.set(bilbao.scope, bilbao.id, { city: 'bilbao', updatedAt: START });

    const optin = await app.bot.handle(getxo.says('/icc peers optin Getxo'));
    expect(textOf(optin)).toMatch(/You're now a contact for Getxo/);

    const t = bilbao.says('connect me with Getxo about anti-rumours');
    const replies = await app.bot.handle(t);
    const intro = find(replies, (r) => Boolean(r.deliverTo))!;
    expect(intro.deliverTo).toEqual({ users: ['UGETXO'] });
    // Who, why (topic and their practices), and a first question.
    expect(intro.text).toMatch(/Ana from Bilbao would like to learn from Getxo, and Miren offered to be Getxo's contact/);
    expect(intro.text).toMatch(/The topic: anti-rumours\./);
    expect(intro.text).toMatch(/Getxo anti-rumour strategy/);
    expect(intro.text).toMatch(/A first question to start with: How did you get “Getxo anti-rumour strategy/);

    // The adapter's path: the intro goes to a conversation with both, the confirmation stays inline.
    const inline = await deliverOutbound(t, replies, senders);
    expect(slack.sent).toHaveLength(1);
    expect(slack.sent[0]!.address).toMatchObject({ conversation: 'group:UBILBAO,UGETXO', kind: 'group', tenant: 'T1' });
    expect(textOf(inline)).toMatch(/I've introduced you to Miren from Getxo in a new conversation/);
    slack.drain();

    // Asking again the same week does not introduce twice.
    const again = await app.bot.handle(bilbao.says('connect me with Getxo'));
    expect(again.some((r) => r.deliverTo)).toBe(false);
    expect(textOf(again)).toMatch(/I introduced you to Getxo on 2025-03-03/);

    const [record] = await intros(app, bilbao.scope);
    expect(record).toMatchObject({ kind: 'direct', requester: 'UBILBAO', contact: 'UGETXO', city: 'getxo', topic: 'anti-rumours', address: bilbao.dm, createdAt: START });
    const jobs = await app.jobs.list(bilbao.scope);
    expect(jobs.map((j) => [j.kind, j.dueAt])).toEqual([['peers.followup', new Date(Date.parse(START) + 7 * DAY).toISOString()]]);

    // Six days on: nothing yet.
    clock.advance(6 * DAY);
    expect(await app.jobs.runDue(handlers)).toEqual({ ran: 0, failed: 0 });
    expect(slack.sent).toHaveLength(0);

    // A week on: the requester is asked, in their DM, with yes / not yet / not useful.
    clock.advance(1 * DAY);
    expect(await app.jobs.runDue(handlers)).toEqual({ ran: 1, failed: 0 });
    expect(slack.sent).toHaveLength(1);
    const followUp = slack.sent[0]!;
    expect(followUp.address).toEqual(bilbao.dm);
    expect(followUp.replies[0]!.text).toMatch(/Did you connect with Getxo\?/);
    expect(buttonsOf(followUp.replies).map((b) => b.label)).toEqual(['Yes', 'Not yet', 'Not useful']);
    expect(await app.jobs.runDue(handlers)).toEqual({ ran: 0, failed: 0 });

    // "Yes" is recorded and feeds the ranking.
    const yes = buttonsOf(followUp.replies)[0]!;
    expect(textOf(await app.bot.handle(bilbao.presses(yes.action)))).toMatch(/Great to hear/);
    expect((await intros(app, bilbao.scope))[0]!.outcome).toBe('yes');
    const other = person('UOTHER', 'Lea');
    const peers = await app.bot.handle(other.says('find a peer city for anti-rumour work'));
    const getxoCard = peers[0]!.cards!.find((c) => c.title.startsWith('Getxo'))!;
    expect(getxoCard.subtitle).toMatch(/1 colleague connected with them here/);
    expect(getxoCard.fields!.map((f) => f.value).join(' ')).toMatch(/a colleague from Getxo is open to introductions here/);
  });

  it('a follow-up press by someone else is refused, and a closed DM drops the job without retrying', async () => {
    const { app, clock, handlers } = await setup();
    const getxo = person('UGETXO', 'Miren');
    const bilbao = person('UBILBAO', 'Ana');
    await app.bot.handle(getxo.says('/icc peers optin Getxo'));
    await app.bot.handle(bilbao.says('connect me with Getxo'));
    const [record] = await intros(app, bilbao.scope);
    const stranger = await app.bot.handle(getxo.presses({ intent: 'peers', name: 'followup', data: { i: record!.id, o: 'not-useful' } }));
    expect(textOf(stranger)).toMatch(/expired or is no longer valid/);
    expect((await intros(app, bilbao.scope))[0]!.outcome).toBeUndefined();

    const gone: Sender = {
      platform: 'slack',
      send: async () => {
        throw new SendError('gone', 'channel_not_found');
      },
      openConversation: async () => null,
    };
    const senders = new Senders();
    senders.register(gone);
    clock.advance(7 * DAY);
    expect(await app.jobs.runDue(jobHandlers({ app, senders }))).toEqual({ ran: 1, failed: 0 });
    expect(await app.jobs.list(bilbao.scope)).toEqual([]);
    expect(handlers.has('peers.followup')).toBe(true);
  });

  it('someone who ignores three introductions stops being offered until they opt in again', async () => {
    const { app, clock, slack, senders } = await setup();
    const getxo = person('UGETXO', 'Miren');
    await app.bot.handle(getxo.says('/icc peers optin Getxo'));
    for (let n = 1; n <= 3; n++) {
      const asker = person(`UASK${n}`, `Asker ${n}`);
      const replies = await app.bot.handle(asker.says('connect me with Getxo'));
      expect(replies.some((r) => r.deliverTo), `intro ${n}`).toBe(true);
      const [record] = (await intros(app, asker.scope)).filter((i) => i.requester === asker.id);
      const answer = await app.bot.handle(asker.presses({ intent: 'peers', name: 'followup', data: { i: record!.id, o: 'not-yet' } }));
      const notice = answer.find((r) => r.to);
      if (n < 3) expect(notice).toBeUndefined();
      else {
        // The contact is told, in their own DM.
        expect(notice!.to).toEqual(getxo.dm);
        expect(notice!.text).toMatch(/introduced 3 times for Getxo without connecting/);
        await deliverOutbound(asker.says(''), answer, senders);
        expect(slack.sent.at(-1)!.address).toEqual(getxo.dm);
      }
      clock.advance(DAY);
    }
    const fourth = person('UASK4', 'Asker 4');
    const paused = await app.bot.handle(fourth.says('connect me with Getxo'));
    expect(paused.some((r) => r.deliverTo)).toBe(false);
    expect(textOf(paused)).toMatch(/Nobody from Getxo has opted in/);

    await app.bot.handle(getxo.says('/icc peers optin Getxo'));
    const fifth = person('UASK5', 'Asker 5');
    expect((await app.bot.handle(fifth.says('connect me with Getxo'))).some((r) => r.deliverTo?.users.includes('UGETXO'))).toBe(true);
  });
});

describe('only opted-in people are introduced', () => {
  it('someone from Getxo who has not opted in is never introduced: public practices, sources and an intro to copy instead', async () => {
    const { app } = await setup();
    const getxoStaff = person('UGETXO', 'Miren');
    await app.stores.profile.set(getxoStaff.scope, getxoStaff.id, { city: 'getxo', updatedAt: START });
    await app.bot.handle(getxoStaff.says('which cities are good at welcoming newcomers?'));
    const bilbao = person('UBILBAO', 'Ana');
    const replies = await app.bot.handle(bilbao.says('connect me with Getxo about anti-rumours'));
    expect(replies.some((r) => r.deliverTo || r.to)).toBe(false);
    expect(JSON.stringify(replies)).not.toContain('UGETXO');
    const text = textOf(replies);
    expect(text).toMatch(/Nobody from Getxo has opted in to introductions in this workspace yet/);
    expect(text).toMatch(/Getxo anti-rumour strategy/);
    expect(text).toMatch(/Sources: http/);
    expect(text).toMatch(/Hello, I'm Ana\. I found Getxo through the Intercultural Cities network while looking into anti-rumours\./);
    // Still recorded and followed up.
    expect((await intros(app, bilbao.scope)).map((i) => i.kind)).toEqual(['public']);
  });

  it('after opting out, nobody is introduced to them', async () => {
    const { app } = await setup();
    const getxo = person('UGETXO', 'Miren');
    await app.bot.handle(getxo.says('/icc peers optin Getxo'));
    expect(textOf(await app.bot.handle(getxo.says('/icc peers optout')))).toMatch(/no longer a contact for Getxo/);
    const replies = await app.bot.handle(person('UBILBAO', 'Ana').says('connect me with Getxo'));
    expect(replies.some((r) => r.deliverTo)).toBe(false);
  });

  it('opting in without a city uses the profile city, or asks for one', async () => {
    const { app } = await setup();
    const u = person('UOSLO', 'Kari');
    expect(textOf(await app.bot.handle(u.says('/icc peers optin')))).toMatch(/Which city are you the contact for/);
    await app.stores.profile.set(u.scope, u.id, { city: 'oslo', updatedAt: START });
    expect(textOf(await app.bot.handle(u.says('/icc peers optin')))).toMatch(/contact for Oslo/);
  });
});

describe('tenant isolation', () => {
  it('a contact opted in in one workspace is never shown to or introduced from another', async () => {
    const { app } = await setup();
    const getxo = person('UGETXO', 'Miren', { tenant: 'T1' });
    await app.bot.handle(getxo.says('/icc peers optin Getxo'));

    for (const outsider of [person('UBILBAO', 'Ana', { tenant: 'T2' }), person('UBILBAO', 'Ana', { tenant: 'T1', platform: 'teams' })]) {
      const replies = await app.bot.handle(outsider.says('connect me with Getxo'));
      expect(replies.some((r) => r.deliverTo || r.to)).toBe(false);
      expect(JSON.stringify(replies)).not.toMatch(/UGETXO|Miren/);
      expect(textOf(replies)).toMatch(/Nobody from Getxo has opted in/);
      const peers = await app.bot.handle(outsider.says('find a peer city for anti-rumour work'));
      expect(JSON.stringify(peers)).not.toMatch(/open to introductions/);
    }
    const insider = await app.bot.handle(person('UBILBAO', 'Ana', { tenant: 'T1' }).says('connect me with Getxo'));
    expect(insider.find((r) => r.deliverTo)?.deliverTo).toEqual({ users: ['UGETXO'] });
  });

  it('self-check scores count only within their tenant, latest per city and area', async () => {
    const { app } = await setup();
    const ns = app.stores.store.namespace('selfcheck-result');
    const result = (city: string, completedAt: string, score: number) => ({ city, completedAt, overall: score, areas: { 'welcoming-newcomers': score }, user: 'USC', kind: 'area' as const });
    // Lodi has no welcoming practice in the corpus: only its self-check can make it a peer.
    await ns.set({ platform: 'slack', tenant: 'T1' }, `lodi|2025-01-01T00:00:00.000Z`, result('lodi', '2025-01-01T00:00:00.000Z', 95));
    await ns.set({ platform: 'slack', tenant: 'T1' }, `pizzo|2025-01-01T00:00:00.000Z`, result('pizzo', '2025-01-01T00:00:00.000Z', 95));
    await ns.set({ platform: 'slack', tenant: 'T1' }, `pizzo|2025-02-01T00:00:00.000Z`, result('pizzo', '2025-02-01T00:00:00.000Z', 20));
    await ns.set({ platform: 'slack', tenant: 'T2' }, `olbia|2025-01-01T00:00:00.000Z`, result('olbia', '2025-01-01T00:00:00.000Z', 99));
    const area = { intent: 'peers', name: 'area', data: { a: 'welcoming-newcomers' } };

    const t1 = await app.bot.handle(person('U1', 'A', { tenant: 'T1' }).presses(area));
    const all1 = await allPeerCards(app, person('U1', 'A', { tenant: 'T1' }), t1);
    const lodi = all1.find((c) => c.title.startsWith('Lodi'));
    expect(lodi?.subtitle).toBe('self-check 95/100 in Welcoming newcomers');
    expect(all1.some((c) => c.title.startsWith('Pizzo'))).toBe(false);
    expect(all1.some((c) => c.title.startsWith('Olbia'))).toBe(false);

    const t2 = await app.bot.handle(person('U2', 'B', { tenant: 'T2' }).presses(area));
    const all2 = await allPeerCards(app, person('U2', 'B', { tenant: 'T2' }), t2);
    expect(all2.some((c) => c.title.startsWith('Olbia'))).toBe(true);
    expect(all2.some((c) => c.title.startsWith('Lodi'))).toBe(false);
  });
});

/** Presses "More cities" until every peer card has been shown. */
async function allPeerCards(a: TestApp, who: ReturnType<typeof person>, first: Reply[]) {
  const cards = [...(first[0]!.cards ?? [])];
  let replies = first;
  for (let i = 0; i < 20; i++) {
    const more = buttonsOf(replies).find((b) => b.action.name === 'more');
    if (!more) break;
    replies = await a.bot.handle(who.presses(more.action));
    cards.push(...(replies[0]!.cards ?? []));
  }
  return cards;
}

describe('finding peers in chat', () => {
  it('"find a peer city for anti-rumour work" shows cities with anti-rumour practices first, with reasons and buttons', async () => {
    const { app } = await setup();
    const u = person('UBILBAO', 'Ana');
    await app.stores.profile.set(u.scope, u.id, { city: 'bilbao', updatedAt: START });
    const replies = await app.bot.handle(u.says('find a peer city for anti-rumour work'));
    const { text, cards = [] } = replies[0]!;
    expect(text).toMatch(/cities to learn from on “anti-rumour”/);
    expect(text).toMatch(/Compared with Bilbao/);
    expect(cards).toHaveLength(5);
    expect(cards.some((c) => c.title.startsWith('Bilbao'))).toBe(false);
    for (const c of cards) {
      expect(c.subtitle).toMatch(/^\d+ practices? on anti-rumour/);
      expect(c.fields![0]!.value).toMatch(/rumou?r/i);
      expect(c.buttons!.map((b) => b.label)).toEqual(['Connect me', "Don't suggest this city"]);
    }
    expect(cards[0]!.title).toBe('Getxo, Spain');
    expect(cards[0]!.subtitle).toBe('3 practices on anti-rumour · Spanish-speaking · RECI network');
  });

  it('"don\'t suggest this city" sends it to the end for that user only, and can be undone', async () => {
    const { app } = await setup();
    const u = person('U1', 'A');
    const first = await app.bot.handle(u.says('/icc peers anti-rumours'));
    const getxo = first[0]!.cards!.find((c) => c.title.startsWith('Getxo'))!;
    const decline = getxo.buttons!.find((b) => b.action.name === 'decline')!;
    expect(textOf(await app.bot.handle(u.presses(decline.action)))).toMatch(/won't suggest Getxo/);

    const after = await allPeerCards(app, u, await app.bot.handle(u.says('/icc peers anti-rumours')));
    expect(after.at(-1)!.title).toBe('Getxo, Spain');
    expect(after.at(-1)!.subtitle).toMatch(/you asked me not to suggest it$/);
    const someoneElse = await app.bot.handle(person('U2', 'B').says('/icc peers anti-rumours'));
    expect(someoneElse[0]!.cards![0]!.title).toBe('Getxo, Spain');

    await app.bot.handle(u.presses({ intent: 'peers', name: 'undecline', data: { c: 'getxo' } }));
    expect((await app.bot.handle(u.says('/icc peers anti-rumours')))[0]!.cards![0]!.title).toBe('Getxo, Spain');
  });

  it('answers the hand-offs from the self-check (area) and from search (topic)', async () => {
    const { app } = await setup();
    const u = person('U1', 'A');
    const area = await app.bot.handle(u.presses({ intent: 'peers', name: 'area', data: { a: 'welcoming-newcomers' } }));
    expect(area[0]!.text).toMatch(/to learn from on “Welcoming newcomers”/);
    expect(area[0]!.cards![0]!.subtitle).toMatch(/practices? on Welcoming newcomers/);
    const topic = await app.bot.handle(u.presses({ intent: 'peers', name: 'topic', data: { q: 'intercultural mediation' } }));
    expect(topic[0]!.text).toMatch(/to learn from on “intercultural mediation”/);
    expect(textOf(await app.bot.handle(u.presses({ intent: 'peers', name: 'area', data: { a: 'nope' } })))).toMatch(/expired or is no longer valid/);
    expect(textOf(await app.bot.handle(u.says('/icc peers')))).toMatch(/Which topic or policy area/);
  });

  it('routes the examples here and leaves practice questions to search', async () => {
    const { app } = await setup();
    const peers = app.bot.intents.get('peers')!;
    for (const e of peers.examples) expect(peers.match(e), e).toBeGreaterThan(app.bot.intents.get('search')!.match(e) ?? 0);
    expect(peers.match('how did other cities run an anti-rumour campaign?')).toBeNull();
    expect(peers.match('peer addiction aid practices')).toBeNull();
  });
});
