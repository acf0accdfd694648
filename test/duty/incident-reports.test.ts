import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson } from '../helpers/directory-fixtures.js';
import { cardActionEvent, messageEvent } from '../helpers/lark-payloads.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, press, textsSentTo } from '../approvals/approval-helpers.js';

// Issue 17 item 9: the reports upward — 首报 / 续报 / 终报 — and the urgent 30-minute alert.
let t: TestBot;
const start = new Date('2026-12-02T03:00:00Z'); // Wednesday 11:00 in Shanghai
const realStart = Date.now();
let jump = 0;
const clock = { now: () => new Date(start.getTime() + jump + (Date.now() - realStart)) };
let now = start;
const later = (minutes: number) => {
  jump = minutes * 60_000;
  now = clock.now();
};
const P = { a: 'ou_rep_officer_a', b: 'ou_rep_officer_b', director: 'ou_rep_director', dutyLeader: 'ou_rep_duty_leader', leader: 'ou_rep_leader', leader2: 'ou_rep_leader2', plain: 'ou_rep_plain' };

beforeAll(async () => {
  t = await startTestBot({ start: { clock, schedules: false } });
  const m = t.bot.models;
  await seedPerson(m, { openId: P.a, name: '冯值班', roles: ['duty_officer'] });
  await seedPerson(m, { openId: P.b, name: '何值班', roles: ['duty_officer'] });
  await seedPerson(m, { openId: P.director, name: '王主任', roles: ['director'] });
  await seedPerson(m, { openId: P.dutyLeader, name: '赵副区长', roles: ['duty_leader'] });
  await seedPerson(m, { openId: P.leader, name: '钱区长', roles: ['leader'] });
  await seedPerson(m, { openId: P.leader2, name: '孙副区长', roles: ['leader'] });
  await seedPerson(m, { openId: P.plain, name: '普通科员', roles: [] });
  await m.dutyShifts.create({ _id: '2026-12-02:day', date: '2026-12-02', shift: 'day', start: new Date('2026-12-02T00:30:00Z'), end: new Date('2026-12-02T09:30:00Z'), primary: P.a, secondary: P.b, leader: P.dutyLeader, source: 'import', updatedAt: start });
});
afterAll(async () => {
  await t.stop();
});

const say = async (openId: string, text: string) => {
  const ev = messageEvent({ openId, text, chatType: 'p2p' });
  await t.send('/lark/events', ev);
  const r = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return JSON.parse(r.body.content as string) as Record<string, unknown>;
};
/** Reports an incident as officer A; returns its id and card. */
const report = async (what: string) => {
  const form = await say(P.a, '上报事件');
  const submit = buttonValues(form).find((v) => v.a === 'dl.submit')!;
  const r = await press(t, P.a, submit, { what, place: '东镇', major: 'yes' });
  expect(r.toast?.type, JSON.stringify(r.toast)).toBe('success');
  return { id: /SJ-\d{8}-[0-9A-F]{6}/.exec(r.toast!.i18n.zh_cn)![0], card: r.card!.data };
};
const reports = async (id: string) => (await t.bot.models.incidentEvents.find({ incident: id, type: { $in: ['reported', 'followup', 'final_report'] } }).lean()).sort((x, y) => x.at.getTime() - y.at.getTime());
/** The urgencies (加急) Lark was asked for on the 30-minute alert texts, by person. */
const lateUrgentTo = (who: string, id: string) =>
  t.fake.delivered.filter((c) => c.method === 'PATCH' && /\/urgent_(app|sms|phone)$/.test(c.path) && JSON.stringify(c.body).includes(`"${who}"`) && String(t.fake.delivered[Number(/om_fake_(\d+)/.exec(c.path)![1]) - 1]?.body.content ?? '').includes(`${id}`) && t.fake.delivered[Number(/om_fake_(\d+)/.exec(c.path)![1]) - 1]?.body.msg_type === 'text');

