import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Govdesk } from '../../src/govdesk.js';
import type { Directory } from '../../src/directory/directory.js';
import { BOT_OPEN_ID } from '../../src/emulator/bot-profile.js';
import { emulatorRoutes } from '../../src/emulator/emulator-routes.js';
import { DEMO_GROUP_ID, EmulatorStore, type EmulatorMessage } from '../../src/emulator/emulator-store.js';
import { FAKE_TENANT_TOKEN } from '../../src/emulator/fake-open-api.js';
import { playLark } from '../../src/emulator/play-lark.js';
import { errorMiddleware } from '../../src/http/error-middleware.js';
import { createLogger } from '../../src/lib/logger.js';
import { createMetrics } from '../../src/lib/metrics.js';
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
const say = (as: string, text: string, chatId = p2p(as), mentions: { openId: string; name: string }[] = [], mentionBot = true) =>
  postJson(`${bot.url}/emulator/api/messages`, { as, chatId, text, mentions, mentionBot });
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
    // Stored under the message id (receive.md: dedupe on message_id), with its event id beside it.
    expect(await bot.models.inboxEvents.countDocuments({ _id: `msg:${mine.messageId}`, eventId: (mine.event as { header: { event_id: string } }).header.event_id })).toBe(1);
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

/** A card the contract refuses: `colour` is no property of markdown (JSON 2.0 refuses unknown properties). */
const BAD_CARD = { schema: '2.0', header: { title: { tag: 'plain_text', content: '被拒的卡片 Refused' } }, body: { elements: [{ tag: 'markdown', content: '这段内容仍会送达 still arrives', colour: 'red' }] } };
const GOOD_CARD = { schema: '2.0', body: { elements: [{ tag: 'markdown', content: '原来的卡片 the card as sent' }] } };
const BAD_PATH = 'ROOT -> body -> elements -> [0] -> colour';

