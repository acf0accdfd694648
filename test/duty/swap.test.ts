import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, decisionCardFor, press } from '../approvals/approval-helpers.js';

let t: TestBot;
const P = { a: 'ou_sw_a', b: 'ou_sw_b', c: 'ou_sw_c', busy: 'ou_sw_busy', head: 'ou_sw_head', early: 'ou_sw_early', away: 'ou_sw_away' };
const future = (h: number) => new Date(Date.now() + h * 3600_000);

beforeAll(async () => {
  t = await startTestBot();
  const m = t.bot.models;
  await seedUnit(m, { code: 'zbs', name: '值班室', kind: 'section', sectionHeads: [P.head] });
  for (const [id, name] of [[P.a, '甲'], [P.b, '乙'], [P.c, '丙'], [P.busy, '丁'], [P.early, '戊'], [P.away, '己']] as const) await seedPerson(m, { openId: id, name, unit: 'zbs', roles: ['duty_officer'] });
  await seedPerson(m, { openId: P.head, name: '值班科长', unit: 'zbs', roles: ['section_head'] });
  await m.dutyShifts.create({ _id: '2099-01-01:day', date: '2099-01-01', shift: 'day', start: future(48), end: future(57), primary: P.a, secondary: P.b, source: 'import', updatedAt: new Date() });
  await m.dutyShifts.create({ _id: '2099-01-01:other', date: '2099-01-01', shift: 'other', start: future(47), end: future(50), primary: P.busy, source: 'import', updatedAt: new Date() });
});
afterAll(async () => {
  await t.stop();
});

