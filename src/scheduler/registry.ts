/** Job kinds and the features that handle them; `serve` runs them on its tick. */
import type { App } from '../app.js';
import type { Senders } from '../core/sender.js';
import type { JobHandler } from './jobs.js';
import { peersJobHandlers } from '../peers/introductions.js';
import { nudgeTaskFactory } from '../nudges/scheduler.js';
import { selfcheckJobHandlers } from '../selfcheck/reminder.js';
import { storePurgeTaskFactory } from './store-purge.js';

export interface JobDeps {
  app: App;
  senders: Senders;
}

export type JobHandlerFactory = (deps: JobDeps) => Array<[kind: string, handler: JobHandler]>;

export const jobHandlerFactories: JobHandlerFactory[] = [peersJobHandlers, selfcheckJobHandlers];

export function jobHandlers(deps: JobDeps): Map<string, JobHandler> {
  const map = new Map<string, JobHandler>();
  for (const factory of jobHandlerFactories) for (const [kind, handler] of factory(deps)) map.set(kind, handler);
  return map;
}

/** Periodic work besides one-off jobs (e.g. weekly nudges); each returns the function run on every tick. */
export type TickTaskFactory = (deps: JobDeps) => { name: string; run: () => Promise<unknown>; prepare?: () => Promise<unknown> };

export const tickTaskFactories: TickTaskFactory[] = [nudgeTaskFactory, storePurgeTaskFactory];
