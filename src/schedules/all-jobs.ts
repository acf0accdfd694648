import type { ApprovalService } from '../approvals/approval-service.js';
import type { Logger } from '../lib/logger.js';
import type { Models } from '../models/create-models.js';
import type { ReminderService } from '../reminders/reminder-service.js';
import { approvalSweepJob } from './approval-sweep-job.js';
import { purgeJob } from './purge-job.js';
import type { Job } from './scheduler.js';

/** Every scheduled job with its default time (Asia/Shanghai); admins may switch them off or move them. */
export function allJobs(deps: { models: Models; approvals: ApprovalService; reminders: ReminderService; log: Logger }): Job[] {
  const { reminders } = deps;
  return [
    { name: 'overdue-digest', cron: '0 9 * * *', summary: '超期日报 to section and unit heads (working days)', run: (now) => reminders.sendDigests(now) },
    { name: 'deadline-reminders', cron: '5 9 * * *', summary: '到期前一个工作日提醒 (催办) to whoever must act', run: (now) => reminders.sendReminders(now) },
    { name: 'overdue-escalation', cron: '30 9 * * *', summary: '催办通知, escalation to directors, listing for 通报', run: (now) => reminders.escalate(now) },
    { name: 'calendar-check', cron: '0 10 * 12 1', summary: "December: ask admins for next year's holidays if missing", run: (now) => reminders.checkCalendar(now) },
    { ...approvalSweepJob(deps.approvals, deps.log.child({ component: 'approvals' })), summary: 'open approval steps, fresh cards after a week' },
    { ...purgeJob(deps.models), summary: 'expire handled events, sent messages, old claims' },
  ];
}

/** The names and default times, for the CLI (no services needed). */
export const JOB_NAMES = ['overdue-digest', 'deadline-reminders', 'overdue-escalation', 'calendar-check', 'approval-sweep', 'purge'] as const;
