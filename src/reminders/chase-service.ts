import type { WorkCalendar } from '../calendar/work-calendar.js';
import type { Logger } from '../lib/logger.js';
import type { OpenItemModel } from '../models/open-item.js';
import type { Outbox } from '../outbox/outbox.js';
import { openTicketRows } from '../tickets/open-items.js';
import type { TicketService } from '../tickets/ticket-service.js';

/**
 * 签收时限 and 回访时限 on a schedule, read from open_items (only what is open), never from every
 * ticket:
 * - `accept-chase` (09:15, working days): a ticket still 待签收 after `acceptWithinDays` working
 *   days — past the end of that working day counted from 派单, the deadline rule — gets a 催办 card
 *   to the lead unit's handlers and head; one working day later the dispatchers are told. Each
 *   once per assignment, written on the ticket's timeline.
 * - callback reminders (with `deadline-reminders`, 09:05): a callback is due `callbackWithinDays`
 *   working days after 审核通过; the working day before (or later, if the job missed it) the desk
 *   is reminded once, in the thread of its 回访 cards.
 */
export class ChaseService {
  constructor(
    private readonly deps: {
      openItems: OpenItemModel;
      tickets: TicketService;
      outbox: Outbox;
      calendar: WorkCalendar;
      log: Logger;
      acceptWithinDays: number;
    },
  ) {}

  /** The accept-chase job: how many people were told. */
  async chaseAcceptance(now: Date): Promise<number> {
    const { calendar, tickets, acceptWithinDays } = this.deps;
    if (!calendar.isWorkingDay(now)) return 0;
    let told = 0;
    for (const row of (await openTicketRows(this.deps.openItems)).filter((r) => r.status === 'assigned' && r.unit)) {
      const since = row.since ?? (await tickets.statusSince(row.item));
      if (!since) continue;
      for (const stage of [1, 2] as const) {
        const days = acceptWithinDays + stage - 1;
        if (now.getTime() <= calendar.deadlineAfter(since, days).getTime()) break;
        told += await tickets.chaseAcceptance(row.item, stage, days);
      }
    }
    if (told) this.deps.log.info({ told }, 'unaccepted tickets chased');
    return told;
  }

  /** Callbacks due by the end of the next working day (or overdue): the desk is reminded once. */
  async remindCallbacks(now: Date): Promise<number> {
    const { calendar, tickets } = this.deps;
    if (!calendar.isWorkingDay(now)) return 0;
    const until = calendar.dueSoonUntil(now).getTime();
    let sent = 0;
    for (const row of (await openTicketRows(this.deps.openItems)).filter((r) => r.status === 'callback')) {
      const since = row.since ?? (await tickets.statusSince(row.item));
      if (!since) continue;
      const due = calendar.deadlineAfter(since, tickets.callbackWithinDays);
      if (due.getTime() > until) continue;
      const messages = await tickets.callbackReminders(row.item);
      await this.deps.outbox.enqueue(messages);
      sent += messages.length;
    }
    return sent;
  }
}
