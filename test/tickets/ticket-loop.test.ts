import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, decisionCardFor, press, textsSentTo } from '../approvals/approval-helpers.js';
import { chat, INTAKE, logCall, seedHotline, T, ticketButton } from './ticket-helpers.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
  await seedHotline(t);
});
afterAll(async () => {
  await t.stop();
});

const timeline = async (id: string) => (await t.bot.models.ticketTransitions.find({ ticket: id }).sort({ seq: 1 }).lean()).map((x) => x.action);
const statusOf = async (id: string) => (await t.bot.models.tickets.findById(id).lean())!.status;

describe('the whole hotline loop through signed Lark payloads', () => {
  it('intake → assign → return → re-assign → accept → extension → result → redo → result → accept → 不满意 → redo → 满意 → closed → archived', async () => {
    // 登记 with the call notes pre-fills the form.
    const form = await chat(t, T.clerk, '登记 张三 13812345678 反映幸福小区3栋路灯坏了三天');
    expectValidCard(form);
    const fields = JSON.stringify(form);
    expect(fields).toContain('"default_value":"张三"');
    expect(fields).toContain('"default_value":"13812345678"');
    expect(fields).toContain('确认登记');
    const id = await logCall(t);
    expect(id).toMatch(/^ZX-\d{8}-0001$/);

    // 派单 to 住建局, who returns it (wrong area, with a reason).
    let v = await ticketButton(t, T.dispatcher, id, 'assign');
    let a = await press(t, T.dispatcher, v, { leadUnit: 'zjj', coUnits: ['dz'], urgency: 'normal' });
    expect(a.toast?.i18n.zh_cn).toBe('已派给 区住建局');
    expect(buttonValues(a.card!.data).filter((x) => x.a === 'tk.act')).toEqual([]);
    v = await ticketButton(t, T.zjHandler, id, 'return');
    expect((await press(t, T.zjHandler, v, { reason: 'wrong_area', note: '' })).toast?.type).toBe('warning');
    a = await press(t, T.zjHandler, v, { reason: 'wrong_area', note: '该路段属东镇管辖' });
    expect(a.toast?.i18n.zh_cn).toBe('已退回');
    expect(await statusOf(id)).toBe('returned');

    // Re-assigned to 东镇, accepted.
    v = await ticketButton(t, T.dispatcher, id, 'assign');
    expect(v.v).toBe(3);
    await press(t, T.dispatcher, v, { leadUnit: 'dz', urgency: 'normal' });
    v = await ticketButton(t, T.dzHandler, id, 'accept');
    expect((await press(t, T.dzHandler, v)).toast?.i18n.zh_cn).toBe('已签收');

    // 申请延期: an extension approval; the director approves; the deadline moves.
    const before = (await t.bot.models.tickets.findById(id).lean())!.deadline!;
    v = await ticketButton(t, T.dzHandler, id, 'extend');
    a = await press(t, T.dzHandler, v, { days: '3', note: '需等待电力公司配合' });
    expect(a.toast?.i18n.zh_cn).toMatch(/^延期申请已提交（AP/);
    const approvalId = /AP\d{8}-[0-9A-F]{6}/.exec(a.toast!.i18n.zh_cn)![0];
    const d = await decisionCardFor(t, T.director, approvalId, 1, 0);
    await press(t, T.director, d.approve);
    await eventually(async () => (await timeline(id)).includes('extended'));
    const after = (await t.bot.models.tickets.findById(id).lean())!.deadline!;
    expect(after.getTime()).toBeGreaterThan(before.getTime());

    // Result → redo → result → accepted → callback 不满意 → redo → result → accepted → 满意.
    const reply = async (result: string) => {
      const r = await ticketButton(t, T.dzHandler, id, 'reply');
      expect((await press(t, T.dzHandler, r, { result, reply: '已电话告知来电人' })).toast?.type).toBe('success');
    };
    await reply('已更换灯泡');
    v = await ticketButton(t, T.dispatcher, id, 'redo');
    expect((await press(t, T.dispatcher, v, { note: '' })).toast?.type).toBe('warning');
    await press(t, T.dispatcher, v, { note: '请附现场照片说明' });
    await reply('已更换灯泡并检修线路');
    v = await ticketButton(t, T.dispatcher, id, 'review_accept');
    await press(t, T.dispatcher, v);
    v = await ticketButton(t, T.clerk, id, 'callback', 'unsatisfied');
    expect((await press(t, T.clerk, v, { note: '' })).toast?.type).toBe('warning');
    a = await press(t, T.clerk, v, { note: '来电人称4栋也不亮' });
    expect(a.toast?.i18n.zh_cn).toBe('来电人不满意，已退回重办');
    await reply('3栋、4栋路灯均已修复');
    v = await ticketButton(t, T.dispatcher, id, 'review_accept');
    await press(t, T.dispatcher, v);
    v = await ticketButton(t, T.clerk, id, 'callback', 'satisfied');
    expect((await press(t, T.clerk, v)).toast?.i18n.zh_cn).toBe('回访完成，已办结');
    // The dispatching desk archives: the card goes to the dispatchers, not to the clerk.
    v = await ticketButton(t, T.dispatcher, id, 'archive');
    expect((await press(t, T.stranger, v)).toast?.type).toBe('warning');
    expect((await press(t, T.clerk, v)).toast?.type).toBe('warning');
    await press(t, T.dispatcher, v);
    expect(await statusOf(id)).toBe('archived');

    expect(await timeline(id)).toEqual([
      'register', 'assign', 'return', 'assign', 'accept', 'extension_requested', 'extended', 'reply', 'redo', 'reply', 'review_accept',
      'callback', 'reply', 'review_accept', 'callback', 'archive',
    ]);
    // Every transition says who, when, from, to and why.
    const ret = await t.bot.models.ticketTransitions.findById(`${id}:3`).lean();
    expect(ret).toMatchObject({ action: 'return', from: 'assigned', to: 'returned', by: T.zjHandler, note: '该路段属东镇管辖', data: { reason: 'wrong_area', unit: 'zjj' } });
    // …and the messages it caused: the dispatcher's new card, the returned copies closed; each sent, with its Lark id.
    expect(ret!.caused).toContain(`tk:${id}:s3:dispatch:${T.dispatcher}`);
    expect(ret!.caused).toContain(`tk:${id}:s2:assignment:${T.zjHandler}:closed`);
    const sent = await t.bot.models.outboxMessages.findById(`tk:${id}:s3:dispatch:${T.dispatcher}`).lean();
    expect(sent).toMatchObject({ status: 'sent', larkMessageId: expect.stringMatching(/^om_/) });

    // 查询 shows the ticket with its timeline; the clerk's receipt card followed every step.
    const shown = JSON.stringify(await chat(t, T.clerk, `查询 ${id}`));
    for (const word of ['已归档', '退回', '延期获批', '重办', '不满意']) expect(shown).toContain(word);
    await eventually(() => t.fake.delivered.some((c) => c.method === 'PATCH' && String(c.body.content).includes('已归档')));
    // The co-unit was informed.
    expect(cardsSentTo(t, T.dzHandler).some((c) => JSON.stringify(c.card).includes('协办单位'))).toBe(true);
  }, 120_000);
});

