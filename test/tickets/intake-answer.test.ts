import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from '../../src/lib/dayjs.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { cardActionEvent } from '../helpers/lark-payloads.js';
import { buttonValues } from '../approvals/approval-helpers.js';
import { INTAKE, logCall, seedHotline, T } from './ticket-helpers.js';

type Json = Record<string, unknown>;
type Answer = { toast?: { type: string; i18n: { zh_cn: string } }; card?: { data: Json } };

/** 确认登记 pressed on the intake form `messageId`, the click carrying `token` (as Lark's does). */
async function submitIntake(t: TestBot, form: Json, messageId: string, token: string) {
  const ev = cardActionEvent({ openId: T.clerk, value: { a: 'tk.intake' }, formValue: form, messageId });
  ev.event.token = token;
  const res = await t.send('/lark/card', ev);
  expect(res.status).toBe(200);
  return { answer: res.body as Answer, eventId: ev.header.event_id };
}

/** The delayed card updates Lark received for this callback token. */
const updatesFor = (t: TestBot, token: string) =>
  t.fake.delivered.filter((c) => c.method === 'POST' && c.path === '/open-apis/interactive/v1/card/update' && c.body.token === token).map((c) => c.body.card as Json);

const today = () => dayjs().tz('Asia/Shanghai').format('YYYYMMDD');
const title = (card: Json) => String(((card.header as Json | undefined)?.title as Json | undefined)?.content ?? '');

describe('an intake answered "working on it"', () => {
  let t: TestBot;
  beforeAll(async () => {
    // Every answer is late: the handler cannot finish within 1 ms.
    t = await startTestBot({ start: { inbox: { cardAnswerMs: 1 } } });
    await seedHotline(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('turns the form the clerk submitted into the ticket card, by a delayed update with the click’s token', async () => {
    const { answer, eventId } = await submitIntake(t, INTAKE, 'om_intake_late', 'c-late-0001');
    expect(answer.toast?.i18n.zh_cn).toBe('已收到，正在处理');
    expect(answer.card).toBeUndefined();
    const [card] = await eventually(() => (updatesFor(t, 'c-late-0001').length ? updatesFor(t, 'c-late-0001') : null));
    const ticket = (await t.bot.models.tickets.findOne({ intakeKey: eventId }).lean())!;
    expect(title(card!)).toBe(`工单 ${ticket._id} · 已登记，待派单`);
    expectValidCard(card);
    expect(buttonValues(card).some((v) => v.a === 'tk.intake')).toBe(false);
    expect(JSON.stringify(card)).toContain(INTAKE.content);
    // Once: the update is the only change to that message (no patch racing the answer).
    expect(updatesFor(t, 'c-late-0001')).toHaveLength(1);
    expect(t.fake.delivered.filter((c) => c.method === 'PATCH' && c.path.endsWith('/om_intake_late'))).toEqual([]);
  }, 30_000);

  it('a refused late click (toast only) updates nothing', async () => {
    const ev = cardActionEvent({ openId: T.dzHandler, value: { a: 'tk.intake' }, formValue: INTAKE, messageId: 'om_intake_refused' });
    ev.event.token = 'c-late-refused';
    expect(((await t.send('/lark/card', ev)).body as Answer).toast?.i18n.zh_cn).toBe('已收到，正在处理');
    await eventually(async () => (await t.bot.models.inboxEvents.findById(ev.header.event_id).lean())?.status === 'done');
    expect(await t.bot.models.outboxMessages.countDocuments({ op: 'update' })).toBe(1);
    expect(updatesFor(t, 'c-late-refused')).toEqual([]);
  }, 30_000);
});

describe('ticket numbers', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ start: { inbox: { cardAnswerMs: 2500 } } });
    await seedHotline(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('an answer in time carries the number and the ticket card, and nothing else touches the form', async () => {
    const { answer, eventId } = await submitIntake(t, { ...INTAKE, phone: '13911110000' }, 'om_intake_fast', 'c-fast-0001');
    const ticket = (await t.bot.models.tickets.findOne({ intakeKey: eventId }).lean())!;
    expect(answer.toast?.i18n.zh_cn).toBe(`已登记，工单号 ${ticket._id}`);
    expect(title(answer.card!.data)).toBe(`工单 ${ticket._id} · 已登记，待派单`);
    expect(await t.bot.models.outboxMessages.countDocuments({ $or: [{ op: 'update' }, { messageId: 'om_intake_fast' }] })).toBe(0);
  }, 30_000);

  it('50 clerks at once: each gets their number in the answer, or their form becomes their ticket; numbers run on without gaps', async () => {
    const before = await t.bot.models.tickets.countDocuments();
    const presses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => submitIntake(t, { ...INTAKE, phone: `1370000${String(i).padStart(4, '0')}`, place: '', content: `并发登记 ${i}` }, `om_burst_${i}`, `c-burst-${i}`)),
    );
    const shown = await Promise.all(
      presses.map(async ({ answer }, i) => {
        const inAnswer = /ZX-\d{8}-\d{4}/.exec(answer.toast?.i18n.zh_cn ?? '')?.[0];
        if (inAnswer) return inAnswer;
        expect(answer.toast?.i18n.zh_cn).toBe('已收到，正在处理');
        const [card] = await eventually(() => (updatesFor(t, `c-burst-${i}`).length ? updatesFor(t, `c-burst-${i}`) : null), 30_000);
        return /ZX-\d{8}-\d{4}/.exec(title(card!))![0];
      }),
    );
    const docs = await t.bot.models.tickets.find({ content: /^并发登记/ }).lean();
    expect(docs).toHaveLength(50);
    // Each clerk was shown the ticket made from their own form.
    for (const [i, id] of shown.entries()) expect(docs.find((d) => d._id === id)?.content).toBe(`并发登记 ${i}`);
    const numbers = docs.map((d) => Number(d._id.slice(-4))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, k) => before + 1 + k));
    expect((await t.bot.models.counters.findById(`ticket:ZX:${today()}`).lean())?.seq).toBe(before + 50);
  }, 120_000);

  it('tickets logged before the counter existed: the next number follows the highest in use', async () => {
    const prefix = `ZX-${today()}-`;
    const taken = await t.bot.models.tickets.find({ _id: { $regex: `^${prefix}` } }, { _id: 1 }).lean();
    const highest = Math.max(...taken.map((d) => Number(d._id.slice(-4))));
    await t.bot.models.counters.deleteOne({ _id: `ticket:ZX:${today()}` });
    const id = await logCall(t, { ...INTAKE, phone: '13922220000', place: '' });
    expect(id).toBe(`${prefix}${String(highest + 1).padStart(4, '0')}`);
  }, 30_000);
});
