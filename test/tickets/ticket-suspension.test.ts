import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/calendar/work-calendar.js';
import { decodeOpenItem } from '../../src/tickets/open-item-of.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { decisionCardFor, press, textsSentTo } from '../approvals/approval-helpers.js';
import { logCall, seedHotline, T, ticketButton } from './ticket-helpers.js';

// A controllable clock: the bot reads it; the test moves it across the National Day holiday. It
// ticks a millisecond per reading, so that steps taken one after another are ordered in time.
let now = new Date('2026-09-30T02:00:00Z'); // Wednesday 30 September 2026, 10:00 in Asia/Shanghai
const clock = { now: () => (now = new Date(now.getTime() + 1)) };
const calendar = new WorkCalendar('Asia/Shanghai');

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ start: { clock, schedules: false } });
  await seedHotline(t);
});
afterAll(async () => {
  await t.stop();
});

const ticketOf = async (id: string) => (await t.bot.models.tickets.findById(id).lean())!;
const openRow = async (id: string) => {
  const record = await t.bot.models.openItems.findById(`ticket:${id}`).lean();
  return record ? decodeOpenItem(record) : null;
};
const stepOf = async (id: string, action: string) => t.bot.models.ticketTransitions.findOne({ ticket: id, action }).lean();

/** Sends a chat message as `openId` and returns the text of the bot's reply. */
async function say(openId: string, text: string): Promise<string> {
  const ev = messageEvent({ openId, text });
  await t.send('/lark/events', ev);
  const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return String(reply.body.content);
}

describe('挂起 / 恢复: the clock stops while the unit waits, and the deadline moves by the working days suspended', () => {
  it('asked on the card, approved by the dispatcher, resumed after the holiday: nothing overdue meanwhile, the deadline moves by the working days suspended', async () => {
    const id = await logCall(t);
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'assign'), { leadUnit: 'dz', urgency: 'normal' });
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'accept'));
    const was = (await ticketOf(id)).deadline!;

    const ask = await ticketButton(t, T.dzHandler, id, 'suspend');
    // Reason and date are needed; a date in Lark's format is read; a passed date is refused.
    expect((await press(t, T.dzHandler, ask, { note: '', until: '2026-10-09 +0800' })).toast?.i18n.zh_cn).toMatch(/请写明理由/);
    expect((await press(t, T.dzHandler, ask, { note: '等待来电人补充产权证明' })).toast?.i18n.zh_cn).toBe('请选择预计恢复日期');
    expect((await press(t, T.dzHandler, ask, { note: '等待来电人补充产权证明', until: '2026-09-01 +0800' })).toast?.i18n.zh_cn).toMatch(/已过/);
    expect((await press(t, T.dzHandler, ask, { note: '等待来电人补充产权证明', until: 'tomorrow' })).toast?.type).toBe('warning');
    expect(await stepOf(id, 'suspension_requested')).toBeNull();

    const asked = await press(t, T.dzHandler, ask, { note: '等待来电人补充产权证明', until: '2026-10-09 +0800' });
    expect(asked.toast?.i18n.zh_cn).toMatch(/^挂起申请已提交（AP/);
    const approvalId = /AP\d{8}-[0-9A-F]{6}/.exec(asked.toast!.i18n.zh_cn)![0];
    // Until approved the clock runs.
    expect((await ticketOf(id)).deadline!.getTime()).toBe(was.getTime());

    const decision = await decisionCardFor(t, T.dispatcher, approvalId, 1, 0);
    expect((await press(t, T.dispatcher, decision.approve)).toast?.type).toBe('success');
    await eventually(async () => (await stepOf(id, 'suspended')) !== null);
    // Suspended: no deadline in force, so no light, no digest line, no overdue count.
    expect((await ticketOf(id)).deadline ?? null).toBeNull();
    expect((await openRow(id))?.deadline ?? null).toBeNull();

    // Past the old deadline, across the holiday: nothing is overdue; then 恢复 on the card.
    now = new Date('2026-10-12T02:00:00Z'); // Monday 12 October 2026, 10:00
    const resume = await ticketButton(t, T.dzHandler, id, 'resume');
    const resumed = await press(t, T.dzHandler, resume);
    expect(resumed.toast?.type).toBe('success');
    // Whole working days from approval (30 Sep, a started day counts) to 恢复 (12 Oct).
    const since = (await stepOf(id, 'suspended'))!.at;
    const days = 1 + calendar.workingDaysBetween(since, (await stepOf(id, 'resumed'))!.at);
    expect(days).toBeGreaterThanOrEqual(2);
    expect((await stepOf(id, 'resumed'))!.data.days).toBe(days);
    const moved = calendar.deadlineAfter(was, days);
    expect((await ticketOf(id)).deadline!.getTime()).toBe(moved.getTime());
    expect((await openRow(id))!.deadline!.getTime()).toBe(moved.getTime());
    expect(resumed.toast?.i18n.zh_cn).toBe(`已恢复办理，挂起 ${days} 个工作日，新期限 ${calendar.day(moved)}`);
  });

  it('by chat: 挂起 with reason and date, refused by the dispatcher; 恢复 of a ticket not suspended is refused', async () => {
    now = new Date('2026-10-13T02:00:00Z');
    const id = await logCall(t);
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'assign'), { leadUnit: 'dz', urgency: 'normal' });
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'accept'));

    expect(await say(T.dzHandler, `挂起 ${id}`)).toContain('请写明理由');
    const reply = await say(T.dzHandler, `挂起 ${id} 等待法院判决 2026-11-30`);
    expect(reply).toContain('挂起申请已提交');
    const approvalId = /AP\d{8}-[0-9A-F]{6}/.exec(reply)![0];
    expect(await say(T.dzHandler, `挂起 ${id} 再次申请 2026-11-30`)).toContain('已有挂起申请在审批中');
    expect(await say(T.dzHandler, `恢复 ${id}`)).toContain('工单没有挂起');

    // The dispatcher sends it back (退回); the unit withdraws it: recorded as not approved.
    const decision = await decisionCardFor(t, T.dispatcher, approvalId, 1, 0);
    expect((await press(t, T.dispatcher, decision.ret, { comment: '法院判决不影响答复，请先答复来电人' })).toast?.type).toBe('success');
    expect(await stepOf(id, 'suspension_refused')).toBeNull();
    expect((await press(t, T.dzHandler, { a: 'ap.withdraw', id: approvalId, r: 1 })).toast?.type).toBe('success');
    await eventually(async () => (await stepOf(id, 'suspension_refused')) !== null);
    // It may be asked again.
    expect(await say(T.dzHandler, `挂起 ${id} 补充理由：等待法院判决书 2026-11-30`)).toContain('挂起申请已提交');
    const ticket = await ticketOf(id);
    expect(ticket.deadline).toBeTruthy();
    // Another unit's handler may not suspend it.
    expect(await say(T.zjHandler, `挂起 ${id} 不是我的 2026-11-30`)).not.toContain('挂起申请已提交');
    expect(textsSentTo(t, T.zjHandler)).toEqual([]);
  });
});
