import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson } from '../helpers/directory-fixtures.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, press } from '../approvals/approval-helpers.js';
import { chat, INTAKE, logCall, seedHotline, T, ticketButton } from '../tickets/ticket-helpers.js';
import { allJobs } from '../../src/schedules/all-jobs.js';
import { createLogger } from '../../src/lib/logger.js';

/**
 * Issue 16, items 9 and 10: the 签收 chase (job accept-chase), the 催办 button, and 回访 by the
 * desk with its reminder — through Lark deliveries and the jobs' runs, on a fixed clock.
 */
let t: TestBot;
let now = new Date('2026-09-30T02:00:00Z'); // Wednesday 30 September 2026, 10:00 in Shanghai
const clock = { now: () => now };
const at = (iso: string) => (now = new Date(iso));

const DZ_HEAD = 'ou_ac_dz_head';
const CLERK2 = 'ou_ac_clerk2';
const LEADER = 'ou_ac_leader';

beforeAll(async () => {
  t = await startTestBot({ start: { clock, schedules: false } });
  await seedHotline(t);
  await seedPerson(t.bot.models, { openId: DZ_HEAD, name: '钱镇长', unit: 'dz', roles: ['unit_head'] });
  await seedPerson(t.bot.models, { openId: CLERK2, name: '吴受理', unit: 'zxb', roles: ['intake'] });
  await seedPerson(t.bot.models, { openId: LEADER, name: '赵区长', unit: '', roles: ['leader'] });
});
afterAll(async () => {
  await t.stop();
});

/** A job as the scheduler runs it, for the slot `now`. */
const job = (name: string) => allJobs({ models: t.bot.models, approvals: t.bot.approvals, reminders: t.bot.reminders, chase: t.bot.chase, duty: t.bot.duty, handover: t.bot.handover, presence: t.bot.presence, reportJobs: t.bot.reportJobs, log: createLogger('silent') }).find((j) => j.name === name)!;
const run = async (name: string) => Number(await job(name).run(now));
const settle = () => new Promise((r) => setTimeout(r, 400));

let phones = 0;
const newCall = () => logCall(t, { ...INTAKE, phone: `1370002${String(++phones).padStart(4, '0')}`, place: '' });
const transitions = (id: string) => t.bot.models.ticketTransitions.find({ ticket: id }).sort({ seq: 1 }).lean();
const titled = (openId: string, title: string) => cardsSentTo(t, openId).filter((c) => JSON.stringify((c.card as { header?: unknown }).header ?? {}).includes(title));

async function assigned(): Promise<string> {
  const id = await newCall();
  await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'assign'), { leadUnit: 'dz', urgency: 'normal' });
  await eventually(async () => (await t.bot.models.tickets.findById(id).lean())?.status === 'assigned');
  return id;
}

