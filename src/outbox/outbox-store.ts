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

/** The outbox repository. Enqueueing the same key twice stores it once. */
export class OutboxStore {
  constructor(private readonly model: OutboxMessageModel) {}

  /**
   * Stores each message once (by key) and returns the rows this call inserted; keys already
   * stored are skipped. When some keys were duplicates the driver does not say which rows
   * went in, so none are returned: the sender's poll finds them.
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
    try {
      await this.model.collection.insertMany(docs.map(definedOnly) as never[], { ordered: false });
      return docs;
    } catch (err) {
      const e = err as { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] };
      const errors = e.writeErrors ?? [];
      const allDuplicates = e.code === 11000 || (errors.length > 0 && errors.every((w) => (w.code ?? w.err?.code) === 11000));
      if (!allDuplicates) throw err;
      return [];
    }
  }

  get(id: string): Promise<OutboxMessageDoc | null> {
    return this.model.findById(id).lean();
  }

  due(now: Date, limit: number): Promise<OutboxMessageDoc[]> {
    return this.model
      .find({ status: { $in: WAITING }, dueAt: { $lte: now } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .lean();
  }

  /** Whether a later patch of the same card (same target) is stored. */
  async newerPatchExists(doc: OutboxMessageDoc): Promise<boolean> {
    const target = doc.targetKey ? { targetKey: doc.targetKey } : { messageId: doc.messageId };
    return (await this.model.exists({ op: 'patch', ...target, createdAt: { $gt: doc.createdAt } })) !== null;
  }

  depth(): Promise<number> {
    return this.model.countDocuments({ status: { $in: WAITING } });
  }

  async markSending(id: string, attempt: number, leaseUntil: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'sending', attempts: attempt, dueAt: leaseUntil } });
  }

  async markSent(id: string, now: Date, larkMessageId: string | undefined): Promise<void> {
    await this.model.updateOne(
      { _id: id },
      { $set: { status: 'sent', sentAt: now, ...(larkMessageId ? { larkMessageId } : {}) }, $unset: { lastError: '' } },
    );
  }

  async markRetry(id: string, dueAt: Date, error: string, failures: number): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'retry', dueAt, lastError: error, failures } });
  }

  async markFailed(id: string, now: Date, error: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'failed', sentAt: now, lastError: error } });
  }

  async release(id: string, now: Date): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'sending' }, { $set: { status: 'retry', dueAt: now } });
  }
}
