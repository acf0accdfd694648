import type { Bilingual } from '../cards/card-types.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import dayjs from '../lib/dayjs.js';
import { shiftTimes, type RosterRow } from './roster.js';
import { shiftsClash } from './shift-rules.js';
import type { ShiftPattern } from './shift-patterns.js';

export interface Tally {
  total: number;
  nights: number;
  daysOff: number;
  primary: number;
  /** Days of the month the officer could be rostered (not on leave). */
  available: number;
}

interface Person {
  openId: string;
  name: string;
}

interface Slot {
  date: string;
  /** Index of the date in the month (0-based). */
  day: number;
  pattern: ShiftPattern;
  start: number;
  end: number;
  night: boolean;
  dayOff: boolean;
  /** Officers not on leave that day. */
  eligible: string[];
  /** Earlier slots this one clashes with (overlap or back to back): nobody may be on both. */
  conflicts: number[];
  /** Earlier slots some slot from here on clashes with: all that the rest of the search depends on. */
  frontier: number[];
}

/** Steps of the search before it gives up (far more than any month of a real office needs). */
const SEARCH_BUDGET = 2_000_000;

/**
 * A month's roster. Every shift of every day gets a primary and a secondary from the duty
 * officers; nobody on leave, nobody on two shifts that overlap or touch (the rest rule in
 * shift-rules.ts, the same one swaps obey); days off (weekends, holidays) also get a leader on
 * duty, in turn. It is a search with backtracking over the shifts in time order: whenever a
 * roster exists within these rules it is found, and when none does the answer names the days
 * and shifts that cannot be staffed and why (who is on leave, how many people they need).
 *
 * Fairness: at each shift the officers who are furthest behind their share come first — nights,
 * days off and shifts counted apart, each as a rate of the days the officer has been available
 * so far this month. So the load is spread evenly through the month, and an officer back from
 * leave takes their share of what is left (not every night at once, and not none).
 * Deterministic for the same input.
 */
