/**
 * The self-check's saved state: the run in progress (one per user, saved after every answer so a
 * restart loses nothing) and the completed results of a city (read by peers as a ranking signal).
 */
import type { Content } from '../content/loader.js';
import type { AreaId, SelfCheckStructure, SelfCheckText } from '../content/schemas.js';
import type { Store } from '../core/store.js';
import type { Address, Scope } from '../core/turn.js';
import type { AreaScores, Response } from './scoring.js';

const DAY = 24 * 60 * 60 * 1000;

export const RUN_NAMESPACE = 'selfcheck-run';
export const RESULT_NAMESPACE = 'selfcheck-result';
/** An unfinished run nobody touches is dropped after this (the README's retention table says so). */
export const RUN_RETENTION_MS = 90 * DAY;
/** An unfinished run gets its one reminder this long after the last answer. */
export const REMINDER_AFTER_MS = 3 * DAY;
export const REMINDER_KIND = 'selfcheck.reminder';

export type RunKind = 'quick' | 'area';

export interface Run {
  id: string;
  user: string;
  /** City id from content/cities. */
  city: string;
  kind: RunKind;
  /** The area of a deep-dive. */
  area?: AreaId;
  /** Question ids, in the order asked. */
  questions: string[];
  answers: Record<string, Response>;
  /** The officer's own words on a question (a free-text answer), by question id. */
  notes?: Record<string, string>;
  /** Index in `questions` of the question being asked. */
  position: number;
  status: 'active' | 'paused';
  startedAt: string;
  updatedAt: string;
  /** Where the run started (the user's DM, normally): the reminder goes there. */
  address: Address;
  locale: string;
  remindedAt?: string;
}

/** A completed run. Key `<cityId>|<completedAt ISO>`; the peers feature reads exactly this shape. */
export interface SelfCheckResult {
  city: string;
  completedAt: string;
  overall: number;
  areas: AreaScores;
  user: string;
  kind: RunKind;
  /** Free-text notes given with answers, by question id (in the CSV export). */
  notes?: Record<string, string>;
}

export function selfcheckStores(store: Store) {
  return {
    runs: store.namespace<Run>(RUN_NAMESPACE, { ttlMs: RUN_RETENTION_MS }),
    results: store.namespace<SelfCheckResult>(RESULT_NAMESPACE),
  };
}

export const resultKey = (r: Pick<SelfCheckResult, 'city' | 'completedAt'>) => `${r.city}|${r.completedAt}`;
export const reminderJobId = (user: string) => `selfcheck-reminder|${user}`;

/** Every result of a city in this tenant, oldest first (ISO keys sort in time order). */
export async function cityResults(store: Store, scope: Scope, city: string): Promise<SelfCheckResult[]> {
  const { results } = selfcheckStores(store);
  const ids = (await results.ids(scope, `${city}|`)).sort();
  const all = await Promise.all(ids.map((id) => results.get(scope, id)));
  return all.filter((r): r is SelfCheckResult => Boolean(r) && r!.city === city);
}

/** Every result in this tenant, by city then time. */
export async function tenantResults(store: Store, scope: Scope): Promise<SelfCheckResult[]> {
  const { results } = selfcheckStores(store);
  const ids = (await results.ids(scope)).sort();
  const all = await Promise.all(ids.map((id) => results.get(scope, id)));
  return all.filter((r): r is SelfCheckResult => Boolean(r));
}

export interface QuestionInfo {
  id: string;
  area: AreaId;
  /** 0-based position of the question inside its area. */
  indexInArea: number;
}

export function questionInfo(structure: SelfCheckStructure, id: string): QuestionInfo | undefined {
  for (const area of structure.areas) {
    const i = area.questions.findIndex((q) => q.id === id);
    if (i >= 0) return { id, area: area.id, indexInArea: i };
  }
  return undefined;
}

/** The quick check: the one question per area marked `quick`, in Index order. */
export function quickQuestions(structure: SelfCheckStructure): string[] {
  return structure.areas.map((a) => a.questions.find((q) => q.quick)!.id);
}

export function areaQuestions(structure: SelfCheckStructure, area: AreaId): string[] {
  return structure.areas.find((a) => a.id === area)?.questions.map((q) => q.id) ?? [];
}

/** Question and area texts for a locale, falling back to English. */
export function selfcheckText(content: Content, locale: string): SelfCheckText {
  return content.selfcheck.text.get(locale) ?? content.selfcheck.text.get(locale.split('-')[0]!) ?? content.selfcheck.text.get('en')!;
}
