import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import type { TestBot } from './test-bot.js';

/**
 * Runs an admin CLI command in-process on a test bot's database, as `npm run govdesk -- …` would
 * on the server: its exit code and what it printed.
 */
export async function runCliOnBot(
  t: TestBot,
  argv: string[],
  opts: { clock?: Clock; env?: Record<string, string>; actor?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  const chunks = { out: '', err: '' };
  const sink = (k: 'out' | 'err') => new Writable({ write: (c: Buffer, _e, cb) => ((chunks[k] += c.toString()), cb()) });
  const code = await runCli(argv, {
    out: sink('out'),
    err: sink('err'),
    config: loadConfig({ NODE_ENV: 'test', MONGODB_URI: 'mongodb://unused/x', ...opts.env }),
    log: createLogger('silent'),
    ...(opts.clock ? { clock: opts.clock } : {}),
    actor: opts.actor ?? 'cli:tester',
    tty: false,
    database: async () => ({ connection: t.bot.connection, models: t.bot.models, close: async () => {} }),
  });
  return { code, ...chunks };
}
