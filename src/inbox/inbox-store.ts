import { isDuplicateKeyError } from '../db/is-duplicate-key-error.js';
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

/** The inbox repository: plain objects in, plain objects out. */
export class InboxStore {
  constructor(private readonly model: InboxEventModel) {}

  /**
   * Stores the event once and returns the stored row; null when its event_id is already there.
   * A plain driver insert: this is the acknowledgement path, and the row is fully formed here.
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
    try {
      await this.model.collection.insertOne({ ...doc } as never);
      return doc;
    } catch (err) {
      if (isDuplicateKeyError(err)) return null;
      throw err;
    }
  }

  get(id: string): Promise<InboxEventDoc | null> {
    return this.model.findById(id).lean();
  }

  due(now: Date, limit: number): Promise<InboxEventDoc[]> {
    return this.model
      .find({ status: { $in: ['pending', 'retry', 'processing'] }, dueAt: { $lte: now } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .lean();
  }

  async markProcessing(id: string, attempt: number, leaseUntil: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'processing', attempts: attempt, dueAt: leaseUntil } });
  }

  async markDone(id: string, now: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'done', doneAt: now }, $unset: { lastError: '' } });
  }

  async markRetry(id: string, dueAt: Date, error: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'retry', dueAt, lastError: error } });
  }

  async markFailed(id: string, now: Date, error: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'failed', doneAt: now, lastError: error } });
  }

  /** Lets another worker pick the event up at once (used on shutdown for unfinished work). */
  async release(id: string, now: Date): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'processing' }, { $set: { status: 'retry', dueAt: now } });
  }
}
