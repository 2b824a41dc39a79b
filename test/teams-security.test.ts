/**
 * Issue 19, part B: the attacks on `POST /api/messages`, each replayed against the real server.
 * - Teams is mounted only with MICROSOFT_APP_ID or the explicit local opt-in TEAMS_LOCAL=1; otherwise 404.
 * - Local mode: bound to 127.0.0.1, non-loopback peers refused, loopback serviceUrls only (no query,
 *   fragment, userinfo; empty path or the Agents Playground's /_connector), `msteams`/`emulator` only.
 * - Every mode: `deliveryMode: "expectReplies"` refused, a tenant required, and stored references with a
 *   bad serviceUrl never used for proactive sends.
 * - Authenticated mode: documented Bot Framework hosts only; a forged token gets 401/503, never 500,
 *   even when the signing keys cannot be fetched; botbuilder's stack traces never reach stderr.
 */
import { generateKeyPairSync, createSign } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { serviceUrlProblem, isLoopbackAddress } from '../src/adapters/teams/policy.js';
import { loadConfig } from '../src/config.js';
import { SendError } from '../src/core/sender.js';
import { createLogger } from '../src/core/log.js';
import type { Address } from '../src/core/turn.js';
import { Subscriptions, type Subscription } from '../src/nudges/subscriptions.js';
import { startServer } from '../src/serve.js';
import { ROOT } from './helpers/app.js';
import { fixture, startTeams, type TeamsHarness } from './helpers/teams.js';
import { captureOutput } from './helpers/output.js';

const TENANT = '00000000-0000-0000-0000-0000000000001';
const PERSONAL = 'bbc4c6ff-590a-4878-883a-50fa461b1e46';
const scope = { platform: 'teams' as const, tenant: TENANT };
const APP_ID = '11111111-2222-3333-4444-555555555555';
const APP_PASSWORD = 'teams-secret-not-real-42';

const parsedLogs = (h: TeamsHarness) => h.logs.map((l) => JSON.parse(l) as { level: string; msg: string; [k: string]: unknown });

function activeSubscription(address: Address): Subscription {
  const now = new Date().toISOString();
  return {
    address,
    day: 'mon',
    time: '09:00',
    timeZone: 'UTC',
    topics: [],
    locale: 'en',
    createdBy: { id: 'user-id-0' },
    createdAt: now,
    updatedBy: { id: 'user-id-0' },
    updatedAt: now,
    activeFrom: now,
    status: 'active',
    skipWeeks: [],
    history: {},
    topicCursor: 0,
  };
}

/** A non-loopback address of this machine (to connect to 127.0.0.1 from a source that is not loopback). */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  return undefined;
}

/** A structurally valid RS256 Bot Framework token, signed with a key Microsoft never published. */
function forgedJwt(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'forged-key-id' });
  const body = b64({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/emea/', nbf: now - 60, exp: now + 3600 });
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url');
  return `${head}.${body}.${sig}`;
}

describe('Teams without credentials or TEAMS_LOCAL (e.g. Slack-only production)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams({ TEAMS_LOCAL: '' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('does not mount /api/messages: a forged tenant cannot turn that tenant’s nudges off (404)', async () => {
    const subs = new Subscriptions(h.server.app.stores.store);
    const channel: Address = { platform: 'teams', tenant: TENANT, conversation: 'team-id', kind: 'channel' };
    await subs.put(scope, 'team-id', activeSubscription(channel));
    const res = await h.post(h.activity('channel-mention', { text: '<at>Test Bot</at> /icc nudge off' }));
    expect(res.status).toBe(404);
    expect((await subs.get(scope, 'team-id'))?.status).toBe('active');
    expect(h.connector.requests).toHaveLength(0);
    expect(h.server.adapters.map((a) => a.name)).not.toContain('teams');
  });

  it('/healthz says Teams is off', async () => {
    const health = await (await fetch(`${h.url}/healthz`)).json();
    expect(health.teams).toBe('off');
  });

  it('TEAMS_LOCAL cannot be combined with an app id', () => {
    expect(() => loadConfig({ TEAMS_LOCAL: '1', MICROSOFT_APP_ID: APP_ID })).toThrow(/TEAMS_LOCAL/);
    expect(() => loadConfig({ TEAMS_LOCAL: 'yes' })).toThrow(/TEAMS_LOCAL/);
  });
});

