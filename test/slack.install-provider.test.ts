/** @slack/oauth's InstallProvider on our stores: the installation store it reads and writes, and the state store. */
import { InstallProvider, type Installation } from '@slack/oauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SignedStateStore } from '../src/adapters/slack/install.js';
import { InstallationStore, installationRow } from '../src/adapters/slack/installation-store.js';
import { createSlackState } from '../src/adapters/slack/state.js';
import { SecretBox, parseEncryptionKeys, type EncryptionKey } from '../src/core/secret-box.js';
import { Store } from '../src/core/store.js';

const box = () => new SecretBox(parseEncryptionKeys(Buffer.alloc(32, 9).toString('base64')) as EncryptionKey[]);

const teamInstall: Installation = {
  team: { id: 'T1', name: 'Oslo' },
  enterprise: undefined,
  user: { id: 'UADMIN', token: undefined, scopes: undefined },
  bot: { token: 'xoxb-team-one', userId: 'UBOT1', id: 'BBOT1', scopes: ['chat:write', 'users:read'] },
  isEnterpriseInstall: false,
  appId: 'A1',
  tokenType: 'bot',
  authVersion: 'v2',
};

const orgInstall: Installation = {
  team: undefined,
  enterprise: { id: 'E1', name: 'Grid' },
  user: { id: 'UADMIN2', token: undefined, scopes: undefined },
  bot: { token: 'xoxb-org-one', userId: 'UBOT2', id: 'BBOT2', scopes: ['chat:write'] },
  isEnterpriseInstall: true,
  tokenType: 'bot',
  authVersion: 'v2',
};

describe('InstallProvider with our installation store', () => {
  let store: Store;
  let installations: InstallationStore;
  let provider: InstallProvider;
  beforeEach(async () => {
    store = await Store.open('memory://');
    installations = new InstallationStore(createSlackState(store).installations, box());
    provider = new InstallProvider({ clientId: 'c', clientSecret: 's', stateSecret: 'x', installationStore: installations });
  });
  afterEach(async () => {
    await store.close();
  });

  it('authorizes a team install and an org-wide install, from rows whose token is sealed', async () => {
    await installations.storeInstallation(teamInstall);
    await installations.storeInstallation(orgInstall);
    const raw = JSON.stringify([await createSlackState(store).installations.get({ platform: 'slack', tenant: 'T1' }, 'bot'), await createSlackState(store).installations.get({ platform: 'slack', tenant: 'E1' }, 'bot')]);
    expect(raw).not.toContain('xoxb-');

    const team = await provider.authorize({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(team).toMatchObject({ botToken: 'xoxb-team-one', botUserId: 'UBOT1', botId: 'BBOT1', teamId: 'T1' });
    expect(team.userToken).toBeUndefined();
    // A workspace of the grid without its own install is answered with the org-wide one.
    const inGrid = await provider.authorize({ teamId: 'T7', enterpriseId: 'E1', isEnterpriseInstall: false });
    expect(inGrid).toMatchObject({ botToken: 'xoxb-org-one', botUserId: 'UBOT2', teamId: 'T7', enterpriseId: 'E1' });
    await expect(provider.authorize({ teamId: 'T9', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no installation/);

    await installations.deleteInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(provider.authorize({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no installation/);
    expect((await installations.find({ teamId: 'T7', enterpriseId: 'E1' }))?.botToken).toBe('xoxb-org-one');
  });

  it('keeps what the rest of the adapter reads, and refuses an installation without a bot token', () => {
    expect(installationRow(teamInstall, new Date('2025-03-01T00:00:00Z'))).toEqual({
      teamId: 'T1',
      teamName: 'Oslo',
      isEnterpriseInstall: false,
      appId: 'A1',
      botToken: 'xoxb-team-one',
      botUserId: 'UBOT1',
      botId: 'BBOT1',
      scopes: ['chat:write', 'users:read'],
      installerUserId: 'UADMIN',
      installedAt: '2025-03-01T00:00:00.000Z',
    });
    const { bot: _bot, ...userOnly } = teamInstall;
    expect(() => installationRow(userOnly, new Date())).toThrow(/no bot token/);
    expect(() => installationRow({ ...teamInstall, bot: { ...teamInstall.bot!, token: 'xoxp-user' } }, new Date())).toThrow(/no bot token/);
  });
});

describe('the state store', () => {
  const options = { scopes: ['chat:write'], redirectUri: 'https://icc.example.org/slack/oauth_redirect' };
  let now = Date.parse('2025-01-01T10:00:00Z');
  const claimed = new Set<string>();
  const states = new SignedStateStore('state-secret', options, async (nonce) => !claimed.has(nonce) && Boolean(claimed.add(nonce)), () => now);

  it('gives the install options back once per state, and refuses a tampered, foreign or expired one', async () => {
    const state = await states.generateStateParam();
    expect(state).toMatch(/^\d+\.[\w-]+\.[\w-]+$/);
    await expect(states.verifyStateParam(new Date(), state.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).rejects.toThrow('bad or expired state');
    const other = new SignedStateStore('another-secret', options, async () => true, () => now);
    await expect(other.verifyStateParam(new Date(), state)).rejects.toThrow('bad or expired state');
    expect(await states.verifyStateParam(new Date(), state)).toEqual(options);
    await expect(states.verifyStateParam(new Date(), state)).rejects.toThrow('state already used');

    const late = await states.generateStateParam();
    now += 10 * 60 * 1000 + 1;
    await expect(states.verifyStateParam(new Date(), late)).rejects.toThrow('bad or expired state');
  });
});
