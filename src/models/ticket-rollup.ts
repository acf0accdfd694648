import { Schema, type Connection, type Model } from 'mongoose';

/**
 * ticket_rollups: the figures' facts of the tickets logged on one day (in the office's time
 * zone), split over a few shards by ticket number so that concurrent steps rarely meet on one
 * document: `_id` `<YYYY-MM-DD>:<shard>`. Read by `_id` only. `entries` is the JSON of the
 * cell's RollupEntry list (src/reports/rollup-entry.ts) as of step `seq` of the cell's
 * ticket_rollup_steps — one string rather than nested documents because FerretDB 1.x converts
 * every stored value on each read and write (a cell of 125 tickets read as fields: ~20 ms; as
 * one string: ~1.6 ms). This head is a cache: readers look past `seq` for later steps.
 */
export interface TicketRollupDoc {
  _id: string;
  day: string;
  shard: number;
  seq: number;
  entries: string;
}

/**
 * ticket_rollup_steps: every change of a cell, `<YYYY-MM-DD>:<shard>#<seq>`, inserted once (the
 * unique key is what makes two writers take turns): the entries it sets (JSON), and `force` for
 * a rebuild, which rewrites an entry of the same ticket version if it differs.
 */
export interface TicketRollupStepDoc {
  _id: string;
  entries: string;
  force?: boolean;
}

const rollupSchema = new Schema<TicketRollupDoc>(
  { _id: { type: String, required: true }, day: { type: String, required: true }, shard: { type: Number, required: true }, seq: { type: Number, required: true }, entries: { type: String, default: '[]' } },
  { versionKey: false, collection: 'ticket_rollups' },
);
const stepSchema = new Schema<TicketRollupStepDoc>(
  { _id: { type: String, required: true }, entries: { type: String, required: true }, force: Boolean },
  { versionKey: false, collection: 'ticket_rollup_steps' },
);

export type TicketRollupModel = Model<TicketRollupDoc>;
export type TicketRollupStepModel = Model<TicketRollupStepDoc>;
export const ticketRollupModel = (conn: Connection): TicketRollupModel => conn.model<TicketRollupDoc>('TicketRollup', rollupSchema);
export const ticketRollupStepModel = (conn: Connection): TicketRollupStepModel => conn.model<TicketRollupStepDoc>('TicketRollupStep', stepSchema);
