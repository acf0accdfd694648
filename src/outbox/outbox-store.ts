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

/**
 * The outbox repository. Enqueueing the same key twice stores it once. The record
 * (outbox_messages) is the dedupe key and what was sent. The queue (outbox_queue) holds only what
 * the sender did not take at once — rows due later, rows it had no room for, retries, rows found
 * stranded — so a message sent as soon as it is stored writes no queue row, and the sender's poll
 * reads a small collection. Every write is by `_id` alone, batched with those made at the same
 * moment.
 */
export class OutboxStore {
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
   * stored are skipped. Each inserted row is also queued unless `held` says the caller hands it
   * to a running sender (which queues what it cannot take: `queueRows`).
   */
  async enqueue(messages: OutgoingMessage[], now: Date, held: (row: OutboxMessageDoc) => boolean = () => false): Promise<OutboxMessageDoc[]> {
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
    const stored = await Promise.all(docs.map((doc) => this.records.insert(doc)));
    const inserted = docs.filter((_, i) => stored[i]);
    await this.queueRows(inserted.filter((row) => !held(row)));
    return inserted;
  }

  /** Queues stored messages for the sender's poll (this process's or another replica's). */
  async queueRows(rows: OutboxMessageDoc[]): Promise<void> {
    await Promise.all(rows.map((row) => this.rows.insert(row)));
  }

  /**
   * Queues every message whose record still waits but has no queue row and was stored before
   * `before`: held in memory by a process that died, or stored before the queue existed. Reads
   * the whole record: run at start-up and by the hourly purge. The process that stored a message
   * holds its first attempt for `heldMs` (claimWork): its row is due once that hold has run out,
   * and is marked `stranded` so that the sender waits for it. A row queued for a message another
   * process is sending is harmless: its attempt claim stops a second send, and Lark's uuid too.
   */
  async requeueStranded(before: Date, heldMs = 0): Promise<number> {
    let n = 0;
    for (const doc of await this.model.find({ status: { $in: WAITING }, createdAt: { $lt: before } }).lean()) {
      if (await this.queue.exists({ _id: doc._id })) continue;
      const dueAt = new Date(Math.max(doc.dueAt.getTime(), doc.createdAt.getTime() + heldMs));
      await this.rows.insert({ ...doc, status: doc.status === 'sending' ? 'retry' : doc.status, dueAt, stranded: true });
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

  /** Whether a later patch of the same card (same target) is waiting in the queue. */
  async newerPatchExists(doc: OutboxMessageDoc): Promise<boolean> {
    const target = doc.targetKey ? { targetKey: doc.targetKey } : { messageId: doc.messageId };
    return (await this.queue.exists({ op: 'patch', ...target, createdAt: { $gt: doc.createdAt } })) !== null;
  }

  /**
   * A patch was sent: older patches of the same card still waiting in the queue carry an older
   * state, so they are done without being sent (recorded as sent, with no message id of their own).
   */
  async supersedeOlderPatches(doc: OutboxMessageDoc, now: Date): Promise<void> {
    const target = doc.targetKey ? { targetKey: doc.targetKey } : { messageId: doc.messageId };
    const older = await this.queue.find({ op: 'patch', ...target, createdAt: { $lt: doc.createdAt } }, { _id: 1 }).lean();
    for (const o of older) await this.markSent(o._id, now, undefined, undefined, true);
  }

  /** Messages queued in the database (the sender's memory holds more). */
  depth(): Promise<number> {
    return this.queue.countDocuments();
  }

  /** Sent: the record says so first, then its queue row (if it had one) goes. */
  async markSent(id: string, now: Date, larkMessageId: string | undefined, attempt: number | undefined, queued: boolean): Promise<void> {
    await this.records.update(id, {
      $set: { status: 'sent', sentAt: now, ...(larkMessageId ? { larkMessageId } : {}), ...(attempt ? { attempts: attempt } : {}) },
      $unset: { lastError: '' },
    });
    if (queued) await this.dequeue(id);
  }

  /** To be tried again at `dueAt`: by the poll, so the message gets (or keeps) its queue row. */
  async markRetry(doc: OutboxMessageDoc, dueAt: Date, error: string, failures: number, attempt: number): Promise<void> {
    const retry = { status: 'retry' as const, dueAt, lastError: error, failures, attempts: attempt };
    if (!(await this.rows.insert({ ...doc, ...retry }))) await this.rows.update(doc._id, { $set: retry });
    await this.records.update(doc._id, { $set: { status: 'retry', lastError: error, failures, attempts: attempt } });
  }

  async markFailed(id: string, now: Date, error: string, attempt: number | undefined, queued: boolean): Promise<void> {
    await this.records.update(id, { $set: { status: 'failed', sentAt: now, lastError: error, ...(attempt ? { attempts: attempt } : {}) } });
    if (queued) await this.dequeue(id);
  }

  /** A queue row whose message was sent or failed already (by a process that died before removing it). */
  async dequeue(id: string): Promise<void> {
    await this.rows.delete(id);
  }
}
