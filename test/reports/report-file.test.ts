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
    const res = await postJson(`${bot.url}/emulator/api/messages`, { as: 'ou_demo_leader', chatId: 'oc_p2p_ou_demo_leader', text: '报表 导出 本月' });
    expect(res.status).toBe(200);
    const store = bot.emulator!.store;
    const file = await eventually(() => store.messagesIn('oc_p2p_ou_demo_leader').find((m) => m.msgType === 'file'), 15_000);
    const key = (JSON.parse(file.content) as { file_key: string }).file_key;
    const download = await fetch(`${bot.url}/emulator/api/files/${key}`);
    expect(download.status).toBe(200);
    expect(decodeURIComponent(download.headers.get('content-disposition') ?? '')).toContain('工单台账-');
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    // Asked by someone who may not see reports: refused, no file.
    await postJson(`${bot.url}/emulator/api/messages`, { as: 'ou_demo_intake', chatId: 'oc_p2p_ou_demo_intake', text: '报表 导出' });
    await eventually(() => store.messagesIn('oc_p2p_ou_demo_intake').some((m) => m.from === 'bot' && m.content.includes('您没有权限查看报表')));
    expect(store.messagesIn('oc_p2p_ou_demo_intake').some((m) => m.msgType === 'file')).toBe(false);
  }, 30_000);
});
