/**
 * The weekly-tip form: its fields (day, time, time zone, topics) and the check of what comes back.
 * Pure; the intent builds the labels and applies a valid result through the same path as the command.
 */
import { z } from 'zod';
import { AREA_IDS, type AreaId } from '../content/schemas.js';
import type { NudgeError } from './parse.js';
import { parseTime } from './parse.js';
import { WEEKDAYS, canonicalTimeZone, type Weekday } from './schedule.js';

export const FORM_ID = 'nudges';
export const FORM_ACTION = 'form';
export const OPEN_FORM_ACTION = 'open-form';

/** Field ids; also the keys of the submitted data. */
export const FIELD = { day: 'day', time: 'time', timeZone: 'timeZone', topics: 'topics' } as const;

/** 00:00, 00:30, ... 23:30. */
export function halfHours(): string[] {
  const out: string[] = [];
  for (let h = 0; h < 24; h++) for (const m of ['00', '30']) out.push(`${String(h).padStart(2, '0')}:${m}`);
  return out;
}

/** Untrusted: strings only, no keys beyond the form's fields. */
export const FormDataSchema = z
  .object({
    [FIELD.day]: z.string().max(40).optional(),
    [FIELD.time]: z.string().max(40).optional(),
    [FIELD.timeZone]: z.string().max(100).optional(),
    [FIELD.topics]: z.string().max(2000).optional(),
  })
  .strict();

export type FormData = z.infer<typeof FormDataSchema>;

export interface FormValues {
  day: Weekday;
  time: string;
  /** Undefined when left empty: the intent falls back as for the command. */
  timeZone?: string;
  /** Empty: every area. */
  topics: AreaId[];
}

export type FormCheck = { ok: true; values: FormValues } | { ok: false; field: keyof typeof FIELD; error: NudgeError; value: string };

/** The submitted strings -> values, or the first field that is wrong and why. */
export function checkForm(data: FormData): FormCheck {
  const day = (data.day ?? '').trim().toLowerCase();
  if (!day) return { ok: false, field: 'day', error: 'needDay', value: '' };
  if (!(WEEKDAYS as readonly string[]).includes(day)) return { ok: false, field: 'day', error: 'badDay', value: day.slice(0, 60) };
  const typedTime = (data.time ?? '').trim();
  const time = parseTime(typedTime);
  if (!time) return { ok: false, field: 'time', error: 'badTime', value: typedTime.slice(0, 60) };
  const typedZone = (data.timeZone ?? '').trim();
  const timeZone = typedZone ? canonicalTimeZone(typedZone) : undefined;
  if (typedZone && !timeZone) return { ok: false, field: 'timeZone', error: 'unknownZone', value: typedZone.slice(0, 60) };
  const topics: AreaId[] = [];
  for (const raw of (data.topics ?? '').split(',')) {
    const id = raw.trim();
    if (!id) continue;
    if (!(AREA_IDS as readonly string[]).includes(id)) return { ok: false, field: 'topics', error: 'unknownTopic', value: id.slice(0, 60) };
    if (!topics.includes(id as AreaId)) topics.push(id as AreaId);
  }
  return { ok: true, values: { day: day as Weekday, time, ...(timeZone ? { timeZone } : {}), topics } };
}
