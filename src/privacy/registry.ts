/**
 * Every feature that keeps data about a person declares it here: what it is (for `/icc privacy`),
 * how to export it and how to erase it. `privacy export` / `privacy delete` walk this list, so a
 * new namespace with personal data must add one entry (a test checks the known namespaces).
 */
import type { Stores } from '../core/stores.js';
import type { Scope } from '../core/turn.js';
import type { JobQueue } from '../scheduler/jobs.js';
import { peerContactData, peerIntroData } from '../peers/privacy.js';
import { nudgeData } from '../nudges/privacy.js';
import { selfcheckResultData, selfcheckRunData } from '../selfcheck/privacy.js';
import { eraseVotes, votesOf } from '../feedback/boost.js';
import { exportsOf, removeExportsOf } from './files.js';

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

const profile: PersonalDataSource = {
  name: 'profile',
  describeKey: 'privacy.data.profile',
  export: async ({ stores }, scope, user) => (await stores.profile.get(scope, user)) ?? null,
  erase: async ({ stores }, scope, user) => ((await stores.profile.delete(scope, user)) ? 1 : 0),
};

const dialog: PersonalDataSource = {
  name: 'dialog',
  describeKey: 'privacy.data.dialog',
  async export({ stores }, scope, user) {
    const ids = await stores.dialog.ids(scope, `${user}|`);
    return Promise.all(ids.map(async (id) => ({ conversation: id.slice(user.length + 1), ...(await stores.dialog.get(scope, id)) })));
  },
  async erase({ stores }, scope, user) {
    let n = 0;
    for (const id of await stores.dialog.ids(scope, `${user}|`)) if (await stores.dialog.delete(scope, id)) n++;
    return n;
  },
};

const feedback: PersonalDataSource = {
  name: 'feedback',
  describeKey: 'privacy.data.feedback',
  // The answers; the ranking votes (in the export too) are the same answers as they weigh on the ranking.
  async count({ stores }, scope, user) {
    let n = 0;
    for (const id of await stores.feedback.ids(scope)) if ((await stores.feedback.get(scope, id))?.user === user) n++;
    return n;
  },
  async export({ stores }, scope, user) {
    const out = [];
    for (const id of await stores.feedback.ids(scope)) {
      const f = await stores.feedback.get(scope, id);
      if (f?.user === user) out.push(f);
    }
    // The same answers as they weigh on the ranking (src/feedback/boost.ts).
    return { answers: out, rankingVotes: await votesOf(stores.store, scope, user) };
  },
  async erase({ stores }, scope, user) {
    let n = 0;
    for (const id of await stores.feedback.ids(scope)) {
      const f = await stores.feedback.get(scope, id);
      if (f?.user === user && (await stores.feedback.delete(scope, id))) n++;
    }
    return n + (await eraseVotes(stores.store, scope, user));
  },
};

const jobs: PersonalDataSource = {
  name: 'scheduled-messages',
  describeKey: 'privacy.data.jobs',
  async export({ jobs }, scope, user) {
    return (await jobs.list(scope)).filter((j) => j.data.user === user).map((j) => ({ kind: j.kind, dueAt: j.dueAt }));
  },
  async erase({ jobs }, scope, user) {
    let n = 0;
    for (const j of await jobs.list(scope)) {
      if (j.data.user !== user) continue;
      await jobs.cancel(scope, j.id);
      n++;
    }
    return n;
  },
};

/** Export files not delivered yet (removed once delivered, or after an hour). */
const exportFiles: PersonalDataSource = {
  name: 'export-files',
  describeKey: 'privacy.data.exports',
  export: async ({ dataDir }, scope, user) => exportsOf(dataDir, scope, user).length,
  erase: async ({ dataDir }, scope, user) => removeExportsOf(dataDir, scope, user),
  count: async ({ dataDir }, scope, user) => exportsOf(dataDir, scope, user).length,
};

export const personalDataSources: PersonalDataSource[] = [profile, dialog, feedback, jobs, peerContactData, peerIntroData, nudgeData, selfcheckRunData, selfcheckResultData, exportFiles];

/** How many records of each kind are kept about a person now, by source name (kinds with none included). */
export async function countPersonalData(deps: PrivacyDeps, scope: Scope, userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const source of personalDataSources) counts[source.name] = source.count ? await source.count(deps, scope, userId) : countOf(await source.export(deps, scope, userId));
  return counts;
}

export async function exportPersonalData(deps: PrivacyDeps, scope: Scope, userId: string, now: Date): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  for (const source of personalDataSources) data[source.name] = await source.export(deps, scope, userId);
  return { exportedAt: now.toISOString(), platform: scope.platform, workspace: scope.tenant, user: userId, data };
}

export async function erasePersonalData(deps: PrivacyDeps, scope: Scope, userId: string): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const source of personalDataSources) removed[source.name] = await source.erase(deps, scope, userId);
  return removed;
}
