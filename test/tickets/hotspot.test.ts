import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { buttonValues, cardsSentTo, press } from '../approvals/approval-helpers.js';
import { INTAKE, logCall, seedHotline, T, ticketButton } from './ticket-helpers.js';

type Json = Record<string, unknown>;
const HEAD = 'ou_hs_section_head';

// A controllable clock (a millisecond per reading, so steps are ordered): Wednesday 2 December 2026, 10:00 in Shanghai.
let now = new Date('2026-12-02T02:00:00Z');
const clock = { now: () => (now = new Date(now.getTime() + 1)) };
const advanceHours = (h: number) => (now = new Date(now.getTime() + h * 3_600_000));

async function seed(t: TestBot) {
  await seedHotline(t);
  await seedPerson(t.bot.models, { openId: HEAD, name: '赵科长', unit: 'zxb', roles: ['section_head'] });
  await seedUnit(t.bot.models, { code: 'dz', name: '东镇', kind: 'town', sectionHeads: [HEAD] });
}

/** The hot-spot alert cards a person got (those with 合并), oldest first. */
const alertsTo = (t: TestBot, openId: string) => cardsSentTo(t, openId).filter(({ card }) => buttonValues(card).some((v) => v.a === 'hs.merge'));
const alertsAbout = (t: TestBot, openId: string, label: string) => alertsTo(t, openId).filter(({ card }) => JSON.stringify(card).includes(`热点预警 · ${label}`));
const idsIn = (card: Json) => [...new Set(JSON.stringify(card).match(/ZX-\d{8}-\d{4}/g) ?? [])].sort();
const button = (card: Json, a: string) => buttonValues(card).find((v) => v.a === a)!;

/**
 * Logs a call about `place` and waits for its hot-spot check to finish; then a minute passes (the
 * outbox paces the messages to one person by the bot's clock, which only the test moves).
 */
async function call(t: TestBot, place: string, content: string, phone: string) {
  const id = await logCall(t, { ...INTAKE, place, content, phone });
  await t.bot.hotspot.idle();
  advanceHours(1 / 60);
  return id;
}

