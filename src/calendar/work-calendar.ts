import chineseDays from 'chinese-days';
import dayjs from '../lib/dayjs.js';

/** A day's kind as an admin set it, overriding the published schedule. */
export type DayOverride = 'workday' | 'holiday';

/** The day after `YYYY-MM-DD`, by plain date arithmetic (no time zone involved). */
const nextDay = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
};

/**
 * China's working-day calendar (statutory holidays off, 调休 make-up days on), in the office's
 * time zone. The published schedule comes from the `chinese-days` package; `overrides`
 * (date → kind, `YYYY-MM-DD`) take precedence. Days are walked as date strings, converting
 * to and from the time zone only at the ends (digests count days for thousands of items).
 */
export class WorkCalendar {
  private readonly official = new Map<string, boolean>();
  private readonly dateFormat: Intl.DateTimeFormat;

  constructor(
    private readonly tz = 'Asia/Shanghai',
    private readonly overrides: ReadonlyMap<string, DayOverride> = new Map(),
  ) {
    // en-CA formats dates as YYYY-MM-DD.
    this.dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  /** `YYYY-MM-DD` of `at` in the office's time zone. */
  day(at: Date): string {
    return this.dateFormat.format(at);
  }

  isWorkingDay(date: string | Date): boolean {
    const d = typeof date === 'string' ? date : this.day(date);
    const o = this.overrides.get(d);
    if (o) return o === 'workday';
    let work = this.official.get(d);
    if (work === undefined) {
      work = chineseDays.isWorkday(d);
      this.official.set(d, work);
    }
    return work;
  }

  /** The same clock time `n` working days after `from` (n ≥ 0; 0 = the next working day if `from` is not one). */
  addWorkingDays(from: Date, n: number): Date {
    const local = dayjs(from).tz(this.tz);
    let d = local.format('YYYY-MM-DD');
    while (!this.isWorkingDay(d)) d = nextDay(d);
    for (let left = n; left > 0; ) {
      d = nextDay(d);
      if (this.isWorkingDay(d)) left--;
    }
    if (d === local.format('YYYY-MM-DD')) return from;
    return dayjs.tz(`${d} ${local.format('HH:mm:ss.SSS')}`, this.tz).toDate();
  }

  /** Working days from the day after `from` up to and including `to`'s day (0 when `to` is not later). */
  workingDaysBetween(from: Date, to: Date): number {
    let d = this.day(from);
    const end = this.day(to);
    let count = 0;
    while (d < end) {
      d = nextDay(d);
      if (this.isWorkingDay(d)) count++;
    }
    return count;
  }
}
