import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson } from '../helpers/directory-fixtures.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { WorkCalendar } from '../../src/calendar/work-calendar.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { runCliOnBot } from '../helpers/run-cli-on-bot.js';

let t: TestBot;
let now = new Date('2026-12-02T03:00:00Z'); // Wednesday 11:00 in Shanghai: the day shift
const dir = mkdtempSync(join(tmpdir(), 'govdesk-roster-'));
const OFFICERS = ['ou_duty_a', 'ou_duty_b', 'ou_duty_c', 'ou_duty_d'];

beforeAll(async () => {
  t = await startTestBot({ env: { PUBLIC_URL: 'https://govdesk.example.gov.cn/' }, start: { clock: { now: () => now }, schedules: false } });
  for (const [i, id] of OFFICERS.entries()) await seedPerson(t.bot.models, { openId: id, name: `值班员${'甲乙丙丁'[i]}`, roles: ['duty_officer'] });
  await seedPerson(t.bot.models, { openId: 'ou_duty_leader', name: '赵区长', roles: ['duty_leader'] });
  await seedPerson(t.bot.models, { openId: 'ou_not_duty', name: '普通科员', roles: [] });
});
afterAll(async () => {
  await t.stop();
});

let shiftsEnv: Record<string, string> = {};
const cli = (...argv: string[]) => runCliOnBot(t, argv, { clock: { now: () => now }, env: shiftsEnv });

