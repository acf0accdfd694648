import { inboxKey } from '../../src/inbox/inbox-store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connect-database.js';
import { InboxStore } from '../../src/inbox/inbox-store.js';
import { InboxWorker, type InboxWorkerOptions } from '../../src/inbox/inbox-worker.js';
import type { InboxEventDoc } from '../../src/models/inbox-event.js';
import type { EventRouter } from '../../src/inbox/route-event.js';
import { envelopeSchema } from '../../src/lark/envelope.js';
import { systemClock } from '../../src/lib/clock.js';
import { LoadGauge } from '../../src/lib/load-gauge.js';
import { createLogger } from '../../src/lib/logger.js';
import { createMetrics } from '../../src/lib/metrics.js';
import { createModels, ensureIndexes, type Models } from '../../src/models/create-models.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { testDatabaseUri } from '../helpers/test-database.js';
import { eventually } from '../helpers/test-bot.js';

let conn: Connection;
let models: Models;
beforeAll(async () => {
  conn = await connectDatabase(testDatabaseUri('worker'));
  models = createModels(conn);
  await ensureIndexes(models);
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

const worker = (route: EventRouter, owner: string, metrics = createMetrics(), opts: Partial<InboxWorkerOptions> = {}, load?: LoadGauge) =>
  new InboxWorker(
    { store: new InboxStore(models.inboxEvents, models.inboxQueue), claims: models.claims, route, clock: systemClock, log: createLogger('silent'), metrics, owner, ...(load ? { load } : {}) },
    { pollMs: 20, backoffBaseMs: 20, backoffMaxMs: 40, maxAttempts: 4, ...opts },
  );
/** Accepted events left to the poll (queued), as the receiver leaves those no worker took. */
/** Accepted events; queued for the poll unless `queue` is false (the caller dispatches them, as the receiver does). */
const acceptDocs = async (n: number, queue = true) => {
  const docs: InboxEventDoc[] = [];
  const store = new InboxStore(models.inboxEvents, models.inboxQueue);
  for (let i = 0; i < n; i++) {
    const doc = (await store.accept(envelopeSchema.parse(messageEvent()), 'webhook', new Date()))!;
    if (queue) await store.enqueue(doc);
    docs.push(doc);
  }
  return docs;
};
const accept = async (n = 1) => (await acceptDocs(n)).map((d) => d._id);

describe('InboxWorker', () => {
  it('retries a failing handler with backoff until it succeeds', async () => {
    const [id] = await accept();
    let calls = 0;
    const w = worker(async (env) => {
      if (inboxKey(env) !== id) return undefined;
      calls++;
      if (calls < 3) throw new Error(`transient ${calls}`);
      return undefined;
    }, 'w1');
    w.start();
    const doc = await eventually(async () => {
      const d = await models.inboxEvents.findById(id).lean();
      return d?.status === 'done' ? d : null;
    });
    await w.stop();
    expect(calls).toBe(3);
    expect(doc.attempts).toBe(3);
    expect(doc.lastError).toBeUndefined();
  });

  it('marks an event failed, with its error, when the handler keeps failing', async () => {
    const [id] = await accept();
    const metrics = createMetrics();
    const w = worker(async (env) => {
      if (inboxKey(env) === id) throw new Error('database of units unreachable');
      return undefined;
    }, 'w2', metrics);
    w.start();
    const doc = await eventually(async () => {
      const d = await models.inboxEvents.findById(id).lean();
      return d?.status === 'failed' ? d : null;
    });
    await w.stop();
    expect(doc).toMatchObject({ attempts: 4, lastError: 'database of units unreachable' });
    expect(await metrics.registry.getSingleMetricAsString('govdesk_events_failed_total')).toMatch(/ 1$/m);
  });

  it('two replicas polling one inbox handle each event exactly once', async () => {
    const ids = await accept(30);
    const seen = new Map<string, number>();
    const route: EventRouter = async (env) => {
      seen.set(inboxKey(env), (seen.get(inboxKey(env)) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
      return undefined;
    };
    const a = worker(route, 'replica-a');
    const b = worker(route, 'replica-b');
    a.start();
    b.start();
    await eventually(async () => (await models.inboxEvents.countDocuments({ _id: { $in: ids }, status: 'done' })) === ids.length, 20_000);
    await Promise.all([a.stop(), b.stop()]);
    for (const id of ids) expect(seen.get(id), id).toBe(1);
  });

  it('runs at most `concurrency` handlers at once; what overflows the memory queue is left to the poll', async () => {
    const docs = await acceptDocs(12, false);
    const ids = new Set(docs.map((d) => d._id));
    let running = 0;
    let most = 0;
    const handled: string[] = [];
    const route: EventRouter = async (env) => {
      if (!ids.has(inboxKey(env))) return undefined;
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 15));
      running--;
      handled.push(inboxKey(env));
      return undefined;
    };
    const w = worker(route, 'bounded', createMetrics(), { concurrency: 2, queueMax: 4, pollMs: 50 });
    w.start();
    // As the receiver does: what the worker has no room for is queued for the poll.
    for (const doc of docs) if (!w.dispatch(doc)) await new InboxStore(models.inboxEvents, models.inboxQueue).enqueue(doc);
    await eventually(async () => (await models.inboxEvents.countDocuments({ _id: { $in: [...ids] }, status: 'done' })) === ids.size, 20_000);
    await w.stop();
    expect(most).toBe(2);
    expect(handled.sort()).toEqual([...ids].sort());
  });

  it('starts no handler while acknowledgements pour in, and handles everything once they calm down', async () => {
    const docs = await acceptDocs(3, false);
    const ids = new Set(docs.map((d) => d._id));
    let now = Date.now();
    const load = new LoadGauge(0, () => now);
    load.note();
    const handled: string[] = [];
    const w = worker(async (env) => {
      if (ids.has(inboxKey(env))) handled.push(inboxKey(env));
      return undefined;
    }, 'gauged', createMetrics(), { pollMs: 50 }, load);
    w.start();
    for (const doc of docs) w.dispatch(doc);
    await new Promise((r) => setTimeout(r, 400));
    expect(handled).toEqual([]);
    now += 2000;
    await eventually(() => handled.length === 3);
    await w.stop();
  });
});
