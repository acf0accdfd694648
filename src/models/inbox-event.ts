import { Schema, type Connection, type Model } from 'mongoose';

/**
 * inbox_events: every event accepted from Lark, keyed by its event_id, stored before the answer
 * — the dedupe record and the log (status pending until handled, then done or failed).
 * inbox_queue: the same rows while they wait to be handled (pending, processing, retry), deleted
 * when handled. The worker's poll reads only the queue: on FerretDB 1.x every query but a lookup
 * by `_id` reads its whole collection, and the record grows with every event (kept 2 days) while
 * the queue holds only what is waiting.
 * `raw` is the decrypted envelope as JSON text (Lark payload keys are not ours to vet for
 * `.`/`$`). `dueAt` (in the queue) is when it should next be looked at: for pending/retry the
 * next attempt, for processing the end of the lease.
 */
export type InboxStatus = 'pending' | 'processing' | 'retry' | 'done' | 'failed';

export interface InboxEventDoc {
  /** The dedupe key (inboxKey): the event_id, or `msg:<message_id>` for a received message. */
  _id: string;
  /** Lark's event_id (for the logs). */
  eventId?: string;
  type: string;
  transport: 'webhook' | 'ws';
  raw: string;
  status: InboxStatus;
  attempts: number;
  dueAt: Date;
  receivedAt: Date;
  doneAt?: Date;
  lastError?: string;
  /** Queue rows only: queued again by requeueStranded (its writer may still hold it; claimWork). */
  stranded?: boolean;
}

const inboxEventSchema = new Schema<InboxEventDoc>(
  {
    _id: { type: String, required: true },
    eventId: String,
    type: { type: String, required: true },
    transport: { type: String, required: true },
    raw: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    dueAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    doneAt: Date,
    lastError: String,
    stranded: Boolean,
  },
  { versionKey: false, collection: 'inbox_events' },
);
const inboxQueueSchema = inboxEventSchema.clone();
inboxQueueSchema.set('collection', 'inbox_queue');
// Serves the purge of handled events: deleteMany({status: done, receivedAt: {$lt: cutoff}}).
inboxEventSchema.index({ receivedAt: 1 });
// Serves the worker's poll: find({dueAt: {$lte: now}}).sort({dueAt: 1}) (on MongoDB).
inboxQueueSchema.index({ dueAt: 1 });

export type InboxEventModel = Model<InboxEventDoc>;
export const inboxEventModel = (conn: Connection): InboxEventModel => conn.model<InboxEventDoc>('InboxEvent', inboxEventSchema);
export const inboxQueueModel = (conn: Connection): InboxEventModel => conn.model<InboxEventDoc>('InboxQueue', inboxQueueSchema);