const openApiJson = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${bot.url}/emulator/open-apis${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${FAKE_TENANT_TOKEN}`, ...(init.headers ?? {}) } });
  return { status: res.status, body: (await res.json()) as { code: number; msg: string; data?: { message_id: string } } & Record<string, unknown> };
};
const sendCard = (openId: string, card: unknown) =>
  openApiJson('/im/v1/messages?receive_id_type=open_id', { method: 'POST', body: JSON.stringify({ receive_id: openId, msg_type: 'interactive', content: JSON.stringify(card) }) });
const refusalsIn = (chatId: string) => store().messagesIn(chatId).filter((m) => m.from === 'lark');
const lastCall = () => store().calls.at(-1)!;
/** The bot has handled this event (inbox row done): whatever it was going to enqueue is enqueued. */
const handled = (query: Record<string, unknown>) => eventually(async () => (await bot.models.inboxEvents.findOne(query).lean())?.status === 'done');

describe('the fake Open API refuses the cards Lark refuses', () => {
  it('a card that breaks the contract is answered 230099 naming the rule and the path, is not delivered, and shows in the chat as refused', async () => {
    const LEADER = 'ou_visitor_refused';
    const res = await sendCard(LEADER, BAD_CARD);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(230099);
    expect(res.body.msg).toContain('unsupported_property');
    expect(res.body.msg).toContain(`ErrPath: ${BAD_PATH}`);
    expect(store().messagesIn(p2p(LEADER)).filter((m) => m.from === 'bot')).toEqual([]);
    expect(refusalsIn(p2p(LEADER))).toHaveLength(1);
    expect(refusalsIn(p2p(LEADER))[0]).toMatchObject({ msgType: 'refusal', refusal: { what: 'send', code: 230099, errPath: BAD_PATH, errMsg: expect.stringMatching(/^unsupported_property: property "colour"/) } });
    expect(lastCall()).toMatchObject({ method: 'POST', path: '/open-apis/im/v1/messages', status: 400, code: 230099, msg: expect.stringContaining(BAD_PATH) });

    // A reply with the same card is refused the same way, in the chat of the message replied to.
    const said = await say(ADMIN, '我是谁');
    await botReplyTo(said.body.messageId as string);
    const reply = await openApiJson(`/im/v1/messages/${said.body.messageId as string}/reply`, { method: 'POST', body: JSON.stringify({ msg_type: 'interactive', content: JSON.stringify(BAD_CARD) }) });
    expect(reply).toMatchObject({ status: 400, body: { code: 230099 } });
    expect(refusalsIn(p2p(ADMIN)).at(-1)).toMatchObject({ refusal: { what: 'reply', code: 230099, about: said.body.messageId } });
    // A text message is no card: it goes through.
    expect((await openApiJson('/im/v1/messages?receive_id_type=open_id', { method: 'POST', body: JSON.stringify({ receive_id: LEADER, msg_type: 'text', content: JSON.stringify({ text: 'hi' }) }) })).body.code).toBe(0);
  });

  it('a patch or a delayed update with such a card leaves the card as it was: 230099 and 11311', async () => {
    const DIRECTOR = 'ou_demo_director';
    const sent = await sendCard(DIRECTOR, GOOD_CARD);
    const id = sent.body.data!.message_id;
    const patch = await openApiJson(`/im/v1/messages/${id}`, { method: 'PATCH', body: JSON.stringify({ content: JSON.stringify(BAD_CARD) }) });
    expect(patch).toMatchObject({ status: 400, body: { code: 230099, msg: expect.stringContaining(BAD_PATH) } });
    const update = await openApiJson('/interactive/v1/card/update', { method: 'POST', body: JSON.stringify({ token: store().newActionToken(id), card: BAD_CARD }) });
    expect(update.status).toBe(400);
    expect(update.body.code).toBe(11311);
    expect(update.body.msg).toContain('卡片格式不符合要求');
    expect(update.body.msg).toContain(`ErrPath: ${BAD_PATH}; ErrMsg: unsupported_property`);
    expect(store().message(id)).toMatchObject({ version: 0, content: JSON.stringify(GOOD_CARD) });
    expect(refusalsIn(p2p(DIRECTOR)).map((m) => [m.refusal!.what, m.refusal!.code, m.refusal!.about])).toEqual([
      ['patch', 230099, id],
      ['update', 11311, id],
    ]);
  });

  it("the bot's own card that Lark refuses is followed by its content as text (send, and patch as a text reply)", async () => {
    const DUTY = 'ou_visitor_fallback';
    await bot.outbox.enqueue([{ op: 'send', key: 'emu-refused-send', receiveIdType: 'open_id', receiveId: DUTY, msgType: 'interactive', content: JSON.stringify(BAD_CARD) }]);
    const text = await eventually(() => store().messagesIn(p2p(DUTY)).find((m) => m.from === 'bot' && m.msgType === 'text'));
    expect(JSON.parse(text.content).text).toContain('这段内容仍会送达 still arrives');
    expect(refusalsIn(p2p(DUTY))[0]).toMatchObject({ refusal: { what: 'send', code: 230099, errPath: BAD_PATH } });
    expect(await bot.models.outboxMessages.findById('emu-refused-send').lean()).toMatchObject({ status: 'failed' });
    expect(await bot.models.outboxMessages.findById('emu-refused-send:text').lean()).toMatchObject({ status: 'sent' });

    const card = (await sendCard(DUTY, GOOD_CARD)).body.data!.message_id;
    await bot.outbox.enqueue([{ op: 'patch', key: 'emu-refused-patch', messageId: card, content: JSON.stringify(BAD_CARD) }]);
    const answer = await eventually(() => store().messagesIn(p2p(DUTY)).find((m) => m.from === 'bot' && m.replyTo === card));
    expect(answer.msgType).toBe('text');
    expect(store().message(card)!.version).toBe(0);
    expect(refusalsIn(p2p(DUTY)).at(-1)).toMatchObject({ refusal: { what: 'patch', about: card } });
  });
});

describe('the bot as Lark knows it', () => {
  it('GET bot/v3/info answers with the bot beside code and msg, and the open_id the player mentions', async () => {
    const res = await fetch(`${bot.url}/emulator/open-apis/bot/v3/info`, { headers: { authorization: `Bearer ${FAKE_TENANT_TOKEN}` } });
    expect(await res.json()).toEqual({ code: 0, msg: 'ok', bot: { activate_status: 2, app_name: '政务助手', avatar_url: '', ip_white_list: [], open_id: BOT_OPEN_ID } });
    expect(((await (await fetch(`${bot.url}/emulator/open-apis/bot/v3/info`)).json()) as { code: number }).code).toBe(99991663);
    const said = await say(ADMIN, '帮助', 'oc_demo_group');
    const mentions = (store().message(said.body.messageId as string)!.event as { event: { message: { mentions: { id: { open_id: string } }[] } } }).event.message.mentions;
    expect(mentions[0]!.id.open_id).toBe(BOT_OPEN_ID);
  });
});

describe('chat events the page causes', () => {
  it('opening the direct chat sends bot_p2p_chat_entered_v1: the first time gets the welcome card, the next none', async () => {
    const WHO = 'ou_visitor_enters';
    const enter = () => postJson(`${bot.url}/emulator/api/enter`, { as: WHO });
    const first = await enter();
    expect(first.body).toMatchObject({
      delivery: 200,
      event: { schema: '2.0', header: { event_type: 'im.chat.access_event.bot_p2p_chat_entered_v1' }, event: { chat_id: p2p(WHO), operator_id: { open_id: WHO, union_id: `on_${WHO}` }, last_message_id: '', last_message_create_time: '' } },
    });
    const welcome = await eventually(() => store().messagesIn(p2p(WHO)).find((m) => m.from === 'bot'));
    expect(store().messagesIn(p2p(WHO))).toHaveLength(1);
    expect(welcome.content).toContain('您好，我是政务助手');
    expectValidCard(cardOf(welcome));

    const second = await enter();
    const event = (second.body.event as { header: { event_id: string }; event: { last_message_id: string; last_message_create_time: string } });
    expect(event.event).toMatchObject({ last_message_id: welcome.messageId, last_message_create_time: String(welcome.createdAt) });
    await handled({ eventId: event.header.event_id });
    expect(await bot.models.outboxMessages.countDocuments({ _id: { $regex: `^welcome:p2p:${WHO}` } })).toBe(1);
    expect(store().messagesIn(p2p(WHO)).filter((m) => m.from === 'bot')).toHaveLength(1);
  });

  it("the bot menu's help item sends application.bot.menu_v6 and the help card arrives in the direct chat", async () => {
    const WHO = 'ou_demo_duty2';
    const res = await postJson(`${bot.url}/emulator/api/menu`, { as: WHO, eventKey: 'help' });
    expect(res.body).toMatchObject({
      delivery: 200,
      event: { header: { event_type: 'application.bot.menu_v6' }, event: { operator: { operator_name: '何值班', operator_id: { open_id: WHO } }, event_key: 'help', timestamp: expect.stringMatching(/^\d{10}$/) } },
    });
    const help = await eventually(() => store().messagesIn(p2p(WHO)).find((m) => m.from === 'bot' && m.content.includes('使用帮助')));
    expect(help.replyTo).toBeUndefined();
    expect(store().messagesIn(p2p(WHO)).find((m) => m.msgType === 'menu_event')).toBeDefined();
    expect((await postJson(`${bot.url}/emulator/api/menu`, { as: WHO, eventKey: 'not a key!' })).status).toBe(400);
  });

  it('in the group, @所有人 or a colleague without the @政务助手 box gets no answer; with the box ticked the bot answers', async () => {
    const unanswered = async (text: string, mentions: { openId: string; name: string }[] = []) => {
      const res = await say(ADMIN, text, DEMO_GROUP_ID, mentions, false);
      const id = res.body.messageId as string;
      await handled({ _id: `msg:${id}` });
      return { id, event: store().message(id)!.event as { event: { message: { content: string; mentions?: unknown[] } } } };
    };
    const all = await unanswered('@所有人 帮助');
    expect(all.event.event.message).toMatchObject({ content: JSON.stringify({ text: '@_all 帮助' }), mentions: [{ key: '@_all', id: {}, name: '所有人' }] });
    const plain = await unanswered('帮助');
    expect(plain.event.event.message.mentions).toBeUndefined();
    const colleague = await unanswered('@孙联络 帮助', [{ openId: 'ou_demo_dz_handler', name: '孙联络' }]);
    expect(colleague.event.event.message).toMatchObject({ content: JSON.stringify({ text: '@_user_1 帮助' }), mentions: [{ key: '@_user_1', id: { open_id: 'ou_demo_dz_handler' } }] });
    const ticked = await say(ADMIN, '@所有人 帮助', DEMO_GROUP_ID, [], true);
    expect((await botReplyTo(ticked.body.messageId as string)).content).toContain('使用帮助');
    // The bot answers after the unanswered ones were handled: none of them got a reply.
    const answered = new Set(store().messagesIn(DEMO_GROUP_ID).map((m) => m.replyTo));
    for (const m of [all, plain, colleague]) expect(answered.has(m.id)).toBe(false);
  });
});

describe('card callback answers are judged as Lark judges them', () => {
  // The emulator alone, in front of a stand-in bot whose answer each test sets.
  let answer = { status: 200, body: '{}' };
  const em = { store: new EmulatorStore(), url: '', servers: [] as Server[] };
  const listen = (s: Server) => new Promise<string>((r) => s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
  beforeAll(async () => {
    const fakeBot = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body));
    });
    const botUrl = await listen(fakeBot);
    const player = playLark({ botUrl: () => botUrl, appId: 'cli_emulator', encryptKey: undefined, verificationToken: undefined });
    const page = emulatorRoutes({ store: em.store, player, directory: {} as Directory });
    const app = new Koa();
    app.use(errorMiddleware(createLogger('silent'), createMetrics()));
    app.use(page.router.routes());
    const server = createServer(app.callback());
    em.url = await listen(server);
    em.servers.push(fakeBot, server);
  });
  afterAll(async () => {
    for (const s of em.servers) await new Promise((r) => s.close(r));
  });

  const pressOn = async (card: unknown, body: unknown) => {
    const m = em.store.add({ chatId: DEMO_GROUP_ID, from: 'bot', msgType: 'interactive', content: JSON.stringify(card) });
    answer = { status: 200, body: typeof body === 'string' ? body : JSON.stringify(body) };
    const res = await postJson(`${em.url}/emulator/api/actions`, { as: ADMIN, messageId: m.messageId, value: { a: 'x' }, timezone: 'Asia/Shanghai' });
    return { res, m };
  };

  it('an answer whose card breaks the contract is refused with 200673: the card stays, the person sees the error toast', async () => {
    const { res, m } = await pressOn(GOOD_CARD, { toast: { type: 'success', content: '好了' }, card: { type: 'raw', data: BAD_CARD } });
    expect(res.body).toMatchObject({ status: 200, refused: { code: 200673 }, toast: { type: 'error', content: expect.stringMatching(/^卡片回调响应格式错误 200673 /) } });
    const toastText = (res.body.toast as { content: string }).content;
    expect(toastText).toContain('unsupported_property');
    expect(toastText).toContain('answer.card.data.body.elements[0].colour');
    expect(em.store.message(m.messageId)).toMatchObject({ version: 0, content: JSON.stringify(GOOD_CARD) });
    expect(em.store.messagesIn(DEMO_GROUP_ID).at(-1)).toMatchObject({ from: 'lark', refusal: { what: 'answer', code: 200673, about: m.messageId, errPath: 'answer.card.data.body.elements[0].colour' } });
    expect(em.store.calls.at(-1)).toMatchObject({ method: 'CALLBACK', code: 200673, msg: expect.stringContaining('unsupported_property') });
    // The callback carried the person's time zone, as Lark's does.
    expect(res.body.event).toMatchObject({ header: { event_type: 'card.action.trigger' }, event: { action: { tag: 'button', timezone: 'Asia/Shanghai', value: { a: 'x' } } } });
  });

  it('a malformed answer (not JSON, or a toast Lark does not know) is refused with 200672', async () => {
    for (const body of ['<html>oops</html>', { toast: { type: 'fancy', content: 'x' } }]) {
      const { res, m } = await pressOn(GOOD_CARD, body);
      expect(res.body).toMatchObject({ refused: { code: 200672 }, toast: { type: 'error', content: expect.stringMatching(/^卡片回调响应格式错误 200672 /) } });
      expect(em.store.message(m.messageId)!.version).toBe(0);
    }
  });

  it('a valid answer replaces the card and shows its toast', async () => {
    const next = { schema: '2.0', body: { elements: [{ tag: 'markdown', content: '已处理 done' }] } };
    const { res, m } = await pressOn(GOOD_CARD, { toast: { type: 'success', content: '好了' }, card: { type: 'raw', data: next } });
    expect(res.body).toMatchObject({ status: 200, toast: { type: 'success', content: '好了' } });
    expect(res.body.refused).toBeUndefined();
    expect(em.store.message(m.messageId)).toMatchObject({ version: 1, content: JSON.stringify(next) });
    expect(em.store.calls.at(-1)).toMatchObject({ method: 'CALLBACK', code: 0 });
  });
});
