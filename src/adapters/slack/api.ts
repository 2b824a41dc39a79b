/**
 * The Slack Web API as the adapter uses it: one WebClient per token (base URL from SLACK_API_URL), and
 * one retry policy for every call, response_url posts included: a 429 waits what `Retry-After` says,
 * 5xx and network errors back off exponentially, a few times. What still fails becomes a SendError
 * with a reason the caller can act on. The SDK's own retries and logging are switched off so this is
 * the one place that decides (and so no token can reach a log line through the SDK's debug output).
 */
import { webApi, type Logger as BoltLogger } from '@slack/bolt';
import { LogLevel } from '@slack/bolt';
import { SendError } from '../../core/sender.js';
import type { Logger } from '../../core/log.js';
import type { ApiErrorKind, Metrics } from '../../core/metrics.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff for 5xx / network errors; doubles each time. */
  baseMs: number;
  maxBackoffMs: number;
  /** A 429 asking to wait longer than this gives up at once (reason `rate-limited`). */
  maxRetryAfterS: number;
  sleep(ms: number): Promise<void>;
  /** 0 <= x < 1; spreads the waits so replicas and users hit by one outage do not retry in lockstep. */
  random(): number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  baseMs: 500,
  maxBackoffMs: 8_000,
  maxRetryAfterS: 60,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Default per-request timeout of Web API calls and response_url posts. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Calls that post something a person sees: when one times out, Slack may well have done it, so it is
 * not repeated (a lost reply is better than the same reply twice). Other calls are safe to repeat.
 */
const NOT_REPEATABLE_AFTER_TIMEOUT = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.meMessage', 'files.uploadV2', 'response_url']);

/** A failed Slack call: a SendError whose `slackError` is Slack's error code when it gave one. */
export class SlackCallError extends SendError {
  constructor(
    reason: SendError['reason'],
    readonly method: string,
    readonly slackError: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(reason, `slack ${method} failed: ${slackError ?? reason}`, options);
    this.name = 'SlackCallError';
  }
}

const GONE = new Set(['channel_not_found', 'is_archived', 'user_not_found', 'account_inactive', 'message_not_found', 'team_not_found', 'expired_url', 'used_url']);
const FORBIDDEN = new Set([
  'not_in_channel',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'cannot_dm_bot',
  'ekm_access_denied',
  'team_access_not_granted',
  'not_allowed_token_type',
]);
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

type Verdict = { retry: true; waitMs: number } | { retry: false; error: SlackCallError };

/** Exponential backoff with "equal jitter": between half and all of base * 2^attempt (capped). */
export function backoff(policy: Pick<RetryPolicy, 'baseMs' | 'maxBackoffMs' | 'random'>, attempt: number): number {
  const full = Math.min(policy.maxBackoffMs, policy.baseMs * 2 ** attempt);
  return Math.round(full / 2 + (full / 2) * policy.random());
}

/** What Retry-After asks, plus up to 10% (at most 1 s) so waiting callers do not all return at once. */
export function retryAfterWait(policy: Pick<RetryPolicy, 'random'>, seconds: number): number {
  const ms = Math.max(0, seconds) * 1000;
  return Math.round(ms + Math.min(1000, ms / 10) * policy.random());
}

function timedOut(err: unknown): boolean {
  const e = err as { timedOut?: boolean; message?: string };
  return e.timedOut === true || /timeout of \d+ms exceeded|ETIMEDOUT|ECONNABORTED|aborted due to timeout/i.test(String(e.message ?? ''));
}

