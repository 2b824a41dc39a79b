/**
 * Personal data: what a feature keeps about a person, declared as a `PersonalDataSource` in the
 * feature's entry (src/features/). `/icc privacy` explains, exports and erases what the app's features
 * declare (the list comes in, in the features' order), so a new namespace with personal data adds its
 * source to its own feature (a test checks the known namespaces).
 */
import type { Stores } from '../core/stores.js';
import type { Scope } from '../core/turn.js';
import type { JobQueue } from '../scheduler/jobs.js';

export interface PrivacyDeps {
  stores: Stores;
  jobs: JobQueue;
  /** Where files about people are written (exports, charts). */
  dataDir: string;
}

export interface PersonalDataSource {
  /** Store namespace (or feature) name, shown in the export. */
  name: string;
  /** i18n key of one line: what is kept and for how long. */
  describeKey: string;
  /**
   * i18n key of a line `/icc privacy` shows to everyone, records or not: what the feature keeps without
   * the person (e.g. counts that carry no name), so they know it is not about them.
   */
  noteKey?: string;
  export(deps: PrivacyDeps, scope: Scope, userId: string): Promise<unknown>;
  /** Removes the person's records; returns how many were removed. */
  erase(deps: PrivacyDeps, scope: Scope, userId: string): Promise<number>;
  /** How many records are kept now (default: counted from `export`, see `countOf`). */
  count?(deps: PrivacyDeps, scope: Scope, userId: string): Promise<number>;
}

/** Records in an export value: a list counts its items, a missing value none, anything else one. */
export function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value === null || value === undefined ? 0 : 1;
}

/** How many records of each kind are kept about a person now, by source name (kinds with none included). */
export async function countPersonalData(sources: readonly PersonalDataSource[], deps: PrivacyDeps, scope: Scope, userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const source of sources) counts[source.name] = source.count ? await source.count(deps, scope, userId) : countOf(await source.export(deps, scope, userId));
  return counts;
}

export async function exportPersonalData(sources: readonly PersonalDataSource[], deps: PrivacyDeps, scope: Scope, userId: string, now: Date): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  for (const source of sources) data[source.name] = await source.export(deps, scope, userId);
  return { exportedAt: now.toISOString(), platform: scope.platform, workspace: scope.tenant, user: userId, data };
}

export async function erasePersonalData(sources: readonly PersonalDataSource[], deps: PrivacyDeps, scope: Scope, userId: string): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const source of sources) removed[source.name] = await source.erase(deps, scope, userId);
  return removed;
}
