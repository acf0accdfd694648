import type * as Lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../lib/logger.js';
import type { wsDispatcher } from './ws-dispatcher.js';

/** LARK_TRANSPORT=ws: the SDK's long connection, feeding `dispatcher` (the SDK loaded only then). */
export async function startWsTransport(
  opts: { appId: string; appSecret: string; domain: string; log: Logger },
  dispatcher: ReturnType<typeof wsDispatcher>,
): Promise<{ stop(): void }> {
  const lark = await import('@larksuiteoapi/node-sdk');
  const log = opts.log.child({ component: 'lark-ws' });
  const fwd = (level: 'info' | 'warn' | 'error' | 'debug') => (...args: unknown[]) =>
    log[level]({ sdk: args.map((a) => String(a).slice(0, 300)) }, 'ws');
  const client = new lark.WSClient({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    loggerLevel: lark.LoggerLevel.info,
    logger: { error: fwd('error'), warn: fwd('warn'), info: fwd('info'), debug: fwd('debug'), trace: fwd('debug') },
  });
  void client.start({ eventDispatcher: dispatcher as unknown as Lark.EventDispatcher });
  return { stop: () => client.close({ force: true }) };
}