describe('热点预警 (HOTSPOT=3/48h): tickets about one place alert the dispatchers and the overseeing section head', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ start: { clock, schedules: false } });
    await seed(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  const ids: string[] = [];

  it('the third call about 幸福小区 within 48 h sends one alert listing the three; the fourth sends none; the sixth one more', async () => {
    ids.push(await call(t, '幸福小区', '幸福小区3栋路灯坏了三天', '13800000001'));
    // The first one is assigned to 东镇: the unit that handled the cluster's earlier tickets.
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, ids[0]!, 'assign'), { leadUnit: 'dz', urgency: 'normal' });
    advanceHours(5);
    ids.push(await call(t, '', '来电反映幸福小区门口垃圾堆放无人清理', '13800000002'));
    expect(alertsTo(t, T.dispatcher)).toHaveLength(0);
    advanceHours(20);
    ids.push(await call(t, '幸福小区5栋', '幸福小区5栋楼道堆满杂物存在消防隐患', '13800000003'));

    const first = await eventually(() => alertsTo(t, HEAD)[0]);
    expectValidCard(first.card);
    expect(idsIn(first.card)).toEqual([...ids].sort());
    expect(JSON.stringify(first.card)).toContain('东镇');
    await eventually(() => alertsTo(t, T.dispatcher).length === 1);
    // Nobody else (a unit handler, the clerk) gets it.
    expect(alertsTo(t, T.dzHandler)).toHaveLength(0);
    expect(alertsTo(t, T.clerk)).toHaveLength(0);

    // The fourth and fifth: no new alert, and checking the third again sends nothing (exactly once).
    ids.push(await call(t, '幸福小区', '幸福小区地下车库漏水', '13800000004'));
    ids.push(await call(t, '幸福小区', '幸福小区物业不作为', '13800000005'));
    await t.bot.hotspot.check(ids[2]!);
    await new Promise((r) => setTimeout(r, 500));
    expect(alertsTo(t, HEAD)).toHaveLength(1);
    expect(alertsTo(t, T.dispatcher)).toHaveLength(1);

    // The sixth: the cluster doubled, one more alert listing all six.
    ids.push(await call(t, '幸福小区', '幸福小区健身器材损坏', '13800000006'));
    const second = await eventually(() => alertsTo(t, T.dispatcher)[1]);
    expectValidCard(second.card);
    expect(idsIn(second.card)).toEqual([...ids].sort());
    await eventually(() => alertsTo(t, HEAD).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(alertsTo(t, T.dispatcher)).toHaveLength(2);
  });

  it('合并 is refused to the section head (naming who may) and merges the later tickets into the first for a dispatcher', async () => {
    const card = alertsTo(t, HEAD).at(-1)!.card;
    const refused = await press(t, HEAD, button(card, 'hs.merge'));
    expect(refused.toast?.type).toBe('warning');
    expect(refused.toast?.i18n.zh_cn).toContain('派单员');
    expect((await t.bot.models.tickets.findById(ids[1]).lean())!.status).toBe('registered');

    const merged = await press(t, T.dispatcher, button(alertsTo(t, T.dispatcher).at(-1)!.card, 'hs.merge'));
    expect(merged.toast?.type, JSON.stringify(merged.toast)).toBe('success');
    expect(merged.toast?.i18n.zh_cn).toContain(`并入 ${ids[0]}`);
    for (const id of ids.slice(1)) {
      const doc = (await t.bot.models.tickets.findById(id).lean())!;
      expect(doc.status).toBe('merged');
    }
    // The first one records what went into it.
    expect(await t.bot.models.ticketTransitions.countDocuments({ ticket: ids[0], action: 'merged_in' })).toBe(5);
    // Pressed again: nothing more happens.
    const again = await press(t, T.dispatcher, button(alertsTo(t, T.dispatcher).at(-1)!.card, 'hs.merge'));
    expect(again.toast?.type).toBe('success');
    expect(await t.bot.models.ticketTransitions.countDocuments({ ticket: ids[0], action: 'merged_in' })).toBe(5);
  });

  it('督办 opens one supervision item for the unit (a dispatcher may; the section head is told who may)', async () => {
    const card = alertsTo(t, T.dispatcher)[0]!.card;
    const refused = await press(t, HEAD, button(card, 'hs.supervise'));
    expect(refused.toast?.type).toBe('warning');
    expect(refused.toast?.i18n.zh_cn).toMatch(/仅限/);
    expect(await t.bot.models.supervisionItems.countDocuments({})).toBe(0);

    const opened = await press(t, T.dispatcher, button(card, 'hs.supervise'));
    expect(opened.toast?.type, JSON.stringify(opened.toast)).toBe('success');
    await press(t, T.dispatcher, button(card, 'hs.supervise'));
    const items = await t.bot.models.supervisionItems.find({}).lean();
    expect(items).toHaveLength(1);
    expect(items[0]!.leadUnit).toBe('dz');
    expect(items[0]!.leader).toBe(HEAD);
    expect(items[0]!.content).toContain('幸福小区');
    // The unit is told of it.
    await eventually(() => cardsSentTo(t, T.dzHandler).some(({ card: c }) => JSON.stringify(c).includes(items[0]!._id)));
  });

  it('calls 49 hours apart do not cluster; three within the window do', async () => {
    const old = await call(t, '阳光花园', '阳光花园小区噪音扰民', '13800000011');
    advanceHours(49);
    const b = await call(t, '阳光花园', '阳光花园夜间施工', '13800000012');
    const c = await call(t, '阳光花园', '阳光花园电梯故障', '13800000013');
    await new Promise((r) => setTimeout(r, 500));
    expect(alertsAbout(t, T.dispatcher, '阳光花园')).toHaveLength(0);
    const d = await call(t, '阳光花园', '阳光花园停水', '13800000014');
    const alert = await eventually(() => alertsAbout(t, T.dispatcher, '阳光花园')[0]);
    expect(idsIn(alert.card)).toEqual([b, c, d].sort());
    expect(idsIn(alert.card)).not.toContain(old);
    // No unit handled them: only the dispatchers hear of it.
    expect(alertsAbout(t, HEAD, '阳光花园')).toHaveLength(0);
  });

  it('very similar content clusters without a shared place', async () => {
    const a = await call(t, '', '东门菜市场门口占道经营非常严重', '13800000021');
    const b = await call(t, '', '东门菜市场门口占道经营很严重', '13800000022');
    const c = await call(t, '', '反映东门菜市场门口占道经营严重', '13800000023');
    const alert = await eventually(() => alertsTo(t, T.dispatcher).find(({ card }) => idsIn(card).includes(c)));
    expect(idsIn(alert.card)).toEqual([a, b, c].sort());
  });
});

describe('HOTSPOT is configurable and checked at load', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ start: { clock, schedules: false }, env: { HOTSPOT: '2/24h' } });
    await seed(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('HOTSPOT=2/24h alerts at the second call within 24 hours', async () => {
    const a = await call(t, '青年路', '青年路井盖缺失', '13900000001');
    await new Promise((r) => setTimeout(r, 300));
    expect(alertsTo(t, T.dispatcher)).toHaveLength(0);
    const b = await call(t, '青年路', '青年路人行道砖块松动', '13900000002');
    const alert = await eventually(() => alertsTo(t, T.dispatcher)[0]);
    expect(idsIn(alert.card)).toEqual([a, b].sort());
    expect(JSON.stringify(alert.card)).toContain('24 小时内');
  });

  it('a bad HOTSPOT value is refused at config load, naming it', () => {
    for (const bad of ['3', '3/0h', '1/48h', 'abc', '3/48d']) {
      let problems: string[] = [];
      try {
        loadConfig({ NODE_ENV: 'test', HOTSPOT: bad });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        problems = (err as ConfigError).problems;
      }
      expect(problems.join(' '), bad).toMatch(/^HOTSPOT: must be COUNT\/HOURSh/);
    }
    expect(loadConfig({ NODE_ENV: 'test' }).hotspot).toEqual({ count: 3, hours: 48 });
    expect(loadConfig({ NODE_ENV: 'test', HOTSPOT: '5/72h' }).hotspot).toEqual({ count: 5, hours: 72 });
  });
});