describe('换班 through the approval engine', () => {
  it('the colleague accepts, the section head approves, and only then the roster changes; everyone concerned is told', async () => {
    const ev = messageEvent({ openId: P.a, text: '换班' });
    await t.send('/lark/events', ev);
    const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
    const form = JSON.parse(reply.body.content as string);
    expectValidCard(form);
    const ask = buttonValues(form).find((v) => v.a === 'sw.ask')!;
    expect((await press(t, P.a, ask, { shift: '2099-01-01:day', to: P.busy })).toast?.i18n.zh_cn).toContain('同时段已有班次');
    expect((await press(t, P.a, ask, { shift: '2099-01-01:day', to: P.b })).toast?.type).toBe('warning');
    const asked = await press(t, P.a, ask, { shift: '2099-01-01:day', to: P.c, reason: '家中有事' });
    expect(asked.toast?.i18n.zh_cn).toBe('已请 丙 代班');
    const offer = await eventually(() => cardsSentTo(t, P.c).find((c) => buttonValues(c.card).some((v) => v.a === 'sw.accept')));
    const accept = buttonValues(offer.card).find((v) => v.a === 'sw.accept')!;
    expect((await press(t, P.b, accept)).toast?.type).toBe('warning');
    expect((await press(t, P.c, accept)).toast?.i18n.zh_cn).toBe('已同意，等待科长审批');
    expect((await t.bot.models.dutyShifts.findById('2099-01-01:day').lean())?.primary).toBe(P.a); // not yet
    const swap = (await t.bot.models.dutySwaps.findOne({ to: P.c }).lean())!;
    const decision = await decisionCardFor(t, P.head, swap.approval!, 1, 0);
    // The section head sees who would take the shift, whose place, and which shift.
    expect(JSON.stringify(decision.card)).toContain('丙 代 甲 的主班');
    expect(JSON.stringify(decision.card)).toContain('甲 请 丙 代');
    await press(t, P.head, decision.approve);
    await eventually(async () => (await t.bot.models.dutyShifts.findById('2099-01-01:day').lean())?.primary === P.c);
    expect(await t.bot.models.dutySwaps.findById(swap._id).lean()).toMatchObject({ status: 'approved' });
    for (const who of [P.a, P.b, P.c]) await eventually(() => cardsSentTo(t, who).some((c) => JSON.stringify(c.card).includes('已批准，值班表已更新')));
  }, 30_000);

  it('refuses a colleague whose other shift touches this one (the rest rule roster generation obeys), or who is on leave', async () => {
    const day = (await t.bot.models.dutyShifts.findById('2099-01-01:day').lean())!;
    // 戊 works the night before, ending exactly when the day shift begins: back to back.
    await t.bot.models.dutyShifts.create({ _id: '2098-12-31:night', date: '2098-12-31', shift: 'night', start: new Date(day.start.getTime() - 15 * 3600_000), end: day.start, primary: P.early, source: 'import', updatedAt: new Date() });
    await t.bot.models.dutyLeave.create({ _id: `${P.away}:2099-01-01`, openId: P.away, from: '2099-01-01', to: '2099-01-03', note: '', by: 'cli:test', at: new Date() });
    const ev = messageEvent({ openId: P.c, text: '换班' });
    await t.send('/lark/events', ev);
    const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
    const ask = buttonValues(JSON.parse(reply.body.content as string)).find((v) => v.a === 'sw.ask')!;
    const touching = await press(t, P.c, ask, { shift: '2099-01-01:day', to: P.early, reason: '' });
    expect(touching.toast?.type).toBe('warning');
    expect(touching.toast?.i18n.zh_cn).toContain('戊 在');
    expect(touching.toast?.i18n.zh_cn).toContain('不能连班');
    const away = await press(t, P.c, ask, { shift: '2099-01-01:day', to: P.away, reason: '' });
    expect(away.toast?.i18n.zh_cn).toBe('己 2099-01-01 至 2099-01-03 请假');
    expect(await t.bot.models.dutySwaps.countDocuments({ to: { $in: [P.early, P.away] } })).toBe(0);
  }, 30_000);

  it('approved after the colleague got a touching shift: the roster is not changed, and everyone is told why', async () => {
    await t.bot.models.dutyShifts.create({ _id: '2099-03-01:day', date: '2099-03-01', shift: 'day', start: future(1000), end: future(1009), primary: P.b, source: 'import', updatedAt: new Date() });
    expect((await t.bot.swaps.ask({ shift: '2099-03-01:day', by: P.b, to: P.busy, reason: '', key: 'test-late-clash' })).kind).toBe('done');
    const swap = (await t.bot.models.dutySwaps.findOne({ shift: '2099-03-01:day' }).lean())!;
    expect((await t.bot.swaps.answer({ id: swap._id, by: P.busy, accept: true })).kind).toBe('done');
    // Meanwhile 丁 is put on the night that ends as this day shift begins.
    const day = (await t.bot.models.dutyShifts.findById('2099-03-01:day').lean())!;
    await t.bot.models.dutyShifts.create({ _id: '2099-02-28:night', date: '2099-02-28', shift: 'night', start: new Date(day.start.getTime() - 15 * 3600_000), end: day.start, primary: P.busy, source: 'import', updatedAt: new Date() });
    const approved = await t.bot.models.dutySwaps.findById(swap._id).lean();
    const decision = await decisionCardFor(t, P.head, approved!.approval!, 1, 0);
    await press(t, P.head, decision.approve);
    await eventually(async () => (await t.bot.models.dutySwaps.findById(swap._id).lean())?.status === 'refused');
    expect((await t.bot.models.dutyShifts.findById('2099-03-01:day').lean())?.primary).toBe(P.b);
    await eventually(() => cardsSentTo(t, P.b).some((c) => JSON.stringify(c.card).includes('批准时未能生效') && JSON.stringify(c.card).includes('不能连班')));
  }, 30_000);

  it('a declined request changes nothing', async () => {
    await t.bot.models.dutyShifts.create({ _id: '2099-02-01:day', date: '2099-02-01', shift: 'day', start: future(500), end: future(509), primary: P.b, source: 'import', updatedAt: new Date() });
    const r = await t.bot.swaps.ask({ shift: '2099-02-01:day', by: P.b, to: P.c, reason: '', key: 'test-decline' });
    expect(r.kind).toBe('done');
    const swap = (await t.bot.models.dutySwaps.findOne({ shift: '2099-02-01:day' }).lean())!;
    expect((await t.bot.swaps.answer({ id: swap._id, by: P.c, accept: false })).kind).toBe('done');
    expect((await t.bot.swaps.answer({ id: swap._id, by: P.c, accept: true })).kind).toBe('stale');
    expect((await t.bot.models.dutyShifts.findById('2099-02-01:day').lean())?.primary).toBe(P.b);
  });
});
