import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, press, textsSentTo } from '../approvals/approval-helpers.js';

let t: TestBot;
// A controllable clock: tests move it; everything in the bot reads it.
let now = new Date('2026-11-23T01:00:00Z'); // Monday 09:00 in Shanghai
const clock = { now: () => now };
const at = (iso: string) => (now = new Date(iso));

const P = {
  clerk: 'ou_rm_clerk',
  dispatcher: 'ou_rm_dispatcher',
  head1: 'ou_rm_section_head_1',
  head2: 'ou_rm_section_head_2',
  dzHead: 'ou_rm_dz_head',
  dzHandler: 'ou_rm_dz_handler',
  zjHandler: 'ou_rm_zj_handler',
  director: 'ou_rm_director',
};

beforeAll(async () => {
  t = await startTestBot({ start: { clock, schedules: false } });
  const m = t.bot.models;
  await seedUnit(m, { code: 'zxb', name: '直通办', kind: 'section' });
  await seedUnit(m, { code: 'dz', name: '东镇', kind: 'town', sectionHeads: [P.head1] });
  await seedUnit(m, { code: 'zjj', name: '区住建局', kind: 'department', sectionHeads: [P.head1] });
  await seedUnit(m, { code: 'xl', name: '西林街道', kind: 'street', sectionHeads: [P.head2] });
  await seedPerson(m, { openId: P.clerk, name: '陈受理', unit: 'zxb', roles: ['intake'] });
  await seedPerson(m, { openId: P.dispatcher, name: '林派单', unit: 'zxb', roles: ['dispatcher'] });
  await seedPerson(m, { openId: P.head1, name: '李科长', unit: 'zxb', roles: ['section_head'] });
  await seedPerson(m, { openId: P.head2, name: '周科长', unit: 'zxb', roles: ['section_head'] });
  await seedPerson(m, { openId: P.dzHead, name: '钱镇长', unit: 'dz', roles: ['unit_head'] });
  await seedPerson(m, { openId: P.dzHandler, name: '孙联络', unit: 'dz', roles: ['unit_handler'] });
  await seedPerson(m, { openId: P.zjHandler, name: '郑联络', unit: 'zjj', roles: ['unit_handler'] });
  await seedPerson(m, { openId: P.director, name: '王主任', unit: 'zxb', roles: ['director'] });
});
afterAll(async () => {
  await t.stop();
});

/** Logs a call and assigns it to `unit` with `deadline` (YYYY-MM-DD), through the service as the cards would. */
async function ticketFor(unit: string, deadline: string, content: string): Promise<string> {
  const r = await t.bot.tickets.intake({
    intake: { callerName: '张三', phone: '', anonymous: true, channel: 'phone', category: 'help', content, place: '', urgency: 'normal', outOfScope: '' },
    by: P.clerk,
    key: `test:${content}`,
  });
  if ('refused' in r) throw new Error('refused');
  const out = await t.bot.tickets.act({ id: r.ticket._id, version: 1, op: 'assign', by: P.dispatcher, form: { leadUnit: unit, deadline } });
  expect(out.kind).toBe('done');
  return r.ticket._id;
}

