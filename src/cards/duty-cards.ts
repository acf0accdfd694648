import dayjs from '../lib/dayjs.js';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import type { ShiftPattern } from '../duty/shift-patterns.js';
import { card, esc, hr, markdown, note } from './card-parts.js';
import type { Card, CardElement } from './card-types.js';

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

/** At most this many shifts are listed on one card (well inside Lark's 200 elements and 30 KB). */
export const MY_SHIFTS_SHOWN = 100;

/**
 * `我的值班`: the person's coming shifts, every one of them, grouped by month (beyond
 * MY_SHIFTS_SHOWN the card says how many more and until when). `feedUrl`: their calendar
 * subscription link (only in a direct chat: it is theirs); `inGroup`: say where to get it;
 * `reset`: the link was just replaced (the old one no longer works).
 */
export function myShiftsCard(shifts: DutyShiftDoc[], me: string, patterns: ShiftPattern[], names: (id: string) => string, tz: string, opts: { feedUrl?: string | null; inGroup?: boolean; reset?: boolean } = {}): Card {
  const partner = (s: DutyShiftDoc) => [s.primary, s.secondary].filter((x) => x && x !== me).map((x) => names(x!)).join('、');
  const shown = shifts.slice(0, MY_SHIFTS_SHOWN);
  const line = (s: DutyShiftDoc) => {
    const role = s.primary === me ? '主班 Primary' : s.secondary === me ? '副班 Secondary' : '带班领导 Leader on duty';
    const p = patterns.find((x) => x.key === s.shift);
    const with_ = partner(s);
    return `- ${dayjs(s.start).tz(tz).format('MM-DD HH:mm')} ${p?.name.zh ?? s.shift} · ${role}${with_ ? ` · 搭班 with ${esc(with_)}` : ''}`;
  };
  const months = new Map<string, DutyShiftDoc[]>();
  for (const s of shown) {
    const m = dayjs(s.start).tz(tz).format('YYYY-MM');
    months.set(m, [...(months.get(m) ?? []), s]);
  }
  const elements: CardElement[] = shown.length
    ? [...months].map(([m, list]) => markdown(`**${dayjs.tz(`${m}-01 12:00`, tz).format('YYYY年M月')} ${dayjs.tz(`${m}-01 12:00`, tz).format('MMMM YYYY')}**（${list.length}）\n${list.map(line).join('\n')}`))
    : [markdown('近期没有您的班次。\nNo shifts for you coming up.')];
  const more = shifts.length - shown.length;
  if (more > 0) {
    const last = dayjs(shifts.at(-1)!.start).tz(tz).format('YYYY-MM-DD');
    elements.push(markdown(`另有 **${more}** 个班次未列出（至 ${last}）${opts.feedUrl ? '，订阅日历可看全部' : ''}。\n${more} more shifts not listed (through ${last})${opts.feedUrl ? '; the calendar subscription has them all' : ''}.`));
  }
  if (opts.feedUrl) {
    elements.push(
      hr(),
      markdown(`**订阅值班日历 Subscribe in your calendar**\n[${opts.feedUrl}](${opts.feedUrl})`),
      note({ zh: '在手机或电脑的日历中选择「通过 URL 订阅 / 添加日历订阅」并粘贴此链接，换班后自动更新。链接仅供本人使用，请勿转发。', en: 'In your calendar app choose "subscribe by URL" and paste this link; swaps show up by themselves. The link is yours alone: do not forward it.' }),
      opts.reset
        ? note({ zh: '已重置：旧链接即刻失效，请在日历中删除旧订阅并改用上面的新链接。', en: 'Reset: the old link no longer works; remove the old subscription and subscribe to the new link above.' })
        : note({ zh: '链接外泄？发送「我的值班 重置链接」换一个，旧链接随即失效。', en: 'Link leaked? Send "my duty reset link" for a new one; the old one stops working.' }),
    );
  } else if (opts.inGroup) {
    elements.push(note({ zh: '在与政务助手的私聊中发送「我的值班」可获取日历订阅链接。', en: 'Send "my duty" in your direct chat with the bot for your calendar subscription link.' }));
  }
  return card({ title: { zh: `我的值班（${shifts.length}）`, en: `My shifts (${shifts.length})` }, template: 'indigo', elements });
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
