import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Govdesk } from '../../src/govdesk.js';
import { eventually } from '../helpers/test-bot.js';
import { postJson, startEmulatorBot } from '../helpers/emulator-bot.js';

let bot: Govdesk;
beforeAll(async () => {
  bot = await startEmulatorBot('reportfile');
});
afterAll(async () => {
  await bot.stop();
});

describe('报表 导出: the file reaches the person who asked (Lark file message)', () => {
  it('uploads the .xlsx and sends it as a file message', async () => {
    const logged = await bot.tickets.intake({ intake: { callerName: '张三', phone: '13812345678', anonymous: false, channel: 'phone', category: 'help', content: '幸福小区3栋路灯坏了三天', place: '幸福小区', urgency: 'normal', outOfScope: '' }, by: 'ou_demo_intake', key: 'rf-1' });
    if ('refused' in logged) throw new Error('refused');
    const ticket = logged.ticket._id;
    await bot.tickets.act({ id: ticket, version: 1, op: 'assign', by: 'ou_demo_dispatcher', form: { leadUnit: 'dz' } });
    const res = await postJson(`${bot.url}/emulator/api/messages`, { as: 'ou_demo_leader', chatId: 'oc_p2p_ou_demo_leader', text: '报表 导出 本月' });
    expect(res.status).toBe(200);
    const store = bot.emulator!.store;
    const file = await eventually(() => store.messagesIn('oc_p2p_ou_demo_leader').find((m) => m.msgType === 'file'), 15_000);
    const key = (JSON.parse(file.content) as { file_key: string }).file_key;
    const download = await fetch(`${bot.url}/emulator/api/files/${key}`);
    expect(download.status).toBe(200);
    expect(decodeURIComponent(download.headers.get('content-disposition') ?? '')).toContain('工单台账-');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    // Opened, the ledger has the office's columns and every code as its Chinese label.
    const [ledger] = await readXlsxFile(bytes);
    const [header, ...rows] = ledger!.data.map((r) => r.map((c) => String(c ?? '')));
    expect(header).toEqual(expect.arrayContaining(['来电人 Caller', '联系电话 Phone', '诉求内容 Content', '派单时间 Assigned', '办理期限 Deadline', '办结日期 Closed', '办理结果 Result', '答复内容 Reply given', '延期 Extensions']));
    const row = Object.fromEntries(header!.map((h, i) => [h, rows.find((r) => r[0] === ticket)![i]]));
    expect(row).toMatchObject({ '类别 Category': '求助', '来源 Channel': '电话', '来电人 Caller': '张三', '联系电话 Phone': '13812345678', '主办单位 Lead unit': '东镇', '状态 Status': '已派单，待签收' });
    // Asked by someone who may not see reports: refused, no file.
    await postJson(`${bot.url}/emulator/api/messages`, { as: 'ou_demo_intake', chatId: 'oc_p2p_ou_demo_intake', text: '报表 导出' });
    await eventually(() => store.messagesIn('oc_p2p_ou_demo_intake').some((m) => m.from === 'bot' && m.content.includes('您没有权限查看报表')));
    expect(store.messagesIn('oc_p2p_ou_demo_intake').some((m) => m.msgType === 'file')).toBe(false);
  }, 30_000);
});
