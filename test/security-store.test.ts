/**
 * Issue 19, what is at rest and who can list it:
 * - item 5: store files 0600 and folders 0700; installed Slack bot tokens sealed with AES-256-GCM under
 *   STORE_ENCRYPTION_KEY (plain rows still read and sealed on the spot, keys rotate by id); distribution
 *   mode refuses to start without a key;
 * - item 8: an OAuth state is good for one redirect;
 * - item 11: `Namespace.ids()` lists one tenant's ids only, even next to a tenant whose id differs in case.
 */
import { existsSync, mkdirSync, mkdtempSync, chmodSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstallationStore } from '../src/adapters/slack/installation-store.js';
import { createSlackState, type Installation } from '../src/adapters/slack/state.js';
import { createApp } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/core/log.js';
import { SecretBox, parseEncryptionKeys, type EncryptionKey } from '../src/core/secret-box.js';
import { Store } from '../src/core/store.js';
import { ROOT } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { startSlackServer, type SlackHarness } from './helpers/slack.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const TOKEN = 'xoxb-555-666-sealedtokenvalue';
const keys = (spec: string) => parseEncryptionKeys(spec) as EncryptionKey[];
const mode = (path: string) => statSync(path).mode & 0o777;
const tmp = () => mkdtempSync(join(tmpdir(), 'icc-sec-'));

const installation = (teamId: string, botToken = TOKEN): Installation => ({ teamId, isEnterpriseInstall: false, botToken, botUserId: 'UBOT', scopes: ['chat:write'], installedAt: '2025-01-01T00:00:00Z' });

/** The raw `value` column of a row, read with a separate connection: what someone who copies the file sees. */
function rawRows(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], { value: string }>("SELECT value FROM kv WHERE key LIKE 'slack-installation|%'").all().map((r) => r.value);
  } finally {
    db.close();
  }
}

