import { insertOnce } from '../db/insert-once.js';
import type { CalendarStore } from '../calendar/calendar-store.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { overdueDigestCard, overdueNoticeCard, type OverdueItem } from '../cards/digest-card.js';
import type { Directory } from '../directory/directory.js';
import type { Clock } from '../lib/clock.js';
import dayjs from '../lib/dayjs.js';
import type { Logger } from '../lib/logger.js';
import type { Models } from '../models/create-models.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import type { SupervisionService } from '../supervision/supervision-service.js';
import type { TicketService } from '../tickets/ticket-service.js';
import { openTicketRows } from '../tickets/open-items.js';

/** Working days overdue at which the unit head is urged, the director told, the item listed for the bulletin. */
export interface EscalationThresholds {
  urge: number;
  director: number;
  report: number;
}

export const DEFAULT_THRESHOLDS: EscalationThresholds = { urge: 1, director: 3, report: 5 };

const OPEN_TICKET = ['assigned', 'handling'];

/**
 * Deadlines on a schedule: the daily overdue digest for section and unit heads, reminders the
 * working day before a deadline, urging / escalation / bulletin listing after it, and the
 * December check for next year's calendar. Every message is keyed by kind, target and day (or
 * item), so a re-run, a restart or a second replica sends nothing twice.
 */
export class ReminderService {
  constructor(
    private readonly deps: {
      models: Models;
      directory: Directory;
      outbox: Outbox;
      calendar: WorkCalendar;
      calendarStore: CalendarStore;
      tickets: TicketService;
      supervision: SupervisionService;
      clock: Clock;
      log: Logger;
      tz: string;
      thresholds: EscalationThresholds;
    },
  ) {}

  private day(now: Date) {
    return this.deps.calendar.day(now);
  }

  /**
   * Open tickets in hand (open_items: only what is open, read whole; on FerretDB 1.x a filter
   * on other fields would read it whole anyway) whose deadline passes `due`.
   */
  private async openTickets(due: (deadline: Date) => boolean): Promise<{ id: string; unit: string; title: string; deadline: Date }[]> {
    const rows = await openTicketRows(this.deps.models.openItems);
    return rows.filter((r) => OPEN_TICKET.includes(r.status) && r.unit && r.deadline && due(r.deadline)).map((r) => ({ id: r.item, unit: r.unit!, title: r.title, deadline: r.deadline! }));
  }

  /** Open tickets and supervision items past their deadline, with working days overdue. */
  async overdueItems(now: Date): Promise<(OverdueItem & { deadlineAt: Date })[]> {
    const { models, calendar } = this.deps;
    const [tickets, items] = await Promise.all([
      this.openTickets((d) => d.getTime() < now.getTime()),
      models.supervisionItems.find({ status: 'open', deadline: { $lt: now } }, { content: 1, leadUnit: 1, deadline: 1 }).lean(),
    ]);
    return [
      ...tickets.map((t) => ({ kind: 'ticket' as const, id: t.id, unit: t.unit, title: t.title, deadline: this.day(t.deadline), deadlineAt: t.deadline, workingDaysOverdue: Math.max(1, calendar.workingDaysBetween(t.deadline, now)) })),
      ...items.map((i) => ({ kind: 'supervision' as const, id: i._id, unit: i.leadUnit, title: i.content, deadline: this.day(i.deadline), deadlineAt: i.deadline, workingDaysOverdue: Math.max(1, calendar.workingDaysBetween(i.deadline, now)) })),
    ];
  }

