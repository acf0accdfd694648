import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * Builds deliveries exactly as Lark sends them: the envelope JSON, AES-256-CBC encrypted with
 * SHA-256(encrypt key) and a random IV prefixed, wrapped as {"encrypt": …}, and signed with
 * hex SHA-256(timestamp + nonce + encrypt key + raw body). Written independently of src/ so
 * that a mistake there cannot hide here.
 */
export function encryptLikeLark(encryptKey: string, plaintext: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signLikeLark(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body).digest('hex');
}

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

export function larkDelivery(payload: unknown, opts: { encryptKey?: string; encrypt?: boolean; sign?: boolean; /** X-Lark-Request-Timestamp, seconds (default: now). */ timestamp?: number } = {}): Delivery {
  const plaintext = JSON.stringify(payload);
  const body = opts.encryptKey && opts.encrypt !== false ? JSON.stringify({ encrypt: encryptLikeLark(opts.encryptKey, plaintext) }) : plaintext;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (opts.encryptKey && opts.sign !== false) {
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = randomUUID();
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = signLikeLark(timestamp, nonce, opts.encryptKey, body);
  }
  return { body, headers };
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(16)}${(++seq).toString(16).padStart(6, '0')}`;

export interface EnvelopeOptions {
  eventId?: string;
  token?: string;
  appId?: string;
}

const header = (eventType: string, o: EnvelopeOptions) => ({
  event_id: o.eventId ?? nextId('ev_'),
  event_type: eventType,
  create_time: String(Date.now()),
  token: o.token ?? '',
  app_id: o.appId ?? 'cli_a1b2c3d4e5f60718',
  tenant_key: '2ca1d211f64f6438',
});

export interface MessageOptions extends EnvelopeOptions {
  text?: string;
  openId?: string;
  chatType?: 'p2p' | 'group';
  chatId?: string;
  messageId?: string;
  messageType?: string;
  content?: string;
  /** Mentions to put in front of the text, e.g. [{name: '政务助手', openId: 'ou_bot'}]. */
  mentions?: { name: string; openId: string }[];
  senderType?: string;
}

/** `im.message.receive_v1`, shaped as Lark sends it. */
/** The open_id messages come from unless a test says otherwise. */
export const DEFAULT_SENDER = 'ou_7d8a6e6df7621556ce0d21922b676706';

export function messageEvent(o: MessageOptions = {}) {
  const mentions = (o.mentions ?? []).map((m, i) => ({
    key: `@_user_${i + 1}`,
    id: { open_id: m.openId, user_id: null, union_id: `on_${m.openId}` },
    name: m.name,
    tenant_key: '2ca1d211f64f6438',
  }));
  // Mention keys written in the text (`授权 @_user_1 dispatcher`) stay where they are;
  // otherwise every mention addresses the start of the message, as "@bot 帮助" does.
  const body = o.text ?? '帮助';
  const text = /@_user_\d/.test(body) ? body : `${mentions.map((m) => `${m.key} `).join('')}${body}`;
  return {
    schema: '2.0',
    header: header('im.message.receive_v1', o),
    event: {
      sender: {
        sender_id: { open_id: o.openId ?? DEFAULT_SENDER, user_id: 'e33ggbyz', union_id: 'on_8ed6aa67826108097d9ee143816345' },
        sender_type: o.senderType ?? 'user',
        tenant_key: '2ca1d211f64f6438',
      },
      message: {
        message_id: o.messageId ?? nextId('om_'),
        root_id: '',
        parent_id: '',
        create_time: String(Date.now()),
        update_time: String(Date.now()),
        chat_id: o.chatId ?? 'oc_5ad11d72b830411d72b836c20',
        chat_type: o.chatType ?? 'p2p',
        message_type: o.messageType ?? 'text',
        content: o.content ?? JSON.stringify({ text }),
        mentions: mentions.length ? mentions : undefined,
        user_agent: 'Mozilla/5.0 Lark/7.20',
      },
    },
  };
}

export interface CardActionOptions extends EnvelopeOptions {
  value?: Record<string, unknown>;
  openId?: string;
  formValue?: Record<string, unknown>;
  /** The pressed button's name (a form's submit button; form-container.md 回调结构). */
  name?: string;
  messageId?: string;
  chatId?: string;
}

/** `card.action.trigger` (new-style card callback), shaped as Lark sends it. */
export function cardActionEvent(o: CardActionOptions = {}) {
  return {
    schema: '2.0',
    header: header('card.action.trigger', o),
    event: {
      operator: { tenant_key: '2ca1d211f64f6438', user_id: 'e33ggbyz', open_id: o.openId ?? 'ou_7d8a6e6df7621556ce0d21922b676706', union_id: 'on_x' },
      token: 'c-295ee57216a5dc9de90fefd0aadb4b1d7d5c8f3a',
      // As form-container.md's 回调结构 shows a submit: value, tag, timezone, form_value, name.
      action: { value: o.value ?? {}, tag: 'button', timezone: 'Asia/Shanghai', ...(o.formValue ? { form_value: o.formValue, name: o.name ?? 'btn_submit' } : {}), ...(o.name && !o.formValue ? { name: o.name } : {}) },
      host: 'im_message',
      context: { open_message_id: o.messageId ?? 'om_card_1', open_chat_id: o.chatId ?? 'oc_5ad11d72b830411d72b836c20' },
    },
  };
}

/** Posts a delivery to the bot and returns status and parsed body. */
export async function post(baseUrl: string, path: string, d: Delivery): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: d.headers, body: d.body });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  return { status: res.status, body, text };
}

/** Where the bot's inbox keeps a delivery: a received message under its message_id (receive.md), anything else under its event_id. */
export function inboxIdOf(ev: { header: { event_id: string; event_type: string }; event: unknown }): string {
  const id = (ev.event as { message?: { message_id?: unknown } }).message?.message_id;
  return ev.header.event_type === 'im.message.receive_v1' && typeof id === 'string' ? `msg:${id}` : ev.header.event_id;
}
