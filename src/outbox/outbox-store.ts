import { batchWriterFor, type BatchWriter } from '../db/batch-writer.js';
import type { OutboxMessageDoc, OutboxMessageModel } from '../models/outbox-message.js';
import type { OutgoingMessage } from './outgoing-message.js';

const WAITING = ['pending', 'retry', 'sending'];

/**
 * A delayed card update waits this long after it is stored: it must reach Lark after the answer
 * to the click it follows ("延时更新卡片必须在响应回调之后进行，并行执行或提前执行会出现更新失败
 * 或更新后立即复原", delay-update-message-card).
 */
export const CARD_UPDATE_DELAY_MS = 1000;

/** A copy without undefined fields (the driver would store them as null). */
const definedOnly = (doc: object) => Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));

/**
 * The outbox repository. Enqueueing the same key twice stores it once. The record
 * (outbox_messages) is the dedupe key and what was sent; the queue (outbox_queue) holds what
 * still waits, so the sender's poll reads a small collection. Every write is by `_id` alone.
 */
export class OutboxStore {
  /** Writes by `_id`, batched with those made at the same moment (see BatchWriter). */
  private readonly records: BatchWriter;
  private readonly rows: BatchWriter;

  constructor(
    private readonly model: OutboxMessageModel,
    private readonly queue: OutboxMessageModel,
  ) {
    this.records = batchWriterFor(model.collection as never);
    this.rows = batchWriterFor(queue.collection as never);
  }

  /**
   * Stores each message once (by key) and returns the rows this call inserted; keys already
   * stored are skipped. The records first, then their queue rows: a process that died between
   * the two left records still pending without a queue row, and the handler's retry, enqueueing
   * the same keys again, puts them back in the queue (a second send is stopped by the attempt
   * claims and Lark's uuid).
   */
  async enqueue(messages: OutgoingMessage[], now: Date): Promise<OutboxMessageDoc[]> {
    if (messages.length === 0) return [];
    const docs: OutboxMessageDoc[] = messages.map(({ key, ...m }) => ({
      ...m,
      _id: key,
      status: 'pending',
      attempts: 0,
      failures: 0,
      dueAt: m.op === 'update' ? new Date(now.getTime() + CARD_UPDATE_DELAY_MS) : now,
      createdAt: now,
    }));
    const stored = await Promise.all(docs.map((doc) => this.records.insert(definedOnly(doc) as OutboxMessageDoc)));
    const inserted = docs.filter((_, i) => stored[i]);
    const stranded: OutboxMessageDoc[] = [];
    for (const dup of docs.filter((_, i) => !stored[i])) {
      const record = await this.get(dup._id);
      if (record && WAITING.includes(record.status)) stranded.push(record);
    }
    await Promise.all([...inserted, ...stranded].map((doc) => this.rows.insert(definedOnly(doc) as OutboxMessageDoc)));
    return inserted;
  }

  /**
   * Puts back in the queue every message whose record still waits but which has no queue row
   * (stored before the queue existed). Reads the whole record: run at start-up.
   */
  async requeueStranded(): Promise<number> {
    let n = 0;
    for (const doc of await this.model.find({ status: { $in: WAITING } }).lean()) {
      if (await this.queue.exists({ _id: doc._id })) continue;
      await this.rows.insert({ ...doc, status: doc.status === 'sending' ? 'retry' : doc.status });
      n++;
    }
    return n;
  }

  /** The record of a message (its status, and the Lark message id once sent). */
  get(id: string): Promise<OutboxMessageDoc | null> {
    return this.model.collection.findOne({ _id: id } as never) as Promise<OutboxMessageDoc | null>;
  }

  due(now: Date, limit: number): Promise<OutboxMessageDoc[]> {
    return this.queue
      .find({ dueAt: { $lte: now } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .lean();
  }

  /** Whether a later patch of the same card (same target) is waiting to be sent. */
  async newerPatchExists(doc: OutboxMessageDoc): Promise<boolean> {
    const target = doc.targetKey ? { targetKey: doc.targetKey } : { messageId: doc.messageId };
    return (await this.queue.exists({ op: 'patch', ...target, createdAt: { $gt: doc.createdAt } })) !== null;
  }

  /**
   * A patch was sent: older patches of the same card still waiting carry an older state, so
   * they are done without being sent (recorded as sent, with no message id of their own).
   */
  async supersedeOlderPatches(doc: OutboxMessageDoc, now: Date): Promise<void> {
    const target = doc.targetKey ? { targetKey: doc.targetKey } : { messageId: doc.messageId };
    const older = await this.queue.find({ op: 'patch', ...target, createdAt: { $lt: doc.createdAt } }, { _id: 1, status: 1 }).lean();
    for (const o of older) if (o.status !== 'sending') await this.markSent(o._id, now, undefined);
  }

  depth(): Promise<number> {
    return this.queue.countDocuments();
  }

  /** Sent: the record says so first, then the row leaves the queue (a crash between is found by the lease). */
  async markSent(id: string, now: Date, larkMessageId: string | undefined, attempt?: number): Promise<void> {
    await this.records.update(id, {
      $set: { status: 'sent', sentAt: now, ...(larkMessageId ? { larkMessageId } : {}), ...(attempt ? { attempts: attempt } : {}) },
      $unset: { lastError: '' },
    });
    await this.dequeue(id);
  }

  async markRetry(id: string, dueAt: Date, error: string, failures: number, attempt?: number): Promise<void> {
    await this.queue.updateOne({ _id: id }, { $set: { status: 'retry', dueAt, lastError: error, failures, ...(attempt ? { attempts: attempt } : {}) } });
    await this.model.updateOne({ _id: id }, { $set: { status: 'retry', lastError: error, failures, ...(attempt ? { attempts: attempt } : {}) } });
  }

  async markFailed(id: string, now: Date, error: string, attempt?: number): Promise<void> {
    await this.records.update(id, { $set: { status: 'failed', sentAt: now, lastError: error, ...(attempt ? { attempts: attempt } : {}) } });
    await this.dequeue(id);
  }

  /** A queue row whose message was sent or failed already (by a process that died before removing it). */
  async dequeue(id: string): Promise<void> {
    await this.rows.delete(id);
  }
}
