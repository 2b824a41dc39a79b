/**
 * Weekly-nudge subscriptions: one per channel or group chat, in the tenant-scoped namespace `nudge`,
 * keyed by the conversation id. Values are validated on read, so a stale or hand-edited record is
 * skipped with a log line instead of breaking a scheduler tick. Every subscription is also a member of
 * the namespace's index (Namespace.indexAdd, score 0), which the scheduler walks instead of the keys.
 */
import { z } from 'zod';
import { AreaIdSchema } from '../content/schemas.js';
import type { Namespace, Store } from '../core/store.js';
import type { Address, Scope } from '../core/turn.js';
import { WEEKDAYS, nextOccurrence, previousOccurrence, type Occurrence, type WeeklySpec } from './schedule.js';

export const NUDGE_NAMESPACE = 'nudge';
/** A person's direct conversation with the assistant, by user id, for notes about their subscriptions. */
export const CONTACT_NAMESPACE = 'nudge-contact';
/** History key for a subscription without topics (every area). */
export const ALL_TOPICS = '*';

const AddressSchema = z.object({
  platform: z.enum(['console', 'slack', 'teams']),
  tenant: z.string(),
  conversation: z.string(),
  kind: z.enum(['dm', 'channel', 'group']),
  thread: z.string().optional(),
  ref: z.string().optional(),
});

const PersonSchema = z.object({ id: z.string(), name: z.string().optional() });
const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time');

export const SubscriptionSchema = z.object({
  address: AddressSchema,
  day: z.enum(WEEKDAYS),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timeZone: z.string(),
  /** Area ids; empty means every area. */
  topics: z.array(AreaIdSchema),
  locale: z.string(),
  createdBy: PersonSchema,
  createdAt: iso,
  updatedBy: PersonSchema,
  updatedAt: iso,
  /** Sends scheduled before this instant are never made (no surprise send right after setting up). */
  activeFrom: iso,
  status: z.enum(['active', 'paused', 'broken', 'off']),
  /** While paused: the first send instant that goes out again. */
  pausedUntil: iso.optional(),
  /** ISO weeks whose send is skipped ("skip next week"); past weeks are pruned when one is added. */
  skipWeeks: z.array(z.string()).default([]),
  brokenReason: z.string().optional(),
  /** Practice ids sent in the current cycle of each topic (area id, or `*` for every area). */
  history: z.record(z.string(), z.array(z.string())),
  /** Which topic the next digest draws from (round robin over `topics`). */
  topicCursor: z.number().int().nonnegative(),
  lastSent: z.object({ week: z.string(), at: iso, practice: z.string(), topic: z.string() }).optional(),
  /** A send of `week` failed for a passing reason; no replica retries before `notBefore`. */
  retry: z.object({ week: z.string(), notBefore: iso, attempts: z.number().int().nonnegative() }).optional(),
});

export type Subscription = z.infer<typeof SubscriptionSchema>;
export type NudgeStatus = Subscription['status'];
export type Person = z.infer<typeof PersonSchema>;

export function specOf(sub: Pick<Subscription, 'day' | 'time' | 'timeZone'>): WeeklySpec {
  return { day: sub.day, time: sub.time, timeZone: sub.timeZone };
}

/** The address digests go to: the channel itself, never a thread the command was typed in. */
export function channelAddress(address: Address): Address {
  const { thread: _thread, ...rest } = address;
  return rest;
}

/** Paused subscriptions whose pause has run out count as active (the scheduler flips them lazily). */
export function effectiveStatus(sub: Subscription, now: Date): NudgeStatus {
  if (sub.status === 'paused' && sub.pausedUntil && Date.parse(sub.pausedUntil) <= now.getTime()) return 'active';
  return sub.status;
}

