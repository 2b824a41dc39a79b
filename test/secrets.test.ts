/**
 * Secrets never reach logs or replies: a full run in distribution mode with LOG_LEVEL=debug (an OAuth
 * install, a DM search, a slash command, a button, a Web API call that fails, a turn that throws, a
 * Teams request with a bad token), capturing every log line and everything written to stdout/stderr,
 * then grepping all of it, and everything sent to Slack, for each secret (as is, URL-encoded, base64).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { intents } from '../src/app.js';
import { manifestScopes } from '../src/adapters/slack/index.js';
import { defineIntent } from '../src/core/intent.js';
import { blockAction, buttonsIn, command, dm, postCommand, postEvent, postInteraction, SIGNING_SECRET, startSlackServer, type SlackHarness } from './helpers/slack.js';
import { captureOutput } from './helpers/output.js';

const CLIENT_SECRET = 'client-secret-9c8b7a6f5e';
const STATE_SECRET = 'state-secret-0a1b2c3d4e5f';
const APP_PASSWORD = 'teams-app-password-7Q~x9';
const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
/** Not a configured secret: the token Slack hands over at install time. */
const INSTALLED_TOKEN = 'xoxb-777-888-installedsecrettoken';

const thrower = defineIntent({
  name: 'boom',
  description: 'intent.search.description',
  examples: [],
  commands: ['boom'],
  match: () => null,
  async handle() {
    throw new Error('something broke inside the turn');
  },
});

let h: SlackHarness;
const printed: string[] = [];

beforeAll(async () => {
  captureOutput(printed);
  h = await startSlackServer(
    {
      SLACK_BOT_TOKEN: '',
      SLACK_CLIENT_ID: '1234.5678',
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: STATE_SECRET,
      STORE_ENCRYPTION_KEY: ENCRYPTION_KEY,
      PUBLIC_URL: 'https://icc.example.org',
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000abcd',
      MICROSOFT_APP_PASSWORD: APP_PASSWORD,
    },
    { intents: [...intents, thrower] },
  );
});
afterAll(async () => {
  await h?.close();
  vi.restoreAllMocks();
});

const SECRETS = { SIGNING_SECRET, CLIENT_SECRET, STATE_SECRET, APP_PASSWORD, INSTALLED_TOKEN, ENCRYPTION_KEY };

function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), secret.slice(-12)];
}

function findSecrets(text: string): string[] {
  const hits: string[] = [];
  for (const [name, secret] of Object.entries(SECRETS)) for (const f of forms(secret)) if (text.includes(f)) hits.push(`${name} (${f})`);
  return hits;
}

describe('a full run with LOG_LEVEL=debug', () => {
  it('leaks no secret into any log line, printed output, reply or Web API argument', async () => {
    const dmT2 = (text: string) => dm(text, { channel: 'D0ADMIN', user: 'U0ADMIN' }, 'T2');
    // 1. OAuth install of workspace T2.
    h.fake.oauthAccess = { ok: true, access_token: INSTALLED_TOKEN, token_type: 'bot', scope: manifestScopes().join(','), bot_user_id: 'UBOT2', app_id: 'A1', team: { id: 'T2', name: 'Bergen' }, enterprise: null, is_enterprise_install: false, authed_user: { id: 'U0ADMIN' } };
    const start = await fetch(`${h.base}/slack/install`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    const done = await fetch(`${h.base}/slack/oauth_redirect?code=abc&state=${encodeURIComponent(state)}`, { redirect: 'manual', headers: { cookie } });
    expect(done.status).toBeLessThan(400);
    // A forged state and a replayed one.
    await fetch(`${h.base}/slack/oauth_redirect?code=abc&state=forged`, { redirect: 'manual', headers: { cookie } });

    // 2. A DM search, a slash command, a button.
    expect((await postEvent(h.base, dmT2('anti-rumour campaign'))).status).toBe(200);
    await h.slack.idle();
    const more = buttonsIn(h.fake.callsTo('chat.postMessage').at(-1)?.args.blocks).find((b) => b.action_id.startsWith('icc:search:more'));
    expect(more).toBeDefined();
    await postCommand(h.base, command('search education', h.fake.responseUrl(), { team_id: 'T2', user_id: 'U0ADMIN' }));
    await postInteraction(h.base, blockAction({ action_id: more!.action_id, value: more!.value! }, { type: 'message', message_ts: '1710000001.000001', channel_id: 'D0ADMIN' }, { team: { id: 'T2', domain: 'b' }, user: { id: 'U0ADMIN', team_id: 'T2' } }));
    // 3. Web API calls that fail: a revoked token, a 500, a rate limit that outlasts the policy.
    h.fake.failNext('chat.postMessage', { body: { ok: false, error: 'invalid_auth' } });
    await postEvent(h.base, dmT2('intercultural mediation'));
    h.fake.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '3600' }, body: { ok: false, error: 'ratelimited' } });
    await postEvent(h.base, dmT2('education practices'));
    // 4. An error inside a turn.
    await postEvent(h.base, dmT2('/icc boom'));
    // 5. Bad signatures (logged as rejected), a workspace without an installation.
    await postEvent(h.base, dmT2('x'), { secret: 'wrong' });
    await postEvent(h.base, dm('hello', {}, 'T9'));
    // 6. Teams in authenticated mode: a request with a bogus bearer token.
    const teams = await fetch(`${h.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' },
      body: JSON.stringify({ type: 'message', text: 'hi', serviceUrl: 'https://smba.trafficmanager.net/emea/', channelId: 'msteams', conversation: { id: 'a:1' }, recipient: { id: '28:bot' }, from: { id: '29:u' } }),
    });
    expect(teams.status).toBeGreaterThanOrEqual(400);
    expect(teams.status).toBeLessThan(500);
    await h.slack.idle();

    // The scenario really ran: installed token used, the failing calls and the turn error were logged.
    expect(h.fake.calls.some((c) => c.token === INSTALLED_TOKEN)).toBe(true);
    const all = h.logs.join('\n');
    expect(all).toMatch(/turn failed/);
    expect(all).toMatch(/invalid_auth/);
    expect(all).toMatch(/slack app installed/);
    expect(h.logs.some((l) => /"level":"debug"/.test(l))).toBe(true);

    expect(findSecrets(all)).toEqual([]);
    expect(findSecrets(printed.join('\n'))).toEqual([]);
    // What was sent to Slack: the bearer token and oauth.v2.access's client_secret go where they belong, nothing else.
    expect(h.fake.callsTo('oauth.v2.access')[0]?.args.client_secret).toBe(CLIENT_SECRET);
    expect(findSecrets(JSON.stringify(h.fake.calls.filter((c) => c.method !== 'oauth.v2.access').map((c) => ({ method: c.method, args: c.args }))))).toEqual([]);
    expect(findSecrets(JSON.stringify(h.fake.responses))).toEqual([]);
    // The turn error reached the user as one friendly sentence, no error text.
    expect(JSON.stringify(h.fake.calls)).not.toMatch(/something broke/);
  });
});
