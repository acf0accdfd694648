import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { seedPerson } from '../helpers/directory-fixtures.js';
import { buttonValues, cardsSentTo, decisionCardFor, press } from '../approvals/approval-helpers.js';
import { chat, INTAKE, logCall, seedHotline, T, ticketButton } from './ticket-helpers.js';

/** A district leader (区领导) who is neither a dispatcher nor in a unit. */
const LEADER = 'ou_tk_leader';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
  await seedHotline(t);
  await seedPerson(t.bot.models, { openId: LEADER, name: '赵区长', unit: '', roles: ['leader'] });
});
afterAll(async () => {
  await t.stop();
});

let phones = 0;
const newCall = (extra: Record<string, unknown> = {}) => logCall(t, { ...INTAKE, phone: `1390001${String(++phones).padStart(4, '0')}`, place: '', ...extra });
const transitions = (id: string) => t.bot.models.ticketTransitions.find({ ticket: id }).sort({ seq: 1 }).lean();

/** Logged, assigned to 东镇 and accepted; returns the ticket number. */
async function inHand(extra: Record<string, unknown> = {}, assign: Record<string, unknown> = {}) {
  const id = await newCall(extra);
  await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'assign'), { leadUnit: 'dz', urgency: 'normal', ...assign });
  await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'accept'));
  return id;
}

/** Every card a person got for this ticket (sent or patched in place), oldest first. */
const cardsAbout = (openId: string, id: string) => cardsSentTo(t, openId).filter((c) => JSON.stringify(c.card).includes(id));

describe('extensions: the timeline names who approved', () => {
  it('the director who pressed 同意 is recorded, not the handler who asked', async () => {
    const id = await inHand();
    const a = await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'extend'), { days: '2', note: '需协调供电公司' });
    const approval = /AP\d{8}-[0-9A-F]{6}/.exec(a.toast!.i18n.zh_cn)![0];
    await press(t, T.director, (await decisionCardFor(t, T.director, approval, 1, 0)).approve);
    const extended = await eventually(async () => (await transitions(id)).find((x) => x.action === 'extended'));
    expect(extended.by).toBe(T.director);
    const shown = JSON.stringify(await chat(t, T.clerk, `查询 ${id}`));
    expect(shown).toContain('王主任 **延期获批**');
    expect(shown).not.toContain('孙联络 **延期获批**');
  }, 60_000);
});

describe('review and callback: the result and the reply given to the caller', () => {
  it('the dispatcher reviewing and the clerk calling back see both; so does the timeline', async () => {
    const id = await inHand();
    const result = '已组织人员更换3栋路灯灯具并检修线路';
    const reply = '已电话告知来电人路灯于今晚恢复照明';
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'reply'), { result, reply });
    const review = await ticketButton(t, T.dispatcher, id, 'review_accept');
    const reviewCard = cardsAbout(T.dispatcher, id).find((c) => buttonValues(c.card).some((v) => v.op === 'review_accept' && v.v === review.v))!.card;
    expectValidCard(reviewCard);
    expect(JSON.stringify(reviewCard)).toContain(`办理结果 Result`);
    expect(JSON.stringify(reviewCard)).toContain(result);
    expect(JSON.stringify(reviewCard)).toContain(reply);
    await press(t, T.dispatcher, review);
    const callback = await ticketButton(t, T.clerk, id, 'callback', 'satisfied');
    const callbackCard = cardsAbout(T.clerk, id).find((c) => buttonValues(c.card).some((v) => v.op === 'callback' && v.v === callback.v))!.card;
    expect(JSON.stringify(callbackCard)).toContain(result);
    expect(JSON.stringify(callbackCard)).toContain(`答复来电人 Reply given to the caller**：${reply}`);
    // The timeline line of 提交结果 says what was done and what the caller was told.
    const shown = JSON.stringify(await chat(t, T.clerk, `查询 ${id}`));
    expect(shown).toMatch(new RegExp(`孙联络 \\*\\*提交结果\\*\\* submitted the result 办理结果 Result：${result}；答复来电人 Reply to the caller：${reply}`));
  }, 60_000);
});

describe('归档: the dispatching desk archives', () => {
  it('after the callback the dispatchers get 归档 and may press it; the clerk gets no button they may not use', async () => {
    const id = await inHand();
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'reply'), { result: '已处理', reply: '已告知' });
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'review_accept'));
    await press(t, T.clerk, await ticketButton(t, T.clerk, id, 'callback', 'satisfied'));
    const archive = await ticketButton(t, T.dispatcher, id, 'archive');
    expect(cardsAbout(T.clerk, id).flatMap((c) => buttonValues(c.card)).some((v) => v.op === 'archive')).toBe(false);
    expect(JSON.stringify(await chat(t, T.dispatcher, '我的待办'))).toContain(id);
    const a = await press(t, T.dispatcher, archive);
    expect(a.toast?.i18n.zh_cn).toBe('已归档');
    expect((await t.bot.models.tickets.findById(id).lean())!.status).toBe('archived');
  }, 60_000);
});

