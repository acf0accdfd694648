import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/calendar/work-calendar.js';

const cal = new WorkCalendar('Asia/Shanghai');
const at = (iso: string) => new Date(iso);

describe('WorkCalendar (China, Asia/Shanghai)', () => {
  it('knows the 2025 make-up workdays and holidays from the State Council notice', () => {
    for (const d of ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']) expect(cal.isWorkingDay(d), d).toBe(true);
    for (const d of ['2025-01-28', '2025-02-04', '2025-04-04', '2025-05-01', '2025-05-05', '2025-05-31', '2025-06-02', '2025-10-01', '2025-10-08']) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay('2025-10-09')).toBe(true);
  });

  it('adds working days across the National Day holiday, keeping the clock time', () => {
    expect(cal.addWorkingDays(at('2025-09-30T02:00:00Z'), 1).toISOString()).toBe('2025-10-09T02:00:00.000Z');
    // Received on a holiday: the count starts on the next working day.
    expect(cal.addWorkingDays(at('2025-10-03T02:00:00Z'), 1).toISOString()).toBe('2025-10-10T02:00:00.000Z');
    // A Saturday make-up day counts.
    expect(cal.addWorkingDays(at('2025-10-10T02:00:00Z'), 1).toISOString()).toBe('2025-10-11T02:00:00.000Z');
  });

  it('counts working days between two moments, in the office time zone', () => {
    expect(cal.workingDaysBetween(at('2025-09-30T02:00:00Z'), at('2025-10-10T02:00:00Z'))).toBe(2);
    // 23:30 UTC on 9-30 is already 10-01 in Shanghai.
    expect(cal.day(at('2025-09-30T23:30:00Z'))).toBe('2025-10-01');
  });

  it('takes an admin override over the published schedule', () => {
    const custom = new WorkCalendar('Asia/Shanghai', new Map([['2025-10-08', 'workday'], ['2025-10-09', 'holiday']]));
    expect(custom.isWorkingDay('2025-10-08')).toBe(true);
    expect(custom.isWorkingDay('2025-10-09')).toBe(false);
  });

  it('knows 2026, the 2025 reform (除夕 and 5-2 statutory), and counts across the Spring Festival with make-up Saturdays', () => {
    expect(cal.isWorkingDay('2025-01-28')).toBe(false); // 除夕 2025
    expect(cal.isWorkingDay('2025-05-02')).toBe(false);
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28']) expect(cal.isWorkingDay(d), d).toBe(true);
    for (const d of ['2026-01-01', '2026-02-15', '2026-02-20', '2026-02-23']) expect(cal.isWorkingDay(d), d).toBe(false);
    // Friday 13 Feb 2026 + 1 → Saturday 14 (补班); + 2 → Tuesday 24 after the holiday.
    expect(cal.day(cal.addWorkingDays(at('2026-02-13T02:00:00Z'), 1))).toBe('2026-02-14');
    expect(cal.day(cal.addWorkingDays(at('2026-02-13T02:00:00Z'), 2))).toBe('2026-02-24');
    expect(cal.workingDaysBetween(at('2026-02-13T02:00:00Z'), at('2026-02-28T02:00:00Z'))).toBe(6);
  });
});

describe('deadlines: the one rule (the end of the working day, 17:30 by default)', () => {
  const cal = new WorkCalendar('Asia/Shanghai');
  it('a date is due at the end of its working day; counted days end there too, whatever the clock time of the start', () => {
    expect(cal.deadlineOf('2026-12-21').toISOString()).toBe('2026-12-21T09:30:00.000Z');
    // Assigned Friday 16:45: one working day later is Monday, due at 17:30 (not 16:45).
    expect(cal.deadlineAfter(at('2026-12-18T08:45:00Z'), 1).toISOString()).toBe('2026-12-21T09:30:00.000Z');
    // 国庆 2025: from 30 Sept, one working day is 9 Oct (the 28 Sept and 11 Oct make-up days count).
    expect(cal.deadlineAfter(at('2025-09-30T02:00:00Z'), 1).toISOString()).toBe('2025-10-09T09:30:00.000Z');
    const late = new WorkCalendar('Asia/Shanghai', new Map(), { workdayEnd: '18:00' });
    expect(late.deadlineOf('2026-12-21').toISOString()).toBe('2026-12-21T10:00:00.000Z');
  });

  it('lights: red once the deadline has passed (17:31 on the day), yellow up to the end of the next working day', () => {
    const due = cal.deadlineOf('2026-12-21'); // Monday
    expect(cal.light(due, at('2026-12-21T09:00:00Z'))).toBe('yellow'); // 17:00 on the day
    expect(cal.light(due, at('2026-12-21T09:31:00Z'))).toBe('red'); // 17:31
    expect(cal.isOverdue(due, at('2026-12-21T09:31:00Z'))).toBe(true);
    expect(cal.light(due, at('2026-12-18T02:00:00Z'))).toBe('yellow'); // Friday: Monday is the next working day
    expect(cal.light(due, at('2026-12-17T02:00:00Z'))).toBeUndefined(); // Thursday
    expect(cal.light(cal.deadlineOf('2026-12-22'), at('2026-12-19T02:00:00Z'))).toBeUndefined(); // Saturday: Tuesday is two working days off
  });

  it('knows which years are published: the package’s (by their 元旦, even when 1 January is a Saturday) and imported ones', () => {
    expect(cal.isKnownYear(2026)).toBe(true);
    expect(cal.isKnownYear(2027)).toBe(false);
    expect(cal.isKnownYear(2028)).toBe(false); // 2028-01-01 is a Saturday: a day off, yet not published
    expect(cal.isUnpublished('2027-01-01')).toBe(true);
    const imported = new Set<number>();
    const live = new WorkCalendar('Asia/Shanghai', new Map([['2027-03-01', 'holiday']]), { importedYears: imported });
    expect(live.isUnpublished('2027-03-01')).toBe(false); // the admin said what that day is
    expect(live.isUnpublished('2027-01-01')).toBe(true); // but the year is still unknown
    // A deadline counted from December 2026 into 2027 is provisional until 2027 is imported.
    expect(live.isProvisional(live.deadlineOf('2027-01-04'), at('2026-12-29T02:00:00Z'))).toBe(true);
    expect(live.isProvisional(live.deadlineOf('2026-12-31'), at('2026-12-29T02:00:00Z'))).toBe(false);
    imported.add(2027);
    expect(live.isProvisional(live.deadlineOf('2027-01-04'), at('2026-12-29T02:00:00Z'))).toBe(false);
  });

  it('working hours: a working day from 08:30 to 17:30', () => {
    expect(cal.nextWorkingHours(at('2026-12-21T16:30:00Z')).toISOString()).toBe('2026-12-22T00:30:00.000Z'); // Tue 00:30 → Tue 08:30
    expect(cal.nextWorkingHours(at('2026-12-22T02:00:00Z')).toISOString()).toBe('2026-12-22T02:00:00.000Z'); // within hours
    expect(cal.nextWorkingHours(at('2026-12-18T10:00:00Z')).toISOString()).toBe('2026-12-21T00:30:00.000Z'); // Fri 18:00 → Mon 08:30
  });
});