/** The next send that will really go out (pause and skip taken into account), or undefined when stopped. */
export function upcomingSend(sub: Subscription, now: Date): Occurrence | undefined {
  if (sub.status === 'off' || sub.status === 'broken') return undefined;
  const spec = specOf(sub);
  let from = new Date(Math.max(now.getTime(), Date.parse(sub.activeFrom) - 1));
  if (sub.status === 'paused' && sub.pausedUntil) from = new Date(Math.max(from.getTime(), Date.parse(sub.pausedUntil) - 1));
  let o = nextOccurrence(spec, from);
  // One digest per ISO week: a week already sent (after a schedule change) or skipped is passed over.
  while (sub.skipWeeks.includes(o.week) || o.week === sub.lastSent?.week) o = nextOccurrence(spec, o.at);
  return o;
}

/**
 * The send due now, if any: the latest scheduled instant at or before `now`, still inside the window
 * (so a replica starting late sends once, never a backlog), not before `activeFrom`, not paused,
 * skipped or already sent. Pure: the scheduler still claims it atomically before sending.
 */
export function dueOccurrence(sub: Subscription, now: Date, windowMs: number): Occurrence | undefined {
  if (effectiveStatus(sub, now) !== 'active') return undefined;
  const occ = previousOccurrence(specOf(sub), now);
  const at = occ.at.getTime();
  if (at < Date.parse(sub.activeFrom)) return undefined;
  if (now.getTime() - at > windowMs) return undefined;
  if (sub.pausedUntil && at < Date.parse(sub.pausedUntil)) return undefined;
  if (sub.skipWeeks.includes(occ.week)) return undefined;
  if (sub.lastSent?.week === occ.week) return undefined;
  return occ;
}

export class Subscriptions {
  readonly ns: Namespace<unknown>;
  readonly contacts: Namespace<Address>;

  constructor(store: Store) {
    this.ns = store.namespace<unknown>(NUDGE_NAMESPACE);
    this.contacts = store.namespace<Address>(CONTACT_NAMESPACE);
  }

  /** Remembers where to reach `userId` directly (seen in a direct message with the assistant). */
  async rememberContact(scope: Scope, userId: string, dm: Address): Promise<void> {
    if (dm.kind === 'dm') await this.contacts.set(scope, userId, channelAddress(dm));
  }

  /** The channel's subscription; undefined when none or when the stored record does not validate. */
  async get(scope: Scope, conversation: string): Promise<Subscription | undefined> {
    const raw = await this.ns.get(scope, conversation);
    if (raw === undefined) return undefined;
    const parsed = SubscriptionSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  async put(scope: Scope, conversation: string, sub: Subscription): Promise<void> {
    await this.ns.set(scope, conversation, SubscriptionSchema.parse(sub));
    await this.ns.indexAdd(scope, conversation, 0);
  }

  /**
   * Re-reads the record and applies `change` to the fresh copy, so the scheduler's bookkeeping and a
   * person's settings change made moments apart do not overwrite each other's fields.
   */
  async update(scope: Scope, conversation: string, change: (sub: Subscription) => Subscription): Promise<Subscription | undefined> {
    const current = await this.get(scope, conversation);
    if (!current) return undefined;
    const next = change(current);
    await this.put(scope, conversation, next);
    return next;
  }

  async delete(scope: Scope, conversation: string): Promise<void> {
    await this.ns.delete(scope, conversation);
    await this.unindexIfGone(scope, conversation);
  }

  /** Drops the index entry when the record is gone (not merely invalid); a record re-created meanwhile stays indexed. */
  async unindexIfGone(scope: Scope, conversation: string): Promise<void> {
    if ((await this.ns.get(scope, conversation)) !== undefined) return;
    await this.ns.indexRemove(scope, conversation);
    if ((await this.ns.get(scope, conversation)) !== undefined) await this.ns.indexAdd(scope, conversation, 0);
  }

  /** Indexes subscriptions stored before the index existed (once per store; the scheduler starts it). */
  async ready(): Promise<void> {
    await this.ns.backfillIndex(() => 0);
  }

  /** Conversation ids with a subscription in one tenant. */
  ids(scope: Scope): Promise<string[]> {
    return this.ns.ids(scope);
  }

  /** Every subscription of every tenant, from the index: no listing of the store's keys. */
  async *all(): AsyncGenerator<{ scope: Scope; id: string }> {
    await this.ready();
    for (const { scope, id } of await this.ns.indexed()) yield { scope, id };
  }
}
