import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, press, textsSentTo } from '../approvals/approval-helpers.js';
import { messageEvent } from '../helpers/lark-payloads.js';

let t: TestBot;
const base = new Date('2026-12-02T08:00:00Z'); // Wednesday 16:00 in Shanghai
const realStart = Date.now();
let jump = 0;
const clock = { now: () => new Date(base.getTime() + jump + (Date.now() - realStart)) };
const at = (iso: string) => {
  jump = new Date(iso).getTime() - base.getTime() - (Date.now() - realStart);
  return clock.now();
};
const P = { dayA: 'ou_ho_day_a', dayB: 'ou_ho_day_b', nightA: 'ou_ho_night_a', nightB: 'ou_ho_night_b', head: 'ou_ho_section_head', director: 'ou_ho_director' };

beforeAll(async () => {
  t = await startTestBot({ start: { clock, schedules: false } });
  const m = t.bot.models;
  await seedUnit(m, { code: 'zbs', name: '值班室', kind: 'section', sectionHeads: [P.head] });
  for (const [id, name] of [[P.dayA, '白班甲'], [P.dayB, '白班乙'], [P.nightA, '夜班甲'], [P.nightB, '夜班乙']] as const) await seedPerson(m, { openId: id, name, unit: 'zbs', roles: ['duty_officer'] });
  await seedPerson(m, { openId: P.head, name: '值班科长', unit: 'zbs', roles: ['section_head'] });
  await seedPerson(m, { openId: P.director, name: '王主任', roles: ['director'] });
  const shift = (id: string, start: string, end: string, primary: string, secondary: string) => ({ _id: id, date: id.slice(0, 10), shift: id.slice(11), start: new Date(start), end: new Date(end), primary, secondary, source: 'import' as const, updatedAt: base });
  await m.dutyShifts.create(shift('2026-12-02:day', '2026-12-02T00:30:00Z', '2026-12-02T09:30:00Z', P.dayA, P.dayB));
  await m.dutyShifts.create(shift('2026-12-02:night', '2026-12-02T09:30:00Z', '2026-12-03T00:30:00Z', P.nightA, P.nightB));
  await m.dutyLog.create({ _id: 'ZB-20261202-AAAAAA', what: '东镇停水待回复', channel: 'phone', status: 'open', loggedBy: P.dayA, loggedAt: base, occurredAt: '', place: '', cause: '', contactName: '', contactTitle: '', contactPhone: '', instruction: '', result: '', major: false });
  // A major incident: its duty-log entry and the incident itself are one open item.
  await m.dutyLog.create({ _id: 'ZB-20261202-BBBBBB', what: '西镇仓库火情待续报', channel: 'phone', status: 'open', loggedBy: P.dayA, loggedAt: base, occurredAt: '', place: '', cause: '', contactName: '', contactTitle: '', contactPhone: '', instruction: '', result: '', major: true });
  await m.incidents.create({ _id: 'SJ-20261202-BBBBBB', entry: 'ZB-20261202-BBBBBB', title: '西镇仓库火情待续报', loggedAt: base, loggedBy: P.dayA, chain: [{ to: [P.director] }], status: 'acknowledged', acknowledgedAt: base, updatedAt: base });
});
afterAll(async () => {
  await t.stop();
});

const tick = async (iso: string) => t.bot.handover.tick(at(iso));

