import type * as Lark from '@larksuiteoapi/node-sdk';
import axios, { AxiosError, type AxiosResponse } from 'axios';
import type { Logger } from '../lib/logger.js';
import { LarkCallError } from './lark-call-error.js';

export interface SdkClientOptions {
  appId: string;
  appSecret: string;
  /** The Open API base URL, or a function giving it (the emulator's is known only once listening). */
  domain: string | (() => string);
  log: Logger;
  timeoutMs?: number;
}

interface LarkBody {
  code?: number;
  msg?: string;
  data?: unknown;
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

export interface SdkClient {
  /** The SDK client, loaded on first use (the SDK is tens of MB resident). */
  client(): Promise<Lark.Client>;
  /** Runs one Open API call: resolves with `data` when `code` is 0, throws LarkCallError otherwise. */
  call<T>(what: string, fn: (client: Lark.Client) => Promise<{ code?: number; msg?: string; data?: T }>): Promise<T | undefined>;
  dropToken(): void;
}

/**
 * The official SDK client with our own axios instance (no shared module state) and our own
 * token cache; every failure turned into a LarkCallError that carries status, code and headers.
 */
export function createSdkClient(opts: SdkClientOptions): SdkClient {
  const http = axios.create({ timeout: opts.timeoutMs ?? 10_000 });
  http.interceptors.response.use((resp: AxiosResponse) => resp.data);
  const cache = new TokenCache();
  const sdkLog = opts.log.child({ component: 'lark-sdk' });
  const quiet = (...args: unknown[]) =>
    sdkLog.debug({ sdk: args.map((a) => String(a).replace(/(Bearer |t-)[\w-]+/g, '$1[redacted]').slice(0, 300)) }, 'sdk');
  let loading: Promise<Lark.Client> | undefined;
  const client = () =>
    (loading ??= import('@larksuiteoapi/node-sdk').then(
      (lark) =>
        new lark.Client({
          appId: opts.appId,
          appSecret: opts.appSecret,
          domain: typeof opts.domain === 'function' ? opts.domain() : opts.domain,
          httpInstance: http as unknown as Lark.HttpInstance,
          cache,
          loggerLevel: lark.LoggerLevel.error,
          logger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet },
        }),
    ));

  const call = async <T>(what: string, fn: (c: Lark.Client) => Promise<{ code?: number; msg?: string; data?: T }>): Promise<T | undefined> => {
    const c = await client();
    let body: LarkBody;
    try {
      body = (await fn(c)) as LarkBody;
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
    return body.data as T | undefined;
  };

  return { client, call, dropToken: () => cache.clear() };
}
