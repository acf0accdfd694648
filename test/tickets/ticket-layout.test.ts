import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { runCliOnBot } from '../helpers/run-cli-on-bot.js';
import { rebuildTicketProjectionsIfEmpty } from '../../src/tickets/rebuild-ticket-projections.js';
import { Directory } from '../../src/directory/directory.js';
import type { TicketOutcome } from '../../src/tickets/ticket-service.js';
import { stepsOf } from '../../src/tickets/ticket-steps.js';

// A controllable clock: tests move it; everything in the bot reads it.
let now = new Date('2026-11-23T01:00:00Z'); // Monday 09:00 in Shanghai
const clock = { now: () => now };
const DAY = 86_400_000;

const P = { clerk: 'ou_ly_clerk', dispatcher: 'ou_ly_dispatcher', head: 'ou_ly_section_head', dzHead: 'ou_ly_dz_head', dzHandler: 'ou_ly_dz_handler', zjHandler: 'ou_ly_zj_handler' };

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ start: { clock, schedules: false } });
  const m = t.bot.models;
  await seedUnit(m, { code: 'zxb', name: '直通办', kind: 'section' });
  await seedUnit(m, { code: 'dz', name: '东镇', kind: 'town', sectionHeads: [P.head] });
  await seedUnit(m, { code: 'zjj', name: '区住建局', kind: 'department', sectionHeads: [P.head] });
  await seedPerson(m, { openId: P.clerk, name: '陈受理', unit: 'zxb', roles: ['intake'] });
  await seedPerson(m, { openId: P.dispatcher, name: '林派单', unit: 'zxb', roles: ['dispatcher'] });
  await seedPerson(m, { openId: P.head, name: '李科长', unit: 'zxb', roles: ['section_head'] });
  await seedPerson(m, { openId: P.dzHead, name: '钱镇长', unit: 'dz', roles: ['unit_head'] });
  await seedPerson(m, { openId: P.dzHandler, name: '孙联络', unit: 'dz', roles: ['unit_handler'] });
  await seedPerson(m, { openId: P.zjHandler, name: '郑联络', unit: 'zjj', roles: ['unit_handler'] });
});
afterAll(async () => {
  await t.stop();
});

let n = 0;
async function logCall(fields: { phone?: string; place?: string; content?: string } = {}): Promise<string> {
  const r = await t.bot.tickets.intake({
    intake: { callerName: '张三', phone: fields.phone ?? '', anonymous: !fields.phone, channel: 'phone', category: 'help', content: fields.content ?? `布局测试 ${++n}`, place: fields.place ?? '', urgency: 'normal', outOfScope: '' },
    by: P.clerk,
    key: `layout:${++n}`,
  });
  if ('refused' in r) throw new Error('refused');
  return r.ticket._id;
}
async function act(id: string, op: string, by: string, form: Record<string, unknown> = {}, option?: string): Promise<TicketOutcome> {
  const loaded = (await t.bot.tickets.load(id))!;
  const out = await t.bot.tickets.act({ id, version: loaded.state.version, op, by, form, ...(option ? { option } : {}) });
  expect(out.kind, JSON.stringify(out)).toBe('done');
  return out;
}
const person = (openId: string) => new Directory({ people: t.bot.models.people, units: t.bot.models.units, roleChanges: t.bot.models.roleChanges }, clock).person(openId);
const row = (id: string) => t.bot.tickets.openItems.get(id);
const transitionsOf = async (id: string) => (await t.bot.models.ticketTransitions.find({ ticket: id }).sort({ seq: 1 }).lean()).map(({ _id, seq, action, to }) => ({ _id, seq, action, to }));
const stepsOnDoc = async (id: string) => stepsOf((await t.bot.models.tickets.findById(id).lean())!).map(({ _id, seq, action, to }) => ({ _id, seq, action, to }));

