import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { startGovdesk, type Govdesk, type StartOptions } from '../../src/govdesk.js';
import { createLogger } from '../../src/lib/logger.js';
import { FakeLarkApi } from './fake-lark-api.js';
import { larkDelivery, post } from './lark-payloads.js';
import { testDatabaseUri } from './test-database.js';

export const TEST_SECRETS = {
  appId: 'cli_a1b2c3d4e5f60718',
  appSecret: 'test-app-secret-value',
  encryptKey: 'test-encrypt-key-3f9a',
  verificationToken: 'test-verification-token-77c1',
};

export interface TestBot {
  bot: Govdesk;
  config: Config;
  fake: FakeLarkApi;
  /** Every log line the bot wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Posts a payload signed and encrypted as Lark would, with the bot's verification token. */
  send(path: '/lark/events' | '/lark/card', payload: { header?: { token?: string } } & Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/** Starts the real bot on a real database (its own) with the Open API faked on loopback. */
export async function startTestBot(opts: {
  mongoUri?: string;
  fake?: FakeLarkApi;
  env?: Record<string, string>;
  start?: StartOptions;
} = {}): Promise<TestBot> {
  const fake = opts.fake ?? (await new FakeLarkApi().start());
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MONGODB_URI: opts.mongoUri ?? testDatabaseUri(),
    LARK_APP_ID: TEST_SECRETS.appId,
    LARK_APP_SECRET: TEST_SECRETS.appSecret,
    LARK_ENCRYPT_KEY: TEST_SECRETS.encryptKey,
    LARK_VERIFICATION_TOKEN: TEST_SECRETS.verificationToken,
    LARK_DOMAIN: fake.url,
    LOG_LEVEL: 'debug',
    ...opts.env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const bot = await startGovdesk(config, {
    host: '127.0.0.1',
    log: createLogger(config.logLevel, sink),
    // Tests assert what a click does, not how fast (npm run bench measures that): a click answers
    // with its outcome unless it takes 10 s, not Lark's 2.5 s budget a busy test machine may miss.
    inbox: { pollMs: 100, backoffBaseMs: 50, backoffMaxMs: 200, cardAnswerMs: 10_000, ...opts.start?.inbox },
    outbox: { pollMs: 50, backoffBaseMs: 50, backoffMaxMs: 200, ...opts.start?.outbox },
    // Tests seed people and units between clicks: every list read is fresh (the reuse has its own test).
    directoryListReuseMs: 0,
    ...opts.start,
  });
  return {
    bot,
    config,
    fake,
    logs,
    send(path, payload) {
      const signedToken =
        payload.header && !payload.header.token ? { ...payload, header: { ...payload.header, token: TEST_SECRETS.verificationToken } } : payload;
      // Signed at the bot's clock (a test may move it), as Lark signs at the time it sends.
      const timestamp = Math.floor((opts.start?.clock?.now() ?? new Date()).getTime() / 1000);
      return post(bot.url, path, larkDelivery(signedToken, { encryptKey: TEST_SECRETS.encryptKey, timestamp }));
    },
    async stop() {
      await bot.stop();
      if (!opts.fake) await fake.stop();
    },
  };
}

/** Polls `check` until it returns a truthy value (or throws after `ms`). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
