import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connect-database.js';
import { InboxStore } from '../../src/inbox/inbox-store.js';
import { InboxWorker } from '../../src/inbox/inbox-worker.js';
import type { EventRouter } from '../../src/inbox/route-event.js';
import { envelopeSchema } from '../../src/lark/envelope.js';
import { systemClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { createMetrics } from '../../src/lib/metrics.js';
import { createModels, ensureIndexes, type Models } from '../../src/models/create-models.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { testDatabaseUri } from '../helpers/test-database.js';
import { eventually } from '../helpers/test-bot.js';

let conn: Connection;
let models: Models;
let store: InboxStore;
beforeAll(async () => {
  conn = await connectDatabase(testDatabaseUri('inboxqueue'));
  models = createModels(conn);
  await ensureIndexes(models);
  store = new InboxStore(models.inboxEvents, models.inboxQueue);
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

const envelope = () => envelopeSchema.parse(messageEvent());
const worker = (route: EventRouter, owner: string) =>
  new InboxWorker(
    { store, claims: models.claims, route, clock: systemClock, log: createLogger('silent'), metrics: createMetrics(), owner },
    { pollMs: 20, backoffBaseMs: 20, backoffMaxMs: 40, leaseMs: 200 },
  );
/** Counts the handler's runs per inbox key. */
const counting = () => {
  const runs = new Map<string, number>();
  const route: EventRouter = async (_env, ctx) => {
    runs.set(ctx.eventId, (runs.get(ctx.eventId) ?? 0) + 1);
    return undefined;
  };
  return { runs, route };
};

describe('the inbox queue', () => {
  it('holds an event only while it waits: handled, it leaves the queue and its record says done', async () => {
    const doc = (await store.accept(envelope(), 'webhook', new Date()))!;
    expect(await models.inboxQueue.findById(doc._id).lean()).toMatchObject({ status: 'pending' });
    const { runs, route } = counting();
    const w = worker(route, 'q1');
    w.start();
    await eventually(async () => (await models.inboxEvents.findById(doc._id).lean())?.status === 'done');
    await w.stop();
    expect(await models.inboxQueue.findById(doc._id).lean()).toBeNull();
    expect(await models.inboxEvents.findById(doc._id).lean()).toMatchObject({ status: 'done', attempts: 1 });
    expect(runs.get(doc._id)).toBe(1);
  });

  it('an event whose process died between its record and its queue row is queued again by the re-delivery, and handled once', async () => {
    const env = envelope();
    const doc = (await store.accept(env, 'webhook', new Date()))!;
    await models.inboxQueue.deleteOne({ _id: doc._id }); // the queue row never made it
    // Lark was not answered, so it delivers again: a duplicate, which puts the row back.
    expect(await store.accept(env, 'webhook', new Date())).toBeNull();
    expect(await models.inboxQueue.findById(doc._id).lean()).not.toBeNull();
    const { runs, route } = counting();
    const w = worker(route, 'q2');
    w.start();
    await eventually(async () => (await models.inboxEvents.findById(doc._id).lean())?.status === 'done');
    await w.stop();
    expect(runs.get(doc._id)).toBe(1);
  });

  it('a duplicate of a handled event is not queued again', async () => {
    const env = envelope();
    const doc = (await store.accept(env, 'webhook', new Date()))!;
    await store.markDone(doc._id, 1, new Date());
    expect(await store.accept(env, 'webhook', new Date())).toBeNull();
    expect(await models.inboxQueue.findById(doc._id).lean()).toBeNull();
  });

  it('a queue row left behind by a process that died after marking its event done is removed, not handled again', async () => {
    const doc = (await store.accept(envelope(), 'webhook', new Date()))!;
    // The dead process claimed attempt 1, handled it and recorded done, then died before dequeueing.
    await models.claims.create({ _id: `inbox:${doc._id}:1`, owner: 'dead', at: new Date(Date.now() - 60_000) });
    await models.inboxQueue.updateOne({ _id: doc._id }, { $set: { status: 'processing', attempts: 1, dueAt: new Date(Date.now() - 1000) } });
    await models.inboxEvents.updateOne({ _id: doc._id }, { $set: { status: 'done', attempts: 1, doneAt: new Date() } });
    const { runs, route } = counting();
    const w = worker(route, 'q3');
    w.start();
    await eventually(async () => (await models.inboxQueue.findById(doc._id).lean()) === null);
    await w.stop();
    expect(runs.get(doc._id)).toBeUndefined();
  });

  it('events recorded as waiting before the queue existed are put in it at start-up, once', async () => {
    const env = envelope();
    const doc = (await store.accept(env, 'webhook', new Date()))!;
    await models.inboxQueue.deleteOne({ _id: doc._id });
    expect(await store.requeueStranded()).toBeGreaterThanOrEqual(1);
    expect(await models.inboxQueue.findById(doc._id).lean()).toMatchObject({ status: 'pending' });
    expect(await store.requeueStranded()).toBe(0);
  });
});
