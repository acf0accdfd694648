import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Directory } from '../directory/directory.js';
import { readRosterFile, Roster, validateRoster } from '../duty/roster.js';
import { rosterCsv, rosterIcs } from '../duty/roster-export.js';
import dayjs from '../lib/dayjs.js';
import { createHash } from 'node:crypto';
import { CalendarStore } from '../calendar/calendar-store.js';
import { WorkCalendar } from '../calendar/work-calendar.js';
import { myShiftsCard, rosterMonthCard } from '../cards/duty-cards.js';
import { generateRoster } from '../duty/generate-roster.js';
import { DutyCalendarFeed } from '../duty/duty-calendar-feed.js';
import { CardGate, cardGateMode } from '../cards/card-gate.js';
import { OutboxStore } from '../outbox/outbox-store.js';
import { cardContent, type OutgoingMessage } from '../outbox/outgoing-message.js';
import { CliError, println, type CliContext } from './cli-context.js';

export const ROSTER_HELP = `govdesk roster — the duty roster 值班表

  roster import FILE        A month's roster: CSV "date,shift,primary,secondary,leader" (header
                            optional; people by open_id or unique name) or JSON. Checked whole:
                            unknown people, gaps, overlapping shifts, shifts without a primary —
                            each by row; nothing is written when any is wrong 导入值班表
  roster generate YYYY-MM [--dry-run]
                            Generate the month: a primary and a secondary on every shift, nobody
                            on leave or on back-to-back shifts, a leader on duty on days off. Finds
                            a roster whenever one exists (else names the days that cannot be
                            staffed and why); nights, days off and shifts shared in proportion to
                            the days each officer is available 自动排班
  roster leave OPEN_ID FROM TO [--note TEXT]
                            Leave (dates inclusive) that generation respects 登记请假
  roster publish YYYY-MM [--chat CHAT_ID]
                            Every officer gets their own shifts (and their calendar link when
                            PUBLIC_BASE_URL is set); the office gets the month (in the
                            group chat given, else the directors and section heads) 发布
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
    parsed = parseArgs({
      args: rest,
      options: { month: { type: 'string' }, format: { type: 'string' }, person: { type: 'string' }, out: { type: 'string' }, 'dry-run': { type: 'boolean' }, note: { type: 'string' }, chat: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
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
    case 'leave': {
      const [openId, from, to] = positionals;
      const isDay = (d?: string) => Boolean(d && /^\d{4}-\d{2}-\d{2}$/.test(d) && dayjs.utc(d).format('YYYY-MM-DD') === d);
      if (!openId || !isDay(from) || !isDay(to) || to! < from!) throw new CliError('用法 usage: roster leave OPEN_ID FROM TO [--note TEXT] (dates YYYY-MM-DD, FROM ≤ TO)', 2);
      const person = await directory.person(openId);
      if (!person?.active) throw new CliError(`通讯录中没有 ${openId} · ${openId} is not in the directory`);
      await db.models.dutyLeave.updateOne({ _id: `${openId}:${from}` }, { $set: { openId, from, to, note: values.note ?? '', by: ctx.actor, at: ctx.clock.now() } }, { upsert: true });
      println(ctx.out, `已登记请假 leave recorded: ${person.name} ${from} – ${to}`);
      return;
    }
    case 'generate': {
      const month = positionals[0] ?? '';
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError('用法 usage: roster generate YYYY-MM [--dry-run]', 2);
      const store = new CalendarStore(db.models.calendarDays, ctx.clock);
      await store.refresh();
      const calendar = new WorkCalendar(tz, store.overrides);
      const officers = await directory.people({ role: 'duty_officer' });
      const leaders = await directory.people({ role: 'duty_leader' });
      const leave = await db.models.dutyLeave.find({ to: { $gte: `${month}-01` }, from: { $lte: `${month}-31` } }).lean();
      const generated = generateRoster({ month, officers, leaders, patterns: ctx.config.dutyShifts, calendar, tz, onLeave: (id, date) => leave.some((l) => l.openId === id && l.from <= date && date <= l.to) });
      if ('problems' in generated) throw new CliError(`${month}: ${generated.problems.length} 处无法排班 cannot be rostered\n${generated.problems.map((p) => `  ✗ ${p.zh}\n    ${p.en}`).join('\n')}\n没有写入任何数据。Nothing was written.`);
      const checked = await validateRoster(generated.rows, ctx.config.dutyShifts, directory, tz);
      if ('problems' in checked) throw new CliError(checked.problems.map((p) => `  ✗ ${p.zh}\n    ${p.en}`).join('\n'));
      const n = await names([...generated.tally.keys()]);
      println(ctx.out, 'officer\tshifts\tnights\tdays off\tprimary\tdays available 人员\t班次\t夜班\t节假日/周末\t主班\t可排天数');
      for (const [id, t] of generated.tally) println(ctx.out, `${n(id)}\t${t.total}\t${t.nights}\t${t.daysOff}\t${t.primary}\t${t.available}`);
      if (values['dry-run']) return void println(ctx.out, `（试运行，未写入 dry run, nothing written）${checked.shifts.length} shifts`);
      await roster.replace(checked.shifts, 'generate');
      println(ctx.out, `已生成 generated ${checked.shifts.length} 个班次 shifts for ${month}`);
      return;
    }
    case 'publish': {
      const month = positionals[0] ?? '';
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError('用法 usage: roster publish YYYY-MM [--chat CHAT_ID]', 2);
      const shifts = await roster.month(month);
      if (shifts.length === 0) throw new CliError(`${month} 还没有值班表 has no roster yet`);
      const people = [...new Set(shifts.flatMap((s) => [s.primary, s.secondary ?? '', s.leader ?? '']).filter(Boolean))];
      const n = await names(people);
      const version = createHash('sha256').update(JSON.stringify(shifts.map((s) => [s._id, s.primary, s.secondary, s.leader]))).digest('hex').slice(0, 8);
      // Each person's card carries their calendar subscription link when PUBLIC_BASE_URL (or PUBLIC_URL) is set.
      const feed = new DutyCalendarFeed({ feeds: db.models.dutyCalendarFeeds, shifts: db.models.dutyShifts, directory, patterns: ctx.config.dutyShifts, clock: ctx.clock, tz, baseUrl: () => ctx.config.publicUrl });
      const messages: OutgoingMessage[] = [];
      for (const id of people) {
        messages.push({
          op: 'send',
          key: `roster-publish:${month}:${version}:${id}`,
          receiveIdType: 'open_id',
          receiveId: id,
          msgType: 'interactive',
          content: cardContent(myShiftsCard(shifts.filter((s) => [s.primary, s.secondary, s.leader].includes(id)), id, ctx.config.dutyShifts, n, tz, { feedUrl: await feed.linkFor(id) })),
        });
      }
      const monthCard = cardContent(rosterMonthCard(month, shifts, ctx.config.dutyShifts, n, tz));
      if (values.chat) messages.push({ op: 'send', key: `roster-publish:${month}:${version}:chat:${values.chat}`, receiveIdType: 'chat_id', receiveId: values.chat, msgType: 'interactive', content: monthCard });
      else for (const p of [...(await directory.people({ role: 'director' })), ...(await directory.people({ role: 'section_head' }))]) messages.push({ op: 'send', key: `roster-publish:${month}:${version}:office:${p.openId}`, receiveIdType: 'open_id', receiveId: p.openId, msgType: 'interactive', content: monthCard });
      const gate = new CardGate(cardGateMode(ctx.config), ctx.log);
      const inserted = await new OutboxStore(db.models.outboxMessages, db.models.outboxQueue).enqueue(gate.messages(messages), ctx.clock.now());
      println(ctx.out, `已发布 published ${month}: ${messages.length} 条消息 messages (${inserted.length} new); the running bot sends them`);
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
