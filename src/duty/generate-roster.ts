import type { Bilingual } from '../cards/card-types.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import dayjs from '../lib/dayjs.js';
import { shiftTimes, type RosterRow } from './roster.js';
import type { ShiftPattern } from './shift-patterns.js';

export interface Tally {
  total: number;
  nights: number;
  daysOff: number;
}

/**
 * A month's roster, generated fairly: every shift of every day gets a primary and a secondary
 * from the duty officers, choosing each time whoever has had the fewest shifts of that kind so
 * far (nights counted apart, weekends and holidays counted apart), never someone on leave or
 * on the shift just before; days off (weekends, holidays) also get a leader on duty, in turn.
 * Deterministic for the same input.
 */
export function generateRoster(input: {
  month: string;
  officers: { openId: string; name: string }[];
  leaders: { openId: string; name: string }[];
  patterns: ShiftPattern[];
  calendar: WorkCalendar;
  onLeave: (openId: string, date: string) => boolean;
  tz: string;
}): { rows: RosterRow[]; tally: Map<string, Tally> } | { problems: Bilingual[] } {
  const { officers, leaders, patterns, calendar, tz } = input;
  const tally = new Map(officers.map((o) => [o.openId, { total: 0, nights: 0, daysOff: 0 }]));
  const busy = new Map<string, { start: number; end: number }[]>(officers.map((o) => [o.openId, []]));
  const rows: RosterRow[] = [];
  const problems: Bilingual[] = [];
  let leaderTurn = 0;
  const first = dayjs.utc(`${input.month}-01`);
  // Within a day the scarcer shifts (nights) are filled first, so the fewest-nights rule has room.
  const order = [...patterns].sort((a, b) => Number(b.end <= b.start) - Number(a.end <= a.start));
  // Free for a shift: no shift of theirs overlaps it or touches it (no back-to-back shifts).
  const free = (id: string, start: number, end: number) => busy.get(id)!.every((x) => x.end < start || x.start > end);
  for (let d = first; d.month() === first.month(); d = d.add(1, 'day')) {
    const date = d.format('YYYY-MM-DD');
    const dayOff = !calendar.isWorkingDay(date);
    const leader = dayOff && leaders.length ? leaders[leaderTurn++ % leaders.length]!.openId : '';
    const today: RosterRow[] = [];
    for (const p of order) {
      const night = p.end <= p.start;
      const { start, end } = shiftTimes(date, p, tz);
      const score = (id: string) => {
        const t = tally.get(id)!;
        return (night ? t.nights * 100 : 0) + (dayOff ? t.daysOff * 100 : 0) + t.total * 10;
      };
      const eligible = officers.filter((o) => !input.onLeave(o.openId, date) && free(o.openId, start.getTime(), end.getTime()));
      eligible.sort((a, b) => score(a.openId) - score(b.openId) || a.name.localeCompare(b.name, 'zh-CN') || a.openId.localeCompare(b.openId));
      if (eligible.length < 2) {
        problems.push({ zh: `${date} ${p.name.zh}：可排的值班员不足两人（请假或连班）`, en: `${date} ${p.key}: fewer than two officers available (leave or back-to-back shifts)` });
        continue;
      }
      const [primary, secondary] = [eligible[0]!, eligible[1]!];
      for (const o of [primary, secondary]) {
        const t = tally.get(o.openId)!;
        t.total++;
        if (night) t.nights++;
        if (dayOff) t.daysOff++;
        busy.get(o.openId)!.push({ start: start.getTime(), end: end.getTime() });
      }
      today.push({ line: 0, date, shift: p.key, primary: primary.openId, secondary: secondary.openId, leader });
    }
    // Back in the patterns' own order for the file.
    for (const p of patterns) {
      const r = today.find((x) => x.shift === p.key);
      if (r) rows.push({ ...r, line: rows.length + 1 });
    }
  }
  return problems.length ? { problems } : { rows, tally };
}
