import chineseDays from 'chinese-days';
import dayjs from '../lib/dayjs.js';

/** A day's kind as an admin set it, overriding the published schedule. */
export type DayOverride = 'workday' | 'holiday';

/** The day after `YYYY-MM-DD`, by plain date arithmetic (no time zone involved). */
const nextDay = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
};

/** The office's working day: when it starts and ends (HH:mm, local). */
export const DEFAULT_WORKDAY = { start: '08:30', end: '17:30' };

export interface WorkCalendarOptions {
  /** Years whose official schedule an admin imported (read live: the store keeps it current). */
  importedYears?: ReadonlySet<number>;
  /** The end of the working day (HH:mm): every deadline is this time of its day. */
  workdayEnd?: string;
  /** The start of the working day (HH:mm): nothing deferred to working hours goes out before it. */
  workdayStart?: string;
}

/** Whether the `chinese-days` package ships a year's official schedule: it names that year's 元旦. */
const packageYears = new Map<number, boolean>();
export function packageKnowsYear(year: number): boolean {
  let known = packageYears.get(year);
  if (known === undefined) {
    known = /元旦/.test(chineseDays.getDayDetail(`${year}-01-01`).name);
    packageYears.set(year, known);
  }
  return known;
}

/**
 * China's working-day calendar (statutory holidays off, 调休 make-up days on), in the office's
 * time zone. The published schedule comes from the `chinese-days` package; `overrides`
 * (date → kind, `YYYY-MM-DD`) take precedence. Days are walked as date strings, converting
 * to and from the time zone only at the ends (digests count days for thousands of items).
 *
 * It is also the one place a date becomes a deadline: a deadline is the end of its working day
 * (`workdayEnd`, 17:30 by default) — picked dates, working days counted from a moment, ticket
 * extensions, supervision items and instructions alike — and the lights, overdue counts and
 * reminders all compare against that moment.
 */
export class WorkCalendar {
  private readonly official = new Map<string, boolean>();
  private readonly dateFormat: Intl.DateTimeFormat;
  /** deadlineOf by day (epoch ms). */
  private readonly dayEnds: Map<string, number>;
  private readonly importedYears: ReadonlySet<number>;
  readonly workdayEnd: string;
  readonly workdayStart: string;

  constructor(
    private readonly tz = 'Asia/Shanghai',
    private readonly overrides: ReadonlyMap<string, DayOverride> = new Map(),
    options: WorkCalendarOptions = {},
  ) {
    // en-CA formats dates as YYYY-MM-DD.
    this.dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    this.importedYears = options.importedYears ?? new Set();
    this.dayEnds = new Map();
    this.workdayEnd = options.workdayEnd ?? DEFAULT_WORKDAY.end;
    this.workdayStart = options.workdayStart ?? DEFAULT_WORKDAY.start;
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

  /** Whether `year`'s official holidays are known: the package ships them or an admin imported them. */
  isKnownYear(year: number): boolean {
    return this.importedYears.has(year) || packageKnowsYear(year);
  }

  /**
   * Whether a day's kind is only a guess: its year's schedule is not published (known) and no
   * admin has said what the day is. Such days count as an ordinary week would have them.
   */
  isUnpublished(date: string | Date): boolean {
    const d = typeof date === 'string' ? date : this.day(date);
    return !this.overrides.has(d) && !this.isKnownYear(Number(d.slice(0, 4)));
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

  // — deadlines: the one rule —

  /** The deadline of a day (`YYYY-MM-DD`, or the day of a moment): the end of its working day. */
  deadlineOf(date: string | Date): Date {
    const d = typeof date === 'string' ? date : this.day(date);
    // Kept per day (a calendar's overrides never change: a new calendar is made when they do);
    // parsing a zoned time with dayjs is slow, and every card and click asks.
    let end = this.dayEnds.get(d);
    if (end === undefined) {
      end = dayjs.tz(`${d} ${this.workdayEnd}`, this.tz).toDate().getTime();
      if (this.dayEnds.size >= 4000) this.dayEnds.clear();
      this.dayEnds.set(d, end);
    }
    return new Date(end);
  }

  /**
   * The deadline `n` working days after `from` (0: the first working day from `from`'s day on):
   * the end of the day `addWorkingDays` lands on, counted on day names alone.
   */
  deadlineAfter(from: Date, n: number): Date {
    let d = this.day(from);
    while (!this.isWorkingDay(d)) d = nextDay(d);
    for (let left = n; left > 0; ) {
      d = nextDay(d);
      if (this.isWorkingDay(d)) left--;
    }
    return this.deadlineOf(d);
  }

  /** Past its deadline at `now`. */
  isOverdue(deadline: Date, now: Date): boolean {
    return deadline.getTime() < now.getTime();
  }

  /** Until when a deadline counts as "due soon": the end of the next working day after `now`'s day. */
  dueSoonUntil(now: Date): Date {
    let d = nextDay(this.day(now));
    while (!this.isWorkingDay(d)) d = nextDay(d);
    return this.deadlineOf(d);
  }

  /** The light of an open item: red when overdue, yellow when due by the end of the next working day. */
  light(deadline: Date | undefined, now: Date): 'red' | 'yellow' | undefined {
    if (!deadline) return undefined;
    if (this.isOverdue(deadline, now)) return 'red';
    return deadline.getTime() <= this.dueSoonUntil(now).getTime() ? 'yellow' : undefined;
  }

  /**
   * A deadline counted over a year whose holidays are not published yet (待节假日安排公布后确认):
   * some year from `from`'s to the deadline's is unknown, so the count may change on import.
   */
  isProvisional(deadline: Date, from: Date): boolean {
    const last = Number(this.day(deadline).slice(0, 4));
    for (let y = Number(this.day(from).slice(0, 4)); y <= last; y++) if (!this.isKnownYear(y)) return true;
    return false;
  }

  /** The first moment at or after `at` within working hours (a working day, between start and end). */
  nextWorkingHours(at: Date): Date {
    let d = this.day(at);
    if (this.isWorkingDay(d)) {
      const start = dayjs.tz(`${d} ${this.workdayStart}`, this.tz).toDate();
      if (at.getTime() < start.getTime()) return start;
      if (at.getTime() < this.deadlineOf(d).getTime()) return at;
    }
    do d = nextDay(d);
    while (!this.isWorkingDay(d));
    return dayjs.tz(`${d} ${this.workdayStart}`, this.tz).toDate();
  }
}
