import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, press, textsSentTo } from '../approvals/approval-helpers.js';

let t: TestBot;
const start = new Date('2026-12-02T03:00:00Z'); // Wednesday 11:00 in Shanghai
// A clock that runs (retries need time to pass) from `start`, and jumps when a test says so.
const realStart = Date.now();
let jump = 0;
const clock = { now: () => new Date(start.getTime() + jump + (Date.now() - realStart)) };
let now = start;
const later = (minutes: number) => {
  jump = minutes * 60_000;
  now = clock.now();
};
const P = { a: 'ou_inc_officer_a', b: 'ou_inc_officer_b', director: 'ou_inc_director', dutyLeader: 'ou_inc_duty_leader', leader: 'ou_inc_leader', plain: 'ou_inc_plain', dzHandler: 'ou_inc_dz_handler', dispatcher: 'ou_inc_dispatcher', offLeader: 'ou_inc_off_leader' };

beforeAll(async () => {
  t = await startTestBot({ start: { clock, schedules: false } });
  const m = t.bot.models;
  await seedPerson(m, { openId: P.a, name: '冯值班', roles: ['duty_officer'] });
  await seedPerson(m, { openId: P.b, name: '何值班', roles: ['duty_officer'] });
  await seedPerson(m, { openId: P.director, name: '王主任', roles: ['director'] });
  await seedPerson(m, { openId: P.dutyLeader, name: '赵副区长', roles: ['duty_leader'] });
  await seedPerson(m, { openId: P.leader, name: '钱区长', roles: ['leader'] });
  await seedPerson(m, { openId: P.plain, name: '普通科员', roles: [] });
  await seedUnit(m, { code: 'dz', name: '东镇', kind: 'town' });
  await seedPerson(m, { openId: P.dzHandler, name: '孙联络', unit: 'dz', roles: ['unit_handler'] });
  await seedPerson(m, { openId: P.dispatcher, name: '周派单', roles: ['dispatcher'] });
  await seedPerson(m, { openId: P.offLeader, name: '吴副区长', roles: ['duty_leader'] });
  await m.dutyShifts.create({ _id: '2026-12-02:day', date: '2026-12-02', shift: 'day', start: new Date('2026-12-02T00:30:00Z'), end: new Date('2026-12-02T09:30:00Z'), primary: P.a, secondary: P.b, leader: P.dutyLeader, source: 'import', updatedAt: start });
});
afterAll(async () => {
  await t.stop();
});

