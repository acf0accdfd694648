import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from '../../src/lib/dayjs.js';
import { buttonValues, press } from '../approvals/approval-helpers.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { seedPerson } from '../helpers/directory-fixtures.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { chat, logCall, seedHotline } from '../tickets/ticket-helpers.js';

/** `报表` on a new install: this month by default, a 本月 button, and a plain word when a period has no tickets. */
let t: TestBot;
const DIRECTOR = 'ou_rpp_director';

beforeAll(async () => {
  t = await startTestBot();
  await seedHotline(t);
  await seedPerson(t.bot.models, { openId: DIRECTOR, name: '王主任', roles: ['director'] });
});
afterAll(async () => {
  await t.stop();
});

type CardJson = { header: { title: { content: string } }; body: { elements: { tag: string; chart_spec?: { type: string } }[] } };
const charts = (card: unknown) => (card as CardJson).body.elements.filter((e) => e.tag === 'chart').map((e) => e.chart_spec!.type);
const thisMonth = () => `${dayjs().tz('Asia/Shanghai').format('YYYY年M月')}（至今）`;

describe('报表: the period', () => {
  it('defaults to this month, says plainly when the period has no tickets, and offers 本月 among the periods', async () => {
    const empty = await chat(t, DIRECTOR, '报表');
    expectValidCard(empty);
    expect((empty as CardJson).header.title.content).toBe(`工单报表 · ${thisMonth()}`);
    const text = JSON.stringify(empty);
    expect(text).toContain('本期没有工单');
    expect(text).toContain('No tickets in this period');
    expect(charts(empty)).toEqual([]);
    expect(text).not.toContain('受理 Accepted');
    const periods = buttonValues(empty).filter((v) => v.a === 'rp.period').map((v) => v.p);
    expect(periods).toEqual(['last-week', 'this-month', 'last-month', 'this-year']);

    // A call is logged: 本月 now shows it, with the intake chart.
    await logCall(t);
    const month = buttonValues(empty).find((v) => v.a === 'rp.period' && v.p === 'this-month')!;
    const switched = await press(t, DIRECTOR, month);
    expect(switched.toast?.type).toBe('info');
    expectValidCard(switched.card!.data);
    const now = JSON.stringify(switched.card!.data);
    expect(now).toContain('受理 Accepted** 1');
    expect(now).not.toContain('本期没有工单');
    expect(charts(switched.card!.data)).toEqual(['line']);

    // Last month, before the install, is still empty, and says so.
    const last = await press(t, DIRECTOR, buttonValues(empty).find((v) => v.a === 'rp.period' && v.p === 'last-month')!);
    expectValidCard(last.card!.data);
    expect(JSON.stringify(last.card!.data)).toContain('本期没有工单');
  });

  it('报表 导出 without a period sends this month', async () => {
    const answer = await chat(t, DIRECTOR, '报表 导出');
    expect(String(answer.text)).toContain(`${thisMonth()}的台账和统计表（1 件）已发给您`);
  });
});