describe('a ticket’s timeline on its document', () => {
  it('every step is on the ticket document, as inserted into ticket_transitions', async () => {
    const id = await logCall();
    await act(id, 'assign', P.dispatcher, { leadUnit: 'dz' });
    await act(id, 'accept', P.dzHandler);
    expect(await stepsOnDoc(id)).toEqual(await transitionsOf(id));
    expect((await stepsOnDoc(id)).map((s) => s.action)).toEqual(['register', 'assign', 'accept']);
  });

  it('a step whose writer stopped after its insert, before copying it, is loaded whole and copied (the probe)', async () => {
    const id = await logCall();
    await act(id, 'assign', P.dispatcher, { leadUnit: 'dz' });
    // The writer of 签收 inserted its transition and died before its update of the ticket.
    await t.bot.models.ticketTransitions.create({ _id: `${id}:3`, ticket: id, seq: 3, action: 'accept', from: 'assigned', to: 'handling', by: P.dzHandler, at: now, note: '', data: {}, caused: [] });
    expect((await t.bot.models.tickets.findById(id).lean())!.version).toBe(2);
    const loaded = (await t.bot.tickets.load(id))!;
    expect(loaded.state.status).toBe('handling');
    expect(loaded.state.timeline.map((s) => s.action)).toEqual(['register', 'assign', 'accept']);
    // …and repaired: the step, the cached state and open_items.
    const doc = (await t.bot.models.tickets.findById(id).lean())!;
    expect(doc).toMatchObject({ status: 'handling', version: 3 });
    expect(await stepsOnDoc(id)).toEqual(await transitionsOf(id));
    expect(await row(id)).toMatchObject({ status: 'handling', v: 3 });
    // The next click goes on from there.
    await act(id, 'progress', P.dzHandler, { note: '已到现场' });
    expect((await stepsOnDoc(id)).map((s) => s.seq)).toEqual([1, 2, 3, 4]);
  });

  it('a step lost from the document (a concurrent update on FerretDB) is found among the others', async () => {
    const id = await logCall();
    await act(id, 'assign', P.dispatcher, { leadUnit: 'dz' });
    await act(id, 'accept', P.dzHandler);
    await t.bot.models.tickets.updateOne({ _id: id }, { $unset: { 'steps.2': 1 } });
    const loaded = (await t.bot.tickets.load(id))!;
    expect(loaded.state.timeline.map((s) => s.seq)).toEqual([1, 2, 3]);
    expect(loaded.state.leadUnit).toBe('dz');
    expect(await stepsOnDoc(id)).toEqual(await transitionsOf(id));
  });

  it('a ticket from before steps (no steps on its document) loads whole, and is healed', async () => {
    const id = await logCall();
    await act(id, 'assign', P.dispatcher, { leadUnit: 'zjj' });
    await act(id, 'return', P.zjHandler, { reason: 'wrong_area', note: '属东镇' });
    await t.bot.models.tickets.updateOne({ _id: id }, { $unset: { steps: 1 } });
    const loaded = (await t.bot.tickets.load(id))!;
    expect(loaded.state.status).toBe('returned');
    expect(loaded.state.timeline.map((s) => s.action)).toEqual(['register', 'assign', 'return']);
    expect(loaded.state.timeline[2]).toMatchObject({ by: P.zjHandler, note: '属东镇', data: { reason: 'wrong_area', unit: 'zjj' } });
    expect(await stepsOnDoc(id)).toEqual(await transitionsOf(id));
    // The figures read the steps from the documents: the same as from the transitions.
    const range = { from: new Date(now.getTime() - DAY), to: new Date(now.getTime() + DAY), label: { zh: '', en: '' } };
    const ledger = await t.bot.reports.ledger(range);
    expect(ledger.entries.find((e) => e.id === id)).toMatchObject({ returned: true });
  });

  it('two concurrent clicks on one card still make one transition, and one step on the document', async () => {
    const id = await logCall();
    await act(id, 'assign', P.dispatcher, { leadUnit: 'dz' });
    const answers = await Promise.all([P.dzHandler, P.dzHead].map((by) => t.bot.tickets.act({ id, version: 2, op: 'accept', by, form: {} })));
    expect(answers.map((a) => a.kind).sort()).toEqual(['done', 'stale']);
    expect((await transitionsOf(id)).map((s) => s.action)).toEqual(['register', 'assign', 'accept']);
    await t.bot.tickets.load(id);
    expect(await stepsOnDoc(id)).toEqual(await transitionsOf(id));
  });
});

