import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/calendar/work-calendar.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson } from '../helpers/directory-fixtures.js';
import { runCliOnBot } from '../helpers/run-cli-on-bot.js';

let t: TestBot;
const now = new Date('2026-11-20T03:00:00Z');
// Six duty officers, as a small duty room has; 值班员己 takes a week's leave in December.
const SIX = ['甲', '乙', '丙', '丁', '戊', '己'].map((n, i) => ({ openId: `ou_gen_${i}`, name: `值班员${n}` }));
const AWAY = SIX[5]!;

beforeAll(async () => {
  t = await startTestBot({ start: { clock: { now: () => now }, schedules: false } });
  for (const o of SIX) await seedPerson(t.bot.models, { ...o, roles: ['duty_officer'] });
  await seedPerson(t.bot.models, { openId: 'ou_gen_leader', name: '赵区长', roles: ['duty_leader'] });
});
afterAll(async () => {
  await t.stop();
});

const cli = (...argv: string[]) => runCliOnBot(t, argv, { clock: { now: () => now } });

const onShift = (s: { primary: string; secondary?: string }, id: string) => s.primary === id || s.secondary === id;

describe('roster generate finds a roster whenever the rules allow one', () => {
  it('six officers, one away for a week: every shift staffed, leave kept, nobody on back-to-back shifts', async () => {
    expect((await cli('roster', 'leave', AWAY.openId, '2026-12-08', '2026-12-14', '--note', '年休假')).code).toBe(0);
    const res = await cli('roster', 'generate', '2026-12');
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain('已生成 generated 62 个班次 shifts for 2026-12');
    const shifts = (await t.bot.models.dutyShifts.find({ date: /^2026-12/ }).lean()).sort((a, b) => a.start.getTime() - b.start.getTime());
    expect(shifts).toHaveLength(62);
    for (const s of shifts) expect(s.secondary && s.secondary !== s.primary, s._id).toBe(true);
    expect(shifts.filter((s) => s.date >= '2026-12-08' && s.date <= '2026-12-14' && onShift(s, AWAY.openId))).toEqual([]);
    for (let i = 1; i < shifts.length; i++) {
      const prev = [shifts[i - 1]!.primary, shifts[i - 1]!.secondary];
      expect(prev.includes(shifts[i]!.primary) || prev.includes(shifts[i]!.secondary), `${shifts[i]!._id} follows ${shifts[i - 1]!._id}`).toBe(false);
    }
    // Days off (weekends) have a leader on duty; working days none.
    const calendar = new WorkCalendar('Asia/Shanghai');
    for (const s of shifts) expect(Boolean(s.leader), s._id).toBe(!calendar.isWorkingDay(s.date));
  }, 60_000);

  it('balances nights and shifts across the month in proportion to the days each is available, the officer back from leave included', async () => {
    const shifts = await t.bot.models.dutyShifts.find({ date: /^2026-12/ }).lean();
    const available = (id: string) => (id === AWAY.openId ? 31 - 7 : 31);
    const all = SIX.reduce((n, o) => n + available(o.openId), 0);
    const nightsTotal = shifts.filter((s) => s.shift === 'night').length * 2;
    for (const o of SIX) {
      const mine = shifts.filter((s) => onShift(s, o.openId));
      const nights = mine.filter((s) => s.shift === 'night');
      // Each officer's nights and shifts are within one of their share of the month's.
      expect(Math.abs(nights.length - (nightsTotal * available(o.openId)) / all), `${o.name} nights ${nights.length}`).toBeLessThan(1);
      expect(Math.abs(mine.length - (124 * available(o.openId)) / all), `${o.name} shifts ${mine.length}`).toBeLessThan(1);
    }
    // Back from leave on the 15th: nights in both halves of what is left, not all at once.
    const back = shifts.filter((s) => s.shift === 'night' && onShift(s, AWAY.openId) && s.date > '2026-12-14').map((s) => s.date);
    expect(back.some((d) => d <= '2026-12-22')).toBe(true);
    expect(back.some((d) => d >= '2026-12-23')).toBe(true);
    // The CLI printed each officer's counts with the days they were available.
    const dry = await cli('roster', 'generate', '2026-12', '--dry-run');
    expect(dry.out).toMatch(new RegExp(`${AWAY.name}\\t\\d+\\t8\\t\\d+\\t\\d+\\t24`));
  }, 60_000);

  it('a month with no possible roster is refused, naming the days, what they need and who is on leave; nothing is written', async () => {
    // 乙, 丙 and 丁 away on 12–13 January: three officers cannot staff a day and a night (four people).
    for (const o of SIX.slice(1, 4)) expect((await cli('roster', 'leave', o.openId, '2027-01-12', '2027-01-13')).code).toBe(0);
    const res = await cli('roster', 'generate', '2027-01');
    expect(res.code).toBe(1);
    expect(res.err).toContain('2027-01-12 至 01-13 每天：白班、夜班需要 4 名不同的值班员（每班主副两人，同一人不能连班），只有 3 人可排（值班员己、值班员甲、值班员戊）；请假：值班员丙、值班员丁、值班员乙');
    expect(res.err).toContain('day and night need 4 different officers');
    expect(res.err).toContain('Nothing was written');
    expect(await t.bot.models.dutyShifts.countDocuments({ date: /^2027-01/ })).toBe(0);
  }, 60_000);
});
