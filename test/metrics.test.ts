/** The pieces behind /metrics: failure kinds of each platform, store timing, the bearer check, one registry per app. */
import { describe, expect, it, vi } from 'vitest';
import { errorKind as slackKind } from '../src/adapters/slack/api.js';
import { errorKind as teamsKind } from '../src/adapters/teams/sender.js';
import { noMetrics, type Metrics } from '../src/core/metrics.js';
import { Store } from '../src/core/store.js';
import { PrometheusMetrics } from '../src/metrics/prometheus.js';
import { bearerMatches } from '../src/server/metrics.js';
import { sample } from './helpers/metrics.js';

describe('failure kinds', () => {
  it('Slack Web API errors', () => {
    expect(slackKind({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 })).toBe('429');
    expect(slackKind({ code: 'slack_webapi_platform_error', data: { error: 'ratelimited' } })).toBe('429');
    expect(slackKind({ code: 'slack_webapi_http_error', statusCode: 503 })).toBe('5xx');
    expect(slackKind({ code: 'slack_webapi_platform_error', data: { error: 'internal_error' } })).toBe('5xx');
    expect(slackKind({ code: 'slack_webapi_request_error', message: 'timeout of 10000ms exceeded' })).toBe('timeout');
    expect(slackKind({ code: 'slack_webapi_request_error', timedOut: true })).toBe('timeout');
    expect(slackKind({ code: 'slack_webapi_request_error', message: 'connect ECONNREFUSED' })).toBe('other');
    expect(slackKind({ code: 'slack_webapi_http_error', statusCode: 404 })).toBe('other');
    expect(slackKind({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } })).toBe('other');
  });

  it('Bot Connector errors', () => {
    expect(teamsKind({ statusCode: 429 })).toBe('429');
    expect(teamsKind({ statusCode: 502 })).toBe('5xx');
    expect(teamsKind({ code: 'ETIMEDOUT' })).toBe('timeout');
    expect(teamsKind({ name: 'AbortError', message: 'The operation was aborted' })).toBe('timeout');
    expect(teamsKind({ statusCode: 403, message: 'BotNotInConversationRoster' })).toBe('other');
    expect(teamsKind(new Error('boom'))).toBe('other');
  });
});

describe('store operations', () => {
  it('every namespace operation is timed, and a failure is counted as one', async () => {
    const seen: Array<[string, boolean]> = [];
    const metrics: Metrics = { ...noMetrics, storeOperation: (ns, seconds, ok) => void (expect(seconds).toBeGreaterThanOrEqual(0), seen.push([ns, ok])) };
    const store = await Store.open('memory://', undefined, metrics);
    const ns = store.namespace<string>('profile');
    const scope = { platform: 'console' as const, tenant: 'T1' };
    await ns.set(scope, 'a', 'x');
    expect(await ns.get(scope, 'a')).toBe('x');
    expect(seen).toEqual([
      ['profile', true],
      ['profile', true],
    ]);
    const get = vi.spyOn(store.backend.keyv, 'get').mockRejectedValue(new Error('down'));
    await expect(ns.get(scope, 'a')).rejects.toThrow(/store profile operation failed/);
    expect(seen.at(-1)).toEqual(['profile', false]);
    expect(await store.ping(100)).toBe(false);
    get.mockReturnValue(new Promise(() => undefined));
    const t0 = Date.now();
    expect(await store.ping(100)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('PrometheusMetrics', () => {
  it('keeps one registry per instance, so two apps in a process do not share counters', async () => {
    const a = new PrometheusMetrics();
    const b = new PrometheusMetrics();
    a.turn('slack', 'search', 'ok', 0.02);
    a.storeOperation('dialog', 0.001, false);
    a.nudges(2, 1);
    const textA = (await a.render()).body;
    const textB = (await b.render()).body;
    expect(sample(textA, 'icc_turns_total', { platform: 'slack', intent: 'search', outcome: 'ok' })).toBe(1);
    expect(sample(textB, 'icc_turns_total', { platform: 'slack', intent: 'search', outcome: 'ok' })).toBeUndefined();
    expect(sample(textA, 'icc_turn_duration_seconds_bucket', { platform: 'slack', le: '0.025' })).toBe(1);
    expect(sample(textA, 'icc_store_errors_total', { namespace: 'dialog' })).toBe(1);
    expect(sample(textA, 'icc_nudges_sent_total')).toBe(2);
    expect(sample(textA, 'icc_nudges_failed_total')).toBe(1);
    expect(sample(textB, 'icc_platform_api_errors_total', { platform: 'teams', kind: '5xx' })).toBe(0);
  });
});

describe('bearerMatches', () => {
  it('accepts only the exact token', () => {
    const token = 'a-metrics-token-of-some-length';
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    for (const bad of [undefined, '', 'Bearer', 'Bearer ', `Bearer ${token} x`, `Bearer ${token}x`, `Basic ${token}`, token]) expect(bearerMatches(bad, token), String(bad)).toBe(false);
  });
});
