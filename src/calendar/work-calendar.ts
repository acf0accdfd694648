import chineseDays from 'chinese-days';
import dayjs from '../lib/dayjs.js';

/** A day's kind as an admin set it, overriding the published schedule. */
export type DayOverride = 'workday' | 'holiday';

/**
 * China's working-day calendar (statutory holidays off, 调休 make-up days on), in the office's
 * time zone. The published schedule comes from the `chinese-days` package; `overrides`
 * (date → kind, `YYYY-MM-DD`) take precedence.
 */
export class WorkCalendar {
  constructor(
    private readonly tz = 'Asia/Shanghai',
    private readonly overrides: ReadonlyMap<string, DayOverride> = new Map(),
  ) {}

  /** `YYYY-MM-DD` of `at` in the office's time zone. */
  day(at: Date): string {
    return dayjs(at).tz(this.tz).format('YYYY-MM-DD');
  }

  isWorkingDay(date: string | Date): boolean {
    const d = typeof date === 'string' ? date : this.day(date);
    const o = this.overrides.get(d);
    if (o) return o === 'workday';
    return chineseDays.isWorkday(d);
  }

  /** The same clock time `n` working days after `from` (n ≥ 0; 0 = the next working day if `from` is not one). */
  addWorkingDays(from: Date, n: number): Date {
    let t = dayjs(from).tz(this.tz);
    let left = n;
    while (!this.isWorkingDay(t.format('YYYY-MM-DD'))) t = t.add(1, 'day');
    while (left > 0) {
      t = t.add(1, 'day');
      if (this.isWorkingDay(t.format('YYYY-MM-DD'))) left--;
    }
    return t.toDate();
  }

  /** Working days from the day after `from` up to and including `to`'s day (0 when `to` is not later). */
  workingDaysBetween(from: Date, to: Date): number {
    let t = dayjs(from).tz(this.tz).startOf('day');
    const end = dayjs(to).tz(this.tz).startOf('day');
    let count = 0;
    while (t.isBefore(end)) {
      t = t.add(1, 'day');
      if (this.isWorkingDay(t.format('YYYY-MM-DD'))) count++;
    }
    return count;
  }
}
