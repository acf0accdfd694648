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
