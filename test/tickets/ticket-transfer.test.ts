import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { buttonValues, cardsSentTo, press, textsSentTo } from '../approvals/approval-helpers.js';
import { logCall, seedHotline, T, ticketButton } from './ticket-helpers.js';

type Json = Record<string, unknown>;

const timeline = async (t: TestBot, id: string) => (await t.bot.models.ticketTransitions.find({ ticket: id }).sort({ seq: 1 }).lean()).map((x) => x.action);
const ticketOf = async (t: TestBot, id: string) => (await t.bot.models.tickets.findById(id).lean())!;

/** Logs a call, assigns it to `unit` and has its handler accept it: the ticket is in hand. */
async function inHand(t: TestBot, unit: 'zjj' | 'dz') {
  const handler = unit === 'zjj' ? T.zjHandler : T.dzHandler;
  const id = await logCall(t);
  await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'assign'), { leadUnit: unit, urgency: 'normal' });
  expect((await press(t, handler, await ticketButton(t, handler, id, 'accept'))).toast?.i18n.zh_cn).toBe('已签收');
  return id;
}

/** The dispatcher's card deciding the transfer of `id` (its 同意并改派 and 不同意 values). */
const transferCard = (t: TestBot, id: string) =>
  eventually(() => {
    for (const { card } of cardsSentTo(t, T.dispatcher).reverse()) {
      const values = buttonValues(card).filter((v) => v.a === 'tk.act' && v.id === id);
      const approve = values.find((v) => v.op === 'transfer');
      if (approve) return { card, approve, refuse: values.find((v) => v.op === 'transfer_refuse')! };
    }
    return null;
  }, 15_000);

/** The date picker's initial date on a card (YYYY-MM-DD). */
const initialDate = (card: Json): string | undefined => /"initial_date":"(\d{4}-\d{2}-\d{2})"/.exec(JSON.stringify(card))?.[1];

