import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CalendarStore } from '../calendar/calendar-store.js';
import { WorkCalendar } from '../calendar/work-calendar.js';
import { Directory } from '../directory/directory.js';
import dayjs from '../lib/dayjs.js';
import { bulletinXlsx, reportCsv, reportXlsx } from '../reports/report-export.js';
import { ReportJobs } from '../reports/report-jobs.js';
import { ReportService } from '../reports/report-service.js';
import { CliError, println, type CliContext } from './cli-context.js';

export const REPORT_HELP = `govdesk report — the office's figures and ledger 报表

  report export --from YYYY-MM-DD --to YYYY-MM-DD [--format xlsx|csv] [--out FILE]
      The ledger (台账) of the tickets logged from FROM up to and including TO, one line each
      (caller, phone, content, units, assigned, deadline, extensions, result, reply given, closed,
      status, callback: every code as its Chinese label), and the figures table by unit. xlsx: two sheets; csv: the ledger to FILE and the figures to FILE-figures.csv
      (to stdout: the ledger, a blank line, the figures). Definitions: README "Reports".
  report bulletin --month YYYY-MM --out FILE.xlsx
      The monthly bulletin (督查通报) as .xlsx, one sheet per section.
  report rebuild --from YYYY-MM-DD --to YYYY-MM-DD
      统计重建: writes the figures' rollups (ticket_rollups, which 报表, the weekly brief, the
      bulletin and export read) again for every ticket logged from FROM up to and including TO,
      from its timeline. A repair: it reads every ticket in the database once. Safe to run at
      any time, also while the bot runs.`;

export async function reportCli(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') return void println(ctx.out, REPORT_HELP);
  if (sub === 'bulletin') return bulletin(ctx, rest);
  if (sub !== 'export' && sub !== 'rebuild') throw new CliError(`未知命令 unknown command: report ${sub}\n\n${REPORT_HELP}`, 2);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, strict: true }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${REPORT_HELP}`, 2);
  }
  const isDay = (d?: string) => Boolean(d && /^\d{4}-\d{2}-\d{2}$/.test(d) && dayjs.utc(d).format('YYYY-MM-DD') === d);
  if (!isDay(values.from) || !isDay(values.to) || values.to! < values.from!) throw new CliError(`用法 usage: report ${sub} --from YYYY-MM-DD --to YYYY-MM-DD (FROM ≤ TO)`, 2);
  if (sub === 'rebuild') {
    if (values.format || values.out) throw new CliError('report rebuild 只用 --from 和 --to (rebuild takes --from and --to only)', 2);
    const db = await ctx.database();
    const store = new CalendarStore(db.models.calendarDays, ctx.clock);
    await store.refresh();
    const tz = ctx.config.tz;
    const reports = new ReportService({ models: db.models, directory: new Directory(db.models, ctx.clock), calendar: new WorkCalendar(tz, store.overrides), tz });
    const n = await reports.rebuild({ from: dayjs.tz(`${values.from} 00:00:00`, tz).toDate(), to: dayjs.tz(`${values.to} 00:00:00`, tz).add(1, 'day').toDate(), label: { zh: '', en: '' } });
    return void println(ctx.err, `已重写 ${n} 件工单的统计 rebuilt the rollups of ${n} tickets`);
  }
  const format = values.format ?? 'xlsx';
  if (format !== 'xlsx' && format !== 'csv') throw new CliError(`--format 只能是 xlsx 或 csv: ${format}`, 2);
  if (format === 'xlsx' && !values.out) throw new CliError('xlsx 须用 --out FILE 指定文件 (xlsx needs --out FILE)', 2);
  const db = await ctx.database();
  const tz = ctx.config.tz;
  const store = new CalendarStore(db.models.calendarDays, ctx.clock);
  await store.refresh();
  const directory = new Directory(db.models, ctx.clock);
  const reports = new ReportService({ models: db.models, directory, calendar: new WorkCalendar(tz, store.overrides), tz });
  const range = { from: dayjs.tz(`${values.from} 00:00:00`, tz).toDate(), to: dayjs.tz(`${values.to} 00:00:00`, tz).add(1, 'day').toDate(), label: { zh: `${values.from}至${values.to}`, en: `${values.from} to ${values.to}` } };
  const ledger = await reports.ledger(range);
  const { report } = ledger;
  const names = new Map((await directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
  const as = { unitName: (c: string) => names.get(c) ?? c, tz };
  if (format === 'xlsx') {
    writeFileSync(values.out!, await reportXlsx(ledger, as));
  } else {
    const csv = reportCsv(ledger, as);
    if (values.out) {
      writeFileSync(values.out, csv.ledger);
      writeFileSync(values.out.replace(/(\.csv)?$/, '-figures.csv'), csv.figures);
    } else ctx.out.write(`${csv.ledger}\n${csv.figures.replace(/^\uFEFF/, '')}`);
  }
  println(ctx.err, `${report.facts.length} 件工单 tickets; ${values.out ? `已写入 wrote ${values.out}` : ''}`);
}

async function bulletin(ctx: CliContext, args: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { month: { type: 'string' }, out: { type: 'string' } }, strict: true }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${REPORT_HELP}`, 2);
  }
  if (!values.month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month) || !values.out) throw new CliError('用法 usage: report bulletin --month YYYY-MM --out FILE.xlsx', 2);
  const db = await ctx.database();
  const tz = ctx.config.tz;
  const store = new CalendarStore(db.models.calendarDays, ctx.clock);
  await store.refresh();
  const calendar = new WorkCalendar(tz, store.overrides);
  const directory = new Directory(db.models, ctx.clock);
  const reports = new ReportService({ models: db.models, directory, calendar, tz });
  const from = dayjs.tz(`${values.month}-01 00:00:00`, tz);
  const range = { from: from.toDate(), to: from.add(1, 'month').toDate(), label: { zh: from.format('YYYY年M月'), en: values.month } };
  const jobs = new ReportJobs({ reports, models: db.models, directory, outbox: { enqueue: async () => undefined } as never, calendar, tz });
  writeFileSync(values.out, await bulletinXlsx(await jobs.bulletinData(range)));
  println(ctx.err, `已写入 wrote ${values.out}`);
}
