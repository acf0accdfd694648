import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Govdesk } from '../../src/govdesk.js';
import type { EmulatorMessage } from '../../src/emulator/emulator-store.js';
import { FAKE_TENANT_TOKEN } from '../../src/emulator/fake-open-api.js';
import { loadConfig } from '../../src/config.js';
import { eventually } from '../helpers/test-bot.js';
import { postJson, startEmulatorBot } from '../helpers/emulator-bot.js';
import { expectValidCard } from '../helpers/card-assertions.js';

let bot: Govdesk;
const ADMIN = 'ou_demo_admin';
const p2p = (openId: string) => `oc_p2p_${openId}`;
beforeAll(async () => {
  bot = await startEmulatorBot('emulatorapi');
});
afterAll(async () => {
  await bot.stop();
});

const store = () => bot.emulator!.store;
const say = (as: string, text: string, chatId = p2p(as), mentions: { openId: string; name: string }[] = []) =>
  postJson(`${bot.url}/emulator/api/messages`, { as, chatId, text, mentions });
const botReplyTo = (messageId: string) => eventually(() => store().messagesIn(store().message(messageId)!.chatId).find((m) => m.from === 'bot' && m.replyTo === messageId));
const cardOf = (m: EmulatorMessage) => JSON.parse(m.content) as Record<string, unknown>;

