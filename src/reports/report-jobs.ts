import type { WorkCalendar } from '../calendar/work-calendar.js';
import { bulletinCard } from '../cards/bulletin-card.js';
import { reportCard } from '../cards/report-card.js';
import type { Directory } from '../directory/directory.js';
import dayjs from '../lib/dayjs.js';
import type { Models } from '../models/create-models.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import { periodRange, type Range, type ReportService } from './report-service.js';

/**
 * The published figures: every Monday the weekly brief (last week) to leaders and the
 * director; on the first working day of a month the bulletin (督查通报, last month) to the same
 * people, and each unit head their own unit's page. Keyed by period and person: once per slot.
 */
export class ReportJobs {
  constructor(private readonly deps: { reports: ReportService; models: Models; directory: Directory; outbox: Outbox; calendar: WorkCalendar; tz: string }) {}

  private async readers(): Promise<string[]> {
    const { directory } = this.deps;
    return [...new Set([...(await directory.people({ role: 'leader' })), ...(await directory.people({ role: 'director' }))].map((p) => p.openId))];
  }

  async weekly(now: Date): Promise<number> {
    const range = periodRange('last-week', now, this.deps.tz)!;
    const week = dayjs(range.from).tz(this.deps.tz).format('YYYY-MM-DD');
    const card = cardContent(reportCard(await this.deps.reports.summary(range)));
    const out: OutgoingMessage[] = (await this.readers()).map((id) => ({ op: 'send', key: `weekly:${week}:${id}`, receiveIdType: 'open_id', receiveId: id, msgType: 'interactive', content: card }));
    await this.deps.outbox.enqueue(out);
    return out.length;
  }

  /** What the bulletin of the month `range` shows. */
  async bulletinData(range: Range) {
    const { models, directory, reports, calendar } = this.deps;
    const report = await reports.summary(range);
    const names = new Map((await directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
    const listed = await models.reportListings.find({ listedAt: { $gte: range.from, $lt: range.to } }).lean();
    const overdue = listed.map((l) => ({ id: l.item, unit: l.unit, days: l.workingDaysOverdue, kind: l.kind }));
    const due = await models.supervisionItems.find({ status: 'open', deadline: { $lt: dayjs(range.to).add(31, 'day').toDate() } }).lean();
    const supervisionDue = due.map((s) => ({ id: s._id, content: s.content, unit: s.leadUnit, deadline: calendar.day(s.deadline) }));
    return { report, overdue, supervisionDue, unitName: (c: string) => names.get(c) ?? c };
  }

  /** Runs daily; sends only on the month's first working day. */
  async monthly(now: Date): Promise<number> {
    const { calendar, tz, directory, reports } = this.deps;
    const local = dayjs(now).tz(tz);
    const first = local.date(1).format('YYYY-MM-DD');
    let firstWorking = first;
    while (!calendar.isWorkingDay(firstWorking)) firstWorking = dayjs.utc(firstWorking).add(1, 'day').format('YYYY-MM-DD');
    if (local.format('YYYY-MM-DD') !== firstWorking) return 0;
    const range = periodRange('last-month', now, tz)!;
    const month = dayjs(range.from).tz(tz).format('YYYY-MM');
    const { report, overdue, supervisionDue, unitName } = await this.bulletinData(range);
    const bulletin = cardContent(bulletinCard(report, overdue, supervisionDue, unitName));
    const out: OutgoingMessage[] = (await this.readers()).map((id) => ({ op: 'send', key: `bulletin:${month}:${id}`, receiveIdType: 'open_id', receiveId: id, msgType: 'interactive', content: bulletin }));
    for (const head of await directory.people({ role: 'unit_head' })) {
      if (!head.unit) continue;
      const own = reports.narrow(report, [head.unit]);
      const page = bulletinCard(own, overdue.filter((o) => o.unit === head.unit), supervisionDue.filter((s) => s.unit === head.unit), unitName);
      out.push({ op: 'send', key: `bulletin:${month}:unit:${head.openId}`, receiveIdType: 'open_id', receiveId: head.openId, msgType: 'interactive', content: cardContent(page) });
    }
    await this.deps.outbox.enqueue(out);
    return out.length;
  }
}
