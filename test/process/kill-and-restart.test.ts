import { inboxIdOf, larkDelivery, messageEvent, post } from '../helpers/lark-payloads.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLarkApi } from '../helpers/fake-lark-api.js';
import { testDatabaseUri } from '../helpers/test-database.js';
import { eventually, startTestBot, TEST_SECRETS } from '../helpers/test-bot.js';

const children: ChildProcess[] = [];

/** The real bot as its own process (`node --import tsx src/main.ts`), as `npm start` runs it. */
function spawnBot(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start:\n${out}`)), 60_000);
    const check = setInterval(() => {
      const m = /govdesk listening on (http:\/\/[^"\s]+)/.exec(out);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace('localhost', '127.0.0.1'), output: () => out });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code}:\n${out}`));
    });
  });
}

let fake: FakeLarkApi;
beforeAll(async () => {
  fake = await new FakeLarkApi().start();
});
afterAll(async () => {
  // never leave a bot behind, whatever a failed test left running
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake.stop();
});

const envFor = (mongoUri: string) => ({
  MONGODB_URI: mongoUri,
  LARK_APP_ID: TEST_SECRETS.appId,
  LARK_APP_SECRET: TEST_SECRETS.appSecret,
  LARK_ENCRYPT_KEY: TEST_SECRETS.encryptKey,
  LARK_VERIFICATION_TOKEN: TEST_SECRETS.verificationToken,
  LARK_DOMAIN: fake.url,
});
const deliver = (url: string, ev: ReturnType<typeof messageEvent>) =>
  post(url, '/lark/events', larkDelivery({ ...ev, header: { ...ev.header, token: TEST_SECRETS.verificationToken } }, { encryptKey: TEST_SECRETS.encryptKey }));

describe('the bot as a process', () => {
  it('killed with SIGKILL in the middle of a send: after restart the message is delivered exactly once', async () => {
    const mongoUri = testDatabaseUri('kill9');
    const bot = await spawnBot(envFor(mongoUri));
    fake.hold('/open-apis/im/');
    const ev = messageEvent({ text: '帮助' });
    expect((await deliver(bot.url, ev)).status).toBe(200);
    await eventually(() => fake.calls.some((c) => c.path.includes(ev.event.message.message_id)), 15_000);
    bot.child.kill('SIGKILL');
    await new Promise((r) => bot.child.once('exit', r));
    // Lark got the request before the process died; it answers into the void
    fake.release();

    // a new process, its clock past the dead one's send lease
    const next = await startTestBot({ mongoUri, fake, start: { clock: { now: () => new Date(Date.now() + 45_000) } } });
    const row = await eventually(async () => {
      const d = await next.bot.models.outboxMessages.findOne({ messageId: ev.event.message.message_id }).lean();
      return d?.status === 'sent' ? d : null;
    }, 15_000);
    expect(row.attempts).toBe(2);
    const calls = fake.calls.filter((c) => c.path.includes(ev.event.message.message_id));
    expect(calls).toHaveLength(2);
    expect(calls[0]!.body.uuid).toBe(calls[1]!.body.uuid);
    // Lark deduplicates by uuid: the person sees one help card
    expect(fake.delivered.filter((c) => c.path.includes(ev.event.message.message_id))).toHaveLength(1);
    expect(await next.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean()).toMatchObject({ status: 'done' });
    await next.stop();
  }, 120_000);

  it('on SIGTERM: finishes in-flight work, closes the database and exits 0', async () => {
    const mongoUri = testDatabaseUri('sigterm');
    const bot = await spawnBot(envFor(mongoUri));
    const ev = messageEvent({ text: 'help' });
    expect((await deliver(bot.url, ev)).status).toBe(200);
    const exited = new Promise<number | null>((r) => bot.child.once('exit', (code) => r(code)));
    bot.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(bot.output()).toContain('"msg":"stopped"');
    expect(fake.delivered.some((c) => c.path.includes(ev.event.message.message_id))).toBe(true);
  }, 120_000);
});
