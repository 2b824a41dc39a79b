/**
 * Which bot token answers a workspace. Single-workspace mode: SLACK_BOT_TOKEN (its bot ids from
 * auth.test, once). Distribution mode: the installations @slack/oauth's InstallProvider hands over
 * (install.ts), kept in our store keyed by the team, or by the enterprise for org-wide installs, with
 * the bot token sealed under STORE_ENCRYPTION_KEY. The same store serves InstallProvider
 * (`storeInstallation` / `fetchInstallation` / `deleteInstallation`, so `installer.authorize` is Bolt's
 * authorize) and the sender's proactive messages (`find`).
 */
import type { Installation as OAuthInstallation, InstallationQuery as OAuthQuery, InstallationStore as OAuthInstallationStore } from '@slack/bolt';
import type { Logger } from '../../core/log.js';
import { SecretBox } from '../../core/secret-box.js';
import type { Namespace } from '../../core/store.js';
import type { SlackApi } from './api.js';
import { slackScope, type Installation } from './state.js';

export interface BotAuth {
  botToken: string;
  botUserId?: string;
  botId?: string;
}

export interface InstallationQuery {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

export interface TokenSource {
  readonly mode: 'single-workspace' | 'distribution';
  /** The bot's credentials where the payload comes from, or undefined when the app is not installed there. */
  find(q: InstallationQuery): Promise<BotAuth | undefined>;
  /** Forget an installation (app_uninstalled, tokens_revoked). */
  forget(q: InstallationQuery): Promise<void>;
}

export function singleWorkspaceTokens(token: string, api: SlackApi, log: Logger): TokenSource {
  let identity: Promise<Omit<BotAuth, 'botToken'>> | undefined;
  const who = () =>
    (identity ??= api.call(token, 'auth.test').then(
      (r) => ({
        ...(typeof r.user_id === 'string' ? { botUserId: r.user_id } : {}),
        ...(typeof r.bot_id === 'string' ? { botId: r.bot_id } : {}),
      }),
      (err: unknown) => {
        identity = undefined;
        log.warn('auth.test failed; bot ids unknown for now', { err });
        return {};
      },
    ));
  return {
    mode: 'single-workspace',
    find: async () => ({ botToken: token, ...(await who()) }),
    forget: async () => undefined,
  };
}

/** @slack/oauth's installation -> our row; throws when it has no bot token (nothing to answer with). */
export function installationRow(inst: OAuthInstallation, installedAt: Date): Installation {
  const bot = inst.bot;
  if (!bot?.token.startsWith('xoxb-') || !bot.userId) throw new Error('the installation has no bot token');
  return {
    ...(inst.team ? { teamId: inst.team.id, ...(inst.team.name ? { teamName: inst.team.name } : {}) } : {}),
    ...(inst.enterprise ? { enterpriseId: inst.enterprise.id, ...(inst.enterprise.name ? { enterpriseName: inst.enterprise.name } : {}) } : {}),
    isEnterpriseInstall: inst.isEnterpriseInstall === true,
    ...(inst.appId ? { appId: inst.appId } : {}),
    botToken: bot.token,
    botUserId: bot.userId,
    ...(bot.id ? { botId: bot.id } : {}),
    scopes: bot.scopes.filter(Boolean),
    ...(inst.user.id ? { installerUserId: inst.user.id } : {}),
    installedAt: installedAt.toISOString(),
  };
}

/** Our row -> @slack/oauth's installation (what `InstallProvider.authorize` reads). */
function oauthInstallation(row: Installation): OAuthInstallation<'v2', boolean> {
  return {
    team: row.teamId ? { id: row.teamId, ...(row.teamName ? { name: row.teamName } : {}) } : undefined,
    enterprise: row.enterpriseId ? { id: row.enterpriseId, ...(row.enterpriseName ? { name: row.enterpriseName } : {}) } : undefined,
    user: { id: row.installerUserId ?? '', token: undefined, scopes: undefined },
    bot: { token: row.botToken, userId: row.botUserId, id: row.botId ?? '', scopes: row.scopes },
    isEnterpriseInstall: row.isEnterpriseInstall,
    ...(row.appId ? { appId: row.appId } : {}),
    tokenType: 'bot',
    authVersion: 'v2',
  };
}

/**
 * Installations in the store, their bot token sealed with STORE_ENCRYPTION_KEY (AES-256-GCM, the store
 * key as authenticated context). A row written before encryption (plain `xoxb-...`) or sealed with an
 * older key is still read, and sealed again with the current key as soon as it is read.
 */
export class InstallationStore implements TokenSource, OAuthInstallationStore {
  readonly mode = 'distribution' as const;
  constructor(
    private readonly ns: Namespace<Installation>,
    private readonly box: SecretBox,
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  private static context(key: string): string {
    return `slack-installation|${key}`;
  }

  async save(inst: Installation): Promise<void> {
    const key = inst.isEnterpriseInstall ? inst.enterpriseId : inst.teamId;
    if (!key) throw new Error('an installation needs a team or an enterprise id');
    await this.write(key, inst);
  }

  private async write(key: string, inst: Installation): Promise<void> {
    await this.ns.set(slackScope(key), 'bot', { ...inst, botToken: this.box.seal(inst.botToken, InstallationStore.context(key)) });
  }

  /** The row under `key`, its token opened; undefined when absent or when it cannot be opened (logged). */
  private async read(key: string): Promise<Installation | undefined> {
    const row = await this.ns.get(slackScope(key), 'bot');
    if (!row) return undefined;
    if (!SecretBox.isSealed(row.botToken)) {
      await this.write(key, row);
      this.log?.info('slack installation token sealed (was stored in plain text)', { tenant: key });
      return row;
    }
    const token = this.box.open(row.botToken, InstallationStore.context(key));
    if (token instanceof Error) {
      this.log?.error('slack installation token cannot be opened', { tenant: key, reason: token.message });
      return undefined;
    }
    const inst = { ...row, botToken: token };
    if (SecretBox.keyIdOf(row.botToken) !== this.box.primaryKeyId) {
      await this.write(key, inst);
      this.log?.info('slack installation token sealed again with the current key', { tenant: key });
    }
    return inst;
  }

  async get(q: InstallationQuery): Promise<Installation | undefined> {
    if (q.isEnterpriseInstall && q.enterpriseId) return this.read(q.enterpriseId);
    if (q.teamId) {
      const team = await this.read(q.teamId);
      if (team) return team;
    }
    if (q.enterpriseId) {
      const org = await this.read(q.enterpriseId);
      if (org?.isEnterpriseInstall) return org;
    }
    return undefined;
  }

  async find(q: InstallationQuery): Promise<BotAuth | undefined> {
    const inst = await this.get(q);
    if (!inst) return undefined;
    return { botToken: inst.botToken, botUserId: inst.botUserId, ...(inst.botId ? { botId: inst.botId } : {}) };
  }

  async forget(q: InstallationQuery): Promise<void> {
    if (q.isEnterpriseInstall && q.enterpriseId) await this.ns.delete(slackScope(q.enterpriseId), 'bot');
    else if (q.teamId) await this.ns.delete(slackScope(q.teamId), 'bot');
  }

  // --- @slack/oauth's InstallationStore ------------------------------------------------------------

  async storeInstallation(installation: OAuthInstallation): Promise<void> {
    await this.save(installationRow(installation, new Date(this.now())));
  }

  async fetchInstallation(q: OAuthQuery<boolean>): Promise<OAuthInstallation<'v1' | 'v2', boolean>> {
    const row = await this.get(q);
    if (!row) throw new Error(`no installation for team ${q.teamId ?? '-'} / enterprise ${q.enterpriseId ?? '-'}`);
    return oauthInstallation(row);
  }

  async deleteInstallation(q: OAuthQuery<boolean>): Promise<void> {
    await this.forget(q);
  }
}
