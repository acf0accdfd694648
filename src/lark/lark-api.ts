import type * as Lark from '@larksuiteoapi/node-sdk';
import axios, { AxiosError, type AxiosResponse } from 'axios';
import type { Logger } from '../lib/logger.js';
import type { OutboxMessageDoc } from '../models/outbox-message.js';
import { LarkCallError } from './lark-call-error.js';

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
  domain: string;
  log: Logger;
  timeoutMs?: number;
}

interface LarkBody {
  code?: number;
  msg?: string;
  data?: { message_id?: string };
}

const stringHeaders = (h: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (h && typeof h === 'object') {
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  }
  return out;
};

/** Token cache of our own (the SDK's default one is module-global), droppable on token errors. */
/** Keyed by the SDK with Symbol objects, hence `string | Symbol`. */
class TokenCache {
  private readonly values = new Map<string, { value: unknown; expire?: number }>();
  async set(key: string | Symbol, value: unknown, expire?: number) {
    this.values.set(String(key), { value, ...(expire !== undefined ? { expire } : {}) });
    return true;
  }
  async get(key: string | Symbol) {
    const hit = this.values.get(String(key));
    if (!hit) return undefined;
    if (hit.expire !== undefined && hit.expire < Date.now()) {
      this.values.delete(String(key));
      return undefined;
    }
    return hit.value;
  }
  clear() {
    this.values.clear();
  }
}

/**
 * The Open API through the official SDK client, with our own axios instance (no shared
 * module state), our own token cache, and every failure turned into a LarkCallError.
 */
export function createLarkApi(opts: LarkApiOptions): LarkApi {
  const http = axios.create({ timeout: opts.timeoutMs ?? 10_000 });
  http.interceptors.response.use((resp: AxiosResponse) => resp.data);
  const cache = new TokenCache();
  const sdkLog = opts.log.child({ component: 'lark-sdk' });
  const quiet = (...args: unknown[]) =>
    sdkLog.debug({ sdk: args.map((a) => String(a).replace(/(Bearer |t-)[\w-]+/g, '$1[redacted]').slice(0, 300)) }, 'sdk');
  // The SDK is large (tens of MB resident): load it on the first send, not at start.
  let loading: Promise<Lark.Client> | undefined;
  const sdkClient = () =>
    (loading ??= import('@larksuiteoapi/node-sdk').then(
      (lark) =>
        new lark.Client({
          appId: opts.appId,
          appSecret: opts.appSecret,
          domain: opts.domain,
          httpInstance: http as unknown as Lark.HttpInstance,
          cache,
          loggerLevel: lark.LoggerLevel.error,
          logger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet },
        }),
    ));

  const call = async (what: string, fn: () => Promise<unknown>): Promise<{ messageId?: string }> => {
    let body: LarkBody;
    try {
      body = (await fn()) as LarkBody;
    } catch (err) {
      if (err instanceof AxiosError) {
        const data = (err.response?.data ?? {}) as LarkBody;
        throw new LarkCallError(
          `${what}: HTTP ${err.response?.status ?? err.code ?? 'error'}${data.code !== undefined ? ` code ${data.code}` : ''} ${data.msg ?? err.message}`.trim(),
          err.response?.status,
          typeof data.code === 'number' ? data.code : undefined,
          stringHeaders(err.response?.headers),
        );
      }
      const code = Number(/code:?\s*(\d+)/.exec(String((err as Error)?.message))?.[1]);
      throw new LarkCallError(`${what}: ${(err as Error)?.message ?? String(err)}`, undefined, Number.isFinite(code) ? code : undefined, {});
    }
    if (!body || typeof body !== 'object') throw new LarkCallError(`${what}: empty answer`, 200, undefined, {});
    if (body.code !== 0) throw new LarkCallError(`${what}: code ${body.code} ${body.msg ?? ''}`.trim(), 200, body.code, {});
    return body.data?.message_id ? { messageId: body.data.message_id } : {};
  };

  return {
    dropToken: () => cache.clear(),
    async deliver(msg, uuid) {
      const client = await sdkClient();
      switch (msg.op) {
        case 'send':
          return call('message.create', () =>
            client.im.v1.message.create({
              params: { receive_id_type: msg.receiveIdType as 'open_id' },
              data: { receive_id: msg.receiveId!, msg_type: msg.msgType!, content: msg.content, uuid },
            }),
          );
        case 'reply':
          return call('message.reply', () =>
            client.im.v1.message.reply({
              path: { message_id: msg.messageId! },
              data: { msg_type: msg.msgType!, content: msg.content, uuid },
            }),
          );
        case 'patch':
          return call('message.patch', () =>
            client.im.v1.message.patch({ path: { message_id: msg.messageId! }, data: { content: msg.content } }),
          );
      }
    },
  };
}