describe('store files are private (item 5)', () => {
  it('creates the SQLite folder 0700 and the file, -wal and -shm 0600, whatever the umask', async () => {
    const old = process.umask(0o022);
    try {
      const dir = join(tmp(), 'new', 'data');
      const store = await Store.open(`sqlite://${join(dir, 'icc.sqlite')}`);
      await store.namespace<string>('profile').set({ platform: 'slack', tenant: 'T1' }, 'U1', 'x');
      expect(mode(dir)).toBe(0o700);
      for (const f of ['icc.sqlite', 'icc.sqlite-wal', 'icc.sqlite-shm']) {
        expect(existsSync(join(dir, f)), f).toBe(true);
        expect(mode(join(dir, f)), f).toBe(0o600);
      }
      await store.close();
    } finally {
      process.umask(old);
    }
  });

  it('makes an existing, world-readable store file 0600 again', async () => {
    const dir = tmp();
    const path = join(dir, 'icc.sqlite');
    const first = await Store.open(`sqlite://${path}`);
    await first.close();
    chmodSync(path, 0o644);
    const store = await Store.open(`sqlite://${path}`);
    expect(mode(path)).toBe(0o600);
    await store.close();
  });

  it('makes DATA_DIR 0700 at start', async () => {
    const dataDir = join(tmp(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const app = await createApp(loadConfig({ STORE_URL: 'memory://', DATA_DIR: dataDir }), { baseDir: ROOT, log: createLogger({ level: 'silent' }) });
    expect(mode(dataDir)).toBe(0o700);
    await app.close();
  }, 60_000);
});

describe('installed Slack tokens are sealed (item 5)', () => {
  let dir: string;
  let path: string;
  let store: Store;
  beforeAll(async () => {
    dir = tmp();
    path = join(dir, 'icc.sqlite');
    store = await Store.open(`sqlite://${path}`);
  });
  afterAll(async () => {
    await store.close();
  });
  const installations = (spec: string, logs: string[] = []) =>
    new InstallationStore(createSlackState(store).installations, new SecretBox(keys(spec)), createLogger({ level: 'debug', write: (l) => logs.push(l) }));

  it('keeps no token in the SQLite file, and gives it back to the bot', async () => {
    const inst = installations(KEY_A);
    await inst.save(installation('T1'));
    const rows = rawRows(path);
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toContain('xoxb-');
    expect(rows[0]).toMatch(/"botToken":"enc:v1:[\w-]{8}:[\w-]+"/);
    const file = readFileSync(path).toString('latin1') + (existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).toString('latin1') : '');
    expect(file).not.toContain(TOKEN);
    expect((await inst.find({ teamId: 'T1' }))?.botToken).toBe(TOKEN);
  });

  it('reads a row written in plain text before, and seals it at once', async () => {
    const logs: string[] = [];
    await createSlackState(store).installations.set({ platform: 'slack', tenant: 'TPLAIN' }, 'bot', installation('TPLAIN', 'xoxb-plain-legacy-token'));
    expect(rawRows(path).some((r) => r.includes('xoxb-plain-legacy-token'))).toBe(true);
    const inst = installations(KEY_A, logs);
    expect((await inst.find({ teamId: 'TPLAIN' }))?.botToken).toBe('xoxb-plain-legacy-token');
    expect(rawRows(path).some((r) => r.includes('xoxb-plain'))).toBe(false);
    expect((await inst.find({ teamId: 'TPLAIN' }))?.botToken).toBe('xoxb-plain-legacy-token');
    expect(logs.join('\n')).not.toContain('xoxb-plain-legacy-token');
  });

  it('rotates: the first key seals, every key opens, an old row is sealed again with the new key', async () => {
    const old = installations(`a:${KEY_A}`);
    await old.save(installation('TROT', 'xoxb-rotating-token'));
    const sealedWith = () => rawRows(path).find((r) => r.includes('"teamId":"TROT"'))!.match(/enc:v1:([\w-]+):/)![1];
    expect(sealedWith()).toBe('a');

    const rotated = installations(`b:${KEY_B},a:${KEY_A}`);
    expect((await rotated.find({ teamId: 'TROT' }))?.botToken).toBe('xoxb-rotating-token');
    expect(sealedWith()).toBe('b');
    // Key a can now be dropped.
    expect((await installations(`b:${KEY_B}`).find({ teamId: 'TROT' }))?.botToken).toBe('xoxb-rotating-token');
    // Without the key that sealed it, the row is unreadable: the workspace is "not installed", logged without the token.
    const logs: string[] = [];
    expect(await installations(`a:${KEY_A}`, logs).find({ teamId: 'TROT' })).toBeUndefined();
    expect(logs.join('\n')).toMatch(/cannot be opened.*key \\"b\\"/);
  });

  it("a sealed token copied into another workspace's row does not open there", async () => {
    const inst = installations(KEY_A);
    await inst.save(installation('TSRC', 'xoxb-source-token'));
    const ns = createSlackState(store).installations;
    const row = (await ns.get({ platform: 'slack', tenant: 'TSRC' }, 'bot'))!;
    await ns.set({ platform: 'slack', tenant: 'TDST' }, 'bot', { ...row, teamId: 'TDST' });
    expect(await inst.find({ teamId: 'TDST' })).toBeUndefined();
  });

  it('reads STORE_ENCRYPTION_KEY strictly and never echoes it', () => {
    expect(loadConfig({ STORE_ENCRYPTION_KEY: KEY_A }).storeEncryptionKeys).toHaveLength(1);
    expect(loadConfig({ STORE_ENCRYPTION_KEY: `new:${KEY_B}, old:${KEY_A}` }).storeEncryptionKeys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(loadConfig({ STORE_ENCRYPTION_KEY: KEY_A }).secrets).toContain(KEY_A);
    expect(loadConfig({ STORE_URL: 'rediss://icc:redis-pass-4711@redis.example.org:6380' }).secrets).toContain('redis-pass-4711');
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), `a:${KEY_A},a:${KEY_B}`, `bad id:${KEY_A}`, 'x'.repeat(44) + '!!']) {
      expect(() => loadConfig({ STORE_ENCRYPTION_KEY: bad }), bad).toThrow(ConfigError);
      try {
        loadConfig({ STORE_ENCRYPTION_KEY: bad });
      } catch (err) {
        expect((err as Error).message).not.toContain(bad);
      }
    }
  });
});