describe('申请改派: a unit that accepted a ticket asks for it to go elsewhere (TRANSFER_DEADLINE=keep)', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
    await seedHotline(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('asked on the card, approved by the dispatcher: the new unit gets it with the same deadline, every old card turns into the record', async () => {
    const id = await inHand(t, 'zjj');
    const deadline = (await ticketOf(t, id)).deadline!;
    const ask = await ticketButton(t, T.zjHandler, id, 'transfer_ask');

    // No reason: refused in both languages, nothing written.
    const bare = await press(t, T.zjHandler, ask, { note: '' });
    expect(bare.toast?.type).toBe('warning');
    expect(bare.toast?.i18n.en_us).toMatch(/why/);
    expect(await timeline(t, id)).not.toContain('transfer_requested');

    const asked = await press(t, T.zjHandler, ask, { note: '路灯属东镇管理，不属本局职责' });
    expect(asked.toast?.i18n.zh_cn).toBe('改派申请已提交，待派单员审核');
    expect((await ticketOf(t, id)).status).toBe('handling');
    // The unit's handling card is refreshed: no 申请改派 any more, and it says the request is waiting.
    const refreshed = await eventually(() =>
      t.fake.delivered
        .filter((c) => c.method === 'PATCH')
        .map((c) => JSON.parse(c.body.content as string) as Json)
        .find((card) => buttonValues(card).some((v) => v.id === id && v.op === 'progress') && JSON.stringify(card).includes('待派单员审核')),
    );
    expect(buttonValues(refreshed).some((v) => v.op === 'transfer_ask')).toBe(false);

    const decide = await transferCard(t, id);
    expectValidCard(decide.card);
    expect(JSON.stringify(decide.card)).toContain('路灯属东镇管理，不属本局职责');
    // The rule's date is offered: the deadline as it stands.
    expect(initialDate(decide.card)).toBe(new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 10));

    // A unit handler may not decide it; the refusal names who may.
    const notYours = await press(t, T.dzHandler, decide.approve, { leadUnit: 'dz' });
    expect(notYours.toast?.type).toBe('warning');
    expect(notYours.toast?.i18n.zh_cn).toMatch(/派单/);
    // No unit picked, or the same unit: told what is wrong.
    expect((await press(t, T.dispatcher, decide.approve, {})).toast?.i18n.zh_cn).toBe('请选择改派到的主办单位');
    expect((await press(t, T.dispatcher, decide.approve, { leadUnit: 'zjj' })).toast?.i18n.zh_cn).toMatch(/就是现在的主办单位/);
    expect((await ticketOf(t, id)).leadUnit).toBe('zjj');

    const done = await press(t, T.dispatcher, decide.approve, { leadUnit: 'dz', note: '' });
    expect(done.toast?.i18n.zh_cn).toBe('已改派给 东镇');
    const after = await ticketOf(t, id);
    expect(after).toMatchObject({ status: 'assigned', leadUnit: 'dz' });
    expect(after.deadline!.getTime()).toBe(deadline.getTime());
    expect(await timeline(t, id)).toEqual(['register', 'assign', 'accept', 'transfer_requested', 'transfer']);

    // A second press of the same card is told what happened instead.
    const again = await press(t, T.dispatcher, decide.approve, { leadUnit: 'dz' });
    expect(again.toast?.i18n.zh_cn).toMatch(/已由 林派单 于 \d\d:\d\d 改派/);

    // 东镇 gets the assignment to accept; it can accept it.
    const accept = await ticketButton(t, T.dzHandler, id, 'accept');
    expect((await press(t, T.dzHandler, accept)).toast?.i18n.zh_cn).toBe('已签收');
    // The old unit's handling card and the dispatcher's transfer card were patched into the record.
    await eventually(() => {
      const patched = t.fake.delivered.filter((c) => c.method === 'PATCH').map((c) => JSON.parse(c.body.content as string) as Json);
      const records = patched.filter((card) => JSON.stringify(card).includes(id) && buttonValues(card).every((v) => v.a !== 'tk.act'));
      return records.length >= 2;
    });
  });

  it('asked by chat, refused by the dispatcher with a reason: the unit carries on, is told why, and may ask again', async () => {
    const id = await inHand(t, 'dz');
    const ev = messageEvent({ openId: T.dzHandler, text: `申请改派 ${id} 属住建局房屋维修范围` });
    await t.send('/lark/events', ev);
    const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
    expect(String(reply.body.content)).toContain('改派申请已提交');
    expect(await timeline(t, id)).toContain('transfer_requested');

    const decide = await transferCard(t, id);
    const bare = await press(t, T.dispatcher, decide.refuse, { note: '' });
    expect(bare.toast?.i18n.zh_cn).toBe('不同意改派时请写明理由');
    const refused = await press(t, T.dispatcher, decide.refuse, { note: '小区公共部位由街道负责' });
    expect(refused.toast?.i18n.zh_cn).toBe('已不同意改派，原单位继续办理');
    expect(await ticketOf(t, id)).toMatchObject({ status: 'handling', leadUnit: 'dz' });
    await eventually(() => textsSentTo(t, T.dzHandler).some((x) => x.includes(`工单 ${id} 的改派申请未获同意`) && x.includes('小区公共部位由街道负责')));
    // The unit's card offers 申请改派 again.
    await ticketButton(t, T.dzHandler, id, 'transfer_ask');
  });

  it('only the lead unit may ask, and one request at a time', async () => {
    const id = await inHand(t, 'dz');
    const other = messageEvent({ openId: T.zjHandler, text: `申请改派 ${id} 不是我们的` });
    await t.send('/lark/events', other);
    const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${other.event.message.message_id}/reply`));
    expect(String(reply.body.content)).not.toContain('改派申请已提交');
    expect(await timeline(t, id)).not.toContain('transfer_requested');

    const ask = await ticketButton(t, T.dzHandler, id, 'transfer_ask');
    await press(t, T.dzHandler, ask, { note: '理由一' });
    const second = await ticketButton(t, T.dzHandler, id, 'progress');
    expect((await t.bot.models.ticketTransitions.countDocuments({ ticket: id, action: 'transfer_requested' }))).toBe(1);
    expect(second.v).toBe((await ticketOf(t, id)).version);
  });
});

describe('TRANSFER_DEADLINE=restart', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { TRANSFER_DEADLINE: 'restart' } });
    await seedHotline(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('the new unit gets the time limit counted afresh, the date the card offered', async () => {
    const id = await inHand(t, 'zjj');
    await press(t, T.zjHandler, await ticketButton(t, T.zjHandler, id, 'transfer_ask'), { note: '不属本局' });
    const decide = await transferCard(t, id);
    const offered = initialDate(decide.card)!;
    // The date picker sends the offered date back in Lark's format.
    expect((await press(t, T.dispatcher, decide.approve, { leadUnit: 'dz', deadline: `${offered} +0800` })).toast?.i18n.zh_cn).toBe('已改派给 东镇');
    const step = (await t.bot.models.ticketTransitions.findOne({ ticket: id, action: 'transfer' }).lean())!;
    expect(step.data.kept).toBeUndefined();
    expect(typeof step.data.counted).toBe('number');
    const after = await ticketOf(t, id);
    expect(new Date(after.deadline!.getTime() + 8 * 3600_000).toISOString().slice(0, 10)).toBe(offered);
  });
});

describe('co-units added or removed after assignment (a dispatcher, from 查询)', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
    await seedHotline(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  /** The 查询 card a person gets for `id`. */
  const shown = async (openId: string, id: string) => {
    const ev = messageEvent({ openId, text: `查询 ${id}` });
    await t.send('/lark/events', ev);
    const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
    return JSON.parse(reply.body.content as string) as Json;
  };

  it('adds 东镇 as co-unit (its people get the information card), then removes it (they are told); unchanged is refused', async () => {
    const id = await inHand(t, 'zjj');
    // A unit handler's 查询 has no such form; the dispatcher's has it.
    expect(buttonValues(await shown(T.zjHandler, id)).some((v) => v.op === 'co_units')).toBe(false);
    const card = await shown(T.dispatcher, id);
    expectValidCard(card);
    const change = buttonValues(card).find((v) => v.op === 'co_units')!;
    expect(change).toBeDefined();

    expect((await press(t, T.dispatcher, change, { coUnits: [] })).toast?.i18n.zh_cn).toBe('协办单位没有变化');
    expect((await press(t, T.dispatcher, change, { coUnits: ['dz'] })).toast?.i18n.zh_cn).toBe('协办单位已调整');
    expect((await ticketOf(t, id)).version).toBe(4);
    expect((await t.bot.models.ticketTransitions.findOne({ ticket: id, action: 'co_units' }).lean())!.data).toMatchObject({ coUnits: ['dz'], was: [] });
    await eventually(() => cardsSentTo(t, T.dzHandler).some(({ card: c }) => JSON.stringify(c).includes(id) && JSON.stringify(c).includes('协办单位')));

    const again = buttonValues(await shown(T.dispatcher, id)).find((v) => v.op === 'co_units')!;
    expect((await press(t, T.dispatcher, again, {})).toast?.i18n.zh_cn).toBe('协办单位已调整');
    await eventually(() => textsSentTo(t, T.dzHandler).some((x) => x.includes(`工单 ${id}：贵单位已不再是协办单位`)));
    // A unit handler pressing the dispatcher's button is refused.
    const latest = buttonValues(await shown(T.dispatcher, id)).find((v) => v.op === 'co_units')!;
    expect((await press(t, T.zjHandler, latest, { coUnits: ['dz'] })).toast?.type).toBe('warning');
  });
});
