import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from '../../src/lib/dayjs.js';
import { buttonValues, press } from '../approvals/approval-helpers.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { chat, seedHotline, T } from './ticket-helpers.js';

let t: TestBot;
const TZ = 'Asia/Shanghai';
const HOUR = 3600_000;
const SECTION_HEAD = 'ou_tk_section_head';
/** The tickets seeded, by what the tests look for. */
const ids = { xingfu: [] as string[], dz: new Set<string>(), zjj: new Set<string>(), phone: [] as string[], exactPhone: [] as string[], noise: [] as string[], lastMonth: [] as string[], partial: '', overdue: '', accepted: '', anonymous: '' };

/** Logs a call as the clerk (the service, as 确认登记 does), logged `hoursAgo` hours ago; assigns it to `unit`. */
async function seed(n: number, intake: { callerName?: string; phone?: string; content: string; place?: string; anonymous?: boolean }, opts: { hoursAgo: number; unit?: 'dz' | 'zjj' }) {
  const r = await t.bot.tickets.intake({
    intake: { callerName: intake.callerName ?? '张三', phone: intake.phone ?? `1390000${String(n).padStart(4, '0')}`, anonymous: intake.anonymous ?? false, channel: 'phone', category: 'help', content: intake.content, place: intake.place ?? '', urgency: 'normal', outOfScope: '' },
    by: T.clerk,
    key: `search-seed-${n}`,
  });
  if ('refused' in r) throw new Error('refused');
  const id = r.ticket._id;
  if (opts.unit) {
    const a = await t.bot.tickets.act({ id, version: 1, op: 'assign', by: T.dispatcher, form: { leadUnit: opts.unit } });
    expect(a.kind).toBe('done');
    ids[opts.unit].add(id);
  }
  await t.bot.models.tickets.updateOne({ _id: id }, { $set: { createdAt: new Date(Date.now() - opts.hoursAgo * HOUR) } });
  return id;
}

/** The ticket numbers a result card lists, in its order. */
const listed = (card: unknown) => [...JSON.stringify(card).matchAll(/ZX-\d{8}-\d{4}/g)].map((m) => m[0]);
const total = (card: unknown) => Number(/共 (\d+) 件/.exec(JSON.stringify(card))?.[1] ?? NaN);

beforeAll(async () => {
  t = await startTestBot();
  await seedHotline(t);
  // The section head overseeing 东镇 (and not 住建局).
  await seedUnit(t.bot.models, { code: 'dz', name: '东镇', kind: 'town', sectionHeads: [SECTION_HEAD] });
  await seedPerson(t.bot.models, { openId: SECTION_HEAD, name: '李科长', unit: 'zxb', roles: ['section_head'] });
  // 23 calls about 幸福小区 (the place word for word), an hour apart, newest first; 12 to 东镇, 11 to 住建局.
  for (let i = 0; i < 23; i++) ids.xingfu.push(await seed(i, { content: `${i + 1}栋路灯不亮`, place: '幸福小区' }, { hoursAgo: 1 + i, unit: i % 2 === 0 ? 'dz' : 'zjj' }));
  // The newest of all mentions 幸福小区 only in part (its place is the north gate): it comes after every exact match.
  ids.partial = await seed(100, { content: '北门垃圾堆放', place: '幸福小区北门' }, { hoursAgo: 0.5, unit: 'dz' });
  // Phones: two from 13812345678, one from another number ending 5678, one ending 0000.
  ids.exactPhone.push(await seed(200, { phone: '13812345678', callerName: '王五', content: '噪音扰民', place: '光明路' }, { hoursAgo: 30, unit: 'zjj' }));
  ids.exactPhone.push(await seed(201, { phone: '13812345678', callerName: '王五', content: '再次反映', place: '光明路' }, { hoursAgo: 40 }));
  ids.phone.push(...ids.exactPhone, await seed(202, { phone: '13700005678', callerName: '赵六', content: '下水道堵塞', place: '和平街' }, { hoursAgo: 20 }));
  await seed(203, { phone: '13812340000', callerName: '钱七', content: '井盖缺失', place: '和平街' }, { hoursAgo: 21 });
  // An anonymous report from a number ending 5678: never found by the phone or the name.
  ids.anonymous = await seed(205, { phone: '13600005678', callerName: '周九', content: '匿名举报违建', place: '建设路', anonymous: true }, { hoursAgo: 23 });
  ids.noise = [ids.exactPhone[0]!, await seed(204, { callerName: '孙八', content: '夜间施工噪音', place: '建设路' }, { hoursAgo: 22, unit: 'dz' })];
  // Two about 幸福小区 logged last month.
  const lastMonth = dayjs().tz(TZ).startOf('month').subtract(10, 'day');
  for (const n of [300, 301]) {
    const id = await seed(n, { content: '幸福小区电梯故障', place: '幸福小区' }, { hoursAgo: 0 });
    await t.bot.models.tickets.updateOne({ _id: id }, { $set: { createdAt: lastMonth.add(n - 300, 'hour').toDate() } });
    ids.lastMonth.push(id);
  }
  // One of 东镇's is accepted (办理中); one of 住建局's is past its deadline (超期).
  ids.accepted = ids.xingfu[0]!;
  expect((await t.bot.tickets.act({ id: ids.accepted, version: 2, op: 'accept', by: T.dzHandler, form: {} })).kind).toBe('done');
  ids.overdue = ids.xingfu[1]!;
  await t.bot.models.tickets.updateOne({ _id: ids.overdue }, { $set: { deadline: new Date(Date.now() - 2 * HOUR) } });
}, 120_000);
afterAll(async () => {
  await t.stop();
});

