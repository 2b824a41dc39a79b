/**
 * Each workspace's search: the content's practices plus the ones approved in that workspace, and only
 * there (tenant isolation), less the ones its curators retired. Built at start for every workspace with approved practices, rebuilt at once
 * in the process that approves, and by every replica's tick when the workspace's version in the store
 * moved (src/knowledge/store.ts), so another replica finds a new practice within a tick or two.
 */
import type { Content } from '../content/loader.js';
import type { Logger } from '../core/log.js';
import type { Store } from '../core/store.js';
import type { Scope } from '../core/turn.js';
import type { TickTaskFactory } from '../feature.js';
import type { PracticeSearch } from '../search/practice-search.js';
import { words } from '../search/text.js';
import { directoryOf } from './fields.js';
import { approvedPractices } from './practice.js';
import { proposalStore } from './store.js';
import { retiredIds } from './verification.js';

interface Deps {
  base: PracticeSearch;
  content: Content;
  store: Store;
  log: Logger;
}

const keyOf = (scope: Scope) => `${scope.platform}|${scope.tenant}`;

export class WorkspaceSearches {
  private readonly built = new Map<string, { version: number; search: PracticeSearch | undefined }>();
  /** One refresh at a time per workspace: a second waits for the first, then reads the version again. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: Deps) {}

  /** The workspace's own search, or undefined when it has no approved practice (the app's search then). */
  get(scope: Scope): PracticeSearch | undefined {
    return this.built.get(keyOf(scope))?.search;
  }

  /** Rebuilds the workspace's search when its version differs from the one built (always when `force`). */
  refresh(scope: Scope, version?: number, force = false): Promise<void> {
    const key = keyOf(scope);
    const before = this.running.get(key) ?? Promise.resolve();
    const next = before.then(() => this.rebuild(scope, version, force));
    this.running.set(key, next);
    void next.finally(() => {
      if (this.running.get(key) === next) this.running.delete(key);
    });
    return next;
  }

  private async rebuild(scope: Scope, given: number | undefined, force: boolean): Promise<void> {
    const key = keyOf(scope);
    const store = proposalStore(this.deps.store);
    // The version first, the practices after: an approval landing in between moves the version again,
    // so the next tick rebuilds with it.
    const version = given ?? (await store.version(scope));
    if (!force && this.built.get(key)?.version === version) return;
    const practices = await approvedPractices(this.deps.store, scope, this.deps.content);
    const retired = await retiredIds(this.deps.store, scope);
    if (practices.length === 0 && retired.size === 0) {
      this.built.set(key, { version, search: undefined });
      return;
    }
    const aliases = new Map<string, string>();
    const cities = directoryOf(this.deps.content.cities);
    for (const p of practices) {
      const city = [...cities.byId.values()].find((c) => c.name === p.city);
      for (const n of city ? [city.name, ...city.aliases] : [p.city]) aliases.set(words(n).join(' '), p.city);
    }
    const started = performance.now();
    this.built.set(key, { version, search: this.deps.base.withPractices(practices, aliases, retired) });
    this.deps.log.debug('workspace search rebuilt', { platform: scope.platform, tenant: scope.tenant, approved: practices.length, retired: retired.size, ms: Math.round(performance.now() - started) });
  }

  /** Every workspace whose version moved since its search was built (one index read); returns how many were rebuilt. */
  async refreshChanged(): Promise<number> {
    let n = 0;
    for (const { scope, version } of await proposalStore(this.deps.store).versionsByWorkspace()) {
      if (this.built.get(keyOf(scope))?.version === version) continue;
      await this.refresh(scope, version);
      n++;
    }
    return n;
  }
}

const registry = new WeakMap<Store, WorkspaceSearches>();

/** The app's workspace searches (one set per store, so two apps in one process stay apart). */
export function workspaceSearchesOf(store: Store): WorkspaceSearches | undefined {
  return registry.get(store);
}

/** The app's workspace searches, created on first use. */
export function workspaceSearches(deps: Deps): WorkspaceSearches {
  let searches = registry.get(deps.store);
  if (!searches) registry.set(deps.store, (searches = new WorkspaceSearches(deps)));
  return searches;
}

/** At start: build the search of every workspace with approved practices. */
export async function startWorkspaceSearches(deps: Deps): Promise<void> {
  await workspaceSearches(deps).refreshChanged();
}

/** On every tick: rebuild the searches of workspaces where a practice was approved (or withdrawn) elsewhere. */
export const workspaceSearchTask: TickTaskFactory = ({ app }) => ({
  name: 'knowledge-search',
  run: () => workspaceSearches({ base: app.search, content: app.content, store: app.stores.store, log: app.log }).refreshChanged(),
});
