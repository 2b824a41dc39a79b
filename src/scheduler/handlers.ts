/** The job handlers and tick tasks `serve` runs: those of the app's features (src/app.ts), walked here. */
import type { JobDeps, TickTaskFactory } from '../feature.js';
import type { JobHandler } from './jobs.js';

export type { JobDeps, JobHandlerFactory, TickTaskFactory } from '../feature.js';

/** Every feature's job handlers, by kind; two features claiming one kind is a start-up error. */
export function jobHandlers(deps: JobDeps): Map<string, JobHandler> {
  const map = new Map<string, JobHandler>();
  for (const feature of deps.app.features) {
    for (const [kind, handler] of feature.jobHandlers?.(deps) ?? []) {
      if (map.has(kind)) throw new Error(`Two features handle the job kind ${kind}`);
      map.set(kind, handler);
    }
  }
  return map;
}

/** Every feature's tick tasks, in the features' order. */
export function tickTasks(deps: JobDeps): Array<ReturnType<TickTaskFactory>> {
  return deps.app.features.flatMap((f) => (f.tickTasks ?? []).map((factory) => factory(deps)));
}
