import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, press, textsSentTo } from '../approvals/approval-helpers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';
import { createLogger } from '../../src/lib/logger.js';

/** `npm run govdesk -- calendar …` against the bot's database; returns what it printed. */
async function calendarCli(...argv: string[]): Promise<string> {
  let out = '';
  const sink = new Writable({ write: (c: Buffer, _e, cb) => ((out += c.toString('utf8')), cb()) });
  const code = await runCli(['calendar', ...argv], { out: sink, err: sink, config: t.config, log: createLogger('silent'), actor: 'cli:admin', tty: false, database: async () => ({ connection: t.bot.connection, models: t.bot.models, close: async () => {} }) });
  expect(code, out).toBe(0);
  return out;
}
const calendarFile = (text: string) => {
  const f = join(mkdtempSync(join(tmpdir(), 'govdesk-cal-')), '2027.txt');
  writeFileSync(f, text);
  return f;
};
const patchesTo = () => t.fake.delivered.filter((c) => c.method === 'PATCH').map((c) => JSON.stringify(JSON.parse(c.body.content as string)));

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
    // The deadline day itself (Monday 09:05): the item is still due, but it was reminded for this deadline already.
    at('2026-12-07T01:05:00Z');
    await t.bot.reminders.sendReminders(now);
    await new Promise((r) => setTimeout(r, 300));
    expect(cardsSentTo(t, P.dzHandler).filter((c) => JSON.stringify(c.card).includes('即将到期') && JSON.stringify(c.card).includes(soon))).toHaveLength(1); // reminded once per deadline, however often the job runs
  }, 30_000);

  it('urges the unit head (催办通知), then tells the director (超期上报): cards with the item’s 查看, each written once on its timeline; then lists it for the bulletin', async () => {
    const notice = (openId: string, title: string) => cardsSentTo(t, openId).filter((c) => JSON.stringify(c.card).includes(title));
    at('2026-11-25T01:30:00Z'); // the day after late1's deadline
    await t.bot.reminders.escalate(now);
    const urge = await eventually(() => notice(P.dzHead, `催办通知 · ${late1}`)[0]);
    expectValidCard(urge.card);
    expect(JSON.stringify(urge.card)).toContain('已超期 1 个工作日');
    expect(buttonValues(urge.card)).toContainEqual(expect.objectContaining({ a: 'item.open', k: 'ticket', id: late1 }));
    expect(textsSentTo(t, P.dzHead).filter((x) => x.includes('催办'))).toEqual([]); // a card, not plain text
    expect(notice(P.director, '超期上报')).toEqual([]);
    at('2026-11-27T01:30:00Z'); // 3 working days overdue
    await t.bot.reminders.escalate(now);
    const escalation = await eventually(() => notice(P.director, `超期上报 · ${late1}`)[0]);
    expectValidCard(escalation.card);
    expect(await t.bot.models.reportListings.countDocuments()).toBe(0);
    at('2026-12-01T01:30:00Z'); // 5 working days overdue
    await t.bot.reminders.escalate(now);
    await t.bot.reminders.escalate(now);
    expect(await t.bot.models.reportListings.countDocuments({ item: late1 })).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(notice(P.dzHead, `催办通知 · ${late1}`)).toHaveLength(1);
    expect(notice(P.director, `超期上报 · ${late1}`)).toHaveLength(1);
    // On the ticket's timeline, once each, however often the job ran.
    const steps = await t.bot.models.ticketTransitions.find({ ticket: late1 }).lean();
    expect(steps.filter((s) => s.action === 'urged')).toHaveLength(1);
    expect(steps.filter((s) => s.action === 'escalated')).toHaveLength(1);
    // 查看 on the notice: the director gets the ticket with its whole timeline, the notices included.
    const open = buttonValues(escalation.card).find((v) => v.a === 'item.open')!;
    expect((await press(t, P.director, open)).toast?.i18n.zh_cn).toBe('已发到您的私聊');
    const shown = await eventually(() => cardsSentTo(t, P.director).find((c) => JSON.stringify(c.card).includes(`工单 ${late1}`) && JSON.stringify(c.card).includes('超期上报')));
    expect(JSON.stringify(shown.card)).toContain('催办通知');
    expect(JSON.stringify(shown.card)).toContain('政务助手');
  }, 30_000);

  it('a supervision item’s 催办通知 is a card too, and on the item’s record once', async () => {
    const made = await press(t, P.dispatcher, { a: 'sv.submit' }, { content: '东镇老旧小区雨污分流改造方案', standard: '方案报区政府', unit: 'dz', leader: P.director, deadline: '2026-12-02 +0800' });
    expect(made.toast?.type, JSON.stringify(made.toast)).toBe('success');
    const id = /DB\d{8}-[0-9A-F]{6}/.exec(made.toast!.i18n.zh_cn)![0];
    at('2026-12-03T01:30:00Z');
    await t.bot.reminders.escalate(now);
    await t.bot.reminders.escalate(now);
    const urge = await eventually(() => cardsSentTo(t, P.dzHead).find((c) => JSON.stringify(c.card).includes(`催办通知 · ${id}`)));
    expect(buttonValues(urge.card)).toContainEqual(expect.objectContaining({ a: 'item.open', k: 'supervision', id }));
    expect(await t.bot.models.supervisionEvents.countDocuments({ item: id, type: 'urged' })).toBe(1);
    const card = JSON.stringify(await t.bot.supervision.card((await t.bot.supervision.load(id))!));
    expect(card).toContain('催办通知');
    await t.bot.supervision.close({ id, by: P.dispatcher, note: '测试结束' });
  }, 30_000);

  it('a deadline is the end of its working day (17:30): a ticket and a supervision item due on 8 December turn overdue at 17:30 that day, not at midnight or the day after', async () => {
    at('2026-12-04T02:00:00Z');
    const ticket = await ticketFor('xl', '2026-12-08', '西林街道 路面塌陷');
    expect((await t.bot.models.tickets.findById(ticket).lean())!.deadline!.toISOString()).toBe('2026-12-08T09:30:00.000Z');
    const made = await press(t, P.dispatcher, { a: 'sv.submit' }, { content: '西林街道背街小巷整治', standard: '验收', unit: 'xl', leader: P.director, deadline: '2026-12-08 +0800' });
    const item = /DB\d{8}-[0-9A-F]{6}/.exec(made.toast!.i18n.zh_cn)![0];
    expect((await t.bot.models.supervisionItems.findById(item).lean())!.deadline.toISOString()).toBe('2026-12-08T09:30:00.000Z');
    const overdueIds = async () => (await t.bot.reminders.overdueItems(now)).map((i) => i.id);
    at('2026-12-08T09:00:00Z'); // 17:00: still due today
    expect(await overdueIds()).not.toContain(ticket);
    expect(await overdueIds()).not.toContain(item);
    expect(JSON.stringify(await t.bot.tickets.card('record', (await t.bot.tickets.load(ticket))!))).toContain('即将到期');
    at('2026-12-08T09:31:00Z'); // 17:31: overdue, both
    expect(await overdueIds()).toEqual(expect.arrayContaining([ticket, item]));
    expect(JSON.stringify(await t.bot.tickets.card('record', (await t.bot.tickets.load(ticket))!))).toContain('已超期');
    expect(JSON.stringify(await t.bot.supervision.card((await t.bot.supervision.load(item))!))).toContain('已逾期');
    await t.bot.supervision.close({ id: item, by: P.dispatcher, note: '测试结束' });
  }, 30_000);

  it('asks the admins in December when next year’s holidays are unknown — an office override does not count — and stops once they are imported', async () => {
    await seedPerson(t.bot.models, { openId: 'ou_rm_admin', name: '周管理', roles: ['admin'] });
    at('2026-12-07T02:00:00Z');
    expect(await t.bot.reminders.checkCalendar(now)).toBe(1);
    await eventually(() => textsSentTo(t, 'ou_rm_admin').some((x) => x.includes('2027 年的节假日')));
    // One day set by the office (区庆) does not make 2027's schedule known.
    await calendarCli('set', '2027-03-01', 'holiday', '--note', '区庆');
    at('2026-12-14T02:00:00Z');
    expect(await t.bot.reminders.checkCalendar(now)).toBe(1);
    await eventually(() => textsSentTo(t, 'ou_rm_admin').filter((x) => x.includes('2027 年的节假日')).length === 2);
    at('2026-11-23T02:00:00Z');
    expect(await t.bot.reminders.checkCalendar(now)).toBe(0); // not December
  });

  it('a deadline counted into 2027 (holidays unknown) is provisional on the cards, and is recomputed once 2027 is imported', async () => {
    at('2026-12-29T02:00:00Z'); // Tuesday 10:00
    const r = await t.bot.tickets.intake({
      intake: { callerName: '李四', phone: '', anonymous: true, channel: 'phone', category: 'help', content: '东镇自来水管爆裂', place: '', urgency: 'urgent', outOfScope: '' },
      by: P.clerk,
      key: 'test:provisional',
    });
    if ('refused' in r) throw new Error('refused');
    const id = r.ticket._id;
    // The dispatcher's card offers 3 working days, counting 1 January 2027 as a working day.
    const dispatch = await eventually(() => cardsSentTo(t, P.dispatcher).find((c) => buttonValues(c.card).some((v) => v.id === id && v.op === 'assign')));
    expect(JSON.stringify(dispatch.card)).toContain('"initial_date":"2027-01-01"');
    const assign = buttonValues(dispatch.card).find((v) => v.id === id && v.op === 'assign')!;
    expect((await press(t, P.dispatcher, assign, { leadUnit: 'dz', deadline: '2027-01-01 +0800', urgency: 'urgent' })).toast?.type).toBe('success');
    expect((await t.bot.models.tickets.findById(id).lean())!.deadline!.toISOString()).toBe('2027-01-01T09:30:00.000Z');
    const card = await eventually(() => cardsSentTo(t, P.dzHandler).find((c) => buttonValues(c.card).some((v) => v.id === id && v.op === 'accept')));
    expectValidCard(card.card);
    expect(JSON.stringify(card.card)).toContain('待节假日安排公布后确认');
    // The State Council publishes 2027: 元旦 is a holiday. The running bot picks it up (every minute).
    await calendarCli('import', calendarFile('2027-01-01 holiday 元旦\n2027-02-06 workday 春节调休\n'));
    expect(await t.bot.refreshCalendar()).toBeGreaterThanOrEqual(1);
    expect((await t.bot.models.tickets.findById(id).lean())!.deadline!.toISOString()).toBe('2027-01-04T09:30:00.000Z');
    const steps = await t.bot.models.ticketTransitions.find({ ticket: id, action: 'deadline_recomputed' }).lean();
    expect(steps).toHaveLength(1);
    // The unit's card is updated in place: the new deadline, the reason, nothing provisional.
    const updated = await eventually(() => patchesTo().find((c) => c.includes(id) && c.includes('期限重算')));
    expect(updated).toContain('2027-01-04');
    expect(updated).not.toContain('待节假日安排公布后确认');
    // Again (another minute, another replica): nothing moves, nothing is written twice.
    await t.bot.models.calendarYears.updateOne({ _id: '2027' }, { $unset: { recomputedAt: 1 } });
    expect(await t.bot.refreshCalendar()).toBe(0);
    expect(await t.bot.models.ticketTransitions.countDocuments({ ticket: id, action: 'deadline_recomputed' })).toBe(1);
    // And December's check stops asking.
    at('2026-12-14T02:00:00Z');
    expect(await t.bot.reminders.checkCalendar(now)).toBe(0);
  }, 30_000);
});