describe('首报 / 续报 / 终报: the reports upward, each press one record', () => {
  it('records 首报 once (a second is told by whom and when), 续报 twice, 终报 once and closes the reporting', async () => {
    const { id, card } = await report('东镇化工厂火灾');
    expectValidCard(card);
    const buttons = buttonValues(card);
    expect(buttons.map((v) => v.a)).toContain('inc.report');
    expect(buttons.map((v) => v.a)).not.toContain('inc.final'); // 续报 / 终报 only after 首报
    const first = buttons.find((v) => v.a === 'inc.report')!;

    // Before 首报: no 续报 or 终报; a 首报 without the receiver changes nothing; someone not allowed is refused.
    expect((await press(t, P.a, { a: 'inc.followup', id }, { receiver: '区应急局', note: '续' })).toast?.i18n.zh_cn).toContain('请先报送首报');
    expect((await press(t, P.a, first, { receiver: '  ' })).toast?.i18n.zh_cn).toContain('接收人');
    const refused = await press(t, P.plain, first, { receiver: '区应急局 李科长' });
    expect(refused.toast?.type).toBe('warning');
    expect(refused.toast?.i18n.zh_cn).toContain('报告突发事件'); // the policy's refusal, naming who may
    expect(await reports(id)).toHaveLength(0);

    later(10);
    const sent = await press(t, P.a, first, { receiver: '区应急管理局 李科长' });
    expect(sent.toast?.i18n.zh_cn).toBe('首报已记录');
    expectValidCard(sent.card!.data);
    expect(JSON.stringify(sent.card!.data)).toContain('区应急管理局 李科长');
    // A second 首报, by someone else: already sent, by whom, when — nothing recorded.
    const again = await press(t, P.b, first, { receiver: '市应急局 张处长' });
    expect(again.toast?.type).toBe('info');
    expect(again.toast?.i18n.zh_cn).toMatch(/首报已于 \d\d-\d\d \d\d:\d\d 由 冯值班 报送/);
    expect((await reports(id)).filter((e) => e.type === 'reported')).toHaveLength(1);

    const after = buttonValues(sent.card!.data);
    expect(after.map((v) => v.a)).not.toContain('inc.report');
    const followup = after.find((v) => v.a === 'inc.followup')!;
    const final = after.find((v) => v.a === 'inc.final')!;
    expect((await press(t, P.a, followup, { receiver: '区应急管理局 李科长' })).toast?.i18n.zh_cn).toContain('内容摘要'); // 续报 needs its content
    later(20);
    expect((await press(t, P.a, followup, { receiver: '区应急管理局 李科长', note: '明火已扑灭' })).toast?.i18n.zh_cn).toBe('续报已记录');
    // The same callback delivered twice (Lark retries): one record.
    const retried = cardActionEvent({ openId: P.b, value: followup, formValue: { receiver: '区应急管理局 李科长', note: '3人送医，无生命危险' }, messageId: 'om_card_x' });
    await t.send('/lark/card', retried);
    await t.send('/lark/card', retried);
    expect((await reports(id)).filter((e) => e.type === 'followup')).toHaveLength(2);

    later(40);
    const closed = await press(t, P.director, final, { receiver: '区政府总值班室 周科长', note: '现场处置完毕，转入善后' });
    expect(closed.toast?.i18n.zh_cn).toBe('终报已记录');
    expectValidCard(closed.card!.data);
    const text = JSON.stringify(closed.card!.data);
    for (const s of ['报送上级记录', '首报 First', '续报 Follow-up', '终报 Final', '区政府总值班室 周科长', '明火已扑灭', '3人送医', '已终报']) expect(text).toContain(s);
    expect(buttonValues(closed.card!.data).map((v) => v.a).filter((a) => a !== 'inc.ack')).toEqual([]); // reporting closed: no report buttons
    expect((await press(t, P.director, final, { receiver: '区政府总值班室', note: '再次终报' })).toast?.i18n.zh_cn).toContain('报送已结束');
    expect((await press(t, P.a, followup, { receiver: '区应急管理局', note: '终报之后的续报' })).toast?.i18n.zh_cn).toContain('报送已结束');

    const all = await reports(id);
    expect(all.map((e) => [e.type, e.by, e.receiver])).toEqual([
      ['reported', P.a, '区应急管理局 李科长'],
      ['followup', P.a, '区应急管理局 李科长'],
      ['followup', P.b, '区应急管理局 李科长'],
      ['final_report', P.director, '区政府总值班室 周科长'],
    ]);
    for (const e of all) expect(e.at).toBeInstanceOf(Date);
    expect((await t.bot.models.incidents.findById(id).lean())?.reportingClosedAt).toBeInstanceOf(Date);
  }, 60_000);
});

describe('the 30-minute clock: no 首报 in time is an urgent alert that reaches the district leaders', () => {
  it('alerts urgently (加急) the office and every district leader once when 首报 is missing; none when 首报 was sent in time', async () => {
    later(60);
    const late = await report('西镇加油站爆炸');
    const onTime = await report('北镇山体滑坡');
    later(70);
    const first = buttonValues(onTime.card).find((v) => v.a === 'inc.report')!;
    // Two officers press 首报 at the same moment: one record; the other is told who sent it.
    const both = await Promise.all([press(t, P.a, first, { receiver: '区应急管理局 李科长' }), press(t, P.b, first, { receiver: '区应急管理局 王科长' })]);
    expect(both.map((r) => r.toast?.type).sort()).toEqual(['info', 'success']);
    expect(both.find((r) => r.toast?.type === 'info')!.toast!.i18n.zh_cn).toMatch(/首报已于 .* 由 (冯值班|何值班) 报送/);
    expect((await reports(onTime.id)).filter((e) => e.type === 'reported')).toHaveLength(1);

    later(91); // 31 minutes after both were logged
    await Promise.all([t.bot.duty.sweep(now), t.bot.duty.sweep(now)]);
    for (const who of [P.a, P.b, P.director, P.dutyLeader, P.leader, P.leader2]) {
      await eventually(() => textsSentTo(t, who).some((x) => x.includes(late.id) && x.includes('30 分钟') && x.includes('首报')));
      await eventually(() => lateUrgentTo(who, late.id).length === 1);
    }
    expect(lateUrgentTo(P.leader2, late.id)[0]!.path).toMatch(/\/urgent_sms$/); // INCIDENT_URGENT (default sms)
    await t.bot.duty.sweep(now);
    await new Promise((r) => setTimeout(r, 500));
    for (const who of [P.leader, P.leader2, P.director]) {
      expect(textsSentTo(t, who).filter((x) => x.includes(late.id) && x.includes('30 分钟'))).toHaveLength(1);
      expect(lateUrgentTo(who, late.id)).toHaveLength(1);
    }
    // 首报 sent at 10 minutes: no alert at all.
    for (const who of Object.values(P)) expect(textsSentTo(t, who).filter((x) => x.includes(onTime.id))).toEqual([]);
    expect(await t.bot.models.incidentEvents.countDocuments({ incident: onTime.id, type: 'report_late' })).toBe(0);
  }, 60_000);
});
