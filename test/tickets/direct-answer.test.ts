import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { cardsSentTo, press } from '../approvals/approval-helpers.js';
import { chat, INTAKE, seedHotline, T, ticketButton } from './ticket-helpers.js';
import type { Range } from '../../src/reports/report-service.js';

/** A 咨询 call the clerk answers on the spot. */
const ASKED = { ...INTAKE, category: 'consultation', content: '咨询幸福小区停车位如何申请', place: '幸福小区' };
const ANSWER = '请携带身份证和房产证到社区服务中心登记申请，每周一至周五受理。';
const DIRECT = { ...ASKED, handling: 'direct', answer: ANSWER };

const around = (): Range => ({ from: new Date(Date.now() - 6 * 3600_000), to: new Date(Date.now() + 6 * 3600_000), label: { zh: '今天', en: 'Today' } });

async function intake(t: TestBot, form: Record<string, unknown>, openId = T.clerk) {
  return press(t, openId, { a: 'tk.intake' }, form, `om_intake_${Math.random().toString(16).slice(2)}`);
}
const numberIn = (zh: string) => /ZX-\d{8}-\d{4}/.exec(zh)![0];
/** Lets the outbox send whatever the step caused (nothing, for a direct answer). */
const settle = async (t: TestBot) => eventually(async () => (await t.bot.models.outboxQueue.countDocuments()) === 0);

describe('直接答复 with callbacks off (CALLBACK_AFTER_DIRECT=none, the default)', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
    await seedHotline(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('the intake form offers 直接答复 with the answer text', async () => {
    const form = await chat(t, T.clerk, '登记 张三 13812345678 咨询幸福小区停车位如何申请');
    expectValidCard(form);
    const json = JSON.stringify(form);
    expect(json).toContain('"name":"handling"');
    expect(json).toContain('直接答复');
    expect(json).toContain('"name":"answer"');
    // The note says what kind of call it is.
    expect(json).toContain('"initial_option":"consultation"');
  });

  it('logs the call and closes it at once (已办结, 直办): no dispatch card, no callback, nothing left to do', async () => {
    const a = await intake(t, DIRECT);
    expect(a.toast?.type).toBe('success');
    expect(a.toast?.i18n.zh_cn).toMatch(/^已直接答复并办结（直办），工单号 ZX-\d{8}-\d{4}$/);
    expect(a.toast?.i18n.en_us).toMatch(/^Answered at once and closed: ZX-/);
    const id = numberIn(a.toast!.i18n.zh_cn);
    // The clerk's form becomes the closed ticket, with the answer given.
    expectValidCard(a.card!.data);
    const card = JSON.stringify(a.card!.data);
    expect(card).toContain(`工单 ${id} · 已办结`);
    expect(card).toContain(ANSWER);
    expect(card).toContain('直接答复');

    const ticket = (await t.bot.models.tickets.findById(id).lean())!;
    expect(ticket.status).toBe('closed');
    expect(ticket.leadUnit).toBeUndefined();
    const steps = await t.bot.models.ticketTransitions.find({ ticket: id }).lean();
    expect(steps.map((s) => [s.action, s.from, s.to])).toEqual([['direct_answer', null, 'closed']]);
    expect(steps[0]!.data).toEqual({ answer: ANSWER });
    // Nothing sent: no dispatch card to the dispatchers, no callback card to the clerk, no 归档.
    expect(steps[0]!.caused).toEqual([]);
    await settle(t);
    for (const who of [T.dispatcher, T.clerk, T.director]) expect(JSON.stringify(cardsSentTo(t, who))).not.toContain(id);
    expect(await t.bot.models.openItems.findById(`ticket:${id}`).lean()).toBeNull();
    expect(JSON.stringify(await chat(t, T.dispatcher, '我的待办'))).not.toContain(id);

    // 直办 in the figures, the same from the rollups as from scratch; closed, on time, not due a callback.
    const kept = await t.bot.reports.summary(around());
    expect(kept.overall).toMatchObject({ accepted: 1, closed: 1, direct: 1, onTime: 1, assigned: 0, callbacks: 0, callbackRate: null });
    expect(kept.overall).toEqual((await t.bot.reports.report(around())).overall);
    const report = JSON.stringify(await chat(t, T.director, '报表'));
    expect(report).toContain('直办 Answered at once** 1');
  });

  it('refuses 直接答复 without the answer text, in Chinese and English, and stores nothing', async () => {
    const before = [await t.bot.models.tickets.countDocuments(), await t.bot.models.ticketTransitions.countDocuments()];
    for (const answer of ['', '   ']) {
      const a = await intake(t, { ...DIRECT, answer });
      expect(a.toast?.type).toBe('warning');
      expect(a.toast?.i18n.zh_cn).toContain('直接答复须填写答复来电人的内容');
      expect(a.toast?.i18n.en_us).toContain('answering at once needs the answer given to the caller');
      // The form comes back as filled in, with the problem marked at the answer.
      expectValidCard(a.card!.data);
      expect(JSON.stringify(a.card!.data)).toContain('直接答复内容 Answer given（直接答复时必填 required to answer at once） ⚠ 直接答复须填写答复来电人的内容');
    }
    // An answer written while the handling says 派单办理 is not guessed at either.
    const b = await intake(t, { ...ASKED, handling: 'dispatch', answer: ANSWER });
    expect(b.toast?.type).toBe('warning');
    expect(b.toast?.i18n.zh_cn).toContain('请将办理方式选为「直接答复」');
    expect(b.toast?.i18n.en_us).toContain('set the handling to 直接答复');
    // Out of scope and answered at once: one or the other.
    const c = await intake(t, { ...DIRECT, outOfScope: 'court' });
    expect(c.toast?.type).toBe('warning');
    expect(c.toast?.i18n.en_us).toContain('cannot also be answered at once');
    const d = await intake(t, { ...DIRECT, handling: 'later' });
    expect(d.toast?.i18n.zh_cn).toContain('请选择办理方式');
    expect([await t.bot.models.tickets.countDocuments(), await t.bot.models.ticketTransitions.countDocuments()]).toEqual(before);
  });

  it('a call dispatched as before still goes to the dispatchers', async () => {
    const a = await intake(t, { ...ASKED, handling: 'dispatch', answer: '' });
    expect(a.toast?.i18n.zh_cn).toMatch(/^已登记，工单号/);
    const id = numberIn(a.toast!.i18n.zh_cn);
    await ticketButton(t, T.dispatcher, id, 'assign');
  });

  it('a double click (the same delivery twice) logs one ticket', async () => {
    const { cardActionEvent } = await import('../helpers/lark-payloads.js');
    const ev = cardActionEvent({ openId: T.clerk, value: { a: 'tk.intake' }, formValue: { ...DIRECT, phone: '13900001111' }, messageId: 'om_direct_twice' });
    await t.send('/lark/card', ev);
    await t.send('/lark/card', ev);
    await eventually(async () => (await t.bot.models.tickets.countDocuments({ phone: '13900001111' })) === 1);
    await settle(t);
    expect(await t.bot.models.tickets.countDocuments({ phone: '13900001111' })).toBe(1);
  });
});

