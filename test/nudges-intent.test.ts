import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import type { App } from '../src/app.js';
import { route } from '../src/core/router.js';
import { scopeOf } from '../src/core/turn.js';
import { parseNudgeRequest, parseTime, type TopicResolver } from '../src/nudges/parse.js';
import { ROOT, buttonsOf, fixedClock, testApp, textOf } from './helpers/app.js';
import { channel, pressIn, say, subscription, uniqueTenant } from './helpers/nudges.js';

const topics: TopicResolver = (t) => {
  const k = t.toLowerCase().replace(/\s+/g, '-');
  if (k === 'all') return 'all';
  return (['education', 'public-space', 'mediation-conflict'] as const).find((a) => a === k);
};
const cmd = (text: string) => parseNudgeRequest(text, 'command', topics);
const words = (text: string) => parseNudgeRequest(text, 'text', topics);

describe('parsing nudge requests', () => {
  it('reads the command form', () => {
    expect(cmd('weekly mon 09:00 Europe/Rome topics education,public-space')).toEqual({
      kind: 'weekly',
      day: 'mon',
      time: '09:00',
      timeZone: 'Europe/Rome',
      topics: ['education', 'public-space'],
    });
    expect(cmd('weekly Friday 4pm')).toEqual({ kind: 'weekly', day: 'fri', time: '16:00' });
    expect(cmd('weekly wed at 9 am america/toronto')).toEqual({ kind: 'weekly', day: 'wed', time: '09:00', timeZone: 'America/Toronto' });
    expect(cmd('weekly tue')).toEqual({ kind: 'weekly', day: 'tue', time: '09:00' });
    expect(cmd('weekly mon 9 topics all')).toEqual({ kind: 'weekly', day: 'mon', time: '09:00', topics: [] });
    expect(cmd('')).toEqual({ kind: 'list' });
    expect(cmd('list')).toEqual({ kind: 'list' });
    expect(cmd('pause 3 weeks')).toEqual({ kind: 'pause', weeks: 3 });
    expect(cmd('pause')).toEqual({ kind: 'pause', weeks: 1 });
    expect(cmd('resume')).toEqual({ kind: 'resume' });
    expect(cmd('off')).toEqual({ kind: 'off' });
  });

  it('reads the same in words', () => {
    expect(words('send this channel a weekly tip every Monday at 9')).toEqual({ kind: 'weekly', day: 'mon', time: '09:00' });
    expect(words('weekly tips on Thursdays at 14:30 Europe/Rome about education and public space')).toEqual({
      kind: 'weekly',
      day: 'thu',
      time: '14:30',
      timeZone: 'Europe/Rome',
      topics: ['education', 'public-space'],
    });
    expect(words('post our group a digest every friday 4pm')).toEqual({ kind: 'weekly', day: 'fri', time: '16:00' });
    expect(words('pause the weekly nudges for 2 weeks')).toEqual({ kind: 'pause', weeks: 2 });
    expect(words('pause nudges for a week')).toEqual({ kind: 'pause', weeks: 1 });
    expect(words('turn the nudges back on')).toEqual({ kind: 'resume' });
    expect(words('stop the weekly nudges')).toEqual({ kind: 'off' });
    expect(words('show the nudge settings')).toEqual({ kind: 'list' });
  });

  it('reads weekdays and times in the network\'s languages', () => {
    expect(words('envoie un conseil à ce canal chaque lundi à 9h')).toEqual({ kind: 'weekly', day: 'mon', time: '09:00' });
    expect(words('consejo semanal los miércoles a las 10')).toEqual({ kind: 'weekly', day: 'wed', time: '10:00' });
    expect(words('un consiglio ogni venerdi alle 14:30')).toEqual({ kind: 'weekly', day: 'fri', time: '14:30' });
    expect(words('wöchentlicher Tipp jeden Donnerstag um 8 Uhr')).toEqual({ kind: 'weekly', day: 'thu', time: '08:00' });
    expect(words('dica semanal toda segunda-feira às 9')).toEqual({ kind: 'weekly', day: 'mon', time: '09:00' });
    expect(words('щотижнева порада кожну п’ятницю о 16')).toEqual({ kind: 'weekly', day: 'fri', time: '16:00' });
    expect(words('consell setmanal cada dimarts a les 11:00')).toEqual({ kind: 'weekly', day: 'tue', time: '11:00' });
    expect(words('ukentlig tips hver lørdag kl. 10')).toEqual({ kind: 'weekly', day: 'sat', time: '10:00' });
    expect(cmd('weekly dimanche 18h')).toEqual({ kind: 'weekly', day: 'sun', time: '18:00' });
    expect(cmd('weekly Mittwoch 9:15 Europe/Berlin')).toEqual({ kind: 'weekly', day: 'wed', time: '09:15', timeZone: 'Europe/Berlin' });
    // A plural and a word without its accent.
    expect(words('conseils les jeudis à 8h')).toEqual({ kind: 'weekly', day: 'thu', time: '08:00' });
    expect(words('consejo los sabados 9:00')).toEqual({ kind: 'weekly', day: 'sat', time: '09:00' });
  });

  it('names what is wrong with bad input', () => {
    expect(cmd('weekly funday 09:00')).toEqual({ kind: 'error', error: 'badDay', value: 'funday' });
    expect(cmd('weekly')).toMatchObject({ kind: 'error', error: 'needDay' });
    expect(cmd('weekly mon 25:00')).toEqual({ kind: 'error', error: 'badTime', value: '25:00' });
    expect(cmd('weekly mon 9:75')).toEqual({ kind: 'error', error: 'badTime', value: '9:75' });
    expect(cmd('weekly mon 13pm')).toEqual({ kind: 'error', error: 'badTime', value: '13pm' });
    expect(cmd('weekly mon 09:00 Mars/Olympus')).toEqual({ kind: 'error', error: 'unknownZone', value: 'Mars/Olympus' });
    expect(cmd('weekly mon 09:00 Rome')).toEqual({ kind: 'error', error: 'unknownZone', value: 'Rome' });
    expect(cmd('weekly mon 09:00 topics education,cooking')).toEqual({ kind: 'error', error: 'unknownTopic', value: 'cooking' });
    expect(cmd('pause 0')).toEqual({ kind: 'error', error: 'badWeeks', value: '0' });
    expect(cmd('pause 60')).toEqual({ kind: 'error', error: 'badWeeks', value: '60' });
    expect(cmd('pause lots')).toEqual({ kind: 'error', error: 'badWeeks', value: 'lots' });
    expect(cmd('frobnicate')).toEqual({ kind: 'error', error: 'unknown', value: 'frobnicate' });
    expect(words('send this channel a weekly tip')).toMatchObject({ kind: 'error', error: 'needDay' });
    expect(words('weekly tip every monday at 31:00')).toEqual({ kind: 'error', error: 'badTime', value: '31:00' });
    expect(words('weekly tip every monday at 9 Europe/Atlantis')).toEqual({ kind: 'error', error: 'unknownZone', value: 'Europe/Atlantis' });
  });

  it('reads times people type', () => {
    expect(['9', '09:00', '9.30', '14h', '14h30', '12am', '12 pm', '11:59 p.m.'].map(parseTime)).toEqual(['09:00', '09:00', '09:30', '14:00', '14:30', '00:00', '12:00', '23:59']);
    expect(['24:00', '9:5', 'noon', '0am', '9m'].map(parseTime)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('routes the phrases to the nudges intent, and leaves searches alone', () => {
    const r = (text: string) => route({ text }, intents, () => true);
    expect(r('send this channel a weekly tip every Monday at 9')).toMatchObject({ intent: 'nudges' });
    expect(r('/icc nudge weekly mon 09:00')).toMatchObject({ kind: 'command', intent: 'nudges' });
    expect(r('/icc nudges list')).toMatchObject({ kind: 'command', intent: 'nudges' });
    expect(r('education practices in Norway')).toMatchObject({ intent: 'search' });
  });
});

describe('the nudges intent', () => {
  const apps: App[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
  });
  const make = async (env: Record<string, string> = {}) => {
    const clock = fixedClock('2026-11-23T07:00:00Z'); // Monday 08:00 in Rome
    const app = await testApp(env, { clock });
    apps.push(app);
    return { app, clock };
  };

  it('subscribes a channel, confirms the next send in local time, and attributes the change', async () => {
    const { app } = await make();
    const c = channel(uniqueTenant());
    const replies = await say(app, c, '/icc nudge weekly mon 09:00 Europe/Rome topics education,public-space', { name: 'Ana' });
    const text = textOf(replies);
    expect(text).toMatch(/every Monday at 09:00 \(Europe\/Rome\)/);
    expect(text).toMatch(/Set by Ana/);
    expect(text).toMatch(/Next tip: Monday, November 23, 2026 at 09:00 \(Europe\/Rome\)/);
    expect(replies[0]!.ephemeral).toBeFalsy();
    const sub = await subscription(app, scopeOf(c), 'C1');
    expect(sub).toMatchObject({ day: 'mon', time: '09:00', timeZone: 'Europe/Rome', topics: ['education', 'public-space'], status: 'active', createdBy: { id: 'U1', name: 'Ana' } });
    expect(sub!.address).toEqual(c);

    // Anyone in the channel sees the settings; a change by someone else is attributed to them.
    const list = textOf(await say(app, c, '/icc nudge list', { id: 'U2', name: 'Bob' }));
    expect(list).toMatch(/Education, Public space/);
    expect(list).toMatch(/Set up by Ana; last changed by Ana/);
    expect(textOf(await say(app, c, '/icc nudge pause 2', { id: 'U2', name: 'Bob' }))).toMatch(/paused for 2 weeks, set by Bob.*Monday, December 7, 2026/);
    expect(textOf(await say(app, c, '/icc nudge list', { id: 'U3' }))).toMatch(/Set up by Ana; last changed by Bob/);
  });

  it('subscribes a channel from a sentence in French, answered in French (the language of the text)', async () => {
    const { app } = await make();
    const c = channel(uniqueTenant());
    const replies = await say(app, c, 'envoie un conseil hebdomadaire à ce canal chaque jeudi à 8h30 Europe/Paris');
    expect(await subscription(app, scopeOf(c), 'C1')).toMatchObject({ day: 'thu', time: '08:30', timeZone: 'Europe/Paris', status: 'active' });
    expect(textOf(replies)).toMatch(/jeudi/);
  });

  it('takes the zone from the platform, then the profile, then the workspace default', async () => {
    const { app } = await make({ DEFAULT_TIME_ZONE: 'America/Toronto' });
    const tenant = uniqueTenant();
    await say(app, channel(tenant, 'C1'), 'send this channel a weekly tip every Monday at 9', { timeZone: 'Pacific/Auckland' });
    expect((await subscription(app, { platform: 'slack', tenant }, 'C1'))?.timeZone).toBe('Pacific/Auckland');

    await app.stores.profile.set({ platform: 'slack', tenant }, 'U9', { timeZone: 'Europe/Rome', updatedAt: '2026-01-01T00:00:00Z' });
    await say(app, channel(tenant, 'C2'), '/icc nudge weekly tue 10:00', { id: 'U9' });
    expect((await subscription(app, { platform: 'slack', tenant }, 'C2'))?.timeZone).toBe('Europe/Rome');

    const reply = textOf(await say(app, channel(tenant, 'C3'), '/icc nudge weekly wed 10:00', { id: 'U8' }));
    expect((await subscription(app, { platform: 'slack', tenant }, 'C3'))?.timeZone).toBe('America/Toronto');
    expect(reply).toMatch(/\(America\/Toronto\)/);
    expect(reply).toMatch(/Not the right time zone\?/);
  });

  it('explains that nudges are for channels when asked in a direct message', async () => {
    const { app } = await make();
    const dm = { ...channel(uniqueTenant(), 'D1'), kind: 'dm' as const };
    expect(textOf(await say(app, dm, '/icc nudge weekly mon 09:00'))).toMatch(/for working-group channels and group chats/);
    expect(await subscription(app, scopeOf(dm), 'D1')).toBeUndefined();
  });

  it('answers bad input with a clear, friendly sentence and stores nothing', async () => {
    const { app } = await make();
    const c = channel(uniqueTenant());
    const cases: Array<[string, RegExp]> = [
      ['/icc nudge weekly funday 09:00', /didn't understand the day “funday”.*mon, tue, wed/],
      ['/icc nudge weekly mon 25:00', /didn't understand the time “25:00”.*HH:MM/],
      ['/icc nudge weekly mon 09:00 Europe/Atlantis', /don't know the time zone “Europe\/Atlantis”.*Europe\/Rome/],
      ['/icc nudge weekly mon 09:00 topics education,cooking', /don't know the topic “cooking”.*public-space/],
      ['/icc nudge pause 99', /1 to 52 weeks/],
      ['/icc nudge sometimes', /didn't understand “sometimes”.*\/icc nudge weekly/s],
      ['send this channel a weekly tip', /Which day of the week/],
    ];
    for (const [input, expected] of cases) {
      const replies = await say(app, c, input);
      expect(textOf(replies), input).toMatch(expected);
      expect(replies[0]!.ephemeral, input).toBe(true);
    }
    expect(await subscription(app, scopeOf(c), 'C1')).toBeUndefined();
  });

  it('accepts topics by area name in any language the self-check has, and by unique prefix', async () => {
    const { app } = await make();
    const c = channel(uniqueTenant());
    const names = app.content.selfcheck.text.get('en')!.areas;
    await say(app, c, `/icc nudge weekly mon 09:00 UTC topics ${names['public-space'].name.toLowerCase()}, mediation`);
    expect((await subscription(app, scopeOf(c), 'C1'))?.topics).toEqual(['public-space', 'mediation-conflict']);
  });

  it('resume, off and the unsubscribe button change the status and say who did it', async () => {
    const { app } = await make();
    const c = channel(uniqueTenant());
    expect(textOf(await say(app, c, '/icc nudge off'))).toMatch(/no weekly tip to change/);
    await say(app, c, '/icc nudge weekly mon 09:00 Europe/Rome', { name: 'Ana' });
    expect(textOf(await say(app, c, '/icc nudge off', { id: 'U2', name: 'Bob' }))).toMatch(/off, set by Bob/);
    expect((await subscription(app, scopeOf(c), 'C1'))?.status).toBe('off');
    expect(textOf(await say(app, c, '/icc nudge list'))).toMatch(/Status: off/);
    expect(textOf(await say(app, c, '/icc nudge resume', { name: 'Ana' }))).toMatch(/on again, set by Ana/);
    expect((await subscription(app, scopeOf(c), 'C1'))?.status).toBe('active');
    expect(textOf(await pressIn(app, c, { intent: 'nudges', name: 'unsubscribe', data: {} }, { name: 'Cy' }))).toMatch(/off, set by Cy/);
    expect((await subscription(app, scopeOf(c), 'C1'))?.status).toBe('off');
    // A forged payload is refused politely.
    expect(textOf(await pressIn(app, c, { intent: 'nudges', name: 'skip', data: { w: 'next' } }))).toMatch(/expired or is no longer valid/);
  });

  it('lists /icc nudge in help with an example', async () => {
    const { app } = await make();
    const help = await say(app, channel(uniqueTenant()), 'help');
    expect(textOf(help)).toMatch(/weekly tip/);
    expect(buttonsOf(help)).toEqual([]);
    expect(help[0]!.choices).toContain('send this channel a weekly tip every Monday at 9');
  });
});

describe('nudges messages', () => {
  it('every key the feature uses exists in content/i18n/en/nudges.json', () => {
    const messages = JSON.parse(readFileSync(join(ROOT, 'content/i18n/en/nudges.json'), 'utf8')) as Record<string, string>;
    const sources = ['intents/nudges.ts', 'src/nudges/digest.ts', 'src/nudges/scheduler.ts'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    const used = [...sources.matchAll(/t\('((?:nudges|intent\.nudges)\.[a-zA-Z.]+)'/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(20);
    for (const key of used) expect(messages[key], key).toBeDefined();
    for (const e of ['badDay', 'needDay', 'badTime', 'unknownZone', 'unknownTopic', 'badWeeks', 'unknown']) expect(messages[`nudges.error.${e}`], e).toBeDefined();
    for (const s of ['active', 'paused']) expect(messages[`nudges.list.${s}`]).toBeDefined();
    for (const r of ['gone', 'forbidden']) expect(messages[`nudges.reason.${r}`]).toBeDefined();
  });
});