describe('签收时限: the accept-chase job (ACCEPT_WITHIN_DAYS=1)', () => {
  let id = '';
  it('is in the schedule at 09:15', () => {
    expect(job('accept-chase').cron).toBe('15 9 * * *');
    expect(job('accept-chase').officeHours).toBe(true);
  });

  it('counts working days across the National Day holiday: assigned 30 Sep, chased on 9 Oct (not on the holiday, not on the 8th)', async () => {
    at('2026-09-30T02:00:00Z');
    id = await assigned();
    at('2026-10-02T01:15:00Z'); // a holiday
    expect(await run('accept-chase')).toBe(0);
    at('2026-10-08T01:15:00Z'); // the first working day after assignment: it may still be accepted today
    expect(await run('accept-chase')).toBe(0);
    await settle();
    expect(titled(T.dzHandler, '签收催办')).toEqual([]);

    at('2026-10-09T01:15:00Z'); // not accepted by the end of 8 Oct: the unit's handler and head
    expect(await run('accept-chase')).toBe(2);
    expect(await run('accept-chase')).toBe(0); // run twice (a restart, a second replica): once
    for (const who of [T.dzHandler, DZ_HEAD]) {
      const c = await eventually(() => titled(who, `签收催办 · 工单 ${id}`)[0]);
      expectValidCard(c.card);
      expect(JSON.stringify(c.card)).toContain('超过 1 个工作日仍未签收');
      // It is their own card: 签收 is on it.
      expect(buttonValues(c.card)).toContainEqual(expect.objectContaining({ a: 'tk.act', id, op: 'accept' }));
    }
    await settle();
    expect(titled(T.dzHandler, '签收催办')).toHaveLength(1);
    expect(titled(T.dispatcher, '签收超时')).toEqual([]);
    const chased = (await transitions(id)).filter((x) => x.action === 'accept_chased');
    expect(chased).toHaveLength(1);
    expect(chased[0]).toMatchObject({ by: 'govdesk', from: 'assigned', to: 'assigned', data: expect.objectContaining({ stage: 1, to: expect.arrayContaining([T.dzHandler, DZ_HEAD]) }) });
  }, 60_000);

  it('one more working day — Saturday 10 Oct, a 调休 working day — tells the dispatchers, once, with their 催办 button', async () => {
    at('2026-10-10T01:15:00Z');
    expect(await run('accept-chase')).toBe(1);
    expect(await run('accept-chase')).toBe(0);
    const c = await eventually(() => titled(T.dispatcher, `签收超时 · 工单 ${id}`)[0]);
    expectValidCard(c.card);
    expect(buttonValues(c.card)).toContainEqual(expect.objectContaining({ a: 'tk.urge', id }));
    at('2026-10-12T01:15:00Z');
    expect(await run('accept-chase')).toBe(0);
    await settle();
    expect(titled(T.dispatcher, '签收超时')).toHaveLength(1);
    expect(titled(T.dzHandler, '签收催办')).toHaveLength(1);
    expect(JSON.stringify(await chat(t, T.dispatcher, `查询 ${id}`))).toContain('**签收催办**');
  }, 60_000);

  it('over an ordinary weekend: assigned on Friday, it may be accepted until Monday evening; chased on Tuesday', async () => {
    at('2026-10-16T07:00:00Z'); // Friday 16 October, 15:00
    const id = await assigned();
    for (const day of ['2026-10-17', '2026-10-18', '2026-10-19']) {
      at(`${day}T01:15:00Z`);
      expect(await run('accept-chase'), day).toBe(0);
    }
    at('2026-10-20T01:15:00Z');
    expect(await run('accept-chase')).toBe(2);
    await eventually(() => titled(DZ_HEAD, `签收催办 · 工单 ${id}`)[0]);
  }, 60_000);

  it('an accepted ticket is not chased', async () => {
    at('2026-10-12T02:00:00Z');
    const other = await assigned();
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, other, 'accept'));
    at('2026-10-15T01:15:00Z');
    await run('accept-chase');
    expect((await transitions(other)).filter((x) => x.action === 'accept_chased')).toEqual([]);
  }, 60_000);
});

