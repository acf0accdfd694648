import type { Middleware } from 'koa';
import type { ReceiveDelivery } from '../inbox/receive-delivery.js';
import { openLarkRequest, type LarkSecrets } from '../lark/open-lark-request.js';
import type { Logger } from '../lib/logger.js';
import { readRawBody } from './read-raw-body.js';

/**
 * POST /lark/events and /lark/card: verify, decrypt, answer the challenge, store the event,
 * answer 200 (never 204), and only then start the handler. Deliveries the bot does not handle
 * (schema 1.0 events) are answered 200 too, so Lark does not send them again.
 */
export function larkRoute(deps: { secrets: LarkSecrets; receive: ReceiveDelivery; isDraining: () => boolean; log: Logger; now: () => number }): Middleware {
  const ignoredTypes = new Set<string>();
  return async (ctx) => {
    if (deps.isDraining()) {
      ctx.status = 503;
      ctx.set('Connection', 'close');
      ctx.body = { code: 'shutting_down', msg: 'shutting down; retry' };
      return;
    }
    const raw = await readRawBody(ctx.req);
    const opened = openLarkRequest(raw, ctx.headers, deps.secrets, deps.now());
    if (opened.kind === 'challenge') {
      ctx.body = { challenge: opened.challenge };
      return;
    }
    if (opened.kind === 'ignored') {
      if (!ignoredTypes.has(opened.eventType)) {
        ignoredTypes.add(opened.eventType);
        deps.log.debug({ eventType: opened.eventType }, 'delivery of a type the bot does not handle: acknowledged and ignored (logged once)');
      }
      ctx.status = 200;
      ctx.body = {};
      return;
    }
    const result = await deps.receive(opened.envelope, 'webhook');
    ctx.status = 200;
    ctx.body = result.answer ?? {};
    if (result.dispatch) {
      // Once the answer is out — or the connection went first: the event is stored, so it is handled either way.
      const dispatch = result.dispatch;
      let started = false;
      const once = () => {
        if (started) return;
        started = true;
        dispatch();
      };
      ctx.res.once('finish', once);
      ctx.res.once('close', once);
    }
  };
}