export function generateRoster(input: {
  month: string;
  officers: Person[];
  leaders: Person[];
  patterns: ShiftPattern[];
  calendar: WorkCalendar;
  onLeave: (openId: string, date: string) => boolean;
  tz: string;
}): { rows: RosterRow[]; tally: Map<string, Tally> } | { problems: Bilingual[] } {
  const { officers, leaders, patterns, calendar, tz, onLeave } = input;
  const first = dayjs.utc(`${input.month}-01`);
  const dates: string[] = [];
  for (let d = first; d.month() === first.month(); d = d.add(1, 'day')) dates.push(d.format('YYYY-MM-DD'));
  const dayOff = dates.map((date) => !calendar.isWorkingDay(date));
  const name = new Map(officers.map((o) => [o.openId, o.name]));
  const order = new Map([...officers].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.openId.localeCompare(b.openId)).map((o, i) => [o.openId, i]));

  // The shifts of the month in time order, and which earlier ones each clashes with.
  const slots: Slot[] = [];
  dates.forEach((date, day) => {
    const eligible = officers.filter((o) => !onLeave(o.openId, date)).map((o) => o.openId);
    for (const p of patterns) {
      const { start, end } = shiftTimes(date, p, tz);
      slots.push({ date, day, pattern: p, start: start.getTime(), end: end.getTime(), night: p.end <= p.start, dayOff: dayOff[day]!, eligible, conflicts: [], frontier: [] });
    }
  });
  slots.sort((a, b) => a.start - b.start || a.day - b.day);
  const lastUse = slots.map(() => -1);
  slots.forEach((s, k) => {
    for (let j = 0; j < k; j++) {
      if (shiftsClash(slots[j]!, s)) {
        s.conflicts.push(j);
        lastUse[j] = k;
      }
    }
  });
  slots.forEach((s, k) => {
    for (let j = 0; j < k; j++) if (lastUse[j]! >= k) s.frontier.push(j);
  });

  const shortages = staffingShortages(slots, officers, onLeave);
  if (shortages.length) return { problems: shortages };

  // Availability so far (for the rates): days, and days off, up to and including each day.
  const availDays = new Map<string, number[]>();
  const availOff = new Map<string, number[]>();
  for (const o of officers) {
    let a = 0;
    let ao = 0;
    const days: number[] = [];
    const off: number[] = [];
    dates.forEach((date, i) => {
      if (!onLeave(o.openId, date)) {
        a++;
        if (dayOff[i]) ao++;
      }
      days.push(a);
      off.push(ao);
    });
    availDays.set(o.openId, days);
    availOff.set(o.openId, off);
  }
  const tally = new Map<string, Tally>(officers.map((o) => [o.openId, { total: 0, nights: 0, daysOff: 0, primary: 0, available: availDays.get(o.openId)!.at(-1) ?? 0 }]));
  const score = (id: string, s: Slot) => {
    const t = tally.get(id)!;
    const a = Math.max(1, availDays.get(id)![s.day]!);
    const ao = Math.max(1, availOff.get(id)![s.day]!);
    // On a shift that is not a night, whoever is behind on nights is kept back for the night.
    return (s.night ? (t.nights / a) * 1000 : -(t.nights / a) * 300) + (s.dayOff ? (t.daysOff / ao) * 1000 : 0) + (t.total / a) * 100;
  };

  const assigned: [string, string][] = [];
  const dead = new Set<string>();
  let steps = 0;
  let deepest = 0;
  const take = (id: string, s: Slot, sign: 1 | -1, primary: boolean) => {
    const t = tally.get(id)!;
    t.total += sign;
    if (s.night) t.nights += sign;
    if (s.dayOff) t.daysOff += sign;
    if (primary) t.primary += sign;
  };
  const search = (k: number): boolean | 'budget' => {
    if (k === slots.length) return true;
    deepest = Math.max(deepest, k);
    const s = slots[k]!;
    const key = `${k}|${s.frontier.map((j) => [...assigned[j]!].sort().join('+')).join(';')}`;
    if (dead.has(key)) return false;
    const free = s.eligible.filter((id) => s.conflicts.every((j) => !assigned[j]!.includes(id)));
    const scored = free.map((id) => ({ id, score: score(id, s) })).sort((a, b) => a.score - b.score || order.get(a.id)! - order.get(b.id)!);
    const pairs: { a: string; b: string; score: number; rank: number }[] = [];
    for (let i = 0; i < scored.length; i++) for (let j = i + 1; j < scored.length; j++) pairs.push({ a: scored[i]!.id, b: scored[j]!.id, score: scored[i]!.score + scored[j]!.score, rank: i * scored.length + j });
    pairs.sort((x, y) => x.score - y.score || x.rank - y.rank);
    for (const pair of pairs) {
      if (++steps > SEARCH_BUDGET) return 'budget';
      // The primary: whoever of the two has been primary the least, for their availability.
      const rate = (id: string) => tally.get(id)!.primary / Math.max(1, availDays.get(id)![s.day]!);
      const [primary, secondary] = rate(pair.b) < rate(pair.a) ? [pair.b, pair.a] : [pair.a, pair.b];
      assigned[k] = [primary, secondary];
      take(primary, s, 1, true);
      take(secondary, s, 1, false);
      const r = search(k + 1);
      if (r) return r;
      take(primary, s, -1, true);
      take(secondary, s, -1, false);
    }
    assigned.length = k;
    dead.add(key);
    return false;
  };
  const found = search(0);
  if (found !== true) {
    const s = slots[deepest]!;
    return {
      problems: [
        found === 'budget'
          ? { zh: `排班搜索超过 ${SEARCH_BUDGET} 步仍未完成（最远排到 ${s.date} ${s.pattern.name.zh}），请减少请假或增加值班员后重试`, en: `the search gave up after ${SEARCH_BUDGET} steps (it got as far as ${s.date} ${s.pattern.key}); fewer leave days or more officers would help` }
          : { zh: `${s.date} ${s.pattern.name.zh}：无论前面怎样安排，都找不到不请假、不连班的主副班两人（共 ${s.eligible.length} 人可排：${s.eligible.map((x) => name.get(x) ?? x).join('、') || '无'}）`, en: `${s.date} ${s.pattern.key}: however the shifts before it are staffed, no two officers off leave and not on a touching shift are left (${s.eligible.length} can be rostered that day)` },
      ],
    };
  }

  // Leaders on duty on days off, in turn, skipping those on leave.
  const leaderOf = new Map<string, string>();
  let turn = 0;
  dates.forEach((date, i) => {
    if (!dayOff[i] || leaders.length === 0) return;
    for (let tries = 0; tries < leaders.length; tries++) {
      const l = leaders[turn++ % leaders.length]!;
      if (!onLeave(l.openId, date)) {
        leaderOf.set(date, l.openId);
        return;
      }
    }
  });

  const byId = new Map(slots.map((s, k) => [`${s.date}:${s.pattern.key}`, assigned[k]!]));
  const rows: RosterRow[] = [];
  for (const date of dates) {
    for (const p of patterns) {
      const [primary, secondary] = byId.get(`${date}:${p.key}`)!;
      rows.push({ line: rows.length + 1, date, shift: p.key, primary, secondary, leader: leaderOf.get(date) ?? '' });
    }
  }
  return { rows, tally };
}

