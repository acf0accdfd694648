import type { Directory } from '../src/directory/directory.js';
import type { Models } from '../src/models/create-models.js';
import type { Outbox } from '../src/outbox/outbox.js';
import type { WorkCalendar } from '../src/calendar/work-calendar.js';
import { periodRange, type Range, type Report, type ReportService } from '../src/reports/report-service.js';
import { ReportJobs } from '../src/reports/report-jobs.js';

type Timer = <T>(label: string, runs: number, fn: (r: number) => Promise<T>) => Promise<{ medianMs: number; last: T }>;

/**
 * The figures kept as work happens, in the digest bench: the rollups written over every seeded
 * day by the code `report rebuild` runs, then read as the weekly brief, 报表 (this month) and the
 * monthly bulletin read them; the week's figures compared with `fromScratch` (the same week
 * computed from the tickets). Gives the lines to print, each with its target where there is one.
 */
export async function timeRollupFigures(o: {
  reports: ReportService;
  models: Models;
  directory: Directory;
  outbox: Outbox;
  calendar: WorkCalendar;
  tz: string;
  now: Date;
  /** Every day tickets were seeded on. */
  seeded: Range;
  week: Range;
  fromScratch: Report;
  time: Timer;
}): Promise<string[]> {
  const { reports, time } = o;
  const rebuilt = await time('report rebuild (every seeded day)', 1, () => reports.rebuild(o.seeded));
  const weekly = await time('weekly brief from the rollups', 5, () => reports.summary(o.week));
  const same = JSON.stringify([weekly.last.overall, weekly.last.byUnit, weekly.last.facts]) === JSON.stringify([o.fromScratch.overall, o.fromScratch.byUnit, o.fromScratch.facts]);
  const month = await time('报表, this month, from the rollups', 3, () => reports.summary(periodRange('this-month', o.now, o.tz)!));
  const jobs = new ReportJobs({ reports, models: o.models, directory: o.directory, outbox: o.outbox, calendar: o.calendar, tz: o.tz });
  // The first working day of the next month: the bulletin of the month the bench's `now` is in.
  let day = periodRange('this-month', o.now, o.tz)!.from;
  do day = new Date(day.getTime() + 86_400_000);
  while (o.calendar.day(day).slice(0, 7) === o.calendar.day(o.now).slice(0, 7));
  while (!o.calendar.isWorkingDay(day)) day = new Date(day.getTime() + 86_400_000);
  const bulletinAt = new Date(day.getTime() + 9 * 3_600_000);
  const bulletin = await time('monthly bulletin from the rollups (the office, and each unit head their page)', 3, () => jobs.monthly(bulletinAt));
  const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
  return [
    `rollups written by report rebuild over every seeded day (${rebuilt.last.toLocaleString('en')} tickets, one step per day and shard): ${(rebuilt.medianMs / 1000).toFixed(1)} s`,
    `weekly brief from the rollups (${weekly.last.facts.length.toLocaleString('en')} tickets; median of 5): ${weekly.medianMs.toFixed(0)} ms, the same figures as from scratch: ${yes(same)}; target < 1 s: ${yes(weekly.medianMs < 1000)}`,
    `报表 this month (${month.last.facts.length.toLocaleString('en')} tickets) / the monthly bulletin (${bulletin.last} cards) from the rollups (median of 3): ${month.medianMs.toFixed(0)} ms / ${bulletin.medianMs.toFixed(0)} ms`,
  ];
}