describe('Teams local mode (TEAMS_LOCAL=1)', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('/healthz says which mode runs', async () => {
    const health = await (await fetch(`${h.url}/healthz`)).json();
    expect(health.teams).toBe('local');
  });

  it('refuses deliveryMode "expectReplies": the answer is never returned in the HTTP response', async () => {
    h.connector.clear();
    const res = await h.post(h.activity('personal-message', { text: 'anti-rumour campaign', deliveryMode: 'expectReplies' }));
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/anti-rumou?r|AdaptiveCard/i);
    expect(res.body?.activities).toBeUndefined();
    expect(h.connector.requests).toHaveLength(0);
  });

  it('refuses a serviceUrl naming a local admin path with a query (the bot posts nowhere)', async () => {
    h.connector.clear();
    for (const serviceUrl of [
      `${h.connector.url}/some/admin/path?x=`,
      `${h.connector.url}/some/admin/path`,
      `${h.connector.url}?x=1`,
      `${h.connector.url}/#frag`,
      h.connector.url.replace('http://', 'http://user:pw@'),
      'http://10.0.0.7:4001/',
      'https://smba.trafficmanager.net/emea/',
    ]) {
      const res = await h.post(h.activity('personal-message', { serviceUrl }));
      expect(res.status, serviceUrl).toBe(403);
      expect(res.body.error, serviceUrl).toBeTruthy();
    }
    expect(h.connector.requests).toHaveLength(0);
  });

  it('keeps the Agents Playground working: its /_connector service URL is answered there', async () => {
    h.connector.clear();
    const res = await h.post(h.activity('personal-message', { serviceUrl: `${h.connector.url}/_connector` }));
    expect(res.status).toBe(200);
    expect(h.connector.requests.map((r) => r.path)).toEqual([`/_connector/v3/conversations/${PERSONAL}/activities/${h.connector.requests[0]?.activityId}`]);
  });

  it('requires a tenant and a Teams (or emulator) channel', async () => {
    h.connector.clear();
    const noTenant = h.activity('personal-message', { conversation: { conversationType: 'personal', id: PERSONAL }, channelData: {} });
    expect((await h.post(noTenant)).status).toBe(400);
    const blankTenant = h.activity('personal-message', { conversation: { conversationType: 'personal', id: PERSONAL, tenantId: ' ' }, channelData: { tenant: { id: '' } } });
    expect((await h.post(blankTenant)).status).toBe(400);
    const mismatch = h.activity('personal-message', { channelData: { tenant: { id: 'another-tenant' } } });
    expect((await h.post(mismatch)).status).toBe(400);
    expect((await h.post(h.activity('personal-message', { channelId: 'slack' }))).status).toBe(403);
    expect(h.connector.requests).toHaveLength(0);
    expect((await h.post(h.activity('personal-message', { channelId: 'emulator' }))).status).toBe(200);
    expect(h.connector.activities().length).toBeGreaterThan(0);
  });

  const external = externalAddress();
  it.runIf(external)('refuses a peer that is not on this machine, even when the port is reachable', async () => {
    h.connector.clear();
    const body = JSON.stringify(h.activity('personal-message'));
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${h.url}/api/messages`, { method: 'POST', localAddress: external, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(403);
    expect(text).toMatch(/this machine/);
    expect(h.connector.requests).toHaveLength(0);
    expect(parsedLogs(h).some((l) => l.level === 'warn' && /non-loopback/.test(l.msg) && l.peer === external)).toBe(true);
  });

  it('binds to 127.0.0.1 when no host is given', async () => {
    const config = loadConfig({ STORE_URL: 'memory://', DATA_DIR: mkdtempSync(join(tmpdir(), 'icc-bind-')), TEAMS_LOCAL: '1' });
    const server = await startServer(config, { port: 0, ticker: false, baseDir: ROOT, log: createLogger({ level: 'silent' }) });
    try {
      const addr = server.http.server.address();
      expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
  });

  it('never sends proactively to a saved reference whose serviceUrl is not allowed (nudges, reminders)', async () => {
    h.connector.clear();
    const ref = (serviceUrl: string) =>
      JSON.stringify({ channelId: 'msteams', serviceUrl, bot: { id: 'bot-id', name: 'Bot' }, conversation: { id: 'team-id', isGroup: true, conversationType: 'channel', tenantId: TENANT } });
    for (const serviceUrl of [`${h.connector.url}/some/admin/path?x=`, `${h.connector.url}/some/admin/path`, 'http://10.0.0.7:4001']) {
      const address: Address = { platform: 'teams', tenant: TENANT, conversation: 'team-id', kind: 'channel', ref: ref(serviceUrl) };
      const err = await h.server.senders.send(address, [{ text: 'weekly tip' }]).catch((e: unknown) => e);
      expect(err, serviceUrl).toBeInstanceOf(SendError);
      expect((err as SendError).reason).toBe('unsupported');
    }
    // Nor is such a reference used as the template of a new 1:1 chat.
    const other = { platform: 'teams' as const, tenant: 'tenant-with-a-bad-reference' };
    await h.server.app.stores.address.set(other, 'team-id', { platform: 'teams', tenant: other.tenant, conversation: 'team-id', kind: 'channel', ref: ref(`${h.connector.url}/x?y=`) });
    expect(await h.server.senders.for('teams')!.openConversation(other, ['user-id-9'])).toBeNull();
    expect(h.connector.requests).toHaveLength(0);
    // A good reference still works.
    await h.server.senders.send({ platform: 'teams', tenant: TENANT, conversation: 'team-id', kind: 'channel', ref: ref(h.connector.url) }, [{ text: 'weekly tip' }]);
    expect(h.connector.activities('team-id')).toHaveLength(1);
  });

  it('a client that aborts its request is logged at info in one line, not as an error with a stack', async () => {
    const before = h.logs.length;
    await new Promise<void>((resolve) => {
      const req = request(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 5000 } });
      req.on('error', () => resolve());
      req.write('{"type":"message",');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await new Promise((r) => setTimeout(r, 200));
    const lines = h.logs.slice(before).map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    const aborted = lines.find((l) => /aborted/.test(l.msg));
    expect(aborted?.level).toBe('info');
    expect(JSON.stringify(aborted)).not.toMatch(/\n\s+at |"stack"/);
  });
});

describe('serviceUrl rules', () => {
  it('local: loopback hosts with an empty path or /_connector only', () => {
    for (const ok of ['http://localhost:56150/_connector', 'http://127.0.0.1:3979', 'http://127.8.9.10:1/', 'http://[::1]:4000/_connector/', 'http://LOCALHOST:9']) expect(serviceUrlProblem(ok, 'local'), ok).toBeNull();
    for (const bad of ['http://127.0.0.1:4001/some/admin/path?x=', 'http://127.0.0.1:4001/?', 'http://127.0.0.1:4001/#', 'http://a@127.0.0.1:1/', 'http://127.0.0.1.example.com/', 'http://0.0.0.0:1/', 'ftp://127.0.0.1/', 'http://[::ffff:7f00:1]:1/x', 'not a url'])
      expect(serviceUrlProblem(bad, 'local'), bad).not.toBeNull();
  });
  it('authenticated: https on the documented Bot Framework hosts of Teams (public, GCC, GCC High, DoD)', () => {
    for (const ok of ['https://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net/teams/', 'https://smba.infra.gcc.teams.microsoft.com/teams', 'https://smba.infra.gov.teams.microsoft.us/teams', 'https://smba.infra.dod.teams.microsoft.us/teams'])
      expect(serviceUrlProblem(ok, 'authenticated'), ok).toBeNull();
    for (const bad of ['http://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net.evil.example/', 'https://evil.example/smba.trafficmanager.net/', 'https://smba.trafficmanager.net:8443/emea/', 'https://smba.trafficmanager.net/emea/?x=1', 'http://localhost:56150/_connector'])
      expect(serviceUrlProblem(bad, 'authenticated'), bad).not.toBeNull();
  });
  it('peers: 127/8, ::1 and IPv4-mapped loopback only', () => {
    for (const ok of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(ok), ok).toBe(true);
    for (const bad of ['192.0.2.2', '::ffff:10.0.0.1', 'fd00::2', '', undefined, '0.0.0.0']) expect(isLoopbackAddress(bad), String(bad)).toBe(false);
  });
});

describe('Teams with an app id and unreachable signing keys', () => {
  let h: TeamsHarness;
  let printed: string[];
  beforeAll(async () => {
    h = await startTeams({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: APP_PASSWORD });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await h?.close();
  });
  const teamsActivity = (over: Record<string, unknown> = {}) => fixture('personal-message', { serviceUrl: 'https://smba.trafficmanager.net/emea/', ...over });

  it('/healthz says authenticated', async () => {
    expect((await (await fetch(`${h.url}/healthz`)).json()).teams).toBe('authenticated');
  });

  it('a structurally valid forged JWT gets 401 or 503 quickly, never 500, with one log line and nothing on stderr', { timeout: 15_000 }, async () => {
    printed = captureOutput();
    const before = h.logs.length;
    const started = Date.now();
    const res = await h.post(teamsActivity(), { authorization: `Bearer ${forgedJwt()}` });
    expect(Date.now() - started).toBeLessThan(7_000);
    expect([401, 503]).toContain(res.status);
    expect(res.body.error).toBeTruthy();
    expect(res.text).not.toMatch(/\n\s+at |stack/);
    expect(h.connector.requests).toHaveLength(0);
    const lines = h.logs.slice(before).map((l) => JSON.parse(l));
    const refused = lines.filter((l) => l.level === 'warn' && /Teams request (refused|not verified)/.test(l.msg));
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0])).not.toMatch(/\\n\s+at |"stack"/);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(printed.join('')).toBe('');
    expect(h.logs.join('\n')).not.toContain(APP_PASSWORD);
  });

  it('a request without a token is refused with 401 and one warn line, no stack trace on stderr', async () => {
    printed = captureOutput();
    const before = h.logs.length;
    const res = await h.post(teamsActivity());
    expect(res.status).toBe(401);
    const lines = h.logs.slice(before).map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.level === 'warn' && /Teams request refused/.test(l.msg))).toHaveLength(1);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(printed.join('')).toBe('');
  });

  it('refuses service URLs that are not Bot Framework hosts before any token check, and expectReplies', async () => {
    for (const serviceUrl of ['http://127.0.0.1:4001/some/admin/path?x=', 'https://evil.example.com/', 'http://localhost:56150/_connector']) {
      const res = await h.post(teamsActivity({ serviceUrl }), { authorization: `Bearer ${forgedJwt()}` });
      expect(res.status, serviceUrl).toBe(403);
    }
    expect((await h.post(teamsActivity({ deliveryMode: 'expectReplies' }))).status).toBe(400);
    expect((await h.post(teamsActivity({ channelId: 'emulator' }))).status).toBe(403);
  });
});
