import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, decisionCardFor, P, press, submitDocument, textsSentTo } from '../approvals/approval-helpers.js';
import { seedSupervisionOffice } from './supervision-office.js';

let t: TestBot;
const DZ_HANDLER = 'ou_sv_dz_handler';
const ZJ_HEAD = 'ou_sv_zj_head';
beforeAll(async () => {
  t = await startTestBot();
  await seedSupervisionOffice(t, { dzHandler: DZ_HANDLER, zjHead: ZJ_HEAD });
});
afterAll(async () => {
  await t.stop();
});

const ask = async (openId: string, text: string) => {
  const ev = messageEvent({ openId, text });
  await t.send('/lark/events', ev);
  const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return JSON.parse(reply.body.content as string) as Record<string, unknown>;
};
/** A date two days on, as Lark's date picker sends it (form-container.md: "2024-04-01 +0800"). */
const tomorrow = () => `${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)} +0800`;

describe('领导批示: a leader writes an instruction on an approval; each unit follows it up', () => {
  it('creates a follow-up per unit named, which the unit marks 已落实 with a note; the leader is told', async () => {
    const { id } = await submitDocument(t, P.drafter, { title: '关于老旧小区改造的请示', summary: '', link: '', urgency: 'normal', security: 'none', normative: 'no' });
    const card = await decisionCardFor(t, P.secretariat, id, 1, 0);
    const instruct = buttonValues(card.card).find((v) => v.a === 'ps.new')!;
    // Only leaders (and directors) may write instructions.
    expect((await press(t, P.secretariat, instruct)).toast?.type).toBe('warning');
    const opened = await press(t, P.leader, instruct);
    expect(opened.toast?.i18n.zh_cn).toBe('批示单已发到您的私聊');
    const form = await eventually(() => cardsSentTo(t, P.leader).find((c) => JSON.stringify(c.card).includes('批示内容')));
    expectValidCard(form.card);
    const submit = buttonValues(form.card).find((v) => v.a === 'ps.submit')!;
    const sent = await press(t, P.leader, submit, { text: '请东镇和住建局本月内拿出改造方案', units: ['dz', 'zjj'], deadline: tomorrow() });
    expect(sent.toast?.i18n.zh_cn).toBe('批示已发给 2 个单位');
    const items = await t.bot.models.supervisionItems.find({ kind: 'instruction' }).lean();
    expect(items.map((i) => i.leadUnit).sort()).toEqual(['dz', 'zjj']);
    expect(items[0]).toMatchObject({ leader: P.leader, status: 'open', source: { kind: 'approval', id } });

    // The 东镇 handler gets the follow-up card and marks it done; a note is required; others may not.
    const dzCard = await eventually(() => cardsSentTo(t, DZ_HANDLER).find((c) => JSON.stringify(c.card).includes('老旧小区') || JSON.stringify(c.card).includes('改造方案')));
    const done = buttonValues(dzCard.card).find((v) => v.a === 'sv.done')!;
    expect((await press(t, DZ_HANDLER, done, { note: '' })).toast?.type).toBe('warning');
    expect((await press(t, ZJ_HEAD, done, { note: '不是我们的' })).toast?.type).toBe('warning');
    const ok = await press(t, DZ_HANDLER, done, { note: '方案已报区政府' });
    expect(ok.toast?.i18n.zh_cn).toBe('已落实');
    expect(buttonValues(ok.card!.data).filter((v) => v.a?.toString().startsWith('sv.'))).toEqual([]);
    const again = await press(t, DZ_HANDLER, done, { note: '再点一次' });
    expect(again.toast?.type).toBe('info');
    const dzItem = items.find((i) => i.leadUnit === 'dz')!;
    expect(await t.bot.models.supervisionEvents.countDocuments({ item: dzItem._id, type: 'done' })).toBe(1);
    expect((await t.bot.models.supervisionItems.findById(dzItem._id).lean())?.status).toBe('done');
    await eventually(() => textsSentTo(t, P.leader).some((x) => x.includes('东镇 东镇联络员 已落实：方案已报区政府')));
  }, 60_000);
});

describe('督办: a supervision item through progress and close-out', () => {
  it('is created by the office, reported on by the unit, closed (销号) by the office, and listed', async () => {
    // Not everyone may create one.
    const refused = await ask(DZ_HANDLER, '督办 新建');
    expect(refused.text).toContain('您没有权限管理督办事项');
    const form = await ask(P.secretariat, '督办 新建');
    expectValidCard(form);
    const create = buttonValues(form).find((v) => v.a === 'sv.submit')!;
    const bad = await press(t, P.secretariat, create, { content: '', unit: 'zjj' });
    expect(bad.toast?.type).toBe('warning');
    expect(JSON.stringify(bad.card!.data)).toContain('请修改');
    // A date that is not in Lark's date-picker format is named, and nothing is created.
    const before = await t.bot.models.supervisionItems.countDocuments({});
    const unreadable = await press(t, P.secretariat, create, { content: '年内完成20个小区加装电梯', unit: 'zjj', leader: P.leader, deadline: '下周五' });
    expect(unreadable.toast?.i18n.zh_cn).toContain('无法识别期限「下周五」');
    expect(await t.bot.models.supervisionItems.countDocuments({})).toBe(before);
    const made = await press(t, P.secretariat, create, { content: '年内完成20个小区加装电梯', standard: '20部电梯验收通过', unit: 'zjj', leader: P.leader, deadline: tomorrow() });
    expect(made.toast?.type).toBe('success');
    const id = /DB\d{8}-[0-9A-F]{6}/.exec(made.toast!.i18n.zh_cn)![0];

    const unitCard = await eventually(() => cardsSentTo(t, ZJ_HEAD).find((c) => JSON.stringify(c.card).includes(id)));
    const values = buttonValues(unitCard.card);
    const progress = values.find((v) => v.a === 'sv.progress')!;
    // The unit's card offers only what the unit may do: no 销号; the office's card has it.
    expect(values.find((v) => v.a === 'sv.close')).toBeUndefined();
    const close = buttonValues(made.card!.data).find((v) => v.a === 'sv.close')!;
    expect(close).toBeDefined();
    expect(buttonValues(made.card!.data).find((v) => v.a === 'sv.progress')).toBeUndefined();
    const reported = await press(t, ZJ_HEAD, progress, { note: '已完成12部' });
    expect(reported.toast?.i18n.zh_cn).toBe('进展已报告');
    expect(JSON.stringify(reported.card!.data)).toContain('已完成12部');
    // The unit cannot close its own item; the office can, once.
    expect((await press(t, ZJ_HEAD, close, { note: '' })).toast?.type).toBe('warning');
    const closed = await press(t, P.secretariat, close, { note: '验收合格' });
    expect(closed.toast?.i18n.zh_cn).toBe('已销号');
    expect((await press(t, P.dir1, close, { note: '' })).toast?.type).toBe('info');
    expect(await t.bot.models.supervisionEvents.countDocuments({ item: id, type: 'closed' })).toBe(1);

    const ledger = JSON.stringify(await ask(P.leader, '督办 列表'));
    expect(ledger).toContain('督查督办台账');
    expect(ledger).toContain(id);
    // A unit sees only its own items.
    const theirs = JSON.stringify(await ask(DZ_HANDLER, '督办'));
    expect(theirs).not.toContain(id);
    expect(theirs).toContain('【批示】');
  }, 60_000);
});
