/**
 * Which bot token answers a workspace. Single-workspace mode: SLACK_BOT_TOKEN (its bot ids from
 * auth.test, once). Distribution mode (SLACK_CLIENT_ID / SECRET / STATE_SECRET): `GET /slack/install`
 * sends the installer to Slack's consent page with a signed, expiring state bound to a cookie;
 * `GET /slack/oauth_redirect` checks both, exchanges the code (oauth.v2.access) and keeps the
 * installation in the store, keyed by the team, or by the enterprise for org-wide installs.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Translate } from '../../core/i18n.js';
import type { Logger } from '../../core/log.js';
import { SecretBox } from '../../core/secret-box.js';
import type { Namespace } from '../../core/store.js';
import type { HttpRequest, HttpRoute } from '../../server/http.js';
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

/**
 * Installations in the store, their bot token sealed with STORE_ENCRYPTION_KEY (AES-256-GCM, the store
 * key as authenticated context). A row written before encryption (plain `xoxb-...`) or sealed with an
 * older key is still read, and sealed again with the current key as soon as it is read.
 */
export class InstallationStore implements TokenSource {
  readonly mode = 'distribution' as const;
  constructor(
    private readonly ns: Namespace<Installation>,
    private readonly box: SecretBox,
    private readonly log?: Logger,
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
}

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Public base URL (PUBLIC_URL); when set, the redirect URI is sent explicitly. */
  publicUrl?: string | undefined;
  scopes: readonly string[];
  api: SlackApi;
  installations: InstallationStore;
  /**
   * Takes a state's nonce for `ttlMs`; false when it was taken before (any replica). A state is good for
   * one redirect: a replayed callback URL (browser history, a proxy log) is refused.
   */
  claimState(nonce: string, ttlMs: number): Promise<boolean>;
  t: Translate;
  log: Logger;
  now?: () => number;
}

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
const STATE_COOKIE = 'icc_slack_oauth_state';
const STATE_TTL_MS = 10 * 60 * 1000;

const AccessSchema = z.object({
  ok: z.literal(true),
  access_token: z.string().startsWith('xoxb-'),
  bot_user_id: z.string().min(1),
  app_id: z.string().optional(),
  scope: z.string().default(''),
  team: z.object({ id: z.string(), name: z.string().optional() }).nullish(),
  enterprise: z.object({ id: z.string(), name: z.string().optional() }).nullish(),
  is_enterprise_install: z.boolean().default(false),
  authed_user: z.object({ id: z.string() }).optional(),
});

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(res: ServerResponse, status: number, title: string, message: string, headers: Record<string, string | string[]> = {}): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${htmlEscape(title)}</title></head><body><h1>${htmlEscape(title)}</h1><p>${htmlEscape(message)}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(html);
}

