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
