import { batchWriterFor, type BatchWriter } from '../db/batch-writer.js';
import { MESSAGE_RECEIVE_EVENT, type Envelope } from '../lark/envelope.js';
import type { InboxEventDoc, InboxEventModel } from '../models/inbox-event.js';

export type Transport = 'webhook' | 'ws';

/**
 * The key an event is stored, deduplicated and handled under: its event_id, except for a
 * received message, whose key is its message_id — receive.md: "以 message_id 去重…不要依赖
 * event_id" (the same message may come again under another event id).
 */
export function inboxKey(envelope: Envelope): string {
  if (envelope.header.event_type === MESSAGE_RECEIVE_EVENT) {
    const id = (envelope.event.message as { message_id?: unknown } | undefined)?.message_id;
    if (typeof id === 'string' && id.length > 0 && id.length <= 128) return `msg:${id}`;
  }
  return envelope.header.event_id;
}

/**
 * The inbox repository: plain objects in, plain objects out. The record (inbox_events) is the
 * dedupe key and the log. The queue (inbox_queue) holds only work the worker could not take at
 * once — events it had no room for, retries, and work found stranded — so the common path (an
 * event handled as soon as it is acknowledged) writes no queue row at all, and the poll reads a
 * small collection however many events were handled. Every write is by `_id` alone, the one
 * lookup FerretDB 1.x hands to SQLite's index, and batched with those made at the same moment.
 */
export class InboxStore {
  private readonly records: BatchWriter;
  private readonly rows: BatchWriter;

  constructor(
    private readonly model: InboxEventModel,
    private readonly queue: InboxEventModel,
  ) {
    this.records = batchWriterFor(model.collection as never);
    this.rows = batchWriterFor(queue.collection as never);
  }

  /**
   * Stores the event once and returns the stored row; null when its event_id is already there.
   * The caller hands the row to the worker, or queues it (`enqueue`) when the worker has no room.
   */
  async accept(envelope: Envelope, transport: Transport, now: Date, dueAt: Date = now): Promise<InboxEventDoc | null> {
    const doc: InboxEventDoc = {
      _id: inboxKey(envelope),
      eventId: envelope.header.event_id,
      type: envelope.header.event_type,
      transport,
      raw: JSON.stringify(envelope),
      status: 'pending',
      attempts: 0,
      dueAt,
      receivedAt: now,
    };
    return (await this.records.insert({ ...doc })) ? doc : null;
  }

  /** Puts an accepted event in the queue, for the poll (this process's or another replica's). */
  async enqueue(doc: InboxEventDoc): Promise<void> {
    await this.rows.insert({ ...doc });
  }

  /**
   * Queues every event whose record still waits but has no queue row and was received before
   * `before`: work held in memory by a process that died (kill -9, power cut), or stored before the
   * queue existed. Reads the whole record: run at start-up and by the hourly purge. The process
   * that stored an event holds its first attempt for `heldMs` (claimWork): its row is due once
   * that hold has run out, and is marked `stranded` so that the worker waits for it. A row queued
   * for an event another process is still handling is harmless: its attempt claim stops a second
   * run, and the row goes once the record says done.
   */
  async requeueStranded(before: Date, heldMs = 0): Promise<number> {
    let n = 0;
    const waiting = await this.model.find({ status: { $in: ['pending', 'processing', 'retry'] }, receivedAt: { $lt: before } }).lean();
    for (const doc of waiting) {
      if (await this.queue.exists({ _id: doc._id })) continue;
      const dueAt = new Date(Math.max(before.getTime(), doc.receivedAt.getTime() + heldMs));
      await this.enqueue({ ...doc, status: doc.status === 'processing' ? 'retry' : doc.status, dueAt, stranded: true });
      n++;
    }
    return n;
  }

  /** The record of an event (its status: pending until handled, then done or failed). */
  get(id: string): Promise<InboxEventDoc | null> {
    return this.model.collection.findOne({ _id: id } as never) as Promise<InboxEventDoc | null>;
  }

  due(now: Date, limit: number): Promise<InboxEventDoc[]> {
    return this.queue
      .find({ dueAt: { $lte: now } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .lean();
  }

  /** Handled: the record says so first, then its queue row (if it had one) goes. */
  async markDone(id: string, attempt: number, now: Date, queued: boolean): Promise<void> {
    await this.records.update(id, { $set: { status: 'done', attempts: attempt, doneAt: now }, $unset: { lastError: '' } });
    if (queued) await this.dequeue(id);
  }

  /** To be tried again at `dueAt`: by the poll, so the event gets (or keeps) its queue row. */
  async markRetry(doc: InboxEventDoc, attempt: number, dueAt: Date, error: string): Promise<void> {
    const retry = { status: 'retry' as const, attempts: attempt, dueAt, lastError: error };
    if (!(await this.rows.insert({ ...doc, ...retry }))) await this.rows.update(doc._id, { $set: retry });
    await this.records.update(doc._id, { $set: { status: 'retry', attempts: attempt, lastError: error } });
  }

  async markFailed(id: string, attempt: number, now: Date, error: string, queued: boolean): Promise<void> {
    await this.records.update(id, { $set: { status: 'failed', attempts: attempt, doneAt: now, lastError: error } });
    if (queued) await this.dequeue(id);
  }

  /** A queue row whose event was handled already (by a process that died before removing it). */
  async dequeue(id: string): Promise<void> {
    await this.rows.delete(id);
  }
}
