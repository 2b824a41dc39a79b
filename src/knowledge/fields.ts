/**
 * The fields of a proposal, in the order the console dialog asks them, and their checks (zod): a known
 * city (name, alias or id), one to three known policy areas (ids or names in any language), an http(s)
 * link, a year from 1990 to next year, a summary of 80 to 1,200 characters. Each problem is an i18n key
 * with its values, by field, so a form shows it on the field and the dialog asks that field again.
 */
import { z } from 'zod';
import { CityDirectory } from '../cities/match.js';
import type { Content } from '../content/loader.js';
import { AREA_IDS, LANGUAGE_SWITCH_URL, summaryProblem, type AreaId, type City } from '../content/schemas.js';
import { words } from '../search/text.js';
import type { ProposalValues } from './store.js';

export const FIELDS = ['title', 'city', 'summary', 'areas', 'source', 'year'] as const;
export type FieldId = (typeof FIELDS)[number];

export const TITLE = { min: 5, max: 160 } as const;
export const SUMMARY = { min: 80, max: 1200 } as const;
export const AREAS_MAX = 3;
export const FIRST_YEAR = 1990;

/** A problem with one field: the message key (`knowledge.error.<key>`) and its values. */
export interface FieldError {
  key: string;
  vars?: Record<string, string | number>;
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; error: FieldError };

/** What the checks need besides the typed text: the cities, area names, and the current year. */
export interface CheckEnv {
  content: Pick<Content, 'cities' | 'selfcheck'>;
  now: Date;
}

const norm = (s: string) => words(s).join(' ');

const directories = new WeakMap<readonly City[], CityDirectory>();
/** One directory per city list (content is loaded once per app). */
export function directoryOf(cities: City[]): CityDirectory {
  let dir = directories.get(cities);
  if (!dir) directories.set(cities, (dir = new CityDirectory(cities)));
  return dir;
}

/** The issue's message is our key; zod's own wording never reaches a user. */
const keyed = (issues: readonly z.core.$ZodIssue[]): FieldError => ({ key: issues[0]?.message ?? 'invalid' });

const Title = z.string().trim().min(TITLE.min, 'titleShort').max(TITLE.max, 'titleLong');
const Summary = z
  .string()
  .trim()
  .min(SUMMARY.min, 'summaryShort')
  .max(SUMMARY.max, 'summaryLong')
  .refine((s) => !summaryProblem(s), 'summaryPunctuation');
const Source = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, message: 'source' }))
  .refine((u) => !LANGUAGE_SWITCH_URL.test(u), 'sourceSwitch');
const yearSchema = (now: Date) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}$/, 'year')
    .transform(Number)
    .pipe(z.number().int().min(FIRST_YEAR, 'year').max(now.getUTCFullYear() + 1, 'year'));

/** Area ids and every language's area names (folded) -> the area id. */
const areaNames = new WeakMap<object, Map<string, AreaId>>();
function areaIndex(content: CheckEnv['content']): Map<string, AreaId> {
  let m = areaNames.get(content.selfcheck);
  if (m) return m;
  m = new Map();
  for (const id of AREA_IDS) {
    m.set(norm(id), id);
    for (const text of content.selfcheck.text.values()) m.set(norm(text.areas[id].name), id);
  }
  areaNames.set(content.selfcheck, m);
  return m;
}

export function checkCity(raw: string, env: CheckEnv): FieldCheck<City> {
  const typed = raw.trim().slice(0, 120);
  if (!typed) return { ok: false, error: { key: 'cityMissing' } };
  const match = directoryOf(env.content.cities).find(typed);
  if (match.kind === 'exact') return { ok: true, value: match.city };
  const near = match.kind === 'close' ? [match.city, ...match.alternatives] : match.suggestions;
  if (near.length) return { ok: false, error: { key: 'cityClose', vars: { value: typed, cities: near.map((c) => c.name).join(', ') } } };
  return { ok: false, error: { key: 'cityUnknown', vars: { value: typed } } };
}

/** Areas as ids or names, separated by commas, semicolons or new lines. */
export function checkAreas(raw: string, env: CheckEnv): FieldCheck<AreaId[]> {
  const index = areaIndex(env.content);
  const out: AreaId[] = [];
  for (const part of raw.split(/[,;\n]/)) {
    const typed = part.trim();
    if (!typed) continue;
    const id = index.get(norm(typed));
    if (!id) return { ok: false, error: { key: 'areaUnknown', vars: { value: typed.slice(0, 60) } } };
    if (!out.includes(id)) out.push(id);
  }
  if (out.length === 0) return { ok: false, error: { key: 'areasMissing' } };
  if (out.length > AREAS_MAX) return { ok: false, error: { key: 'areasTooMany', vars: { max: AREAS_MAX } } };
  return { ok: true, value: out };
}

function parsed<T>(schema: z.ZodType<T, string>, raw: string): FieldCheck<T> {
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: keyed(r.error.issues) };
}

/** One field's typed text -> its stored value (a city as its id), or the problem. */
export function checkField(field: FieldId, raw: string, env: CheckEnv): FieldCheck<ProposalValues[FieldId]> {
  switch (field) {
    case 'title':
      return parsed(Title, raw);
    case 'summary':
      return parsed(Summary, raw);
    case 'source':
      return parsed(Source, raw);
    case 'year':
      return parsed(yearSchema(env.now), raw);
    case 'areas':
      return checkAreas(raw, env);
    case 'city': {
      const c = checkCity(raw, env);
      return c.ok ? { ok: true, value: c.value.id } : c;
    }
  }
}

/** The submitted form: strings only, no other keys (an adapter sends one string per field). */
export const FormDataSchema = z
  .object({
    title: z.string().max(2000).optional(),
    city: z.string().max(2000).optional(),
    summary: z.string().max(5000).optional(),
    areas: z.string().max(2000).optional(),
    source: z.string().max(2000).optional(),
    year: z.string().max(100).optional(),
    /** The proposal a curator asked to change. */
    id: z.string().max(80).optional(),
  })
  .strict();

/** Every field at once: the values, or the problems by field. */
export function checkAll(data: Partial<Record<FieldId, string>>, env: CheckEnv): { ok: true; values: ProposalValues } | { ok: false; errors: Partial<Record<FieldId, FieldError>> } {
  const values: Partial<Record<FieldId, unknown>> = {};
  const errors: Partial<Record<FieldId, FieldError>> = {};
  for (const f of FIELDS) {
    const r = checkField(f, data[f] ?? '', env);
    if (r.ok) values[f] = r.value;
    else errors[f] = r.error;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values: values as unknown as ProposalValues };
}

/** A stored value back as the text a person would type (a prefilled form, "keep" in the dialog). */
export function fieldText(field: FieldId, values: Partial<ProposalValues>, content: Pick<Content, 'cities'>): string | undefined {
  const v = values[field];
  if (v === undefined) return undefined;
  if (field === 'city') return directoryOf(content.cities).get(String(v))?.name ?? String(v);
  if (field === 'areas') return (v as AreaId[]).join(', ');
  return String(v);
}