const say = async (openId: string, text: string, chatType: 'p2p' | 'group' = 'p2p') => {
  const ev = messageEvent({ openId, text, chatType, ...(chatType === 'group' ? { mentions: [{ openId: 'ou_bot', name: '政务助手' }] } : {}) });
  await t.send('/lark/events', ev);
  const r = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return JSON.parse(r.body.content as string) as Record<string, unknown>;
};
const urgentCalls = (kind: string) => t.fake.delivered.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/urgent_${kind}`));

describe('the duty log is confidential', () => {
  it('refuses someone not on duty, keeps group chats empty, and logs an entry for the officer on duty', async () => {
    expect(String((await say(P.plain, '值班记录')).text)).toContain('您没有权限记录值班日志和交接班');
    const group = await say(P.a, '值班记录', 'group');
    expect(String(group.text)).toContain('请在与政务助手的私聊中使用');
    const form = await say(P.a, '值班记录');
    expectValidCard(form);
    const submit = buttonValues(form).find((v) => v.a === 'dl.submit')!;
    const r = await press(t, P.a, submit, { what: '东镇来电：某小区停水', occurredAt: '11:00', contactName: '张三', contactPhone: '13800000000', channel: 'phone', major: 'no' });
    expect(r.toast?.type).toBe('success');
    expect(JSON.stringify(r.card!.data)).toContain('**来源 Channel**：电话 Phone'); // how it reached the duty room
    expect(await t.bot.models.dutyLog.countDocuments({ loggedBy: P.a, major: false, shift: '2026-12-02:day' })).toBe(1);
    expect(await t.bot.models.incidents.countDocuments()).toBe(0);

    // Forwarded to a unit, which must acknowledge on its card; then a result, then closed.
    const buttons = buttonValues(r.card!.data);
    const forward = buttons.find((v) => v.a === 'dl.forward')!;
    expect((await press(t, P.plain, forward, { unit: 'dz' })).toast?.type).toBe('warning');
    expect((await press(t, P.a, forward, { unit: 'dz', note: '请东镇核实' })).toast?.i18n.zh_cn).toBe('已转办 东镇');
    const unitCard = await eventually(() => cardsSentTo(t, P.dzHandler).find((c) => buttonValues(c.card).some((v) => v.a === 'dl.ack')));
    const ack = buttonValues(unitCard.card).find((v) => v.a === 'dl.ack')!;
    expect((await press(t, P.plain, ack)).toast?.type).toBe('warning');
    expect((await press(t, P.dzHandler, ack)).toast?.i18n.zh_cn).toBe('已确认收到');
    expect((await press(t, P.dzHandler, ack)).toast?.type).toBe('info');
    await eventually(() => cardsSentTo(t, P.a).some((c) => JSON.stringify(c.card).includes('东镇 已收到')));
    const update = buttons.find((v) => v.a === 'dl.update')!;
    expect((await press(t, P.a, update, { note: '已于12:30恢复供水' })).toast?.i18n.zh_cn).toBe('结果已记录');
    const close = buttons.find((v) => v.a === 'dl.close')!;
    expect((await press(t, P.a, close)).toast?.i18n.zh_cn).toBe('已办结');
    expect((await press(t, P.a, close)).toast?.type).toBe('info');
    const entry = await t.bot.models.dutyLog.findOne({ loggedBy: P.a, major: false }).lean();
    expect(entry).toMatchObject({ status: 'closed', result: '已于12:30恢复供水' });
    expect((await t.bot.models.dutyLogEvents.find({ entry: entry!._id }).lean()).map((e) => e.type).sort()).toEqual(['acknowledged', 'closed', 'forwarded', 'updated']);
  }, 30_000);
});

describe('a major incident reaches the leaders within minutes, with the record to prove it', () => {
  let id = '';
  it('goes at once, urgent, to the director and the leader on duty', async () => {
    const form = await say(P.a, '上报事件');
    const submit = buttonValues(form).find((v) => v.a === 'dl.submit')!;
    const r = await press(t, P.a, submit, { what: '东镇化工厂发生火灾，有人员被困', place: '东镇工业园', major: 'yes' });
    expect(r.toast?.type, JSON.stringify(r.toast)).toBe('success');
    id = /SJ-\d{8}-[0-9A-F]{6}/.exec(r.toast!.i18n.zh_cn)![0];
    expectValidCard(r.card!.data);
    expect(JSON.stringify(r.card!.data)).toContain('30 分钟内报送上级');
    expect(JSON.stringify(r.card!.data)).toContain('东镇工业园发生东镇化工厂发生火灾，有人员被困。');
    for (const who of [P.director, P.dutyLeader]) await eventually(() => cardsSentTo(t, who).some((c) => JSON.stringify(c.card).includes('化工厂')));
    await eventually(() => urgentCalls('app').length === 2);
    expect(cardsSentTo(t, P.leader)).toEqual([]);
  }, 30_000);

  it('unacknowledged after 5 minutes: sent again by SMS urgency and on to the district leaders — once, however many sweeps', async () => {
    later(6);
    await Promise.all([t.bot.duty.sweep(now), t.bot.duty.sweep(now)]);
    await eventually(() => cardsSentTo(t, P.leader).some((c) => JSON.stringify(c.card).includes('化工厂')));
    await eventually(() => urgentCalls('sms').length === 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(urgentCalls('sms')).toHaveLength(3);
    expect(await t.bot.models.incidentEvents.countDocuments({ incident: id, type: 'notified' })).toBe(2);
  }, 30_000);

  it('已知悉: the first leader to press it is recorded; a second press changes nothing; others may not', async () => {
    const card = cardsSentTo(t, P.director).find((c) => JSON.stringify(c.card).includes('化工厂'))!;
    const ack = buttonValues(card.card).find((v) => v.a === 'inc.ack')!;
    expect((await press(t, P.plain, ack)).toast?.type).toBe('warning');
    const first = await press(t, P.director, ack);
    expect(first.toast?.i18n.zh_cn).toBe('已确认知悉');
    expect(JSON.stringify(first.card!.data)).toContain('王主任');
    expect((await press(t, P.dutyLeader, ack)).toast?.type).toBe('info');
    expect(await t.bot.models.incidentEvents.countDocuments({ incident: id, type: 'acknowledged' })).toBe(1);
    // Acknowledged: no more rounds.
    later(16);
    await t.bot.duty.sweep(now);
    expect(await t.bot.models.incidentEvents.countDocuments({ incident: id, type: 'notified' })).toBe(2);
  }, 30_000);

  it('not reported upward within 30 minutes: the office is alerted, once; then 已报送上级 is recorded', async () => {
    later(31);
    await t.bot.duty.sweep(now);
    await t.bot.duty.sweep(now);
    await eventually(() => textsSentTo(t, P.a).some((x) => x.includes(`重特大事件 ${id}`) && x.includes('30 分钟')));
    await new Promise((r) => setTimeout(r, 300));
    expect(textsSentTo(t, P.director).filter((x) => x.includes(id))).toHaveLength(1);
    const card = cardsSentTo(t, P.director).find((c) => JSON.stringify(c.card).includes('化工厂'))!;
    const report = buttonValues(card.card).find((v) => v.a === 'inc.report')!;
    expect((await press(t, P.plain, report, { receiver: '区应急管理局 李科长' })).toast?.type).toBe('warning');
    const first = await press(t, P.a, report, { receiver: '区应急管理局 李科长' });
    expect(first.toast?.i18n.zh_cn).toBe('首报已记录');
    expect((await t.bot.models.incidents.findById(id).lean())?.status).toBe('reported');
    const followup = buttonValues(first.card!.data).find((v) => v.a === 'inc.followup')!;
    expect((await press(t, P.a, followup, { receiver: '区应急管理局 李科长', note: '明火已扑灭，3人送医' })).toast?.type).toBe('success');
    const timeline = (await t.bot.models.incidentEvents.find({ incident: id }).lean()).map((e) => e.type).sort();
    expect(timeline).toEqual(['acknowledged', 'followup', 'notified', 'notified', 'report_late', 'reported']);
    // `npm run govdesk -- incidents` lists it with its timings.
    let out = '';
    const code = await runCli(['incidents'], {
      out: new Writable({ write: (c: Buffer, _e, cb) => ((out += c.toString()), cb()) }),
      err: new Writable({ write: (_c, _e, cb) => cb() }),
      config: loadConfig({ NODE_ENV: 'test', MONGODB_URI: 'mongodb://unused/x' }),
      log: createLogger('silent'),
      clock,
      actor: 'cli:test',
      tty: false,
      database: async () => ({ connection: t.bot.connection, models: t.bot.models, close: async () => {} }),
    });
    expect(code).toBe(0);
    expect(out).toContain(`${id}\t2026-12-02 11:00\treported`);
    expect(out).toMatch(/alerted 2 round\(s\); acknowledged \d+ min \(\d\d:\d\d\); reported upward 3\d min/);
    expect(out).toContain('office alerted at 30 min: yes');
    expect(out).toMatch(/\t首报 first\tto 区应急管理局 李科长\tby ou_inc_officer_a/);
    expect(out).toMatch(/\t续报 follow-up\tto 区应急管理局 李科长\tby ou_inc_officer_a/);
  }, 30_000);
});

describe('who may keep the log and who may report an incident', () => {
  it('a 带班领导 who is not the leader on duty may not write the duty log; the refusal names who is on duty', async () => {
    const r = String((await say(P.offLeader, '值班记录')).text);
    expect(r).toContain('您没有权限记录值班日志和交接班：仅限当班人员');
    for (const name of ['冯值班', '何值班', '赵副区长']) expect(r).toContain(name);
    // A crafted submit changes nothing either.
    const before = await t.bot.models.dutyLog.countDocuments();
    expect((await press(t, P.offLeader, { a: 'dl.submit' }, { what: '越权记录', major: 'no' })).toast?.type).toBe('warning');
    expect(await t.bot.models.dutyLog.countDocuments()).toBe(before);
  }, 30_000);

  it('上报事件 is offered only to those who may report; a dispatcher who hears of an explosion on the hotline reports it', async () => {
    const refused = String((await say(P.plain, '上报事件')).text);
    expect(refused).toContain('您没有权限报告突发事件');
    for (const label of ['值班员', '带班领导', '办公室主任', '派单员', '当班人员 冯值班']) expect(refused).toContain(label);
    expect((await press(t, P.plain, { a: 'dl.submit', major: true }, { what: '伪造的上报' })).toast?.type).toBe('warning');

    later(60);
    const form = await say(P.dispatcher, '上报事件');
    expectValidCard(form);
    const submit = buttonValues(form).find((v) => v.a === 'dl.submit')!;
    const r = await press(t, P.dispatcher, submit, { what: '热线来电：西镇加油站发生爆炸，现场有人员受伤', place: '西镇加油站', contactName: '李先生', contactPhone: '13900001111', channel: 'phone' });
    expect(r.toast?.type, JSON.stringify(r.toast)).toBe('success');
    const id = /SJ-\d{8}-[0-9A-F]{6}/.exec(r.toast!.i18n.zh_cn)![0];
    expect(await t.bot.models.incidents.findById(id).lean()).toMatchObject({ loggedBy: P.dispatcher, status: 'open' });
    for (const who of [P.director, P.dutyLeader]) await eventually(() => cardsSentTo(t, who).some((c) => JSON.stringify(c.card).includes('加油站')));
    // The director, off the roster, may report too.
    const byDirector = await press(t, P.director, submit, { what: '东镇山体滑坡，道路中断', channel: 'verbal' });
    expect(byDirector.toast?.type).toBe('success');
    // Acknowledged at once, so it does not alert in the next test.
    const other = /SJ-\d{8}-[0-9A-F]{6}/.exec(byDirector.toast!.i18n.zh_cn)![0];
    expect((await t.bot.duty.acknowledge(other, P.director)).kind).toBe('done');
  }, 30_000);
});

describe('an unacknowledged incident keeps alerting every 5 minutes until someone presses 已知悉', () => {
  let replica: TestBot;
  afterAll(async () => {
    await replica?.stop();
  });

  it('rounds go on past 30 minutes, to the district leaders too, each once even with two replicas sweeping; 已知悉 ends them', async () => {
    const incident = (await t.bot.models.incidents.findOne({ loggedBy: P.dispatcher }).lean())!;
    const id = incident._id;
    const loggedMinute = Math.round((incident.loggedAt.getTime() - start.getTime()) / 60_000);
    replica = await startTestBot({ mongoUri: t.config.mongodbUri!, fake: t.fake, start: { clock, schedules: false } });
    const rounds = async () => (await t.bot.models.incidentEvents.find({ incident: id, type: 'notified' }).lean()).map((e) => Number(e._id.split(':').at(-1))).sort((a, b) => a - b);
    // The card's urgencies (the 30-minute alert is an urgent text, counted apart): the message flagged is om_fake_N, the Nth delivered.
    const onCard = (c: { path: string }) => t.fake.delivered[Number(/om_fake_(\d+)/.exec(c.path)?.[1] ?? 0) - 1]?.body.msg_type === 'interactive';
    const smsCount = (who: string) => urgentCalls('sms').filter((c) => onCard(c) && JSON.stringify(c.body).includes(who)).length;
    const before = Object.fromEntries([P.director, P.dutyLeader, P.leader].map((who) => [who, smsCount(who)]));
    const smsTo = (who: string) => smsCount(who) - before[who]!;
    // Both replicas sweep at once; then everything queued goes out before the clock moves on
    // (a jump of minutes would make the senders' leases look stale mid-send).
    const sweepBoth = async (minute: number) => {
      later(loggedMinute + minute);
      await Promise.all([t.bot.duty.sweep(now), replica.bot.duty.sweep(now), t.bot.duty.sweep(now)]);
      await eventually(async () => (await t.bot.models.outboxMessages.countDocuments({ status: { $nin: ['sent', 'failed'] } })) === 0);
    };

    await sweepBoth(5.5);
    await sweepBoth(31);
    await sweepBoth(36);
    await sweepBoth(36.5);
    expect(await rounds()).toEqual([0, 1, 6, 7]); // 7 is past the old cap of 6
    await sweepBoth(95);
    expect(await rounds()).toEqual([0, 1, 6, 7, 19]); // an hour and a half on, still alerting
    // Each round reached each of the three (director, leader on duty, district leader) once.
    await eventually(() => smsTo(P.leader) >= 4);
    await new Promise((r) => setTimeout(r, 500));
    for (const who of [P.director, P.dutyLeader, P.leader]) expect(smsTo(who), who).toBe(4);
    for (const round of [1, 6, 7, 19]) expect(await t.bot.models.outboxMessages.countDocuments({ _id: new RegExp(`^inc:${id}:card:${round}:`) })).toBe(6); // card and urgency, for three people

    // The district leader presses 已知悉 on the latest card: no more rounds.
    const card = await eventually(() => cardsSentTo(t, P.leader).find((c) => JSON.stringify(c.card).includes('加油站')));
    const ack = buttonValues(card.card).find((v) => v.a === 'inc.ack')!;
    expect((await press(t, P.leader, ack)).toast?.i18n.zh_cn).toBe('已确认知悉');
    await sweepBoth(100);
    await sweepBoth(200);
    expect(await rounds()).toEqual([0, 1, 6, 7, 19]);
  }, 60_000);
});