describe('emulator mode', () => {
  it('is on without credentials, loads the demo office into an empty directory, and is off with credentials', async () => {
    expect(bot.emulator).toBeDefined();
    expect(await bot.models.people.countDocuments({ roles: 'admin' })).toBe(1);
    const page = await fetch(`${bot.url}/emulator`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('政务助手');
    for (const asset of ['app.js', 'card-render.js', 'markdown.js', 'app.css', 'vchart.js']) expect((await fetch(`${bot.url}/emulator/assets/${asset}`)).status, asset).toBe(200);
    expect((await fetch(`${bot.url}/emulator/assets/..%2Fpackage.json`)).status).toBe(404);
    expect(loadConfig({ NODE_ENV: 'test', LARK_APP_ID: 'cli_real', LARK_APP_SECRET: 's' }).emulator).toBe(false);
  });
});

describe('a conversation through the real routes', () => {
  it('a message typed on the page reaches /lark/events signed and encrypted, and the reply lands in the chat', async () => {
    const res = await say(ADMIN, '我是谁');
    expect(res).toMatchObject({ status: 200, body: { delivery: 200 } });
    const mine = store().message(res.body.messageId as string)!;
    expect(mine).toMatchObject({ from: ADMIN, msgType: 'text' });
    expect(mine.event).toMatchObject({ header: { event_type: 'im.message.receive_v1' }, event: { message: { chat_type: 'p2p' } } });
    const reply = await botReplyTo(mine.messageId);
    expect(reply.msgType).toBe('interactive');
    expectValidCard(cardOf(reply));
    expect(reply.content).toContain('周管理');
    expect(await bot.models.inboxEvents.countDocuments({ _id: (mine.event as { header: { event_id: string } }).header.event_id })).toBe(1);
  });

  it('a button pressed on a card replaces the card in place and returns the toast', async () => {
    const asked = await say(ADMIN, '今天天气怎么样');
    const card = await botReplyTo(asked.body.messageId as string);
    expect(card.content).toContain('help.show');
    const res = await postJson(`${bot.url}/emulator/api/actions`, { as: ADMIN, messageId: card.messageId, value: { a: 'help.show' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 200, toast: { type: 'info' } });
    const updated = store().message(card.messageId)!;
    expect(updated.version).toBe(1);
    expect(updated.content).toContain('使用帮助');
    expect(res.body.event).toMatchObject({ header: { event_type: 'card.action.trigger' }, event: { context: { open_message_id: card.messageId } } });
  });

  it('in the demo group the bot is @mentioned for the person, and mentions of colleagues arrive as mentions', async () => {
    const res = await say(ADMIN, '授权 @孙联络 dispatcher', 'oc_demo_group', [{ openId: 'ou_demo_dz_handler', name: '孙联络' }]);
    const reply = await botReplyTo(res.body.messageId as string);
    expect(reply.chatId).toBe('oc_demo_group');
    expect(JSON.parse(reply.content).text).toContain('已为 孙联络 授予「派单员」角色');
    expect((await bot.models.people.findById('ou_demo_dz_handler').lean())?.roles).toContain('dispatcher');
  });

  it('someone not in the directory can still talk, and is told they are not registered', async () => {
    const res = await say('ou_visitor_0001', '你好');
    const reply = await botReplyTo(res.body.messageId as string);
    expect(reply.content).toContain('您尚未登记');
  });

  it('bad input is refused with 400 and a reason, and nothing is sent', async () => {
    const before = store().calls.length;
    for (const [body, reason] of [
      [{ as: 'nobody', chatId: 'x', text: 'hi' }, 'open_id'],
      [{ as: ADMIN, chatId: p2p(ADMIN), text: '   ' }, 'empty message'],
      [{ as: ADMIN, chatId: 'oc_nowhere', text: 'hi' }, 'unknown chat'],
      [{ as: ADMIN, chatId: p2p('ou_demo_intake'), text: 'hi' }, 'someone else'],
    ] as const) {
      const res = await postJson(`${bot.url}/emulator/api/messages`, body);
      expect(res.status).toBe(400);
      expect(String(res.body.msg)).toContain(reason);
    }
    expect((await postJson(`${bot.url}/emulator/api/actions`, { as: ADMIN, messageId: 'om_none' })).status).toBe(400);
    expect(store().calls.length).toBe(before);
  });
});

describe('the fake Open API answers as Lark does', () => {
  const openApi = (path: string, init: RequestInit = {}) =>
    fetch(`${bot.url}/emulator/open-apis${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${FAKE_TENANT_TOKEN}`, ...(init.headers ?? {}) } });

  it('records sends, dedupes by uuid, marks urgent messages and applies delayed card updates', async () => {
    const send = () => openApi('/im/v1/messages?receive_id_type=open_id', { method: 'POST', body: JSON.stringify({ receive_id: 'ou_demo_director', msg_type: 'interactive', content: JSON.stringify({ schema: '2.0', body: { elements: [] } }), uuid: 'u-1' }) });
    const first = (await (await send()).json()) as { code: number; data: { message_id: string } };
    const again = (await (await send()).json()) as { code: number; data: { message_id: string } };
    expect(first.code).toBe(0);
    expect(again.data.message_id).toBe(first.data.message_id);
    const id = first.data.message_id;
    expect(store().message(id)).toMatchObject({ chatId: p2p('ou_demo_director'), from: 'bot' });
    const urgent = (await (await openApi(`/im/v1/messages/${id}/urgent_app?user_id_type=open_id`, { method: 'PATCH', body: JSON.stringify({ user_id_list: ['ou_demo_director'] }) })).json()) as { code: number };
    expect(urgent.code).toBe(0);
    expect(store().message(id)?.urgent).toEqual({ kind: 'app', users: ['ou_demo_director'] });
    const token = store().newActionToken(id);
    const upd = (await (await openApi('/interactive/v1/card/update', { method: 'POST', body: JSON.stringify({ token, card: { schema: '2.0', body: { elements: [{ tag: 'markdown', content: '已处理' }] } } }) })).json()) as { code: number };
    expect(upd.code).toBe(0);
    expect(store().message(id)?.content).toContain('已处理');
    const bad = await openApi('/interactive/v1/card/update', { method: 'POST', body: JSON.stringify({ token: 'c-nope', card: {} }) });
    expect(((await bad.json()) as { code: number }).code).not.toBe(0);
  });

  it('refuses a bad token with 99991663, and rate-limits when asked; the bot retries and delivers once', async () => {
    const noToken = await fetch(`${bot.url}/emulator/open-apis/im/v1/messages?receive_id_type=open_id`, { method: 'POST', body: '{}' });
    expect(((await noToken.json()) as { code: number }).code).toBe(99991663);
    expect((await postJson(`${bot.url}/emulator/api/simulate`, { rateLimitNext: 2 })).status).toBe(200);
    const res = await say(ADMIN, '帮助');
    const reply = await botReplyTo(res.body.messageId as string);
    expect(reply.content).toContain('使用帮助');
    const replies = store().messagesIn(p2p(ADMIN)).filter((m) => m.replyTo === res.body.messageId);
    expect(replies).toHaveLength(1);
    expect(store().calls.filter((c) => c.status === 429)).toHaveLength(2);
  });

  it('takes a file upload and shows the file message, downloadable under its name', async () => {
    const form = new FormData();
    form.append('file_type', 'xls');
    form.append('file_name', '11月督查通报.xlsx');
    form.append('file', new Blob([Buffer.from('PK\u0003\u0004 fake xlsx')]), '11月督查通报.xlsx');
    const up = (await (await fetch(`${bot.url}/emulator/open-apis/im/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${FAKE_TENANT_TOKEN}` }, body: form })).json()) as { code: number; data: { file_key: string } };
    expect(up.code).toBe(0);
    const sent = (await (await openApi('/im/v1/messages?receive_id_type=open_id', { method: 'POST', body: JSON.stringify({ receive_id: ADMIN, msg_type: 'file', content: JSON.stringify({ file_key: up.data.file_key }) }) })).json()) as { code: number };
    expect(sent.code).toBe(0);
    const file = await fetch(`${bot.url}/emulator/api/files/${up.data.file_key}`);
    expect(file.status).toBe(200);
    expect(decodeURIComponent(file.headers.get('content-disposition') ?? '')).toContain('11月督查通报.xlsx');
    expect(Buffer.from(await file.arrayBuffer()).toString()).toContain('fake xlsx');
  });

  it('streams every change to the page (server-sent events)', async () => {
    const ac = new AbortController();
    const res = await fetch(`${bot.url}/emulator/api/stream`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const said = await say(ADMIN, '帮助');
    let text = '';
    await eventually(async () => {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
      return text.includes(`"replyTo":"${said.body.messageId}"`);
    });
    expect(text).toContain('event: message');
    ac.abort();
  });
});
