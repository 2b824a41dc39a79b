/**
 * The Slack adapter: Bolt on our HTTP server (receiver.ts), wired to `bot.handle`. This file checks the
 * settings and puts the parts together:
 *   - installation-store.ts / install.ts: which token answers a workspace; distribution mode's OAuth
 *     (@slack/oauth's InstallProvider, whose `authorize` is Bolt's);
 *   - user-context.ts: the global middleware that gives listeners the token and the user's details;
 *   - listeners.ts, modals.ts and shortcuts.ts: what each payload does (ack first, then the slow work);
 *   - delivery.ts: where each reply goes; sender.ts: rendering, posting and proactive messages.
 */
import { readFileSync } from 'node:fs';
import { App as BoltApp, type AuthorizeResult, type AuthorizeSourceData } from '@slack/bolt';
import { z } from 'zod';
import type { App } from '../../app.js';
import { ConfigError } from '../../config.js';
import { SecretBox } from '../../core/secret-box.js';
import type { Senders } from '../../core/sender.js';
import { RETENTION } from '../../core/stores.js';
import { removeDeliveredExport } from '../../privacy/files.js';
import type { HttpRoute } from '../../server/http.js';
import type { PlatformAdapter } from '../platform.js';
import { SlackApi, sdkLogger, type RetryPolicy } from './api.js';
import { Delivery } from './delivery.js';
import { createInstaller } from './install.js';
import { InstallationStore, singleWorkspaceTokens, type TokenSource } from './installation-store.js';
import { registerListeners } from './listeners.js';
import { Modals } from './modals.js';
import { RouteReceiver } from './receiver.js';
import { SlackOutbox, SlackSender } from './sender.js';
import { registerShortcuts } from './shortcuts.js';
import { createSlackState, slackScope } from './state.js';
import { userContext } from './user-context.js';
import { UserDirectory } from './users.js';

export interface SlackAdapter extends PlatformAdapter {
  readonly mode: TokenSource['mode'];
  /** Resolves when every Slack payload received so far has been fully handled (tests, shutdown). */
  idle(): Promise<void>;
}

export interface SlackAdapterOptions {
  retry?: Partial<RetryPolicy>;
  ackTimeoutMs?: number;
}

const ManifestSchema = z.object({ oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()).min(1) }) }) });

/** The bot scopes the manifest asks for (the install link requests the same). */
export function manifestScopes(): string[] {
  const raw: unknown = JSON.parse(readFileSync(new URL('./app-manifest.json', import.meta.url), 'utf8'));
  return ManifestSchema.parse(raw).oauth_config.scopes.bot;
}

type Authorize = (source: AuthorizeSourceData<boolean>) => Promise<AuthorizeResult>;

/** Bolt's authorize over a token source (single-workspace mode). */
function authorizeWith(tokens: TokenSource): Authorize {
  return async (source) => {
    const auth = await tokens.find({ teamId: source.teamId, enterpriseId: source.enterpriseId, isEnterpriseInstall: source.isEnterpriseInstall });
    if (!auth) throw new Error(`no installation for team ${source.teamId ?? '-'} / enterprise ${source.enterpriseId ?? '-'}`);
    return { ...auth, ...(source.teamId ? { teamId: source.teamId } : {}), ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}) };
  };
}