describe('deadlines on a schedule (a fake clock, Asia/Shanghai)', () => {
  let late1 = '';
  let late2 = '';
  let soon = '';
  it('sets up tickets: two that will be overdue, one due tomorrow', async () => {
    late1 = await ticketFor('dz', '2026-11-24', '东镇 路灯');
    late2 = await ticketFor('zjj', '2026-11-25', '住建局 井盖');
    soon = await ticketFor('dz', '2026-12-07', '东镇 垃圾清运');
    expect((await t.bot.models.tickets.find({ leadUnit: { $in: ['dz', 'zjj'] } }).lean()).length).toBe(3);
  });

  it('the digest goes to each section head for the units they oversee and to each unit head for theirs; nobody gets an empty one', async () => {
    at('2026-12-04T01:00:00Z'); // Friday 09:00: late1 and late2 are overdue
    const digests = await t.bot.reminders.digests(now);
    expect([...digests.keys()].sort()).toEqual([P.dzHead, P.head1].sort());
    expect([...digests.get(P.head1)!.keys()].sort()).toEqual(['dz', 'zjj']);
    expect([...digests.get(P.dzHead)!.keys()]).toEqual(['dz']);
    expect(await t.bot.reminders.sendDigests(now)).toBe(2);
    // A second run (a restart, another replica) sends nothing more.
    await t.bot.reminders.sendDigests(now);
    const card = await eventually(() => cardsSentTo(t, P.head1).find((c) => JSON.stringify(c.card).includes('超期事项日报')));
    expectValidCard(card.card);
    const text = JSON.stringify(card.card);
    expect(text).toContain(late1);
    expect(text).toContain(late2);
    expect(text).toMatch(/超期 \d+ 个工作日/);
    await new Promise((r) => setTimeout(r, 300));
    expect(cardsSentTo(t, P.head1).filter((c) => JSON.stringify(c.card).includes('超期事项日报'))).toHaveLength(1);
    expect(cardsSentTo(t, P.head2)).toEqual([]);
    // "查看" sends the ticket to the head privately.
    const open = buttonValues(card.card).find((v) => v.a === 'item.open' && v.id === late1)!;
    expect((await press(t, P.head1, open)).toast?.i18n.zh_cn).toBe('已发到您的私聊');
    await eventually(() => cardsSentTo(t, P.head1).some((c) => JSON.stringify(c.card).includes(`工单 ${late1}`)));
  }, 30_000);

  it('sends nothing on a day off', async () => {
    at('2026-12-05T01:00:00Z'); // Saturday
    expect(await t.bot.reminders.sendDigests(now)).toBe(0);
    expect(await t.bot.reminders.escalate(now)).toBe(0);
  });

  it('reminds whoever must act the working day before a deadline, with the item’s card (yellow light)', async () => {
    at('2026-12-04T01:00:00Z'); // Friday: `soon` is due Monday 7 Dec, the next working day
    expect(await t.bot.reminders.sendReminders(now)).toBe(2); // the unit's handler and its head
    const card = await eventually(() => cardsSentTo(t, P.dzHandler).find((c) => buttonValues(c.card).some((v) => v.id === soon && v.op === 'accept') && JSON.stringify(c.card).includes('即将到期')));
    expectValidCard(card.card);
    await t.bot.reminders.sendReminders(now);
    await new Promise((r) => setTimeout(r, 300));
    expect(cardsSentTo(t, P.dzHandler).filter((c) => JSON.stringify(c.card).includes('即将到期') && JSON.stringify(c.card).includes(soon))).toHaveLength(1); // reminded once, however often the job runs
  }, 30_000);

  it('urges the unit head, then tells the director, then lists the item for the bulletin — once each', async () => {
    at('2026-11-25T01:30:00Z'); // the day after late1's deadline
    await t.bot.reminders.escalate(now);
    await eventually(() => textsSentTo(t, P.dzHead).some((x) => x.includes(`【催办通知】工单 ${late1}`)));
    expect(textsSentTo(t, P.director)).toEqual([]);
    at('2026-11-27T01:30:00Z'); // 3 working days overdue
    await t.bot.reminders.escalate(now);
    await eventually(() => textsSentTo(t, P.director).some((x) => x.includes(`【超期上报】`) && x.includes(late1)));
    expect(await t.bot.models.reportListings.countDocuments()).toBe(0);
    at('2026-12-01T01:30:00Z'); // 5 working days overdue
    await t.bot.reminders.escalate(now);
    await t.bot.reminders.escalate(now);
    expect(await t.bot.models.reportListings.countDocuments({ item: late1 })).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(textsSentTo(t, P.dzHead).filter((x) => x.includes(`【催办通知】工单 ${late1}`))).toHaveLength(1);
    expect(textsSentTo(t, P.director).filter((x) => x.includes(late1))).toHaveLength(1);
  }, 30_000);

  it('asks the admins in December when next year’s holidays are unknown, and stops once they are imported', async () => {
    await seedPerson(t.bot.models, { openId: 'ou_rm_admin', name: '周管理', roles: ['admin'] });
    at('2026-12-07T02:00:00Z');
    expect(await t.bot.reminders.checkCalendar(now)).toBe(1);
    await eventually(() => textsSentTo(t, 'ou_rm_admin').some((x) => x.includes('2027 年的节假日')));
    await t.bot.models.calendarDays.create({ _id: '2027-02-06', kind: 'workday', note: '春节调休', by: 'test', at: now });
    expect(await t.bot.reminders.checkCalendar(now)).toBe(0);
    at('2026-11-23T02:00:00Z');
    await t.bot.models.calendarDays.deleteMany({});
    expect(await t.bot.reminders.checkCalendar(now)).toBe(0); // not December
  });
});
