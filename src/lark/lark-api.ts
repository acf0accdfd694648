import type { Logger } from '../lib/logger.js';
import type { OutboxMessageDoc } from '../models/outbox-message.js';
import { createSdkClient } from './sdk-client.js';

/** What the outbox sender needs from Lark's Open API. */
export interface LarkApi {
  /** Sends one outbox row; resolves with Lark's message id or throws LarkCallError. */
  deliver(msg: OutboxMessageDoc, uuid: string): Promise<{ messageId?: string }>;
  /** Forget the cached tenant token (after 99991663/99991664/99991671). */
  dropToken(): void;
  /** The bot's own identity (GET /open-apis/bot/v3/info), to tell when a group message addresses it. */
  botInfo(): Promise<BotInfo>;
  /**
   * 获取消息中的资源文件 (im-v1/message-resource/get.md): GET
   * /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image|file — a picture's
   * image_key with `image`, a file's (or a video's) file_key with `file`; the answer is the file's
   * bytes (errors come as the usual JSON). Files up to 100 MB; not stickers, not cards.
   */
  messageResource(messageId: string, fileKey: string, type: 'image' | 'file'): Promise<Buffer>;
}

/** Lark serves message resources up to 100 MB (message-resource/get.md 使用限制). */
export const MAX_RESOURCE_BYTES = 100 * 1024 * 1024;

export interface BotInfo {
  openId: string;
  name: string;
}

export interface LarkApiOptions {
  appId: string;
  appSecret: string;
  domain: string | (() => string);
  log: Logger;
  timeoutMs?: number;
}

/** Messages through the SDK: send, reply, patch, delayed card update, each failure a LarkCallError. */
export function createLarkApi(opts: LarkApiOptions): LarkApi {
  const sdk = createSdkClient(opts);
  const messageId = (data: { message_id?: string } | undefined) => (data?.message_id ? { messageId: data.message_id } : {});
  return {
    dropToken: () => sdk.dropToken(),
    async botInfo() {
      // The answer carries `bot` beside code/msg, not under `data` (bot-v3 obtain-bot-info);
      // the SDK has no typed method for it, so it is a plain request through the client.
      const client = await sdk.client();
      const body = await sdk.call('bot.info', async () => {
        const r = (await client.request({ url: '/open-apis/bot/v3/info', method: 'GET' })) as { code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } };
        return { ...(r.code !== undefined ? { code: r.code } : {}), ...(r.msg !== undefined ? { msg: r.msg } : {}), data: r.bot };
      });
      if (!body?.open_id) throw new Error('bot info answered without bot.open_id');
      return { openId: body.open_id, name: body.app_name ?? '' };
    },
    async messageResource(messageId, fileKey, type) {
      // Through the client (it adds the tenant token) as a plain request answered as bytes: the
      // SDK's typed messageResource.get wants its own HTTP instance's `$return_headers`.
      const client = await sdk.client();
      const body = await sdk.call('message.resource', async () => {
        let r: ArrayBuffer | Buffer;
        try {
          r = (await client.request({
            url: `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/resources/${encodeURIComponent(fileKey)}`,
            method: 'GET',
            params: { type },
            responseType: 'arraybuffer',
            timeout: 120_000,
            maxContentLength: MAX_RESOURCE_BYTES,
          } as never)) as ArrayBuffer | Buffer;
        } catch (err) {
          // An error's body arrives as bytes too: read Lark's code from it (a bad token is retried).
          const data = (err as { response?: { data?: unknown } }).response?.data;
          if (data instanceof ArrayBuffer || Buffer.isBuffer(data)) {
            const j = (() => {
              try {
                return JSON.parse(Buffer.from(data as ArrayBuffer).toString('utf8')) as { code?: number; msg?: string };
              } catch {
                return null;
              }
            })();
            if (typeof j?.code === 'number' && j.code !== 0) return { code: j.code, msg: j.msg ?? '' };
          }
          throw err;
        }
        const bytes = Buffer.isBuffer(r) ? r : Buffer.from(r);
        // An error answered with HTTP 200 is JSON, not the file.
        if (bytes.length < 512 && bytes[0] === 0x7b) {
          try {
            const j = JSON.parse(bytes.toString('utf8')) as { code?: number; msg?: string };
            if (typeof j.code === 'number' && j.code !== 0) return { code: j.code, msg: j.msg ?? '' };
          } catch {
            // not JSON: the file begins with "{"
          }
        }
        return { code: 0, data: bytes };
      });
      return body ?? Buffer.alloc(0);
    },
    async deliver(msg, uuid) {
      switch (msg.op) {
        case 'send':
          return messageId(
            await sdk.call('message.create', (client) =>
              client.im.v1.message.create({
                params: { receive_id_type: msg.receiveIdType as 'open_id' },
                data: { receive_id: msg.receiveId!, msg_type: msg.msgType!, content: msg.content, uuid },
              }),
            ),
          );
        case 'reply':
          return messageId(
            await sdk.call('message.reply', (client) =>
              client.im.v1.message.reply({
                path: { message_id: msg.messageId! },
                data: { msg_type: msg.msgType!, content: msg.content, uuid },
              }),
            ),
          );
        case 'patch':
          return messageId(
            await sdk.call('message.patch', (client) =>
              client.im.v1.message.patch({ path: { message_id: msg.messageId! }, data: { content: msg.content } }),
            ),
          );
        case 'update':
          // No typed SDK method: POST /open-apis/interactive/v1/card/update {token, card} (the card as an object).
          await sdk.call('card.update', async (client) => (await client.request({ url: '/open-apis/interactive/v1/card/update', method: 'POST', data: { token: msg.token, card: JSON.parse(msg.content) } })) as { code?: number; msg?: string });
          return {};
        case 'file': {
          // Upload (its answer is {file_key}, not the usual envelope), then send the file message.
          const client = await sdk.client();
          const ext = /\.(xlsx?|csv)$/i.test(msg.fileName ?? '') ? 'xls' : /\.pdf$/i.test(msg.fileName ?? '') ? 'pdf' : /\.docx?$/i.test(msg.fileName ?? '') ? 'doc' : 'stream';
          const uploaded = await sdk.call('file.create', async () => {
            const r = (await client.im.v1.file.create({ data: { file_type: ext, file_name: msg.fileName ?? 'file', file: Buffer.from(msg.content, 'base64') } })) as { file_key?: string } | null;
            return r?.file_key ? { code: 0, data: { file_key: r.file_key } } : { code: -1, msg: 'upload answered no file_key' };
          });
          return messageId(
            await sdk.call('message.create', (c) =>
              c.im.v1.message.create({
                params: { receive_id_type: msg.receiveIdType as 'open_id' },
                data: { receive_id: msg.receiveId!, msg_type: 'file', content: JSON.stringify({ file_key: uploaded!.file_key }), uuid },
              }),
            ),
          );
        }
        case 'urgent': {
          const payload = { path: { message_id: msg.messageId! }, params: { user_id_type: 'open_id' as const }, data: JSON.parse(msg.content) as { user_id_list: string[] } };
          const what = `message.urgent_${msg.urgentKind ?? 'app'}`;
          await sdk.call(what, (client) =>
            msg.urgentKind === 'phone' ? client.im.v1.message.urgentPhone(payload) : msg.urgentKind === 'sms' ? client.im.v1.message.urgentSms(payload) : client.im.v1.message.urgentApp(payload),
          );
          return {};
        }
      }
    },
  };
}