describe('refusals and exactly-once', () => {
  it('a click by someone without the right, or on a step already taken, changes nothing and says why', async () => {
    const id = await logCall(t, { ...INTAKE, phone: '13900000001', place: '' });
    const v = await ticketButton(t, T.dispatcher, id, 'assign');
    for (const who of [T.stranger, T.dzHandler, 'ou_not_registered']) expect((await press(t, who, v, { leadUnit: 'dz' })).toast?.type).toBe('warning');
    await press(t, T.dispatcher, v, { leadUnit: 'dz' });
    const again = await press(t, T.dispatcher, v, { leadUnit: 'zjj' });
    expect(again.toast?.type).toBe('info');
    expect(again.toast?.i18n.zh_cn).toMatch(/^已由 林派单 于 \d\d:\d\d 派单$/);
    const accept = await ticketButton(t, T.dzHandler, id, 'accept');
    expect((await press(t, T.zjHandler, accept)).toast?.type).toBe('warning');
    expect(await timeline(id)).toEqual(['register', 'assign']);
  }, 30_000);

  it('50 concurrent clicks of 签收 make exactly one transition', async () => {
    const id = await logCall(t, { ...INTAKE, phone: '13900000002', place: '' });
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'assign'), { leadUnit: 'dz' });
    const accept = await ticketButton(t, T.dzHandler, id, 'accept');
    const answers = await Promise.all(Array.from({ length: 50 }, () => press(t, T.dzHandler, accept)));
    expect(answers.filter((x) => x.toast?.type === 'success')).toHaveLength(1);
    expect(await timeline(id)).toEqual(['register', 'assign', 'accept']);
  }, 60_000);

  it('50 concurrent intakes get 50 different numbers', async () => {
    // Under this load some answers are "received, working on it" (the 3 s rule); all 50 still land.
    await Promise.all(Array.from({ length: 50 }, (_, i) => press(t, T.clerk, { a: 'tk.intake' }, { ...INTAKE, phone: `1370000${String(i).padStart(4, '0')}`, place: '', content: `并发登记 ${i}` })));
    const docs = await eventually(async () => {
      const d = await t.bot.models.tickets.find({ content: /^并发登记/ }).lean();
      return d.length === 50 ? d : null;
    }, 30_000);
    const ids = docs.map((d) => d._id);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^ZX-\d{8}-\d{4}$/);
    expect(new Set(docs.map((d) => d.content)).size).toBe(50);
  }, 120_000);
});

