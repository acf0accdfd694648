import Router from '@koa/router';
import type { Context } from 'koa';
import type { LarkRefusal } from '../cards/contract/lark-refusal.js';
import { readRawBody } from '../http/read-raw-body.js';
import { BOT_NAME, BOT_OPEN_ID } from './bot-profile.js';
import type { EmulatorStore, Refusal } from './emulator-store.js';
import { cardRefusal, cardUpdateRefusal, refusalDetail } from './lark-judge.js';

export const FAKE_TENANT_TOKEN = 't-emulator-tenant-token';

type Json = Record<string, unknown>;

const ok = (ctx: Context, data: Json = {}) => {
  ctx.status = 200;
  ctx.body = { code: 0, msg: 'success', data };
};

const fail = (ctx: Context, status: number, code: number, msg: string) => {
  ctx.status = status;
  ctx.body = { code, msg };
};

async function jsonBody(ctx: Context): Promise<Json> {
  const raw = await readRawBody(ctx.req, 30 * 1024 * 1024);
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Json) : {};
  } catch {
    return {};
  }
}

function readRawBytes(ctx: Context, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    ctx.req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error('file too large'));
      else chunks.push(c);
    });
    ctx.req.once('end', () => resolve(Buffer.concat(chunks)));
    ctx.req.once('error', reject);
  });
}

/** The parts of a multipart/form-data body, by field name. */
export function parseMultipart(body: Buffer, boundary: string): Map<string, { filename?: string; data: Buffer }> {
  const out = new Map<string, { filename?: string; data: Buffer }>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = part.subarray(0, split).toString('utf8');
      const name = /name="([^"]*)"/.exec(head)?.[1];
      const filename = /filename="([^"]*)"/.exec(head)?.[1];
      if (name) out.set(name, { ...(filename !== undefined ? { filename } : {}), data: part.subarray(split + 4) });
    }
    at = next;
  }
  return out;
}

const messageData = (m: { messageId: string; chatId: string; msgType: string; content: string; createdAt: number }) => ({
  message_id: m.messageId,
  chat_id: m.chatId,
  msg_type: m.msgType,
  create_time: String(m.createdAt),
  body: { content: m.content },
  sender: { id: 'cli_emulator', id_type: 'app_id', sender_type: 'app' },
});

/**
 * Lark refused the card: HTTP 400 with its {code, msg}; nothing is delivered, and the chat shows
 * the refusal where the card would have been.
 */
function refuse(ctx: Context, store: EmulatorStore, where: { chatId: string; what: Refusal['what']; about?: string }, refusal: LarkRefusal, content: string) {
  fail(ctx, 400, refusal.code, refusal.msg);
  store.refuse(where.chatId, { what: where.what, code: refusal.code, msg: refusal.msg, ...refusalDetail(refusal.msg), ...(where.about ? { about: where.about } : {}) }, content);
}

/** A card message's content is judged as Lark judges it; other message types pass. */
const refusalOf = (msgType: string, content: string) => (msgType === 'interactive' ? cardRefusal(content) : null);

/**
 * The part of Lark's Open API govdesk calls, answering as Lark does ({code, msg, data}), and
 * recording each message into the emulator's chats: sends to people and chats, replies, card
 * patches, delayed card updates (by callback token), urgent flags and file messages. Sends are
 * deduplicated by `uuid`; the next N message calls can be answered with the rate-limit error.
 * Cards are judged by the card contract: one Lark would refuse is answered with Lark's refusal
 * (230099 / 230025; 11311 for a delayed update), is not delivered, and shows in the chat.
 */
