import type { Logger } from '../lib/logger.js';
import type { OutboxMessageDoc } from '../models/outbox-message.js';
import { createSdkClient } from './sdk-client.js';

/** What the outbox sender needs from Lark's Open API. */
export interface LarkApi {
  /** Sends one outbox row; resolves with Lark's message id or throws LarkCallError. */
  deliver(msg: OutboxMessageDoc, uuid: string): Promise<{ messageId?: string }>;
  /** Forget the cached tenant token (after 99991663/99991664/99991671). */
  dropToken(): void;
}

export interface LarkApiOptions {
  appId: string;
  appSecret: string;
  domain: string | (() => string);
  log: Logger;
  timeoutMs?: number;
}

/** Messages through the SDK: send, reply, patch, each failure a LarkCallError. */
export function createLarkApi(opts: LarkApiOptions): LarkApi {
  const sdk = createSdkClient(opts);
  const messageId = (data: { message_id?: string } | undefined) => (data?.message_id ? { messageId: data.message_id } : {});
  return {
    dropToken: () => sdk.dropToken(),
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
