import { Schema, type Connection, type Model } from 'mongoose';

/**
 * dispatch_examples (智能派单的样本): one document per ticket a unit has accepted, keyed by the
 * ticket number, holding what the suggestion learns from (content, place, category) and the unit
 * that last accepted it. Written by `_id` at each 签收 (a later acceptance by another unit
 * replaces it); read whole once at start-up into the in-memory model (src/tickets/dispatch-model.ts).
 */
export interface DispatchExampleDoc {
  _id: string;
  unit: string;
  content: string;
  place: string;
  category: string;
  at: Date;
}

const dispatchExampleSchema = new Schema<DispatchExampleDoc>(
  {
    _id: { type: String, required: true },
    unit: { type: String, required: true },
    content: { type: String, default: '' },
    place: { type: String, default: '' },
    category: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'dispatch_examples' },
);

export type DispatchExampleModel = Model<DispatchExampleDoc>;
export const dispatchExampleModel = (conn: Connection): DispatchExampleModel => conn.model<DispatchExampleDoc>('DispatchExample', dispatchExampleSchema);

/**
 * dispatch_log: every 签收 learned, numbered 1, 2, 3… (`_id`), naming the ticket. The insert of
 * number n is what takes it (a unique key, whoever writes first), so the numbers have no gaps and
 * another replica catches up by reading n+1, n+2… by `_id` until one is missing, then the
 * tickets' examples by `_id`. `counters` `dispatch-log` holds a recent number to start from.
 */
export interface DispatchLogDoc {
  /** The number, as text ("1", "2"…: text keys, as every collection here). */
  _id: string;
  ticket: string;
}

const dispatchLogSchema = new Schema<DispatchLogDoc>(
  { _id: { type: String, required: true }, ticket: { type: String, required: true } },
  { versionKey: false, collection: 'dispatch_log' },
);

export type DispatchLogModel = Model<DispatchLogDoc>;
export const dispatchLogModel = (conn: Connection): DispatchLogModel => conn.model<DispatchLogDoc>('DispatchLog', dispatchLogSchema);