export async function createSlackAdapter(app: App, senders: Senders, opts: SlackAdapterOptions = {}): Promise<SlackAdapter | null> {
  const cfg = app.config.slack;
  const log = app.log.child({ adapter: 'slack' });
  const oauthParts = [cfg.clientId, cfg.clientSecret, cfg.stateSecret];
  const distribution = oauthParts.some(Boolean);
  if (!cfg.signingSecret) {
    if (cfg.botToken || distribution) log.warn('Slack is not started: SLACK_SIGNING_SECRET is missing');
    return null;
  }
  if (distribution && !oauthParts.every(Boolean)) {
    throw new ConfigError('Slack distribution mode needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together');
  }
  if (!distribution && !cfg.botToken) {
    log.warn('Slack is not started: set SLACK_BOT_TOKEN (one workspace) or the SLACK_CLIENT_* settings (distribution)');
    return null;
  }
  if (distribution && app.config.storeEncryptionKeys.length === 0) {
    throw new ConfigError(
      'Slack distribution mode keeps every installed workspace\'s bot token in the store and needs STORE_ENCRYPTION_KEY to encrypt them: set it to 32 random bytes in base64 (`openssl rand -base64 32`), or `<id>:<base64>,...` to rotate keys',
    );
  }
  if (distribution && cfg.botToken) log.warn('SLACK_BOT_TOKEN is ignored in distribution mode; tokens come from installations');

  const api = new SlackApi({ apiUrl: cfg.apiUrl, log, metrics: app.metrics, ...(opts.retry ? { retry: opts.retry } : {}) });
  const state = createSlackState(app.stores.store);
  const i18n = app.bot.deps.i18n;
  const routes: HttpRoute[] = [];
  let tokens: TokenSource;
  let authorize: Authorize;
  if (distribution) {
    const installations = new InstallationStore(state.installations, new SecretBox(app.config.storeEncryptionKeys), log);
    const installer = createInstaller({
      clientId: cfg.clientId!,
      clientSecret: cfg.clientSecret!,
      stateSecret: cfg.stateSecret!,
      publicUrl: app.config.publicUrl,
      scopes: manifestScopes(),
      api,
      installations,
      claimState: (nonce, ttlMs) => app.stores.dedupe.claim(slackScope('-oauth'), `oauth-state:${nonce}`, ttlMs),
      t: i18n.translator(i18n.supported(app.config.defaultLocale) ?? 'en'),
      log,
    });
    tokens = installations;
    authorize = async (source) => {
      const auth = await installer.provider.authorize(source);
      // An installation stored without a bot id reads back as '' (the SDK's type wants a string).
      return auth.botId ? auth : { ...auth, botId: undefined };
    };
    routes.push(...installer.routes);
  } else {
    tokens = singleWorkspaceTokens(cfg.botToken!, api, log);
    authorize = authorizeWith(tokens);
  }

  const outbox = new SlackOutbox(api, state, log);
  const users = new UserDirectory(state.users, api, log);
  // A data export is removed once it is in Slack (src/privacy/files.ts; other paths are left alone).
  const delivered = (path: string): void => {
    try {
      removeDeliveredExport(app.config.dataDir, path);
    } catch (err) {
      log.warn('delivered export not removed (the hourly purge will)', { err });
    }
  };
  const sender = new SlackSender({ outbox, tokens, i18n, defaultLocale: app.config.defaultLocale, delivered });

  const receiver = new RouteReceiver({
    signingSecret: cfg.signingSecret,
    log,
    ...(opts.ackTimeoutMs ? { ackTimeoutMs: opts.ackTimeoutMs } : {}),
    claims: {
      claim: (tenant, id) => app.stores.dedupe.claim(slackScope(tenant), id, RETENTION.dedupeMs),
      release: (tenant, id) => app.stores.dedupe.release(slackScope(tenant), id),
    },
  });

  const bolt = new BoltApp({
    receiver,
    authorize,
    logger: sdkLogger(log, 'bolt'),
    clientOptions: { slackApiUrl: cfg.apiUrl ?? 'https://slack.com/api/', retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
    convoStore: false,
    ignoreSelf: true,
  });
  bolt.use(userContext(users));
  const delivery = new Delivery({ app, senders, outbox, state, log, delivered });
  const modals = new Modals({ app, api, outbox, state, log, delivery });
  registerListeners(bolt, { app, api, outbox, state, tokens, users, delivery, modals, log });
  modals.register(bolt);
  registerShortcuts(bolt, { outbox, modals, log });

  log.info('slack adapter ready', { mode: tokens.mode, apiUrl: cfg.apiUrl ? 'custom' : 'slack' });
  return {
    name: 'slack',
    mode: tokens.mode,
    routes: [receiver.route, ...routes],
    sender,
    idle: () => receiver.idle(),
    stop: () => receiver.idle(),
  };
}
