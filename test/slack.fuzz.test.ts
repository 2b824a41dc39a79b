/**
 * Hostile input against the real server: property-based (fast-check) Events API envelopes, slash
 * commands and interaction payloads, all correctly signed so they pass the signature check and reach
 * the parsers (wrong types, missing fields, huge strings, odd Unicode, RTL text, emoji, null bytes,
 * JSON nested 10,000 deep), plus unsigned garbage. The server never answers 5xx, /healthz stays 200,
 * and nothing the bot posts carries a stack trace or an internal error message.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockAction,
  command,
  dm,
  envelope,
  postCommand,
  postEvent,
  postInteraction,
  signature,
  startSlackServer,
  type SlackHarness,
} from './helpers/slack.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackServer();
});
afterAll(async () => {
  await h?.close();
});

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

/** Something Slack-shaped went wrong inside the bot and leaked into what users see. */
const STACK = /\bat [\w.<>$]+ \(?(?:file:|node:|\/)[^)]*:\d+:\d+\)?|\n\s+at\s|(?:TypeError|RangeError|SyntaxError|ReferenceError|ZodError)\b|node_modules|\.ts:\d+/;

function leakedToSlack(): string[] {
  const out: string[] = [];
  for (const c of h.fake.calls) {
    const s = JSON.stringify(c.args);
    if (STACK.test(s)) out.push(`${c.method}: ${s.slice(0, 300)}`);
  }
  for (const r of h.fake.responses) {
    const s = JSON.stringify(r.body);
    if (STACK.test(s)) out.push(`response_url: ${s.slice(0, 300)}`);
  }
  return out;
}

async function healthy(): Promise<void> {
  const res = await fetch(`${h.base}/healthz`);
  expect(res.status).toBe(200);
}

/** After a property: every payload handled, the server still healthy, no stack trace posted to Slack. */
async function stillHealthyAndQuiet(): Promise<void> {
  await h.slack.idle();
  await healthy();
  expect(leakedToSlack()).toEqual([]);
}

// ---- arbitraries -----------------------------------------------------------------------------------

const RTL = ['مرحبا بالمدن', 'שלום עולם', '\u202Eevil\u202C', 'ممارسات التعليم في النرويج'];
const ODD = ['\u0000', '\u0000\u0000abc\u0000', '\uFEFF', '\u200B\u200D', '\uD800', '\uDFFF', '💥🏳️‍🌈👩🏽‍🚀', 'Z̷̢̧͚͓a̴l̸g̷o̵', '<!channel> <@U123> <#C1|x>', '&amp;&lt;&gt;', '${constructor}', '__proto__', '%00%ff', '\r\n\t', 'Ǆ ß ﬁ İ'];

const weirdText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.constantFrom(...RTL, ...ODD),
  fc.constantFrom('x'.repeat(40_000), 'anti-rumour '.repeat(3400), '🙂'.repeat(20_000), 'ش'.repeat(40_001), '\u0000'.repeat(40_000)),
  fc.tuple(fc.constantFrom(...RTL, ...ODD), fc.string({ maxLength: 50 })).map(([a, b]) => a + b),
);

