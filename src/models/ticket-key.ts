import { Schema, type Connection, type Model } from 'mongoose';

/**
 * ticket_keys: the tickets logged in the last 30 days under one phone number or place
 * (`phone:<number>`, `place:<normalised place>`), added at intake with `$addToSet` by `_id` and
 * trimmed as entries pass 30 days: repeat detection reads one or two of these by `_id` instead of
 * scanning the tickets.
 */
export interface TicketKeyDoc {
  _id: string;
  /** `c`: under a hot-spot content shingle, the ticket’s content (first 100 characters). */
  tickets: { id: string; at: Date; c?: string }[];
}

const ticketKeySchema = new Schema<TicketKeyDoc>(
  {
    _id: { type: String, required: true },
    tickets: { type: [{ _id: false, id: { type: String, required: true }, at: { type: Date, required: true }, c: String }], default: [] },
  },
  { versionKey: false, collection: 'ticket_keys' },
);

export type TicketKeyModel = Model<TicketKeyDoc>;
export const ticketKeyModel = (conn: Connection): TicketKeyModel => conn.model<TicketKeyDoc>('TicketKey', ticketKeySchema);