describe('open_items', () => {
  it('follows a ticket through its loop and is gone once it is archived', async () => {
    const id = await logCall({ content: '开放事项测试' });
    expect(await row(id)).toMatchObject({ kind: 'ticket', item: id, status: 'registered', owner: P.clerk, title: '开放事项测试', v: 1 });
    await act(id, 'assign', P.dispatcher, { leadUnit: 'dz', coUnits: ['zjj'], deadline: '2026-11-27' });
    expect(await row(id)).toMatchObject({ status: 'assigned', unit: 'dz', coUnits: ['zjj'], deadline: new Date('2026-11-27T09:30:00Z'), v: 2 });
    await act(id, 'accept', P.dzHandler);
    expect(await row(id)).toMatchObject({ status: 'handling', v: 3 });
    await act(id, 'reply', P.dzHandler, { result: '已修复', reply: '已告知' });
    expect(await row(id)).toMatchObject({ status: 'replied' });
    await act(id, 'review_accept', P.dispatcher);
    expect(await row(id)).toMatchObject({ status: 'callback' });
    await act(id, 'callback', P.clerk, {}, 'none');
    // Closed, to be archived: 归档 is still in the dispatchers' 我的待办.
    expect(await row(id)).toMatchObject({ status: 'closed' });
    expect((await t.bot.tickets.todo((await person(P.dispatcher))!)).map((l) => l._id)).toContain(id);
    await act(id, 'archive', P.dispatcher);
    expect(await row(id)).toBeNull();
    // Written again (a retried step), the row stays as it is: gone.
    await t.bot.tickets.load(id);
    expect(await row(id)).toBeNull();
  });

  it('holds no row for a call not accepted or a ticket merged into another', async () => {
    const r = await t.bot.tickets.intake({
      intake: { callerName: '', phone: '', anonymous: true, channel: 'phone', category: 'help', content: '要求法院重审', place: '', urgency: 'normal', outOfScope: 'court' },
      by: P.clerk,
      key: 'layout:court',
    });
    if ('refused' in r) throw new Error('refused');
    expect(await row(r.ticket._id)).toBeNull();
    const first = await logCall({ phone: '13911110001' });
    const second = await logCall({ phone: '13911110001' });
    expect(await row(second)).not.toBeNull();
    await act(second, 'merge', P.dispatcher, { into: first });
    expect(await row(second)).toBeNull();
  });

  it('the digests, reminders and 我的待办 read open_items, and find what the old ticket queries found', async () => {
    // Tickets overdue, due soon, later, unassigned, returned, closed: as of Friday 4 Dec.
    const late = [await logCall(), await logCall()];
    await act(late[0]!, 'assign', P.dispatcher, { leadUnit: 'dz', deadline: '2026-11-24' });
    await act(late[1]!, 'assign', P.dispatcher, { leadUnit: 'zjj', deadline: '2026-11-25' });
    await act(late[1]!, 'accept', P.zjHandler);
    const soon = await logCall();
    await act(soon, 'assign', P.dispatcher, { leadUnit: 'dz', deadline: '2026-12-07' });
    const later = await logCall();
    await act(later, 'assign', P.dispatcher, { leadUnit: 'dz', deadline: '2026-12-30' });
    const returned = await logCall();
    await act(returned, 'assign', P.dispatcher, { leadUnit: 'zjj', deadline: '2026-11-24' });
    await act(returned, 'return', P.zjHandler, { reason: 'other', note: '不归我们' });
    now = new Date('2026-12-04T01:00:00Z');
    try {
      const m = t.bot.models;
      const open = ['assigned', 'handling'];
      const oldOverdue = (await m.tickets.find({ status: { $in: open }, deadline: { $lt: now } }).lean()).filter((x) => x.leadUnit && x.deadline).map((x) => x._id).sort();
      const items = (await t.bot.reminders.overdueItems(now)).filter((i) => i.kind === 'ticket');
      expect(items.map((i) => i.id).sort()).toEqual(oldOverdue);
      expect(oldOverdue).toEqual(expect.arrayContaining(late));
      for (const i of items) {
        const doc = (await m.tickets.findById(i.id).lean())!;
        expect(i).toMatchObject({ unit: doc.leadUnit, title: doc.content, deadlineAt: doc.deadline });
      }
      const digests = await t.bot.reminders.digests(now);
      expect([...digests.get(P.head)!.keys()].sort()).toEqual(['dz', 'zjj']);
      expect([...digests.get(P.dzHead)!.keys()]).toEqual(['dz']);

      // Reminders: the old query's tickets are the ones reminded.
      const until = t.bot.calendar.dueSoonUntil(now);
      const oldSoon = (await m.tickets.find({ status: { $in: open }, deadline: { $gte: now, $lte: until } }).lean()).map((x) => x._id);
      expect(oldSoon).toEqual([soon]);
      await t.bot.reminders.sendReminders(now);
      const reminded = (await m.outboxMessages.find({ _id: { $regex: '^remind:' } }).lean()).map((x) => x._id.split(':')[1]);
      expect([...new Set(reminded)]).toEqual([soon]);

      // 我的待办, against the old $or query on the tickets, for each kind of person.
      for (const openId of [P.dispatcher, P.dzHandler, P.zjHandler, P.clerk]) {
        const who = (await person(openId))!;
        const mine: Record<string, unknown>[] = [];
        if (who.roles.includes('dispatcher')) mine.push({ status: { $in: ['registered', 'returned', 'replied', 'closed'] } });
        if ((who.roles.includes('unit_handler') || who.roles.includes('unit_head')) && who.unit) mine.push({ leadUnit: who.unit, status: { $in: ['assigned', 'handling'] } });
        if (who.roles.includes('intake') || who.roles.includes('dispatcher')) mine.push({ intakeBy: who.openId, status: 'callback' });
        const old = mine.length ? (await m.tickets.find({ $or: mine }).lean()).map((x) => x._id).sort() : [];
        expect((await t.bot.tickets.todo(who)).map((l) => l._id).sort(), openId).toEqual(old);
      }
    } finally {
      now = new Date('2026-11-23T01:00:00Z');
    }
  });

  it('is rebuilt from the tickets: by `open-items rebuild`, and at start-up when empty while tickets are open', async () => {
    const before = (await t.bot.models.openItems.find({}).lean()).sort((a, b) => a._id.localeCompare(b._id));
    expect(before.length).toBeGreaterThan(0);
    await t.bot.models.openItems.deleteMany({});
    await t.bot.models.openItems.create({ ...before[0]!, _id: 'ticket:ZX-00000000-9999' });
    const r = await runCliOnBot(t, ['open-items', 'rebuild'], { clock });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`open_items: ${before.length} 件待办`);
    expect(r.out).toContain('1 行已移除');
    expect((await t.bot.models.openItems.find({}).lean()).sort((a, b) => a._id.localeCompare(b._id))).toEqual(before);
    // Twice: the same rows.
    await runCliOnBot(t, ['open-items', 'rebuild'], { clock });
    expect((await t.bot.models.openItems.find({}).lean()).sort((a, b) => a._id.localeCompare(b._id))).toEqual(before);
    expect(await rebuildTicketProjectionsIfEmpty(t.bot.models, now)).toBeNull();
    await t.bot.models.openItems.deleteMany({});
    expect(await rebuildTicketProjectionsIfEmpty(t.bot.models, now)).toMatchObject({ open: before.length });
    expect(await t.bot.models.openItems.countDocuments()).toBe(before.length);
    expect((await runCliOnBot(t, ['--help'])).out).toContain('open-items rebuild');
  });
});

