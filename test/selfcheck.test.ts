import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/core/log.js';
import { RecordingSender, Senders } from '../src/core/sender.js';
import type { Reply, Turn } from '../src/core/turn.js';
import { CHART_HEIGHT, CHART_WIDTH } from '../src/selfcheck/chart.js';
import { REMINDER_KIND, reminderJobId, selfcheckStores, type SelfCheckResult } from '../src/selfcheck/model.js';
import { jobHandlers } from '../src/scheduler/handlers.js';
import { buttonsOf, fixedClock, press, ROOT, testApp, textOf, turn } from './helpers/app.js';

const opened: App[] = [];
afterAll(async () => {
  for (const a of opened) await a.close();
});

// One app for the file (building the search index is the slow part), one tenant per test.
const CACHE_DIR = mkdtempSync(join(tmpdir(), 'icc-sc-data-'));
const clock = fixedClock('2026-05-03T09:00:00.000Z');
let shared: App | undefined;
let tenants = 0;

async function setup(): Promise<{ app: App; tenant: string; scope: { platform: 'console'; tenant: string }; over: Partial<Turn> }> {
  if (!shared) {
    shared = await testApp({ DATA_DIR: CACHE_DIR }, { clock });
    opened.push(shared);
  }
  const tenant = `T${++tenants}`;
  return { app: shared, tenant, scope: { platform: 'console', tenant }, over: { tenant, conversation: { platform: 'console', tenant, conversation: 'C1', kind: 'dm' } } };
}

async function open(env: Record<string, string> = {}): Promise<App> {
  const app = await testApp({ DATA_DIR: CACHE_DIR, ...env });
  opened.push(app);
  return app;
}

/** A user talking to the bot in one conversation; `over` sets tenant, user, conversation... */
function chat(app: App, over: Partial<Turn> = {}) {
  let last: Reply[] = [];
  const say = async (text: string) => (last = await app.bot.handle(turn(text, over)));
  const click = async (label: string | RegExp, from: Reply[] = last) => {
    const b = buttonsOf(from).find((x) => (typeof label === 'string' ? x.label === label : label.test(x.label)));
    if (!b) throw new Error(`no button ${label} in: ${buttonsOf(from).map((x) => x.label).join(', ')}`);
    return (last = await app.bot.handle(press(b.action, over)));
  };
  return { say, click, last: () => last, text: () => textOf(last) };
}

async function results(app: App, tenant: string): Promise<SelfCheckResult[]> {
  const { results: ns } = selfcheckStores(app.stores.store);
  const ids = await ns.ids({ platform: 'console', tenant });
  return (await Promise.all(ids.map((id) => ns.get({ platform: 'console', tenant }, id)))) as SelfCheckResult[];
}

async function run(app: App, tenant: string) {
  return selfcheckStores(app.stores.store).runs.get({ platform: 'console', tenant }, 'U1');
}