describe('催办: the button for dispatchers and leaders', () => {
  it('a dispatcher presses 催办 on 查询: recorded on the timeline with who and when; the unit gets a 催办 card; a double click counts once', async () => {
    at('2026-11-02T02:00:00Z'); // Monday 10:00
    const id = await assigned();
    at('2026-11-02T03:30:00Z');
    const shown = await chat(t, T.dispatcher, `查询 ${id}`);
    expectValidCard(shown);
    const urge = buttonValues(shown).find((v) => v.a === 'tk.urge' && v.id === id)!;
    expect(urge).toBeTruthy();
    const a = await press(t, T.dispatcher, urge);
    expect(a.toast?.type).toBe('success');
    expect(a.toast?.i18n.zh_cn).toBe('已催办东镇（2 人）');
    const again = await press(t, T.dispatcher, urge);
    expect(again.toast?.type).toBe('info');
    const urged = (await transitions(id)).filter((x) => x.action === 'urge');
    expect(urged).toHaveLength(1);
    expect(urged[0]).toMatchObject({ by: T.dispatcher, from: 'assigned', to: 'assigned', at: new Date('2026-11-02T03:30:00Z') });
    for (const who of [T.dzHandler, DZ_HEAD]) {
      const c = await eventually(() => titled(who, `催办 · 工单 ${id}`)[0]);
      expectValidCard(c.card);
      expect(JSON.stringify(c.card)).toContain('林派单 于 11-02 11:30 催办');
      expect(buttonValues(c.card)).toContainEqual(expect.objectContaining({ a: 'tk.act', id, op: 'accept' }));
    }
    await settle();
    expect(titled(T.dzHandler, `催办 · 工单 ${id}`)).toHaveLength(1);
    // The timeline says who urged, when, and whom it told.
    const after = JSON.stringify(await chat(t, T.clerk, `查询 ${id}`));
    expect(after).toContain('11-02 11:30 林派单 **催办** urged 已通知 东镇：');
    expect(after).toContain('孙联络');
    // The state did not change: the unit still accepts on its card.
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'accept'));
    expect((await t.bot.models.tickets.findById(id).lean())?.status).toBe('handling');
    // …and the 催办 cards, whose 签收 is done, turn into the record.
    const urgeCard = await eventually(async () => (await t.bot.models.outboxMessages.findById(`tk:${id}:urge:${urged[0]!.seq}:${DZ_HEAD}`).lean())?.larkMessageId);
    const record = await eventually(() => t.fake.delivered.find((c) => c.method === 'PATCH' && c.path === `/open-apis/im/v1/messages/${urgeCard}` && JSON.stringify(JSON.parse(c.body.content as string)).includes('办理中')));
    expect(buttonValues(JSON.parse(record.body.content as string)).filter((v) => v.op === 'accept')).toEqual([]);
  }, 60_000);

  it('a leader has 催办 too; a unit handler has no button, and a crafted press is refused naming who may', async () => {
    at('2026-11-03T02:00:00Z');
    const id = await assigned();
    const leaderCard = await chat(t, LEADER, `查询 ${id}`);
    expect(buttonValues(leaderCard)).toContainEqual(expect.objectContaining({ a: 'tk.urge', id }));
    const handlerCard = await chat(t, T.dzHandler, `查询 ${id}`);
    expect(buttonValues(handlerCard).filter((v) => v.a === 'tk.urge')).toEqual([]);
    const version = (await t.bot.models.tickets.findById(id).lean())!.version;
    const r = await press(t, T.dzHandler, { a: 'tk.urge', id, v: version });
    expect(r.toast?.type).toBe('warning');
    expect(r.toast?.i18n.zh_cn).toContain('您没有权限催办工单');
    for (const who of ['派单员', '区领导', '办公室主任']) expect(r.toast?.i18n.zh_cn).toContain(who);
    expect(r.toast?.i18n.en_us).toContain('urge tickets');
    expect((await transitions(id)).filter((x) => x.action === 'urge')).toEqual([]);
    // A ticket that is not in the unit's hands cannot be urged.
    const logged = await newCall();
    const refused = await press(t, T.dispatcher, { a: 'tk.urge', id: logged, v: 1 });
    expect(refused.toast?.type).toBe('warning');
    expect(refused.toast?.i18n.zh_cn).toContain('只有待签收或办理中的工单可以催办');
  }, 60_000);
});

