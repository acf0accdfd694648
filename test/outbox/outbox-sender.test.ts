import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeLarkApi } from '../helpers/fake-lark-api.js';
import { testDatabaseUri } from '../helpers/test-database.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { textContent, type OutgoingMessage } from '../../src/outbox/outgoing-message.js';

let fake: FakeLarkApi;
let t: TestBot | undefined;
beforeEach(async () => {
  fake = await new FakeLarkApi().start();
});
afterEach(async () => {
  await t?.stop();
  t = undefined;
  await fake.stop();
});

const send = (key: string, to = 'ou_section_head_1'): OutgoingMessage => ({
  op: 'send',
  key,
  receiveIdType: 'open_id',
  receiveId: to,
  msgType: 'text',
  content: textContent(`催办 ${key}`),
});
const enqueue = (bot: TestBot, msgs: OutgoingMessage[]) => bot.bot.outbox.enqueue(msgs);
const row = (bot: TestBot, id: string) => bot.bot.models.outboxMessages.findById(id).lean();
const messageCalls = () => fake.calls.filter((c) => c.path === '/open-apis/im/v1/messages');

describe('the outbox sender', () => {
  it('stores a message once however often it is enqueued, and sends it once with a uuid derived from its key', async () => {
    t = await startTestBot({ fake });
    await enqueue(t, [send('digest:ou_1:2026-11-23'), send('digest:ou_1:2026-11-23')]);
    await enqueue(t, [send('digest:ou_1:2026-11-23')]);
    await fake.waitForDelivered(1);
    await eventually(async () => (await row(t!, 'digest:ou_1:2026-11-23'))?.status === 'sent');
    expect(await t.bot.models.outboxMessages.countDocuments()).toBe(1);
    expect(fake.delivered).toHaveLength(1);
    expect(fake.delivered[0]!.query.receive_id_type).toBe('open_id');
    expect(fake.delivered[0]!.body).toMatchObject({ receive_id: 'ou_section_head_1', msg_type: 'text' });
    expect((await row(t, 'digest:ou_1:2026-11-23'))?.larkMessageId).toBe('om_fake_1');
  });

  it('on 429 waits as x-ogw-ratelimit-reset says, then sends', async () => {
    t = await startTestBot({ fake });
    fake.answerNext({ status: 429, body: { code: 99991400, msg: 'request trigger frequency limit' }, headers: { 'x-ogw-ratelimit-reset': '1' } });
    await enqueue(t, [send('rl-1')]);
    await fake.waitForDelivered(1);
    const [first, second] = messageCalls();
    expect(first && second).toBeTruthy();
    const doc = await eventually(async () => {
      const d = await row(t!, 'rl-1');
      return d?.status === 'sent' ? d : null;
    });
    expect(doc.attempts).toBe(2);
    expect(doc.failures).toBe(0);
    const metrics = await (await fetch(`${t.bot.url}/metrics`)).text();
    expect(metrics).toMatch(/govdesk_sends_total\{outcome="rate_limited"\} 1/);
  });

  it('retries 500s with backoff; after a restart the message is sent exactly once', async () => {
    const mongoUri = testDatabaseUri('srv500');
    const first = await startTestBot({ mongoUri, fake, start: { outbox: { backoffBaseMs: 100, backoffMaxMs: 100 } } });
    const err = { status: 500, body: { code: 1, msg: 'internal error' } };
    fake.answerNext(err, err, err, err);
    await enqueue(first, [send('srv-1')]);
    await eventually(() => messageCalls().length >= 2);
    await first.stop();
    t = await startTestBot({ mongoUri, fake });
    await fake.waitForDelivered(1);
    await eventually(async () => (await row(t!, 'srv-1'))?.status === 'sent');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.delivered).toHaveLength(1);
    const uuids = new Set(messageCalls().map((c) => c.body.uuid));
    expect(uuids.size).toBe(1);
  });

  it('drops a rejected tenant token, fetches a new one and retries once', async () => {
    t = await startTestBot({ fake });
    await enqueue(t, [send('tok-1')]);
    await fake.waitForDelivered(1);
    fake.revokeToken();
    await enqueue(t, [send('tok-2')]);
    await fake.waitForDelivered(2);
    const tokenCalls = fake.calls.filter((c) => c.path.endsWith('/tenant_access_token/internal'));
    expect(tokenCalls).toHaveLength(2);
    // Lark's answer arrives before the row is marked: wait for the mark, not the answer.
    await eventually(async () => (await row(t!, 'tok-2'))?.status === 'sent');
  });

  it('records a permanent failure and does not retry it', async () => {
    t = await startTestBot({ fake });
    fake.answerNext({ status: 400, body: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' } });
    await enqueue(t, [send('perm-1')]);
    const doc = await eventually(async () => {
      const d = await row(t!, 'perm-1');
      return d?.status === 'failed' ? d : null;
    });
    expect(doc.lastError).toContain('230002');
    await new Promise((r) => setTimeout(r, 300));
    expect(messageCalls()).toHaveLength(1);
  });

  // Arrival times at the fake carry a few ms of loopback jitter; without the limiter the gaps would be ~0 ms.
  it('keeps to 5 messages a second to one person', async () => {
    t = await startTestBot({ fake });
    const at = fake.arrivals;
    await enqueue(t, Array.from({ length: 12 }, (_, i) => send(`burst-${i}`, 'ou_director')));
    await fake.waitForDelivered(12, 20_000);
    for (let i = 5; i < at.length; i++) expect(at[i]! - at[i - 5]!).toBeGreaterThanOrEqual(900);
  });

  it('sends a digest to 300 people within 50 a second', async () => {
    t = await startTestBot({ fake });
    const at = fake.arrivals;
    await enqueue(t, Array.from({ length: 300 }, (_, i) => send(`digest-${i}`, `ou_head_${i}`)));
    await fake.waitForDelivered(300, 60_000);
    for (let i = 50; i < at.length; i++) expect(at[i]! - at[i - 50]!).toBeGreaterThanOrEqual(900);
    expect(new Set(fake.delivered.map((c) => c.body.receive_id)).size).toBe(300);
  }, 60_000);

  it('a queue row left by a process that died after recording the send is removed, not sent again', async () => {
    t = await startTestBot({ fake, start: { workers: false } });
    const m = t.bot.models;
    await enqueue(t, [send('left-behind')]);
    // The dead process claimed attempt 1, sent it and recorded it, then died before dequeueing.
    await m.claims.create({ _id: 'outbox:left-behind:1', owner: 'dead', at: new Date(Date.now() - 60_000) });
    await m.outboxQueue.updateOne({ _id: 'left-behind' }, { $set: { status: 'sending', attempts: 1, dueAt: new Date(Date.now() - 1000) } });
    await m.outboxMessages.updateOne({ _id: 'left-behind' }, { $set: { status: 'sent', larkMessageId: 'om_sent_before' } });
    t.bot.sender.start();
    await eventually(async () => (await m.outboxQueue.findById('left-behind').lean()) === null);
    expect(fake.delivered).toHaveLength(0);
    expect(await row(t, 'left-behind')).toMatchObject({ status: 'sent', larkMessageId: 'om_sent_before' });
  });
});
