/**
 * What peers keeps, always through the tenant scope (platform + workspace/tenant), so a contact who
 * opted in in one workspace is never seen from another:
 *   contact       `<cityId>|<userId>`          staff who opted in as their city's contact
 *   intro         `<createdAt ISO>|<turnId>`   every introduction (direct or public), with its follow-up answer
 *   peer-decline  `<userId>|<cityId>`          "don't suggest this city"
 * and reads the self-check's `selfcheck-result` (`<cityId>|<completedAt ISO>`), written by the self-check.
 */
import { z } from 'zod';
import { AreaIdSchema } from '../content/schemas.js';
import type { Namespace, Store } from '../core/store.js';
import type { Address, Scope } from '../core/turn.js';
import type { PeerOutcomes, SelfCheckSignal } from './rank.js';

const DAY = 24 * 60 * 60 * 1000;

export const PEER_RETENTION = {
  /** Introductions feed the ranking for a year, then go. */
  introMs: 365 * DAY,
} as const;

/** After this many introductions the requester reported as "not yet" connected, a contact is no longer offered. */
export const MAX_IGNORED_INTROS = 3;

export interface Contact {
  city: string;
  user: string;
  name?: string;
  /** The contact's own DM with the assistant, when they opted in from one (for notices). */
  address?: Address;
  optedInAt: string;
  lastIntroducedAt?: string;
}

export type IntroOutcome = 'yes' | 'not-yet' | 'not-useful';

export interface Intro {
  id: string;
  /** `direct`: a conversation was opened with an opted-in contact; `public`: public facts and a text to copy. */
  kind: 'direct' | 'public';
  requester: string;
  requesterName?: string;
  requesterCity?: string;
  city: string;
  contact?: string;
  contactName?: string;
  topic?: string;
  practices: string[];
  createdAt: string;
  /** Where the requester asked (their DM with the assistant): the follow-up goes there. */
  address: Address;
  locale: string;
  followUpSentAt?: string;
  outcome?: IntroOutcome;
  answeredAt?: string;
}

export interface Decline {
  at: string;
}

/** The shape the self-check stores its completed results in (namespace `selfcheck-result`). */
export const SelfCheckResultSchema = z.object({
  city: z.string().min(1),
  completedAt: z.string().min(1),
  overall: z.number(),
  areas: z.partialRecord(AreaIdSchema, z.number()),
  user: z.string(),
  kind: z.enum(['quick', 'area']),
});
export type SelfCheckResult = z.infer<typeof SelfCheckResultSchema>;

export interface PeerStores {
  contact: Namespace<Contact>;
  intro: Namespace<Intro>;
  decline: Namespace<Decline>;
  selfcheck: Namespace<unknown>;
}

const cache = new WeakMap<Store, PeerStores>();

export function peerStores(store: Store): PeerStores {
  let s = cache.get(store);
  if (!s) {
    s = {
      contact: store.namespace<Contact>('contact'),
      intro: store.namespace<Intro>('intro', { ttlMs: PEER_RETENTION.introMs }),
      decline: store.namespace<Decline>('peer-decline'),
      selfcheck: store.namespace<unknown>('selfcheck-result'),
    };
    cache.set(store, s);
  }
  return s;
}

async function all<T>(ns: Namespace<T>, scope: Scope, prefix = ''): Promise<Array<{ id: string; value: T }>> {
  const ids = await ns.ids(scope, prefix);
  const values = await Promise.all(ids.map((id) => ns.get(scope, id)));
  return ids.flatMap((id, i) => (values[i] === undefined ? [] : [{ id, value: values[i] as T }]));
}

export const contactId = (city: string, user: string) => `${city}|${user}`;

export function listIntros(s: PeerStores, scope: Scope): Promise<Intro[]> {
  return all(s.intro, scope).then((xs) => xs.map((x) => x.value));
}

export async function listContacts(s: PeerStores, scope: Scope, city?: string): Promise<Contact[]> {
  return (await all(s.contact, scope, city ? `${city}|` : '')).map((x) => x.value).filter((c) => !city || c.city === city);
}

/** Introductions the requester reported as "not yet" connected since the contact last opted in. */
export function ignoredCount(contact: Contact, intros: Intro[]): number {
  return intros.filter((i) => i.kind === 'direct' && i.contact === contact.user && i.city === contact.city && i.outcome === 'not-yet' && i.createdAt >= contact.optedInAt).length;
}

export function isOffered(contact: Contact, intros: Intro[]): boolean {
  return ignoredCount(contact, intros) < MAX_IGNORED_INTROS;
}

/** Contacts of `city` who can be introduced now (opted in, not paused), never the requester. */
export async function offeredContacts(s: PeerStores, scope: Scope, city: string, requester: string, intros?: Intro[]): Promise<Contact[]> {
  const contacts = (await listContacts(s, scope, city)).filter((c) => c.user !== requester);
  if (contacts.length === 0) return [];
  const known = intros ?? (await listIntros(s, scope));
  return contacts.filter((c) => isOffered(c, known)).sort((a, b) => (a.lastIntroducedAt ?? '').localeCompare(b.lastIntroducedAt ?? '') || a.optedInAt.localeCompare(b.optedInAt));
}

export async function declinedBy(s: PeerStores, scope: Scope, user: string): Promise<Set<string>> {
  const ids = await s.decline.ids(scope, `${user}|`);
  return new Set(ids.map((id) => id.slice(user.length + 1)));
}

/** Follow-up answers per city, in this tenant. */
export function outcomesOf(intros: Intro[]): Map<string, PeerOutcomes> {
  const out = new Map<string, PeerOutcomes>();
  for (const i of intros) {
    if (i.outcome !== 'yes' && i.outcome !== 'not-useful') continue;
    const o = out.get(i.city) ?? { yes: 0, notUseful: 0 };
    if (i.outcome === 'yes') o.yes++;
    else o.notUseful++;
    out.set(i.city, o);
  }
  return out;
}

/**
 * The latest self-check score per city and area in this tenant: a later area check updates that
 * area without hiding the other areas of an earlier quick check.
 */
export async function latestSelfChecks(s: PeerStores, scope: Scope): Promise<Map<string, SelfCheckSignal>> {
  const perCity = new Map<string, { at: string; areas: Map<string, { score: number; at: string }> }>();
  for (const { value } of await all(s.selfcheck, scope)) {
    const r = SelfCheckResultSchema.safeParse(value);
    if (!r.success) continue;
    const entry = perCity.get(r.data.city) ?? { at: '', areas: new Map() };
    if (r.data.completedAt > entry.at) entry.at = r.data.completedAt;
    for (const [area, score] of Object.entries(r.data.areas)) {
      const prev = entry.areas.get(area);
      if (typeof score === 'number' && (!prev || r.data.completedAt > prev.at)) entry.areas.set(area, { score, at: r.data.completedAt });
    }
    perCity.set(r.data.city, entry);
  }
  const out = new Map<string, SelfCheckSignal>();
  for (const [city, e] of perCity) out.set(city, { completedAt: e.at, areas: Object.fromEntries([...e.areas].map(([a, v]) => [a, v.score])) });
  return out;
}
