import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connect-database.js';
import { createModels, ensureIndexes, type Models } from '../../src/models/create-models.js';
import { OutboxStore } from '../../src/outbox/outbox-store.js';
import { textContent, type OutgoingMessage } from '../../src/outbox/outgoing-message.js';
import { testDatabaseUri } from '../helpers/test-database.js';

let conn: Connection;
let models: Models;
let store: OutboxStore;
beforeAll(async () => {
  conn = await connectDatabase(testDatabaseUri('outboxqueue'));
  models = createModels(conn);
  await ensureIndexes(models);
  store = new OutboxStore(models.outboxMessages, models.outboxQueue);
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

const send = (key: string): OutgoingMessage => ({ op: 'send', key, receiveIdType: 'open_id', receiveId: 'ou_1', msgType: 'text', content: textContent(key) });
const patch = (key: string, target: string): OutgoingMessage => ({ op: 'patch', key, targetKey: target, content: '{}' });
const queued = async (ids: string[]) => (await Promise.all(ids.map((id) => models.outboxQueue.findById(id).lean()))).filter((d) => d !== null).map((d) => d._id);

describe('the outbox queue', () => {
  it('of keys enqueued together, returns and queues those new, skipping those stored before', async () => {
    const now = new Date();
    await store.enqueue([send('oq:a')], now);
    await store.markSent('oq:a', now, 'om_a', 1, true);
    const inserted = await store.enqueue([send('oq:a'), send('oq:b'), send('oq:c')], now);
    expect(inserted.map((d) => d._id)).toEqual(['oq:b', 'oq:c']);
    expect(await queued(['oq:a', 'oq:b', 'oq:c'])).toEqual(['oq:b', 'oq:c']);
    expect(await models.outboxMessages.findById('oq:a').lean()).toMatchObject({ status: 'sent', larkMessageId: 'om_a' });
  });

  it('rows a running sender holds are not queued; those it declines are', async () => {
    const now = new Date();
    const inserted = await store.enqueue([send('oq:held'), send('oq:later')], now, (row) => row._id === 'oq:held');
    expect(inserted).toHaveLength(2);
    expect(await queued(['oq:held', 'oq:later'])).toEqual(['oq:later']);
    await store.queueRows(inserted.filter((r) => r._id === 'oq:held'));
    expect(await queued(['oq:held'])).toEqual(['oq:held']);
  });

  it('sent and failed messages leave the queue; the record keeps what happened', async () => {
    const now = new Date();
    await store.enqueue([send('oq:s'), send('oq:f')], now);
    await store.markSent('oq:s', now, 'om_s', 1, true);
    await store.markFailed('oq:f', now, 'bad receiver', 2, true);
    expect(await queued(['oq:s', 'oq:f'])).toEqual([]);
    expect(await models.outboxMessages.findById('oq:s').lean()).toMatchObject({ status: 'sent', attempts: 1, larkMessageId: 'om_s' });
    expect(await models.outboxMessages.findById('oq:f').lean()).toMatchObject({ status: 'failed', attempts: 2, lastError: 'bad receiver' });
  });

  it('a retry queues a message held only in memory, and moves one already queued', async () => {
    const now = new Date();
    const [held] = await store.enqueue([send('oq:r1')], now, () => true);
    const [queuedRow] = await store.enqueue([send('oq:r2')], now);
    const later = new Date(now.getTime() + 5000);
    await store.markRetry(held!, later, 'HTTP 500', 1, 1);
    await store.markRetry(queuedRow!, later, 'HTTP 500', 1, 1);
    for (const id of ['oq:r1', 'oq:r2']) expect(await models.outboxQueue.findById(id).lean()).toMatchObject({ status: 'retry', attempts: 1, failures: 1, dueAt: later });
    expect(await models.outboxMessages.findById('oq:r1').lean()).toMatchObject({ status: 'retry', lastError: 'HTTP 500' });
  });

  it('a sent patch settles older patches of the same card still queued, without sending them', async () => {
    await store.enqueue([patch('oq:p1', 'oq:card')], new Date(Date.now() - 2000));
    await store.enqueue([patch('oq:p2', 'oq:card')], new Date(Date.now() - 1000));
    const [p3] = await store.enqueue([patch('oq:p3', 'oq:card')], new Date());
    expect(await store.newerPatchExists((await models.outboxQueue.findById('oq:p1').lean())!)).toBe(true);
    await store.markSent('oq:p3', new Date(), 'om_card', 1, true);
    await store.supersedeOlderPatches(p3!, new Date());
    expect(await queued(['oq:p1', 'oq:p2', 'oq:p3'])).toEqual([]);
    expect(await models.outboxMessages.findById('oq:p1').lean()).toMatchObject({ status: 'sent' });
    expect((await models.outboxMessages.findById('oq:p1').lean())?.larkMessageId).toBeUndefined();
  });

  it('messages a dead process held only in memory are queued by the look for stranded work, once', async () => {
    await store.enqueue([send('oq:old')], new Date(Date.now() - 20 * 60_000), () => true);
    await store.enqueue([send('oq:new')], new Date(), () => true);
    expect(await store.requeueStranded(new Date(Date.now() - 10 * 60_000))).toBe(1);
    expect(await queued(['oq:old', 'oq:new'])).toEqual(['oq:old']);
    expect(await store.requeueStranded(new Date(Date.now() - 10 * 60_000))).toBe(0);
  });
});
