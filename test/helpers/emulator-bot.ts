import { loadConfig } from '../../src/config.js';
import { startGovdesk, type Govdesk } from '../../src/govdesk.js';
import { createLogger } from '../../src/lib/logger.js';
import { testDatabaseUri } from './test-database.js';

/** The bot as `npm start` runs it on a fresh machine: no Lark credentials, so in emulator mode. */
export async function startEmulatorBot(label: string, env: Record<string, string> = {}): Promise<Govdesk> {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', MONGODB_URI: testDatabaseUri(label), LOG_LEVEL: 'silent', ...env });
  return startGovdesk(config, {
    host: '127.0.0.1',
    log: createLogger('silent'),
    inbox: { pollMs: 100, backoffBaseMs: 50, backoffMaxMs: 200 },
    outbox: { pollMs: 50, backoffBaseMs: 50, backoffMaxMs: 200 },
  });
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}
