import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CalendarStore, isDate, parseCalendarFile } from '../calendar/calendar-store.js';
import { WorkCalendar } from '../calendar/work-calendar.js';
import dayjs from '../lib/dayjs.js';
import { CliError, println, type CliContext } from './cli-context.js';

export const CALENDAR_HELP = `govdesk calendar — working days (China's calendar, with the office's overrides) 工作日历

  calendar show YYYY-MM                       The month, day by day 显示某月
  calendar set YYYY-MM-DD workday|holiday [--note TEXT]
                                              Override one day (调休/补班, extra holiday) 设置某日
  calendar unset YYYY-MM-DD                   Back to the official schedule 恢复官方安排
  calendar import FILE                        The State Council notice as dates, one per line:
                                              "2027-02-06 workday 春节调休" (or JSON [{date,kind,note}]);
                                              the years it covers become known 导入后该年度视为已公布
  Days of a year whose schedule is neither imported nor shipped with the calendar package are
  shown 未公布 (counted as an ordinary week); deadlines running into such a year are provisional
  and are recomputed by the bot once the year is imported. 未公布年度按普通周计算，导入后重算期限。
  Changes reach a running bot within a minute. 修改在一分钟内生效。`;

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export async function calendarCli(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') return void println(ctx.out, CALENDAR_HELP);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { note: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${CALENDAR_HELP}`, 2);
  }
  const { values, positionals } = parsed;
  const db = await ctx.database();
  const store = new CalendarStore(db.models.calendarDays, ctx.clock, db.models.calendarYears);
  await store.refresh();
  switch (sub) {
    case 'show': {
      const month = positionals[0] ?? '';
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError('用法 usage: calendar show YYYY-MM', 2);
      const cal = new WorkCalendar(ctx.config.tz, store.overrides, { importedYears: store.importedYears });
      const first = dayjs.tz(`${month}-01 12:00`, ctx.config.tz);
      if (!cal.isKnownYear(first.year())) {
        println(ctx.out, `${first.year()} 年节假日安排未公布（未导入）：标「未公布」的日子按普通周计算，公布后请用 calendar import 导入。`);
        println(ctx.out, `${first.year()}'s official holidays are not known (not imported): days marked 未公布 count as an ordinary week until you run calendar import.`);
      }
      for (let d = first; d.month() === first.month(); d = d.add(1, 'day')) {
        const date = d.format('YYYY-MM-DD');
        const work = cal.isWorkingDay(date);
        const override = store.overrides.has(date) ? ` (覆盖 override${store.notes.get(date) ? `: ${store.notes.get(date)}` : ''})` : '';
        const unpublished = cal.isUnpublished(date) ? ' · 未公布 not published' : '';
        println(ctx.out, `${date} 周${WEEKDAYS[d.day()]}\t${work ? '上班 workday' : '休息 day off'}${override}${unpublished}`);
      }
      return;
    }
    case 'set': {
      const [date, kind] = positionals;
      if (!date || !isDate(date) || (kind !== 'workday' && kind !== 'holiday') || positionals.length !== 2) throw new CliError('用法 usage: calendar set YYYY-MM-DD workday|holiday [--note TEXT]', 2);
      await store.set([{ date, kind, note: values.note ?? '' }], ctx.actor);
      println(ctx.out, `已设置 set ${date} → ${kind === 'workday' ? '上班 workday' : '休息 holiday'}`);
      return;
    }
    case 'unset': {
      const [date] = positionals;
      if (!date || !isDate(date)) throw new CliError('用法 usage: calendar unset YYYY-MM-DD', 2);
      await store.unset(date);
      println(ctx.out, `已恢复官方安排 back to the official schedule: ${date}`);
      return;
    }
    case 'import': {
      const [file] = positionals;
      if (!file) throw new CliError('用法 usage: calendar import FILE', 2);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new CliError(`读不到文件 cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const r = parseCalendarFile(text);
      if ('problems' in r) throw new CliError(`${file}: ${r.problems.length} 处错误 problem(s)\n${r.problems.map((p) => `  ✗ ${p.zh}\n    ${p.en}`).join('\n')}\n没有写入任何数据。Nothing was written.`);
      const years = await store.import(r.entries, ctx.actor);
      println(ctx.out, `已导入 imported ${r.entries.length} 天 days`);
      println(ctx.out, `${years.join('、')} 年节假日安排已登记为已公布；运行中的政务助手将在一分钟内重算涉及这些年度的期限。`);
      println(ctx.out, `${years.join(', ')} now count as published; a running govdesk recomputes the deadlines that run into them within a minute.`);
      return;
    }
    default:
      throw new CliError(`未知命令 unknown command: calendar ${sub}\n\n${CALENDAR_HELP}`, 2);
  }
}
