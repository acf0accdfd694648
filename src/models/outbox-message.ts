import { Schema, type Connection, type Model } from 'mongoose';

/**
 * outbox_messages: every message the bot sends, stored before it is sent — the record (its key
 * dedupes, its status says sent or failed, a sent card's row holds the Lark message id).
 * outbox_queue: the same rows while they wait to be sent (pending, sending, retry), deleted once
 * sent or failed, so the sender's poll reads a small collection (FerretDB 1.x reads a whole
 * collection for any query but a lookup by `_id`). `_id` is derived from
 * what caused it (so enqueueing twice is a no-op) and the Lark `uuid` is derived from `_id`
 * (so a resend after a crash cannot duplicate). `dueAt`: next attempt, or end of the send lease.
 */
export type OutboxStatus = 'pending' | 'sending' | 'retry' | 'sent' | 'failed';
export type OutboxOp = 'send' | 'reply' | 'patch' | 'update' | 'urgent' | 'file';

export interface OutboxMessageDoc {
  _id: string;
  op: OutboxOp;
  /** send: whom to; reply/patch: the message id acted on. */
  receiveIdType?: string;
  receiveId?: string;
  messageId?: string;
  /** patch / urgent: the outbox key of the message acted on, when its Lark id was not known yet. */
  targetKey?: string;
  /** urgent: in the app, by SMS or by phone. */
  urgentKind?: 'app' | 'sms' | 'phone';
  /** file: the file's name (the content is the file, base64). */
  fileName?: string;
  /** update: the card callback's token (delayed update). */
  token?: string;
  /** The chat a reply lands in, for the per-chat rate limit. */
  chatId?: string;
  msgType?: 'text' | 'interactive';
  content: string;
  status: OutboxStatus;
  attempts: number;
  /** Failed sends that count towards giving up (rate-limit answers do not). */
  failures: number;
  dueAt: Date;
  createdAt: Date;
  sentAt?: Date;
  larkMessageId?: string;
  lastError?: string;
  /** Queue rows only: queued again by requeueStranded (its writer may still hold it; claimWork). */
  stranded?: boolean;
}

const outboxMessageSchema = new Schema<OutboxMessageDoc>(
  {
    _id: { type: String, required: true },
    op: { type: String, required: true },
    receiveIdType: String,
    receiveId: String,
    messageId: String,
    targetKey: String,
    urgentKind: String,
    fileName: String,
    token: String,
    chatId: String,
    msgType: String,
    content: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    failures: { type: Number, default: 0 },
    dueAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    sentAt: Date,
    larkMessageId: String,
    lastError: String,
    stranded: Boolean,
  },
  { versionKey: false, collection: 'outbox_messages' },
);
const outboxQueueSchema = outboxMessageSchema.clone();
outboxQueueSchema.set('collection', 'outbox_queue');
// Serves the purge of sent messages: deleteMany({status: sent, createdAt: {$lt: cutoff}}).
outboxMessageSchema.index({ createdAt: 1 });
// Serves the sender's poll: find({dueAt: {$lte: now}}).sort({dueAt: 1}) (on MongoDB).
outboxQueueSchema.index({ dueAt: 1 });

export type OutboxMessageModel = Model<OutboxMessageDoc>;
export const outboxMessageModel = (conn: Connection): OutboxMessageModel =>
  conn.model<OutboxMessageDoc>('OutboxMessage', outboxMessageSchema);
export const outboxQueueModel = (conn: Connection): OutboxMessageModel => conn.model<OutboxMessageDoc>('OutboxQueue', outboxQueueSchema);
