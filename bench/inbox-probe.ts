import mongoose, { type Connection } from 'mongoose';

/**
 * Reads the bot's inbox_events collection from outside the bot: which acknowledged events
 * were stored, how many were handled, how many are still waiting. Used after the load stops.
 */
const CHUNK = 1000;
const WAITING = ['pending', 'processing', 'retry'];

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

  /** Events stored but not yet handled (pending, processing or retry). */
  backlog(): Promise<number> {
    return this.collection.countDocuments({ status: { $in: WAITING } });
  }

  /** Rows waiting in the outbox (the replies not yet sent). */
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

  close(): Promise<void> {
    return this.conn.close();
  }
}
