import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Directory } from '../directory/directory.js';
import { readRosterFile, Roster, validateRoster } from '../duty/roster.js';
import { rosterCsv, rosterIcs } from '../duty/roster-export.js';
import dayjs from '../lib/dayjs.js';
import { CliError, println, type CliContext } from './cli-context.js';

export const ROSTER_HELP = `govdesk roster — the duty roster 值班表

  roster import FILE        A month's roster: CSV "date,shift,primary,secondary,leader" (header
                            optional; people by open_id or unique name) or JSON. Checked whole:
                            unknown people, gaps, overlapping shifts, shifts without a primary —
                            each by row; nothing is written when any is wrong 导入值班表
  roster show YYYY-MM       The month 显示某月
  roster export [--month YYYY-MM] [--format csv|ics] [--person OPEN_ID] [--out FILE]
                            CSV (the import format) or iCalendar for people's calendars 导出

  Shifts (DUTY_SHIFTS): ${'{shifts}'}`;

export async function rosterCli(ctx: CliContext, argv: string[]): Promise<void> {
  const help = ROSTER_HELP.replace('{shifts}', ctx.config.dutyShifts.map((p) => `${p.key} ${p.name.zh} ${p.start}–${p.end}`).join(', '));
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') return void println(ctx.out, help);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { month: { type: 'string' }, format: { type: 'string' }, person: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${help}`, 2);
  }
  const { values, positionals } = parsed;
  const db = await ctx.database();
  const directory = new Directory(db.models, ctx.clock);
  const roster = new Roster(db.models.dutyShifts, ctx.clock);
  const tz = ctx.config.tz;
  const names = async (ids: string[]) => {
    const m = await directory.names(ids);
    return (id: string) => m.get(id) ?? id;
  };
  switch (sub) {
    case 'import': {
      const [file] = positionals;
      if (!file) throw new CliError('用法 usage: roster import FILE', 2);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new CliError(`读不到文件 cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const read = readRosterFile(text);
      const checked = 'problems' in read ? read : await validateRoster(read.rows, ctx.config.dutyShifts, directory, tz);
      if ('problems' in checked) throw new CliError(`${file}: ${checked.problems.length} 处错误 problem(s)\n${checked.problems.map((p) => `  ✗ ${p.zh}\n    ${p.en}`).join('\n')}\n没有写入任何数据。Nothing was written.`);
      await roster.replace(checked.shifts, 'import');
      const months = [...new Set(checked.shifts.map((s) => s.date.slice(0, 7)))].join(', ');
      println(ctx.out, `已导入 imported ${checked.shifts.length} 个班次 shifts (${months})`);
      return;
    }
    case 'show': {
      const month = positionals[0] ?? '';
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError('用法 usage: roster show YYYY-MM', 2);
      const shifts = await roster.month(month);
      const n = await names(shifts.flatMap((s) => [s.primary, s.secondary ?? '', s.leader ?? '']).filter(Boolean));
      for (const s of shifts) println(ctx.out, `${s.date}\t${s.shift}\t${dayjs(s.start).tz(tz).format('HH:mm')}–${dayjs(s.end).tz(tz).format('HH:mm')}\t主班 ${n(s.primary)}\t副班 ${s.secondary ? n(s.secondary) : '-'}\t带班 ${s.leader ? n(s.leader) : '-'}`);
      println(ctx.err, `共 ${shifts.length} 个班次 ${shifts.length} shifts`);
      return;
    }
    case 'export': {
      const format = values.format ?? 'csv';
      if (format !== 'csv' && format !== 'ics') throw new CliError(`--format 只能是 csv 或 ics: ${format}`, 2);
      const month = values.month ?? dayjs(ctx.clock.now()).tz(tz).format('YYYY-MM');
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError(`--month 应为 YYYY-MM: ${month}`, 2);
      let shifts = await roster.month(month);
      if (values.person) shifts = shifts.filter((s) => [s.primary, s.secondary, s.leader].includes(values.person));
      const n = await names(shifts.flatMap((s) => [s.primary, s.secondary ?? '', s.leader ?? '']).filter(Boolean));
      const text = format === 'csv' ? rosterCsv(shifts, n) : rosterIcs(shifts, ctx.config.dutyShifts, n, ctx.clock.now(), values.person);
      if (values.out) {
        writeFileSync(values.out, text);
        println(ctx.err, `已写入 wrote ${values.out}: ${shifts.length} shifts`);
      } else ctx.out.write(text);
      return;
    }
    default:
      throw new CliError(`未知命令 unknown command: roster ${sub}\n\n${help}`, 2);
  }
}
