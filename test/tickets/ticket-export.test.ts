import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Govdesk } from '../../src/govdesk.js';
import { eventually } from '../helpers/test-bot.js';
import { postJson, startEmulatorBot } from '../helpers/emulator-bot.js';

let bot: Govdesk;
beforeAll(async () => {
  bot = await startEmulatorBot('ticketexport');
});
afterAll(async () => {
  await bot.stop();
});

const log = async (key: string, content: string, place: string) => {
  const r = await bot.tickets.intake({ intake: { callerName: '张三', phone: '13812345678', anonymous: false, channel: 'phone', category: 'help', content, place, urgency: 'normal', outOfScope: '' }, by: 'ou_demo_intake', key });
  if ('refused' in r) throw new Error('refused');
  return r.ticket._id;
};

/** Sends `text` as `openId` in their direct chat; returns the file message's workbook (sheets as rows of strings) and the bot's text answer. */
async function exportAs(openId: string, text: string) {
  const chatId = `oc_p2p_${openId}`;
  const store = bot.emulator!.store;
  const before = store.messagesIn(chatId).length;
  const uploadsBefore = store.calls.filter((c) => c.path.endsWith('/im/v1/files')).length;
  expect((await postJson(`${bot.url}/emulator/api/messages`, { as: openId, chatId, text })).status).toBe(200);
  const answer = await eventually(() => store.messagesIn(chatId).slice(before).find((m) => m.from === 'bot' && m.msgType === 'text'), 15_000);
  return { answer: answer.content, file: async () => {
    const file = await eventually(() => store.messagesIn(chatId).slice(before).find((m) => m.msgType === 'file'), 15_000);
    // The upload went through the Open API's file endpoint, then the file message was sent.
    expect(store.calls.filter((c) => c.path.endsWith('/im/v1/files') && c.code === 0).length).toBe(uploadsBefore + 1);
    const key = (JSON.parse(file.content) as { file_key: string }).file_key;
    const download = await fetch(`${bot.url}/emulator/api/files/${key}`);
    expect(download.status).toBe(200);
    expect(decodeURIComponent(download.headers.get('content-disposition') ?? '')).toMatch(/工单导出-\d{8}-\d{4}\.xlsx/);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const sheets = await readXlsxFile(bytes);
    return sheets.map((s) => ({ sheet: s.sheet, rows: s.data.map((r) => r.map((c) => String(c ?? ''))) }));
  } };
}

describe('工单 导出: the matching tickets with their timelines, as .xlsx, to whoever asked', () => {
  it('sends the file through the Open API (upload, then the file message), scoped by permission and filters', async () => {
    const a = await log('ex-1', '幸福小区3栋路灯坏了三天', '幸福小区');
    const b = await log('ex-2', '光明路噪音扰民', '光明路');
    const c = await log('ex-3', '和平街井盖缺失', '和平街');
    for (const [id, unit] of [[a, 'dz'], [b, 'dz'], [c, 'zjj']] as const) {
      expect((await bot.tickets.act({ id, version: 1, op: 'assign', by: 'ou_demo_dispatcher', form: { leadUnit: unit } })).kind).toBe('done');
    }
    expect((await bot.tickets.act({ id: a, version: 2, op: 'accept', by: 'ou_demo_dz_handler', form: {} })).kind).toBe('done');
    expect((await bot.tickets.act({ id: a, version: 3, op: 'progress', by: 'ou_demo_dz_handler', form: { note: '已联系供电所' } })).kind).toBe('done');

    // The 东镇 handler exports: 东镇's two tickets, never 住建局's.
    const dz = await exportAs('ou_demo_dz_handler', '工单 导出');
    expect(dz.answer).toContain('找到 2 件工单');
    const [tickets, timeline] = await dz.file();
    expect(tickets!.sheet).toBe('工单 Tickets');
    const [header, ...rows] = tickets!.rows;
    expect(header).toEqual(expect.arrayContaining(['工单号 No.', '来电人 Caller', '诉求内容 Content', '主办单位 Lead unit', '状态 Status']));
    expect(rows.map((r) => r[0]).sort()).toEqual([a, b].sort());
    const rowA = Object.fromEntries(header!.map((h, i) => [h, rows.find((r) => r[0] === a)![i]]));
    expect(rowA).toMatchObject({ '主办单位 Lead unit': '东镇', '状态 Status': '办理中', '地点 Place': '幸福小区' });
    // Every step of each ticket's timeline, with who did it and what.
    expect(timeline!.sheet).toBe('办理过程 Timeline');
    const steps = timeline!.rows.slice(1).filter((r) => r[0] === a);
    expect(steps.map((r) => r[3])).toEqual(['登记', '派单', '签收', '办理进展']);
    expect(steps[1]).toEqual(expect.arrayContaining(['林派单', '已登记，待派单', '已派单，待签收']));
    expect(steps[1]![6]).toContain('主办 东镇');
    expect(steps[3]).toEqual(expect.arrayContaining(['孙联络', '已联系供电所']));
    expect(timeline!.rows.some((r) => r[0] === c)).toBe(false);

    // The dispatcher's 待签收 export: the two assigned, not the one in hand.
    const waiting = await exportAs('ou_demo_dispatcher', '工单 导出 待签收');
    expect(waiting.answer).toContain('找到 2 件工单');
    const [w] = await waiting.file();
    expect(w!.rows.slice(1).map((r) => r[0]).sort()).toEqual([b, c].sort());
  }, 60_000);

  it('sends no file when nothing matches, and refuses a word that is no filter', async () => {
    const store = bot.emulator!.store;
    const files = () => store.messagesIn('oc_p2p_ou_demo_xl_handler').filter((m) => m.msgType === 'file').length;
    const none = await exportAs('ou_demo_xl_handler', '工单 导出');
    expect(none.answer).toContain('没有符合条件、您有权查看的工单，未生成文件');
    const bad = await exportAs('ou_demo_xl_handler', '工单 导出 火星');
    expect(bad.answer).toContain('看不懂筛选条件「火星」');
    await new Promise((r) => setTimeout(r, 300));
    expect(files()).toBe(0);
  });
});