describe('查询: by phone, caller, place, words and period; ranked, paged, scoped', () => {
  it('finds phones by their last 4 digits or the whole number, the whole number first', async () => {
    const last4 = await chat(t, T.dispatcher, '查询 5678');
    expectValidCard(last4);
    expect(total(last4)).toBe(3);
    expect(new Set(listed(last4))).toEqual(new Set(ids.phone));
    const whole = await chat(t, T.dispatcher, '查询 13812345678');
    expect(listed(whole)).toEqual(ids.exactPhone);
    // The list shows the caller with the phone's last 4 digits, not the whole number.
    expect(JSON.stringify(last4)).toContain('王五 尾号5678');
  });

  it('finds keywords in the content, and a caller by name', async () => {
    const noise = await chat(t, T.dispatcher, '查询 噪音');
    expect(new Set(listed(noise))).toEqual(new Set(ids.noise));
    expect(listed(await chat(t, T.dispatcher, '查询 赵六'))).toEqual([ids.phone[2]]);
    expect(total(await chat(t, T.dispatcher, '查询 周九'))).toBe(0);
    expect(listed(await chat(t, T.dispatcher, '查询 违建'))).toEqual([ids.anonymous]);
    const none = await chat(t, T.dispatcher, '查询 火星');
    expect(total(none)).toBe(0);
    expect(JSON.stringify(none)).toContain('没有找到「火星」相关');
  });

  it('lists 10 a card by place, exact matches first then the newest, and 下一页 shows items 11–20', async () => {
    const first = await chat(t, T.dispatcher, '查询 幸福小区');
    expectValidCard(first);
    // 23 this month, 2 last month, and the north gate's in part.
    expect(total(first)).toBe(26);
    const exact = [...ids.xingfu, ...[...ids.lastMonth].reverse()];
    expect(listed(first)).toEqual(exact.slice(0, 10));
    expect(JSON.stringify(first)).toContain('第 1/3 页');
    const next = buttonValues(first).find((v) => v.a === 'tk.find')!;
    expect(next).toEqual({ a: 'tk.find', m: 's', q: '幸福小区', p: 2 });
    const page2 = await press(t, T.dispatcher, next);
    expectValidCard(page2.card!.data);
    expect(listed(page2.card!.data)).toEqual(exact.slice(10, 20));
    expect(JSON.stringify(page2.card!.data)).toContain('第 2/3 页');
    const page3 = await press(t, T.dispatcher, buttonValues(page2.card!.data).find((v) => v.a === 'tk.find' && v.p === 3)!);
    expect(listed(page3.card!.data)).toEqual([...exact.slice(20), ids.partial]);
    expect(buttonValues(page3.card!.data).some((v) => v.p === 4)).toBe(false);
  });

  it('shows only what the person may see: a unit handler sees their unit, never another unit', async () => {
    const dz = await chat(t, T.dzHandler, '查询 幸福小区');
    const dzExpected = [...ids.xingfu.filter((id) => ids.dz.has(id)), ids.partial];
    expect(total(dz)).toBe(dzExpected.length);
    expect(listed(dz)).toEqual(dzExpected.slice(0, 10));
    const dzPage2 = await press(t, T.dzHandler, buttonValues(dz).find((v) => v.a === 'tk.find')!);
    expect([...listed(dz), ...listed(dzPage2.card!.data)]).toEqual(dzExpected);
    const zj = await chat(t, T.zjHandler, '查询 幸福小区');
    expect(total(zj)).toBe(11);
    expect(listed(zj).some((id) => ids.dz.has(id))).toBe(false);
    // A 东镇 handler pressing 下一页 on the dispatcher's card sees their own results, not the dispatcher's.
    const pressed = await press(t, T.dzHandler, { a: 'tk.find', m: 's', q: '幸福小区', p: 2 });
    expect(listed(pressed.card!.data)).toEqual(dzExpected.slice(10, 20));
    // The section head overseeing 东镇 sees 东镇's, as 查询 <number> shows them one and refuses the other.
    expect(total(await chat(t, SECTION_HEAD, '查询 幸福小区'))).toBe(dzExpected.length);
    expect(JSON.stringify(await chat(t, SECTION_HEAD, `查询 ${ids.partial}`))).toContain('北门垃圾堆放');
    expect(JSON.stringify(await chat(t, SECTION_HEAD, `查询 ${ids.overdue}`))).toContain('您没有权限查看此工单');
    expect(total(await chat(t, SECTION_HEAD, '工单 超期'))).toBe(0);
    // No role, not the clerk who logged it, no unit: nothing.
    expect(total(await chat(t, T.stranger, '查询 5678'))).toBe(0);
  });

  it('takes a period: 上月, a date range, 本周', async () => {
    expect(listed(await chat(t, T.dispatcher, '查询 幸福小区 上月'))).toEqual([...ids.lastMonth].reverse());
    const day = dayjs().tz(TZ).startOf('month').subtract(10, 'day').format('YYYY-MM-DD');
    expect(total(await chat(t, T.dispatcher, `查询 电梯 ${day}~${day}`))).toBe(2);
    const thisWeek = await chat(t, T.dispatcher, '查询 电梯 本周');
    expect(total(thisWeek)).toBe(0);
    const bad = await chat(t, T.dispatcher, '查询 幸福小区 2026-02-30~2026-03-01');
    expect(String(bad.text)).toContain('日期「2026-02-30~2026-03-01」不对');
  });

  it('a ticket number shows the ticket as before; nothing to look for gets the usage', async () => {
    const one = await chat(t, T.dispatcher, `查询 ${ids.partial}`);
    expect(JSON.stringify(one)).toContain('北门垃圾堆放');
    expect(JSON.stringify(await chat(t, T.zjHandler, `查询 ${ids.partial}`))).toContain('您没有权限查看此工单');
    expect(String((await chat(t, T.dispatcher, '查询')).text)).toContain('请写工单号、电话号码');
    expect(String((await chat(t, T.dispatcher, '查询 123')).text)).toContain('不是电话号码');
  });
});

