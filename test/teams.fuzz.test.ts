/**
 * Hostile input against the real server's `POST /api/messages` (unauthenticated local mode, serviceUrl
 * on the fake Bot Connector so activities get past the loopback check and reach the translators):
 * random and malformed Bot Framework activities (wrong types, missing fields, huge and odd text, null
 * bytes, card submissions and messaging-extension queries with junk values, JSON nested 10,000 deep).
 * Never a 5xx, /healthz stays 200, nothing sent to Teams carries a stack trace.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeams, type TeamsHarness } from './helpers/teams.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeams();
});
afterAll(async () => {
  await h?.close();
});

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const STACK = /\n\s+at\s|(?:TypeError|RangeError|SyntaxError|ReferenceError|ZodError)\b|node_modules|\.ts:\d+/;

const weird = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('مرحبا بالمدن', 'שלום', '\u202Eevil', '\u0000\u0000', '💥🏳️‍🌈', '<at>Test Bot</at> anti-rumour', '\uD800', 'x'.repeat(40_000), '🙂'.repeat(20_000), '<script>alert(1)</script>'),
);
const junk = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), weird, fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });

const activity = fc
  .record({
    type: fc.oneof(fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'typing'), fc.string({ minLength: 1, maxLength: 20 })),
    name: maybe(fc.oneof(fc.constantFrom('composeExtension/query', 'adaptiveCard/action', 'task/fetch', 'signin/verifyState'), junk)),
    text: maybe(fc.oneof(weird, junk)),
    value: maybe(
      fc.oneof(
        junk,
        fc.record({ icc: fc.oneof(junk, fc.record({ sid: fc.oneof(fc.uuid(), junk), action: fc.oneof(junk, fc.record({ intent: fc.constantFrom('selfcheck', 'nudges', 'privacy', 'search', 'peers', 'nope'), name: fc.constantFrom('answer', 'skip', 'unsubscribe', 'confirm', 'more', 'connect'), data: fc.oneof(junk, fc.dictionary(fc.string({ maxLength: 4 }), junk, { maxKeys: 4 })) })) })) }),
        fc.record({ commandId: fc.oneof(fc.constant('searchPractices'), junk), parameters: fc.oneof(junk, fc.array(fc.record({ name: fc.oneof(fc.constant('query'), junk), value: fc.oneof(weird, junk) }), { maxLength: 3 })), queryOptions: fc.oneof(junk, fc.record({ skip: junk, count: junk })) }),
      ),
    ),
    from: maybe(fc.oneof(fc.record({ id: fc.oneof(fc.constant('29:user-1'), fc.string({ minLength: 1, maxLength: 30 })), name: maybe(weird), role: maybe(junk) }), junk)),
    recipient: fc.oneof(fc.record({ id: fc.constantFrom('28:bot', '29:user-1'), name: maybe(weird) }), fc.record({ id: fc.string({ minLength: 1, maxLength: 30 }) })),
    conversation: fc.record({
      id: fc.oneof(fc.constantFrom('a:personal-1', '19:team@thread.tacv2;messageid=1', '19:chat@thread.v2'), fc.string({ minLength: 1, maxLength: 60 })),
      conversationType: maybe(fc.oneof(fc.constantFrom('personal', 'channel', 'groupChat'), junk)),
      tenantId: maybe(fc.oneof(fc.constantFrom('tenant-A', 'tenant-B'), junk)),
      isGroup: maybe(junk),
    }),
    channelId: fc.oneof(fc.constant('msteams'), fc.string({ minLength: 1, maxLength: 20 })),
    channelData: maybe(fc.oneof(junk, fc.record({ tenant: fc.oneof(junk, fc.record({ id: junk })) }))),
    entities: maybe(fc.oneof(junk, fc.array(fc.record({ type: fc.oneof(fc.constant('mention'), junk), mentioned: fc.oneof(junk, fc.record({ id: junk })), text: maybe(junk) }), { maxLength: 2 }))),
    locale: maybe(fc.oneof(fc.constantFrom('fr-FR', 'ar', 'he-IL', 'xx-invalid-!!'), junk)),
    localTimezone: maybe(fc.oneof(fc.constantFrom('Europe/Rome', 'Mars/Olympus'), junk)),
    membersAdded: maybe(fc.oneof(junk, fc.array(fc.record({ id: fc.oneof(fc.constant('28:bot'), junk) }), { maxLength: 2 }))),
    replyToId: maybe(junk),
    id: maybe(fc.oneof(fc.uuid(), junk)),
  })
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));

async function healthy(): Promise<void> {
  expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
}

function leaked(): string[] {
  return h.connector.requests.map((r) => JSON.stringify(r.body)).filter((s) => STACK.test(s)).map((s) => s.slice(0, 300));
}

describe('malformed Bot Framework activities on /api/messages', () => {
  it('random activities: never a 5xx, nothing sent to Teams carries a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(activity, async (a) => {
        const res = await h.post({ ...a, serviceUrl: h.connector.url });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await healthy();
    expect(leaked()).toEqual([]);
  });

  it('recorded activities with one field replaced by junk: never a 5xx', async () => {
    const names = ['personal-message', 'channel-mention', 'card-submit', 'channel-card-submit', 'compose-extension-query', 'conversation-update', 'installation-update', 'compose-card-message'];
    const fields = ['text', 'value', 'from', 'recipient', 'entities', 'channelData', 'membersAdded', 'locale', 'replyToId', 'attachments', 'name', 'conversation'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.constantFrom(...fields), junk, async (name, field, value) => {
        const res = await h.post(h.activity(name, { [field]: value }));
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await healthy();
    expect(leaked()).toEqual([]);
  });

  it('JSON nested 10,000 deep, not JSON at all, and a 40,000-character message: 2xx/4xx, still up', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const statuses = [
      (await h.post(deep)).status,
      (await h.post('['.repeat(10_000) + ']'.repeat(10_000))).status,
      (await h.post(JSON.stringify(h.activity('personal-message')).replace(/"text":"[^"]*"/, `"text":"hi","value":${deep}`))).status,
      (await h.post('\u0000not json')).status,
      (await h.post(h.activity('personal-message', { text: 'intercultural ' + 'q'.repeat(40_000) }))).status,
    ];
    for (const s of statuses) expect(s).toBeLessThan(500);
    await healthy();
    expect(leaked()).toEqual([]);
  });

  it('nothing failed inside a turn: no error-level log line', () => {
    expect(h.logs.filter((l) => /"level":"error"/.test(l)).map((l) => l.slice(0, 400))).toEqual([]);
  });
});
