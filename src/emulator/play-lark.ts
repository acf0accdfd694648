import { randomBytes, randomUUID } from 'node:crypto';
import { BOT_MENU_EVENT, CARD_ACTION_EVENT, MESSAGE_RECEIVE_EVENT, P2P_ENTERED_EVENT } from '../lark/envelope.js';
import { computeSignature, encryptPayload } from '../lark/lark-crypto.js';
import { BOT_NAME, BOT_OPEN_ID, BOT_UNION_ID } from './bot-profile.js';

export interface PlayLarkOptions {
  /** Where the bot listens (its own server, on loopback). */
  botUrl: () => string;
  appId: string;
  /** Unset: deliveries go in plain JSON, unsigned (as Lark does when the app has no encrypt key). */
  encryptKey: string | undefined;
  verificationToken: string | undefined;
}

export interface Mention {
  openId: string;
  name: string;
}

export interface CardActionInput {
  openId: string;
  messageId: string;
  chatId: string;
  token: string;
  value: unknown;
  tag: string;
  /** The person's IANA time zone, e.g. "Asia/Shanghai". */
  timezone: string;
  name?: string;
  formValue?: Record<string, unknown>;
  option?: string;
  checked?: boolean;
  inputValue?: string;
}

/** What the bot answered a delivery: HTTP status, the raw body, and the body as JSON when it is JSON. */
export interface Delivered {
  status: number;
  text: string;
  body: Record<string, unknown>;
}

const TENANT = 'emulator-tenant';
const eventId = () => `ev_emu_${randomBytes(12).toString('hex')}`;
/** A person's ids as Lark gives them (no user_id: the app has no employee-id permission). */
const ids = (openId: string) => ({ union_id: `on_${openId}`, user_id: null, open_id: openId });
/** The @所有人 mention as received (events.md 5.1: key "@_all", id {}). */
const ALL = { key: '@_all', id: {}, name: '所有人' };
const ALL_WORD = '@所有人';

/**
 * The text with Lark's mention keys and the mentions list: the bot first (when mentioned, in a
 * group), then colleagues numbered in the order they are written; @所有人 (groups only) as @_all.
 */
function mentionsOf(m: { chatType: 'p2p' | 'group'; text: string; mentions: Mention[]; mentionBot: boolean }) {
  const group = m.chatType === 'group';
  const bot = group && m.mentionBot ? [{ key: '@_user_1', id: { open_id: BOT_OPEN_ID, union_id: BOT_UNION_ID, user_id: null }, name: BOT_NAME, tenant_key: TENANT }] : [];
  const named = m.mentions.filter((p) => m.text.includes(`@${p.name}`)).sort((a, b) => m.text.indexOf(`@${a.name}`) - m.text.indexOf(`@${b.name}`));
  const people = named.map((p, i) => ({ key: `@_user_${bot.length + i + 1}`, id: ids(p.openId), name: p.name, tenant_key: TENANT }));
  let text = m.text;
  for (const [i, p] of named.entries()) text = text.replace(`@${p.name}`, people[i]!.key);
  const all = group && text.includes(ALL_WORD) ? [ALL] : [];
  if (all.length > 0) text = text.split(ALL_WORD).join(ALL.key);
  if (bot.length > 0) text = `${bot[0]!.key} ${text}`;
  return { text, mentions: [...bot, ...people, ...all] };
}

/**
 * Plays Lark towards the bot: builds events shaped as Lark sends them, encrypts them with the
 * encrypt key, signs them (X-Lark-Signature over the raw body) and posts them to the bot's own
 * /lark/events and /lark/card routes, exactly the way Lark would.
 */
