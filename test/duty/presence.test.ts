import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, press } from '../approvals/approval-helpers.js';
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
const P = { a: 'ou_pc_night_a', b: 'ou_pc_night_b', head: 'ou_pc_section_head', otherHead: 'ou_pc_other_head' };
const SHIFT = '2026-12-02:night';

beforeAll(async () => {
  t = await startTestBot({ start: { clock, schedules: false } });
  const m = t.bot.models;
  await seedUnit(m, { code: 'pczbs', name: '值班室', kind: 'section', sectionHeads: [P.head] });
  await seedUnit(m, { code: 'pcmsk', name: '秘书科', kind: 'section', sectionHeads: [P.otherHead] });
  await seedPerson(m, { openId: P.a, name: '夜班甲', unit: 'pczbs', roles: ['duty_officer'] });
  await seedPerson(m, { openId: P.b, name: '夜班乙', unit: 'pczbs', roles: ['duty_officer'] });
  await seedPerson(m, { openId: P.head, name: '值班科长丙', unit: 'pczbs', roles: ['section_head'] });
  await seedPerson(m, { openId: P.otherHead, name: '秘书科长丁', unit: 'pcmsk', roles: ['section_head', 'director'] });
  await m.dutyShifts.create({ _id: SHIFT, date: '2026-12-02', shift: 'night', start: new Date('2026-12-02T09:30:00Z'), end: new Date('2026-12-03T00:30:00Z'), primary: P.a, secondary: P.b, source: 'import', updatedAt: base });
});
afterAll(async () => {
  await t.stop();
});

const command = async (openId: string, text: string) => {
  const ev = messageEvent({ openId, text });
  await t.send('/lark/events', ev);
  const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return JSON.parse(reply.body.content as string) as { text?: string };
};
const checkCards = (openId: string) => cardsSentTo(t, openId).filter((c) => buttonValues(c.card).some((v) => v.a === 'pc.present'));
const resultCards = (openId: string) => cardsSentTo(t, openId).filter((c) => JSON.stringify(c.card).includes('查岗结果'));
const tick = async (iso: string) => {
  const now = at(iso);
  await t.bot.handover.tick(now);
  return t.bot.presence.tick(now);
};

