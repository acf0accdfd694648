import dayjs from '../lib/dayjs.js';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import type { ShiftPattern } from '../duty/shift-patterns.js';
import { card, markdown, note } from './card-parts.js';
import type { Card } from './card-types.js';

const describe = (s: DutyShiftDoc, patterns: ShiftPattern[], names: (id: string) => string, tz: string) => {
  const p = patterns.find((x) => x.key === s.shift);
  const when = `${dayjs(s.start).tz(tz).format('MM-DD HH:mm')}–${dayjs(s.end).tz(tz).format('MM-DD HH:mm')}`;
  return `${p?.name.zh ?? s.shift} ${p?.name.en ?? ''}　${when}\n主班 Primary：**${names(s.primary)}**${s.secondary ? `　副班 Secondary：${names(s.secondary)}` : ''}${s.leader ? `　带班领导 Leader on duty：${names(s.leader)}` : ''}`;
};

/** `值班`: who is on duty now, and next. */
export function dutyNowCard(current: DutyShiftDoc | null, next: DutyShiftDoc | null, patterns: ShiftPattern[], names: (id: string) => string, tz: string): Card {
  return card({
    title: { zh: '值班安排', en: 'On duty' },
    template: 'indigo',
    elements: [
      markdown(`**当前 Now**\n${current ? describe(current, patterns, names, tz) : '当前没有排班 Nobody is rostered now'}`),
      markdown(`**下一班 Next**\n${next ? describe(next, patterns, names, tz) : '尚未排班 Not rostered yet'}`),
      note({ zh: '发送「我的值班」查看自己的班次。', en: 'Send "my duty" for your own shifts.' }),
    ],
  });
}

/** `我的值班`: the person's coming shifts. */
export function myShiftsCard(shifts: DutyShiftDoc[], me: string, patterns: ShiftPattern[], names: (id: string) => string, tz: string): Card {
  const partner = (s: DutyShiftDoc) => [s.primary, s.secondary].filter((x) => x && x !== me).map((x) => names(x!)).join('、');
  const lines = shifts.map((s) => {
    const role = s.primary === me ? '主班 Primary' : s.secondary === me ? '副班 Secondary' : '带班领导 Leader on duty';
    const p = patterns.find((x) => x.key === s.shift);
    const with_ = partner(s);
    return `- ${dayjs(s.start).tz(tz).format('MM-DD HH:mm')} ${p?.name.zh ?? s.shift} · ${role}${with_ ? ` · 搭班 with ${with_}` : ''}`;
  });
  return card({
    title: { zh: `我的值班（${shifts.length}）`, en: 'My shifts' },
    template: 'indigo',
    elements: [markdown(lines.length ? lines.join('\n') : '近期没有您的班次。\nNo shifts for you coming up.'), note({ zh: '用「npm run govdesk -- roster export --format ics」导出到日历。', en: 'Export to your calendar with roster export --format ics.' })],
  });
}

/** The month's roster for the office: one line per day. */
export function rosterMonthCard(month: string, shifts: DutyShiftDoc[], patterns: ShiftPattern[], names: (id: string) => string, tz: string): Card {
  const byDay = new Map<string, DutyShiftDoc[]>();
  for (const s of shifts) byDay.set(s.date, [...(byDay.get(s.date) ?? []), s]);
  const lines = [...byDay].map(([date, list]) => {
    const parts = list.map((s) => `${patterns.find((p) => p.key === s.shift)?.name.zh ?? s.shift} ${names(s.primary)}${s.secondary ? `/${names(s.secondary)}` : ''}`);
    const leader = list.find((s) => s.leader)?.leader;
    return `- ${dayjs.tz(`${date} 12:00`, tz).format('MM-DD')}　${parts.join('；')}${leader ? `；带班 ${names(leader)}` : ''}`;
  });
  return card({
    title: { zh: `${month} 值班表`, en: `Duty roster ${month}` },
    template: 'indigo',
    elements: [markdown(lines.join('\n')), note({ zh: '主班/副班。发送「我的值班」查看自己的班次。', en: 'Primary/secondary. Send "my duty" for your own shifts.' })],
  });
}
