/**
 * The bot under test, in a process of its own (forked by bench/run.ts: transpiled to JavaScript
 * under plain node, or `node --import tsx bench/bot-process.ts` with BENCH_RUNNER=tsx): the real
 * composition root on the database named by BENCH_MONGODB_URI,
 * silent logs, a free loopback port, the Open API replaced by one that answers at once.
 * Reports its port when listening, and its memory whenever the parent asks (IPC).
 */
import { loadConfig } from '../src/config.js';
import { startGovdesk, type Govdesk, type StartOptions } from '../src/govdesk.js';
import { InstantLarkApi } from './fake-lark-api.js';
import { serveParent } from './ipc.js';
import { BENCH_SECRETS } from './settings.js';

async function main(): Promise<void> {
  const uri = process.env.BENCH_MONGODB_URI;
  if (!uri) throw new Error('BENCH_MONGODB_URI is not set');
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    MONGODB_URI: uri,
    LARK_APP_ID: BENCH_SECRETS.appId,
    LARK_APP_SECRET: BENCH_SECRETS.appSecret,
    LARK_ENCRYPT_KEY: BENCH_SECRETS.encryptKey,
    LARK_VERIFICATION_TOKEN: BENCH_SECRETS.verificationToken,
    LARK_TRANSPORT: 'webhook',
    LOG_LEVEL: 'silent',
  });
  const api = new InstantLarkApi();
  // For diagnosis only (default none): JSON merged into the start options, e.g. {"workers":false}.
  const extra = JSON.parse(process.env.BENCH_BOT_START_OPTIONS || '{}') as Partial<StartOptions>;
  const bot: Govdesk = await startGovdesk(config, { ...extra, larkApi: api, host: '127.0.0.1' });
  serveParent({
    sample: () => {
      const mem = process.memoryUsage();
      return { rss: mem.rss, heapUsed: mem.heapUsed, delivered: api.delivered };
    },
    replyCalls: () => [...api.replyCalls],
    // Abrupt (the phase's database is thrown away): exit at once, like SIGKILL, rather than
    // bot.crash(), whose force-closed connection can fail in-flight writes noisily.
    stop: async (abrupt) => {
      if (!abrupt) await bot.stop();
    },
  });
  process.send?.({ type: 'ready', ports: { bot: bot.port } });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  setTimeout(() => process.exit(1), 50);
});
