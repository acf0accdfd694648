import { createReadStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Directory } from '../directory/directory.js';
import { readRawBody } from '../http/read-raw-body.js';
import { badRequest } from '../lib/errors.js';
import { packageRoot } from '../lib/package-root.js';
import { BOT_NAME } from './bot-profile.js';
import { DEMO_GROUP_ID, newMessageId, p2pChatId, type EmulatorChange, type EmulatorMessage, type EmulatorStore } from './emulator-store.js';
import { answerErrorToast, judgeCardAnswer } from './lark-judge.js';
import type { Delivered, LarkPlayer } from './play-lark.js';

export const EMULATOR_PATH = '/emulator';

const ASSETS: Record<string, string> = {
  'app.js': 'application/javascript; charset=utf-8',
  'card-render.js': 'application/javascript; charset=utf-8',
  'markdown.js': 'application/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

const openId = z.string().regex(/^ou_[A-Za-z0-9_-]{1,64}$/, 'an open_id starts with ou_');
const sendSchema = z.object({
  as: openId,
  chatId: z.string().min(1).max(128),
  text: z.string().trim().min(1, 'empty message').max(4000, 'message too long'),
  mentions: z.array(z.object({ openId, name: z.string().min(1).max(64) })).max(20).default([]),
  /** In a group: whether the bot is @mentioned (the page's "@政务助手" box). */
  mentionBot: z.boolean().default(true),
});
/** The person's IANA zone (Intl's resolvedOptions().timeZone), e.g. Asia/Shanghai or UTC. */
const timezone = z.string().regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, 'an IANA time zone, e.g. Asia/Shanghai').max(64);
const serverZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const actionSchema = z.object({
  as: openId,
  messageId: z.string().min(1).max(128),
  value: z.record(z.string(), z.unknown()).default({}),
  tag: z.string().min(1).max(64).default('button'),
  name: z.string().max(128).optional(),
  formValue: z.record(z.string(), z.unknown()).optional(),
  option: z.string().max(512).optional(),
  checked: z.boolean().optional(),
  inputValue: z.string().max(4000).optional(),
  timezone: timezone.optional(),
});
const enterSchema = z.object({ as: openId });
/** A bot menu item's key as set in the developer console (1–30 characters, bot-menu-event.md). */
const menuSchema = z.object({ as: openId, eventKey: z.string().regex(/^[A-Za-z0-9_.-]{1,30}$/, 'a menu event_key is 1–30 letters, digits, _ . -') });
const simulateSchema = z.object({ rateLimitNext: z.number().int().min(0).max(1000) });