describe('intake', () => {
  it('invalid input comes back with the problems marked, and nothing is stored', async () => {
    const before = await t.bot.models.tickets.countDocuments();
    const r = await press(t, T.clerk, { a: 'tk.intake' }, { ...INTAKE, phone: '138123456789', content: '', category: '' });
    expect(r.toast?.type).toBe('warning');
    const card = JSON.stringify(r.card!.data);
    expect(card).toContain('电话号码格式不对');
    expect(card).toContain('诉求内容不能为空');
    expect(await t.bot.models.tickets.countDocuments()).toBe(before);
    const notAllowed = await press(t, T.dzHandler, { a: 'tk.intake' }, INTAKE);
    expect(notAllowed.toast?.type).toBe('warning');
  });

  it('an out-of-scope call is closed at intake as 不予受理, and the clerk is told where to send the caller', async () => {
    const id = await logCall(t, { ...INTAKE, phone: '13900000003', place: '', content: '要求法院重审我的案子', outOfScope: 'court' });
    expect(await statusOf(id)).toBe('rejected');
    await eventually(() => textsSentTo(t, T.clerk).some((x) => x.includes(`${id} 不予受理：涉诉事项`) && x.includes('区人民法院')));
    expect(cardsSentTo(t, T.dispatcher).some((c) => JSON.stringify(c.card).includes(id))).toBe(false);
  });

  it('a repeat call from the same number within 30 days is flagged, and the dispatcher can merge it', async () => {
    const first = await logCall(t, { ...INTAKE, phone: '13900000004', place: '', content: '第一次反映噪音' });
    const second = await logCall(t, { ...INTAKE, phone: '13900000004', place: '', content: '第二次反映噪音' });
    expect((await t.bot.models.tickets.findById(second).lean())!.possibleRepeats).toEqual([first]);
    const merge = await ticketButton(t, T.dispatcher, second, 'merge');
    const r = await press(t, T.dispatcher, merge, { into: first });
    expect(r.toast?.i18n.zh_cn).toBe(`已并入 ${first}`);
    expect(await statusOf(second)).toBe('merged');
    await eventually(async () => (await timeline(first)).includes('merged_in'));
  });

  it('我的待办 and 工单 列表 show what waits and what matches', async () => {
    const id = await logCall(t, { ...INTAKE, phone: '13900000005', place: '', content: '待办测试', urgency: 'very_urgent' });
    expect(JSON.stringify(await chat(t, T.dispatcher, '我的待办'))).toContain(id);
    expect(JSON.stringify(await chat(t, T.dzHandler, '我的待办'))).not.toContain(id);
    expect(JSON.stringify(await chat(t, T.dispatcher, '工单 列表 特急'))).toContain(id);
    const bad = await chat(t, T.dispatcher, '工单 列表 火星');
    expect(String(bad.text)).toContain('看不懂筛选条件「火星」');
  });
});