describe('settings: my city', () => {
  it('sets the city from exact, accented, unaccented and typo names', async () => {
    const { app, scope, over } = await setup();
    const u = chat(app, over);
    const city = async () => (await app.stores.profile.get(scope, 'U1'))?.city;

    await u.say('my city is Oslo');
    expect(u.text()).toMatch(/Your city is now Oslo \(Norway\)/);
    expect(await city()).toBe('oslo');

    await u.say('/icc city Málaga');
    expect(await city()).toBe('malaga');
    await u.say('/icc city KRAKOW');
    expect(await city()).toBe('krakow');
    await u.say('my city is Lisboa.');
    expect(await city()).toBe('lisbon');

    await u.say('my city is Bergn');
    expect(u.text()).toMatch(/I took “Bergn” to mean Bergen \(Norway\)/);
    expect(await city()).toBe('bergen');

    await u.say('/icc city');
    expect(u.text()).toMatch(/Your city is Bergen \(Norway\)/);
  });

  it('says "did you mean" for an unknown name and keeps the old city', async () => {
    const { app, scope, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('my city is Paris');
    expect(u.text()).toMatch(/I don’t know an intercultural city called “Paris”\. Did you mean: Patras \(Greece\)\?/);
    expect((await app.stores.profile.get(scope, 'U1'))?.city).toBe('oslo');
    await u.click('Patras');
    expect((await app.stores.profile.get(scope, 'U1'))?.city).toBe('patras');

    await u.say('/icc city Atlantis');
    expect(u.text()).toMatch(/I don’t know an intercultural city called “Atlantis”\. Please check the spelling/);
    expect(buttonsOf(u.last())).toHaveLength(0);
    expect((await app.stores.profile.get(scope, 'U1'))?.city).toBe('patras');
  });
});

describe('self-check conversation', () => {
  it('asks the city first, then runs the quick check: seventeen yes give 100, saved in the documented shape', async () => {
    const { app, tenant, scope, over } = await setup();
    const u = chat(app, over);
    await u.say('start the self-check');
    expect(u.text()).toMatch(/Which city is this self-check for\?/);
    await u.say('Osloo');
    expect(u.text()).toMatch(/I took “Osloo” to mean Oslo \(Norway\)/);
    expect(u.text()).toMatch(/1\/17 · Commitment/);
    expect(buttonsOf(u.last()).map((b) => b.label).slice(0, 4)).toEqual(['Yes', 'Partly', 'No', 'Don’t know']);
    for (let i = 0; i < 16; i++) {
      await u.say(['yes', 'y', '1', 'Yes!'][i % 4]!);
      expect(u.text()).toContain(`${i + 2}/17 · `);
    }
    await u.click('Yes');
    const text = u.text();
    expect(text).toMatch(/Overall: 100\/100/);
    expect(text).toMatch(/Indicative self-check, not the official ICC Index\./);
    expect(text.match(/██████████ 100/g)).toHaveLength(17);
    // Both replies that show scores carry the disclaimer.
    for (const r of u.last()) expect(r.text).toMatch(/Indicative self-check, not the official ICC Index/);

    const [saved] = await results(app, tenant);
    expect(Object.keys(saved!).sort()).toEqual(['areas', 'city', 'completedAt', 'kind', 'overall', 'user']);
    expect(saved).toMatchObject({ city: 'oslo', overall: 100, user: 'U1', kind: 'quick' });
    expect(Object.keys(saved!.areas)).toHaveLength(17);
    const ids = await selfcheckStores(app.stores.store).results.ids(scope);
    expect(ids).toEqual([`oslo|${saved!.completedAt}`]);
    // The run and its reminder are gone; the dialog is closed.
    expect(await run(app, tenant)).toBeUndefined();
    expect(await app.jobs.get(scope, reminderJobId('U1'))).toBeUndefined();
    await u.say('yes');
    expect(u.text()).not.toMatch(/\d+\/17/);
  });

  it('seventeen "no" give 0; "don\'t know" areas are left out', async () => {
    const { app, tenant, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Bergen');
    await u.say('/icc check');
    for (let i = 0; i < 17; i++) await u.say('no');
    expect((await results(app, tenant))[0]).toMatchObject({ overall: 0, city: 'bergen' });

    await u.say('start the self-check');
    for (let i = 0; i < 15; i++) await u.say('3');
    await u.say("don't know");
    await u.say('4');
    const r = (await results(app, tenant)).at(-1)!;
    expect(Object.keys(r.areas)).toHaveLength(15);
    expect(r.areas.participation).toBeUndefined();
    expect(u.text()).toMatch(/Not scored \(“Don’t know”\): Participation, Interaction/);
  });

  it('"back" changes the previous answer; a stale button does not answer twice', async () => {
    const { app, tenant, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    const first = u.last();
    await u.say('no');
    await u.say('partly');
    expect(u.text()).toMatch(/3\/17/);
    await u.say('back');
    expect(u.text()).toMatch(/2\/17 · Education/);
    expect(u.text()).toMatch(/Your answer was: Partly/);
    await u.say('yes');
    expect((await run(app, tenant))!.answers).toMatchObject({ 'commitment-1': 'no', 'education-4': 'yes' });
    expect((await run(app, tenant))!.position).toBe(2);
    // The Yes button of question 1, pressed again now, only shows where the user is.
    await u.click('Yes', first);
    expect(u.text()).toMatch(/already answered/);
    expect(u.text()).toMatch(/3\/17/);
    expect((await run(app, tenant))!.answers['commitment-1']).toBe('no');
    await u.say('back');
    await u.say('back');
    await u.say('back');
    expect(u.text()).toMatch(/This is the first question/);
    // Going back keeps the answers: the count is of answers, not of the position.
    await u.say('pause');
    expect(u.text()).toMatch(/Paused after 2 answers of 17/);
  });

  it('cancel (and stop) ends the run and its reminder, not only the dialog', async () => {
    const { app, tenant, scope, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    await u.say('yes');
    expect(await app.jobs.get(scope, reminderJobId('U1'))).toBeDefined();
    await u.say('cancel');
    // An answer would be lost: asked first (test/selfcheck-first-hour.test.ts has the rest).
    await u.click('Yes, discard');
    expect(u.text()).toMatch(/Self-check cancelled/);
    expect(await run(app, tenant)).toBeUndefined();
    expect(await app.jobs.get(scope, reminderJobId('U1'))).toBeUndefined();
    await u.say('continue');
    expect(u.text()).toMatch(/You have no unfinished self-check/);

    await u.say('start the self-check');
    expect(u.text()).toMatch(/1\/17/);
    await u.say('stop');
    expect(await run(app, tenant)).toBeUndefined();
    await u.say('cancel');
    expect(u.text()).toMatch(/There is nothing to cancel/);
  });

  it('pause and continue pick up exactly where the user was; starting again asks resume or restart', async () => {
    const { app, tenant, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    await u.say('yes');
    await u.say('no');
    await u.say('pause');
    expect(u.text()).toMatch(/Paused after 2 answers of 17/);
    expect((await run(app, tenant))!.status).toBe('paused');
    // With no dialog open, "yes" is not an answer.
    await u.say('continue');
    expect(u.text()).toMatch(/2 answers of 17 saved/);
    expect(u.text()).toMatch(/3\/17 · Neighbourhoods/);

    await u.say('start the self-check');
    expect(u.text()).toMatch(/You have an unfinished self-check for Oslo \(2 of 17 answered/);
    await u.say('continue');
    expect(u.text()).toMatch(/3\/17/);
    await u.say('start the self-check');
    await u.click('Start again');
    expect(u.text()).toMatch(/1\/17 · Commitment/);
    expect((await run(app, tenant))!.answers).toEqual({});
  });

  it('a request for something else mid-run pauses the run and answers it; other text asks again', async () => {
    const { app, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    await u.say('what a lovely day');
    expect(u.text()).toMatch(/Please answer Yes, Partly, No or Don’t know/);
    expect(u.text()).toMatch(/1\/17/);
    await u.say('how did other cities run an anti-rumour campaign?');
    expect(u.text()).toMatch(/Paused after 0 answers of 17/);
    expect(u.text()).toMatch(/practices for “how did other cities run an anti-rumour campaign\?”/);
    await u.say('continue');
    expect(u.text()).toMatch(/1\/17/);
  });

  it('while asking for the city, a city phrase works and a clear other request is answered instead', async () => {
    const { app, tenant, scope, over } = await setup();
    const u = chat(app, over);
    await u.say('/icc check');
    await u.say('how did other cities run an anti-rumour campaign?');
    expect(u.text()).toMatch(/practices for “how did other cities run an anti-rumour campaign\?”/);
    expect(await run(app, tenant)).toBeUndefined();
    await u.say('start the self-check');
    await u.say('Bern');
    expect(u.text()).toMatch(/Did you mean: Bergen \(Norway\)\?/);
    await u.click('Bergen');
    expect(u.text()).toMatch(/Your city is now Bergen \(Norway\)/);
    expect(u.text()).toMatch(/1\/17 · Commitment/);
    expect((await app.stores.profile.get(scope, 'U1'))?.city).toBe('bergen');
    expect((await run(app, tenant))!.city).toBe('bergen');
  });

  it('a deep-dive asks every question of one area and stores an area result', async () => {
    const { app, tenant, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('/icc check education');
    expect(u.text()).toMatch(/Deep-dive into Education for Oslo: 5 questions/);
    expect(u.text()).toMatch(/1\/5 · Education/);
    for (const a of ['yes', 'yes', 'no', 'partly']) await u.say(a);
    await u.say('yes');
    // weights 2,2,2,3,3: yes 4 + yes 4 + no 0 + partly 3 + yes 6 = 17 of 24.
    const r = (await results(app, tenant)).at(-1)!;
    expect(r).toMatchObject({ kind: 'area', areas: { education: 70.8 }, overall: 70.8 });
    expect(u.text()).toMatch(/deep-dive into Education/);
  });

  it('the run survives a restart: a second app on the same SQLite file continues it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-sc-'));
    const env = { STORE_URL: `sqlite://${join(dir, 'icc.sqlite')}` };
    const first = await testApp({ DATA_DIR: CACHE_DIR, ...env });
    const u1 = chat(first);
    await u1.say('my city is Oslo');
    await u1.say('start the self-check');
    await u1.say('yes');
    await u1.say('partly');
    await u1.say('no');
    await first.close(); // no pause: the state is saved after every answer

    const second = await open(env);
    const u2 = chat(second);
    await u2.say('continue');
    expect(u2.text()).toMatch(/3 answers of 17 saved/);
    expect(u2.text()).toMatch(/4\/17 · Public services/);
    for (let i = 0; i < 14; i++) await u2.say('yes');
    const [r] = await results(second, 'T1');
    expect(r!.areas).toMatchObject({ commitment: 100, education: 50, neighbourhoods: 0, 'public-services': 100 });
  });

  it('compares a second run with the first ("Education 50 -> 100 since 2026-05-03") and charts both', async () => {
    const { app, tenant, over } = await setup();
    clock.set('2026-05-03T09:00:00.000Z');
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    for (let i = 0; i < 17; i++) await u.say(i === 1 ? 'partly' : i < 8 ? 'yes' : 'no');
    expect(u.text()).not.toMatch(/since/);
    clock.set('2026-06-01T09:00:00.000Z');
    await u.say('start the self-check');
    for (let i = 0; i < 17; i++) await u.say(i < 10 ? 'yes' : 'no');
    const text = u.text();
    expect(text).toMatch(/Education 50 -> 100 since 2026-05-03/);
    expect(text).toMatch(/Language 0 -> 100 since 2026-05-03/);
    expect(text).not.toMatch(/Commitment \d+ -> /);
    expect(text).toMatch(/Overall \d+ -> \d+ since 2026-05-03/);
    expect(text).toMatch(/Media and communication 0 -> 100 since 2026-05-03/);
    expect(text).toMatch(/14 areas unchanged/);
    const all = await results(app, tenant);
    expect(all.map((r) => r.completedAt)).toEqual(['2026-05-03T09:00:00.000Z', '2026-06-01T09:00:00.000Z']);

    // The chart: a PNG of the documented size under the data dir, decoded in full.
    const image = u.last().find((r) => r.image)?.image;
    expect(image).toBeDefined();
    expect(image!.path.startsWith(join(app.config.dataDir, 'charts'))).toBe(true);
    expect(image!.alt).toMatch(/Radar chart .* Oslo/);
    const png = PNG.sync.read(readFileSync(image!.path));
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    // Not blank: the "this run" blue and the white background are both there.
    let blue = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 60 && png.data[i + 2]! > 200) blue++;
    expect(blue).toBeGreaterThan(500);
  });

  it('the weakest areas come with 2-3 practices and a peers button (only while a peers intent exists)', async () => {
    const { app, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    const weakIndex = [1, 6, 8]; // education, public space, language
    for (let i = 0; i < 17; i++) await u.say(weakIndex.includes(i) ? 'no' : 'yes');
    const weak = u.last()[1]!;
    expect(weak.cards!.map((c) => c.title)).toEqual(['Education: 0/100', 'Public space: 0/100', 'Language: 0/100']);
    for (const card of weak.cards!) {
      expect(card.fields!.length).toBeGreaterThanOrEqual(2);
      expect(card.fields!.length).toBeLessThanOrEqual(3);
    }
    const oslo = app.content.cities.find((c) => c.id === 'oslo')!;
    for (const f of weak.cards!.flatMap((c) => c.fields!)) expect(oslo.practices.map((id) => app.content.practiceById.get(id)!.title)).not.toContain(f.label);
    expect(weak.cards![0]!.buttons!.find((b) => b.action.intent === 'peers')!.action).toEqual({ intent: 'peers', name: 'area', data: { a: 'education' } });
    // The button reaches the real peers intent.
    await u.click(/Peer cities/);
    expect(u.text()).not.toMatch(/expired or is no longer valid/);

    const noPeers = await createApp(loadConfig({ STORE_URL: 'memory://', DATA_DIR: CACHE_DIR }), {
      baseDir: ROOT,
      intents: intents.filter((i) => i.name !== 'peers'),
      log: createLogger({ level: 'silent', secrets: [] }),
    });
    opened.push(noPeers);
    const p = chat(noPeers);
    await p.say('my city is Oslo');
    await p.say('start the self-check');
    for (let i = 0; i < 17; i++) await p.say(i === 4 ? 'no' : 'yes');
    const card = p.last()[1]!.cards![0]!;
    expect(card.title).toBe('Business and labour market: 0/100');
    expect(card.buttons!.map((b) => b.action.intent)).toEqual(['search']);
  });

  it('results are private in a channel and shared to that channel on request (never to another one)', async () => {
    const { app, tenant, over } = await setup();
    // The bot has seen the working group's channel.
    await app.bot.handle(turn('help', { tenant, conversation: { platform: 'console', tenant, conversation: 'wg-channel', kind: 'channel' } }));
    const inChannel = chat(app, { tenant, conversation: { platform: 'console', tenant, conversation: 'C-team', kind: 'channel' } });
    await inChannel.say('my city is Oslo');
    await inChannel.say('start the self-check');
    expect(inChannel.last().every((r) => r.ephemeral)).toBe(true);
    for (let i = 0; i < 17; i++) await inChannel.say('partly');
    expect(inChannel.last().every((r) => r.ephemeral)).toBe(true);

    await inChannel.click('Share with my working group');
    // Only the conversation the person is in (test/selfcheck-share.test.ts: never another, private or not).
    const labels = buttonsOf(inChannel.last()).map((b) => b.label);
    expect(labels).toEqual(['C-team']);
    await inChannel.click('C-team');
    const posted = inChannel.last().find((r) => r.to);
    expect(posted!.to).toMatchObject({ conversation: 'C-team', kind: 'channel' });
    expect(posted!.cards![0]!.subtitle).toMatch(/Indicative self-check, not the official ICC Index/);
    expect(posted!.cards![0]!.fields![0]).toEqual({ label: 'Overall', value: '50' });
    expect(textOf(inChannel.last())).toMatch(/Posted the summary to C-team/);

    // "share with my working group" typed works too; a DM is never a target (nor any channel from there).
    const dm = chat(app, over);
    await dm.say('share with my working group');
    expect(buttonsOf(dm.last()).map((b) => b.label)).toEqual([]);
    expect(dm.text()).toMatch(/only where you are/);
  });
});

describe('self-check and privacy', () => {
  it('export shows the run and the results; delete drops the run and its reminder and keeps the scores without the user', async () => {
    const { app, tenant, scope, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    for (let i = 0; i < 17; i++) await u.say('yes');
    await u.say('start the self-check');
    await u.say('no');
    const exported = await app.bot.handle(turn('/icc privacy export', over));
    const data = JSON.parse(readFileSync(exported[0]!.file!.path, 'utf8')).data;
    expect(data['selfcheck-run']).toMatchObject({ city: 'oslo', answers: { 'commitment-1': 'no' } });
    expect(data['selfcheck-result']).toHaveLength(1);
    expect(data['scheduled-messages']).toEqual([{ kind: REMINDER_KIND, dueAt: expect.any(String) }]);

    const ask = await app.bot.handle(turn('/icc privacy delete', over));
    await app.bot.handle(press(buttonsOf(ask).find((b) => b.action.name === 'confirm')!.action, over));
    expect(await run(app, tenant)).toBeUndefined();
    expect(await app.jobs.get(scope, reminderJobId('U1'))).toBeUndefined();
    const [kept] = await results(app, tenant);
    expect(kept).toMatchObject({ city: 'oslo', overall: 100, user: '' });
  });
});

describe('self-check reminder', () => {
  it('sends one gentle DM with a continue button three days after the last answer', async () => {
    const { app, tenant, scope, over } = await setup();
    clock.set('2026-05-03T09:00:00.000Z');
    const sender = new RecordingSender('console');
    const senders = new Senders();
    senders.register(sender);
    const handlers = jobHandlers({ app, senders });
    expect(handlers.has(REMINDER_KIND)).toBe(true);

    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    clock.advance(60 * 60 * 1000);
    await u.say('yes');
    await u.say('no');
    const job = await app.jobs.get(scope, reminderJobId('U1'));
    expect(job).toMatchObject({ kind: REMINDER_KIND, dueAt: '2026-05-06T10:00:00.000Z' });

    const mine = () => sender.drain().filter((s) => s.address.tenant === tenant);
    clock.set('2026-05-06T09:59:00.000Z');
    await app.jobs.runDue(handlers);
    expect(mine()).toHaveLength(0);

    clock.set('2026-05-06T10:01:00.000Z');
    await app.jobs.runDue(handlers);
    const [dm, ...more] = mine();
    expect(more).toHaveLength(0);
    expect(dm!.address).toEqual({ platform: 'console', tenant, conversation: 'C1', kind: 'dm' });
    expect(textOf(dm!.replies)).toMatch(/gentle reminder: your self-check for Oslo is waiting for you, 2 of 17 answered/);
    const cont = buttonsOf(dm!.replies)[0]!;
    expect(cont.action).toMatchObject({ intent: 'selfcheck', name: 'continue' });

    // Only one reminder, however long the run waits.
    clock.set('2026-06-01T00:00:00.000Z');
    await u.say('continue');
    expect(u.text()).toMatch(/3\/17/);
    clock.set('2026-07-01T00:00:00.000Z');
    await app.jobs.runDue(handlers);
    expect(mine()).toHaveLength(0);

    // The button resumes exactly where the user was.
    const resumed = await app.bot.handle(press(cont.action, over));
    expect(textOf(resumed)).toMatch(/3\/17 · Neighbourhoods/);
  });

  it('is moved on by every answer and dropped when the run completes', async () => {
    const { app, tenant, scope, over } = await setup();
    clock.set('2026-05-03T09:00:00.000Z');
    const sender = new RecordingSender('console');
    const senders = new Senders();
    senders.register(sender);
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    clock.set('2026-05-05T09:00:00.000Z');
    await u.say('yes');
    clock.set('2026-05-07T09:00:00.000Z'); // four days after the start, two after the last answer
    const mine = () => sender.drain().filter((s) => s.address.tenant === tenant);
    await app.jobs.runDue(jobHandlers({ app, senders }));
    expect(mine()).toHaveLength(0);
    for (let i = 0; i < 16; i++) await u.say('yes');
    expect(await app.jobs.get(scope, reminderJobId('U1'))).toBeUndefined();
    clock.set('2026-06-01T09:00:00.000Z');
    await app.jobs.runDue(jobHandlers({ app, senders }));
    expect(mine()).toHaveLength(0);
    expect(existsSync(app.config.dataDir)).toBe(true);
  });
});