  /** Who gets which units' items: section heads the units they oversee, unit heads their own. */
  async digests(now: Date): Promise<Map<string, Map<string, OverdueItem[]>>> {
    const items = await this.overdueItems(now);
    const byUnit = new Map<string, OverdueItem[]>();
    for (const i of items) byUnit.set(i.unit, [...(byUnit.get(i.unit) ?? []), i]);
    const out = new Map<string, Map<string, OverdueItem[]>>();
    const give = (openId: string, unit: string) => {
      const m = out.get(openId) ?? new Map<string, OverdueItem[]>();
      m.set(unit, byUnit.get(unit)!);
      out.set(openId, m);
    };
    const units = new Map((await this.deps.directory.units()).map((u) => [u.code, u]));
    const people = await this.deps.directory.people();
    const active = new Set(people.map((p) => p.openId));
    const unitHeads = new Map<string, string[]>();
    for (const p of people) if (p.roles.includes('unit_head') && p.unit) unitHeads.set(p.unit, [...(unitHeads.get(p.unit) ?? []), p.openId]);
    for (const unit of byUnit.keys()) {
      for (const head of units.get(unit)?.sectionHeads ?? []) if (active.has(head)) give(head, unit);
      for (const head of unitHeads.get(unit) ?? []) give(head, unit);
    }
    return out;
  }

