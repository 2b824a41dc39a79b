/**
 * Pure schedule maths for weekly nudges: "every <weekday> at HH:MM in <IANA zone>" -> UTC instants,
 * and the ISO week key (`2026-W48`) of the local send date. Only Intl, no dependencies.
 *
 * Daylight saving: the wall-clock time is kept (09:00 local before and after a change). When the
 * wall-clock time does not exist or exists twice on a given day, the rule is the one of Temporal's
 * `disambiguation: 'compatible'` (and of most calendar apps):
 * - a time skipped by a spring-forward gap is moved forward by the length of the gap
 *   (02:30 on the day clocks jump 02:00 -> 03:00 becomes 03:30);
 * - a time repeated by a fall-back overlap is sent at its first occurrence (the earlier instant).
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklySpec {
  day: Weekday;
  /** `HH:MM`, 24-hour, local to `timeZone`. */
  time: string;
  timeZone: string;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

export interface Occurrence {
  /** The UTC instant of the send. */
  at: Date;
  /** The local calendar date of the send in the subscription's zone. */
  date: LocalDate;
  /** ISO week of the local send date, e.g. `2026-W48`. */
  week: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The IANA zone as Intl canonicalises it (`europe/rome` -> `Europe/Rome`), or undefined if unknown. */
export function canonicalTimeZone(input: string | undefined): string | undefined {
  if (!input || input.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(input)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: input }).resolvedOptions().timeZone;
  } catch {
    // RangeError: not a zone this runtime knows.
    return undefined;
  }
}

/** `HH:MM` (24h) -> hour and minute, or undefined when malformed or out of range. */
export function parseClock(time: string): { hour: number; minute: number } | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

/** Wall-clock date and time of `instant` in `timeZone`. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** UTC offset of `timeZone` at `instant`, in milliseconds (Rome in winter: +3_600_000). */
export function offsetAt(instant: Date, timeZone: string): number {
  const l = localDateTime(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const sameWallTime = (a: LocalDateTime, date: LocalDate, hour: number, minute: number) =>
  a.year === date.year && a.month === date.month && a.day === date.day && a.hour === hour && a.minute === minute;

/** The instant at which the wall clock in `timeZone` shows `date` `hour:minute` (see the DST rule above). */
export function zonedInstant(date: LocalDate, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Offsets a day either side bracket any single transition near this wall time.
  const offsets = new Set([offsetAt(new Date(wall - DAY_MS), timeZone), offsetAt(new Date(wall), timeZone), offsetAt(new Date(wall + DAY_MS), timeZone)]);
  const candidates = [...offsets].map((o) => wall - o).sort((a, b) => a - b);
  const exact = candidates.filter((t) => sameWallTime(localDateTime(new Date(t), timeZone), date, hour, minute));
  // Overlap: the earlier of the matches. Gap: no match; the later candidate (wall time minus the
  // offset in force before the gap) lands after the jump, shifted forward by the gap's length.
  return new Date(exact.length > 0 ? exact[0]! : candidates[candidates.length - 1]!);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday of a calendar date: Monday 1 ... Sunday 7. */
export function isoWeekday(date: LocalDate): number {
  return ((new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7) + 1;
}

/** ISO 8601 week key of a calendar date: `2026-W48`; the week-year may differ from the date's year. */
export function isoWeekKey(date: LocalDate): string {
  const t = Date.UTC(date.year, date.month - 1, date.day);
  const thursday = t + (4 - isoWeekday(date)) * DAY_MS;
  const weekYear = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS));
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

export function weekdayNumber(day: Weekday): number {
  return WEEKDAYS.indexOf(day) + 1;
}

function occurrenceOn(date: LocalDate, spec: WeeklySpec): Occurrence {
  const clock = parseClock(spec.time);
  if (!clock) throw new RangeError(`bad time ${spec.time}`);
  return { at: zonedInstant(date, clock.hour, clock.minute, spec.timeZone), date, week: isoWeekKey(date) };
}

/** Every occurrence whose local date is within eight days of `around`'s local date, ascending. */
function occurrencesAround(spec: WeeklySpec, around: Date): Occurrence[] {
  const today = localDateTime(around, spec.timeZone);
  const want = weekdayNumber(spec.day);
  const out: Occurrence[] = [];
  for (let i = -8; i <= 8; i++) {
    const date = addDays(today, i);
    if (isoWeekday(date) === want) out.push(occurrenceOn(date, spec));
  }
  return out;
}

/** The first send strictly after `after`. */
export function nextOccurrence(spec: WeeklySpec, after: Date): Occurrence {
  const found = occurrencesAround(spec, after).find((o) => o.at.getTime() > after.getTime());
  if (!found) throw new RangeError('no occurrence found');
  return found;
}

/** The last send at or before `at`. */
export function previousOccurrence(spec: WeeklySpec, at: Date): Occurrence {
  const found = occurrencesAround(spec, at)
    .filter((o) => o.at.getTime() <= at.getTime())
    .pop();
  if (!found) throw new RangeError('no occurrence found');
  return found;
}

/** The `n`-th send after `after` (n = 1 is the next one). */
export function nthOccurrence(spec: WeeklySpec, after: Date, n: number): Occurrence {
  let o = nextOccurrence(spec, after);
  for (let i = 1; i < n; i++) o = nextOccurrence(spec, o.at);
  return o;
}

/** Date and time as people read them, in a locale and zone: "Monday 30 March 2026, 09:00". */
export function formatLocal(instant: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

export function formatDate(instant: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
}

/** The weekday's name in a locale ("Monday", "lundi"). */
export function weekdayName(day: Weekday, locale: string): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long' }).format(new Date(Date.UTC(2024, 0, weekdayNumber(day))));
}
