import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { buttonValues, cardsSentTo, press } from '../approvals/approval-helpers.js';
import { DispatchModel } from '../../src/tickets/dispatch-model.js';
import { runCliOnBot } from '../helpers/run-cli-on-bot.js';
import { INTAKE, logCall, seedHotline, T, ticketButton } from './ticket-helpers.js';

let t: TestBot;
const CG_HANDLER = 'ou_tk_cg_handler';
beforeAll(async () => {
  t = await startTestBot();
  await seedHotline(t);
  await seedUnit(t.bot.models, { code: 'cgj', name: '区城管局', kind: 'department' });
  await seedPerson(t.bot.models, { openId: CG_HANDLER, name: '周城管', unit: 'cgj', roles: ['unit_handler'] });
});
afterAll(async () => {
  await t.stop();
});

const HANDLER: Record<string, string> = { dz: T.dzHandler, zjj: T.zjHandler, cgj: CG_HANDLER };
/** The office's habits: street lights in 东镇's estates go to 东镇, lifts and property to 住建局, street stalls to 城管局. */
const HISTORY: { content: string; place: string; category: string; unit: string }[] = [
  { content: '幸福小区3栋路灯坏了三天', place: '幸福小区', category: 'help', unit: 'dz' },
  { content: '和平村路灯不亮晚上很黑', place: '和平村', category: 'help', unit: 'dz' },
  { content: '幸福小区门口路灯损坏', place: '幸福小区', category: 'help', unit: 'dz' },
  { content: '东镇老街路灯一直不亮', place: '东镇老街', category: 'help', unit: 'dz' },
  { content: '和平村村口路灯坏了', place: '和平村', category: 'help', unit: 'dz' },
  { content: '幸福小区路灯闪烁不亮', place: '幸福小区', category: 'help', unit: 'dz' },
  { content: '锦绣花园电梯经常故障困人', place: '锦绣花园', category: 'complaint', unit: 'zjj' },
  { content: '锦绣花园物业不修电梯', place: '锦绣花园', category: 'complaint', unit: 'zjj' },
  { content: '小区电梯坏了一周没人修', place: '锦绣花园', category: 'complaint', unit: 'zjj' },
  { content: '物业乱收费电梯年检不公示', place: '锦绣花园', category: 'complaint', unit: 'zjj' },
  { content: '锦绣花园电梯异响', place: '锦绣花园', category: 'complaint', unit: 'zjj' },
  { content: '老旧小区加装电梯进展缓慢', place: '锦绣花园', category: 'suggestion', unit: 'zjj' },
  { content: '解放路有人占道经营摆摊', place: '解放路', category: 'report', unit: 'cgj' },
  { content: '流动摊贩占道经营影响通行', place: '解放路', category: 'report', unit: 'cgj' },
  { content: '解放路商户占用人行道经营', place: '解放路', category: 'complaint', unit: 'cgj' },
  { content: '夜市摊贩占道经营到深夜', place: '解放路', category: 'complaint', unit: 'cgj' },
  { content: '解放路口违章搭建棚子', place: '解放路', category: 'report', unit: 'cgj' },
  { content: '解放路占道摆摊卖菜', place: '解放路', category: 'report', unit: 'cgj' },
];

let phones = 0;
/** One call logged, assigned to `first` (returned by it when it is not `unit`), and accepted by `unit`. */
async function handled(h: { content: string; place: string; category: string; unit: string }, first = h.unit): Promise<string> {
  const id = await logCall(t, { ...INTAKE, phone: `1390000${String(++phones).padStart(4, '0')}`, content: h.content, place: h.place, category: h.category });
  let v = await ticketButton(t, T.dispatcher, id, 'assign');
  expect((await press(t, T.dispatcher, v, { leadUnit: first, urgency: 'normal' })).toast?.type).toBe('success');
  if (first !== h.unit) {
    v = await ticketButton(t, HANDLER[first]!, id, 'return');
    expect((await press(t, HANDLER[first]!, v, { reason: 'overlapping_remit', note: '不属于本单位职责' })).toast?.i18n.zh_cn).toBe('已退回');
    v = await ticketButton(t, T.dispatcher, id, 'assign');
    expect((await press(t, T.dispatcher, v, { leadUnit: h.unit, urgency: 'normal' })).toast?.type).toBe('success');
  }
  v = await ticketButton(t, HANDLER[h.unit]!, id, 'accept');
  expect((await press(t, HANDLER[h.unit]!, v)).toast?.i18n.zh_cn).toBe('已签收');
  return id;
}

