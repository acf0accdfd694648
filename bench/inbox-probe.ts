import mongoose, { type Connection } from 'mongoose';

/**
 * Reads the bot's inbox_events collection from outside the bot: which acknowledged events
 * were stored, how many were handled, how many are still waiting. Used after the load stops.
 */
const CHUNK = 1000;

export class InboxProbe {
  private constructor(private readonly conn: Connection) {}

  static async open(uri: string): Promise<InboxProbe> {
    const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, maxPoolSize: 4 });
    await conn.asPromise();
    return new InboxProbe(conn);
  }

  private get collection() {
    return this.conn.collection('inbox_events');
  }

  /** How many of `ids` are in the inbox, and how many of those are handled (status done). */
  async countIds(ids: string[]): Promise<{ stored: number; done: number }> {
    let stored = 0;
    let done = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const docs = await this.collection
        .find({ _id: { $in: ids.slice(i, i + CHUNK) } } as never, { projection: { status: 1 } })
        .toArray();
      stored += docs.length;
      for (const d of docs) if ((d as { status?: unknown }).status === 'done') done++;
    }
    return { stored, done };
  }

  /**
   * Events stored but not yet handled (their records still pending or retry). The records, not
   * the queue: an event handled at once never has a queue row.
   */
  backlog(): Promise<number> {
    return this.collection.countDocuments({ status: { $in: ['pending', 'retry'] } });
  }

  /** Messages stored but not yet sent or given up (their records), whether queued or held in the sender's memory. */
  outboxWaiting(): Promise<number> {
    return this.conn.collection('outbox_messages').countDocuments({ status: { $in: ['pending', 'retry', 'sending'] } });
  }

  /** Waits (bounded) until nothing is waiting in the inbox; returns the backlog left. */
  async drain(maxMs: number, onTick?: (left: number) => void): Promise<number> {
    const until = Date.now() + maxMs;
    let left = await this.backlog();
    for (let i = 0; i < 10_000 && left > 0 && Date.now() < until; i++) {
      await new Promise((r) => setTimeout(r, 500));
      left = await this.backlog();
      onTick?.(left);
    }
    return left;
  }

  /** receivedAt / doneAt of the inbox rows among `ids` (epoch ms). */
  async inboxTimes(ids: string[]): Promise<Map<string, { receivedAt: number; doneAt: number | undefined }>> {
    const out = new Map<string, { receivedAt: number; doneAt: number | undefined }>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const docs = await this.collection.find({ _id: { $in: ids.slice(i, i + CHUNK) } } as never, { projection: { receivedAt: 1, doneAt: 1, status: 1 } }).toArray();
      for (const d of docs as unknown as { _id: string; receivedAt: Date; doneAt?: Date; status: string }[]) {
        out.set(d._id, { receivedAt: d.receivedAt.getTime(), doneAt: d.status === 'done' && d.doneAt ? d.doneAt.getTime() : undefined });
      }
    }
    return out;
  }

  /** When the reply to each of `messageIds` was queued in the outbox (createdAt, epoch ms). */
  async replyQueuedAt(messageIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < messageIds.length; i += CHUNK) {
      const docs = await this.conn
        .collection('outbox_messages')
        .find({ op: 'reply', messageId: { $in: messageIds.slice(i, i + CHUNK) } }, { projection: { messageId: 1, createdAt: 1 } })
        .toArray();
      for (const d of docs as unknown as { messageId: string; createdAt: Date }[]) {
        const at = d.createdAt.getTime();
        if (!out.has(d.messageId) || at < out.get(d.messageId)!) out.set(d.messageId, at);
      }
    }
    return out;
  }

  /** Every ticket in this database: number, status, version. */
  async tickets(): Promise<{ _id: string; status: string; version: number }[]> {
    return (await this.conn.collection('tickets').find({}, { projection: { status: 1, version: 1 } }).toArray()) as unknown as { _id: string; status: string; version: number }[];
  }

  close(): Promise<void> {
    return this.conn.close();
  }
}
