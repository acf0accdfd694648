import type { ApprovalService } from '../approvals/approval-service.js';
import type { DutyService } from '../duty/duty-service.js';
import type { HandoverService } from '../duty/handover-service.js';
import type { PresenceService } from '../duty/presence-service.js';
import type { ReportJobs } from '../reports/report-jobs.js';
import type { Logger } from '../lib/logger.js';
import type { Models } from '../models/create-models.js';
import type { ReminderService } from '../reminders/reminder-service.js';
import type { ChaseService } from '../reminders/chase-service.js';
import { approvalSweepJob } from './approval-sweep-job.js';
import { purgeJob } from './purge-job.js';
import { JOB_DEFAULTS } from './job-defaults.js';
import type { Job } from './scheduler.js';

/** Every scheduled job with its default time (Asia/Shanghai); admins may switch them off or move them. */
export function allJobs(deps: { models: Models; approvals: ApprovalService; reminders: ReminderService; chase: ChaseService; duty: DutyService; handover: HandoverService; presence: PresenceService; reportJobs: ReportJobs; log: Logger }): Job[] {
  const { reminders } = deps;
  const runs: Record<string, Job['run']> = {
    'overdue-digest': (now) => reminders.sendDigests(now),
    'deadline-reminders': async (now) => (await reminders.sendReminders(now)) + (await deps.chase.remindCallbacks(now)),
    'accept-chase': (now) => deps.chase.chaseAcceptance(now),
    'overdue-escalation': (now) => reminders.escalate(now),
    'calendar-check': (now) => reminders.checkCalendar(now),
    'incident-sweep': (now) => deps.duty.sweep(now),
    'weekly-brief': (now) => deps.reportJobs.weekly(now),
    'monthly-bulletin': (now) => deps.reportJobs.monthly(now),
    'duty-shifts': async (now) => (await deps.handover.tick(now)) + (await deps.presence.tick(now)),
    'approval-sweep': approvalSweepJob(deps.approvals, deps.log.child({ component: 'approvals' })).run,
    purge: purgeJob(deps.models).run,
  };
  return JOB_DEFAULTS.map((d) => ({ ...d, run: runs[d.name]! }));
}