function cookies(req: HttpRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

export function oauthRoutes(o: OAuthOptions): HttpRoute[] {
  const now = o.now ?? Date.now;
  const secure = o.publicUrl?.startsWith('https://') ? '; Secure' : '';
  const redirectUri = o.publicUrl ? `${o.publicUrl.replace(/\/+$/, '')}${REDIRECT_PATH}` : undefined;
  const sign = (payload: string) => createHmac('sha256', o.stateSecret).update(payload).digest('base64url');

  const makeState = () => {
    const nonce = randomBytes(16).toString('base64url');
    const payload = `${now() + STATE_TTL_MS}.${nonce}`;
    return { nonce, state: `${payload}.${sign(payload)}` };
  };

  /** The state's nonce when the state is signed, unexpired and bound to this browser's cookie. */
  const checkState = (state: string | null, cookieNonce: string | undefined): string | undefined => {
    const m = /^(\d{1,15})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{20,100})$/.exec(state ?? '');
    if (!m || !cookieNonce) return undefined;
    const [, exp, nonce, sig] = m;
    const expected = Buffer.from(sign(`${exp}.${nonce}`));
    const given = Buffer.from(sig!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    if (Number(exp) < now()) return undefined;
    const a = Buffer.from(nonce!);
    const b = Buffer.from(cookieNonce);
    return a.length === b.length && timingSafeEqual(a, b) ? nonce : undefined;
  };

  const clearCookie = `${STATE_COOKIE}=; Path=/slack; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;

  const install: HttpRoute = {
    method: 'GET',
    path: INSTALL_PATH,
    handler: async (_req, res) => {
      const { nonce, state } = makeState();
      const url = new URL('https://slack.com/oauth/v2/authorize');
      url.searchParams.set('client_id', o.clientId);
      url.searchParams.set('scope', o.scopes.join(','));
      url.searchParams.set('state', state);
      if (redirectUri) url.searchParams.set('redirect_uri', redirectUri);
      res.writeHead(302, {
        location: url.href,
        'set-cookie': `${STATE_COOKIE}=${nonce}; Path=/slack; HttpOnly; SameSite=Lax; Max-Age=${STATE_TTL_MS / 1000}${secure}`,
        'cache-control': 'no-store',
      });
      res.end();
    },
  };

  const redirect: HttpRoute = {
    method: 'GET',
    path: REDIRECT_PATH,
    handler: async (req, res) => {
      const title = o.t('slack.oauth.title');
      const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
      if (q.get('error')) {
        page(res, 200, title, o.t('slack.oauth.cancelled'), { 'set-cookie': clearCookie });
        return;
      }
      const code = q.get('code');
      const nonce = code && code.length <= 500 ? checkState(q.get('state'), cookies(req).get(STATE_COOKIE)) : undefined;
      const fresh = nonce !== undefined && (await o.claimState(nonce, STATE_TTL_MS));
      if (!fresh) {
        o.log.warn('slack oauth redirect rejected', { reason: !code ? 'no code' : nonce ? 'state already used' : 'bad or expired state' });
        page(res, 400, title, o.t('slack.oauth.failed'), { 'set-cookie': clearCookie });
        return;
      }
      try {
        const raw = await o.api.call('', 'oauth.v2.access', {
          client_id: o.clientId,
          client_secret: o.clientSecret,
          code,
          ...(redirectUri ? { redirect_uri: redirectUri } : {}),
        });
        const access = AccessSchema.parse(raw);
        const who = await o.api.call(access.access_token, 'auth.test');
        const inst: Installation = {
          ...(access.team ? { teamId: access.team.id, ...(access.team.name ? { teamName: access.team.name } : {}) } : {}),
          ...(access.enterprise ? { enterpriseId: access.enterprise.id, ...(access.enterprise.name ? { enterpriseName: access.enterprise.name } : {}) } : {}),
          isEnterpriseInstall: access.is_enterprise_install,
          ...(access.app_id ? { appId: access.app_id } : {}),
          botToken: access.access_token,
          botUserId: access.bot_user_id,
          ...(typeof who.bot_id === 'string' ? { botId: who.bot_id } : {}),
          scopes: access.scope.split(',').filter(Boolean),
          ...(access.authed_user ? { installerUserId: access.authed_user.id } : {}),
          installedAt: new Date(now()).toISOString(),
        };
        await o.installations.save(inst);
        o.log.info('slack app installed', { team: inst.teamId, enterprise: inst.enterpriseId, enterpriseInstall: inst.isEnterpriseInstall });
        const where = inst.teamName ?? inst.enterpriseName ?? inst.teamId ?? inst.enterpriseId ?? '';
        page(res, 200, title, o.t('slack.oauth.installed', { team: where }), { 'set-cookie': clearCookie });
      } catch (err) {
        o.log.error('slack oauth exchange failed', { err: err instanceof Error ? { name: err.name, message: err.message } : String(err) });
        page(res, 502, title, o.t('slack.oauth.failed'), { 'set-cookie': clearCookie });
      }
    },
  };

  return [install, redirect];
}
