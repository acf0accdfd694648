/**
 * The two reference servers, in a process of their own (forked by bench/run.ts like the bot),
 * each a Koa app with a router like the bot's:
 *  - bare:   POST /lark/events answers 200 {} (the most this stack can do here);
 *  - verify: POST /lark/events reads the raw body and runs openLarkRequest (signature, decrypt,
 *            JSON, envelope, token) and answers 200 {}: the bot's request path minus the database.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { readRawBody } from '../src/http/read-raw-body.js';
import { openLarkRequest, type LarkSecrets } from '../src/lark/open-lark-request.js';
import { serveParent } from './ipc.js';
import { BENCH_SECRETS, EVENTS_PATH } from './settings.js';

const secrets: LarkSecrets = { encryptKey: BENCH_SECRETS.encryptKey, verificationToken: BENCH_SECRETS.verificationToken };

function bareApp(): Koa {
  const app = new Koa();
  const router = new Router();
  router.post(EVENTS_PATH, (ctx) => {
    ctx.status = 200;
    ctx.body = {};
  });
  app.use(router.routes());
  return app;
}

function verifyApp(): Koa {
  const app = new Koa();
  const router = new Router();
  router.post(EVENTS_PATH, async (ctx) => {
    const raw = await readRawBody(ctx.req);
    const opened = openLarkRequest(raw, ctx.headers, secrets);
    ctx.status = opened.kind === 'event' ? 200 : 400;
    ctx.body = {};
  });
  app.use(router.routes());
  app.on('error', () => {});
  return app;
}

const listen = (app: Koa) =>
  new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });

const close = (s: Server) =>
  new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });

async function main(): Promise<void> {
  const bare = await listen(bareApp());
  const verify = await listen(verifyApp());
  for (const s of [bare, verify]) s.keepAliveTimeout = 65_000;
  serveParent({
    sample: () => {
      const mem = process.memoryUsage();
      return { rss: mem.rss, heapUsed: mem.heapUsed };
    },
    stop: async () => {
      await Promise.all([close(bare), close(verify)]);
    },
  });
  process.send?.({
    type: 'ready',
    ports: { bare: (bare.address() as AddressInfo).port, verify: (verify.address() as AddressInfo).port },
  });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  setTimeout(() => process.exit(1), 50);
});