/** A valid December 2026: officers rotate; the leader on duty on weekends. */
function december(edit: (rows: string[][]) => void = () => {}): string {
  const rows: string[][] = [];
  for (let d = 1; d <= 31; d++) {
    const date = `2026-12-${String(d).padStart(2, '0')}`;
    const weekend = [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());
    rows.push([date, 'day', OFFICERS[d % 4]!, OFFICERS[(d + 1) % 4]!, weekend ? 'ou_duty_leader' : '']);
    rows.push([date, 'night', OFFICERS[(d + 2) % 4]!, OFFICERS[(d + 3) % 4]!, weekend ? 'ou_duty_leader' : '']);
  }
  edit(rows);
  return ['date,shift,primary,secondary,leader', ...rows.map((r) => r.join(','))].join('\n');
}
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('roster import', () => {
  it('rejects each invalid case by row and writes nothing', async () => {
    const cases: [string, (rows: string[][]) => void, string][] = [
      ['unknown person', (r) => (r[2]![2] = 'ou_nobody'), '第 4 行 primary 主班：通讯录中没有「ou_nobody」'],
      ['not a duty officer', (r) => (r[3]![3] = 'ou_not_duty'), '没有值班员角色'],
      ['gap', (r) => r.splice(10, 1), '缺班：2026-12-06 白班没有安排'],
      ['no primary', (r) => (r[7]![2] = ''), '没有主班'],
    ];
    for (const [name, edit, expected] of cases) {
      const res = await cli('roster', 'import', file(`${name}.csv`, december(edit)));
      expect(res.code, name).toBe(1);
      expect(res.err, name).toContain(expected);
      expect(res.err).toContain('Nothing was written');
    }
    expect(await t.bot.models.dutyShifts.countDocuments()).toBe(0);
  });

  it('rejects one person on two overlapping shifts (with shift times that overlap)', async () => {
    shiftsEnv = { DUTY_SHIFTS: 'day=08:00-18:00,night=17:00-09:00' };
    const res = await cli('roster', 'import', file('overlap.csv', december((r) => (r[5]![3] = r[4]![2]!))));
    shiftsEnv = {};
    expect(res.code).toBe(1);
    expect(res.err).toContain('第 7 行：值班员丁 与第 6 行的班次时间重叠');
    expect(await t.bot.models.dutyShifts.countDocuments()).toBe(0);
  });

  it('imports a valid month; 值班 shows who is on now and next; 我的值班 one’s own shifts', async () => {
    const res = await cli('roster', 'import', file('december.csv', december()));
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain('imported 62');
    const ev = messageEvent({ openId: 'ou_not_duty', text: '值班' });
    await t.send('/lark/events', ev);
    const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
    const card = String(reply.body.content);
    // 2 December: day shift primary OFFICERS[2] (值班员丙), secondary 值班员丁; night primary 值班员甲.
    expect(card).toMatch(/当前 Now.*白班.*主班 Primary：\*\*值班员丙\*\*.*副班 Secondary：值班员丁/s);
    expect(card).toMatch(/下一班 Next.*夜班.*主班 Primary：\*\*值班员甲\*\*/s);
    const mine = messageEvent({ openId: 'ou_duty_a', text: '我的值班' });
    await t.send('/lark/events', mine);
    const myReply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${mine.event.message.message_id}/reply`));
    expect(String(myReply.body.content)).toContain('夜班 · 主班 Primary');
    // Every coming shift is listed (30 this month: not cut at 20), grouped by month.
    const mineLeft = await t.bot.models.dutyShifts.countDocuments({ end: { $gt: now }, $or: [{ primary: 'ou_duty_a' }, { secondary: 'ou_duty_a' }] });
    expect(mineLeft).toBe(30);
    const myCard = JSON.parse(String(myReply.body.content)) as Record<string, unknown>;
    expectValidCard(myCard);
    expect(String(myReply.body.content)).toContain(`我的值班（${mineLeft}）`);
    expect(String(myReply.body.content).match(/\\n- 12-\d\d \d\d:\d\d/g)).toHaveLength(mineLeft);
    expect(String(myReply.body.content)).toContain('2026年12月 December 2026');
    // No CLI command an officer has no shell for: their own calendar link, served by the bot.
    expect(String(myReply.body.content)).not.toContain('npm run govdesk');
    const link = /https:\/\/govdesk\.example\.gov\.cn\/duty\/ical\/([A-Za-z0-9_-]{32})\.ics/.exec(String(myReply.body.content));
    expect(link, 'a subscription link').not.toBeNull();
    const feed = await fetch(`${t.bot.url}/duty/ical/${link![1]}.ics`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const ics = await feed.text();
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('X-WR-CALNAME:值班表 · 值班员甲');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(31); // this month's, the first day's included
    expect(ics).toContain('UID:2026-12-02:night@govdesk');
    expect((await fetch(`${t.bot.url}/duty/ical/${'x'.repeat(32)}.ics`)).status).toBe(404);
    // Asked again: the same link. In a group: no link, and where to get it.
    const again = messageEvent({ openId: 'ou_duty_a', text: '我的值班' });
    await t.send('/lark/events', again);
    const againReply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${again.event.message.message_id}/reply`));
    expect(String(againReply.body.content)).toContain(link![0]);
    const inGroup = messageEvent({ openId: 'ou_duty_a', text: '我的值班', chatType: 'group', mentions: [{ openId: 'ou_bot', name: '政务助手' }] });
    await t.send('/lark/events', inGroup);
    const groupReply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${inGroup.event.message.message_id}/reply`));
    expect(String(groupReply.body.content)).not.toContain('/duty/ical/');
    expect(String(groupReply.body.content)).toContain('私聊中发送「我的值班」');
    // Re-importing the same file changes nothing.
    expect((await cli('roster', 'import', join(dir, 'december.csv'))).code).toBe(0);
    expect(await t.bot.models.dutyShifts.countDocuments()).toBe(62);
  }, 30_000);

  it('exports CSV in the import format and iCalendar for a person', async () => {
    const csvPath = join(dir, 'export.csv');
    expect((await cli('roster', 'export', '--month', '2026-12', '--out', csvPath)).code).toBe(0);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.split('\n')[0]).toBe('\uFEFFdate,shift,primary,secondary,leader,primary_name,secondary_name,leader_name');
    expect((await cli('roster', 'import', csvPath)).code).toBe(0);
    const ics = (await cli('roster', 'export', '--month', '2026-12', '--format', 'ics', '--person', 'ou_duty_a')).out;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('UID:2026-12-02:night@govdesk');
    expect(ics).toContain('DTSTART:20261202T093000Z'); // 17:30 in Shanghai
    expect(ics).toContain('DTEND:20261203T003000Z');
    expect(ics).toContain('SUMMARY:值班 夜班 · 主班');
    expect(ics.match(/BEGIN:VEVENT/g)!.length).toBe(31); // one shift a day as primary or secondary
  });

describe('roster generate, leave and publish', () => {
  it('generates October 2026 fairly around the National Day holiday, respecting leave; a dry run writes nothing', async () => {
    for (const [id, name] of [['ou_duty_e', '值班员戊'], ['ou_duty_f', '值班员己'], ['ou_duty_g', '值班员庚'], ['ou_duty_h', '值班员辛']]) await seedPerson(t.bot.models, { openId: id!, name: name!, roles: ['duty_officer'] });
    await seedPerson(t.bot.models, { openId: 'ou_duty_leader_2', name: '钱副区长', roles: ['duty_leader'] });
    expect((await cli('roster', 'leave', 'ou_duty_b', '2026-10-10', '2026-10-15', '--note', '年休假')).code).toBe(0);
    const dry = await cli('roster', 'generate', '2026-10', '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('dry run, nothing written');
    expect(await t.bot.models.dutyShifts.countDocuments({ date: /^2026-10/ })).toBe(0);
    const res = await cli('roster', 'generate', '2026-10');
    expect(res.code, res.err).toBe(0);
    const shifts = await t.bot.models.dutyShifts.find({ date: /^2026-10/ }).lean();
    expect(shifts).toHaveLength(62);
    const people = ['ou_duty_a', 'ou_duty_b', 'ou_duty_c', 'ou_duty_d', 'ou_duty_e', 'ou_duty_f', 'ou_duty_g', 'ou_duty_h'];
    const count = (pred: (s: (typeof shifts)[number]) => boolean) => people.map((p) => shifts.filter((s) => pred(s) && (s.primary === p || s.secondary === p)).length);
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    // 124 places over 8 officers, one of them away 6 days: totals, nights and days off spread evenly.
    const totals = count(() => true);
    expect(spread(totals.filter((_, i) => people[i] !== 'ou_duty_b'))).toBeLessThanOrEqual(2);
    expect(spread(count((s) => s.shift === 'night'))).toBeLessThanOrEqual(2);
    // Days off by the official calendar (National Day and its make-up days included).
    const calendar = new WorkCalendar('Asia/Shanghai');
    const offDays = new Set(Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`).filter((d) => !calendar.isWorkingDay(d)));
    expect(offDays.has('2026-10-01') && offDays.has('2026-10-07')).toBe(true);
    expect(spread(count((s) => offDays.has(s.date)))).toBeLessThanOrEqual(3);
    // Leave respected; a leader on duty on every day off (National Day included), none on working days.
    expect(shifts.filter((s) => s.date >= '2026-10-10' && s.date <= '2026-10-15' && (s.primary === 'ou_duty_b' || s.secondary === 'ou_duty_b'))).toEqual([]);
    for (const s of shifts) expect(Boolean(s.leader), s._id).toBe(offDays.has(s.date));
    // Nobody works two shifts back to back.
    const ordered = [...shifts].sort((a, b) => a.start.getTime() - b.start.getTime());
    for (let i = 1; i < ordered.length; i++) {
      const prev = [ordered[i - 1]!.primary, ordered[i - 1]!.secondary];
      expect(prev.includes(ordered[i]!.primary) || prev.includes(ordered[i]!.secondary), ordered[i]!._id).toBe(false);
    }
  }, 60_000);

  it('publishes the month: every officer gets their own shifts and the office the month; publishing again sends nothing new', async () => {
    const before = t.fake.delivered.length;
    const res = await cli('roster', 'publish', '2026-10');
    expect(res.code, res.err).toBe(0);
    await eventually(() => t.fake.delivered.slice(before).some((c) => c.body.receive_id === 'ou_duty_a' && String(c.body.content).includes('我的值班')));
    await eventually(() => t.fake.delivered.slice(before).some((c) => c.body.receive_id === 'ou_duty_leader' && String(c.body.content).includes('我的值班')));
    expect((await cli('roster', 'publish', '2026-10')).out).toContain('(0 new)');
    expect((await cli('roster', 'publish', '2027-01')).code).toBe(1);
  }, 30_000);
});
});
