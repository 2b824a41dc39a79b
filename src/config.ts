/**
 * The only module that reads the environment. Parsed once with zod into a frozen object;
 * everything else receives the result, so tests pass their own environments.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { parseEncryptionKeys, type EncryptionKey } from './core/secret-box.js';
import { PACKAGE_ROOT } from './package-root.js';
import { parsePerWorkspace, type PerWorkspace } from './workspace-settings.js';

/**
 * The package's own directory (above src/, or above dist/src/ when built): the default content and data
 * paths hang from it, so the command works from any working directory (paths set in the environment are
 * taken relative to the working directory).
 */
export { PACKAGE_ROOT };

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    // RangeError: unknown zone.
    return false;
  }
}

const EnvSchema = z.object({
  STORE_URL: z
    .string()
    .regex(/^(sqlite:\/\/.+|memory:\/\/.*|redis:\/\/.+|rediss:\/\/.+)$/, 'must be sqlite://<path>, memory:// or redis://host:port')
    .optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional(),
  DEFAULT_LOCALE: z.string().regex(/^[a-z]{2}(-[A-Za-z]{2})?$/, 'must be a language code like en or fr').default('en'),
  DEFAULT_TIME_ZONE: z.string().refine(isTimeZone, 'must be an IANA time zone like Europe/Paris').default('UTC'),
  CONTENT_DIR: optionalString,
  DATA_DIR: optionalString,
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  PUBLIC_URL: optionalString,

  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: optionalString,
  /** Seals installed bot tokens in the store (required in Slack distribution mode); see parseEncryptionKeys. */
  STORE_ENCRYPTION_KEY: optionalString,

  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  TEAMS_LOCAL: z
    .enum(['', '0', '1', 'false', 'true'], { message: 'must be 1 (local Teams testing) or 0' })
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  TEAMS_WEBSITE_URL: optionalString.pipe(z.url({ protocol: /^https$/ }).optional()),
  TEAMS_PRIVACY_URL: optionalString.pipe(z.url({ protocol: /^https$/ }).optional()),
  TEAMS_TERMS_URL: optionalString.pipe(z.url({ protocol: /^https$/ }).optional()),

  NUDGE_TICK_SECONDS: z.coerce.number().positive().default(30),
  NUDGE_GRACE_HOURS: z.coerce.number().nonnegative().default(6),

  /** When set, GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().nonnegative().max(300).default(0),
  CURATORS: optionalString,
  NETWORK_CHANNEL: optionalString,
});

export type TeamsMode = 'off' | 'local' | 'authenticated';

export interface Config {
  storeUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** LOG_LEVEL was set: logs go to stderr even in the console chat (which otherwise writes them to a file). */
  logLevelExplicit: boolean;
  defaultLocale: string;
  /** IANA zone used when neither the platform nor the user's profile tells one (weekly nudges). */
  defaultTimeZone: string;
  contentDir: string;
  dataDir: string;
  port: number;
  publicUrl: string | undefined;
  slack: {
    signingSecret: string | undefined;
    botToken: string | undefined;
    clientId: string | undefined;
    clientSecret: string | undefined;
    stateSecret: string | undefined;
    apiUrl: string | undefined;
  };
  teams: {
    appId: string | undefined;
    appPassword: string | undefined;
    tenantId: string | undefined;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    /**
     * How `/api/messages` runs: `authenticated` with MICROSOFT_APP_ID (Bot Framework tokens), `local`
     * with TEAMS_LOCAL=1 (no tokens; loopback peers and service URLs only, server bound to 127.0.0.1),
     * `off` otherwise (not mounted).
     */
    mode: TeamsMode;
    /** Developer URLs written into the Teams app package (manifest.json keeps the defaults). */
    websiteUrl: string | undefined;
    privacyUrl: string | undefined;
    termsUrl: string | undefined;
  };
  nudges: { tickSeconds: number; graceHours: number };
  /** METRICS_TOKEN: the bearer token GET /metrics wants, if any. */
  metricsToken: string | undefined;
  /** SHUTDOWN_DRAIN_SECONDS: on SIGTERM, how long /readyz answers 503 while requests are still served. */
  shutdownDrainSeconds: number;
  /** CURATORS: who reviews proposed practices, per workspace/tenant (`forWorkspace(config.curators, platform, tenant)`). */
  curators: PerWorkspace;
  /** NETWORK_CHANNEL: the channel where a question nobody found an answer to may be asked, per workspace/tenant. */
  networkChannels: PerWorkspace;
  /**
   * STORE_ENCRYPTION_KEY: AES-256-GCM keys for secrets at rest, the first seals and all open (rotation).
   * Empty when unset.
   */
  storeEncryptionKeys: readonly EncryptionKey[];
  /** Values that must never reach a log line or a reply. */
  secrets: string[];
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const name = first?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid environment variable ${name}: ${first?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  if (e.TEAMS_LOCAL && e.MICROSOFT_APP_ID) {
    throw new ConfigError('Invalid environment variable TEAMS_LOCAL: local unauthenticated Teams testing cannot be combined with MICROSOFT_APP_ID; unset one of them');
  }
  const teamsMode: TeamsMode = e.MICROSOFT_APP_ID ? 'authenticated' : e.TEAMS_LOCAL ? 'local' : 'off';
  const dataDir = e.DATA_DIR ?? join(PACKAGE_ROOT, 'data');
  const keys = e.STORE_ENCRYPTION_KEY === undefined ? [] : parseEncryptionKeys(e.STORE_ENCRYPTION_KEY);
  // The message says what is wrong with the format, never the value.
  if (typeof keys === 'string') throw new ConfigError(`Invalid environment variable STORE_ENCRYPTION_KEY: ${keys}`);
  const keyTexts = (e.STORE_ENCRYPTION_KEY ?? '').split(/[,:]/).map((s) => s.trim()).filter((s) => s.length >= 16);
  // A Redis password in STORE_URL (rediss://user:password@host) is masked like the other secrets.
  const storePassword = e.STORE_URL && URL.canParse(e.STORE_URL) ? decodeURIComponent(new URL(e.STORE_URL).password) : '';
  const secrets = [storePassword, e.SLACK_SIGNING_SECRET, e.SLACK_BOT_TOKEN, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET, e.MICROSOFT_APP_PASSWORD, e.STORE_ENCRYPTION_KEY, e.METRICS_TOKEN, ...keyTexts].filter(
    (s): s is string => typeof s === 'string' && s.length >= 4,
  );
  const curators = parsePerWorkspace(e.CURATORS);
  if (typeof curators === 'string') throw new ConfigError(`Invalid environment variable CURATORS: ${curators}`);
  const networkChannels = parsePerWorkspace(e.NETWORK_CHANNEL, { single: true });
  if (typeof networkChannels === 'string') throw new ConfigError(`Invalid environment variable NETWORK_CHANNEL: ${networkChannels}`);
  return Object.freeze({
    storeUrl: e.STORE_URL ?? `sqlite://${join(dataDir, 'icc.sqlite')}`,
    logLevel: e.LOG_LEVEL ?? 'info',
    logLevelExplicit: e.LOG_LEVEL !== undefined,
    defaultLocale: e.DEFAULT_LOCALE,
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    contentDir: e.CONTENT_DIR ?? join(PACKAGE_ROOT, 'content'),
    dataDir,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      stateSecret: e.SLACK_STATE_SECRET,
      apiUrl: e.SLACK_API_URL,
    },
    teams: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      appType: e.MICROSOFT_APP_TYPE,
      mode: teamsMode,
      websiteUrl: e.TEAMS_WEBSITE_URL,
      privacyUrl: e.TEAMS_PRIVACY_URL,
      termsUrl: e.TEAMS_TERMS_URL,
    },
    nudges: { tickSeconds: e.NUDGE_TICK_SECONDS, graceHours: e.NUDGE_GRACE_HOURS },
    metricsToken: e.METRICS_TOKEN,
    shutdownDrainSeconds: e.SHUTDOWN_DRAIN_SECONDS,
    curators,
    networkChannels,
    storeEncryptionKeys: Object.freeze(keys),
    secrets,
  });
}

/** True when some platform is configured, so `npm start` serves instead of opening the console chat. */
export function hasPlatformCredentials(config: Config): boolean {
  const slack = Boolean(config.slack.signingSecret && (config.slack.botToken || config.slack.clientId));
  const teams = config.teams.mode !== 'off';
  return slack || teams;
}
