/** Distribution mode: /slack/install, the OAuth redirect, installations in the store, per-workspace tokens. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oauthRoutes } from '../src/adapters/slack/install.js';
import { InstallationStore } from '../src/adapters/slack/installation-store.js';
import { SlackApi } from '../src/adapters/slack/api.js';
import { manifestScopes } from '../src/adapters/slack/index.js';
import { createLogger } from '../src/core/log.js';
import { SecretBox, parseEncryptionKeys, type EncryptionKey } from '../src/core/secret-box.js';
import { Store } from '../src/core/store.js';
import { createHttpServer } from '../src/server/http.js';
import { createSlackState } from '../src/adapters/slack/state.js';
import { FakeSlackApi } from './fakes/slack-api.js';
import { dm, envelope, postEvent, startSlackServer, type SlackHarness } from './helpers/slack.js';

const CLIENT_SECRET = 'client-secret-9a8b7c';
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
const box = () => new SecretBox(parseEncryptionKeys(ENCRYPTION_KEY) as EncryptionKey[]);
const INSTALLED_TOKEN = 'xoxb-222-333-installedtoken';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackServer({ SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '1234.5678', SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: 'state-secret-1f2e3d', STORE_ENCRYPTION_KEY: ENCRYPTION_KEY, PUBLIC_URL: 'https://icc.example.org' });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.fake.reset());

async function install(): Promise<{ state: string; cookie: string }> {
  const res = await fetch(`${h.base}/slack/install`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { state: location.searchParams.get('state')!, cookie };
}

const callback = (query: string, cookie?: string) => fetch(`${h.base}/slack/oauth_redirect?${query}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

describe('Slack distribution mode', () => {
  it('runs in distribution mode', () => {
    expect(h.slack.mode).toBe('distribution');
  });

  it('sends the installer to Slack with the manifest scopes, a signed state and a state cookie', async () => {
    const res = await fetch(`${h.base}/slack/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location')!);
    expect(url.origin + url.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(url.searchParams.get('client_id')).toBe('1234.5678');
    expect(url.searchParams.get('scope')!.split(',')).toEqual(manifestScopes());
    expect(url.searchParams.get('redirect_uri')).toBe('https://icc.example.org/slack/oauth_redirect');
    expect(url.searchParams.get('state')).toMatch(/^\d+\.[\w-]+\.[\w-]+$/);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax; Max-Age=600; Secure$/);
  });

  it('stores the installation and then answers that workspace with its own token', async () => {
    h.fake.oauthAccess = {
      ok: true,
      access_token: INSTALLED_TOKEN,
      token_type: 'bot',
      scope: manifestScopes().join(','),
      bot_user_id: 'UBOT2',
      app_id: 'A1',
      team: { id: 'T2', name: 'Bergen kommune' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'U0ADMIN' },
    };
    const { state, cookie } = await install();
    const res = await callback(`code=abc123&state=${encodeURIComponent(state)}`, cookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('installed in Bergen kommune');
    expect(h.fake.callsTo('oauth.v2.access')[0]!.args).toMatchObject({ client_id: '1234.5678', code: 'abc123', redirect_uri: 'https://icc.example.org/slack/oauth_redirect' });
    expect(h.fake.callsTo('auth.test')[0]!.token).toBe(INSTALLED_TOKEN);

    await postEvent(h.base, dm('anti-rumour campaign', { team: 'T2' }, 'T2'));
    await h.slack.idle();
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.token).toBe(INSTALLED_TOKEN);

    // A workspace without an installation gets nothing.
    h.fake.reset();
    expect((await postEvent(h.base, dm('anti-rumour campaign', {}, 'T9'))).status).toBe(200);
    await h.slack.idle();
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);

    // Uninstalling forgets the token.
    await postEvent(h.base, envelope({ type: 'app_uninstalled' }, { team_id: 'T2', authorizations: [{ team_id: 'T2', enterprise_id: null, user_id: 'UBOT2', is_bot: true }] }));
    await h.slack.idle();
    h.fake.reset();
    await postEvent(h.base, dm('anti-rumour campaign', {}, 'T2'));
    await h.slack.idle();
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);

    const logs = h.logs.join('\n');
    expect(logs).toContain('slack app installed');
    expect(logs).not.toContain(INSTALLED_TOKEN);
    expect(logs).not.toContain(CLIENT_SECRET);
  });

  it('refuses a redirect without the state cookie, with a tampered state, or without a code', async () => {
    const { state, cookie } = await install();
    expect((await callback(`code=abc&state=${encodeURIComponent(state)}`)).status).toBe(400);
    const tampered = state.replace(/\.([\w-]+)$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await callback(`code=abc&state=${encodeURIComponent(tampered)}`, cookie)).status).toBe(400);
    const other = await install();
    expect((await callback(`code=abc&state=${encodeURIComponent(state)}`, other.cookie)).status).toBe(400);
    expect((await callback(`state=${encodeURIComponent(state)}`, cookie)).status).toBe(400);
    expect(h.fake.callsTo('oauth.v2.access')).toEqual([]);
    const cancelled = await callback('error=access_denied&state=x');
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('cancelled');
  });
});

describe('OAuth state expiry and installation lookup', () => {
  it('refuses a state older than ten minutes', async () => {
    const fake = await new FakeSlackApi().start();
    const store = await Store.open('memory://');
    let now = Date.parse('2025-01-01T10:00:00Z');
    const log = createLogger({ level: 'silent' });
    const routes = oauthRoutes({
      clientId: 'c',
      clientSecret: 's',
      stateSecret: 'state-secret',
      scopes: ['chat:write'],
      api: new SlackApi({ apiUrl: fake.url, log }),
      installations: new InstallationStore(createSlackState(store).installations, box()),
      claimState: async () => true,
      t: (k) => k,
      log,
      now: () => now,
    });
    const http = createHttpServer(routes, log);
    const port = await http.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/slack/install`, { redirect: 'manual' });
      const state = new URL(res.headers.get('location')!).searchParams.get('state')!;
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      now += 11 * 60 * 1000;
      const late = await fetch(`http://127.0.0.1:${port}/slack/oauth_redirect?code=x&state=${encodeURIComponent(state)}`, { headers: { cookie } });
      expect(late.status).toBe(400);
      expect(fake.callsTo('oauth.v2.access')).toEqual([]);
    } finally {
      await http.close();
      await store.close();
      await fake.close();
    }
  });

  it('finds team installs by team and org-wide installs by enterprise', async () => {
    const store = await Store.open('memory://');
    const inst = new InstallationStore(createSlackState(store).installations, box());
    await inst.save({ teamId: 'T1', isEnterpriseInstall: false, botToken: 'xoxb-t1', botUserId: 'U1', scopes: [], installedAt: '2025-01-01' });
    await inst.save({ enterpriseId: 'E1', isEnterpriseInstall: true, botToken: 'xoxb-e1', botUserId: 'U2', scopes: [], installedAt: '2025-01-01' });
    expect((await inst.find({ teamId: 'T1' }))?.botToken).toBe('xoxb-t1');
    expect((await inst.find({ teamId: 'T7', enterpriseId: 'E1' }))?.botToken).toBe('xoxb-e1');
    expect((await inst.find({ teamId: 'T7', enterpriseId: 'E1', isEnterpriseInstall: true }))?.botToken).toBe('xoxb-e1');
    expect(await inst.find({ teamId: 'T7' })).toBeUndefined();
    await inst.forget({ teamId: 'T1' });
    expect(await inst.find({ teamId: 'T1' })).toBeUndefined();
    await store.close();
  });
});