describe('the urgency set at 派单', () => {
  it('colours the header, answers 工单 列表 特急, and sends the extension to a leader', async () => {
    const id = await inHand({ urgency: 'normal' }, { urgency: 'very_urgent' });
    const handling = cardsAbout(T.dzHandler, id).at(-1)!.card as { header: { template: string } };
    expect(handling.header.template).toBe('red');
    expect(JSON.stringify(await chat(t, T.dispatcher, `查询 ${id}`))).toContain('**紧急程度 Urgency**：特急');
    expect(JSON.stringify(await chat(t, T.dispatcher, '工单 列表 特急'))).toContain(id);
    expect(JSON.stringify(await chat(t, T.dispatcher, '工单 列表 一般'))).not.toContain(id);
    const a = await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'extend'), { days: '1', note: '需等待材料' });
    const approval = /AP\d{8}-[0-9A-F]{6}/.exec(a.toast!.i18n.zh_cn)![0];
    expect((await t.bot.models.approvalRequests.findById(approval).lean())!.urgency).toBe('very_urgent');
    await decisionCardFor(t, LEADER, approval, 1, 0);
    expect(cardsSentTo(t, T.director).some((c) => JSON.stringify(c.card).includes(approval))).toBe(false);
  }, 60_000);

  it('an urgent call the dispatcher calls ordinary is listed as ordinary', async () => {
    const id = await newCall({ urgency: 'very_urgent' });
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'assign'), { leadUnit: 'dz', urgency: 'normal' });
    await eventually(async () => (await t.bot.models.tickets.findById(id).lean())!.currentUrgency === 'normal');
    expect(JSON.stringify(await chat(t, T.dispatcher, '工单 列表 特急'))).not.toContain(id);
    expect(JSON.stringify(await chat(t, T.dispatcher, '工单 列表 一般'))).toContain(id);
  }, 60_000);
});

describe('批示 on tickets: offered to leaders, and to nobody else', () => {
  it('dispatchers, handlers and clerks never see it; a leader gets it on 查询 and it works end to end', async () => {
    const id = await inHand({ content: '批示测试：河道垃圾长期无人清理' });
    for (const who of [T.dispatcher, T.dzHandler, T.clerk]) {
      expect(cardsAbout(who, id).flatMap((c) => buttonValues(c.card)).some((v) => v.a === 'ps.new'), who).toBe(false);
      expect(buttonValues(await chat(t, who, `查询 ${id}`)).some((v) => v.a === 'ps.new'), who).toBe(false);
    }
    const shown = await chat(t, LEADER, `查询 ${id}`);
    expectValidCard(shown);
    const instruct = buttonValues(shown).find((v) => v.a === 'ps.new' && v.id === id)!;
    expect(instruct).toBeDefined();
    // The button refuses anyone else who crafts it.
    expect((await press(t, T.dispatcher, instruct)).toast?.type).toBe('warning');
    expect((await press(t, LEADER, instruct)).toast?.i18n.zh_cn).toBe('批示单已发到您的私聊');
    const form = await eventually(() => cardsSentTo(t, LEADER).find((c) => JSON.stringify(c.card).includes(`工单 ${id}`) && buttonValues(c.card).some((v) => v.a === 'ps.submit')));
    expectValidCard(form.card);
    const submit = buttonValues(form.card).find((v) => v.a === 'ps.submit')!;
    const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const text = '三日内清理完毕并建立长效保洁机制';
    const a = await press(t, LEADER, submit, { text, units: ['dz'], deadline: `${deadline} +0800` });
    expect(a.toast?.type, JSON.stringify(a.toast)).toBe('success');
    // Recorded on the ticket, by the leader…
    const instruction = await eventually(async () => (await transitions(id)).find((x) => x.action === 'instruction'));
    expect(instruction).toMatchObject({ by: LEADER, note: text });
    expect(JSON.stringify(await chat(t, T.clerk, `查询 ${id}`))).toContain(`赵区长 **领导批示** leader instruction ${text}`);
    // …and the unit named is told, with a follow-up to mark done.
    const followUp = await eventually(() => cardsSentTo(t, T.dzHandler).find((c) => JSON.stringify(c.card).includes(text) && !JSON.stringify(c.card).includes(`工单 ${id} ·`)));
    expectValidCard(followUp.card);
    expect(await t.bot.models.supervisionItems.countDocuments({ kind: 'instruction', leadUnit: 'dz', 'source.id': id })).toBe(1);
    // The handler's ticket card shows the instruction too, still without a 批示 button.
    const refreshed = await eventually(() => t.fake.delivered.filter((c) => c.method === 'PATCH' && String(c.body.content).includes(text) && String(c.body.content).includes(id)).at(-1));
    expect(buttonValues(JSON.parse(String(refreshed.body.content))).some((v) => v.a === 'ps.new')).toBe(false);
  }, 60_000);
});
