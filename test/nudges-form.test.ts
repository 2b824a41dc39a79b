/** The weekly-tip form in the core: shown on `/icc nudge`, applied like the command, bad values rejected kindly. */
import { afterEach, describe, expect, it } from 'vitest';
import { formText, renderReplies } from '../src/adapters/console/render.js';
import type { App } from '../src/app.js';
import type { Form } from '../src/core/turn.js';
import { checkForm } from '../src/nudges/form.js';
import { fixedClock, testApp } from './helpers/app.js';
import { channel, pressIn, say, subscription, uniqueTenant } from './helpers/nudges.js';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const formOf = (replies: Awaited<ReturnType<App['bot']['handle']>>): Form => {
  const form = replies.find((r) => r.form)?.form;
  expect(form).toBeDefined();
  return form!;
};
const submit = (data: Record<string, unknown>) => ({ intent: 'nudges', name: 'form', data });

describe('the weekly-tip form', () => {
  it('`/icc nudge` alone and `/icc nudge form` in a channel answer with the form, prefilled with the asker\'s time zone', async () => {
    app = await testApp({}, { clock: fixedClock('2026-11-23T07:00:00Z') });
    const where = channel(uniqueTenant());
    for (const text of ['/icc nudge', '/icc nudge form']) {
      const form = formOf(await say(app, where, text, { timeZone: 'Europe/Rome' }));
      expect(form.submit).toEqual({ intent: 'nudges', name: 'form', data: {} });
      expect(form.fields.map((f) => [f.id, f.kind])).toEqual([
        ['day', 'select'],
        ['time', 'select'],
        ['timeZone', 'text'],
        ['topics', 'select'],
      ]);
      const byId = Object.fromEntries(form.fields.map((f) => [f.id, f]));
      expect(byId.day!.options!.map((o) => o.value)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
      expect(byId.time!.options).toHaveLength(48);
      expect(byId.timeZone!.initial).toBe('Europe/Rome');
      expect(byId.topics!.multiple).toBe(true);
      expect(byId.topics!.options!.map((o) => o.value)).toContain('education');
    }
    // In a direct message there is no form: weekly tips are for channels.
    const dm = await say(app, { ...where, conversation: 'D1', kind: 'dm' }, '/icc nudge');
    expect(dm.some((r) => r.form)).toBe(false);
  });

  it('a submitted form saves the subscription for the conversation it came from, attributed, like the command', async () => {
    app = await testApp({}, { clock: fixedClock('2026-11-23T07:00:00Z') });
    const tenant = uniqueTenant();
    const where = channel(tenant, 'C7');
    const replies = await pressIn(app, where, submit({ day: 'wed', time: '14:30', timeZone: 'europe/rome', topics: 'education,public-space' }), { id: 'U9', name: 'Ana' });
    expect(replies[0]!.text).toMatch(/every Wednesday at 14:30 \(Europe\/Rome\).*Set by Ana/s);
    expect(replies[0]!.ephemeral).toBeFalsy();
    const sub = await subscription(app, { platform: 'slack', tenant }, 'C7');
    expect(sub).toMatchObject({ day: 'wed', time: '14:30', timeZone: 'Europe/Rome', topics: ['education', 'public-space'], createdBy: { id: 'U9', name: 'Ana' }, status: 'active' });
    expect(sub!.address.conversation).toBe('C7');

    // Next time the form is prefilled from the subscription; emptied topics mean every area.
    const form = formOf(await say(app, where, '/icc nudge'));
    expect(Object.fromEntries(form.fields.map((f) => [f.id, f.initial]))).toEqual({ day: 'wed', time: '14:30', timeZone: 'Europe/Rome', topics: 'education,public-space' });
    await pressIn(app, where, submit({ day: 'fri', time: '09:00', timeZone: '', topics: '' }), { id: 'U2' });
    expect(await subscription(app, { platform: 'slack', tenant }, 'C7')).toMatchObject({ day: 'fri', time: '09:00', timeZone: 'Europe/Rome', topics: [], updatedBy: { id: 'U2' } });
  });

  it('rejects bad values with a friendly reply naming the field, and saves nothing', async () => {
    app = await testApp({}, { clock: fixedClock('2026-11-23T07:00:00Z') });
    const tenant = uniqueTenant();
    const where = channel(tenant);
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ day: 'funday', time: '09:00' }, 'day', /not a day of the week/],
      [{ day: 'mon', time: '25:00' }, 'time', /“25:00” is not a time/],
      [{ day: 'mon', time: '09:00', timeZone: 'Mars/Olympus' }, 'timeZone', /time zone “Mars\/Olympus”/],
      [{ day: 'mon', time: '09:00', topics: 'education,astrology' }, 'topics', /topic “astrology”/],
    ];
    for (const [data, field, message] of cases) {
      const [reply] = await pressIn(app, where, submit(data));
      expect(reply!.text).toMatch(message);
      expect(reply!.ephemeral).toBe(true);
      expect(Object.keys(reply!.formErrors ?? {})).toEqual([field]);
    }
    // A forged payload (an extra key such as a conversation id) is refused as a whole.
    const [forged] = await pressIn(app, where, submit({ day: 'mon', time: '09:00', conversation: 'C-OTHER' }));
    expect(forged!.text).toMatch(/could not be read/);
    expect(await subscription(app, { platform: 'slack', tenant }, 'C1')).toBeUndefined();
    expect(await subscription(app, { platform: 'slack', tenant }, 'C-OTHER')).toBeUndefined();
  });

  it('help and list replies carry a "Set up with a form" button that opens the form', async () => {
    app = await testApp({}, { clock: fixedClock('2026-11-23T07:00:00Z') });
    const where = channel(uniqueTenant());
    const list = await say(app, where, '/icc nudge list');
    const open = list.flatMap((r) => r.buttons ?? []).find((b) => b.label === 'Set up with a form');
    expect(open?.action).toEqual({ intent: 'nudges', name: 'open-form', data: {} });
    formOf(await pressIn(app, where, open!.action));
    const usage = await say(app, where, '/icc nudge help');
    expect(usage.flatMap((r) => r.buttons ?? []).map((b) => b.label)).toContain('Set up with a form');
  });

  it('the console shows the fields and the command to type instead', async () => {
    app = await testApp({}, { clock: fixedClock('2026-11-23T07:00:00Z') });
    const replies = await say(app, channel(uniqueTenant(), 'C1', 'console'), '/icc nudge', { timeZone: 'Europe/Rome' });
    const text = renderReplies(replies).text;
    expect(text).toContain(formText(formOf(replies)));
    expect(text).toMatch(/Day \* = mon \[mon \| tue/);
    expect(text).toContain('> /icc nudge weekly mon 09:00 Europe/Rome');
  });
});

describe('checkForm', () => {
  it('normalizes good values and names the first bad field', () => {
    expect(checkForm({ day: 'MON', time: '9:30', timeZone: 'utc', topics: ' education , education ' })).toEqual({
      ok: true,
      values: { day: 'mon', time: '09:30', timeZone: 'UTC', topics: ['education'] },
    });
    expect(checkForm({ time: '09:00' })).toMatchObject({ ok: false, field: 'day', error: 'needDay' });
    expect(checkForm({ day: 'mon', time: '' })).toMatchObject({ ok: false, field: 'time', error: 'badTime' });
  });
});