describe('shift reminders and the formal handover (a fake clock)', () => {
  it('reminds the night officers the hour before their shift, once', async () => {
    await tick('2026-12-02T08:40:00Z'); // 16:40, night starts 17:30
    await tick('2026-12-02T08:45:00Z');
    for (const who of [P.nightA, P.nightB]) await eventually(() => cardsSentTo(t, who).some((c) => JSON.stringify(c.card).includes('值班提醒')));
    await new Promise((r) => setTimeout(r, 300));
    expect(cardsSentTo(t, P.nightA).filter((c) => JSON.stringify(c.card).includes('值班提醒'))).toHaveLength(1);
  });

  it('at the end of the day shift its primary gets 交班 with the open items; 交班 is recorded once', async () => {
    await tick('2026-12-02T09:31:00Z');
    const card = await eventually(() => cardsSentTo(t, P.dayA).find((c) => JSON.stringify(c.card).includes('交班 Hand over')));
    expectValidCard(card.card);
    expect(JSON.stringify(card.card)).toContain('东镇停水待回复');
    // Each open item once: the incident, not also its duty-log entry.
    expect(JSON.stringify(card.card).match(/西镇仓库火情待续报/g)).toHaveLength(1);
    expect(JSON.stringify(card.card)).toContain('SJ-20261202-BBBBBB');
    expect(JSON.stringify(card.card)).not.toContain('ZB-20261202-BBBBBB');
    const hand = buttonValues(card.card).find((v) => v.a === 'ho.hand')!;
    expect((await press(t, P.nightA, hand, { note: 'x' })).toast?.type).toBe('warning');
    const r = await press(t, P.dayA, hand, { note: '东镇停水事项需跟进回复' });
    expect(r.toast?.i18n.zh_cn).toBe('已交班');
    expect((await press(t, P.dayB, hand, { note: 'again' })).toast?.type).toBe('info');
    expect(await t.bot.models.dutyHandovers.findById('2026-12-02:night').lean()).toMatchObject({ fromShift: '2026-12-02:day', handedBy: P.dayA, note: '东镇停水事项需跟进回复', items: ['SJ-20261202-BBBBBB', 'ZB-20261202-AAAAAA'] });
  });

  it('the night primary gets 接班 with the handover; 15 minutes late: the secondary and the section head are told; 30: the director', async () => {
    // Sent at the start of the shift ("not handed over yet"), then updated in place by 交班.
    await eventually(() => cardsSentTo(t, P.nightA).find((c) => JSON.stringify(c.card).includes('接班 Take over')));
    const patched = await eventually(() => t.fake.delivered.find((c) => c.method === 'PATCH' && String(c.body.content).includes('接班 Take over') && String(c.body.content).includes('东镇停水事项需跟进回复')));
    // It names who handed over, by name.
    expect(String(patched.body.content)).toContain('白班甲');
    expect(String(patched.body.content)).not.toContain(P.dayA);
    expect(String(patched.body.content).match(/西镇仓库火情待续报/g)).toHaveLength(1);
    await tick('2026-12-02T09:46:00Z'); // 16 minutes in
    await eventually(() => textsSentTo(t, P.nightB).some((x) => x.includes('【接班提醒】')) && textsSentTo(t, P.head).some((x) => x.includes('【接班提醒】')));
    expect(textsSentTo(t, P.director)).toEqual([]);
    await tick('2026-12-02T10:01:00Z'); // 31 minutes in
    await tick('2026-12-02T10:02:00Z');
    await eventually(() => textsSentTo(t, P.director).some((x) => x.includes('已开班 30 分钟')));
    await new Promise((r) => setTimeout(r, 300));
    expect(textsSentTo(t, P.director)).toHaveLength(1);
    expect(textsSentTo(t, P.head)).toHaveLength(1);
  }, 30_000);

  it('接班 is recorded once; after it nobody else is alerted', async () => {
    const card = cardsSentTo(t, P.nightA).find((c) => JSON.stringify(c.card).includes('接班 Take over'))!;
    const take = buttonValues(card.card).find((v) => v.a === 'ho.take')!;
    expect((await press(t, P.dayA, take)).toast?.type).toBe('warning');
    expect((await press(t, P.nightA, take)).toast?.i18n.zh_cn).toBe('已接班');
    expect((await press(t, P.nightB, take)).toast?.type).toBe('info');
    expect(await t.bot.models.dutyHandovers.findById('2026-12-02:night').lean()).toMatchObject({ takenBy: P.nightA });
    const before = t.fake.delivered.length;
    await tick('2026-12-02T10:20:00Z');
    await new Promise((r) => setTimeout(r, 300));
    expect(t.fake.delivered.slice(before).filter((c) => JSON.stringify(c.body).includes('接班提醒'))).toEqual([]);
  }, 30_000);

  it('离岗 needs a substitute who has pressed 接班 first; then the shift is theirs and the leaver is told', async () => {
    at('2026-12-02T12:00:00Z'); // 20:00, the night shift
    const ev = messageEvent({ openId: P.nightA, text: '离岗' });
    await t.send('/lark/events', ev);
    const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
    const form = JSON.parse(reply.body.content as string);
    expectValidCard(form);
    const leave = buttonValues(form).find((v) => v.a === 'ho.leave')!;
    expect((await press(t, P.nightA, leave, { to: P.nightB })).toast?.type).toBe('warning'); // already on this shift
    expect((await press(t, P.nightA, leave, { to: P.dayB, note: '家中急事' })).toast?.type).toBe('success');
    expect((await t.bot.models.dutyShifts.findById('2026-12-02:night').lean())?.primary).toBe(P.nightA); // not before 接班
    const sub = await eventually(() => cardsSentTo(t, P.dayB).find((c) => buttonValues(c.card).some((v) => v.a === 'ho.sub')));
    const take = buttonValues(sub.card).find((v) => v.a === 'ho.sub')!;
    expect((await press(t, P.dayB, take)).toast?.i18n.zh_cn).toBe('已接班');
    expect((await press(t, P.dayB, take)).toast?.type).toBe('info');
    expect((await t.bot.models.dutyShifts.findById('2026-12-02:night').lean())?.primary).toBe(P.dayB);
    await eventually(() => textsSentTo(t, P.nightA).some((x) => x.includes('您可以离岗')));
    expect(await t.bot.models.dutyHandovers.findById(`2026-12-02:night:sub:${P.nightA}`).lean()).toMatchObject({ handedBy: P.nightA, takenBy: P.dayB });
  }, 30_000);
});
