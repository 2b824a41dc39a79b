/**
 * What a feature brings, and the app as job handlers and tick tasks see it. Each feature's entry
 * (src/features/<name>.ts) exports one `Feature`; src/app.ts lists them, and the bot (intents),
 * `serve` (job handlers, tick tasks), privacy (personal data) and help (i18n namespaces) walk that list.
 * Types only, so a feature's modules can import them without reaching the composition root.
 */
import './services.js';
import type { CliIO } from './cli-io.js';
import type { Config } from './config.js';
import type { Content } from './content/loader.js';
import type { Bot } from './core/bot.js';
import type { Clock } from './core/clock.js';
import type { AppDeps, Intent } from './core/intent.js';
import type { Logger } from './core/log.js';
import type { Metrics } from './core/metrics.js';
import type { Senders } from './core/sender.js';
import type { Stores } from './core/stores.js';
import type { Reply, Scope, Turn } from './core/turn.js';
import type { PersonalDataSource } from './privacy/personal-data.js';
import type { JobHandler, JobQueue } from './scheduler/jobs.js';
import type { PracticeSearch } from './search/practice-search.js';

/** The running app (src/app.ts builds it): what the CLI, `serve`, the adapters and the jobs use. */
export interface App {
  config: Readonly<Config>;
  content: Content;
  search: PracticeSearch;
  stores: Stores;
  jobs: JobQueue;
  bot: Bot;
  log: Logger;
  clock: Clock;
  /** Where turns, store operations and platform calls are counted (`serve` exposes them at /metrics). */
  metrics: Metrics;
  /** The features this app runs, in src/app.ts's order. */
  features: readonly Feature[];
  /** The practice search one workspace sees: a feature's view of it (see Feature.workspaceSearch), else `search`. */
  searchFor(scope: Scope): PracticeSearch;
  close(): Promise<void>;
}

/** What a job handler or a tick task may use: the app, and the senders of the platforms `serve` runs. */
export interface JobDeps {
  app: App;
  senders: Senders;
}

/** A feature's one-off job handlers, by job kind (`app.jobs.schedule({ kind, ... })`). */
export type JobHandlerFactory = (deps: JobDeps) => Array<[kind: string, handler: JobHandler]>;

/** Periodic work besides one-off jobs (e.g. weekly nudges); each returns the function run on every tick. */
export type TickTaskFactory = (deps: JobDeps) => { name: string; run: () => Promise<unknown>; prepare?: () => Promise<unknown> };

/**
 * A command of `icc-assistant` that a feature brings (e.g. `practices`, `report`). The CLI lists the
 * features' commands; `openApp` builds the app for the command (the caller closes it), so a feature's
 * command never imports the composition root.
 */
export interface CliCommand {
  name: string;
  /** Its lines in `icc-assistant help`, starting with the name. */
  usage: string;
  run(args: string[], io: CliIO, config: Readonly<Config>, openApp: () => Promise<App>): Promise<number>;
}

export interface Feature {
  name: string;
  /** Its intents (files in intents/), in the order help lists them. */
  intents?: readonly Intent[];
  /** Handlers of the one-off jobs it schedules. */
  jobHandlers?: JobHandlerFactory;
  /** Work `serve` runs on every tick. */
  tickTasks?: readonly TickTaskFactory[];
  /** What it keeps about a person: `/icc privacy` explains, exports and erases it. */
  personalData?: readonly PersonalDataSource[];
  /** Runs after every turn an intent answered, before the replies go out (e.g. remember a list shown). */
  afterTurn?(deps: AppDeps, turn: Turn, replies: readonly Reply[]): Promise<void>;
  /** Runs once when the app is built, before any turn (e.g. load what the store adds to the search). */
  start?(app: App): Promise<void>;
  /**
   * The practice search of one workspace when it is not the app's (e.g. with the practices approved
   * there), or undefined. Asked on every turn, so it answers from memory.
   */
  workspaceSearch?(app: App, scope: Scope): PracticeSearch | undefined;
  /** Its commands of the `icc-assistant` CLI. */
  cli?: readonly CliCommand[];
  /**
   * Its message file, content/i18n/<locale>/<namespace>.json: its `<namespace>.…` keys and its intents'
   * descriptions live there in every complete locale (test/i18n-namespaces.test.ts holds it to that).
   */
  i18nNamespace?: string;
}