describe('查岗: a spot check of the officers on duty', () => {
  it('接班 at the shift start is recorded as 到岗 with its time, once per officer', async () => {
    await tick('2026-12-02T09:31:00Z'); // 17:31: the night primary gets 接班
    const card = await eventually(() => cardsSentTo(t, P.a).find((c) => JSON.stringify(c.card).includes('接班 Take over')));
    const take = buttonValues(card.card).find((v) => v.a === 'ho.take')!;
    at('2026-12-02T09:33:00Z');
    expect((await press(t, P.a, take)).toast?.i18n.zh_cn).toBe('已接班');
    const h = await t.bot.models.dutyHandovers.findById(SHIFT).lean();
    expect(h?.takenBy).toBe(P.a);
    expect(h?.takenAt?.getTime()).toBeGreaterThanOrEqual(new Date('2026-12-02T09:33:00Z').getTime());
    // The secondary's 接班 (the shift is already taken) is their own 到岗, recorded once; an outsider's is refused.
    at('2026-12-02T09:35:00Z');
    expect((await press(t, P.b, take)).toast?.type).toBe('info');
    at('2026-12-02T09:37:00Z');
    await press(t, P.b, take);
    await press(t, P.a, take);
    expect((await press(t, P.head, take)).toast?.type).toBe('warning');
    const present = (await t.bot.models.dutyHandovers.findById(SHIFT).lean())?.present ?? [];
    expect(present.map((p) => p.who)).toEqual([P.a, P.b]);
    expect(present[1]!.at.getTime()).toBeLessThan(new Date('2026-12-02T09:37:00Z').getTime());
  }, 30_000);

  it('查岗 by someone other than the duty section head is refused, naming who may, and sends nothing', async () => {
    at('2026-12-02T12:00:00Z'); // 20:00
    for (const who of [P.otherHead, P.a]) {
      const reply = await command(who, '查岗');
      expect(reply.text).toContain('您没有权限查岗');
      expect(reply.text).toContain('值班科长 值班科长丙');
      expect(reply.text).toContain('the duty section head 值班科长丙');
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(checkCards(P.a)).toHaveLength(0);
    expect(await t.bot.models.dutyChecks.countDocuments({})).toBe(0);
  }, 30_000);

  it('the section head checks: each officer on duty gets one card; one confirms (twice: once), the other not; 10 minutes on the head gets one result naming both', async () => {
    at('2026-12-02T12:00:00Z'); // 20:00
    const reply = await command(P.head, '查岗');
    expect(reply.text).toContain('夜班甲');
    expect(reply.text).toContain('夜班乙');
    const cardA = await eventually(() => checkCards(P.a)[0]);
    await eventually(() => checkCards(P.b)[0]);
    expectValidCard(cardA.card);
    expect(JSON.stringify(cardA.card)).toContain('20:10');
    // The same minute again is the same check: no second card.
    await command(P.head, '查岗');
    await new Promise((r) => setTimeout(r, 300));
    expect(checkCards(P.a)).toHaveLength(1);
    expect(checkCards(P.b)).toHaveLength(1);

    const present = buttonValues(cardA.card).find((v) => v.a === 'pc.present')!;
    expect((await press(t, P.head, present)).toast?.type).toBe('warning'); // not asked
    at('2026-12-02T12:04:00Z');
    const first = await press(t, P.a, present);
    expect(first.toast?.i18n.zh_cn).toBe('已确认到岗');
    expect(JSON.stringify(first.card)).toContain('20:04');
    at('2026-12-02T12:05:00Z');
    expect((await press(t, P.a, present)).toast?.type).toBe('info');
    const check = (await t.bot.models.dutyChecks.findOne({ shift: SHIFT }).lean())!;
    expect(check.answers).toHaveLength(1);
    expect(check.answers[0]).toMatchObject({ who: P.a });
    expect(check.answers[0]!.at.getTime()).toBeLessThan(new Date('2026-12-02T12:05:00Z').getTime());

    // Before the 10 minutes: no result.
    expect(await tick('2026-12-02T12:09:00Z')).toBe(0);
    // After: one result, however many ticks; a late 到岗 is refused and changes nothing.
    await tick('2026-12-02T12:11:00Z');
    await tick('2026-12-02T12:12:00Z');
    const result = await eventually(() => resultCards(P.head)[0]);
    expectValidCard(result.card);
    const lines = ((result.card as { body: { elements: { content?: string }[] } }).body.elements).map((e) => e.content ?? '');
    expect(lines).toContain('**已到岗 Confirmed**\n- 夜班甲 20:04');
    expect(lines).toContain("**未确认 Did not confirm**\n- <font color='red'>夜班乙</font>");
    expect(lines).toContain('**接班到岗 Present at shift start**：夜班甲 12-02 17:33、夜班乙 12-02 17:35');
    const presentB = buttonValues(checkCards(P.b)[0]!.card).find((v) => v.a === 'pc.present')!;
    expect((await press(t, P.b, presentB)).toast?.type).toBe('warning');
    await new Promise((r) => setTimeout(r, 300));
    expect(resultCards(P.head)).toHaveLength(1);
    expect(resultCards(P.a)).toHaveLength(0);
    expect((await t.bot.models.dutyChecks.findById(check._id).lean())?.answers).toHaveLength(1);
  }, 30_000);

  it('a check outlives a restart: one stored before, due now, gets its result on the next tick, once', async () => {
    // As a process that died after 查岗 left it: only the stored check (keyed by _id) remains.
    await t.bot.models.dutyChecks.create({ _id: `CG-${SHIFT}-2300`, shift: SHIFT, by: P.head, at: new Date('2026-12-02T15:00:00Z'), due: new Date('2026-12-02T15:10:00Z'), officers: [P.a, P.b], answers: [{ who: P.b, at: new Date('2026-12-02T15:02:00Z') }] });
    const before = resultCards(P.head).length;
    expect(await tick('2026-12-02T15:30:00Z')).toBe(1);
    expect(await tick('2026-12-02T15:31:00Z')).toBe(0);
    const result = await eventually(() => resultCards(P.head)[before]);
    const lines = (result.card as { body: { elements: { content?: string }[] } }).body.elements.map((e) => e.content ?? '');
    expect(lines).toContain('**已到岗 Confirmed**\n- 夜班乙 23:02');
    expect(lines).toContain("**未确认 Did not confirm**\n- <font color='red'>夜班甲</font>");
    await new Promise((r) => setTimeout(r, 300));
    expect(resultCards(P.head)).toHaveLength(before + 1);
  }, 30_000);
});
