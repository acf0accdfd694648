import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, press } from '../approvals/approval-helpers.js';
import { runCliOnBot } from '../helpers/run-cli-on-bot.js';

let t: TestBot;
const dir = mkdtempSync(join(tmpdir(), 'govdesk-report-'));
const P = { leader: 'ou_rp_leader', dzHead: 'ou_rp_dz_head', plain: 'ou_rp_plain', clerk: 'ou_rp_clerk', dispatcher: 'ou_rp_dispatcher' };

beforeAll(async () => {
  t = await startTestBot();
  const m = t.bot.models;
  await seedUnit(m, { code: 'dz', name: '东镇', kind: 'town' });
  await seedUnit(m, { code: 'zjj', name: '区住建局', kind: 'department' });
  await seedPerson(m, { openId: P.leader, name: '赵区长', roles: ['leader'] });
  await seedPerson(m, { openId: P.dzHead, name: '钱镇长', unit: 'dz', roles: ['unit_head'] });
  await seedPerson(m, { openId: P.plain, name: '科员', roles: [] });
  await seedPerson(m, { openId: P.clerk, name: '陈受理', roles: ['intake'] });
  await seedPerson(m, { openId: P.dispatcher, name: '林派单', roles: ['dispatcher'] });
  for (const [i, unit] of ['dz', 'zjj', 'dz'].entries()) {
    const r = await t.bot.tickets.intake({ intake: { callerName: '张三', phone: '', anonymous: true, channel: 'phone', category: 'help', content: `报表测试 ${i}`, place: '', urgency: 'normal', outOfScope: '' }, by: P.clerk, key: `rp-${i}` });
    if ('refused' in r) throw new Error('refused');
    await t.bot.tickets.act({ id: r.ticket._id, version: 1, op: 'assign', by: P.dispatcher, form: { leadUnit: unit } });
  }
});
afterAll(async () => {
  await t.stop();
});

const ask = async (openId: string, text: string) => {
  const ev = messageEvent({ openId, text });
  await t.send('/lark/events', ev);
  const r = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`));
  return JSON.parse(r.body.content as string) as Record<string, unknown>;
};

describe('报表 in chat', () => {
  it('shows a leader the figures with a bar chart by unit and a line chart per day, and switches periods by button', async () => {
    const card = await ask(P.leader, '报表 本月');
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('受理 Accepted** 3');
    const charts = (card as { body: { elements: { tag: string; chart_spec?: { type: string } }[] } }).body.elements.filter((e) => e.tag === 'chart');
    expect(charts.map((c) => c.chart_spec!.type)).toEqual(['bar', 'line']);
    const year = buttonValues(card).find((v) => v.a === 'rp.period' && v.p === 'this-year')!;
    const switched = await press(t, P.leader, year);
    expect(JSON.stringify(switched.card!.data)).toContain('年（至今）');
  });

  it('a unit head sees only their unit; others are refused; a bad period is named', async () => {
    const head = JSON.stringify(await ask(P.dzHead, '报表 本月'));
    expect(head).toContain('受理 Accepted** 2');
    expect(head).not.toContain('区住建局');
    expect(String((await ask(P.plain, '报表')).text)).toContain('您没有权限查看报表');
    expect(String((await ask(P.leader, '报表 明年')).text)).toContain('不认识的时段「明年」');
  });
});

describe('the weekly brief and the monthly bulletin', () => {
  it('the weekly brief goes to leaders and the director once per week', async () => {
    const monday = new Date('2026-11-30T01:00:00Z');
    expect(await t.bot.reportJobs.weekly(monday)).toBe(1);
    await t.bot.reportJobs.weekly(monday);
    await eventually(() => t.fake.delivered.some((c) => c.body.receive_id === P.leader && String(c.body.content).includes('工单报表 · 上周')));
    await new Promise((r) => setTimeout(r, 300));
    expect(t.fake.delivered.filter((c) => c.body.receive_id === P.leader && String(c.body.content).includes('工单报表 · 上周'))).toHaveLength(1);
  });

  it('the bulletin goes out on the first working day of the month: units ranked, and each unit head their own page', async () => {
    expect(await t.bot.reportJobs.monthly(new Date('2026-12-02T01:00:00Z'))).toBe(0); // not the first working day
    const first = new Date('2026-12-01T01:00:00Z'); // Tuesday 1 December
    expect(await t.bot.reportJobs.monthly(first)).toBe(2); // the leader; the 东镇 head's page
    await t.bot.reportJobs.monthly(first);
    const bulletin = await eventually(() => t.fake.delivered.find((c) => c.body.receive_id === P.leader && String(c.body.content).includes('督查通报')));
    expectValidCard(JSON.parse(bulletin.body.content as string));
    expect(String(bulletin.body.content)).toContain('单位排名');
    const page = await eventually(() => t.fake.delivered.find((c) => c.body.receive_id === P.dzHead && String(c.body.content).includes('督查通报')));
    expect(String(page.body.content)).not.toContain('区住建局');
    await new Promise((r) => setTimeout(r, 300));
    expect(t.fake.delivered.filter((c) => c.body.receive_id === P.leader && String(c.body.content).includes('督查通报'))).toHaveLength(1);
  });
});

describe('report export', () => {
  const cli = (...argv: string[]) => runCliOnBot(t, argv, { actor: 'cli:test' });
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  it('writes the ledger and the figures as CSV', async () => {
    const res = await cli('report', 'export', '--from', from, '--to', to, '--format', 'csv');
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain('工单号 No.,登记时间 Logged');
    expect(res.out.match(/^ZX-/gm)).toHaveLength(3);
    expect(res.out).toContain('全部 All,3,0,0.0%');
    expect(today).toMatch(/\d/);
  });

  it('writes an .xlsx workbook with the ledger and the figures sheets', async () => {
    const file = join(dir, 'report.xlsx');
    const res = await cli('report', 'export', '--from', from, '--to', to, '--out', file);
    expect(res.code, res.err).toBe(0);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.toString('latin1')).toContain('xl/worksheets/sheet2.xml');
    expect((await cli('report', 'export', '--from', to, '--to', from)).code).toBe(2);
    const bulletin = join(dir, 'bulletin.xlsx');
    const month = new Date().toISOString().slice(0, 7);
    expect((await cli('report', 'bulletin', '--month', month, '--out', bulletin)).code).toBe(0);
    const b = readFileSync(bulletin).toString('latin1');
    expect(b).toContain('xl/worksheets/sheet5.xml'); // five sections
  });
});
