/**
 * What the app reports to its operators, in the app's own terms. The core, the scheduler and the
 * adapters call this small interface; only src/metrics/ knows it ends up as Prometheus metrics, so
 * nothing here imports prom-client and a CLI command that never serves never loads it.
 */

/** How a turn ended: answered, or which friendly error sentence it got. */
export type TurnOutcome = 'ok' | 'error' | 'store_unavailable' | 'bad_action';

/** Why a platform API call failed: rate limited, a server error, no answer in time, anything else. */
export type ApiErrorKind = '429' | '5xx' | 'timeout' | 'other';

export interface Metrics {
  /** One turn handled by the bot; `intent` is the one that answered (or `none` when routing failed). */
  turn(platform: string, intent: string, outcome: TurnOutcome, seconds: number): void;
  /** A search a person asked for found no practice. */
  searchNoMatch(platform: string): void;
  /** One attempt at a platform API call (a retry is another attempt); `error` when it failed. */
  platformApiCall(platform: 'slack' | 'teams', error?: ApiErrorKind): void;
  /** Weekly nudges of one scheduler tick. */
  nudges(sent: number, failed: number): void;
  /** One-off jobs of one scheduler tick. */
  jobs(ran: number, failed: number): void;
  /** One store operation of a namespace, how long it took and whether it failed. */
  storeOperation(namespace: string, seconds: number, ok: boolean): void;
}

/** For apps that report nowhere (the CLI, tests that do not look). */
export const noMetrics: Metrics = Object.freeze({
  turn: () => undefined,
  searchNoMatch: () => undefined,
  platformApiCall: () => undefined,
  nudges: () => undefined,
  jobs: () => undefined,
  storeOperation: () => undefined,
});
