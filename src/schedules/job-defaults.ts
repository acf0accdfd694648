/** Every scheduled job, its default time (Asia/Shanghai) and what it does — one list for the bot and the CLI. */
/** `officeHours`: it messages people in office hours, so a catch-up after downtime waits for working hours. */
export const JOB_DEFAULTS: { name: string; cron: string; summary: string; officeHours?: boolean }[] = [
  { name: 'overdue-digest', cron: '0 9 * * *', summary: '超期日报 to section and unit heads (working days)', officeHours: true },
  { name: 'deadline-reminders', cron: '5 9 * * *', summary: '到期前一个工作日提醒 (催办) to whoever must act, and the callback desk before a 回访 is due (working days)', officeHours: true },
  { name: 'accept-chase', cron: '15 9 * * *', summary: '签收催办: unaccepted after ACCEPT_WITHIN_DAYS working days → the unit, one day more → the dispatchers (working days)', officeHours: true },
  { name: 'overdue-escalation', cron: '30 9 * * *', summary: '催办通知 to unit heads, escalation to directors, listing for 通报 (working days)', officeHours: true },
  { name: 'weekly-brief', cron: '0 9 * * 1', summary: "Mondays 09:00: last week's figures to leaders and the director", officeHours: true },
  { name: 'monthly-bulletin', cron: '0 9 * * *', summary: "first working day of a month, 09:00: 督查通报 to leaders and the director; each unit head their unit's page", officeHours: true },
  { name: 'calendar-check', cron: '0 10 * 12 1', summary: "December Mondays: ask admins for next year's holidays if missing", officeHours: true },
  { name: 'duty-shifts', cron: '* * * * *', summary: 'shift reminders (evening before, 1 h before), 交班/接班 cards, alerts when 接班 is 15/30 min late, 查岗 results 10 min after a check' },
  { name: 'incident-sweep', cron: '* * * * *', summary: 'major incidents: re-alert every 5 min until acknowledged; no 首报 at 30 min: urgent alert to the office and the district leaders' },
  { name: 'approval-sweep', cron: '*/5 * * * *', summary: 'open approval steps a crash left; fresh cards after a week' },
  { name: 'purge', cron: '17 * * * *', summary: 'expire handled events, sent messages and old claims' },
];