describe('工单 列表: states and periods as people say them', () => {
  it('待签收, 办理中, 超期, 本周', async () => {
    const waiting = await chat(t, T.dispatcher, '工单 列表 待签收 东镇');
    expectValidCard(waiting);
    const dzAssigned = (await t.bot.models.tickets.find({ status: 'assigned', leadUnit: 'dz' }).lean()).map((x) => x._id);
    expect(total(waiting)).toBe(dzAssigned.length);
    expect(listed(waiting)).not.toContain(ids.accepted);
    expect(listed(await chat(t, T.dispatcher, '工单 列表 办理中'))).toEqual([ids.accepted]);
    expect(listed(await chat(t, T.dispatcher, '工单 列表 超期'))).toEqual([ids.overdue]);
    // The 住建局 handler's overdue list has it; the 东镇 handler's does not.
    expect(listed(await chat(t, T.zjHandler, '工单 超期'))).toEqual([ids.overdue]);
    expect(total(await chat(t, T.dzHandler, '工单 超期'))).toBe(0);
    const week = await chat(t, T.dispatcher, '工单 列表 本周');
    const weekStart = dayjs.tz(dayjs().tz(TZ).format('YYYY-MM-DD 00:00'), TZ).subtract((dayjs().tz(TZ).day() + 6) % 7, 'day').toDate();
    const inWeek = await t.bot.models.tickets.countDocuments({ createdAt: { $gte: weekStart } });
    expect(total(week)).toBe(inWeek);
    expect(listed(week).some((id) => ids.lastMonth.includes(id))).toBe(false);
    // 下一页 on a list re-runs the list.
    const next = buttonValues(week).find((v) => v.a === 'tk.find');
    if (inWeek > 10) expect(next).toMatchObject({ m: 'l', q: '本周', p: 2 });
    expect(String((await chat(t, T.dispatcher, '工单 列表 火星')).text)).toContain('看不懂筛选条件「火星」');
  });
});