describe('distribution mode needs STORE_ENCRYPTION_KEY (item 5)', () => {
  const distribution = { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '1234.5678', SLACK_CLIENT_SECRET: 'client-secret-x1', SLACK_STATE_SECRET: 'state-secret-y2' };

  it('refuses to start the server, with a clear error', async () => {
    await expect(startSlackServer(distribution)).rejects.toThrow(/distribution mode .*needs STORE_ENCRYPTION_KEY/);
    await expect(startSlackServer(distribution)).rejects.toBeInstanceOf(ConfigError);
  });

  it('`icc-assistant serve` exits with the message and no stack trace', async () => {
    const r = await runCli(['serve', '--port', '0'], { env: { ...distribution, SLACK_SIGNING_SECRET: 'signing-secret-z3', DATA_DIR: tmp() }, timeoutMs: 60_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Configuration error: Slack distribution mode .*STORE_ENCRYPTION_KEY/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('OAuth state (item 8)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackServer({
      SLACK_BOT_TOKEN: '',
      SLACK_CLIENT_ID: '1234.5678',
      SLACK_CLIENT_SECRET: 'client-secret-x1',
      SLACK_STATE_SECRET: 'state-secret-y2',
      STORE_ENCRYPTION_KEY: KEY_A,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is accepted once: the same redirect again is refused before any code exchange', async () => {
    h.fake.oauthAccess = { ok: true, access_token: 'xoxb-1-2-onceonly', token_type: 'bot', scope: 'chat:write', bot_user_id: 'UBOT2', team: { id: 'T5', name: 'Once' }, is_enterprise_install: false, authed_user: { id: 'U0ADMIN' } };
    const start = await fetch(`${h.base}/slack/install`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    const redirect = () => fetch(`${h.base}/slack/oauth_redirect?code=abc&state=${encodeURIComponent(state)}`, { redirect: 'manual', headers: { cookie } });
    expect((await redirect()).status).toBe(200);
    expect((await redirect()).status).toBe(400);
    expect(h.fake.callsTo('oauth.v2.access')).toHaveLength(1);
    expect(h.logs.join('\n')).toContain('state already used');
  });
});

describe('Namespace.ids() (item 11)', () => {
  it("lists one tenant's ids, not those of a tenant whose id differs only in case", async () => {
    for (const url of [`sqlite://${join(tmp(), 'ids.sqlite')}`, 'memory://']) {
      const store = await Store.open(url);
      const ns = store.namespace<string>('profile');
      await ns.set({ platform: 'slack', tenant: 'T1' }, 'U-upper', 'a');
      await ns.set({ platform: 'slack', tenant: 't1' }, 'U-lower', 'b');
      await ns.set({ platform: 'slack', tenant: 'T10' }, 'U-ten', 'c');
      await ns.set({ platform: 'slack', tenant: 'T_' }, 'U-underscore', 'd');
      expect(await ns.ids({ platform: 'slack', tenant: 'T1' }), url).toEqual(['U-upper']);
      expect(await ns.ids({ platform: 'slack', tenant: 't1' }), url).toEqual(['U-lower']);
      expect(await ns.ids({ platform: 'slack', tenant: 'T_' }), url).toEqual(['U-underscore']);
      expect(await ns.ids({ platform: 'slack', tenant: 'T1' }, 'U-u'), url).toEqual(['U-upper']);
      expect(await ns.ids({ platform: 'slack', tenant: 'T1' }, 'u-u'), url).toEqual([]);
      await store.close();
    }
  });

  it('the SQLite listing is an index range, not a scan', async () => {
    const path = join(tmp(), 'plan.sqlite');
    const store = await Store.open(`sqlite://${path}`);
    await store.close();
    const db = new Database(path, { readonly: true });
    const plan = db
      .prepare<[string, string, number], { detail: string }>('EXPLAIN QUERY PLAN SELECT key, value FROM kv WHERE key >= ? AND key < ? AND (expires IS NULL OR expires > ?) ORDER BY key')
      .all('a', 'b', 0)
      .map((r) => r.detail)
      .join(' ');
    db.close();
    expect(plan).toMatch(/SEARCH kv USING INDEX .*\(key>\? AND key<\?\)/);
  });
});