export function playLark(opts: PlayLarkOptions) {
  const header = (type: string) => ({
    event_id: eventId(),
    event_type: type,
    create_time: String(Date.now()),
    token: opts.verificationToken ?? '',
    app_id: opts.appId,
    tenant_key: TENANT,
  });

  async function deliver(path: '/lark/events' | '/lark/card', envelope: unknown): Promise<Delivered> {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    let body = JSON.stringify(envelope);
    if (opts.encryptKey) {
      body = JSON.stringify({ encrypt: encryptPayload(opts.encryptKey, body) });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomUUID();
      headers['x-lark-request-timestamp'] = timestamp;
      headers['x-lark-request-nonce'] = nonce;
      headers['x-lark-signature'] = computeSignature(timestamp, nonce, opts.encryptKey, body);
    }
    const res = await fetch(`${opts.botUrl()}${path}`, { method: 'POST', headers, body });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    return { status: res.status, text, body: parsed };
  }

  return {
    /**
     * `im.message.receive_v1` for a text a person typed (receive.md's example). In a group the
     * bot is @mentioned first when `mentionBot` (the page's "@政务助手" box); colleagues named
     * `@姓名` are mentioned where they stand, and "@所有人" becomes `@_all` — Lark delivers every
     * group message to an app with 获取群组中所有消息, so the bot must tell which are for it.
     */
    message(m: { openId: string; chatId: string; chatType: 'p2p' | 'group'; messageId: string; text: string; mentions: Mention[]; mentionBot: boolean }) {
      const { text, mentions } = mentionsOf(m);
      const envelope = {
        schema: '2.0',
        header: header(MESSAGE_RECEIVE_EVENT),
        event: {
          sender: { sender_id: ids(m.openId), sender_type: 'user', tenant_key: TENANT },
          message: {
            message_id: m.messageId,
            root_id: '',
            parent_id: '',
            create_time: String(Date.now()),
            update_time: String(Date.now()),
            chat_id: m.chatId,
            chat_type: m.chatType,
            message_type: 'text',
            content: JSON.stringify({ text }),
            ...(mentions.length > 0 ? { mentions } : {}),
            user_agent: 'govdesk-emulator',
          },
        },
      };
      return { envelope, send: () => deliver('/lark/events', envelope) };
    },

    /**
     * `im.chat.access_event.bot_p2p_chat_entered_v1` when a person opens their direct chat with
     * the bot (bot_p2p_chat_entered.md): the chat, who, and the newest message they can see.
     */
    p2pEntered(e: { openId: string; chatId: string; lastMessageId: string; lastMessageCreateTime: string }) {
      const envelope = {
        schema: '2.0',
        header: header(P2P_ENTERED_EVENT),
        event: { chat_id: e.chatId, operator_id: ids(e.openId), last_message_id: e.lastMessageId, last_message_create_time: e.lastMessageCreateTime },
      };
      return { envelope, send: () => deliver('/lark/events', envelope) };
    },

    /**
     * `application.bot.menu_v6` when a person presses a bot menu item of type "push event"
     * (bot-menu-event.md): who, the item's event_key, and the time in seconds. No chat, no message.
     */
    botMenu(e: { openId: string; name?: string; eventKey: string }) {
      const envelope = {
        schema: '2.0',
        header: header(BOT_MENU_EVENT),
        event: {
          operator: { ...(e.name ? { operator_name: e.name } : {}), operator_id: ids(e.openId) },
          event_key: e.eventKey,
          timestamp: String(Math.floor(Date.now() / 1000)),
        },
      };
      return { envelope, send: () => deliver('/lark/events', envelope) };
    },

    /**
     * `card.action.trigger` for a component used on a card (callback-comm): a button pressed or a
     * form submitted (`form_value`), or a component outside a form (`option`, `checked`,
     * `input_value`). Every callback carries the person's time zone, as Lark's does.
     */
    cardAction(a: CardActionInput) {
      const envelope = {
        schema: '2.0',
        header: header(CARD_ACTION_EVENT),
        event: {
          operator: { tenant_key: TENANT, ...ids(a.openId) },
          token: a.token,
          action: {
            value: a.value ?? {},
            tag: a.tag,
            timezone: a.timezone,
            ...(a.name ? { name: a.name } : {}),
            ...(a.formValue ? { form_value: a.formValue } : {}),
            ...(a.option !== undefined ? { option: a.option } : {}),
            ...(a.checked !== undefined ? { checked: a.checked } : {}),
            ...(a.inputValue !== undefined ? { input_value: a.inputValue } : {}),
          },
          host: 'im_message',
          context: { open_message_id: a.messageId, open_chat_id: a.chatId },
        },
      };
      return { envelope, send: () => deliver('/lark/card', envelope) };
    },
  };
}

export type LarkPlayer = ReturnType<typeof playLark>;