function classify(method: string, err: unknown, attempt: number, policy: RetryPolicy): Verdict {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  const canRetry = attempt < policy.retries;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error': {
      const wait = Number(e.retryAfter ?? 1);
      if (canRetry && wait <= policy.maxRetryAfterS) return { retry: true, waitMs: retryAfterWait(policy, wait) };
      return { retry: false, error: new SlackCallError('rate-limited', method, 'ratelimited', { cause: err }) };
    }
    case 'slack_webapi_http_error': {
      const status = e.statusCode ?? 0;
      if (status >= 500 && canRetry) return { retry: true, waitMs: backoff(policy, attempt) };
      const reason = status >= 500 ? 'transient' : status === 401 || status === 403 ? 'forbidden' : status === 404 || status === 410 ? 'gone' : 'transient';
      return { retry: false, error: new SlackCallError(reason, method, `http_${status}`, { cause: err }) };
    }
    case 'slack_webapi_request_error':
      if (timedOut(err) && NOT_REPEATABLE_AFTER_TIMEOUT.has(method)) return { retry: false, error: new SlackCallError('transient', method, 'timeout', { cause: err }) };
      if (canRetry) return { retry: true, waitMs: backoff(policy, attempt) };
      return { retry: false, error: new SlackCallError('transient', method, 'request_error', { cause: err }) };
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited' && canRetry) return { retry: true, waitMs: retryAfterWait(policy, 1) };
      if (TRANSIENT.has(code) && canRetry) return { retry: true, waitMs: backoff(policy, attempt) };
      const reason = code === 'ratelimited' ? 'rate-limited' : GONE.has(code) ? 'gone' : FORBIDDEN.has(code) ? 'forbidden' : TRANSIENT.has(code) ? 'transient' : 'unsupported';
      return { retry: false, error: new SlackCallError(reason, method, code, { cause: err }) };
    }
    default:
      if (err instanceof SlackCallError) return { retry: false, error: err };
      return { retry: false, error: new SlackCallError('unsupported', method, undefined, { cause: err }) };
  }
}

/** A failed attempt as the metrics count it (icc_platform_api_errors_total{kind}). */
export function errorKind(err: unknown): ApiErrorKind {
  const e = err as { code?: string; statusCode?: number; data?: { error?: string } };
  if (e.code === 'slack_webapi_rate_limited_error' || e.data?.error === 'ratelimited') return '429';
  if (e.code === 'slack_webapi_http_error') return (e.statusCode ?? 0) >= 500 ? '5xx' : 'other';
  if (e.code === 'slack_webapi_request_error') return timedOut(err) ? 'timeout' : 'other';
  if (e.code === 'slack_webapi_platform_error' && e.data?.error === 'request_timeout') return 'timeout';
  if (e.code === 'slack_webapi_platform_error' && TRANSIENT.has(e.data?.error ?? '')) return '5xx';
  return 'other';
}

