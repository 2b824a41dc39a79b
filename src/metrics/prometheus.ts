/**
 * The app's Metrics as Prometheus metrics, with prom-client. Each instance has its own registry (not
 * prom-client's global one), so several apps in one process (tests, the bench) never share counters.
 * The one module besides src/server that imports prom-client.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiErrorKind, Metrics, TurnOutcome } from '../core/metrics.js';

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly turns: Counter<'platform' | 'intent' | 'outcome'>;
  private readonly turnSeconds: Histogram<'platform'>;
  private readonly noMatch: Counter<'platform'>;
  private readonly apiCalls: Counter<'platform'>;
  private readonly apiErrors: Counter<'platform' | 'kind'>;
  private readonly nudgesSent: Counter;
  private readonly nudgesFailed: Counter;
  private readonly jobsRun: Counter;
  private readonly jobsFailed: Counter;
  private readonly storeErrors: Counter<'namespace'>;
  private readonly storeSeconds: Histogram<'namespace'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.turns = new Counter({ name: 'icc_turns_total', help: 'Turns handled, by platform, answering intent and outcome.', labelNames: ['platform', 'intent', 'outcome'], registers });
    this.turnSeconds = new Histogram({
      name: 'icc_turn_duration_seconds',
      help: 'Time the bot took to handle a turn (routing, intent, store), without the platform round trip.',
      labelNames: ['platform'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.noMatch = new Counter({ name: 'icc_search_no_match_total', help: 'Searches people asked for that found no practice.', labelNames: ['platform'], registers });
    this.apiCalls = new Counter({ name: 'icc_platform_api_calls_total', help: 'Platform API call attempts (Slack Web API, Teams proactive sends); a retry is another attempt.', labelNames: ['platform'], registers });
    this.apiErrors = new Counter({ name: 'icc_platform_api_errors_total', help: 'Failed platform API call attempts, by kind: 429, 5xx, timeout, other.', labelNames: ['platform', 'kind'], registers });
    this.nudgesSent = new Counter({ name: 'icc_nudges_sent_total', help: 'Weekly nudges sent.', registers });
    this.nudgesFailed = new Counter({ name: 'icc_nudges_failed_total', help: 'Weekly nudges that failed (retried later) or could not be processed.', registers });
    this.jobsRun = new Counter({ name: 'icc_jobs_run_total', help: 'One-off jobs (reminders, follow-ups) run to completion.', registers });
    this.jobsFailed = new Counter({ name: 'icc_jobs_failed_total', help: 'One-off job runs that failed (retried with backoff, dropped after 5).', registers });
    this.storeErrors = new Counter({ name: 'icc_store_errors_total', help: 'Store operations that failed or timed out, by namespace.', labelNames: ['namespace'], registers });
    this.storeSeconds = new Histogram({
      name: 'icc_store_operation_duration_seconds',
      help: 'Store operation latency, by namespace (failed operations included).',
      labelNames: ['namespace'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
      registers,
    });
    // Zero series exist from the start, so rate() and absent() work before the first event.
    for (const kind of ['429', '5xx', 'timeout', 'other'] satisfies ApiErrorKind[]) for (const platform of ['slack', 'teams']) this.apiErrors.inc({ platform, kind }, 0);
  }

  turn(platform: string, intent: string, outcome: TurnOutcome, seconds: number): void {
    this.turns.inc({ platform, intent, outcome });
    this.turnSeconds.observe({ platform }, seconds);
  }

  searchNoMatch(platform: string): void {
    this.noMatch.inc({ platform });
  }

  platformApiCall(platform: 'slack' | 'teams', error?: ApiErrorKind): void {
    this.apiCalls.inc({ platform });
    if (error) this.apiErrors.inc({ platform, kind: error });
  }

  nudges(sent: number, failed: number): void {
    this.nudgesSent.inc(sent);
    this.nudgesFailed.inc(failed);
  }

  jobs(ran: number, failed: number): void {
    this.jobsRun.inc(ran);
    this.jobsFailed.inc(failed);
  }

  storeOperation(namespace: string, seconds: number, ok: boolean): void {
    this.storeSeconds.observe({ namespace }, seconds);
    if (!ok) this.storeErrors.inc({ namespace });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