/** Any JSON-ish value, including wrong types for fields that should be strings or objects. */
const junk = fc.oneof(
  { depthSize: 'small' },
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  weirdText,
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const id = fc.oneof(fc.constantFrom('U0USER1', 'D0USER1', 'C0GENERAL', 'T1', 'T2', 'G1', 'W1', 'E1'), fc.string({ maxLength: 70 }), junk);
const ts = fc.oneof(fc.constantFrom('1710000001.000001', '1.1', '99999999999999.1', 'x'), junk);

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const messageEvent = fc
  .record({
    type: fc.oneof(fc.constantFrom('message', 'app_mention', 'app_home_opened', 'app_uninstalled', 'tokens_revoked', 'reaction_added'), junk),
    subtype: maybe(fc.oneof(fc.constantFrom('bot_message', 'file_share', 'thread_broadcast', 'message_changed'), junk)),
    channel: maybe(id),
    channel_type: maybe(fc.oneof(fc.constantFrom('im', 'channel', 'mpim', 'group'), junk)),
    user: maybe(id),
    text: maybe(fc.oneof(weirdText, junk)),
    ts: maybe(ts),
    thread_ts: maybe(ts),
    team: maybe(id),
    bot_id: maybe(junk),
    tab: maybe(fc.oneof(fc.constant('home'), junk)),
    tokens: maybe(junk),
    files: maybe(junk),
    blocks: maybe(junk),
  })
  .map(compact);

const eventEnvelope = fc
  .record({
    type: fc.oneof(fc.constantFrom('event_callback', 'event_callback', 'app_rate_limited', 'url_verification'), junk),
    event_id: maybe(fc.oneof(fc.uuid().map((u) => `Ev${u}`), junk)),
    team_id: maybe(id),
    enterprise_id: maybe(id),
    api_app_id: maybe(junk),
    authorizations: maybe(fc.oneof(fc.constant([{ team_id: 'T1', user_id: 'UBOT', is_bot: true }]), fc.array(fc.dictionary(fc.constantFrom('team_id', 'enterprise_id', 'user_id', 'is_enterprise_install'), junk), { maxLength: 2 }), junk)),
    is_ext_shared_channel: maybe(junk),
    challenge: maybe(junk),
    event: fc.oneof(messageEvent, messageEvent, junk),
  })
  .map(compact);

const commandFields = fc
  .record({
    command: maybe(fc.oneof(fc.constantFrom('/icc', '/other', '/', '/icc\u0000'), fc.string({ maxLength: 40 }))),
    text: maybe(fc.oneof(weirdText, fc.constantFrom('search ', 'privacy', 'nudge weekly mon 09:00', 'check', 'peers connect Getxo', 'privacy delete'))),
    team_id: maybe(fc.string({ maxLength: 70 })),
    enterprise_id: maybe(fc.string({ maxLength: 20 })),
    channel_id: maybe(fc.oneof(fc.constantFrom('C0GENERAL', 'D0USER1', 'G1'), fc.string({ maxLength: 70 }))),
    user_id: maybe(fc.oneof(fc.constant('U0USER1'), fc.string({ maxLength: 70 }))),
    response_url: maybe(fc.oneof(fc.constantFrom('FAKE', 'FAKE', 'https://hooks.slack.com.evil.example/x', 'javascript:alert(1)', 'http://169.254.169.254/latest', 'not a url'), fc.webUrl())),
    trigger_id: maybe(fc.string({ maxLength: 80 })),
  })
  .map((o) => compact(o) as Record<string, string>);

const actionElement = fc
  .record({
    type: maybe(fc.oneof(fc.constantFrom('button', 'static_select'), junk)),
    action_id: maybe(fc.oneof(fc.constantFrom('icc:search:more:0', 'icc:selfcheck:answer:0', 'icc:nudges:skip:1', 'icc:privacy:confirm:0', 'icc.share', 'icc.search.open', 'icc.choice:1', 'icc:peers:connect:0', 'icc:nope:x:9'), fc.string({ maxLength: 300 }), junk)),
    value: maybe(
      fc.oneof(
        fc.json({ maxDepth: 3 }),
        fc.constantFrom('{"q":"x","o":5}', '{"r":"abc","p":0,"v":"yes"}', '{"w":"2026-W01"}', 'ref:abcdefgh1234', '{"__proto__":{"admin":true}}', '[]', 'null', '{'),
        weirdText,
        junk,
      ),
    ),
    block_id: maybe(junk),
    selected_option: maybe(junk),
  })
  .map(compact);

const interactionPayload = fc
  .record({
    type: fc.oneof(fc.constantFrom('block_actions', 'shortcut', 'message_action', 'view_submission', 'view_closed', 'block_suggestion'), junk),
    callback_id: maybe(fc.oneof(fc.constantFrom('icc.search.shortcut', 'icc.search.modal'), junk)),
    user: maybe(fc.oneof(fc.record({ id, team_id: maybe(id), name: maybe(junk) }).map(compact), junk)),
    team: maybe(fc.oneof(fc.record({ id }), junk)),
    enterprise: maybe(fc.oneof(fc.record({ id }), junk)),
    container: maybe(fc.oneof(fc.record({ type: fc.oneof(fc.constantFrom('message', 'view'), junk), message_ts: maybe(ts), channel_id: maybe(id), is_ephemeral: maybe(junk) }).map(compact), junk)),
    channel: maybe(fc.oneof(fc.record({ id }), junk)),
    message: maybe(junk),
    response_url: maybe(fc.oneof(fc.constantFrom('FAKE', 'http://127.0.0.1:1/x'), junk)),
    trigger_id: maybe(fc.oneof(fc.uuid(), junk)),
    actions: maybe(fc.oneof(fc.array(actionElement, { maxLength: 3 }), junk)),
    view: maybe(fc.oneof(fc.record({ callback_id: fc.constant('icc.search.modal'), state: junk, private_metadata: maybe(junk) }).map(compact), junk)),
  })
  .map(compact);

/** `{"a":{"a":...}}` or `[[[...]]]` nested `depth` deep. */
function nested(depth: number, kind: 'object' | 'array'): string {
  return kind === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
}

async function sendSigned(body: string, contentType: string): Promise<Response> {
  const t = Math.floor(Date.now() / 1000);
  return fetch(`${h.base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(t), 'x-slack-signature': signature(body, t) },
    body,
  });
}

// ---- properties ------------------------------------------------------------------------------------

describe('signed but malformed Slack payloads', () => {
  it('Events API envelopes: never a 5xx, the bot stays up and posts no stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(eventEnvelope, async (env) => {
        const res = await postEvent(h.base, env);
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await stillHealthyAndQuiet();
  });

  it('DMs with huge, RTL, emoji, null-byte and odd Unicode text are answered (or ignored) without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(weirdText, async (text) => {
        const res = await postEvent(h.base, dm(text));
        await res.arrayBuffer();
        expect(res.status).toBe(200);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
    await stillHealthyAndQuiet();
  });

  it('slash commands (form-encoded): never a 5xx, no stack trace in what is posted', async () => {
    await fc.assert(
      fc.asyncProperty(commandFields, fc.constantFrom('raw', 'patched', 'text'), weirdText, async (fields, mode, text) => {
        // Raw junk fields; a valid command with some fields overwritten; a valid `/icc <odd text>`.
        const valid = command(text, h.fake.responseUrl());
        const body = mode === 'raw' ? fields : mode === 'patched' ? { ...valid, ...fields } : valid;
        if (body.response_url === 'FAKE') body.response_url = h.fake.responseUrl();
        const res = await postCommand(h.base, body);
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await stillHealthyAndQuiet();
  });

  it('interaction payloads (payload=JSON): never a 5xx, no stack trace in what is posted', async () => {
    await fc.assert(
      fc.asyncProperty(interactionPayload, fc.boolean(), actionElement, async (payload, base, element) => {
        const body: Record<string, unknown> = base ? { ...blockAction({ action_id: 'icc:search:more:0' }, { type: 'message', message_ts: '1710000001.000001', channel_id: 'C0GENERAL' }), actions: [element], ...payload } : payload;
        if (body.response_url === 'FAKE') body.response_url = h.fake.responseUrl();
        const res = await postInteraction(h.base, body);
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await stillHealthyAndQuiet();
  });

  it('arbitrary bytes and JSON values, signed: 2xx or 4xx only', async () => {
    const bodies = fc.oneof(
      fc.json({ maxDepth: 4 }).map((b) => ({ b, type: 'application/json' })),
      fc.string({ unit: 'binary', maxLength: 300 }).map((b) => ({ b, type: 'application/json' })),
      fc.string({ maxLength: 300 }).map((b) => ({ b, type: 'application/x-www-form-urlencoded' })),
      fc.json({ maxDepth: 3 }).map((j) => ({ b: new URLSearchParams({ payload: j }).toString(), type: 'application/x-www-form-urlencoded' })),
      fc.string({ maxLength: 100 }).map((b) => ({ b, type: 'text/plain' })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async ({ b, type }) => {
        const res = await sendSigned(b, type);
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await h.slack.idle();
    await healthy();
  });

  it('JSON nested 10,000 deep (event, event text, interaction payload, button value): 2xx/4xx, still up', async () => {
    const deepObj = nested(10_000, 'object');
    const deepArr = nested(10_000, 'array');
    const statuses: number[] = [];
    statuses.push((await sendSigned(deepObj, 'application/json')).status);
    statuses.push((await sendSigned(deepArr, 'application/json')).status);
    // The deep value in the envelope's event, in the event's fields and in an interaction.
    statuses.push((await sendSigned(JSON.stringify(envelope({})).replace('"event":{}', `"event":${deepObj}`), 'application/json')).status);
    statuses.push((await sendSigned(JSON.stringify(dm('hi')).replace('"text":"hi"', `"text":"hi","blocks":${deepArr}`), 'application/json')).status);
    statuses.push((await sendSigned(new URLSearchParams({ payload: deepObj }).toString(), 'application/x-www-form-urlencoded')).status);
    const press = JSON.stringify(blockAction({ action_id: 'icc:search:more:0', value: '{}' }, { type: 'message', message_ts: '1710000001.000001', channel_id: 'C0GENERAL' }));
    statuses.push((await sendSigned(new URLSearchParams({ payload: press.replace('"value":"{}"', `"value":${JSON.stringify(nested(900, 'object'))}`) }).toString(), 'application/x-www-form-urlencoded')).status);
    statuses.push((await sendSigned(new URLSearchParams({ payload: press.replace('"actions":[', `"deep":${deepArr},"actions":[`) }).toString(), 'application/x-www-form-urlencoded')).status);
    await h.slack.idle();
    for (const s of statuses) expect(s).toBeLessThan(500);
    await healthy();
    expect(leakedToSlack()).toEqual([]);
  });

  it('regressions: ids Bolt keys objects with (toString), lone surrogates in ids, non-string action ids', async () => {
    const statuses = [
      (await postCommand(h.base, { ...command('search x', h.fake.responseUrl()), team_id: 'toString' })).status,
      (await postEvent(h.base, { type: 'event_callback', event: null })).status,
      (await postInteraction(h.base, { type: 'block_actions', actions: 0 })).status,
      (await postInteraction(h.base, { type: 0, team: { id: '\ud800' }, trigger_id: '00000000-0000-1000-8000-000000000000' })).status,
      (await postInteraction(h.base, { ...blockAction({ action_id: 'x' }, { type: 'message', message_ts: '1.1', channel_id: 'C1' }), actions: [{ action_id: 7 }] })).status,
      (await postEvent(h.base, dm('hi', { user: '\udc00' }))).status,
    ];
    await h.slack.idle();
    for (const s of statuses) expect(s).toBeLessThan(500);
    expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
    await healthy();
  });

  it('a 40,000-character DM gets one reply; the 40,001st character on is never echoed', async () => {
    h.fake.reset();
    const text = 'intercultural ' + 'q'.repeat(40_000 - 14) + 'ZZTAILZZ';
    const res = await postEvent(h.base, dm(text));
    expect(res.status).toBe(200);
    await h.slack.idle();
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]!.args)).not.toContain('ZZTAILZZ');
    expect(leakedToSlack()).toEqual([]);
  });
});

describe('unsigned garbage', () => {
  it('is refused with 401 (or another 4xx) and never reaches the bot', async () => {
    h.fake.reset();
    const headers = fc.record({
      'content-type': fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x'),
      'x-slack-request-timestamp': maybe(fc.oneof(fc.constant(String(Math.floor(Date.now() / 1000))), fc.string({ maxLength: 12 }))),
      'x-slack-signature': maybe(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }).map((x) => `v0=${x}`))),
    });
    await fc.assert(
      fc.asyncProperty(headers, fc.oneof(fc.json({ maxDepth: 2 }), fc.string({ unit: 'binary', maxLength: 200 })), async (hd, body) => {
        const res = await fetch(`${h.base}/slack/events`, { method: 'POST', headers: compact(hd) as Record<string, string>, body });
        await res.arrayBuffer();
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await h.slack.idle();
    expect(h.fake.calls).toEqual([]);
    await healthy();
  });
});

/**
 * One HTTP request with any method (fetch refuses some), any path, any headers, on the keep-alive agent;
 * resolves to the status. A body always goes with its Content-Length (Node sends a DELETE or OPTIONS
 * body without framing otherwise, which is the client's error, not the server's).
 */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: h.server.port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const ENDPOINTS = ['/slack/events', '/api/messages', '/healthz', 'unknown'] as const;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'SEARCH', 'PURGE'];

describe('300 malformed requests to each endpoint', () => {
  for (const endpoint of ENDPOINTS) {
    it(`${endpoint}: the server stays up and never answers 5xx`, async () => {
      const samples = fc.sample(
        fc.record({
          method: fc.constantFrom(...METHODS),
          suffix: fc.constantFrom('', '/', '?x=1', '/../healthz', '%00', '?' + 'a'.repeat(2000), '#frag'),
          unknown: fc.constantFrom('/', '/slack', '/slack/install/x', '/%2e%2e/etc/passwd', '/' + 'x'.repeat(4000), '/api/messages/../x', '/\u00e9', '/healthz/x', '/..;/'),
          contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=--x', ''),
          signed: fc.boolean(),
          body: fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.constant(nested(5000, 'array')), fc.constant('payload=%7B%22type%22%3A%22block_actions%22%7D'), fc.constant('')),
        }),
        { numRuns: 300, seed: 42 + ENDPOINTS.indexOf(endpoint) },
      );
      const statuses: number[] = [];
      for (let i = 0; i < samples.length; i += 25) {
        const batch = samples.slice(i, i + 25).map(async (x) => {
          const path = (endpoint === 'unknown' ? x.unknown : endpoint) + x.suffix;
          const t = Math.floor(Date.now() / 1000);
          const headers: Record<string, string> = x.contentType ? { 'content-type': x.contentType } : {};
          if (x.signed) Object.assign(headers, { 'x-slack-request-timestamp': String(t), 'x-slack-signature': signature(x.body, t) });
          const withBody = x.method !== 'GET' && x.method !== 'HEAD';
          return rawRequest(x.method, encodeURI(decodeURI(path)).replace(/#/g, '%23'), headers, withBody ? x.body : undefined);
        });
        statuses.push(...(await Promise.all(batch)));
      }
      expect(statuses).toHaveLength(300);
      const bad = statuses.filter((s) => s >= 500 || s < 200);
      expect(bad).toEqual([]);
      await h.slack.idle();
      await healthy();
    });
  }

  it('garbage that is not HTTP at all gets a 400 from the parser and the server stays up', async () => {
    const garbage = ['\u0000\u0001\u0002\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'POST /slack/events HTTP/1.1\r\nContent-Length: -5\r\n\r\n', 'POST /slack/events HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', '\u{1F4A5}'.repeat(100)];
    for (const g of garbage) {
      const answer = await new Promise<string>((resolve) => {
        const sock = connect(h.server.port, '127.0.0.1', () => sock.end(g));
        let got = '';
        sock.on('data', (d) => (got += d.toString()));
        sock.on('close', () => resolve(got));
        sock.on('error', () => resolve(got));
      });
      expect(answer.startsWith('HTTP/1.1 5')).toBe(false);
    }
    await healthy();
  });
});

describe('bodies over 1 MB', () => {
  for (const path of ['/slack/events', '/api/messages']) {
    it(`${path}: rejected early with 413 (by Content-Length and by counting a chunked body)`, async () => {
      // Only meaningful where the route exists; /api/messages is mounted by the Teams adapter.
      const mounted = h.server.adapters.some((a) => a.routes.some((r) => r.path === path && r.method === 'POST'));
      const big = 'x'.repeat(1024 * 1024 + 1);
      const t = Math.floor(Date.now() / 1000);
      const res = await fetch(`${h.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(t), 'x-slack-signature': signature(big, t) }, body: big });
      expect(res.status).toBe(mounted ? 413 : 404);
      if (mounted) {
        // No Content-Length: the server counts the bytes and stops at 1 MB.
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(c) {
            if (sent++ < 20) c.enqueue(new Uint8Array(64 * 1024 + 1).fill(120));
            else c.close();
          },
        });
        const streamed = await fetch(`${h.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
        expect(streamed.status).toBe(413);
      }
      await healthy();
    });
  }
});

describe('after all of the above', () => {
  it('nothing failed inside the bot: no error-level log line (a refused forged response_url aside)', () => {
    const errors = h.logs.filter((l) => /"level":"error"/.test(l) && !/response_url_not_allowed/.test(l));
    expect(errors.map((l) => l.slice(0, 300))).toEqual([]);
  });
});
