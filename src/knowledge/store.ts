/**
 * Proposed practices, per workspace (namespace `proposal`, every key under its platform and tenant), and
 * the workspace's version of its approved practices. Lists read indexes, never the keyspace: each record
 * is indexed as `<status>|<id>` (score 0, read by prefix), and the version of each workspace's approved
 * practices is the score of one member of the index `knowledge-version` (read by every replica's tick).
 */
import { randomInt } from 'node:crypto';
import type { Namespace, Store } from '../core/store.js';
import type { Address, Scope } from '../core/turn.js';
import type { AreaId } from '../content/schemas.js';

export const STATUSES = ['pending', 'changes', 'approved', 'rejected'] as const;
export type ProposalStatus = (typeof STATUSES)[number];

/** What the proposer typed, checked (src/knowledge/fields.ts). */
export interface ProposalValues {
  title: string;
  /** City id from content/cities. */
  city: string;
  summary: string;
  areas: AreaId[];
  source: string;
  year: number;
}

export interface Person {
  id: string;
  name?: string;
}

export interface Proposal extends ProposalValues {
  id: string;
  status: ProposalStatus;
  /** Empty id once the proposer erased their data (an approved practice stays, without them). */
  proposer: Person;
  /** Where the proposer hears the decision (kept until the decision is sent). */
  address?: Address;
  /** The proposer's language, for the decision message. */
  locale: string;
  submittedAt: string;
  updatedAt: string;
  /** The last curator decision (approve, changes, reject) and its words. */
  decision?: { by: Person; at: string; comment?: string };
  /** Once approved: the practice's id in search and in `practices export`. */
  practiceId?: string;
  /** Once approved: the date it was checked (YYYY-MM-DD). */
  verified?: string;
}

/** A proposal being written: the values given so far, kept between the form (or dialog) and "Submit". */
export interface Draft {
  values: Partial<ProposalValues>;
  /** The proposal this draft changes (after a curator asked for changes). */
  editing?: string;
  updatedAt: string;
}

const DRAFT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const APPROVED_VERSION = 'approved';

export class ProposalStore {
  readonly proposals: Namespace<Proposal>;
  readonly drafts: Namespace<Draft>;
  private readonly versions: Namespace<never>;

  constructor(readonly store: Store) {
    this.proposals = store.namespace<Proposal>('proposal');
    this.drafts = store.namespace<Draft>('proposal-draft', { ttlMs: DRAFT_TTL_MS });
    this.versions = store.namespace<never>('knowledge-version');
  }

  get(scope: Scope, id: string): Promise<Proposal | undefined> {
    return this.proposals.get(scope, id);
  }

  /** Writes the record, then moves its index entry to its status (the record first: see Namespace.indexAdd). */
  async put(scope: Scope, proposal: Proposal, previous?: ProposalStatus): Promise<void> {
    await this.proposals.set(scope, proposal.id, proposal);
    if (previous && previous !== proposal.status) await this.proposals.indexRemove(scope, `${previous}|${proposal.id}`);
    await this.proposals.indexAdd(scope, `${proposal.status}|${proposal.id}`, 0);
    // Only a practice entering or leaving the approved ones changes what the search holds.
    if (previous !== proposal.status && (proposal.status === 'approved' || previous === 'approved')) await this.bumpVersion(scope);
  }

  async remove(scope: Scope, proposal: Proposal): Promise<void> {
    await this.proposals.delete(scope, proposal.id);
    await this.proposals.indexRemove(scope, `${proposal.status}|${proposal.id}`);
    if (proposal.status === 'approved') await this.bumpVersion(scope);
  }

  /** The workspace's proposals with these statuses, oldest first; index members whose record has gone are dropped. */
  async list(scope: Scope, statuses: readonly ProposalStatus[] = STATUSES): Promise<Proposal[]> {
    const out: Proposal[] = [];
    for (const status of statuses) {
      for (const member of await this.proposals.indexedIds(scope, `${status}|`)) {
        const id = member.slice(status.length + 1);
        const p = await this.proposals.get(scope, id);
        if (p?.status === status) out.push(p);
        else if (!p) await this.proposals.indexRemove(scope, member);
      }
    }
    return out.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id));
  }

  /** Something else changed what the workspace's search holds (a practice retired there): a new version. */
  touch(scope: Scope): Promise<void> {
    return this.bumpVersion(scope);
  }

  /**
   * A new version number for the workspace's approved practices. Microseconds plus a random part, so
   * two replicas approving in the same millisecond still leave a number no reader has seen.
   */
  private async bumpVersion(scope: Scope): Promise<void> {
    await this.versions.indexAdd(scope, APPROVED_VERSION, Date.now() * 1000 + randomInt(1000));
  }

  /** Every workspace with approved practices (now or before), and its version: one index read. */
  async versionsByWorkspace(): Promise<Array<{ scope: Scope; version: number }>> {
    const rows = await this.versions.indexed();
    return rows.filter((r) => r.id === APPROVED_VERSION).map((r) => ({ scope: r.scope, version: r.score }));
  }

  async version(scope: Scope): Promise<number> {
    return (await this.versionsByWorkspace()).find((v) => v.scope.platform === scope.platform && v.scope.tenant === scope.tenant)?.version ?? 0;
  }
}

const byStore = new WeakMap<Store, ProposalStore>();

/** One ProposalStore per store (the app's, or a CLI's). */
export function proposalStore(store: Store): ProposalStore {
  let s = byStore.get(store);
  if (!s) byStore.set(store, (s = new ProposalStore(store)));
  return s;
}