async function body<T>(ctx: Context, schema: z.ZodType<T>): Promise<T> {
  const raw = await readRawBody(ctx.req, 256 * 1024);
  let json: unknown;
  try {
    json = raw ? JSON.parse(raw) : {};
  } catch {
    throw badRequest('body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

/**
 * What Lark makes of the bot's answer to a card callback: a valid answer's card replaces the
 * card for everyone; one Lark's client rejects (200672 / 200673) changes nothing, shows the
 * client's error toast, and is noted in the chat and the Developer panel.
 */
function answerCallback(store: EmulatorStore, message: EmulatorMessage, res: Delivered): { status: number; toast: unknown; refused?: { code: number; msg: string } } {
  const record = (code: number, msg: string) => store.record({ method: 'CALLBACK', path: '/lark/card', status: res.status, code, msg });
  if (res.status !== 200) {
    record(200671, `the callback answered HTTP ${res.status}`);
    return { status: res.status, toast: null };
  }
  const verdict = judgeCardAnswer(res.text);
  if (!verdict.ok) {
    record(verdict.code, verdict.msg);
    const v = verdict.violation;
    store.refuse(message.chatId, { what: 'answer', code: verdict.code, msg: verdict.msg, errMsg: v ? `${v.rule}: ${v.message}` : verdict.msg, ...(v ? { errPath: v.path } : {}), about: message.messageId }, res.text);
    return { status: res.status, toast: answerErrorToast(verdict.code, verdict.msg), refused: { code: verdict.code, msg: verdict.msg } };
  }
  record(0, 'ok');
  const card = verdict.answer.card as { type?: string; data?: unknown } | undefined;
  if (card?.type === 'raw' && card.data) store.update(message.messageId, { content: JSON.stringify(card.data) });
  return { status: res.status, toast: verdict.answer.toast ?? null };
}

const vchartFile = (): string | null => {
  try {
    const pkg = createRequire(import.meta.url).resolve('@visactor/vchart/package.json');
    const file = join(dirname(pkg), 'build', 'index.min.js');
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
};

/** The emulator's page, its assets and its API (the page's side of the conversation). */
export function emulatorRoutes(deps: { store: EmulatorStore; player: LarkPlayer; directory: Directory }) {
  const { store, player, directory } = deps;
  const router = new Router({ prefix: EMULATOR_PATH });
  const publicDir = join(packageRoot(), 'public', 'emulator');
  const streams = new Set<PassThrough>();

  router.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('cache-control', 'no-store');
    ctx.body = createReadStream(join(publicDir, 'index.html'));
  });

  router.get('/assets/:name', (ctx) => {
    const name = ctx.params.name!;
    if (name === 'vchart.js') {
      const file = vchartFile();
      if (!file) return void (ctx.status = 404);
      ctx.type = 'application/javascript; charset=utf-8';
      ctx.set('cache-control', 'max-age=86400');
      ctx.body = createReadStream(file);
      return;
    }
    const type = ASSETS[name];
    if (!type) return void (ctx.status = 404);
    ctx.type = type;
    ctx.set('cache-control', 'no-cache');
    ctx.body = createReadStream(join(publicDir, name));
  });

  router.get('/api/directory', async (ctx) => {
    const [people, units] = await Promise.all([directory.people(), directory.units()]);
    const unitName = new Map(units.map((u) => [u.code, u.name]));
    ctx.body = {
      bot: { name: BOT_NAME },
      people: people.map((p) => ({ openId: p.openId, name: p.name, title: p.title, unit: p.unit, unitName: unitName.get(p.unit) ?? '', roles: p.roles })),
    };
  });

  router.get('/api/chats', async (ctx) => {
    const as = openId.safeParse(ctx.query.as);
    if (!as.success) throw badRequest('as: an open_id starts with ou_');
    const person = await directory.person(as.data);
    ctx.body = {
      chats: store.chatsOf(as.data, person ? `${BOT_NAME} · ${person.name}` : BOT_NAME).map((c) => ({
        chatId: c.chatId,
        type: c.type,
        name: c.type === 'p2p' ? BOT_NAME : c.name,
        messages: store.messagesIn(c.chatId),
      })),
    };
  });

  router.get('/api/files/:key', (ctx) => {
    const file = store.file(ctx.params.key!);
    if (!file) return void (ctx.status = 404);
    ctx.attachment(file.name);
    ctx.body = file.data;
  });

  router.get('/api/calls', (ctx) => {
    ctx.body = { calls: store.calls.slice(-200), rateLimitNext: store.rateLimitNext };
  });

  router.get('/api/stream', (ctx) => {
    const stream = new PassThrough();
    streams.add(stream);
    const send = (change: EmulatorChange) => stream.write(`event: ${change.kind}\ndata: ${JSON.stringify(change.kind === 'call' ? change.call : change.message)}\n\n`);
    store.on('change', send);
    const ping = setInterval(() => stream.write(': ping\n\n'), 15_000);
    const done = () => {
      clearInterval(ping);
      store.off('change', send);
      streams.delete(stream);
    };
    ctx.req.once('close', done);
    stream.once('close', done);
    ctx.type = 'text/event-stream; charset=utf-8';
    ctx.set('cache-control', 'no-cache');
    ctx.set('x-accel-buffering', 'no');
    ctx.body = stream;
    stream.write('retry: 1000\n\n');
  });

  router.post('/api/messages', async (ctx) => {
    const m = await body(ctx, sendSchema);
    if (m.chatId.startsWith('oc_p2p_') && m.chatId !== p2pChatId(m.as)) throw badRequest('that direct chat belongs to someone else');
    const chat = m.chatId === p2pChatId(m.as) ? store.p2p(m.as) : store.chat(m.chatId);
    if (!chat) throw badRequest(`unknown chat ${m.chatId}`);
    if (chat.chatId === DEMO_GROUP_ID && !chat.members.includes(m.as)) chat.members.push(m.as);
    const messageId = newMessageId();
    const built = player.message({ openId: m.as, chatId: chat.chatId, chatType: chat.type, messageId, text: m.text, mentions: m.mentions, mentionBot: m.mentionBot });
    store.add({ chatId: chat.chatId, from: m.as, msgType: 'text', content: JSON.stringify({ text: m.text }), event: built.envelope }, undefined, messageId);
    const res = await built.send();
    ctx.body = { messageId, delivery: res.status };
  });

  router.post('/api/actions', async (ctx) => {
    const a = await body(ctx, actionSchema);
    const message = store.message(a.messageId);
    if (!message || message.msgType !== 'interactive') throw badRequest(`no card ${a.messageId}`);
    const token = store.newActionToken(message.messageId);
    const built = player.cardAction({
      openId: a.as,
      messageId: message.messageId,
      chatId: message.chatId,
      token,
      value: a.value,
      tag: a.tag,
      timezone: a.timezone ?? serverZone(),
      ...(a.name ? { name: a.name } : {}),
      ...(a.formValue ? { formValue: a.formValue } : {}),
      ...(a.option !== undefined ? { option: a.option } : {}),
      ...(a.checked !== undefined ? { checked: a.checked } : {}),
      ...(a.inputValue !== undefined ? { inputValue: a.inputValue } : {}),
    });
    const res = await built.send();
    ctx.body = { ...answerCallback(store, message, res), event: built.envelope, answer: res.body };
  });

  // The person opens their direct chat with the bot (Lark sends this on every entry).
  router.post('/api/enter', async (ctx) => {
    const e = await body(ctx, enterSchema);
    const person = await directory.person(e.as);
    const chat = store.p2p(e.as, person ? `${BOT_NAME} · ${person.name}` : BOT_NAME);
    const last = store.messagesIn(chat.chatId).filter((m) => m.from !== 'lark').at(-1);
    const built = player.p2pEntered({ openId: e.as, chatId: chat.chatId, lastMessageId: last?.messageId ?? '', lastMessageCreateTime: last ? String(last.createdAt) : '' });
    const res = await built.send();
    ctx.body = { event: built.envelope, delivery: res.status };
  });

  // A bot menu item pressed in the direct chat (menus exist only there, bot-customized-menu.md).
  router.post('/api/menu', async (ctx) => {
    const m = await body(ctx, menuSchema);
    const person = await directory.person(m.as);
    const chat = store.p2p(m.as, person ? `${BOT_NAME} · ${person.name}` : BOT_NAME);
    const built = player.botMenu({ openId: m.as, eventKey: m.eventKey, ...(person ? { name: person.name } : {}) });
    store.add({ chatId: chat.chatId, from: m.as, msgType: 'menu_event', content: JSON.stringify({ event_key: m.eventKey }), event: built.envelope });
    const res = await built.send();
    ctx.body = { event: built.envelope, delivery: res.status };
  });

  router.post('/api/simulate', async (ctx) => {
    const s = await body(ctx, simulateSchema);
    store.rateLimitNext = s.rateLimitNext;
    ctx.body = { rateLimitNext: store.rateLimitNext };
  });

  return {
    router,
    /** Ends the live streams (they would otherwise hold the server open on shutdown). */
    close() {
      for (const s of streams) s.end();
    },
  };
}
