/**
 * Distribution mode's OAuth on @slack/oauth's InstallProvider, on our HTTP server:
 * - `GET /slack/install` sends the installer to Slack's consent page (`generateInstallUrl`) with a state
 *   from our state store and the same state in a cookie (written here: see the README for why);
 * - `GET /slack/oauth_redirect` is `handleCallback`: it checks the cookie against the state, asks our
 *   state store to verify it (signed, unexpired, claimed once in the store so a replayed callback URL is
 *   refused on every replica), exchanges the code (oauth.v2.access, auth.test) and hands the
 *   installation to our installation store (installation-store.ts: token sealed). The pages it answers
 *   with are ours (success and failure callbacks): 200 installed / cancelled, 400 refused, 502 failed.
 * `installer.authorize` is Bolt's authorize in this mode.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InstallURLOptions, StateStore } from '@slack/bolt';
import { ErrorCode, InstallProvider, InvalidStateError, type CodedError, type Installation as OAuthInstallation } from '@slack/oauth';
import type { Translate } from '../../core/i18n.js';
import type { Logger } from '../../core/log.js';
import type { HttpRoute } from '../../server/http.js';
import { sdkLogger, type SlackApi } from './api.js';
import type { InstallationStore } from './installation-store.js';

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Public base URL (PUBLIC_URL); when set, the redirect URI is sent explicitly. */
  publicUrl?: string | undefined;
  scopes: readonly string[];
  /** Its client settings (base URL, no SDK retries, no request in errors) are InstallProvider's too. */
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
const MAX_CODE = 500;

/**
 * InstallProvider's state store: `<expiry>.<nonce>.<HMAC-SHA256(SLACK_STATE_SECRET)>`. Verifying checks
 * the signature and the expiry, then claims the nonce in the store: a state is good once, on any replica.
 * What the redirect does with it (redirect URI, scopes) comes from here, not from the state.
 */
export class SignedStateStore implements StateStore {
  constructor(
    private readonly secret: string,
    private readonly installOptions: InstallURLOptions,
    private readonly claim: (nonce: string, ttlMs: number) => Promise<boolean>,
    private readonly now: () => number = Date.now,
  ) {}

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }

  async generateStateParam(): Promise<string> {
    const payload = `${this.now() + STATE_TTL_MS}.${randomBytes(16).toString('base64url')}`;
    return `${payload}.${this.sign(payload)}`;
  }

  async verifyStateParam(_now: Date, state: string): Promise<InstallURLOptions> {
    const m = /^(\d{1,15})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{20,100})$/.exec(state);
    if (!m) throw new InvalidStateError('bad or expired state');
    const [, exp, nonce, sig] = m;
    const expected = Buffer.from(this.sign(`${exp}.${nonce}`));
    const given = Buffer.from(sig!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given) || Number(exp) < this.now()) throw new InvalidStateError('bad or expired state');
    if (!(await this.claim(nonce!, STATE_TTL_MS))) throw new InvalidStateError('state already used');
    return this.installOptions;
  }
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Why a redirect was refused (400), in the words of the log; undefined for other failures (502). */
function refusal(err: CodedError): string | undefined {
  if (err.code === ErrorCode.MissingCodeError) return 'no code';
  if (err.code === ErrorCode.MissingStateError) return 'no state';
  if (err.code === ErrorCode.InvalidStateError) return err.message.startsWith('The state parameter is not for this browser') ? 'state not bound to this browser' : err.message;
  return undefined;
}

export interface SlackInstaller {
  provider: InstallProvider;
  routes: HttpRoute[];
}

export function createInstaller(o: OAuthOptions): SlackInstaller {
  const secure = o.publicUrl?.startsWith('https://') ? '; Secure' : '';
  const clearCookie = `${STATE_COOKIE}=; Path=/slack; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
  const installOptions: InstallURLOptions = {
    scopes: [...o.scopes],
    ...(o.publicUrl ? { redirectUri: `${o.publicUrl.replace(/\/+$/, '')}${REDIRECT_PATH}` } : {}),
  };
  const stateStore = new SignedStateStore(o.stateSecret, installOptions, o.claimState, o.now);
  // The SDK logs every refused redirect as an error; we log each outcome at its own level below.
  const sdkLog = sdkLogger(o.log, 'slack-oauth');
  const provider = new InstallProvider({
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    stateStore,
    stateCookieName: STATE_COOKIE,
    stateCookieExpirationSeconds: STATE_TTL_MS / 1000,
    installationStore: o.installations,
    installUrlOptions: installOptions,
    directInstall: true,
    logger: { ...sdkLog, error: sdkLog.warn },
    clientOptions: o.api.clientOptions(),
  });

  const page = (res: ServerResponse, status: number, message: string): void => {
    const title = htmlEscape(o.t('slack.oauth.title'));
    const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body><h1>${title}</h1><p>${htmlEscape(message)}</p></body></html>`;
    // Replaces the SDK's own deletion cookie (Path=/, always Secure) with one for the cookie we set.
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'set-cookie': clearCookie });
    res.end(html);
  };

  const query = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://localhost').searchParams;

  const success = (inst: OAuthInstallation, _opts: InstallURLOptions, _req: IncomingMessage, res: ServerResponse): void => {
    o.log.info('slack app installed', { team: inst.team?.id, enterprise: inst.enterprise?.id, enterpriseInstall: inst.isEnterpriseInstall === true });
    const where = inst.team?.name ?? inst.enterprise?.name ?? inst.team?.id ?? inst.enterprise?.id ?? '';
    page(res, 200, o.t('slack.oauth.installed', { team: where }));
  };

  const failure = (err: CodedError, _opts: InstallURLOptions, req: IncomingMessage, res: ServerResponse): void => {
    if (query(req).get('error')) return page(res, 200, o.t('slack.oauth.cancelled'));
    const reason = refusal(err);
    if (reason) {
      o.log.warn('slack oauth redirect rejected', { reason });
      return page(res, 400, o.t('slack.oauth.failed'));
    }
    o.log.error('slack oauth exchange failed', { err: { name: err.name, message: err.message } });
    page(res, 502, o.t('slack.oauth.failed'));
  };

  const install: HttpRoute = {
    method: 'GET',
    path: INSTALL_PATH,
    handler: async (_req, res) => {
      const state = await stateStore.generateStateParam();
      const url = await provider.generateInstallUrl(installOptions, true, state);
      res.writeHead(302, {
        location: url,
        'set-cookie': `${STATE_COOKIE}=${state}; Path=/slack; HttpOnly; SameSite=Lax; Max-Age=${STATE_TTL_MS / 1000}${secure}`,
        'cache-control': 'no-store',
      });
      res.end();
    },
  };

  const redirect: HttpRoute = {
    method: 'GET',
    path: REDIRECT_PATH,
    handler: async (req, res) => {
      if ((query(req).get('code')?.length ?? 0) > MAX_CODE) {
        o.log.warn('slack oauth redirect rejected', { reason: 'code too long' });
        return page(res, 400, o.t('slack.oauth.failed'));
      }
      await provider.handleCallback(req, res, { success, failure });
    },
  };

  return { provider, routes: [install, redirect] };
}

/** The two OAuth routes (tests mount them alone). */
export function oauthRoutes(o: OAuthOptions): HttpRoute[] {
  return createInstaller(o).routes;
}
