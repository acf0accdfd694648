import { Schema, type Connection, type Model } from 'mongoose';

/**
 * counters: one document per running number, read and advanced by `_id` only (the one lookup
 * FerretDB 1.x pushes down to SQLite, so it stays fast however many tickets there are). E.g.
 * `ticket:ZX:20261121` holds the last ticket number given out that day.
 */
export interface CounterDoc {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true, default: 0 } },
  { versionKey: false, collection: 'counters' },
);

export type CounterModel = Model<CounterDoc>;
export const counterModel = (conn: Connection): CounterModel => conn.model<CounterDoc>('Counter', counterSchema);
