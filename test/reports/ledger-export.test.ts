import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from '../../src/lib/dayjs.js';
import { decisionCardFor, press } from '../approvals/approval-helpers.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { logCall, seedHotline, T, ticketButton } from '../tickets/ticket-helpers.js';
import { runCliOnBot } from '../helpers/run-cli-on-bot.js';

/**
 * The ledger (台账) an office files: one line per ticket with what was asked, who did what by
 * when, and how it ended, every code written as the Chinese label people read. The tickets are
 * driven through signed Lark deliveries and card clicks; the files are opened and read back.
 */
let t: TestBot;
const dir = mkdtempSync(join(tmpdir(), 'govdesk-ledger-'));
let handled = '';
let anonymous = '';

const CALL = { callerName: '刘芳', phone: '0571-87654321', anonymous: 'no', channel: 'phone', category: 'help', content: '人民广场东侧路灯连续三晚不亮，行人夜间通行不便', place: '人民广场东侧', urgency: 'normal' };

beforeAll(async () => {
  t = await startTestBot();
  await seedHotline(t);
  // A ticket through the whole loop: 派单 to 东镇 (协办 住建局), 签收, an approved extension,
  // a result sent back for redo, the final result and reply, 审核通过, the caller 满意.
  handled = await logCall(t, CALL);
  let v = await ticketButton(t, T.dispatcher, handled, 'assign');
  await press(t, T.dispatcher, v, { leadUnit: 'dz', coUnits: ['zjj'], urgency: 'normal' });
  v = await ticketButton(t, T.dzHandler, handled, 'accept');
  await press(t, T.dzHandler, v);
  v = await ticketButton(t, T.dzHandler, handled, 'extend');
  const asked = await press(t, T.dzHandler, v, { days: '2', note: '需电力公司配合更换线路' });
  const approval = /AP\d{8}-[0-9A-F]{6}/.exec(asked.toast!.i18n.zh_cn)![0];
  await press(t, T.director, (await decisionCardFor(t, T.director, approval, 1, 0)).approve);
  await eventually(async () => (await t.bot.models.ticketTransitions.countDocuments({ ticket: handled, action: 'extended' })) === 1);
  const reply = async (result: string, toCaller: string) => press(t, T.dzHandler, await ticketButton(t, T.dzHandler, handled, 'reply'), { result, reply: toCaller });
  await reply('已报修', '已告知来电人正在报修');
  await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, handled, 'redo'), { note: '请写明修复情况' });
  await reply('已更换3盏路灯并检修线路，现已恢复照明', '已电话告知来电人路灯已修复');
  await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, handled, 'review_accept'));
  await press(t, T.clerk, await ticketButton(t, T.clerk, handled, 'callback', 'satisfied'));
  // An anonymous consultation by web, not yet assigned.
  anonymous = await logCall(t, { callerName: '', phone: '', anonymous: 'yes', channel: 'web', category: 'consultation', content: '咨询老旧小区加装电梯补贴政策', place: '', urgency: 'normal' });
}, 120_000);
afterAll(async () => {
  await t.stop();
});

const cli = (...argv: string[]) => runCliOnBot(t, argv, { actor: 'cli:test' });

const today = () => dayjs().tz('Asia/Shanghai');
const from = () => today().subtract(1, 'day').format('YYYY-MM-DD');
const to = () => today().add(1, 'day').format('YYYY-MM-DD');

/** The ledger sheet as objects keyed by header. */
const rowsOf = (sheet: { data: unknown[][] }) => {
  const [header, ...rows] = sheet.data.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) };
};

const CODES = /\b(help|consultation|satisfied|basically|unsatisfied|none|phone|web|urgent|normal|very_urgent|closed|registered|dz|zjj)\b/;