describe('回访 by the desk (CALLBACK_WITHIN_DAYS=2)', () => {
  /** Through to 审核通过: the ticket waits for its callback. */
  async function toCallback(): Promise<string> {
    const id = await assigned();
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'accept'));
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'reply'), { result: '已修复路灯', reply: '已告知来电人' });
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'review_accept'));
    await eventually(async () => (await t.bot.models.tickets.findById(id).lean())?.status === 'callback');
    return id;
  }
  /** The message id Lark gave the 回访 card sent to `openId`. */
  const callbackMessage = async (id: string, openId: string) =>
    eventually(async () => (await t.bot.models.outboxMessages.find({ _id: { $regex: `^tk:${id}:s\\d+:callback:${openId}$` } }).lean()).find((m) => m.larkMessageId)?.larkMessageId);

  it('every intake clerk gets the 回访 card; two pressing at once → one outcome recorded, both cards end as the record', async () => {
    at('2026-12-01T02:00:00Z'); // Tuesday 10:00
    const id = await toCallback();
    const [a, b] = await Promise.all([ticketButton(t, T.clerk, id, 'callback', 'satisfied'), ticketButton(t, CLERK2, id, 'callback', 'basically')]);
    const callbackCard = cardsSentTo(t, CLERK2).find((c) => buttonValues(c.card).some((v) => v.id === id && v.op === 'callback'))!.card;
    expect(JSON.stringify(callbackCard)).toContain('回访期限 Call back by**：2026-12-03');
    const [ra, rb] = await Promise.all([press(t, T.clerk, a), press(t, CLERK2, b)]);
    expect([ra.toast?.type, rb.toast?.type].sort()).toEqual(['info', 'success']);
    const callbacks = (await transitions(id)).filter((x) => x.action === 'callback');
    expect(callbacks).toHaveLength(1);
    const winner = callbacks[0]!.by === T.clerk ? { name: '陈受理', outcome: '满意' } : { name: '吴受理', outcome: '基本满意' };
    expect(callbacks[0]!.by === T.clerk ? ra.toast?.type : rb.toast?.type).toBe('success');
    // Each press is answered with the record; each clerk's card is patched into the record.
    for (const r of [ra, rb]) expect(JSON.stringify(r.card?.data)).toContain(`回访 Callback**：${winner.outcome}`);
    for (const who of [T.clerk, CLERK2]) {
      const messageId = await callbackMessage(id, who);
      const patched = await eventually(() => {
        const patches = t.fake.delivered.filter((c) => c.method === 'PATCH' && c.path === `/open-apis/im/v1/messages/${messageId}`);
        return patches.find((p) => JSON.stringify(JSON.parse(p.body.content as string)).includes(`回访 Callback**：${winner.outcome}`));
      });
      const card = JSON.parse(patched.body.content as string) as Record<string, unknown>;
      expectValidCard(card);
      expect(JSON.stringify(card)).toContain(winner.name);
      expect(buttonValues(card).filter((v) => v.op === 'callback')).toEqual([]);
    }
    expect((await t.bot.models.tickets.findById(id).lean())?.status).toBe('closed');
  }, 60_000);

  it('is in every clerk’s 我的待办 while it waits', async () => {
    at('2026-12-07T02:00:00Z'); // Monday 10:00
    const id = await toCallback();
    for (const who of [T.clerk, CLERK2]) expect(JSON.stringify(await chat(t, who, '我的待办'))).toContain(id);
  }, 60_000);

  it('one reminder to the desk, in the thread of its 回访 cards, the working day before the callback is due', async () => {
    at('2026-12-08T02:00:00Z'); // Tuesday 10:00: due Thursday 10 December
    const id = await toCallback();
    const reminders = () => t.fake.delivered.filter((c) => c.path.endsWith('/reply') && String(c.body.content).includes('回访提醒') && String(c.body.content).includes(id));
    at('2026-12-08T10:00:00Z'); // the same evening: not yet (due after tomorrow)
    await run('deadline-reminders');
    await settle();
    expect(reminders()).toEqual([]);
    at('2026-12-09T01:05:00Z'); // Wednesday 09:05
    await run('deadline-reminders');
    await run('deadline-reminders');
    const sent = await eventually(() => (reminders().length >= 2 ? reminders() : null));
    at('2026-12-10T01:05:00Z'); // Thursday, the due day: no second reminder
    await run('deadline-reminders');
    await settle();
    expect(reminders()).toHaveLength(2);
    const targets = await Promise.all([T.clerk, CLERK2].map((who) => callbackMessage(id, who)));
    expect(sent.map((r) => r.path).sort()).toEqual(targets.map((m) => `/open-apis/im/v1/messages/${m}/reply`).sort());
    expect(JSON.parse(String(sent[0]!.body.content)).text).toContain('须于 2026-12-10 前回访');
  }, 60_000);
});
