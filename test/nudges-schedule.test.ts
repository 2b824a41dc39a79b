import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  WEEKDAYS,
  canonicalTimeZone,
  isoWeekKey,
  isoWeekday,
  localDateTime,
  nextOccurrence,
  nthOccurrence,
  previousOccurrence,
  zonedInstant,
  type WeeklySpec,
} from '../src/nudges/schedule.js';

const iso = (d: Date) => d.toISOString();
const rome = (day: WeeklySpec['day'], time: string): WeeklySpec => ({ day, time, timeZone: 'Europe/Rome' });
const toronto = (day: WeeklySpec['day'], time: string): WeeklySpec => ({ day, time, timeZone: 'America/Toronto' });

describe('weekly send times across daylight saving', () => {
  it('Europe/Rome: Monday 09:00 stays 09:00 local on both sides of both changes', () => {
    // Spring: clocks go forward on Sunday 29 March 2026 (CET +1 -> CEST +2).
    const before = nextOccurrence(rome('mon', '09:00'), new Date('2026-03-20T00:00:00Z'));
    expect(iso(before.at)).toBe('2026-03-23T08:00:00.000Z');
    const after = nextOccurrence(rome('mon', '09:00'), before.at);
    expect(iso(after.at)).toBe('2026-03-30T07:00:00.000Z');
    expect(after.week).toBe('2026-W14');
    // Autumn: back on Sunday 25 October 2026.
    const oct = nextOccurrence(rome('mon', '09:00'), new Date('2026-10-19T06:59:59Z'));
    expect(iso(oct.at)).toBe('2026-10-19T07:00:00.000Z');
    expect(iso(nextOccurrence(rome('mon', '09:00'), oct.at).at)).toBe('2026-10-26T08:00:00.000Z');
    for (const o of [before, after, oct]) expect(localDateTime(o.at, 'Europe/Rome')).toMatchObject({ hour: 9, minute: 0 });
  });

  it('America/Toronto: Monday 09:00 across the March and November changes', () => {
    const a = nextOccurrence(toronto('mon', '09:00'), new Date('2026-03-01T00:00:00Z'));
    expect(iso(a.at)).toBe('2026-03-02T14:00:00.000Z'); // EST, -5
    expect(iso(nextOccurrence(toronto('mon', '09:00'), a.at).at)).toBe('2026-03-09T13:00:00.000Z'); // EDT, -4
    const b = nextOccurrence(toronto('mon', '09:00'), new Date('2026-10-26T00:00:00Z'));
    expect(iso(b.at)).toBe('2026-10-26T13:00:00.000Z');
    expect(iso(nextOccurrence(toronto('mon', '09:00'), b.at).at)).toBe('2026-11-02T14:00:00.000Z');
  });

  it('Pacific/Auckland: the week key comes from the local send date, not the UTC one', () => {
    // Monday 6 April 2026 09:00 NZST is Sunday 5 April 21:00 UTC (ISO week 14 in UTC, 15 locally).
    const o = previousOccurrence({ day: 'mon', time: '09:00', timeZone: 'Pacific/Auckland' }, new Date('2026-04-06T00:00:00Z'));
    expect(iso(o.at)).toBe('2026-04-05T21:00:00.000Z');
    expect(o.week).toBe('2026-W15');
    // The week before was still on NZDT (+13).
    expect(iso(previousOccurrence({ day: 'mon', time: '09:00', timeZone: 'Pacific/Auckland' }, new Date(o.at.getTime() - 1)).at)).toBe('2026-03-29T20:00:00.000Z');
  });

  it('a time skipped by spring-forward moves forward by the gap; a repeated time uses its first occurrence', () => {
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 29 }, 2, 30, 'Europe/Rome'))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(zonedInstant({ year: 2026, month: 10, day: 25 }, 2, 30, 'Europe/Rome'))).toBe('2026-10-25T00:30:00.000Z'); // first 02:30 (CEST)
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 8 }, 2, 30, 'America/Toronto'))).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(iso(zonedInstant({ year: 2026, month: 11, day: 1 }, 1, 30, 'America/Toronto'))).toBe('2026-11-01T05:30:00.000Z'); // first 01:30 (EDT)
    // As weekly sends: Sunday 02:30 in Rome is 03:30 on the change day and 02:30 the week after.
    const gap = nextOccurrence(rome('sun', '02:30'), new Date('2026-03-28T12:00:00Z'));
    expect(localDateTime(gap.at, 'Europe/Rome')).toMatchObject({ day: 29, hour: 3, minute: 30 });
    expect(localDateTime(nextOccurrence(rome('sun', '02:30'), gap.at).at, 'Europe/Rome')).toMatchObject({ day: 5, hour: 2, minute: 30 });
  });

  it('property: the next send is the right weekday at the right local time, within a week, for any instant', () => {
    const zones = ['Europe/Rome', 'America/Toronto', 'Pacific/Auckland'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }),
        fc.constantFrom(...zones),
        fc.constantFrom(...WEEKDAYS),
        fc.integer({ min: 4, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (t, timeZone, day, hour, minute) => {
          const spec: WeeklySpec = { day, time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, timeZone };
          const now = new Date(t);
          const next = nextOccurrence(spec, now);
          const prev = previousOccurrence(spec, now);
          const local = localDateTime(next.at, timeZone);
          expect(next.at.getTime()).toBeGreaterThan(t);
          expect(prev.at.getTime()).toBeLessThanOrEqual(t);
          expect(next.at.getTime() - prev.at.getTime()).toBeGreaterThanOrEqual(7 * 24 * 3600e3 - 3600e3);
          expect(next.at.getTime() - prev.at.getTime()).toBeLessThanOrEqual(7 * 24 * 3600e3 + 3600e3);
          expect(isoWeekday(local)).toBe(WEEKDAYS.indexOf(day) + 1);
          expect([local.hour, local.minute]).toEqual([hour, minute]);
          expect(next.week).not.toBe(prev.week);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('nthOccurrence counts whole weeks ahead', () => {
    const spec = rome('mon', '09:00');
    expect(iso(nthOccurrence(spec, new Date('2026-03-20T00:00:00Z'), 3).at)).toBe('2026-04-06T07:00:00.000Z');
  });
});

describe('ISO week keys and zones', () => {
  it('gives the ISO 8601 week of a local date, including year edges', () => {
    expect(isoWeekKey({ year: 2026, month: 11, day: 23 })).toBe('2026-W48');
    expect(isoWeekKey({ year: 2026, month: 11, day: 29 })).toBe('2026-W48');
    expect(isoWeekKey({ year: 2026, month: 11, day: 30 })).toBe('2026-W49');
    expect(isoWeekKey({ year: 2027, month: 1, day: 1 })).toBe('2026-W53');
    expect(isoWeekKey({ year: 2024, month: 12, day: 30 })).toBe('2025-W01');
    expect(isoWeekKey({ year: 2021, month: 1, day: 3 })).toBe('2020-W53');
  });

  it('canonicalises IANA zones and rejects unknown ones', () => {
    expect(canonicalTimeZone('europe/rome')).toBe('Europe/Rome');
    expect(canonicalTimeZone('America/Toronto')).toBe('America/Toronto');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalTimeZone('Rome')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
  });
});