/** Keeps only warnings and errors from the SDK, with anything token-shaped masked. */
export function sdkLogger(log: Logger, name = 'slack-sdk'): BoltLogger {
  let level: LogLevel = LogLevel.WARN;
  const mask = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ').replace(/xox[a-z]-[A-Za-z0-9-]+/g, '[redacted]');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => log.warn(mask(args), { component: name }),
    error: (...args: unknown[]) => log.error(mask(args), { component: name }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export interface SlackApiOptions {
  /** Web API base URL, e.g. `https://slack.com/api/` (SLACK_API_URL). */
  apiUrl?: string | undefined;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Counts every attempt and its failure kind. */
  metrics?: Metrics | undefined;
}

export type ApiResult = Record<string, unknown> & { ok?: boolean };

export class SlackApi {
  readonly policy: RetryPolicy;
  private readonly clients = new Map<string, webApi.WebClient>();
  private readonly apiUrl: string;
  private readonly sdkLog: BoltLogger;

  constructor(private readonly opts: SlackApiOptions) {
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.apiUrl = opts.apiUrl ?? 'https://slack.com/api/';
    this.sdkLog = sdkLogger(opts.log);
  }

  /** How every WebClient here is set up (InstallProvider's client for oauth.v2.access too). */
  clientOptions(): Omit<webApi.WebClientOptions, 'logger' | 'logLevel'> {
    return {
      slackApiUrl: this.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // Only our own base URL: a payload can never make the client post a token elsewhere.
      allowAbsoluteUrls: false,
      // The SDK would attach the failed HTTP request (with its Authorization header) to errors.
      attachOriginalToWebAPIRequestError: false,
    };
  }

  /** The client for a token. */
  client(token = ''): webApi.WebClient {
    let c = this.clients.get(token);
    if (!c) {
      if (this.clients.size > 1000) this.clients.clear();
      c = new webApi.WebClient(token || undefined, { ...this.clientOptions(), logger: this.sdkLog });
      this.clients.set(token, c);
    }
    return c;
  }

  /** Runs `attempt` under the retry policy; the final failure is a SlackCallError. */
  async withRetries<T>(method: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        const result = await attempt();
        this.opts.metrics?.platformApiCall('slack');
        return result;
      } catch (err) {
        this.opts.metrics?.platformApiCall('slack', errorKind(err));
        const v = classify(method, err, n, this.policy);
        if (!v.retry) throw v.error;
        this.opts.log.warn('slack call will be retried', { method, attempt: n + 1, waitMs: v.waitMs, code: (err as { code?: string }).code });
        await this.policy.sleep(v.waitMs);
      }
    }
  }

  call<T extends ApiResult = ApiResult>(token: string, method: string, args: Record<string, unknown> = {}): Promise<T> {
    return this.withRetries(method, async () => (await this.client(token).apiCall(method, args)) as T);
  }

  /** files.uploadV2 (get an upload URL, send the bytes, complete), retried as one unit. */
  uploadFile(token: string, args: webApi.FilesUploadV2Arguments): Promise<unknown> {
    return this.withRetries('files.uploadV2', () => this.client(token).filesUploadV2(args));
  }

  /** Whether a response_url may be posted to: Slack's hooks host, or the configured API host (tests). */
  responseUrlAllowed(url: string): boolean {
    try {
      const u = new URL(url);
      if (u.protocol === 'https:' && u.hostname === 'hooks.slack.com') return true;
      return this.opts.apiUrl !== undefined && u.origin === new URL(this.opts.apiUrl).origin;
    } catch {
      return false;
    }
  }

  /** Posts to an interaction's response_url (ephemeral answers, replacing or deleting the original). */
  async respond(responseUrl: string, body: Record<string, unknown>): Promise<void> {
    if (!this.responseUrlAllowed(responseUrl)) throw new SlackCallError('unsupported', 'response_url', 'response_url_not_allowed');
    await this.withRetries('response_url', async () => {
      let res: Response;
      try {
        res = await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
          // The URL came in a payload: only the checked host is posted to, never where it redirects
          // (a 307 would repeat the POST, body included, to any host; one command once made 84 such POSTs).
          redirect: 'manual',
        });
      } catch (err) {
        const timeout = (err as { name?: string }).name === 'TimeoutError';
        throw Object.assign(new Error('response_url request failed', { cause: err }), { code: 'slack_webapi_request_error', timedOut: timeout });
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => undefined);
        throw new SlackCallError('unsupported', 'response_url', 'redirect_refused');
      }
      const text = await res.text().catch(() => '');
      if (res.status === 429) {
        const after = Number.parseInt(res.headers.get('retry-after') ?? '1', 10);
        throw Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: Number.isNaN(after) ? 1 : after });
      }
      if (res.status !== 200) throw Object.assign(new Error(`response_url HTTP ${res.status}`), { code: 'slack_webapi_http_error', statusCode: res.status });
      // Slack answers `ok` or a JSON object; an `ok: false` carries the reason (e.g. expired_url).
      if (text.startsWith('{')) {
        let parsed: { ok?: boolean; error?: string } = {};
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch {
          parsed = {};
        }
        if (parsed.ok === false) throw Object.assign(new Error('response_url refused'), { code: 'slack_webapi_platform_error', data: { error: parsed.error ?? 'unknown_error' } });
      }
    });
  }
}