  /** 09:00 on working days: one digest card per head; nobody gets an empty one. */
  async sendDigests(now: Date): Promise<number> {
    if (!this.deps.calendar.isWorkingDay(now)) return 0;
    const day = this.day(now);
    const digests = await this.digests(now);
    const names = new Map((await this.deps.directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
    const out: OutgoingMessage[] = [...digests].map(([openId, units]) => ({
      op: 'send',
      key: `digest:${openId}:${day}`,
      receiveIdType: 'open_id',
      receiveId: openId,
      msgType: 'interactive',
      content: cardContent(overdueDigestCard([...units].map(([code, items]) => ({ unitName: names.get(code) ?? code, items })), day)),
    }));
    await this.deps.outbox.enqueue(out);
    return out.length;
  }

  /**
   * The working day before a deadline: whoever must act gets the item's card with its buttons
   * (催办) — once per item and deadline (keyed on both), so the deadline day brings no second
   * reminder, and a moved deadline (an extension, a recomputed calendar) gets its own.
   */
  async sendReminders(now: Date): Promise<number> {
    const { calendar, models, directory, tickets, supervision } = this.deps;
    if (!calendar.isWorkingDay(now)) return 0;
    const until = calendar.dueSoonUntil(now);
    const out: OutgoingMessage[] = [];
    const unitPeople = async (unit: string) => (await directory.people({ unit })).filter((p) => p.roles.includes('unit_handler') || p.roles.includes('unit_head'));
    for (const t of await this.openTickets((d) => d.getTime() >= now.getTime() && d.getTime() <= until.getTime())) {
      const loaded = await tickets.load(t.id);
      if (!loaded?.state.leadUnit) continue;
      const card = cardContent(await tickets.card(loaded.state.status === 'assigned' ? 'assignment' : 'handling', loaded, { dueSoon: true }));
      const key = `remind:${t.id}:${t.deadline.toISOString()}`;
      for (const p of await unitPeople(loaded.state.leadUnit)) out.push({ op: 'send', key: `${key}:${p.openId}`, receiveIdType: 'open_id', receiveId: p.openId, msgType: 'interactive', content: card });
    }
    for (const i of await models.supervisionItems.find({ status: 'open', deadline: { $gte: now, $lte: until } }, { _id: 1, deadline: 1 }).lean()) {
      const loaded = await supervision.load(i._id);
      if (!loaded) continue;
      const card = cardContent(await supervision.card(loaded));
      const key = `remind:${i._id}:${i.deadline.toISOString()}`;
      for (const p of await unitPeople(loaded.item.leadUnit)) out.push({ op: 'send', key: `${key}:${p.openId}`, receiveIdType: 'open_id', receiveId: p.openId, msgType: 'interactive', content: card });
    }
    await this.deps.outbox.enqueue(out);
    return out.length;
  }

  /**
   * After a deadline: urge the unit head (催办通知), then tell the directors (超期上报) — each a
   * card with the item's 查看 button, once per item and person, and written once on the item's
   * timeline — then list it for the bulletin.
   */
  async escalate(now: Date): Promise<number> {
    const { calendar, directory, thresholds, models } = this.deps;
    if (!calendar.isWorkingDay(now)) return 0;
    const out: OutgoingMessage[] = [];
    const directors = await directory.people({ role: 'director' });
    const names = new Map((await directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
    for (const item of await this.overdueItems(now)) {
      const n = item.workingDaysOverdue;
      const unitName = names.get(item.unit) ?? item.unit;
      if (n >= thresholds.urge) {
        const heads = await directory.people({ role: 'unit_head', unit: item.unit });
        const card = cardContent(overdueNoticeCard('urge', item, unitName));
        await this.onTimeline(item, 'urged', heads.map((h) => h.openId), `已向${unitName}负责人发出催办通知`);
        for (const head of heads) out.push({ op: 'send', key: `urge:${item.id}:${head.openId}`, receiveIdType: 'open_id', receiveId: head.openId, msgType: 'interactive', content: card });
      }
      if (n >= thresholds.director) {
        const card = cardContent(overdueNoticeCard('escalate', item, unitName));
        await this.onTimeline(item, 'escalated', directors.map((d) => d.openId), `超期 ${n} 个工作日，已上报办公室主任`);
        for (const d of directors) out.push({ op: 'send', key: `escalate:${item.id}:${d.openId}`, receiveIdType: 'open_id', receiveId: d.openId, msgType: 'interactive', content: card });
      }
      if (n >= thresholds.report) {
        await insertOnce(models.reportListings, { _id: `${item.kind}:${item.id}`, kind: item.kind, item: item.id, unit: item.unit, workingDaysOverdue: n, listedAt: now });
      }
    }
    await this.deps.outbox.enqueue(out);
    return out.length;
  }

  /** 催办通知 / 超期上报 on the item's own timeline (ticket transitions, supervision events), once per item. */
  private async onTimeline(item: OverdueItem, kind: 'urged' | 'escalated', to: string[], note: string): Promise<void> {
    if (item.kind === 'ticket') {
      await this.deps.tickets.systemNote(item.id, kind, '', { days: item.workingDaysOverdue, deadline: this.deadlineOf(item)?.toISOString(), to }, (state) => state.timeline.some((t) => t.action === kind));
    } else {
      await this.deps.supervision.systemEvent(item.id, kind, kind, `${note}（期限 ${item.deadline}，超期 ${item.workingDaysOverdue} 个工作日）`);
    }
  }

  private deadlineOf(item: OverdueItem): Date | undefined {
    return (item as { deadlineAt?: Date }).deadlineAt;
  }

  /** December: if next year's holidays are not known yet, ask the admins to import them. */
  async checkCalendar(now: Date): Promise<number> {
    const local = dayjs(now).tz(this.deps.tz);
    if (local.month() !== 11) return 0;
    const next = local.year() + 1;
    if (await this.deps.calendarStore.knowsYear(next)) return 0;
    const admins = await this.deps.directory.people({ role: 'admin' });
    const week = Math.floor((local.date() - 1) / 7);
    await this.deps.outbox.enqueue(
      admins.map((a) => ({
        op: 'send' as const,
        key: `calendar-missing:${next}:w${week}:${a.openId}`,
        receiveIdType: 'open_id' as const,
        receiveId: a.openId,
        msgType: 'text' as const,
        content: textContent(
          `政务助手还不知道 ${next} 年的节假日安排。国务院办公厅通知发布后，请用「npm run govdesk -- calendar import 文件」导入（每行：日期 workday|holiday 备注）。\n` +
            `govdesk does not know ${next}'s public holidays yet. Once the State Council publishes them, import them with "npm run govdesk -- calendar import FILE".`,
        ),
      })),
    );
    return admins.length;
  }
}
