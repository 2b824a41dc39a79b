/**
 * The namespaces the assistant keeps, with their retention. The README's privacy section lists the
 * same table; change both together.
 */
import type { DialogState } from './dialog.js';
import { Store, type Namespace } from './store.js';
import type { Address } from './turn.js';

const DAY = 24 * 60 * 60 * 1000;

export const RETENTION = {
  /** Slack/Teams delivery ids: long enough to outlive every platform retry. */
  dedupeMs: 2 * 60 * 60 * 1000,
  /** An untouched dialog is dropped after this; a self-check run keeps its own saved copy. */
  dialogMs: 30 * DAY,
  feedbackMs: 365 * DAY,
} as const;

export interface Profile {
  /** Explicit language choice ("/icc language it"), overrides the platform's. */
  locale?: string;
  /** City id from content/cities. */
  city?: string;
  timeZone?: string;
  updatedAt: string;
}

export interface Feedback {
  user: string;
  query: string;
  helpful: boolean;
  resultIds: string[];
  at: string;
}

export interface Stores {
  store: Store;
  dialog: Namespace<DialogState>;
  profile: Namespace<Profile>;
  address: Namespace<Address>;
  feedback: Namespace<Feedback>;
  dedupe: Namespace<true>;
}

export function createStores(store: Store): Stores {
  return {
    store,
    dialog: store.namespace<DialogState>('dialog', { ttlMs: RETENTION.dialogMs }),
    profile: store.namespace<Profile>('profile'),
    address: store.namespace<Address>('address'),
    feedback: store.namespace<Feedback>('feedback', { ttlMs: RETENTION.feedbackMs }),
    dedupe: store.namespace<true>('dedupe', { ttlMs: RETENTION.dedupeMs }),
  };
}
