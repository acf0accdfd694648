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
 * dedupe key and the log; the queue (inbox_queue) holds what still waits, so the poll reads a
 * small collection however many events were handled. Every write is by `_id` alone, the one
 * lookup FerretDB 1.x hands to SQLite's index.
 */
export class InboxStore {
  /** Writes by `_id`, batched with those made at the same moment (see BatchWriter). */
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
   * The record first (its key is the dedupe), then the queue row. A process that died between
   * the two left a pending record without a queue row: Lark, not answered, delivers again, and
   * that duplicate puts the row back in the queue.
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
    if (!(await this.records.insert({ ...doc }))) {
      const stored = await this.get(doc._id);
      if (stored?.status === 'pending' || stored?.status === 'retry') await this.enqueue(stored);
      return null;
    }
    await this.enqueue(doc);
    return doc;
  }

  private async enqueue(doc: InboxEventDoc): Promise<void> {
    await this.rows.insert({ ...doc });
  }

  /**
   * Puts back in the queue every event whose record still waits but which has no queue row
   * (stored before the queue existed, or by a process that died between the two inserts and
   * was never re-delivered). Reads the whole record: run at start-up.
   */
  async requeueStranded(): Promise<number> {
    let n = 0;
    for (const doc of await this.model.find({ status: { $in: ['pending', 'processing', 'retry'] } }).lean()) {
      if (await this.queue.exists({ _id: doc._id })) continue;
      await this.enqueue({ ...doc, status: doc.status === 'processing' ? 'retry' : doc.status });
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

  /** Handled: the record says so first, then the row leaves the queue (a crash between is found by the lease). */
  async markDone(id: string, attempt: number, now: Date): Promise<void> {
    await this.records.update(id, { $set: { status: 'done', attempts: attempt, doneAt: now }, $unset: { lastError: '' } });
    await this.dequeue(id);
  }

  async markRetry(id: string, attempt: number, dueAt: Date, error: string): Promise<void> {
    await this.queue.updateOne({ _id: id }, { $set: { status: 'retry', attempts: attempt, dueAt, lastError: error } });
    await this.model.updateOne({ _id: id }, { $set: { status: 'retry', attempts: attempt, lastError: error } });
  }

  async markFailed(id: string, attempt: number, now: Date, error: string): Promise<void> {
    await this.records.update(id, { $set: { status: 'failed', attempts: attempt, doneAt: now, lastError: error } });
    await this.dequeue(id);
  }

  /** A queue row whose event was handled already (by a process that died before removing it). */
  async dequeue(id: string): Promise<void> {
    await this.rows.delete(id);
  }
}
