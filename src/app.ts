import Router from '@koa/router';
import Koa from 'koa';
import type { Connection } from 'mongoose';
import { pingDatabase } from './db/connect-database.js';
import { errorMiddleware } from './http/error-middleware.js';
import { larkRoute } from './http/lark-route.js';
import type { ReceiveDelivery } from './inbox/receive-delivery.js';
import type { LarkSecrets } from './lark/open-lark-request.js';
import type { Logger } from './lib/logger.js';
import type { Metrics } from './lib/metrics.js';

export interface AppDeps {
  log: Logger;
  metrics: Metrics;
  connection: Connection;
  secrets: LarkSecrets;
  receive: ReceiveDelivery;
  isDraining: () => boolean;
  /** The clock's time in ms (the replay window is judged against it). */
  now: () => number;
  /** More routes (the emulator's page and fake Open API when it is on). */
  extraRouters?: Router[];
}

/** The Koa app, not listening: tests call `app.callback()` or listen on port 0. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = true;
  const router = new Router();
  const lark = larkRoute(deps);

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const ok = !deps.isDraining() && (await pingDatabase(deps.connection));
    ctx.status = ok ? 200 : 503;
    ctx.body = { status: ok ? 'ready' : 'unavailable', database: ok ? 'reachable' : 'unreachable' };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
  router.post('/lark/events', lark);
  router.post('/lark/card', lark);

  app.use(errorMiddleware(deps.log, deps.metrics));
  app.use(router.routes());
  app.use(router.allowedMethods());
  for (const extra of deps.extraRouters ?? []) {
    app.use(extra.routes());
    app.use(extra.allowedMethods());
  }
  app.on('error', (err: unknown) => deps.log.debug({ err: String(err) }, 'koa error'));
  return app;
}