describe('直接答复 with CALLBACK_AFTER_DIRECT=all', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { CALLBACK_AFTER_DIRECT: 'all' } });
    await seedHotline(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('the answered call waits for its callback; 满意 closes it, and its answer joins the past answers', async () => {
    const a = await intake(t, DIRECT);
    expect(a.toast?.i18n.zh_cn).toMatch(/^已直接答复，待回访，工单号/);
    const id = numberIn(a.toast!.i18n.zh_cn);
    expect((await t.bot.models.tickets.findById(id).lean())!.status).toBe('callback');
    // The clerk who logged it calls back; the dispatchers get nothing.
    const v = await ticketButton(t, T.clerk, id, 'callback', 'satisfied');
    const done = await press(t, T.clerk, v);
    expect(done.toast?.i18n.zh_cn).toBe('回访完成，已办结');
    expect((await t.bot.models.tickets.findById(id).lean())!.status).toBe('closed');
    await settle(t);
    expect(JSON.stringify(cardsSentTo(t, T.dispatcher))).not.toContain(id);
    expect(await t.bot.models.pastAnswers.findById(id).lean()).toMatchObject({ reply: ANSWER, outcome: 'satisfied', category: 'consultation' });
    const kept = await t.bot.reports.summary(around());
    expect(kept.overall).toMatchObject({ closed: 1, direct: 1, callbacks: 1, satisfied: 1, callbackRate: 1 });
    expect(kept.overall).toEqual((await t.bot.reports.report(around())).overall);
  });

  it('a caller not satisfied with the direct answer: the ticket goes to the dispatchers, and the answer is never suggested', async () => {
    const a = await intake(t, { ...DIRECT, phone: '13700002222', answer: '这个答复来电人不认可' });
    const id = numberIn(a.toast!.i18n.zh_cn);
    const v = await ticketButton(t, T.clerk, id, 'callback', 'unsatisfied');
    expect((await press(t, T.clerk, v, { note: '来电人认为没有说清楚' })).toast?.i18n.zh_cn).toBe('来电人不满意，已转派单');
    expect((await t.bot.models.tickets.findById(id).lean())!.status).toBe('registered');
    await ticketButton(t, T.dispatcher, id, 'assign');
    expect(await t.bot.models.pastAnswers.findById(id).lean()).toBeNull();
  });
});