/**
 * What makes a month impossible before any search: a set of shifts that pairwise clash (so
 * need different people: two each) with fewer officers off leave than they need. Checked for
 * every such set (Hall's condition on each point in time), and named by day, merging days in a
 * row that fail the same way.
 */
function staffingShortages(slots: Slot[], officers: Person[], onLeave: (openId: string, date: string) => boolean): Bilingual[] {
  const name = new Map(officers.map((o) => [o.openId, o.name]));
  // Per day, the failing sets of shifts that start on it (a set within the day preferred).
  const byDate = new Map<string, { sameDay: boolean; zh: string; en: string }[]>();
  slots.forEach((s, k) => {
    // The shifts running at this shift's start all clash with each other (and with it).
    const others = s.conflicts.filter((j) => slots[j]!.end >= s.start).slice(-11);
    for (let mask = 0; mask < 1 << others.length; mask++) {
      const set = [...others.filter((_, i) => mask & (1 << i)), k];
      const can = [...new Set(set.flatMap((j) => slots[j]!.eligible))];
      const need = 2 * set.length;
      if (can.length >= need) continue;
      can.sort((a, b) => (name.get(a) ?? a).localeCompare(name.get(b) ?? b, 'zh-CN'));
      const away = officers.filter((o) => set.some((j) => onLeave(o.openId, slots[j]!.date))).map((o) => o.name).sort((a, b) => a.localeCompare(b, 'zh-CN'));
      const label = set.map((j) => (slots[j]!.date === s.date ? slots[j]!.pattern.name.zh : `${slots[j]!.date.slice(5)} ${slots[j]!.pattern.name.zh}`)).join('、');
      const labelEn = set.map((j) => (slots[j]!.date === s.date ? slots[j]!.pattern.key : `${slots[j]!.date.slice(5)} ${slots[j]!.pattern.key}`)).join(' and ');
      const who = can.map((x) => name.get(x) ?? x).join('、');
      byDate.set(s.date, [
        ...(byDate.get(s.date) ?? []),
        {
          sameDay: set.every((j) => slots[j]!.date === s.date),
          zh: `${label}需要 ${need} 名不同的值班员（每班主副两人，同一人不能连班），只有 ${can.length} 人可排${who ? `（${who}）` : ''}${away.length ? `；请假：${away.join('、')}` : ''}`,
          en: `${labelEn} need ${need} different officers (a primary and a secondary each; nobody on back-to-back shifts) but only ${can.length} can be rostered${who ? ` (${can.map((x) => name.get(x) ?? x).join(', ')})` : ''}${away.length ? `; on leave: ${away.join(', ')}` : ''}`,
        },
      ]);
      return;
    }
  });
  const found = [...byDate].map(([date, list]) => ({ date, ...(list.find((x) => x.sameDay) ?? list[0]!) }));
  // Days in a row that fail the same way become one line.
  const out: Bilingual[] = [];
  for (let i = 0; i < found.length; ) {
    let j = i;
    while (j + 1 < found.length && found[j + 1]!.zh === found[i]!.zh && dayjs.utc(found[j]!.date).add(1, 'day').format('YYYY-MM-DD') === found[j + 1]!.date) j++;
    const days = i === j ? found[i]!.date : `${found[i]!.date} 至 ${found[j]!.date.slice(5)} 每天`;
    const daysEn = i === j ? found[i]!.date : `${found[i]!.date} to ${found[j]!.date.slice(5)}, every day`;
    out.push({ zh: `${days}：${found[i]!.zh}`, en: `${daysEn}: ${found[i]!.en}` });
    i = j + 1;
  }
  return out;
}
