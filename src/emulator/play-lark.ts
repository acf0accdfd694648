import { randomBytes, randomUUID } from 'node:crypto';
import { computeSignature, encryptPayload } from '../lark/lark-crypto.js';

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

const TENANT = 'emulator-tenant';
const eventId = () => `ev_emu_${randomBytes(12).toString('hex')}`;

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

  async function deliver(path: '/lark/events' | '/lark/card', envelope: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
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
    return { status: res.status, body: parsed };
  }

  return {
    /**
     * `im.message.receive_v1` for a text a person typed. In groups the bot is @mentioned first,
     * as Lark only delivers group messages that mention it; `mentions` are other people named.
     */
    message(m: { openId: string; chatId: string; chatType: 'p2p' | 'group'; messageId: string; text: string; mentions: Mention[]; botName: string }) {
      const people = m.mentions.map((p, i) => ({ key: `@_user_${i + 2}`, id: { open_id: p.openId, union_id: `on_${p.openId}`, user_id: null }, name: p.name, tenant_key: TENANT }));
      let text = m.text;
      for (const [i, p] of m.mentions.entries()) text = text.replace(`@${p.name}`, people[i]!.key);
      const bot = { key: '@_user_1', id: { open_id: 'ou_govdesk_bot', union_id: 'on_govdesk_bot', user_id: null }, name: m.botName, tenant_key: TENANT };
      const mentions = m.chatType === 'group' ? [bot, ...people] : people;
      if (m.chatType === 'group') text = `${bot.key} ${text}`;
      const envelope = {
        schema: '2.0',
        header: header('im.message.receive_v1'),
        event: {
          sender: { sender_id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: null }, sender_type: 'user', tenant_key: TENANT },
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

    /** `card.action.trigger` for a button pressed (or a form submitted) on a card. */
    cardAction(a: { openId: string; messageId: string; chatId: string; token: string; value: unknown; tag: string; name?: string; formValue?: Record<string, unknown>; option?: string }) {
      const envelope = {
        schema: '2.0',
        header: header('card.action.trigger'),
        event: {
          operator: { tenant_key: TENANT, open_id: a.openId, union_id: `on_${a.openId}`, user_id: null },
          token: a.token,
          action: {
            value: a.value ?? {},
            tag: a.tag,
            ...(a.name ? { name: a.name } : {}),
            ...(a.formValue ? { form_value: a.formValue } : {}),
            ...(a.option !== undefined ? { option: a.option } : {}),
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