describe('report export: the ledger an office files', () => {
  it('writes the .xlsx ledger with the columns the office files, every code as its Chinese label', async () => {
    const file = join(dir, 'ledger.xlsx');
    const res = await cli('report', 'export', '--from', from(), '--to', to(), '--out', file);
    expect(res.code, res.err).toBe(0);
    const sheets = await readXlsxFile(readFileSync(file));
    expect(sheets.map((s) => s.sheet)).toEqual(['台账 Ledger', '统计 Figures']);
    const { header, rows } = rowsOf(sheets[0]!);
    for (const column of ['来电人', '联系电话', '诉求内容', '派单时间', '办理期限', '延期', '办理结果', '答复内容', '办结日期', '回访结果']) {
      expect(header.some((h) => h.startsWith(column)), `column ${column}`).toBe(true);
    }
    const row = rows.find((r) => r['工单号 No.'] === handled)!;
    expect(row).toMatchObject({
      '来源 Channel': '电话',
      '类别 Category': '求助',
      '紧急程度 Urgency': '一般',
      '来电人 Caller': '刘芳',
      '联系电话 Phone': '0571-87654321',
      '诉求内容 Content': CALL.content,
      '地点 Place': '人民广场东侧',
      '主办单位 Lead unit': '东镇',
      '协办单位 Co-units': '区住建局',
      '办理结果 Result': '已更换3盏路灯并检修线路，现已恢复照明',
      '答复内容 Reply given': '已电话告知来电人路灯已修复',
      '办结日期 Closed': today().format('YYYY-MM-DD'),
      '状态 Status': '已办结',
      '按期 On time': '是',
      '回访结果 Callback': '满意',
      '退单 Returned': '否',
      '重办 Redone': '是',
    });
    expect(row['登记时间 Logged']).toMatch(new RegExp(`^${today().format('YYYY-MM-DD')} \\d\\d:\\d\\d$`));
    expect(row['派单时间 Assigned']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(row['办理期限 Deadline']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    const deadline = (await t.bot.models.tickets.findById(handled).lean())!.deadline!;
    expect(row['延期 Extensions']).toBe(`延期2个工作日，至${dayjs(deadline).tz('Asia/Shanghai').format('YYYY-MM-DD')}`);
    const anon = rows.find((r) => r['工单号 No.'] === anonymous)!;
    expect(anon).toMatchObject({ '来源 Channel': '网络', '类别 Category': '咨询', '来电人 Caller': '匿名', '联系电话 Phone': '', '状态 Status': '已登记，待派单', '回访结果 Callback': '', '办结日期 Closed': '' });
    // Nowhere an internal code where people read a label.
    for (const r of rows) for (const [h, cell] of Object.entries(r)) if (!/工单号|内容|结果|答复|地点/.test(h)) expect(cell, `${h}`).not.toMatch(CODES);
  });

  it('writes the same ledger as CSV', async () => {
    const res = await cli('report', 'export', '--from', from(), '--to', to(), '--format', 'csv');
    expect(res.code, res.err).toBe(0);
    const line = res.out.split('\n').find((l) => l.startsWith(handled))!;
    expect(line).toContain(',电话,求助,一般,刘芳,0571-87654321,');
    expect(line).toContain(',已办结,是,满意,否,是');
    expect(res.out.split('\n')[0]).toContain('工单号 No.,登记时间 Logged,来源 Channel,类别 Category');
  });

  it('the bulletin names redone tickets with their category and callback in Chinese', async () => {
    const file = join(dir, 'bulletin.xlsx');
    const res = await cli('report', 'bulletin', '--month', today().format('YYYY-MM'), '--out', file);
    expect(res.code, res.err).toBe(0);
    const sheets = await readXlsxFile(readFileSync(file));
    const redone = rowsOf(sheets.find((s) => s.sheet === '重办件 Redone')!);
    expect(redone.rows).toEqual([{ '工单号 No.': handled, '类别 Category': '求助', '单位 Unit': '东镇', '首次回访 First callback': '满意' }]);
    for (const s of sheets) for (const r of rowsOf(s).rows) for (const cell of Object.values(r)) expect(cell).not.toMatch(CODES);
  });
});
