import type { Connection } from 'mongoose';
import { approvalEventModel } from './approval-event.js';
import { attachWindowModel } from './attach-window.js';
import { ticketMessageModel } from './ticket-message.js';
import { approvalRequestModel } from './approval-request.js';
import { calendarDayModel } from './calendar-day.js';
import { calendarYearModel } from './calendar-year.js';
import { claimModel } from './claim.js';
import { counterModel } from './counter.js';
import { dispatchExampleModel, dispatchLogModel } from './dispatch-example.js';
import { dutyShiftModel } from './duty-shift.js';
import { dutyHandoverModel } from './duty-handover.js';
import { dutySwapModel } from './duty-swap.js';
import { dutyCheckModel } from './duty-check.js';
import { dutyLeaveModel } from './duty-leave.js';
import { dutyCalendarFeedModel } from './duty-calendar-feed.js';
import { dutyLogEventModel, dutyLogModel, incidentEventModel, incidentModel } from './duty-log.js';
import { openItemModel } from './open-item.js';
import { pastAnswerModel } from './past-answer.js';
import { reportListingModel } from './report-listing.js';
import { jobRunModel, scheduleSettingModel } from './schedule-setting.js';
import { ticketModel, ticketTransitionModel } from './ticket.js';
import { ticketRollupModel, ticketRollupStepModel } from './ticket-rollup.js';
import { supervisionEventModel, supervisionItemModel } from './supervision-item.js';
import { inboxEventModel, inboxQueueModel } from './inbox-event.js';
import { outboxMessageModel, outboxQueueModel } from './outbox-message.js';
import { personModel } from './person.js';
import { roleChangeModel } from './role-change.js';
import { ticketKeyModel } from './ticket-key.js';
import { unitModel } from './unit.js';
import { welcomeModel } from './welcome.js';

export function createModels(conn: Connection) {
  return {
    claims: claimModel(conn),
    counters: counterModel(conn),
    inboxEvents: inboxEventModel(conn),
    inboxQueue: inboxQueueModel(conn),
    outboxMessages: outboxMessageModel(conn),
    outboxQueue: outboxQueueModel(conn),
    people: personModel(conn),
    units: unitModel(conn),
    roleChanges: roleChangeModel(conn),
    approvalRequests: approvalRequestModel(conn),
    approvalEvents: approvalEventModel(conn),
    supervisionItems: supervisionItemModel(conn),
    supervisionEvents: supervisionEventModel(conn),
    tickets: ticketModel(conn),
    ticketTransitions: ticketTransitionModel(conn),
    ticketRollups: ticketRollupModel(conn),
    ticketRollupSteps: ticketRollupStepModel(conn),
    calendarDays: calendarDayModel(conn),
    calendarYears: calendarYearModel(conn),
    scheduleSettings: scheduleSettingModel(conn),
    jobRuns: jobRunModel(conn),
    reportListings: reportListingModel(conn),
    openItems: openItemModel(conn),
    ticketKeys: ticketKeyModel(conn),
    pastAnswers: pastAnswerModel(conn),
    ticketMessages: ticketMessageModel(conn),
    attachWindows: attachWindowModel(conn),
    dispatchExamples: dispatchExampleModel(conn),
    dispatchLog: dispatchLogModel(conn),
    dutyShifts: dutyShiftModel(conn),
    dutyLog: dutyLogModel(conn),
    dutyLogEvents: dutyLogEventModel(conn),
    dutyHandovers: dutyHandoverModel(conn),
    dutySwaps: dutySwapModel(conn),
    dutyChecks: dutyCheckModel(conn),
    dutyLeave: dutyLeaveModel(conn),
    dutyCalendarFeeds: dutyCalendarFeedModel(conn),
    incidents: incidentModel(conn),
    incidentEvents: incidentEventModel(conn),
    welcomes: welcomeModel(conn),
  };
}
export type Models = ReturnType<typeof createModels>;

/** Builds every index declared beside the schemas (createIndexes is idempotent). */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
