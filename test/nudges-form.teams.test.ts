/** Teams: `/icc nudge` in a channel answers with a card carrying the form's inputs; submitting it saves the subscription there. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Subscriptions } from '../src/nudges/subscriptions.js';
import { cardActions, cardOf, cardText, startTeams, type TeamsHarness } from './helpers/teams.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeams();
});
afterAll(async () => {
  await h?.close();
});

const TENANT = '00000000-0000-0000-0000-0000000000001';

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

async function formCard(): Promise<any> {
  h.connector.clear();
  await h.post(h.activity('channel-mention', { text: '<at>Test Bot</at> /icc nudge' }));
  const card = cardOf(h.connector.activities().find((a) => a.type === 'message'));
  expect(card).toBeDefined();
  return card;
}

describe('Teams: the weekly-tip form', () => {
  it('renders the form as an Adaptive Card with Input.ChoiceSet / Input.Text and an Action.Submit', async () => {
    const card = await formCard();
    expect(cardText(card)).toMatch(/Weekly tip/);
    const inputs = inputsOf(card);
    expect(inputs.map((i) => [i.id, i.type])).toEqual([
      ['icc_field_day', 'Input.ChoiceSet'],
      ['icc_field_time', 'Input.ChoiceSet'],
      ['icc_field_timeZone', 'Input.Text'],
      ['icc_field_topics', 'Input.ChoiceSet'],
    ]);
    expect(inputs[0].choices.map((c: any) => c.value)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(inputs[0].isRequired).toBe(true);
    expect(inputs[3].isMultiSelect).toBe(true);
    // The activity's localTimezone (UTC in the fixture) prefills the zone.
    expect(inputs[2].value).toBe('UTC');
    const save = cardActions(card).find((a) => a.title === 'Save');
    expect(save.data.icc).toMatchObject({ action: { intent: 'nudges', name: 'form', data: {} }, fields: ['day', 'time', 'timeZone', 'topics'] });
  });

  it('a submission with values saves the subscription for that conversation and confirms in it', async () => {
    const save = cardActions(await formCard()).find((a) => a.title === 'Save');
    h.connector.clear();
    const value = { ...save.data, icc_field_day: 'tue', icc_field_time: '08:30', icc_field_timeZone: 'America/Toronto', icc_field_topics: 'education,public-space', conversation: 'other-team' };
    expect((await h.post(h.activity('channel-card-submit', { value }))).status).toBe(200);
    const sent = h.connector.activities().filter((a) => a.type === 'message');
    expect(sent).toHaveLength(1);
    expect(cardText(cardOf(sent[0]))).toMatch(/every Tuesday at 08:30 \(America\/Toronto\).*Set by Alex Wilber/s);
    const subs = new Subscriptions(h.server.app.stores.store);
    expect(await subs.get({ platform: 'teams', tenant: TENANT }, 'team-id')).toMatchObject({
      day: 'tue',
      time: '08:30',
      timeZone: 'America/Toronto',
      topics: ['education', 'public-space'],
      createdBy: { id: 'user-id-0', name: 'Alex Wilber' },
      address: { conversation: 'team-id', kind: 'channel' },
    });
    expect(await subs.get({ platform: 'teams', tenant: TENANT }, 'other-team')).toBeUndefined();
  });

  it('a submission with a bad value is answered kindly and saves nothing new', async () => {
    const save = cardActions(await formCard()).find((a) => a.title === 'Save');
    h.connector.clear();
    const value = { ...save.data, icc_field_day: 'wed', icc_field_time: '09:00', icc_field_timeZone: 'Nowhere/Land', icc_field_topics: '' };
    await h.post(h.activity('channel-card-submit', { value }));
    const sent = h.connector.activities().filter((a) => a.type === 'message');
    expect(cardText(cardOf(sent[0]))).toMatch(/time zone “Nowhere\/Land”/);
    const sub = await new Subscriptions(h.server.app.stores.store).get({ platform: 'teams', tenant: TENANT }, 'team-id');
    expect(sub?.day).not.toBe('wed');
  });
});