/** The 派单 card the dispatcher got for the ticket in its current state. */
async function dispatchCard(id: string): Promise<Record<string, unknown>> {
  await ticketButton(t, T.dispatcher, id, 'assign');
  const version = (await t.bot.models.tickets.findById(id).lean())!.version;
  const card = [...cardsSentTo(t, T.dispatcher)].reverse().find(({ card }) => buttonValues(card).some((x) => x.id === id && x.op === 'assign' && x.v === version))!.card;
  expectValidCard(card);
  return card;
}

/** The lead-unit select of a 派单 card. */
function leadSelect(card: unknown): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  JSON.stringify(card, (_k, v: unknown) => {
    if (v && typeof v === 'object' && (v as Record<string, unknown>).name === 'leadUnit') found = v as Record<string, unknown>;
    return v;
  });
  return found!;
}

describe('smart dispatch: the 派单 card suggests units learned from the office’s own tickets', () => {
  it('suggests nothing under 20 assigned tickets; from the 20th it pre-selects the learned unit and lists the top 3 with their share; the dispatcher may pick another', async () => {
    for (const h of HISTORY) await handled(h);
    // 住建局 returned one to 东镇 … and one the other way: 19 learned.
    await handled({ content: '东镇老街路灯坏了一排', place: '东镇老街', category: 'help', unit: 'dz' }, 'zjj');
    expect(await t.bot.models.dispatchExamples.countDocuments({})).toBe(19);

    const early = await dispatchCard(await logCall(t, { ...INTAKE, phone: '13900001001', content: '幸福小区路灯又坏了', place: '幸福小区' }));
    expect(JSON.stringify(early)).not.toContain('建议：');
    expect(leadSelect(early).initial_option).toBeUndefined();

    await handled({ content: '解放路早市占道经营', place: '解放路', category: 'report', unit: 'cgj' });
    expect(await t.bot.models.dispatchExamples.countDocuments({})).toBe(20);

    const id = await logCall(t, { ...INTAKE, phone: '13900001002', content: '幸福小区5栋门口路灯不亮', place: '幸福小区', category: 'help' });
    const card = await dispatchCard(id);
    expect(leadSelect(card).initial_option).toBe('dz');
    const text = JSON.stringify(card);
    const line = /建议：\*\*([^\\]+)/.exec(text)?.[1];
    expect(line, text).toMatch(/^东镇 \d+% · (区住建局|区城管局) (\d+%|不足1%) · (区住建局|区城管局) (\d+%|不足1%)$/);
    const shares = [...line!.matchAll(/(\d+)%/g)].map((m) => Number(m[1]));
    expect(shares[0]).toBeGreaterThan(50);

    // A stall on 解放路 is 城管局's, as the office has always done.
    const stall = await dispatchCard(await logCall(t, { ...INTAKE, phone: '13900001003', content: '解放路又有人占道经营', place: '解放路', category: 'report' }));
    expect(leadSelect(stall).initial_option).toBe('cgj');

    // The suggestion is only pre-selected: the dispatcher picks 住建局 instead.
    const v = await ticketButton(t, T.dispatcher, id, 'assign');
    expect((await press(t, T.dispatcher, v, { leadUnit: 'zjj', urgency: 'normal' })).toast?.i18n.zh_cn).toBe('已派给 区住建局');
    expect((await t.bot.models.tickets.findById(id).lean())!.leadUnit).toBe('zjj');
  }, 180_000);

  it('a ticket returned by unit A and accepted by unit B teaches B, not A; a returned ticket is not suggested to the unit that returned it', async () => {
    // A matter new to the office: 窨井盖 on 幸福小区's road, first sent to 东镇 (the place's town), which returns it.
    const manhole = { content: '幸福小区旁窨井盖板松动塌陷', place: '幸福小区', category: 'help', unit: 'zjj' };
    const first = await handled(manhole, 'dz');
    expect(await t.bot.models.dispatchExamples.findById(first).lean()).toMatchObject({ unit: 'zjj', category: 'help' });
    await handled(manhole, 'dz');
    const card = await dispatchCard(await logCall(t, { ...INTAKE, phone: '13900001004', ...manhole }));
    expect(leadSelect(card).initial_option).toBe('zjj');

    // Returned by 东镇: its new 派单 card suggests neither 东镇 nor pre-selects it.
    const id = await logCall(t, { ...INTAKE, phone: '13900001005', content: '幸福小区路灯全坏了', place: '幸福小区', category: 'help' });
    let v = await ticketButton(t, T.dispatcher, id, 'assign');
    await press(t, T.dispatcher, v, { leadUnit: 'dz', urgency: 'normal' });
    v = await ticketButton(t, T.dzHandler, id, 'return');
    await press(t, T.dzHandler, v, { reason: 'wrong_area', note: '该路段不属东镇' });
    const again = await dispatchCard(id);
    expect(leadSelect(again).initial_option).not.toBe('dz');
    expect(/建议：\*\*([^\\]+)/.exec(JSON.stringify(again))?.[1]).not.toContain('东镇');
    await eventually(async () => (await t.bot.models.tickets.findById(id).lean())?.status === 'returned');
  }, 120_000);

  it('is rebuilt from the tickets by `dispatch rebuild`: the unit that accepted each, nothing for a ticket no unit accepted', async () => {
    const rows = async () => (await t.bot.models.dispatchExamples.find({}).lean()).sort((a, b) => a._id.localeCompare(b._id));
    const before = await rows();
    expect(before.length).toBe(22);
    await t.bot.models.dispatchExamples.deleteMany({});
    await t.bot.models.dispatchExamples.create({ ...before[0]!, _id: 'ZX-00000000-9999' });
    await t.bot.models.dispatchExamples.updateOne({ _id: before[1]!._id }, { $set: { unit: 'cgj' } });
    const r = await runCliOnBot(t, ['dispatch', 'rebuild']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('dispatch_examples: 22 件已签收工单');
    expect(r.out).toContain('1 行已移除');
    expect(await rows()).toEqual(before);
    expect((await runCliOnBot(t, ['--help'])).out).toContain('dispatch rebuild');
    expect((await runCliOnBot(t, ['dispatch', '--help'])).out).toContain('dispatch_examples');
    expect((await runCliOnBot(t, ['dispatch', 'rebuld'])).code).toBe(2);
    // A bot starting on a database from before dispatch_examples builds them itself.
    await t.bot.models.dispatchExamples.deleteMany({});
    const m = t.bot.models;
    const fresh = new DispatchModel({ examples: m.dispatchExamples, tickets: m.tickets, transitions: m.ticketTransitions });
    await fresh.ready();
    expect(fresh.size).toBe(22);
    expect(await rows()).toEqual(before);
  });

  it('two replicas: each 签收 is numbered in dispatch_log, and the other replica catches up by _id', async () => {
    const m = t.bot.models;
    const other = new DispatchModel({ examples: m.dispatchExamples, journal: { entries: m.dispatchLog, counters: m.counters }, tickets: m.tickets, transitions: m.ticketTransitions });
    await other.ready();
    const before = other.size;
    // Every 签收 the bot learned so far is numbered 1, 2, 3… without gaps.
    const logged = await m.dispatchLog.countDocuments({});
    expect(logged).toBe(22);
    expect(await m.dispatchLog.findById(String(logged)).lean()).toBeTruthy();

    // Accepted on the bot: the other replica learns it at its next catch-up, and nothing twice.
    const id = await handled({ content: '解放路夜市占道经营扰民', place: '解放路', category: 'complaint', unit: 'cgj' });
    expect(await other.catchUp()).toBe(1);
    expect(other.size).toBe(before + 1);
    expect(await other.catchUp()).toBe(0);
    expect(await m.dispatchLog.findById(String(logged + 1)).lean()).toMatchObject({ ticket: id });

    // Both learning at once take different numbers; each catches up on the other's.
    const ticket = (n: number) => ({ _id: `ZX-20990101-000${n}`, content: '解放路占道经营', place: '解放路', category: 'report' as const });
    await Promise.all([other.learn(ticket(1), 'cgj', new Date()), t.bot.dispatch.learn(ticket(2), 'cgj', new Date())]);
    expect((await m.dispatchLog.find({}).lean()).map((e) => Number(e._id)).sort((a, b) => a - b)).toEqual(Array.from({ length: logged + 3 }, (_, i) => i + 1));
    await other.catchUp();
    await t.bot.dispatch.catchUp();
    expect(other.size).toBe(t.bot.dispatch.size);
  });
});