export function fakeOpenApiRouter(store: EmulatorStore, prefix: string): Router {
  const router = new Router({ prefix: `${prefix}/open-apis` });

  router.use(async (ctx, next) => {
    await next();
    const answer = ctx.body as { code?: number; msg?: string } | undefined;
    store.record({ method: ctx.method, path: ctx.path.slice(prefix.length), status: ctx.status, code: answer?.code ?? -1, msg: answer?.msg ?? '' });
  });

  const authorized = (ctx: Context) => {
    if (ctx.get('authorization') === `Bearer ${FAKE_TENANT_TOKEN}`) return true;
    fail(ctx, 400, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    return false;
  };
  const rateLimited = (ctx: Context) => {
    if (store.rateLimitNext <= 0) return false;
    store.rateLimitNext--;
    ctx.set('x-ogw-ratelimit-limit', '5');
    ctx.set('x-ogw-ratelimit-reset', '1');
    fail(ctx, 429, 99991400, 'request trigger frequency limit');
    return true;
  };

  router.post('/auth/v3/tenant_access_token/internal', async (ctx) => {
    await jsonBody(ctx);
    ctx.body = { code: 0, msg: 'ok', tenant_access_token: FAKE_TENANT_TOKEN, expire: 7200 };
  });

  // The bot's own identity; `bot` sits beside code and msg, not under data (bot-v3 obtain-bot-info).
  router.get('/bot/v3/info', (ctx) => {
    if (!authorized(ctx)) return;
    ctx.body = { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: BOT_NAME, avatar_url: '', ip_white_list: [], open_id: BOT_OPEN_ID } };
  });

  router.post('/im/v1/messages', async (ctx) => {
    const body = await jsonBody(ctx);
    if (!authorized(ctx) || rateLimited(ctx)) return;
    const type = String(ctx.query.receive_id_type ?? '');
    const receiveId = String(body.receive_id ?? '');
    if (!receiveId || typeof body.content !== 'string' || typeof body.msg_type !== 'string') return fail(ctx, 400, 230001, 'invalid request: receive_id, msg_type and content are required');
    let chatId: string;
    if (type === 'chat_id') {
      if (!store.chat(receiveId)) return fail(ctx, 400, 230002, 'Bot/User can NOT be out of the chat.');
      chatId = receiveId;
    } else if (type === 'open_id') {
      chatId = store.p2p(receiveId).chatId;
    } else return fail(ctx, 400, 230001, `receive_id_type ${type} is not supported by the emulator`);
    const refusal = refusalOf(body.msg_type, body.content);
    if (refusal) return refuse(ctx, store, { chatId, what: 'send' }, refusal, body.content);
    const m = store.add({ chatId, from: 'bot', msgType: body.msg_type, content: body.content }, typeof body.uuid === 'string' ? body.uuid : undefined);
    ok(ctx, messageData(m));
  });

  router.post('/im/v1/messages/:id/reply', async (ctx) => {
    const body = await jsonBody(ctx);
    if (!authorized(ctx) || rateLimited(ctx)) return;
    const parent = store.message(ctx.params.id!);
    if (!parent || parent.from === 'lark') return fail(ctx, 400, 230011, 'The message was withdrawn or does not exist.');
    if (typeof body.content !== 'string' || typeof body.msg_type !== 'string') return fail(ctx, 400, 230001, 'invalid request: msg_type and content are required');
    const refusal = refusalOf(body.msg_type, body.content);
    if (refusal) return refuse(ctx, store, { chatId: parent.chatId, what: 'reply', about: parent.messageId }, refusal, body.content);
    const m = store.add({ chatId: parent.chatId, from: 'bot', msgType: body.msg_type, content: body.content, replyTo: parent.messageId }, typeof body.uuid === 'string' ? body.uuid : undefined);
    ok(ctx, messageData(m));
  });

  router.patch('/im/v1/messages/:id', async (ctx) => {
    const body = await jsonBody(ctx);
    if (!authorized(ctx) || rateLimited(ctx)) return;
    const m = store.message(ctx.params.id!);
    if (!m || m.from !== 'bot') return fail(ctx, 400, 230011, 'The message was withdrawn or does not exist.');
    if (m.msgType !== 'interactive') return fail(ctx, 400, 230001, 'only cards can be updated');
    if (typeof body.content !== 'string') return fail(ctx, 400, 230001, 'invalid request: content is required');
    const refusal = cardRefusal(body.content);
    if (refusal) return refuse(ctx, store, { chatId: m.chatId, what: 'patch', about: m.messageId }, refusal, body.content);
    store.update(m.messageId, { content: body.content });
    ok(ctx);
  });

  for (const kind of ['app', 'sms', 'phone'] as const) {
    router.patch(`/im/v1/messages/:id/urgent_${kind}`, async (ctx) => {
      const body = await jsonBody(ctx);
      if (!authorized(ctx)) return;
      const m = store.message(ctx.params.id!);
      if (!m || m.from !== 'bot') return fail(ctx, 400, 230011, 'The message was withdrawn or does not exist.');
      const users = Array.isArray(body.user_id_list) ? body.user_id_list.map(String) : [];
      store.update(m.messageId, { urgent: { kind, users } });
      ok(ctx, { invalid_user_id_list: [] });
    });
  }

  // File upload (for file messages): multipart/form-data with file_type, file_name and file.
  router.post('/im/v1/files', async (ctx) => {
    if (!authorized(ctx)) return;
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(ctx.get('content-type'));
    if (!boundary) return fail(ctx, 400, 234001, 'expected multipart/form-data');
    const raw = await readRawBytes(ctx, 30 * 1024 * 1024);
    const parts = parseMultipart(raw, boundary[1] ?? boundary[2]!);
    const file = parts.get('file');
    const name = parts.get('file_name')?.data.toString('utf8') ?? file?.filename ?? 'file';
    if (!file || file.data.length === 0) return fail(ctx, 400, 234001, 'file is required');
    ok(ctx, { file_key: store.addFile(name, file.data) });
  });

  // Delayed update of the card a callback came from, within 30 min, by the callback's token.
  router.post('/interactive/v1/card/update', async (ctx) => {
    const body = await jsonBody(ctx);
    if (!authorized(ctx)) return;
    const messageId = typeof body.token === 'string' ? store.messageOfToken(body.token) : undefined;
    if (!messageId) return fail(ctx, 400, 200621, 'invalid card update token');
    const card = (body.card ?? {}) as Json;
    const target = store.message(messageId);
    if (!target) return fail(ctx, 400, 200000, 'the card was recalled');
    const refusal = cardUpdateRefusal(card);
    if (refusal) return refuse(ctx, store, { chatId: target.chatId, what: 'update', about: messageId }, refusal, JSON.stringify(card));
    store.update(messageId, { content: JSON.stringify(card) });
    ok(ctx);
  });

  return router;
}
