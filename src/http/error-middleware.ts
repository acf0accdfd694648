import type { Middleware } from 'koa';
import { AppError, errorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';

/** The one error middleware, first in the chain: coded errors become 4xx with a short reason. */
export function errorMiddleware(log: Logger, metrics: Metrics): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof AppError && err.expose) {
        ctx.status = err.status;
        ctx.body = { code: err.code, msg: err.message };
        if (err.status === 413) ctx.set('Connection', 'close');
        metrics.requestsRejected.inc({ code: err.code });
        log.warn({ path: ctx.path, status: err.status, code: err.code, reason: err.message }, 'request refused');
        return;
      }
      ctx.status = 500;
      ctx.body = { code: 'internal', msg: 'internal error' };
      log.error({ path: ctx.path, err: errorMessage(err), stack: err instanceof Error ? err.stack : undefined }, 'request failed');
    }
  };
}