describe('repeat detection by _id (ticket_keys)', () => {
  it('finds an earlier ticket by phone and by place within 30 days, and not after', async () => {
    const byPhone = await logCall({ phone: '13922220001', place: '' });
    const byPlace = await logCall({ phone: '', place: '和平路 12 号' });
    now = new Date(now.getTime() + 29 * DAY);
    try {
      const phoneAgain = await logCall({ phone: '13922220001' });
      expect((await t.bot.models.tickets.findById(phoneAgain).lean())!.possibleRepeats).toEqual([byPhone]);
      // The place as typed another time (spaces, full-width digits) is the same place.
      const placeAgain = await logCall({ place: '和平路１２号' });
      expect((await t.bot.models.tickets.findById(placeAgain).lean())!.possibleRepeats).toEqual([byPlace]);
      now = new Date(now.getTime() + 2 * DAY); // 31 days after the first two
      const late = await logCall({ phone: '13922220001', place: '和平路12号' });
      expect((await t.bot.models.tickets.findById(late).lean())!.possibleRepeats).toEqual([phoneAgain, placeAgain].sort());
      // Entries past 30 days leave the key when it is read.
      expect((await t.bot.models.ticketKeys.findById('phone:13922220001').lean())!.tickets.map((e) => e.id)).not.toContain(byPhone);
    } finally {
      now = new Date('2026-11-23T01:00:00Z');
    }
  });
});
