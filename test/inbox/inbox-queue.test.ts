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
  it('an event the worker takes at once is handled without a queue row; its record says done', async () => {
    const doc = (await store.accept(envelope(), 'webhook', new Date()))!;
    const { runs, route } = counting();
    const w = worker(route, 'q1');
    w.start();
    expect(w.dispatch(doc)).toBe(true);
    await eventually(async () => (await models.inboxEvents.findById(doc._id).lean())?.status === 'done');
    await w.stop();
    expect(await models.inboxQueue.findById(doc._id).lean()).toBeNull();
    expect(await models.inboxEvents.findById(doc._id).lean()).toMatchObject({ status: 'done', attempts: 1 });
    expect(runs.get(doc._id)).toBe(1);
  });

  it('an event the worker has no room for is queued, handled by the poll, and leaves the queue', async () => {
    const doc = (await store.accept(envelope(), 'webhook', new Date()))!;
    const stopped = worker(counting().route, 'q2-stopped');
    expect(stopped.dispatch(doc)).toBe(false); // not running: the caller queues it
    await store.enqueue(doc);
    const { runs, route } = counting();
    const w = worker(route, 'q2');
    w.start();
    await eventually(async () => (await models.inboxEvents.findById(doc._id).lean())?.status === 'done');
    await eventually(async () => (await models.inboxQueue.findById(doc._id).lean()) === null);
    await w.stop();
    expect(runs.get(doc._id)).toBe(1);
  });

  it('a failing event gets a queue row for its retry, and loses it once handled', async () => {
    const doc = (await store.accept(envelope(), 'webhook', new Date()))!;
    let calls = 0;
    const w = worker(async (_env, ctx) => {
      if (ctx.eventId !== doc._id) return undefined;
      calls++;
      if (calls === 1) throw new Error('directory unreachable');
      return undefined;
    }, 'q3');
    w.start();
    w.dispatch(doc);
    await eventually(async () => (await models.inboxEvents.findById(doc._id).lean())?.status === 'done');
    await eventually(async () => (await models.inboxQueue.findById(doc._id).lean()) === null);
    await w.stop();
    expect(calls).toBe(2);
    expect(await models.inboxEvents.findById(doc._id).lean()).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('an event a killed process held only in memory is queued at the next start-up and handled once', async () => {
    const doc = (await store.accept(envelope(), 'webhook', new Date(Date.now() - 1000)))!;
    // The process died before handling it: a pending record, no queue row, no claim.
    expect(await store.requeueStranded(new Date())).toBeGreaterThanOrEqual(1);
    expect(await store.requeueStranded(new Date())).toBe(0);
    const { runs, route } = counting();
    const w = worker(route, 'q4');
    w.start();
    await eventually(async () => (await models.inboxEvents.findById(doc._id).lean())?.status === 'done');
    await eventually(async () => (await models.inboxQueue.findById(doc._id).lean()) === null);
    await w.stop();
    expect(runs.get(doc._id)).toBe(1);
  });

  it('an event requeued at start-up waits until the hold of the process that accepted it is over', async () => {
    const receivedAt = new Date(Date.now() - 1000);
    const doc = (await store.accept(envelope(), 'webhook', receivedAt))!;
    await store.requeueStranded(new Date(), 60_000);
    // Its writer may still be running it from memory (claimWork): due when that hold ends.
    expect(await models.inboxQueue.findById(doc._id).lean()).toMatchObject({ stranded: true, dueAt: new Date(receivedAt.getTime() + 60_000) });
    await store.dequeue(doc._id);
    await store.markDone(doc._id, 1, new Date(), false);
  });

  it('the hourly look for stranded events leaves alone what was received in the last minutes', async () => {
    const recent = (await store.accept(envelope(), 'webhook', new Date()))!;
    await store.requeueStranded(new Date(Date.now() - 10 * 60_000));
    expect(await models.inboxQueue.findById(recent._id).lean()).toBeNull();
  });

  it('a duplicate of an event is not stored or queued again', async () => {
    const env = envelope();
    const doc = (await store.accept(env, 'webhook', new Date()))!;
    await store.markDone(doc._id, 1, new Date(), false);
    expect(await store.accept(env, 'webhook', new Date())).toBeNull();
    expect(await models.inboxQueue.findById(doc._id).lean()).toBeNull();
    expect(await models.inboxEvents.countDocuments({ _id: doc._id })).toBe(1);
  });

  it('a queue row left behind by a process that died after marking its event done is removed, not handled again', async () => {
    const doc = (await store.accept(envelope(), 'webhook', new Date()))!;
    await store.enqueue(doc);
    // The dead process claimed attempt 1, handled it and recorded done, then died before dequeueing.
    await models.claims.create({ _id: `inbox:${doc._id}:1`, owner: 'dead', at: new Date(Date.now() - 60_000) });
    await models.inboxEvents.updateOne({ _id: doc._id }, { $set: { status: 'done', attempts: 1, doneAt: new Date() } });
    const { runs, route } = counting();
    const w = worker(route, 'q5');
    w.start();
    await eventually(async () => (await models.inboxQueue.findById(doc._id).lean()) === null);
    await w.stop();
    expect(runs.get(doc._id)).toBeUndefined();
  });

  it('on shutdown, events taken in memory but not started are queued for the next process', async () => {
    const docs = await Promise.all([1, 2, 3].map(() => store.accept(envelope(), 'webhook', new Date())));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = new InboxWorker(
      { store, claims: models.claims, route: async () => gate.then(() => undefined), clock: systemClock, log: createLogger('silent'), metrics: createMetrics(), owner: 'q6' },
      { pollMs: 20, concurrency: 1 },
    );
    w.start();
    for (const d of docs) w.dispatch(d!);
    const stopping = w.stop(200);
    release();
    await stopping;
    const queued = (await Promise.all(docs.map((d) => models.inboxQueue.findById(d!._id).lean()))).filter((r) => r !== null);
    const done = (await Promise.all(docs.map((d) => models.inboxEvents.findById(d!._id).lean()))).filter((r) => r?.status === 'done');
    expect(queued.length + done.length).toBe(3);
    expect(queued.length).toBeGreaterThanOrEqual(1);
  });
});
